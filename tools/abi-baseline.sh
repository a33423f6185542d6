#!/usr/bin/env bash
# Regenerate the ABI baseline abi/librasgw.abi (doc/abi.md, "Bumping the
# baseline on a release"): build the shared library in a fresh tree with the
# default compiler and RelWithDebInfo (DWARF is what abidw reads), then
# describe it with abidw, keeping only the types of the public headers.
#
# usage: tools/abi-baseline.sh [LIBRASGW_SO]
#   With a path, describe that library instead of building one.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

command -v abidw >/dev/null || { echo "abi-baseline: abidw not found (apt-get install abigail-tools)" >&2; exit 1; }

so=${1:-}
tmp=""
if [[ -z "$so" ]]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cmake -S . -B "$tmp" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
	cmake --build "$tmp" -j"${RASGW_JOBS:-2}" --target rasgw >/dev/null
	so=$(ls "$tmp"/librasgw.so.*.*.* | head -n 1)
fi

mkdir -p abi
# --drop-private-types: internal structs (struct rasgw_model's insides ...)
# are not ABI; paths are dropped so the file does not depend on the checkout.
abidw --headers-dir include/rasgw --drop-private-types --exported-interfaces-only --no-corpus-path \
	--no-comp-dir-path --short-locs --type-id-style hash \
	--out-file abi/librasgw.abi "$so"
echo "abi-baseline: wrote abi/librasgw.abi from $(basename "$so")" \
	"($(grep -c '<elf-symbol name=' abi/librasgw.abi) ELF symbols)"
