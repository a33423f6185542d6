#!/usr/bin/env bash
# The demo (README.md, "Demo"): build librasgw and its examples, then summarise
# the Contoso/Woodgrove topology from DOMAIN R7.
set -euo pipefail
cd "$(dirname "$0")"

topology=examples/topologies/contoso-woodgrove.yaml
program=build-demo/examples/rasgw-summary

if [[ ! -f examples/CMakeLists.txt ]]; then
	echo "run-demo.sh: examples/CMakeLists.txt is missing: the examples are not written yet" >&2
	exit 1
fi
if [[ ! -f "$topology" ]]; then
	echo "run-demo.sh: $topology is missing" >&2
	exit 1
fi

cmake -S . -B build-demo -DBUILD_TESTING=OFF
cmake --build build-demo -j"${RASGW_JOBS:-2}"

if [[ ! -x "$program" ]]; then
	echo "run-demo.sh: $program was not built (examples/CMakeLists.txt must build rasgw-summary)" >&2
	exit 1
fi
echo "=== $program $topology"
"$program" "$topology"
