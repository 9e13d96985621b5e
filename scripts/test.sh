#!/usr/bin/env bash
# Builds graft and runs every test: unit tests, integration tests against real
# PostgreSQL 15 instances (started by the tests themselves), the conformance
# suites, then a sanitizer (ASan + UBSan) build running the unit tests and the
# project/branch integration tests. Usage: scripts/test.sh [--no-sanitize]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)

scripts/setup.sh

echo "== build (RelWithDebInfo, -Wall -Wextra)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j "$jobs"

echo "== tests"
ctest --test-dir build -j "$jobs" --output-on-failure --timeout 1200

if [ "${1:-}" != "--no-sanitize" ]; then
  echo "== sanitizer build (ASan + UBSan)"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGRAFT_SANITIZE=ON >/dev/null
  ninja -C build-asan -j "$jobs" graft graft_unit_tests graft_integration_tests
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --test-dir build-asan -j "$jobs" --output-on-failure --timeout 1200 -L unit
  ctest --test-dir build-asan -j "$jobs" --output-on-failure --timeout 1200 -L integration -R '^(Project|Branch)\.'
fi
echo "== all tests passed"
