#!/usr/bin/env bash
# Installs every Debian package graft's build, tests and benchmarks need.
# Idempotent: skips apt entirely when everything is already there.
set -euo pipefail
pkgs=(
  build-essential cmake ninja-build pkg-config ccache
  libpq-dev libsqlite3-dev libssl-dev
  nlohmann-json3-dev libcli11-dev libpg-query-dev
  googletest libgtest-dev libbenchmark-dev
  postgresql-15 postgresql-client-15 postgresql-contrib postgresql-15-cron
  btrfs-progs xfsprogs util-linux procps
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#pkgs[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian's postgresql package starts a system cluster on 5432; graft does not
# use it. Leave it as the machine had it.
echo "setup: done"
