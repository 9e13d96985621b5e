#!/usr/bin/env bash
# Benchmark of `graft branch create` / `reset` (issue 5, Performance). See
# bench/README.md. Not part of the test suite. Run as root (it loop-mounts
# XFS and btrfs images for the copy-on-write path).
#
# In one run, on throwaway homes under $BENCH_TMP:
#   1. a parent with about 1 GiB of user data (pgbench -i -s $SCALE plus three
#      indexes) under a light write load (pgbench -c 1 -R $LOAD_RATE);
#      `branch create --mode full` against `cp -a` of the parent's data
#      directory and `pg_dump -Fc | pg_restore` into a fresh instance;
#   2. `branch reset` of that branch against the same `cp -a`;
#   3. the copy-on-write path: the same create/reset on loop-mounted XFS
#      (reflink=1) and btrfs images, for $SCALE and $BIG_SCALE parents;
#   4. `branch create --mode schema-only` of a $TABLES-table schema against
#      `pg_dump --schema-only | psql` into a fresh database;
#   5. resident memory of idle branch and project instances (from /proc);
# then a summary table with the ratios and goals. Everything it starts is
# stopped, unmounted and removed at exit, even on Ctrl-C or failure.
#
# Environment:
#   GRAFT       graft binary (default: the newest executable build*/graft under the repo)
#   PG_BIN      PostgreSQL 15 binaries (default /usr/lib/postgresql/15/bin)
#   SCALE       pgbench scale of the main parent (default 70, about 1 GiB with the indexes)
#   BIG_SCALE   pgbench scale of the big copy-on-write parent (default 350, about 5 GiB)
#   TABLES      tables in the schema-only test (default 1000)
#   LOAD_RATE   transactions/s of the background write load (default 50)
#   ROUNDS      rounds of each ext4 measurement and its baseline, interleaved;
#               the best of each is kept (default 3). Interleaving matters on
#               ext4 without a journal: creating files right after many were
#               deleted is slow (the inode allocator skips recently deleted
#               inodes), so whichever runs right after a big rm pays for it.
#   COW_FS      filesystems for the copy-on-write section (default "xfs btrfs"; "" skips it)
#   SKIP_BIG=1  copy-on-write section at $SCALE only
#   SKIP_DUMP=1 no pg_dump | pg_restore baseline (it is the slowest step)
#   BENCH_TMP   where the throwaway homes and images go (default /tmp)
#   GRAFT_CONFIG_EXTRA  JSON members added to each home's config.json, e.g.
#               '"branch_instance_settings": {"max_locks_per_transaction": 512}'
#   BENCH_KEEP=1 keep everything at the end (prints where) instead of removing it
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
SCALE="${SCALE:-70}"
ROUNDS="${ROUNDS:-3}"
BIG_SCALE="${BIG_SCALE:-350}"
TABLES="${TABLES:-1000}"
LOAD_RATE="${LOAD_RATE:-50}"
COW_FS="${COW_FS-xfs btrfs}"
BENCH_TMP="${BENCH_TMP:-/tmp}"

if [[ -z "${GRAFT:-}" ]]; then
  for f in $(ls -t "$repo"/build*/graft 2>/dev/null); do
    [[ -x "$f" ]] && { GRAFT="$f"; break; }
  done
fi
[[ -x "${GRAFT:-}" ]] || { echo "graft binary not found; build it or set GRAFT=path" >&2; exit 2; }
for tool in initdb pg_ctl psql pgbench pg_dump pg_restore createdb; do
  [[ -x "$PG_BIN/$tool" ]] || { echo "$PG_BIN/$tool not found; set PG_BIN" >&2; exit 2; }
done
if command -v jq >/dev/null; then
  jget() { jq -r ".$1"; }
elif command -v python3 >/dev/null; then
  jget() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
else
  echo "jq or python3 is needed to read graft's JSON output" >&2; exit 2
fi
[[ "$(id -u)" == 0 ]] || echo "note: not root: the copy-on-write section (loop mounts) will be skipped" >&2
server_user="$(id -un)"
as_server=()
if [[ "$(id -u)" == 0 ]]; then
  server_user="${GRAFT_SERVER_USER:-postgres}"
  as_server=(runuser -u "$server_user" --)
fi

work="$(mktemp -d "$BENCH_TMP/graft-branch-bench-XXXXXX")"
chmod 755 "$work"
homes=()       # graft homes to stop
mounts=()      # "mountpoint device" pairs to unmount and detach
load_pids=()   # background pgbench loads
cluster=""     # data directory of the throwaway baseline cluster

