#!/usr/bin/env bash
# ABI check (ctest abi.diff): compare the built librasgw with the committed
# baseline abi/librasgw.abi using abidiff, restricted to the public headers.
# Passes when the ABI is the same or only grew compatibly (doc/abi.md):
#   - functions or variables added;
#   - members appended to a versioned struct, i.e. one whose first member is
#     `unsigned int version` (options structs, backend ops, the allocator):
#     the library reads the new members only when the caller's version says
#     they are there.
# Anything else fails: a removed symbol, a changed parameter or return type,
# a member inserted, removed, retyped or moved, a renumbered enumerator, a
# member appended to a struct without a version, abidiff's own
# "incompatible" verdict (exit bit 8).
#
# usage: check-abidiff.sh LIBRASGW_SO SOURCE_DIR
# Exit 77 (ctest SKIP) when abidiff is missing or the library has no DWARF.
set -euo pipefail
export LC_ALL=C

so=${1:?path to librasgw.so}
src=${2:?source dir}
baseline=$src/abi/librasgw.abi
inc=$src/include/rasgw

if ! command -v abidiff >/dev/null; then
	echo "abi.diff: SKIPPED, abidiff not found (apt-get install abigail-tools)"
	exit 77
fi
if ! readelf -S "$so" | grep -q '\.debug_info'; then
	echo "abi.diff: SKIPPED, $(basename "$so") has no debug info (build with -g, e.g. RelWithDebInfo)"
	exit 77
fi
if [[ ! -f "$baseline" ]]; then
	echo "FAIL: no baseline $baseline; create it with tools/abi-baseline.sh" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rc=0
abidiff --headers-dir1 "$inc" --headers-dir2 "$inc" "$baseline" "$so" >"$tmp/report" 2>&1 || rc=$?
if ((rc == 0)); then
	echo "abi.diff: $(basename "$so") has the ABI of abi/librasgw.abi"
	exit 0
fi
if ((rc & 3)); then
	echo "FAIL: abidiff could not compare (exit $rc):" >&2
	cat "$tmp/report" >&2
	exit 1
fi

# Structs that may grow at the end: first member `unsigned int version`.
find "$inc" -name '*.h' -print0 | sort -z | xargs -0 perl -0777 -ne '
	s{/\*.*?\*/}{ }gs; s{//[^\n]*}{}g;
	while (/\bstruct\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{\s*unsigned\s+int\s+version\s*;/g) {
		print "$1\n";
	}' | sort -u >"$tmp/versioned"

# Every line of the report must be a summary, context, an addition or an
# append to a versioned struct.
perl -e '
	my %versioned;
	open(my $v, "<", $ARGV[0]) or die;
	while (<$v>) { chomp; $versioned{$_} = 1; }
	open(my $r, "<", $ARGV[1]) or die;
	my ($struct, $bad) = ("", 0);
	my $fail = sub { print STDERR "FAIL: not an allowed ABI change: $_[0]\n"; $bad = 1; };
	while (my $l = <$r>) {
		chomp $l;
		(my $t = $l) =~ s/^\s+//;
		next if $t eq "";
		if ($t =~ /^(Functions|Variables) changes summary: (\d+) Removed/) {
			$fail->($t) if $2 != 0;
			next;
		}
		next if $t =~ /^\d+ (Added|Changed) (functions?|variables?|function symbols?|variable symbols?)/;
		next if $t =~ /^\d+ (functions?|variables?) with some (indirect )?sub-type change/;
		next if $t =~ /^\[A\] /;
		if ($t =~ /^\[C\] .* has some (indirect )?sub-type changes:$/) {
			$struct = "";
			next;
		}
		next if $t =~ /^(parameter \d+ of type .*|return type|type of variable .*) (has sub-type changes|changed):$/;
		next if $t =~ /^in (pointed to|referenced|unqualified underlying|underlying) type .*:$/;
		next if $t =~ /^underlying type .typedef [A-Za-z0-9_]+. .*changed:$/;
		if ($t =~ /^underlying type .struct ([A-Za-z0-9_]+). .*changed:$/) {
			$struct = $1;
			$fail->("struct $struct grew but has no leading `unsigned int version`")
				unless $versioned{$struct};
			next;
		}
		next if $t =~ /^type size (changed from \d+ to \d+ \(in bits\)|hasn.t changed)$/ && $struct;
		next if $t =~ /^\d+ data member insertions?:$/ && $struct;
		next if $t =~ /^.[^\x27]*., at offset \d+ \(in bits\)/ && $struct;
		$fail->($t);
	}
	exit $bad;
' "$tmp/versioned" "$tmp/report" || {
	echo "abi.diff: FAILED: librasgw's ABI changed incompatibly with abi/librasgw.abi" >&2
	echo "--- abidiff report (exit $rc):" >&2
	cat "$tmp/report" >&2
	echo "--- see doc/abi.md; after a deliberate, documented change regenerate the" \
		"baseline with tools/abi-baseline.sh" >&2
	exit 1
}
if ((rc & 8)); then
	echo "FAIL: abidiff says the change is incompatible (exit $rc):" >&2
	cat "$tmp/report" >&2
	exit 1
fi
echo "abi.diff: compatible growth over abi/librasgw.abi (abidiff exit $rc):"
sed 's/^/    /' "$tmp/report"
