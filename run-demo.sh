#!/usr/bin/env bash
# The demo (README.md, "Demo"): build librasgw and its examples, summarise
# the Contoso/Woodgrove topology from DOMAIN R7, then replay its L3 failover
# scenario with rasgw-sim: every plan printed by phase and target, the model
# checked after each step, pool pictures written before and after.
set -euo pipefail
cd "$(dirname "$0")"

topology=examples/topologies/contoso-woodgrove.yaml
program=build-demo/examples/rasgw-summary
sim=build-demo/examples/sim/rasgw-sim
scenario=examples/scenarios/r7-l3-vlan-failover-contoso-woodgrove.yaml

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
echo
echo "=== $sim --check $scenario"
"$sim" --check --svg-before build-demo/pools-before.svg --svg-after build-demo/pools-after.svg \
	"$scenario"
echo
echo "Pool pictures: build-demo/pools-before.svg, build-demo/pools-after.svg"