stop_loads() {
  local p
  for p in "${load_pids[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  load_pids=()
}
unmount_all() {
  local m mp dev i
  for m in "${mounts[@]}"; do
    mp="${m% *}"
    dev="${m#* }"
    if mountpoint -q "$mp"; then
      for i in $(seq 1 50); do
        umount "$mp" 2>/dev/null && break
        sleep 0.2  # a just-stopped server may still hold a file; bounded retry
      done
      mountpoint -q "$mp" && { echo "warning: lazy unmount of $mp" >&2; umount -l "$mp" || true; }
    fi
    losetup -d "$dev" 2>/dev/null || true
  done
  mounts=()
}
stop_home() {
  "$GRAFT" --home "$1" stop >/dev/null 2>&1 || true
  local pidfile pid
  for pidfile in "$1"/instances/*/data/postmaster.pid; do
    [[ -f "$pidfile" ]] || continue
    pid="$(head -n1 "$pidfile")"
    # only a postgres server: a stale pid may belong to another process now
    if [[ -n "$pid" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q postgres; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}
cleanup() {
  local rc=$?
  stop_loads
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
    echo "== kept everything under $work (homes: ${homes[*]}; mounts: ${mounts[*]})"
    return
  fi
  local h
  for h in "${homes[@]}"; do stop_home "$h"; done
  if [[ -n "$cluster" && -f "$cluster/postmaster.pid" ]]; then
    "${as_server[@]}" "$PG_BIN/pg_ctl" stop -D "$cluster" -m immediate -w >/dev/null 2>&1 || true
  fi
  unmount_all
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ helpers --

now() { date +%s.%N; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }  # min; "" = none yet
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.2f", e - s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
goal() { if lt "$1" "$2"; then echo "met"; else echo "MISSED"; fi; }  # $1 < $2
mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
log() { echo "== $*"; }
fstype() { findmnt -n -o FSTYPE -T "$1" 2>/dev/null || stat -f -c %T "$1"; }

port_base=$((41000 + ($$ % 40) * 100))
new_home() {  # new_home DIR -> creates a graft home there
  local dir="$1" first=$port_base
  port_base=$((port_base + 10))
  mkdir -p "$dir"
  chmod 755 "$dir"
  cat >"$dir/config.json" <<EOF
{"ports": {"first": $first, "last": $((first + 9))},
 "quotas": {"branches_per_parent": 10, "parents_with_branches_per_org": 10}${GRAFT_CONFIG_EXTRA:+, $GRAFT_CONFIG_EXTRA}}
EOF
  homes+=("$dir")
}
g() { local home="$1"; shift; "$GRAFT" --home "$home" "$@"; }

# Fills the project with pgbench data at scale $3 plus three indexes.
fill_parent() {
  local home="$1" url="$2" scale="$3" logf
  logf="$work/pgbench-init-$scale-$RANDOM.log"
  "$PG_BIN/pgbench" -i -q -s "$scale" "$url" >"$logf" 2>&1 || { cat "$logf" >&2; return 1; }
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$url" -c "
    CREATE INDEX pgbench_accounts_bid ON pgbench_accounts(bid);
    CREATE INDEX pgbench_accounts_abalance ON pgbench_accounts(abalance);
    CREATE INDEX pgbench_history_aid ON pgbench_history(aid);
    CHECKPOINT;" >/dev/null
}
start_load() {  # background write load, bounded by -T and stopped by stop_loads
  local url="$1"
  "$PG_BIN/pgbench" -n -c 1 -R "$LOAD_RATE" -T 7200 "$url" >>"$work/load.log" 2>&1 &
  load_pids+=($!)
}
db_bytes() { "$PG_BIN/psql" -X -Atq "$1" -c "SELECT pg_database_size(current_database())"; }
data_dir_of() { g "$1" project info "$2" --json | jget data_dir; }
# RSS and PSS (kB) summed over a postmaster and its children.
mem_of_instance() {
  local data_dir="$1" pm pid rss=0 pss=0 v
  pm="$(head -n1 "$data_dir/postmaster.pid")"
  for pid in "$pm" $(ps -o pid= --ppid "$pm"); do
    v="$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)"
    rss=$((rss + ${v:-0}))
    v="$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)"
    pss=$((pss + ${v:-0}))
  done
  echo "$((rss / 1024)) $((pss / 1024))"
}

# The throwaway vanilla cluster for the logical baselines.
start_cluster() {
  cluster="$work/cluster"
  mkdir -p "$cluster"
  chown "$server_user" "$cluster"
  "${as_server[@]}" "$PG_BIN/initdb" -D "$cluster" -U postgres --auth=trust --no-sync --encoding=UTF8 \
    --locale=C.UTF-8 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; return 1; }
  cluster_port=$((port_base + 50))
  while ! port_free "$cluster_port"; do cluster_port=$((cluster_port + 1)); done
  cat >>"$cluster/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $cluster_port
unix_socket_directories = '$cluster'
max_wal_size = '1GB'
EOF
  mkdir -p "$work/cluster-log"
  chown "$server_user" "$work/cluster-log"
  "${as_server[@]}" "$PG_BIN/pg_ctl" start -D "$cluster" -w -l "$work/cluster-log/postgres.log" >/dev/null
}
cluster_url() { echo "postgresql://postgres@127.0.0.1:$cluster_port/$1"; }

declare -A R  # results

# ------------------------------------------------------- 1. full, ext4 copy --

main_home="$work/home"
new_home "$main_home"
log "graft: $GRAFT; home $main_home on $(fstype "$main_home"); scale $SCALE, big scale $BIG_SCALE"
purl="$(g "$main_home" project create parent --json | jget url)"
t=$(now)
fill_parent "$main_home" "$purl" "$SCALE"
pdata="$(data_dir_of "$main_home" parent)"
R[fill]=$(since "$t")
R[db_mib]=$(mib "$(db_bytes "$purl")")
R[dir_mib]=$(du -sm "$pdata" | cut -f1)
R[wal_mib]=$(du -sm "$pdata/pg_wal" | cut -f1)
log "parent filled in ${R[fill]} s: database ${R[db_mib]} MiB, data directory ${R[dir_mib]} MiB"
start_load "$purl"

# Each timing starts from a synced page cache, as graft's does. Baselines and
# graft alternate, ROUNDS times; the best of each is kept.
for round in $(seq 1 "$ROUNDS"); do
  sync
  t=$(now); cp -a "$pdata" "$work/cp-a"; cp_t=$(since "$t")
  t=$(now); sync; cp_sync_t=$(awk -v a="$cp_t" -v b="$(since "$t")" 'BEGIN { printf "%.2f", a + b }')
  rm -rf "$work/cp-a"
  # The same without pg_wal (graft copies only the WAL its clone needs): the
  # bytes graft's clone actually has to copy.
  mkdir "$work/cp-a"
  sync
  t=$(now)
  find "$pdata" -mindepth 1 -maxdepth 1 ! -name pg_wal -exec cp -a -t "$work/cp-a/" {} +
  nowal_t=$(since "$t")
  t=$(now); sync; nowal_sync_t=$(awk -v a="$nowal_t" -v b="$(since "$t")" 'BEGIN { printf "%.2f", a + b }')
  rm -rf "$work/cp-a"
  R[cp]=$(best "${R[cp]:-}" "$cp_t"); R[cp_sync]=$(best "${R[cp_sync]:-}" "$cp_sync_t")
  R[cp_nowal]=$(best "${R[cp_nowal]:-}" "$nowal_t"); R[cp_nowal_sync]=$(best "${R[cp_nowal_sync]:-}" "$nowal_sync_t")
  log "round $round: cp -a of the data directory: $cp_t s ($cp_sync_t s with the following sync); without pg_wal: $nowal_t s ($nowal_sync_t s with sync)"

  sync
  t=$(now)
  out="$(g "$main_home" branch create b1 --project parent --mode full --no-switch --json)"
  create_t=$(since "$t")
  R[create]=$(best "${R[create]:-}" "$create_t")
  R[create_method]="$(jget clone_method <<<"$out")"
  log "round $round: graft branch create --mode full: $create_t s (clone_method ${R[create_method]})"
  if ((round < ROUNDS)); then g "$main_home" branch delete b1 --project parent -y >/dev/null; fi
done
log "best of $ROUNDS: cp -a ${R[cp]} s (${R[cp_sync]} s with sync), without pg_wal ${R[cp_nowal]} s (${R[cp_nowal_sync]} s); graft create ${R[create]} s"

if [[ "${SKIP_DUMP:-0}" != 1 ]]; then
  start_cluster
  "${as_server[@]}" "$PG_BIN/createdb" -h "$cluster" -p "$cluster_port" -U postgres restored
  t=$(now)
  set +o pipefail
  "$PG_BIN/pg_dump" -Fc "$purl" | "$PG_BIN/pg_restore" --no-owner --no-acl -d "$(cluster_url restored)" \
    >"$work/restore.log" 2>&1 || true  # errors counted below
  set -o pipefail
  R[dump]=$(since "$t")
  R[dump_errors]=$(grep -c "^pg_restore: error" "$work/restore.log" || true)
  grep "^pg_restore: error" "$work/restore.log" | head -n 3 | sed 's/^/   /' || true
  R[dump_rows]=$("$PG_BIN/psql" -X -Atq "$(cluster_url restored)" -c "SELECT count(*) FROM pgbench_accounts")
  log "pg_dump -Fc | pg_restore: ${R[dump]} s (${R[dump_rows]} accounts restored; ${R[dump_errors]} errors, on platform objects a vanilla server lacks)"
else
  R[dump]=""
fi

# --------------------------------------------------------- 2. reset, ext4 --

b1url="$(jget url <<<"$out")"
for round in $(seq 1 "$ROUNDS"); do
  "$PG_BIN/psql" -X -q "$b1url" -c "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid <= 100000; CHECKPOINT;" >/dev/null
  sync
  t=$(now)
  g "$main_home" branch reset b1 --project parent -y --json >/dev/null
  reset_t=$(since "$t")
  R[reset]=$(best "${R[reset]:-}" "$reset_t")
  sync
  t=$(now); cp -a "$pdata" "$work/cp-a"; cp_t=$(since "$t")
  rm -rf "$work/cp-a"
  R[cp]=$(best "${R[cp]}" "$cp_t")
  log "round $round: graft branch reset: $reset_t s; cp -a: $cp_t s"
done
log "best of $ROUNDS: graft branch reset ${R[reset]} s; cp -a (best of every round so far) ${R[cp]} s"

stop_loads
# ------------------------------------------------------------------ 5. memory --
# (measured here, while only the parent and b1 exist, both idle now)
R[mem_branch]="$(mem_of_instance "$("$PG_BIN/psql" -X -Atq "$b1url" -c "SHOW data_directory")")"
R[mem_parent]="$(mem_of_instance "$pdata")"
g "$main_home" project create idle --json >/dev/null
R[mem_fresh]="$(mem_of_instance "$(data_dir_of "$main_home" idle)")"
log "idle RSS/PSS MiB: branch ${R[mem_branch]}, parent ${R[mem_parent]}, fresh project ${R[mem_fresh]}"
g "$main_home" project delete idle -y >/dev/null

# ------------------------------------------------------------------ 4. schema --

surl="$(g "$main_home" project create schema --json | jget url)"
{
  echo "BEGIN;"
  for i in $(seq 1 "$TABLES"); do
    prev=$((i - 1))
    echo "CREATE TABLE t$i (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, qty int CHECK (qty >= 0),"
    if ((i > 1)); then echo " prev_id bigint REFERENCES t$prev(id) ON DELETE SET NULL,"; else echo " prev_id bigint,"; fi
    echo " created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (name));"
    echo "CREATE INDEX t${i}_prev ON t$i(prev_id); CREATE INDEX t${i}_created ON t$i(created_at);"
    echo "INSERT INTO t$i(name, qty) SELECT 'n' || g, g FROM generate_series(1, 5) g;"
    ((i % 100 == 0)) && echo "COMMIT; BEGIN;"  # stay within the lock table
  done
  echo "COMMIT; CHECKPOINT;"
} | "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$surl" >/dev/null
[[ -n "$cluster" ]] || start_cluster
for round in $(seq 1 "$ROUNDS"); do
  sync
  t=$(now)
  if out="$(g "$main_home" branch create s1 --project schema --mode schema-only --no-switch --json 2>"$work/schema-err.log")"; then
    schema_t=$(since "$t")
    R[schema]=$(best "${R[schema]:-}" "$schema_t")
    R[schema_rows]=$("$PG_BIN/psql" -X -Atq "$(jget url <<<"$out")" -c "SELECT count(*) FROM t1")
    log "round $round: graft branch create --mode schema-only ($TABLES tables): $schema_t s (t1 has ${R[schema_rows]} rows)"
    g "$main_home" branch delete s1 --project schema -y >/dev/null
  else
    R[schema_fail]="$(tr '\n' ' ' <"$work/schema-err.log")"
    R[schema]="FAILED"
    log "graft branch create --mode schema-only ($TABLES tables) FAILED after $(since "$t") s: ${R[schema_fail]}"
    break
  fi
  "${as_server[@]}" "$PG_BIN/createdb" -h "$cluster" -p "$cluster_port" -U postgres "schemaonly$round"
  sync
  t=$(now)
  set +o pipefail
  "$PG_BIN/pg_dump" --schema-only "$surl" | "$PG_BIN/psql" -X -q "$(cluster_url "schemaonly$round")" >"$work/schema-restore.log" 2>&1 || true
  set -o pipefail
  dump_t=$(since "$t")
  R[schema_dump]=$(best "${R[schema_dump]:-}" "$dump_t")
  R[schema_tables]=$("$PG_BIN/psql" -X -Atq "$(cluster_url "schemaonly$round")" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
  log "round $round: pg_dump --schema-only | psql: $dump_t s (${R[schema_tables]} tables restored)"
  "${as_server[@]}" "$PG_BIN/dropdb" -h "$cluster" -p "$cluster_port" -U postgres "schemaonly$round"
done
log "best of $ROUNDS: schema-only create ${R[schema]} s; pg_dump --schema-only | psql ${R[schema_dump]} s"

stop_home "$main_home"
rm -rf "$main_home"  # frees the disk for the copy-on-write images

# ------------------------------------------------------- 3. copy-on-write --

cow_rows=()
cow_run() {  # cow_run FS SCALE
  local fs="$1" scale="$2" img mp dev home url out t why=""
  img="$work/$fs-$scale.img"
  mp="$work/$fs-$scale"
  mkdir -p "$mp"
  # Room for the parent (about 20 MB per scale unit with the indexes), the
  # WAL of three instances and the branch's changes; the file is sparse.
  truncate -s "$((scale * 24 + 6144))M" "$img"
  if [[ "$(id -u)" != 0 ]]; then
    why="not root"
  elif [[ "$fs" == xfs ]] && ! mkfs.xfs -q -f -m reflink=1 "$img" >"$work/mkfs.log" 2>&1; then
    why="mkfs.xfs failed: $(tail -n1 "$work/mkfs.log")"
  elif [[ "$fs" == btrfs ]] && ! mkfs.btrfs -q -f "$img" >"$work/mkfs.log" 2>&1; then
    why="mkfs.btrfs failed: $(tail -n1 "$work/mkfs.log")"
  elif ! dev="$(losetup --find --show "$img" 2>"$work/losetup.log")"; then
    why="losetup failed: $(tail -n1 "$work/losetup.log")"
  else
    mounts+=("$mp $dev")
    mount -t "$fs" "$dev" "$mp" 2>"$work/mount.log" || why="mount failed: $(tail -n1 "$work/mount.log")"
  fi
  if [[ -n "$why" ]]; then
    log "cannot loop-mount $fs here: $why"
    cow_rows+=("$fs|$scale|-|cannot mount: $why|-|-")
    unmount_all
    rm -f "$img"
    return 0
  fi
  chmod 755 "$mp"
  home="$mp/home"
  new_home "$home"
  url="$(g "$home" project create parent --json | jget url)"
  t=$(now)
  fill_parent "$home" "$url" "$scale"
  log "$fs, scale $scale: parent filled in $(since "$t") s, database $(mib "$(db_bytes "$url")") MiB"
  start_load "$url"
  sync
  t=$(now)
  out="$(g "$home" branch create b1 --project parent --mode full --no-switch --json)"
  local create method reset
  create=$(since "$t")
  method="$(jget clone_method <<<"$out")"
  "$PG_BIN/psql" -X -q "$(jget url <<<"$out")" -c \
    "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid <= 100000; CHECKPOINT;" >/dev/null
  sync
  t=$(now)
  g "$home" branch reset b1 --project parent -y --json >/dev/null
  reset=$(since "$t")
  stop_loads
  log "$fs, scale $scale: branch create ${create} s (clone_method $method), reset ${reset} s"
  cow_rows+=("$fs|$scale|$(mib "$(db_bytes "$url")")|$method|$create|$reset")
  stop_home "$home"
  unmount_all
  rm -rf "$mp" "$img"
}
cow_scales=("$SCALE")
[[ "${SKIP_BIG:-0}" == 1 ]] || cow_scales+=("$BIG_SCALE")
for fs in $COW_FS; do
  for s in "${cow_scales[@]}"; do cow_run "$fs" "$s"; done
done

# ------------------------------------------------------------------ summary --

echo
echo "================================ summary ================================"
printf "parent: pgbench scale %s + 3 indexes, database %s MiB, data directory %s MiB (pg_wal %s MiB), %s tx/s write load\n" \
  "$SCALE" "${R[db_mib]}" "${R[dir_mib]}" "${R[wal_mib]}" "$LOAD_RATE"
printf "home filesystem: %s\n\n" "$(fstype "$work")"
printf "%-44s %10s %20s  %s\n" "measurement" "seconds" "ratio" "goal"
printf "%-44s %10s\n" "cp -a of the parent's data directory" "${R[cp]}"
printf "%-44s %10s\n" "  (cp -a followed by sync)" "${R[cp_sync]}"
printf "%-44s %10s\n" "  (cp -a of everything but pg_wal)" "${R[cp_nowal]}"
printf "%-44s %10s\n" "  (cp -a of everything but pg_wal, then sync)" "${R[cp_nowal_sync]}"
printf "%-44s %10s %20s  %s\n" "branch create --mode full (${R[create_method]})" "${R[create]}" \
  "$(ratio "${R[create]}" "${R[cp]}")x cp" "within 2x of cp -a: $(goal "$(ratio "${R[create]}" "${R[cp]}")" 2.0001)"
printf "%-44s %10s %20s\n" "" "" "$(ratio "${R[create]}" "${R[cp_sync]}")x cp+sync"
printf "%-44s %10s %20s\n" "" "" "$(ratio "${R[create]}" "${R[cp_nowal_sync]}")x no-wal+sync"
if [[ -n "${R[dump]}" ]]; then
  printf "%-44s %10s %20s  %s\n" "pg_dump -Fc | pg_restore" "${R[dump]}" \
    "graft $(ratio "${R[dump]}" "${R[create]}")x faster" \
    "graft >= 5x faster: $(goal 4.9999 "$(ratio "${R[dump]}" "${R[create]}")")"
fi
printf "%-44s %10s %20s  %s\n" "branch reset" "${R[reset]}" "$(ratio "${R[reset]}" "${R[cp]}")x cp" \
  "within 1.5x of cp -a: $(goal "$(ratio "${R[reset]}" "${R[cp]}")" 1.5001)"
printf "%-44s %10s %20s\n" "" "" "$(ratio "${R[reset]}" "${R[cp_sync]}")x cp+sync"
printf "%-44s %10s\n" "branch create --mode schema-only ($TABLES t.)" "${R[schema]}"
if [[ "${R[schema]}" == FAILED ]]; then
  printf "%-44s %10s %20s  %s\n" "pg_dump --schema-only | psql" "${R[schema_dump]}" "-" "graft faster: MISSED (graft failed: ${R[schema_fail]})"
else
  printf "%-44s %10s %20s  %s\n" "pg_dump --schema-only | psql" "${R[schema_dump]}" \
    "graft $(ratio "${R[schema_dump]}" "${R[schema]}")x faster" "graft faster: $(goal "${R[schema]}" "${R[schema_dump]}")"
fi
echo
echo "copy-on-write (loop-mounted images; goal: create and reset < 1 s, flat as the parent grows)"
printf "%-7s %6s %9s %-10s %10s %10s  %s\n" "fs" "scale" "db MiB" "method" "create s" "reset s" "goal"
for row in "${cow_rows[@]}"; do
  IFS='|' read -r fs sc mb method c r <<<"$row"
  if [[ "$c" == "-" ]]; then
    printf "%-7s %6s %9s %s\n" "$fs" "$sc" "-" "$method"
  else
    ok="met"
    lt "$c" 1 && lt "$r" 1 || ok="MISSED"
    printf "%-7s %6s %9s %-10s %10s %10s  %s\n" "$fs" "$sc" "$mb" "$method" "$c" "$r" "$ok"
  fi
done
echo
read -r brss bpss <<<"${R[mem_branch]}"
read -r prss ppss <<<"${R[mem_parent]}"
read -r frss fpss <<<"${R[mem_fresh]}"
echo "idle instance memory, summed over the postmaster and its children (MiB)"
printf "%-44s %8s %8s\n" "" "RSS" "PSS"
printf "%-44s %8s %8s\n" "branch b1 (branch settings)" "$brss" "$bpss"
printf "%-44s %8s %8s\n" "its parent (after the load stopped)" "$prss" "$ppss"
printf "%-44s %8s %8s\n" "a fresh idle project" "$frss" "$fpss"
