#!/usr/bin/env bash
# ctest sim.*: replay scenarios with rasgw-sim --check.
#
#   run.sh SIM --pass SCENARIO...   every scenario must exit 0, with the same
#                                   output twice (R8.1: same inputs, same
#                                   plans), valid JSON lines with --json and
#                                   well-formed SVG pictures;
#   run.sh SIM --fail SCENARIO...   every scenario must exit 1 and print what
#                                   its `# expect-failure: REGEX` comment
#                                   says (proves the checker can fail).
set -euo pipefail
export LC_ALL=C

sim=${1:?usage: run.sh SIM --pass|--fail SCENARIO...}
mode=${2:?usage: run.sh SIM --pass|--fail SCENARIO...}
shift 2
(($# > 0)) || { echo "run.sh: no scenario given" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

check_json() {
	# Every line one JSON object; the last one the result.
	if command -v python3 >/dev/null 2>&1; then
		python3 - "$1" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
objs = [json.loads(l) for l in lines]
assert objs and objs[-1]["type"] == "result", "last line is not the result"
assert objs[-1]["ok"] is True, "result is not ok"
PY
	fi
}

check_svg() {
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$1"
	else
		grep -q '</svg>' "$1"
	fi
}

for f in "$@"; do
	name=$(basename "$f" .yaml)
	case "$mode" in
	--pass)
		if ! "$sim" --check --svg-before "$tmp/$name.before.svg" \
			--svg-after "$tmp/$name.after.svg" "$f" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
			echo "FAIL $f: rasgw-sim --check exited non-zero" >&2
			tail -n 40 "$tmp/$name.out" >&2
			cat "$tmp/$name.err" >&2
			fail=1
			continue
		fi
		"$sim" --check "$f" >"$tmp/$name.again" 2>&1 || true
		if ! cmp -s "$tmp/$name.out" "$tmp/$name.again"; then
			echo "FAIL $f: two runs gave different output" >&2
			diff "$tmp/$name.out" "$tmp/$name.again" | head -n 20 >&2 || true
			fail=1
			continue
		fi
		if ! "$sim" --check --json "$f" >"$tmp/$name.jsonl" 2>"$tmp/$name.jerr" ||
			! check_json "$tmp/$name.jsonl"; then
			echo "FAIL $f: --json run failed or printed invalid JSON lines" >&2
			cat "$tmp/$name.jerr" >&2
			fail=1
			continue
		fi
		if ! check_svg "$tmp/$name.before.svg" || ! check_svg "$tmp/$name.after.svg"; then
			echo "FAIL $f: SVG not well formed" >&2
			fail=1
			continue
		fi
		tail -n 1 "$tmp/$name.out"
		;;
	--fail)
		want=$(sed -n 's/^# expect-failure: //p' "$f" | head -n 1)
		if [[ -z "$want" ]]; then
			echo "FAIL $f: no '# expect-failure: REGEX' line" >&2
			fail=1
			continue
		fi
		rc=0
		"$sim" --check "$f" >"$tmp/$name.out" 2>&1 || rc=$?
		if [[ $rc -ne 1 ]]; then
			echo "FAIL $f: exit status $rc, expected 1" >&2
			cat "$tmp/$name.out" >&2
			fail=1
		elif ! grep -Eq -- "$want" "$tmp/$name.out"; then
			echo "FAIL $f: output does not match /$want/" >&2
			cat "$tmp/$name.out" >&2
			fail=1
		else
			echo "ok $f: fails as it should: $(grep -E -m1 -- "$want" "$tmp/$name.out")"
		fi
		;;
	*)
		echo "run.sh: unknown mode '$mode'" >&2
		exit 2
		;;
	esac
done
exit $fail
