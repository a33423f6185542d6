#!/usr/bin/env bash
# ctest docs.man: the manual pages format without a single groff or man
# warning, have the sections a reader looks for, and name only functions and
# types that exist in the public headers (outside the example code, which
# docs.example compiles). With --sim BINARY, every long option that
# `BINARY --help` prints must also be documented in rasgw-sim(1) and back,
# and the scenario of rasgw-sim(1) (between the roff comments
# `.\" scenario-example-begin` and `-end`) must replay with --check.
#
# usage: check-man.sh INCLUDE_DIR [--sim BINARY] PAGE...
set -euo pipefail
export LC_ALL=C.UTF-8 MANWIDTH=80

incdir=${1:?include dir}
shift
sim=""
if [[ "${1:-}" == "--sim" ]]; then
	sim=${2:?simulator binary}
	shift 2
fi
(($# > 0)) || { echo "usage: check-man.sh INCLUDE_DIR [--sim BINARY] PAGE..." >&2; exit 2; }

for tool in groff man; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool not found (Debian: groff-base, man-db)"
		exit 77
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
err() {
	echo "FAIL: $*" >&2
	fail=1
}

# Every identifier the headers declare, once.
grep -rhoE '\brasgw_[a-z0-9_]+' "$incdir/rasgw" | sort -u >"$tmp/known"

for page in "$@"; do
	name=$(basename "$page")
	title=${name%.*}
	section=${name##*.}

	# 1. groff with every warning category (-ww) and the man macros; -z
	#    formats without output. man(1) the way a reader runs it.
	if ! groff -man -ww -z -K utf8 "$page" 2>"$tmp/groff"; then
		err "$name: groff failed"
	fi
	if [[ -s "$tmp/groff" ]]; then
		err "$name: groff warnings:"
		sed 's/^/    /' "$tmp/groff" >&2
	fi
	if ! man -l --warnings=w -E UTF-8 -Tutf8 "$page" >"$tmp/out" 2>"$tmp/man"; then
		err "$name: man -l failed"
	fi
	if [[ -s "$tmp/man" ]]; then
		err "$name: man warnings:"
		sed 's/^/    /' "$tmp/man" >&2
	fi
	# Plain-text rendering for the content checks (no overstrike).
	man -l -E UTF-8 -Tutf8 -P 'cat' "$page" 2>/dev/null |
		sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g' >"$tmp/text"

	# Nothing wider than the terminal it is read on (nofill blocks are
	# never broken by groff).
	wide=$(awk -v w="$MANWIDTH" 'length > w { printf "    %d: %s\n", length, $0 }' "$tmp/text")
	if [[ -n "$wide" ]]; then
		err "$name: lines wider than $MANWIDTH columns:"
		echo "$wide" >&2
	fi

	# 2. Title line: .TH NAME SECTION, matching the file name.
	th=$(grep -m1 '^\.TH ' "$page" || true)
	read -r _ th_name th_section _ <<<"$th" || true
	th_name=${th_name//\"/}
	th_section=${th_section//\"/}
	if [[ "$th_name" != "$(echo "$title" | tr '[:lower:]' '[:upper:]')" || "$th_section" != "$section" ]]; then
		err "$name: .TH says '$th_name($th_section)', file name says ${title^^}($section)"
	fi

	# 3. Sections.
	required=(NAME DESCRIPTION "SEE ALSO")
	if [[ "$section" == 1 ]]; then required+=(SYNOPSIS OPTIONS "EXIT STATUS"); fi
	for s in "${required[@]}"; do
		if ! grep -qE "^\.SH \"?$s\"?\$" "$page"; then
			err "$name: no $s section"
		fi
	done
	if ! sed -n '/^\.SH NAME/,/^\.SH [^N]/p' "$page" | sed 's/\\-/-/g' | grep -q "^$title - "; then
		err "$name: the NAME section must start with '$title \\- ...' (whatis(1) reads it)"
	fi

	# 4. Identifiers outside example blocks must exist in the headers.
	awk '/^\.EX/ { ex = 1; next } /^\.EE/ { ex = 0; next } !ex' "$page" |
		grep -oE '\brasgw_[a-z0-9_]+' | sort -u >"$tmp/used" || true
	missing=$(comm -23 "$tmp/used" "$tmp/known")
	if [[ -n "$missing" ]]; then
		err "$name: names not declared in include/rasgw:"
		printf '    %s\n' $missing >&2
	fi
done

# 5. Simulator options: --help and the page must list the same long options.
if [[ -n "$sim" ]]; then
	simpage=""
	for page in "$@"; do
		[[ "$(basename "$page")" == rasgw-sim.1 ]] && simpage=$page
	done
	if [[ -z "$simpage" ]]; then
		err "--sim given but no rasgw-sim.1 among the pages"
	else
		"$sim" --help 2>&1 | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u >"$tmp/help" || true
		grep -oE -- '\\-\\-[a-z][a-z0-9\\-]*' "$simpage" | sed 's/\\-/-/g' | sort -u >"$tmp/doc"
		if [[ ! -s "$tmp/help" ]]; then
			err "'$sim --help' lists no long option"
		fi
		# --help itself need not appear in the usage it prints.
		only_help=$(comm -23 "$tmp/help" "$tmp/doc" | grep -vx -- '--help' || true)
		only_doc=$(comm -13 "$tmp/help" "$tmp/doc" | grep -vx -- '--help' || true)
		if [[ -n "$only_help" ]]; then
			err "rasgw-sim --help has options rasgw-sim(1) does not document:"
			printf '    %s\n' $only_help >&2
		fi
		if [[ -n "$only_doc" ]]; then
			err "rasgw-sim(1) documents options rasgw-sim --help does not list:"
			printf '    %s\n' $only_doc >&2
		fi

		# The example scenario, its topology path made absolute (it is
		# written relative to examples/scenarios/).
		examples=$(cd "$incdir/.." && pwd)/examples
		awk '/^\.\\" scenario-example-end/ { on = 0 } on { print } /^\.\\" scenario-example-begin/ { on = 1 }' "$simpage" |
			sed -e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\e/\\/g' \
				-e "s#^topology: \.\./topologies/#topology: $examples/topologies/#" >"$tmp/scenario.yaml"
		if [[ ! -s "$tmp/scenario.yaml" ]]; then
			err "rasgw-sim.1: no scenario between scenario-example-begin/-end"
		elif ! "$sim" --check "$tmp/scenario.yaml" >"$tmp/sim.out" 2>&1; then
			err "the scenario of rasgw-sim(1) does not replay with --check:"
			cat -n "$tmp/scenario.yaml" >&2
			sed 's/^/    /' "$tmp/sim.out" >&2
		fi
	fi
fi

if ((fail)); then
	echo "docs.man: FAILED" >&2
	exit 1
fi
echo "docs.man: $# pages format cleanly${sim:+; rasgw-sim options match its --help and its example scenario replays}"
