#!/usr/bin/env bash
# Benchmark of `graft branch merge` (issue 9, Performance). See
# bench/README.md. Not part of the test suite.
#
# In one run, on a throwaway graft home under $BENCH_TMP:
#   1. a project with about $BENCH_TABLES tables (bench/gen_schema.js side a:
#      10 schemas, enums, foreign keys, indexes, checks, grants, views,
#      functions, policies, triggers), a few rows in each table;
#   2. a full branch of it; then disjoint changes on both sides, about 5% of
#      the objects each (columns added, renamed and given defaults, indexes,
#      comments, function bodies, view definitions, policies, new tables):
#      the parent changes the objects numbered 3 mod 20, the branch those
#      numbered 13 mod 20;
#   3. the baseline: `graft diff PARENT_URL BRANCH_URL` (two-way, the same two
#      databases), best of $RUNS;
#   4. `graft branch merge --dry-run --json`, best of $RUNS, with the split of
#      its time from summary.timings_ms (reading the merge base, introspecting
#      both sides, merging and planning, counting rows);
#   5. the apply (`graft branch merge -y --json`): its wall time, its own
#      timings_ms, and the longest lock it holds on the parent measured from
#      outside by two sessions on the parent: one polls pg_locks every
#      $POLL_MS ms for relation locks held by the merge's backend (first and
#      last time each lock was seen), the other runs a SELECT on the table the
#      plan alters first, over and over, and records the longest wait;
#   6. a summary with the ratios against the baseline and the goal (dry run
#      under 2 s). Everything is stopped and removed at exit, even on Ctrl-C.
#
# Environment:
#   GRAFT         graft binary (default: the newest executable build*/graft under the repo)
#   PG_BIN        PostgreSQL 15 binaries (default /usr/lib/postgresql/15/bin)
#   BENCH_TABLES  number of tables (default 1000)
#   RUNS          runs of the dry run and of the diff baseline (default 5)
#   POLL_MS       pg_locks polling interval of the lock watcher (default 2)
#   BENCH_TMP     where the throwaway home goes (default /tmp)
#   BENCH_KEEP=1  keep the home at the end (prints where and how to stop it)
#   SKIP_APPLY=1  stop after the dry run (with BENCH_KEEP=1: a home to profile the dry run on)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
RUNS="${RUNS:-5}"
POLL_MS="${POLL_MS:-2}"
BENCH_TMP="${BENCH_TMP:-/tmp}"
export BENCH_TABLES="${BENCH_TABLES:-1000}"

if [[ -z "${GRAFT:-}" ]]; then
  for f in $(ls -t "$repo"/build*/graft 2>/dev/null); do
    [[ -x "$f" ]] && { GRAFT="$f"; break; }
  done
fi
[[ -x "${GRAFT:-}" ]] || { echo "graft binary not found; build it or set GRAFT=path" >&2; exit 2; }
[[ -x "$PG_BIN/psql" ]] || { echo "$PG_BIN/psql not found; set PG_BIN" >&2; exit 2; }
command -v node >/dev/null || { echo "node not found (the schema generator needs it)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed to read graft's JSON output" >&2; exit 2; }

