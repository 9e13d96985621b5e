#!/bin/sh
# Usage: check_unity.sh BUILD_DIR [NAME...]
# In a unity build (GRAFT_UNITY) the files of one batch share one translation
# unit, so their anonymous namespaces become one: a helper two files both
# define is a redefinition at best, and at worst a call that silently picks
# the other file's overload. For every batch CMake generated under BUILD_DIR,
# lists the names that two of its files define at the top of an anonymous
# namespace of the same enclosing namespace (functions, types, constants;
# found by their line starting in column 0, the tree's style) and fails when
# there is one, except the NAMEs given: overloads checked by hand to take
# distinct types. The fix is to add one of the files to GRAFT_UNITY_SKIP in
# CMakeLists.txt (or rename).
set -eu
build=$1
shift
allowed=" $* "
found=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for unit in $(find "$build/CMakeFiles" -path '*/Unity/unity_*.cxx' | sort); do
  sed -n 's/^#include "\(.*\)"$/\1/p' "$unit" | while read -r src; do
    awk -v file="$src" -v allowed="$allowed" '
      /^namespace [A-Za-z_:]+ *\{/ { ns = $2; next }
      /^namespace *\{/ { anon = 1; next }
      /^}  \/\/ namespace *$/ && anon { anon = 0; next }
      !anon || /^(return|if|for|while|using|template|TEST|#|\/\/|}|[ \t])/ { next }
      {
        line = $0
        sub(/[=({;].*/, "", line)       # the name is before the first ( = { or ;
        n = split(line, w, /[ \t*&:]+/)
        name = w[n]
        if (name ~ /^[A-Z0-9_]+$/) next  # a macro (INSTANTIATE_TEST_SUITE_P)
        if (name ~ /^[A-Za-z_][A-Za-z0-9_]*$/ && name != "const" && name != "override" &&
            index(allowed, " " name " ") == 0) print ns "::" name "\t" file
      }' "$src"
  done | sort -u | awk -F'\t' -v unit="$unit" '
      { files[$1] = files[$1] (files[$1] == "" ? "" : ", ") $2; count[$1]++ }
      END { for (n in count) if (count[n] > 1) printf "%s: %s is defined in %s\n", unit, n, files[n] }' >>"$out"
done
if [ -s "$out" ]; then
  cat "$out"
  echo "error: files of one unity batch define the same name in an anonymous namespace;" \
       "add one of them to GRAFT_UNITY_SKIP in CMakeLists.txt or rename the helper" >&2
  exit 1
fi
echo "unity batches: no name defined in two files of one batch"
