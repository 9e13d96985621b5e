#!/usr/bin/env bash
# Benchmark of `graft diff` against the npm package @pgkit/migra (issue 3,
# Performance). See bench/README.md. Not part of the test suite.
#
# Starts a throwaway PostgreSQL 15 cluster, builds two databases of about
# 1,000 tables each (bench/gen_schema.js) that differ in about 5% of their
# objects, then times `graft diff A B` (introspection included, best of
# $RUNS runs) and `migra A B` (best of $MIGRA_RUNS runs) and prints both
# times, the ratio and graft's peak RSS. Everything is removed at exit.
#
# Environment:
#   GRAFT         graft binary (default: newest of build*/graft under the repo)
#   PG_BIN        PostgreSQL 15 binaries (default /usr/lib/postgresql/15/bin)
#   RUNS          graft runs (default 5); MIGRA_RUNS (default 3)
#   GRAFT_BASELINE another graft binary timed on the same databases (before/after; outputs compared)
#   BENCH_TABLES  number of tables (default 1000)
#   SKIP_MIGRA=1  time graft only
#   BENCH_KEEP=1  leave the cluster and databases running at the end (for
#                 profiling); prints their URLs and how to stop it
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
RUNS="${RUNS:-5}"
MIGRA_RUNS="${MIGRA_RUNS:-3}"
MIGRA_VERSION="${MIGRA_VERSION:-0.6.1}"
export BENCH_TABLES="${BENCH_TABLES:-1000}"

if [[ -z "${GRAFT:-}" ]]; then
  GRAFT="$(ls -t "$repo"/build*/graft 2>/dev/null | head -n1 || true)"
fi
[[ -x "${GRAFT:-}" ]] || { echo "graft binary not found; build it or set GRAFT=path" >&2; exit 2; }
for tool in initdb pg_ctl psql; do
  [[ -x "$PG_BIN/$tool" ]] || { echo "$PG_BIN/$tool not found; set PG_BIN" >&2; exit 2; }
done
command -v node >/dev/null || { echo "node not found (Node 20 is needed for the generator and migra)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time (GNU time) is needed for peak memory" >&2; exit 2; }

# Postgres refuses to run as root: run the server tools as the postgres user.
as_server=()
if [[ "$(id -u)" == 0 ]]; then
  server_user="${GRAFT_SERVER_USER:-postgres}"
  id "$server_user" >/dev/null 2>&1 || { echo "user $server_user does not exist" >&2; exit 2; }
  as_server=(runuser -u "$server_user" --)
else
  server_user="$(id -un)"
fi

