#!/bin/sh
# tally.sh: sums the "X: N passed, N failed" lines of the given logs into the
# one closing line "N passed, N failed"; exits 1 when anything failed.
awk '/: [0-9]+ passed, [0-9]+ failed/ {
       for (i = 1; i < NF; i++) {
         if ($(i + 1) ~ /^passed,?$/) p += $i
         if ($(i + 1) ~ /^failed/) f += $i
       }
     }
     END { printf "%d passed, %d failed\n", p, f; exit (f > 0 || p == 0) }' "$@"
