#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and
# run each for a bounded time; fail on any crash, leak, sanitizer report or
# broken property (doc/hardening.md).
#
# usage: tests/fuzz/run.sh [SECONDS]     run every target SECONDS (default 60)
#        tests/fuzz/run.sh --seeds       regenerate tests/fuzz/corpus/
#
# Environment: RASGW_JOBS (default 2) targets run at once; RASGW_FUZZ_TARGETS
# (default "yaml snapshot plan_json scenario") to run only some.
#
# Each target starts from its committed seeds plus the test catalogues
# (tests/data/...); new inputs go to build-fuzz/work/<target>/ (fresh each
# run), findings to build-fuzz/artifacts/<target>/. Reproduce one with
#   build-fuzz/fuzz_<target> build-fuzz/artifacts/<target>/crash-...
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=$root/build-fuzz
jobs=${RASGW_JOBS:-2}
targets=${RASGW_FUZZ_TARGETS:-yaml snapshot plan_json scenario}

seeds=0
secs=60
case "${1:-}" in
--seeds) seeds=1 ;;
'') ;;
*[!0-9]*)
	echo "usage: $0 [SECONDS] | --seeds" >&2
	exit 2
	;;
*) secs=$1 ;;
esac

if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)n * 0; }' |
	clang -x c -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null; then
	echo "fuzz: clang cannot link -fsanitize=fuzzer (install libclang-rt-14-dev)" >&2
	exit 1
fi

echo "fuzz: building targets in build-fuzz/ (clang, ASan+UBSan, libFuzzer)"
mkdir -p "$build"
CC=clang cmake -S tests/fuzz -B "$build" -DRASGW_WERROR=ON >"$build/configure.log" 2>&1 ||
	{ cat "$build/configure.log" >&2; exit 1; }
build_targets=(make_seeds)
for t in $targets; do build_targets+=("fuzz_$t"); done
cmake --build "$build" -j"$jobs" --target "${build_targets[@]}" >"$build/build.log" 2>&1 ||
	{ cat "$build/build.log" >&2; exit 1; }

corpus=$root/tests/fuzz/corpus
if ((seeds)); then
	for t in yaml snapshot plan_json scenario; do
		rm -rf "${corpus:?}/$t"
		mkdir -p "$corpus/$t"
	done
	cp examples/topologies/*.yaml tests/data/topologies/good/*.yaml "$corpus/yaml/"
	"$build/make_seeds" "$corpus"
	for t in yaml snapshot plan_json scenario; do
		echo "fuzz: $t: $(ls "$corpus/$t" | wc -l) seeds"
	done
	exit 0
fi

# Seed directories per target: the committed corpus and the catalogues of
# well-formed and malformed inputs the unit tests use.
seed_dirs() {
	local t=$1 d
	echo "$corpus/$t"
	case $t in
	yaml) for d in tests/data/topologies/good tests/data/topologies/bad; do echo "$root/$d"; done ;;
	snapshot) echo "$root/tests/data/snapshots" ;;
	plan_json) for d in tests/data/plans/good tests/data/plans/bad; do echo "$root/$d"; done ;;
	esac
}

run_one() {
	local t=$1 work=$build/work/$1 art=$build/artifacts/$1/ log=$build/fuzz-$1.log
	rm -rf "$work" "$art"
	mkdir -p "$work" "$art"
	local dirs=()
	while read -r d; do
		[[ -d "$d" ]] && dirs+=("$d")
	done < <(seed_dirs "$t")
	# -max_len covers the largest seed; -timeout catches hangs (a slow unit is
	# a finding too); leaks are reported by LeakSanitizer at each input.
	"$build/fuzz_$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 \
		-max_len=16384 -print_final_stats=1 -artifact_prefix="$art" \
		"$work" "${dirs[@]}" >"$log" 2>&1
}

report() {
	local t=$1 rc=$2 log=$build/fuzz-$1.log
	local execs secs_done cov
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	secs_done=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -n 's/.*cov: \([0-9]*\).*corp: \([0-9]*\).*/cov \1, corpus \2/p')
	local bad=0
	if ((rc != 0)); then bad=1; fi
	if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|FUZZ PROPERTY BROKEN|SUMMARY: (Address|Undefined|Leak)' "$log"; then
		bad=1
	fi
	if ls "$build/artifacts/$t/" | grep -q .; then bad=1; fi
	if ((bad)); then
		echo "fuzz_$t: FAILED (exit $rc) after ${execs:-?} executions; log $log:" >&2
		grep -E -A40 'ERROR:|runtime error:|FUZZ PROPERTY BROKEN' "$log" | head -n 80 >&2 || tail -n 40 "$log" >&2
		echo "fuzz_$t: reproduce with: build-fuzz/fuzz_$t $(ls -d "$build/artifacts/$t/"* 2>/dev/null | head -n 1)" >&2
		return 1
	fi
	echo "fuzz_$t: ok, ${execs:-?} executions in ${secs_done:-?} s (${cov:-?})"
}

echo "fuzz: running $targets for $secs s each, $jobs at a time"
fail=0
set -- $targets
while (($#)); do
	batch=()
	pids=()
	for ((i = 0; i < jobs && $#; i++)); do
		batch+=("$1")
		run_one "$1" &
		pids+=($!)
		shift
	done
	for i in "${!batch[@]}"; do
		rc=0
		wait "${pids[$i]}" || rc=$?
		report "${batch[$i]}" "$rc" || fail=1
	done
done
if ((fail)); then
	echo "fuzz: FAILED" >&2
	exit 1
fi
echo "fuzz: all targets passed"