work="$(mktemp -d /tmp/graft-bench-XXXXXX)"
chmod 700 "$work"
[[ "$(id -u)" == 0 ]] && chown "$server_user" "$work"
cleanup() {
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
    echo "== kept: $(url bench_a) $(url bench_b)"
    echo "   stop with: ${as_server[*]} $PG_BIN/pg_ctl stop -D $work/data -m immediate && rm -rf $work"
    return
  fi
  if [[ -f "$work/data/postmaster.pid" ]]; then
    "${as_server[@]}" "$PG_BIN/pg_ctl" stop -D "$work/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

echo "== starting a throwaway cluster in $work"
"${as_server[@]}" "$PG_BIN/initdb" -D "$work/data" -U "$server_user" --auth=trust --no-sync \
  --encoding=UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
cat >>"$work/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
autovacuum = off
max_connections = 50
EOF
port=""
for _ in $(seq 1 20); do
  p=$((20000 + RANDOM % 40000))
  port_free "$p" || continue
  if "${as_server[@]}" "$PG_BIN/pg_ctl" start -D "$work/data" -w -t 60 -l "$work/server.log" -o "-p $p" >/dev/null 2>&1; then
    port="$p"
    break
  fi
done
[[ -n "$port" ]] || { echo "cannot start the cluster:" >&2; cat "$work/server.log" >&2; exit 1; }

url() { echo "postgresql://$server_user@127.0.0.1:$port/$1"; }
psql_run() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$(url "$1")" "${@:2}"; }

echo "== building databases a and b ($BENCH_TABLES tables each)"
psql_run postgres -c "create role bench_reader" -c "create role bench_writer" \
  -c "create database bench_a" -c "create database bench_b" >/dev/null
t0=$(date +%s.%N)
node "$here/gen_schema.js" a >"$work/a.sql"
node "$here/gen_schema.js" b >"$work/b.sql"
psql_run bench_a -f "$work/a.sql" >/dev/null &
pa=$!
psql_run bench_b -f "$work/b.sql" >/dev/null
wait "$pa"
psql_run bench_a -c "vacuum analyze" >/dev/null
psql_run bench_b -c "vacuum analyze" >/dev/null
t1=$(date +%s.%N)
count() {
  psql_run "$1" -At -c "select
    (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname like 's%' and c.relkind = 'r'),
    (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname like 's%' and c.relkind = 'i'),
    (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname like 's%' and c.relkind = 'v'),
    (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname like 's%'),
    (select count(*) from pg_policy),
    (select count(*) from pg_trigger where not tgisinternal),
    (select count(*) from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname like 's%'),
    (select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname like 's%' and t.typtype = 'e')"
}
IFS='|' read -r ta ia va fa pa_ tra ca ea <<<"$(count bench_a)"
IFS='|' read -r tb ib vb fb pb trb cb eb <<<"$(count bench_b)"
printf "   a: %s tables, %s indexes, %s views, %s functions, %s policies, %s triggers, %s constraints, %s enums\n" \
  "$ta" "$ia" "$va" "$fa" "$pa_" "$tra" "$ca" "$ea"
printf "   b: %s tables, %s indexes, %s views, %s functions, %s policies, %s triggers, %s constraints, %s enums\n" \
  "$tb" "$ib" "$vb" "$fb" "$pb" "$trb" "$cb" "$eb"
printf "   built in %.1f s\n" "$(echo "$t1 - $t0" | bc -l)"

A="$(url bench_a)"
B="$(url bench_b)"

# best_of N OUTFILE CMD...: runs CMD N times, stdout to OUTFILE, prints the
# best wall time in seconds; the peak RSS (KiB) of the best run goes to
# $work/rss, the least user CPU time of any run (seconds; the client's own
# work, the figure to compare on a loaded machine) to $work/user.
best_of() {
  local n="$1" outfile="$2"
  shift 2
  local best="" rss="" user=""
  for _ in $(seq 1 "$n"); do
    local s e el u
    s=$(date +%s%N)
    if ! /usr/bin/time -f "%U %M" -o "$work/time.out" "$@" >"$outfile" 2>"$work/stderr.out"; then
      echo "command failed: $*" >&2
      cat "$work/stderr.out" >&2
      return 1
    fi
    e=$(date +%s%N)
    el=$(( (e - s) / 1000 ))  # microseconds
    u="$(tail -n1 "$work/time.out" | cut -d' ' -f1)"
    if [[ -z "$user" ]] || (( $(echo "$u < $user" | bc -l) )); then user="$u"; fi
    if [[ -z "$best" || "$el" -lt "$best" ]]; then
      best="$el"
      rss="$(tail -n1 "$work/time.out" | cut -d' ' -f2)"
    fi
  done
  echo "$rss" >"$work/rss"
  echo "$user" >"$work/user"
  echo "scale=3; $best / 1000000" | bc -l
}

echo "== graft diff ($GRAFT), best of $RUNS"
graft_s="$(best_of "$RUNS" "$work/graft.sql" "$GRAFT" diff "$A" "$B")"
graft_rss="$(cat "$work/rss")"
graft_stmts="$(grep -c '^-- ' "$work/graft.sql" || true)"
graft_user="$(cat "$work/user")"
printf "   %.3f s (user CPU %s s), peak RSS %s MiB, %s statements\n" "$graft_s" "$graft_user" \
  "$(echo "scale=1; $graft_rss / 1024" | bc -l)" "$graft_stmts"

# Another graft build measured on the same databases in the same run (the
# before/after of a change): its times, the ratios, and whether its output is
# byte-identical.
if [[ -n "${GRAFT_BASELINE:-}" ]]; then
  echo "== baseline graft diff ($GRAFT_BASELINE), best of $RUNS"
  base_s="$(best_of "$RUNS" "$work/baseline.sql" "$GRAFT_BASELINE" diff "$A" "$B")"
  base_user="$(cat "$work/user")"
  printf "   %.3f s (user CPU %s s); graft/baseline: wall %s, user CPU %s\n" "$base_s" "$base_user" \
    "$(echo "scale=2; $graft_s / $base_s" | bc -l)" "$(echo "scale=2; $graft_user / $base_user" | bc -l)"
  if cmp -s "$work/graft.sql" "$work/baseline.sql"; then echo "   plans byte-identical"; else echo "   plans DIFFER"; fi
fi

if [[ "${SKIP_MIGRA:-0}" == 1 ]]; then
  echo "== @pgkit/migra skipped (SKIP_MIGRA=1)"
  exit 0
fi

migra_dir="$here/.node"
migra_js="$migra_dir/node_modules/@pgkit/migra/dist/command.js"
if [[ ! -f "$migra_js" ]]; then
  echo "== installing @pgkit/migra@$MIGRA_VERSION into $migra_dir"
  mkdir -p "$migra_dir"
  [[ -f "$migra_dir/package.json" ]] || echo '{"private": true}' >"$migra_dir/package.json"
  (cd "$migra_dir" && npm install --no-audit --no-fund --silent "@pgkit/migra@$MIGRA_VERSION")
fi
echo "== @pgkit/migra $(node -p "require('$migra_dir/node_modules/@pgkit/migra/package.json').version"), best of $MIGRA_RUNS"
migra_s="$(best_of "$MIGRA_RUNS" "$work/migra.sql" node "$migra_js" run "$A" "$B" --unsafe --with-privileges)"
migra_rss="$(cat "$work/rss")"
migra_stmts="$(grep -c ';$' "$work/migra.sql" || true)"
printf "   %.3f s, peak RSS %s MiB, ~%s statements\n" "$migra_s" "$(echo "scale=1; $migra_rss / 1024" | bc -l)" "$migra_stmts"

ratio="$(echo "scale=1; $migra_s / $graft_s" | bc -l)"
echo "== result"
printf "   graft diff:     %6.3f s   peak RSS %s MiB\n" "$graft_s" "$(echo "scale=1; $graft_rss / 1024" | bc -l)"
printf "   @pgkit/migra:   %6.3f s\n" "$migra_s"
printf "   graft is %sx faster (goal: graft < 1 s and >= 5x)\n" "$ratio"
ok=1
(( $(echo "$graft_s < 1" | bc -l) )) || ok=0
(( $(echo "$ratio >= 5" | bc -l) )) || ok=0
[[ "$ok" == 1 ]] && echo "   goal met" || echo "   goal NOT met"
