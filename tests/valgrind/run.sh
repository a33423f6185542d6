#!/usr/bin/env bash
# Run every unit test binary of a build tree under valgrind memcheck
# (doc/hardening.md). Check runs in one process (CK_FORK=no) so valgrind sees
# every test; any memory error or leak fails.
#
# usage: tests/valgrind/run.sh BUILD_DIR
# Environment: RASGW_JOBS (default 2) binaries at once; RASGW_TEST_SCALE
# (default 0.1 here) shrinks the iteration counts of property tests that read it.
set -euo pipefail
build=${1:?build dir}
jobs=${RASGW_JOBS:-2}
export CK_FORK=no
export CK_DEFAULT_TIMEOUT=0
export RASGW_TEST_SCALE=${RASGW_TEST_SCALE:-0.1}

logs=$build/valgrind
rm -rf "$logs"
mkdir -p "$logs"
mapfile -t tests < <(find "$build/tests" -maxdepth 1 -type f -name 'test_*' -perm -u+x | sort)
if ((${#tests[@]} == 0)); then
	echo "valgrind: no unit test binaries in $build/tests" >&2
	exit 1
fi

one() {
	local bin=$1 name
	name=$(basename "$bin")
	local start=$SECONDS rc=0
	# Tests find their data by absolute paths; run where ctest would.
	(cd "$(dirname "$bin")" && valgrind --tool=memcheck --error-exitcode=1 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible \
		--track-origins=no --quiet "./$name") >"$logs/$name.log" 2>&1 || rc=$?
	if ((rc == 0)); then
		echo "valgrind: $name ok ($((SECONDS - start)) s)"
	else
		echo "valgrind: $name FAILED (exit $rc, $((SECONDS - start)) s):"
		grep -E -A30 '==[0-9]+==|Checks:|Failure|Error' "$logs/$name.log" | head -n 60
		return 1
	fi
}
export -f one
export logs

start=$SECONDS
if printf '%s\n' "${tests[@]}" | xargs -P "$jobs" -I{} bash -c 'one "$@"' _ {}; then
	echo "valgrind: ${#tests[@]} unit test programs clean ($((SECONDS - start)) s)"
else
	echo "valgrind: FAILED" >&2
	exit 1
fi
