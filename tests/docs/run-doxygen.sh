#!/usr/bin/env bash
# ctest docs.doxygen: build the API reference from include/rasgw/ into a
# scratch directory and fail on any doxygen warning (an undocumented public
# symbol, an undocumented parameter of a partly documented function, a bad
# command), and unless every public header got its own page (a header
# without a @file block would document nothing).
#
# usage: run-doxygen.sh DOXYGEN DOXYFILE INCLUDE_DIR SCRATCH_DIR
set -euo pipefail
export LC_ALL=C

doxygen=${1:?doxygen executable}
doxyfile=${2:?configured Doxyfile}
incdir=${3:?include dir}
scratch=${4:?scratch dir}

rm -rf "$scratch"
mkdir -p "$scratch"

# Same configuration as the `doc` target, written elsewhere, so that the
# test never races with a build of the target and never sees stale pages.
{
	cat "$doxyfile"
	echo "OUTPUT_DIRECTORY = $scratch"
	echo "WARN_AS_ERROR = FAIL_ON_WARNINGS"
	echo "QUIET = YES"
	echo "WARN_LOGFILE ="
} >"$scratch/Doxyfile"

rc=0
"$doxygen" "$scratch/Doxyfile" >"$scratch/stdout" 2>"$scratch/stderr" || rc=$?

fail=0
if [[ -s "$scratch/stderr" ]]; then
	echo "FAIL: doxygen reported problems in the public headers:" >&2
	cat "$scratch/stderr" >&2
	echo >&2
	echo "Symbols or parameters without documentation, per header:" >&2
	grep -oE '^[^:]*/include/rasgw/[^:]+' "$scratch/stderr" |
		sed 's#.*/include/##' | sort | uniq -c | sed 's/^/    /' >&2 || true
	fail=1
fi
if ((rc != 0)); then
	echo "FAIL: doxygen exited with status $rc" >&2
	fail=1
fi

# Each header must have a file page: doxygen names it after the path with
# "/" -> "_2", "." -> "_8" (rasgw/sys/backend.h -> rasgw_2sys_2backend_8h.html)
# or, when the name is unique, the base name alone (common_8h.html).
html="$scratch/html"
if [[ ! -f "$html/index.html" ]]; then
	echo "FAIL: no $html/index.html" >&2
	fail=1
fi
checked=0
while IFS= read -r h; do
	base=$(basename "$h" | sed 's/_/__/g; s/\./_8/g')
	long=$(echo "$h" | sed 's/_/__/g; s#/#_2#g; s/\./_8/g')
	if ! compgen -G "$html/${base}.html" >/dev/null && ! compgen -G "$html/${long}.html" >/dev/null \
		&& ! compgen -G "$html/*_2${base}.html" >/dev/null; then
		echo "FAIL: $h has no page in the reference: give it a /** @file $h ... */ block" >&2
		fail=1
	fi
	checked=$((checked + 1))
done < <(cd "$incdir" && find rasgw -name '*.h' | sort)

if ((fail)); then
	echo "docs.doxygen: FAILED" >&2
	exit 1
fi
echo "docs.doxygen: $checked headers documented without a warning ($html/index.html)"
