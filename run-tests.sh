#!/usr/bin/env bash
# The test suite as CI runs it (README.md, "Tests"). Fresh build trees:
#   build-ci-clang  clang, warnings as errors, build plus the quick lints
#   build-ci        gcc, warnings as errors, every test
# The gcc run comes last so that its ctest summary closes the output.
set -euo pipefail
cd "$(dirname "$0")"

jobs=${RASGW_JOBS:-2}

echo "=== clang build (-Werror)"
rm -rf build-ci-clang
CC=clang cmake -S . -B build-ci-clang -DRASGW_WERROR=ON
cmake --build build-ci-clang -j"$jobs"
ctest --test-dir build-ci-clang --output-on-failure -j"$jobs" -L lint

echo "=== gcc build (-Werror) and all tests"
rm -rf build-ci
CC=gcc cmake -S . -B build-ci -DRASGW_WERROR=ON
cmake --build build-ci -j"$jobs"
ctest --test-dir build-ci --output-on-failure --no-tests=error -j"$jobs"
