#!/bin/sh
# check_layering.sh DIR MODULE...: fails (exit 1) when a source file in DIR
# includes a header of a graft module (#include "<module>/...") other than
# the listed ones, printing each offending line. The build runs it on src/cli
# with "cli engine common": the CLI only parses, calls the engine and prints
# (src/README.md, "Layering").
set -u
dir=$1
shift
allowed=" $* "
status=0
found=0
for f in "$dir"/*.cc "$dir"/*.h; do
  [ -e "$f" ] || continue
  found=1
  # grep -n prints "LINE:#include "mod/..."": keep the module name.
  grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[a-z_]+/' "$f" | while IFS= read -r line; do
    mod=$(printf '%s\n' "$line" | sed -E 's/^[0-9]+:[[:space:]]*#[[:space:]]*include[[:space:]]*"([a-z_]+)\/.*/\1/')
    case "$allowed" in
      *" $mod "*) ;;
      *) echo "$f:${line%%:*}: includes $mod/ (allowed here: $*)"; echo x ;;
    esac
  done
done > "${TMPDIR:-/tmp}/graft-layering.$$"
if grep -q '^x$' "${TMPDIR:-/tmp}/graft-layering.$$"; then
  grep -v '^x$' "${TMPDIR:-/tmp}/graft-layering.$$" >&2
  echo "error: $dir breaks the layering: move the call behind an engine/ header" >&2
  status=1
fi
rm -f "${TMPDIR:-/tmp}/graft-layering.$$"
if [ "$found" = 0 ]; then
  echo "error: no sources in $dir" >&2
  status=2
fi
exit $status
