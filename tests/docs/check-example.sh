#!/usr/bin/env bash
# ctest docs.example: the C program of rasgw(7)'s EXAMPLE section (between
# the roff comments `.\" example-program-begin` and `-end`) is turned back
# into C, compiled as strict C11 against the public headers, linked with
# librasgw and run on an example topology. It must exit 0 (the program
# checks every call), and print exactly the output the page shows between
# `.\" example-output-begin` and `-end`. The page therefore cannot name a
# function that does not exist, use one the wrong way, or show output the
# library no longer gives (plans are deterministic, R8.1, and fingerprints
# stable across machines, R8.4).
#
# Skipped (77) while the API the example needs is still being written: when
# it uses names the headers do not declare and include/rasgw/failover.h does
# not exist yet. Once failover.h exists, a missing name is a failure.
#
# usage: check-example.sh PAGE INCLUDE_DIR LIBRASGW_SO CC SANITIZE TOPOLOGY SCRATCH
set -euo pipefail
export LC_ALL=C

page=${1:?man page}
incdir=${2:?include dir}
so=${3:?librasgw.so}
cc=${4:?C compiler}
sanitize=${5-}
topology=${6:?topology}
scratch=${7:?scratch dir}

rm -rf "$scratch"
mkdir -p "$scratch"
src="$scratch/example.c"

# roff -> text between two marker comments: drop requests, undo the
# escapes the page uses.
extract() {
	M=$1 awk 'BEGIN { b = ".\\\" " ENVIRON["M"] "-begin"; e = ".\\\" " ENVIRON["M"] "-end" }
		index($0, e) == 1 { on = 0 } on { print } index($0, b) == 1 { on = 1 }' "$page" |
		{ grep -vE '^\.(EX|EE|in|nf|fi|PP|sp)( |$)' || true; } |
		sed -e 's/\\(aq/'"'"'/g' -e 's/\\(dq/"/g' -e 's/\\(ti/~/g' -e 's/\\(ha/^/g' \
			-e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\e/\\/g'
}
extract example-program >"$src"
extract example-output >"$scratch/expected"

if [[ ! -s "$src" ]]; then
	echo "FAIL: no example program between example-program-begin/-end in $page" >&2
	exit 1
fi
if grep -n '\\' "$src" | grep -vE '\\[nt"\\0]' >"$scratch/escapes"; then
	echo "FAIL: roff escapes left in the extracted program:" >&2
	cat "$scratch/escapes" >&2
	exit 1
fi

grep -rhoE '\brasgw_[a-z0-9_]+' "$incdir/rasgw" | sort -u >"$scratch/known"
grep -oE '\brasgw_[a-z0-9_]+' "$src" | sort -u >"$scratch/used"
missing=$(comm -23 "$scratch/used" "$scratch/known")
if [[ -n "$missing" && ! -f "$incdir/rasgw/failover.h" ]]; then
	echo "SKIP: the example uses names not declared yet (include/rasgw/failover.h does not exist yet):"
	printf '    %s\n' $missing
	exit 77
fi

flags=(-std=c11 -pedantic -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L)
if [[ -n "$sanitize" ]]; then
	flags+=("-fsanitize=$sanitize" -fno-omit-frame-pointer)
fi
if ! "$cc" "${flags[@]}" -I"$incdir" "$src" -o "$scratch/example" \
	"$so" "-Wl,-rpath,$(dirname "$so")" 2>"$scratch/cc.err"; then
	echo "FAIL: the example of $(basename "$page") does not compile:" >&2
	cat -n "$src" >&2
	cat "$scratch/cc.err" >&2
	exit 1
fi

rc=0
"$scratch/example" "$topology" >"$scratch/stdout" 2>"$scratch/stderr" || rc=$?
cat "$scratch/stdout"
if ((rc != 0)) || [[ -s "$scratch/stderr" ]]; then
	echo "FAIL: the example exited with $rc on $topology:" >&2
	cat "$scratch/stderr" >&2
	exit 1
fi
if [[ ! -s "$scratch/expected" ]]; then
	echo "FAIL: no output between example-output-begin/-end in $page" >&2
	exit 1
fi
if ! diff -u --label "output shown in $(basename "$page")" --label "actual output" \
	"$scratch/expected" "$scratch/stdout" >"$scratch/diff"; then
	echo "FAIL: the example prints something else than $(basename "$page") shows" >&2
	echo "(if the change is intended, copy the actual output into the page, with - as \\-):" >&2
	cat "$scratch/diff" >&2
	exit 1
fi
echo "docs.example: the example of $(basename "$page") compiles and runs"