work="$(mktemp -d "$BENCH_TMP/graft-merge-bench-XXXXXX")"
chmod 755 "$work"
home="$work/home"
bg_pids=()
cleanup() {
  local rc=$? p
  for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
    echo "== kept $work; stop with: $GRAFT --home $home stop && rm -rf $work"
    exit $rc
  fi
  "$GRAFT" --home "$home" stop >/dev/null 2>&1 || true
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "== $*"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
g() { "$GRAFT" --home "$home" "$@"; }
psql_run() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$1" "${@:2}"; }
ms_now() { echo $(( $(date +%s%N) / 1000000 )); }

# best_of N OUTFILE CMD...: runs CMD N times (stdout to OUTFILE, from the
# fastest run), prints the best wall time in ms.
best_of() {
  local n="$1" outfile="$2" best="" s e el
  shift 2
  for _ in $(seq 1 "$n"); do
    s=$(ms_now)
    "$@" >"$work/run.out" 2>"$work/run.err" || { echo "command failed: $*" >&2; cat "$work/run.err" >&2; return 1; }
    e=$(ms_now)
    el=$((e - s))
    if [[ -z "$best" || "$el" -lt "$best" ]]; then
      best="$el"
      cp "$work/run.out" "$outfile"
    fi
  done
  echo "$best"
}

# ------------------------------------------------------------------- setup --

port_base=$((43000 + ($$ % 40) * 50))
mkdir -p "$home"
chmod 755 "$home"
cat >"$home/config.json" <<EOF
{"ports": {"first": $port_base, "last": $((port_base + 9))}}
EOF

log "graft: $GRAFT; $BENCH_TABLES tables; home $home"
t=$(ms_now)
purl="$(g project create bench --json | jq -r .url)"
# Roles through system.create_role: the URL's role has no CREATEROLE.
psql_run "$purl" -c "select system.create_role('bench_reader')" -c "select system.create_role('bench_writer')" >/dev/null
node "$here/gen_schema.js" a >"$work/base.sql"
psql_run "$purl" -f "$work/base.sql" >/dev/null
# A few rows in every table (the parent holds data, as real parents do),
# loaded with the FK triggers off: that takes graft's own superuser, over the
# instance's unix socket in the home (the URL's role cannot disable them).
pport="${purl##*@127.0.0.1:}"; pport="${pport%%/*}"
psql_run "host=$home/run port=$pport user=graft_admin dbname=postgres" >/dev/null <<'SQL'
do $$
declare r record;
begin
  for r in select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where c.relkind = 'r' and n.nspname ~ '^s[0-9]+$' order by n.nspname, c.relname loop
    execute format('alter table %I.%I disable trigger all', r.nspname, r.relname);
    execute format('insert into %I.%I (name, amount) select ''row '' || g, g from generate_series(1, 3) g',
                   r.nspname, r.relname);
    execute format('alter table %I.%I enable trigger all', r.nspname, r.relname);
  end loop;
end $$;
vacuum analyze;
SQL
log "project built in $(( $(ms_now) - t )) ms"

t=$(ms_now)
burl="$(g branch create b1 --project bench --mode full --no-switch --json | jq -r .url)"
log "branch created in $(( $(ms_now) - t )) ms"

# changes SIDE MOD: about 5% of the objects, those numbered MOD mod 20.
# Both sides touch different objects, so the merge has no conflicts.
changes() {
  local side="$1" m="$2" i s t
  echo "set client_min_messages = warning;"
  for ((i = 0; i < BENCH_TABLES; i++)); do
    ((i % 20 == m)) || continue
    s="s$((i % 10))"
    t="$s.t$i"
    echo "alter table $t add column ${side}_note text;"
    echo "create index t${i}_${side}_created on $t (created_at);"
    echo "comment on table $t is '$side changed it';"
    if [[ "$side" == branch ]]; then
      echo "alter table $t rename column updated_at to modified_at;"
      echo "alter table $t alter column data set default '{}';"
    else
      echo "alter table $t alter column flag set default true;"
    fi
  done
  for ((i = 0; i < BENCH_TABLES / 5; i++)); do
    ((i % 20 == m)) || continue
    s="s$((i % 10))"
    if ((i % 2 == 0)); then
      echo "create or replace function $s.f$i(x integer) returns integer language sql immutable as \$\$ select x * 4 + $i \$\$;"
    else
      echo "create or replace function $s.f$i(x integer, y text default 'a') returns text language plpgsql stable as \$\$
begin
  return repeat(y, x % 9) || '$side $i';
end \$\$;"
    fi
    echo "alter policy p$i on s$(( ((i * 5 + 2) % BENCH_TABLES) % 10 )).t$(( (i * 5 + 2) % BENCH_TABLES )) using (true);"
  done
  for ((i = 0; i < BENCH_TABLES / 200 + 1; i++)); do
    echo "create table s$((i % 10)).${side}_new$i (id bigint primary key, name text not null, created_at timestamptz default now());"
    echo "create index ${side}_new${i}_name on s$((i % 10)).${side}_new$i (name);"
  done
}
changes parent 3 >"$work/parent.sql"
changes branch 13 >"$work/branch.sql"
psql_run "$purl" -f "$work/parent.sql" >/dev/null
psql_run "$burl" -f "$work/branch.sql" >/dev/null
log "changes: $(grep -c ';$' "$work/parent.sql") statements on the parent, $(grep -c ';$' "$work/branch.sql") on the branch"

# ---------------------------------------------------------------- baseline --

log "baseline: graft diff PARENT BRANCH, best of $RUNS"
diff_ms="$(best_of "$RUNS" "$work/diff.sql" "$GRAFT" --home "$home" diff "$purl" "$burl")"
log "   $diff_ms ms, $(grep -c '^-- ' "$work/diff.sql" || true) statements"

# ----------------------------------------------------------------- dry run --

log "graft branch merge b1 --dry-run --json, best of $RUNS"
dry_ms="$(best_of "$RUNS" "$work/dry.json" g branch merge b1 --project bench --dry-run --json)"
conflicts="$(jq '.conflicts | length' "$work/dry.json")"
[[ "$conflicts" == 0 ]] || { echo "the benchmark's merge has conflicts:" >&2; jq -c '.conflicts[]' "$work/dry.json" >&2; exit 1; }
jq -r '.summary | "   \(.added) added, \(.altered) altered, \(.renamed) renamed, \(.dropped) dropped; \(.statements) statements"' "$work/dry.json"
read -r d_base d_intro d_plan d_rows <<<"$(jq -r '.summary.timings_ms | "\(.read_base) \(.introspect_both) \(.merge_and_plan) \(.count_rows)"' "$work/dry.json")"
log "   $dry_ms ms (process); inside: read base $d_base, introspect both $d_intro, merge+plan $d_plan, count rows $d_rows ms"

if [[ "${SKIP_APPLY:-0}" == 1 ]]; then
  log "SKIP_APPLY=1: no apply"
  if lt "$dry_ms" 2000; then echo "goal (dry run < 2 s): met"; else echo "goal (dry run < 2 s): MISSED"; fi
  exit 0
fi

# ------------------------------------------------------------------- apply --

# The table the plan alters first (its lock is taken first, so it is held
# the longest): the blocked-SELECT watcher waits on it.
first_table="$(jq -r '[.changes[] | select(.kind == "column")][0].object' "$work/dry.json" | sed -E 's/ to .*$//; s/\.[^.]+$//')"

# Lock watcher: one DO block that commits every round (fresh pg_locks and
# pg_stat_activity), stops when the merge's backend has come and gone, and
# prints the longest time it saw one relation lock of it (and which).
watch_sql="$work/watch.sql"
cat >"$watch_sql" <<SQL
set client_min_messages = notice;
do \$\$
declare
  first_seen jsonb := '{}';
  last_seen jsonb := '{}';
  seen boolean := false;
  r record;
  t0 timestamptz := clock_timestamp();
  best_rel text := '';
  best_ms double precision := 0;
  rounds int := 0;
begin
  loop
    rounds := rounds + 1;
    -- User relations only: the catalog's own AccessShareLocks (the re-reads
    -- inside the transaction) block no reader or writer of the parent's tables.
    for r in select l.relation::regclass::text || ' ' || l.mode as k from pg_locks l
             join pg_stat_activity a on a.pid = l.pid
             join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
             where a.application_name like 'graft-merge-%' and l.locktype = 'relation' and l.granted
               and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast' loop
      seen := true;
      if not first_seen ? r.k then
        first_seen := first_seen || jsonb_build_object(r.k, extract(epoch from clock_timestamp()));
      end if;
      last_seen := last_seen || jsonb_build_object(r.k, extract(epoch from clock_timestamp()));
    end loop;
    exit when seen and not exists (select 1 from pg_stat_activity where application_name like 'graft-merge-%');
    exit when exists (select 1 from pg_stat_activity where application_name = 'bench-done');
    exit when clock_timestamp() - t0 > interval '600 s';
    commit;
    perform pg_sleep($POLL_MS / 1000.0);
  end loop;
  for r in select key, (last_seen ->> key)::float8 - (value #>> '{}')::float8 as s from jsonb_each(first_seen) loop
    if r.s * 1000 > best_ms then best_ms := r.s * 1000; best_rel := r.key; end if;
  end loop;
  raise notice 'LOCKWATCH % % % %', round(best_ms::numeric, 1), jsonb_array_length(to_jsonb(array(select jsonb_object_keys(first_seen)))), rounds, best_rel;
end \$\$;
SQL
# Blocked-SELECT watcher: a SELECT on the first altered table, over and over
# until the lock watcher ends; the longest one is the wait behind the merge.
block_sql="$work/block.sql"
cat >"$block_sql" <<SQL
set client_min_messages = notice;
do \$\$
declare
  s timestamptz;
  w double precision;
  longest double precision := 0;
  t0 timestamptz := clock_timestamp();
  seen boolean := false;
begin
  loop
    s := clock_timestamp();
    perform 1 from $first_table limit 1;
    w := extract(epoch from clock_timestamp() - s) * 1000;
    if w > longest then longest := w; end if;
    seen := seen or exists (select 1 from pg_stat_activity where application_name like 'graft-merge-%');
    exit when seen and not exists (select 1 from pg_stat_activity where application_name like 'graft-merge-%');
    exit when exists (select 1 from pg_stat_activity where application_name = 'bench-done');
    exit when clock_timestamp() - t0 > interval '600 s';
    commit;
    perform pg_sleep($POLL_MS / 1000.0);
  end loop;
  raise notice 'BLOCKWATCH %', round(longest::numeric, 1);
end \$\$;
SQL
"$PG_BIN/psql" -X -q -d "$purl" -f "$watch_sql" >"$work/watch.out" 2>&1 &
watch_pid=$!
bg_pids+=("$watch_pid")
"$PG_BIN/psql" -X -q -d "$purl" -f "$block_sql" >"$work/block.out" 2>&1 &
block_pid=$!
bg_pids+=("$block_pid")

log "graft branch merge b1 -y --json (the apply; watchers on the parent: pg_locks every $POLL_MS ms, SELECT on $first_table)"
s=$(ms_now)
g branch merge b1 --project bench -y --json >"$work/apply.json" 2>"$work/apply.err" ||
  { echo "the merge failed:" >&2; cat "$work/apply.err" >&2; jq -c .error "$work/apply.json" >&2 || true; exit 1; }
apply_ms=$(( $(ms_now) - s ))
# Stops a watcher that never saw the merge's backend (a merge faster than a poll).
PGAPPNAME=bench-done "$PG_BIN/psql" -X -q -d "$purl" -c "select pg_sleep(1)" >/dev/null &
bg_pids+=($!)
wait "$watch_pid" || true
wait "$block_pid" || true
bg_pids=()
[[ "$(jq -r .applied "$work/apply.json")" == true ]] || { echo "the merge did not apply" >&2; exit 1; }
read -r a_replan a_stmts a_locks <<<"$(jq -r '.summary.timings_ms | "\(.read_and_replan_in_transaction) \(.statements_and_verify) \(.locks_held_at_most)"' "$work/apply.json")"
read -r _ lock_ms lock_count lock_rounds lock_what <<<"$(grep -o 'LOCKWATCH.*' "$work/watch.out" || echo "LOCKWATCH n/a 0 0 n/a")"
block_ms="$(grep -o 'BLOCKWATCH.*' "$work/block.out" | awk '{print $2}')"
block_ms="${block_ms:-n/a}"
log "   $apply_ms ms (process); inside the transaction: re-read and re-plan $a_replan, statements and verification $a_stmts ms; graft's bound on its locks $a_locks ms"
log "   seen from outside: $lock_count relation locks; longest held $lock_ms ms ($lock_what; $lock_rounds polls); longest blocked SELECT on $first_table: $block_ms ms"

# Nothing left to merge afterwards, and no row of the parent lost.
after="$(g branch merge b1 --project bench --dry-run --json | jq -r '.summary.statements')"
rows="$(psql_run "$purl" -At -c "select sum((xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I', schemaname, relname), false, true, '')))[1]::text::int) from pg_stat_user_tables where schemaname ~ '^s[0-9]+$'")"
log "   after the merge: $after statements left to merge; parent rows $rows"

# ----------------------------------------------------------------- summary --

echo
printf "%-52s %10s  %s\n" "measurement (${BENCH_TABLES} tables, ~5% changed each side)" "ms" "vs graft diff (same databases)"
printf "%-52s %10s  %s\n" "graft diff parent branch (baseline)" "$diff_ms" "1.00"
printf "%-52s %10s  %s\n" "graft branch merge --dry-run" "$dry_ms" "$(ratio "$dry_ms" "$diff_ms")x"
printf "%-52s %10s\n" "  parsing the merge base (T0), beside the introspection" "$d_base"
printf "%-52s %10s  %s\n" "  introspecting parent and branch (in parallel)" "$d_intro" "$(ratio "$d_intro" "$diff_ms")x"
printf "%-52s %10s\n" "  three-way merge and plan" "$d_plan"
printf "%-52s %10s\n" "  counting rows for the data-loss gate" "$d_rows"
printf "%-52s %10s  %s\n" "graft branch merge -y (apply)" "$apply_ms" "$(ratio "$apply_ms" "$diff_ms")x"
printf "%-52s %10s\n" "  re-read and re-plan inside the transaction" "$a_replan"
printf "%-52s %10s\n" "  statements and verification" "$a_stmts"
printf "%-52s %10s\n" "longest lock on a parent table (pg_locks watcher)" "$lock_ms"
printf "%-52s %10s\n" "longest blocked SELECT on the first altered table" "$block_ms"
echo
if lt "$dry_ms" 2000; then echo "goal (dry run < 2 s): met"; else echo "goal (dry run < 2 s): MISSED"; fi
