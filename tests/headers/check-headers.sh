#!/usr/bin/env bash
# Every public header must compile on its own (and twice, for its include
# guard) as strict C11 and as C++11.
#
# usage: check-headers.sh INCLUDE_DIR C_COMPILER [CXX_COMPILER]
set -euo pipefail

incdir=${1:?include dir}
cc=${2:?C compiler}
cxx=${3:-}

if [[ -z "$cxx" || "$cxx" == *NOTFOUND* ]]; then
	cxx=""
	for c in c++ g++ clang++; do
		if command -v "$c" >/dev/null 2>&1; then
			cxx=$(command -v "$c")
			break
		fi
	done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t headers < <(cd "$incdir" && find rasgw -name '*.h' | LC_ALL=C sort)
if ((${#headers[@]} == 0)); then
	echo "FAIL: no headers under $incdir/rasgw" >&2
	exit 1
fi

fail=0
checked=0
for h in "${headers[@]}"; do
	tu="$tmp/tu.c"
	printf '#include <%s>\n#include <%s>\n' "$h" "$h" >"$tu"
	if ! "$cc" -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$incdir" "$tu" \
		2>"$tmp/err"; then
		echo "FAIL (C11): $h" >&2
		cat "$tmp/err" >&2
		fail=1
	fi
	if [[ -n "$cxx" ]]; then
		if ! "$cxx" -x c++ -std=c++11 -pedantic -Wall -Wextra -Werror -fsyntax-only \
			-I"$incdir" "$tu" 2>"$tmp/err"; then
			echo "FAIL (C++11): $h" >&2
			cat "$tmp/err" >&2
			fail=1
		fi
	fi
	checked=$((checked + 1))
done

# House rules for public headers (STYLE.md): no inline functions, no varargs.
for h in "${headers[@]}"; do
	if ! perl -0777 -ne '
		s{/\*.*?\*/}{ }gs; s{//[^\n]*}{}g;
		my $bad = 0;
		if (/\binline\b/) { print STDERR "FAIL: '"$h"': inline function in a public header\n"; $bad = 1 }
		if (/\.\.\./)    { print STDERR "FAIL: '"$h"': varargs in a public header\n"; $bad = 1 }
		exit $bad;' "$incdir/$h"; then
		fail=1
	fi
done

if [[ -z "$cxx" ]]; then
	echo "NOTE: no C++ compiler found (tried c++, g++, clang++): C++ check skipped"
fi
if ((fail)); then
	echo "headers.selfcontained: FAILED" >&2
	exit 1
fi
echo "headers.selfcontained: $checked headers compile alone with $(basename "$cc")${cxx:+ and $(basename "$cxx")}"
