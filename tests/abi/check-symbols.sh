#!/usr/bin/env bash
# ABI lint: the exported symbols of librasgw, the version script and the
# public headers must agree (doc/abi.md).
#
#  1. the SONAME is the expected one;
#  2. only rasgw_* functions (and the version node names) are exported;
#  3. each exported symbol carries the version node the map gives it;
#  4. exported symbols == map entries == RASGW_EXTERN declarations in
#     include/rasgw/**/*.h;
#  5. each node of the map is sorted.
#
# usage: check-symbols.sh LIBRASGW_SO SOURCE_DIR EXPECTED_SONAME
set -euo pipefail
export LC_ALL=C

so=${1:?path to librasgw.so}
src=${2:?source dir}
want_soname=${3:?expected SONAME}
map="$src/lib/librasgw.map"
incdir="$src/include/rasgw"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
err() {
	echo "FAIL: $*" >&2
	fail=1
}

# --- 1. SONAME
soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [[ "$soname" != "$want_soname" ]]; then
	err "SONAME is '${soname:-<none>}', expected '$want_soname'"
fi

# --- map: "symbol node" pairs, node names, sortedness. Comments are stripped
# first; the map grammar used here is `NODE { global: a; b; local: *; } [PARENT];`.
perl -0777 -ne '
	s{/\*.*?\*/}{ }gs; s{#[^\n]*}{}g;
	while (/([A-Za-z_][A-Za-z0-9_.]*)\s*\{(.*?)\}\s*([A-Za-z_][A-Za-z0-9_.]*)?\s*;/gs) {
		my ($node, $body) = ($1, $2);
		print "NODE $node\n";
		my $scope = "global";
		for my $tok (split /;/, $body) {
			$tok =~ s/^\s+|\s+$//g;
			if ($tok =~ s/^(global|local)\s*:\s*//) { $scope = $1 }
			next if $tok eq "";
			print "SYM $node $scope $tok\n";
		}
	}' "$map" >"$tmp/map.parsed"

grep '^NODE ' "$tmp/map.parsed" | cut -d' ' -f2 >"$tmp/nodes"
if [[ ! -s "$tmp/nodes" ]]; then
	err "no version node found in $map"
fi
awk '$1 == "SYM" && $3 == "global" { print $4, $2 }' "$tmp/map.parsed" >"$tmp/map.sym_node"
cut -d' ' -f1 "$tmp/map.sym_node" >"$tmp/map.list"
awk '$1 == "SYM" && $3 == "local" && $4 != "*" { print $4 }' "$tmp/map.parsed" |
	while read -r s; do echo "FAIL: map lists '$s' as local: only 'local: *;' is allowed" >&2; done
if awk '$1 == "SYM" && $3 == "local" && $4 != "*"' "$tmp/map.parsed" | grep -q .; then fail=1; fi

bad=$(grep -v '^rasgw_[a-z0-9_]*$' "$tmp/map.list" || true)
if [[ -n "$bad" ]]; then
	err "map exports names that are not plain rasgw_* functions (no wildcards):"
	printf '    %s\n' $bad >&2
fi
dups=$(sort "$tmp/map.list" | uniq -d)
if [[ -n "$dups" ]]; then
	err "map lists symbols more than once:"
	printf '    %s\n' $dups >&2
fi
while read -r node; do
	awk -v n="$node" '$2 == n { print $1 }' "$tmp/map.sym_node" >"$tmp/node.list"
	if ! sort -c "$tmp/node.list" 2>/dev/null; then
		err "symbols of node $node in lib/librasgw.map are not sorted; expected order:"
		diff -u --label "lib/librasgw.map ($node)" --label "sorted" \
			"$tmp/node.list" <(sort "$tmp/node.list") >&2 || true
	fi
done <"$tmp/nodes"
sort -u "$tmp/map.list" >"$tmp/map.sorted"

# --- 2. what the library exports
nm -D --defined-only "$so" | awk 'NF >= 3 { print $3 }' | sed 's/@.*//' | sort -u >"$tmp/exported.all"
grep -vxFf "$tmp/nodes" "$tmp/exported.all" >"$tmp/exported" || true
bad=$(grep -v '^rasgw_' "$tmp/exported" || true)
if [[ -n "$bad" ]]; then
	err "librasgw exports symbols outside the rasgw_ namespace:"
	printf '    %s\n' $bad >&2
fi

# --- 3. each exported symbol has its map node as default version
readelf --dyn-syms -W "$so" |
	awk '$7 != "UND" && $8 ~ /^rasgw_/ { print $8 }' | sort -u >"$tmp/versioned"
while read -r entry; do
	sym=${entry%%@*}
	ver=${entry#*@}
	if [[ "$entry" != *@@* ]]; then
		err "$sym is exported without a default version (got '$entry')"
		continue
	fi
	ver=${ver#@}
	want=$(awk -v s="$sym" '$1 == s { print $2 }' "$tmp/map.sym_node")
	if [[ -n "$want" && "$ver" != "$want" ]]; then
		err "$sym has version $ver, map says $want"
	fi
done <"$tmp/versioned"

# --- 4. RASGW_EXTERN declarations in the public headers
find "$incdir" -name '*.h' -print0 | sort -z |
	xargs -0 perl -0777 -ne '
		s{/\*.*?\*/}{ }gs; s{//[^\n]*}{}g;
		s{^[ \t]*#(?:[^\n]*\\\n)*[^\n]*}{}gm;    # preprocessor lines (RASGW_EXTERN definition)
		while (/\bRASGW_EXTERN\s*\(((?:[^()]|\([^()]*\))*)\)\s*\(?\s*\**\s*([A-Za-z_][A-Za-z0-9_]*)/g) {
			print "$2\n";
		}' | sort >"$tmp/headers.all"
dups=$(uniq -d "$tmp/headers.all")
if [[ -n "$dups" ]]; then
	err "functions declared more than once with RASGW_EXTERN:"
	printf '    %s\n' $dups >&2
fi
sort -u "$tmp/headers.all" >"$tmp/headers"

compare() { # name-a file-a name-b file-b
	if ! diff -q "$2" "$4" >/dev/null; then
		err "$1 and $3 differ (- only in $1, + only in $3):"
		diff -U0 --label "$1" --label "$3" "$2" "$4" | grep -E '^[-+][^-+]' | sed 's/^/    /' >&2 || true
	fi
}
compare "exported by $(basename "$so")" "$tmp/exported" "lib/librasgw.map" "$tmp/map.sorted"
compare "lib/librasgw.map" "$tmp/map.sorted" "RASGW_EXTERN in include/rasgw" "$tmp/headers"

if ((fail)); then
	echo "abi.symbols: FAILED (see doc/abi.md, 'Adding a public function')" >&2
	exit 1
fi
echo "abi.symbols: $(wc -l <"$tmp/exported") symbols in $(paste -sd, "$tmp/nodes"), SONAME $soname: exports, map and headers agree"
