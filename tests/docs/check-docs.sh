#!/usr/bin/env bash
# ctest docs.index: the documentation holds together.
#  1. every relative link in README.md and doc/**/*.md points at a file or
#     directory that exists (anchors are not checked);
#  2. doc/README.md, the index, links every document under doc/ (*.md and
#     the manual pages);
#  3. every doc/<file> that a public header, a source file, the README or a
#     manual page names exists;
#  4. the umbrella header rasgw/rasgw.h includes every public header of
#     include/rasgw/ (rasgw/sys/, the backend-author API, excepted);
#  5. the file map of doc/design.md names every file of lib/.
#
# usage: check-docs.sh SOURCE_DIR
set -euo pipefail
export LC_ALL=C

src=${1:?source dir}
cd "$src"
fail=0
err() {
	echo "FAIL: $*" >&2
	fail=1
}

mapfile -t mds < <( { echo README.md; find doc -name '*.md'; } | sort -u)

# 1. Links: [text](target) with a relative target; skip URLs, mailto and
#    pure anchors; strip "#anchor". Fenced code blocks are ignored.
for md in "${mds[@]}"; do
	dir=$(dirname "$md")
	while IFS= read -r target; do
		case "$target" in
		http://* | https://* | mailto:* | '#'*) continue ;;
		esac
		path=${target%%#*}
		[[ -z "$path" ]] && continue
		if [[ ! -e "$dir/$path" ]]; then
			err "$md: link to '$target', which does not exist"
		fi
	done < <(awk '/^```/ { code = !code; next } !code' "$md" |
		grep -oE '\]\([^) ]+\)' | sed -E 's/^\]\((.*)\)$/\1/')
done

# 2. The index links every document.
index=doc/README.md
if [[ ! -f "$index" ]]; then
	err "$index (the index of the documentation) is missing"
else
	linked=$(awk '/^```/ { code = !code; next } !code' "$index" |
		grep -oE '\]\([^) ]+\)' | sed -E 's/^\]\((.*)\)$/\1/; s/#.*//')
	while IFS= read -r f; do
		rel=${f#doc/}
		if ! grep -qxF "$rel" <<<"$linked"; then
			err "$index does not link $f: add it to the index"
		fi
	done < <(find doc -type f \( -name '*.md' -o -path 'doc/man/*' \) ! -path "$index" | sort)
fi

# 3. Documents named in code and in the README exist.
while IFS=: read -r file ref; do
	if [[ ! -e "$ref" ]]; then
		err "$file names $ref, which does not exist"
	fi
done < <( {
	grep -rIoE '\bdoc/[A-Za-z0-9_./-]*[A-Za-z0-9_]' include lib README.md examples 2>/dev/null
	for page in doc/man/*; do
		sed 's/\\-/-/g; s/\\%//g' "$page" | grep -oE '\bdoc/[A-Za-z0-9_./-]*[A-Za-z0-9_]' | sed "s#^#$page:#"
	done
} | grep -vE ':doc/api(/|$)' | sort -u)

# 4. The umbrella header is complete.
umbrella=include/rasgw/rasgw.h
if [[ ! -f "$umbrella" ]]; then
	err "$umbrella is missing"
else
	while IFS= read -r h; do
		name=$(basename "$h")
		[[ "$name" == rasgw.h ]] && continue
		if ! grep -qE "^#include \"$name\"" "$umbrella"; then
			err "$umbrella does not include $name: add #include \"$name\""
		fi
	done < <(find include/rasgw -maxdepth 1 -name '*.h' | sort)
fi

# 5. The file map of the design is complete.
design=doc/design.md
if [[ -f "$design" ]]; then
	while IFS= read -r f; do
		rel=${f#lib/}
		if ! grep -qF "\`$rel\`" "$design"; then
			err "$design: the file map does not name lib/$rel: add a row \"| \`$rel\` | what it does |\""
		fi
	done < <(find lib -type f \( -name '*.[ch]' -o -name '*.map' -o -name CMakeLists.txt \) | sort)
fi

if ((fail)); then
	echo "docs.index: FAILED" >&2
	exit 1
fi
echo "docs.index: ${#mds[@]} documents; links, references, the index, the umbrella header and the file map agree"
