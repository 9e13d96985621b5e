#!/usr/bin/env bash
# The main job: builds graft if needed, then walks through a project and a
# branch on the default state directory ($GRAFT_HOME, else /var/lib/graft as
# root, ~/.local/share/graft otherwise). Safe to run again: it starts by
# removing the previous walkthrough's project.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x build/graft ]; then
  scripts/setup.sh
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C build graft
fi
g() { echo; echo "\$ graft $*"; ./build/graft "$@"; }

./build/graft project delete demo -y >/dev/null 2>&1 || true
g project create demo
g link demo
g sql -c "CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz DEFAULT now());
          INSERT INTO notes (body) VALUES ('hello'), ('world');
          ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
          CREATE POLICY notes_read ON notes FOR SELECT USING (true);"
g sql -c "SELECT id, body FROM notes ORDER BY id"
g url
g project keys
token=$(./build/graft token mint --sub user-42 --ttl 600)
g token verify "$token"

echo; echo "# a branch: its own instance, the parent's data and JWT secret, its own keys"
g branch create risky-migration
g sql -c "ALTER TABLE notes ADD COLUMN title text NOT NULL DEFAULT 'untitled';
          DROP POLICY notes_read ON notes;
          CREATE POLICY notes_owner ON notes FOR SELECT USING (current_user = 'postgres');
          INSERT INTO notes (body) VALUES ('only on the branch');"
g token verify "$token"
g branch list
echo; echo "# what the branch changed, as reviewed SQL (parent -> branch)"
g diff "$(./build/graft url --project demo --branch '')" "$(./build/graft url)" --schema public
g sql --project demo -c "SELECT count(*) AS parent_rows FROM notes"
echo; echo "# the three-way merge: what only the branch changed, applied to the parent in one verified transaction"
g branch merge risky-migration --dry-run --save-sql "${TMPDIR:-/tmp}/graft-walkthrough-merge.sql"
g branch merge risky-migration -y
g sql --project demo -c "SELECT id, title, body FROM notes ORDER BY id"
g branch reset risky-migration -y
g sql -c "SELECT count(*) AS branch_rows_after_reset FROM notes"
g branch switch --parent
g branch delete risky-migration -y
g status
echo; echo "walkthrough done: project 'demo' is still running (graft stop / graft project delete demo -y)"
