#!/usr/bin/env bash
# Builds graft once and runs every test on that build: unit tests, integration
# tests against real PostgreSQL 15 instances (started by the tests themselves,
# the kill tests included) and the conformance suites (in a few shards sharing
# one cluster each).
#
# The one build is Debug (-Og) with ASan + UBSan (build-asan/): every test runs
# under the sanitizers, and there is no second full build. --no-sanitize
# builds RelWithDebInfo (build/) instead, for a quicker run without them.
# The sanitized build is a unity build (-DGRAFT_UNITY, files compiled 8 at a
# time) linked without PIE: see CMakeLists.txt and the README's test section
# for what each costs and saves.
# Usage: scripts/test.sh [--no-sanitize]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

scripts/setup.sh

# ccache (CMakeLists.txt uses it when present) hashes the paths on the
# compiler's command line: with the checkout as its base directory they are
# relative, so a clone elsewhere (CI's) reuses what another clone compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd)}"

if [ "${1:-}" = "--no-sanitize" ]; then
  dir=build
  echo "== build (RelWithDebInfo, -Wall -Wextra)"
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
else
  dir=build-asan
  echo "== build (Debug -Og, ASan + UBSan, -Wall -Wextra)"
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGRAFT_SANITIZE=ON >/dev/null
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
ninja -C "$dir" -j "$jobs"

# Test homes and clusters go to a tmpfs when there is one with room (their
# servers run without fsync anyway; copying and removing data directories on
# a journaling filesystem was most of the integration tests' time).
# GRAFT_TEST_TMPDIR set by the caller wins; tests/support/tmp_root.h.
if [ -z "${GRAFT_TEST_TMPDIR:-}" ] && [ -d /dev/shm ] &&
   [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -ge $((6 * 1024 * 1024)) ]; then
  export GRAFT_TEST_TMPDIR=/dev/shm/graft-tests
fi
if [ -n "${GRAFT_TEST_TMPDIR:-}" ]; then
  mkdir -p "$GRAFT_TEST_TMPDIR" && chmod 0755 "$GRAFT_TEST_TMPDIR"
  echo "== test homes and clusters under $GRAFT_TEST_TMPDIR"
fi

# One "cpus" slot per core for the tests that keep one busy (all but the
# pg_cron test, which mostly waits for pg_cron's minute: CMakeLists.txt), and
# one ctest job more than there are cores, so that the waiting test never
# takes a busy one's place.
spec="$(pwd)/$dir/ctest-resources.json"  # absolute: ctest reads it from --test-dir
printf '{"version": {"major": 1, "minor": 0}, "local": [{"cpus": [{"id": "0", "slots": %d}]}]}\n' "$jobs" >"$spec"

echo "== tests ($dir)"
ctest --test-dir "$dir" -j "$((jobs + 1))" --resource-spec-file "$spec" --output-on-failure --timeout 1200
echo "== all tests passed"
