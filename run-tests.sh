#!/usr/bin/env bash
# The test suite as CI runs it (README.md, "Tests"). Fresh build trees:
#   build-ci-clang  clang, warnings as errors, build plus the quick lints
#   build-ci        gcc, warnings as errors, every test
# Between the gcc build and its test run come the hardening stages
# (doc/hardening.md), each failing the run on any finding:
#   build-ci-asan   ASan + UBSan build, unit tests
#   (build-ci)      valgrind memcheck over every unit test program
#   build-ci-tsan   ThreadSanitizer build, the unit tests that start threads
#   build-fuzz      libFuzzer targets, RASGW_FUZZ_SECONDS (default 50) each
# RASGW_HARDENING=0 skips them (quick local runs; CI always runs them).
# The gcc run comes last so that its ctest summary closes the output.
set -euo pipefail
cd "$(dirname "$0")"

jobs=${RASGW_JOBS:-2}
export RASGW_JOBS=$jobs
started=$SECONDS
stage() { echo "=== $* [$((SECONDS - started)) s]"; }

stage "clang build (-Werror)"
rm -rf build-ci-clang
CC=clang cmake -S . -B build-ci-clang -DRASGW_WERROR=ON
cmake --build build-ci-clang -j"$jobs"
ctest --test-dir build-ci-clang --output-on-failure -j"$jobs" -L lint

stage "gcc build (-Werror)"
rm -rf build-ci
CC=gcc cmake -S . -B build-ci -DRASGW_WERROR=ON
cmake --build build-ci -j"$jobs"

# Each hardening stage runs to its end even if an earlier one failed, so one
# run shows every finding; a failed stage fails the run after the gcc tests.
failed=()
harden() { # name command...
	local name=$1
	shift
	stage "hardening: $name"
	if ! "$@"; then
		failed+=("$name")
		echo "=== hardening: $name FAILED"
	fi
}

asan() {
	# Only the unit test programs are built in the sanitizer trees.
	local targets
	targets=$(find tests/unit -maxdepth 1 -name 'test_*.c' -printf '%f\n' | sed 's/\.c$//' | sort)
	rm -rf build-ci-asan &&
		CC=gcc cmake -S . -B build-ci-asan -DRASGW_WERROR=ON \
			-DRASGW_SANITIZE=address,undefined >/dev/null &&
		# shellcheck disable=SC2086
		cmake --build build-ci-asan -j"$jobs" --target $targets >/dev/null &&
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
			ctest --test-dir build-ci-asan --output-on-failure --no-tests=error \
			-j"$jobs" -L unit
}

tsan() {
	# The unit test programs that start threads (test_threads and others).
	local targets t
	targets=$(grep -l pthread_create tests/unit/test_*.c | xargs -n1 basename | sed 's/\.c$//' | sort)
	rm -rf build-ci-tsan &&
		CC=gcc cmake -S . -B build-ci-tsan -DRASGW_WERROR=ON -DRASGW_SANITIZE=thread >/dev/null &&
		# shellcheck disable=SC2086
		cmake --build build-ci-tsan -j"$jobs" --target $targets >/dev/null || return 1
	for t in $targets; do
		echo "tsan: $t"
		(cd build-ci-tsan/tests &&
			CK_FORK=no TSAN_OPTIONS=halt_on_error=1:exitcode=66 "./$t") || return 1
	done
}

if [[ "${RASGW_HARDENING:-1}" != 0 ]]; then
	harden "ASan + UBSan build, unit tests" asan
	harden "valgrind memcheck, unit tests of the gcc build" tests/valgrind/run.sh build-ci
	harden "ThreadSanitizer build, threaded unit tests" tsan
	harden "fuzzing, ${RASGW_FUZZ_SECONDS:-50} s per target" \
		tests/fuzz/run.sh "${RASGW_FUZZ_SECONDS:-50}"
	if ((${#failed[@]})); then
		echo "=== hardening: FAILED: $(IFS=';'; echo "${failed[*]}")"
	else
		echo "=== hardening: all stages passed"
	fi
fi

stage "gcc: all tests"
ctest --test-dir build-ci --output-on-failure --no-tests=error -j"$jobs"

# ctest shows a passing test's output only in its log: print the namespace
# test's timings (librasgw against keepalived) so every CI run records them.
log=build-ci/Testing/Temporary/LastTest.log
if grep -q '^== report' "$log" 2>/dev/null; then
	echo "=== netns.e2e timings"
	awk '/^== report/ { on = 1 } /^<end of output>/ { on = 0 } on' "$log"
fi
if ((${#failed[@]})); then
	exit 1
fi
