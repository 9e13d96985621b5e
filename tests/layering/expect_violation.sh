#!/bin/sh
# expect_violation.sh CHECK DIR: the layering check must fail on DIR (exit
# 1) and name the forbidden line of the fixture (bad.cc:4, an include of pg/).
out=$(sh "$1" "$2" cli engine common 2>&1)
rc=$?
printf '%s\n' "$out"
[ "$rc" -eq 1 ] || { echo "expected exit 1, got $rc"; exit 1; }
printf '%s\n' "$out" | grep -qF 'bad.cc:4: includes pg/' || { echo "the offending line is not named"; exit 1; }
