#!/usr/bin/env bash
# The network equilibrium to a relative gap of 1e-6 (issue 17): the accelerated solver against
# plain proportional response on the same graph, alternating runs of one release `surplus`;
# prints each run's wall and CPU seconds, the medians and the ratios.
# Usage: Benchmarks/Peers/compare-equilibrium.sh [RUNS] [SPEC] [SURPLUS]
#   RUNS     runs of each solver (default 3; proportional response takes about a minute)
#   SPEC     the generated graph (default barabasi-albert:n=100000,m=10)
#   SURPLUS  the binary (default: builds .build/release/surplus)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
spec="${2:-barabasi-albert:n=100000,m=10}"
surplus="${3:-}"
if [ -z "$surplus" ]; then
    swift build -c release --product surplus > /dev/null
    surplus="$(swift build -c release --show-bin-path)/surplus"
fi
declare -A wall cpu
for _ in $(seq "$runs"); do
    for solver in accelerated proportionalResponse; do
        line="$( { /usr/bin/time -f '%e %U %S' "$surplus" network --graph "$spec" --method equilibrium \
            --solver "$solver" --format json > /dev/null; } 2>&1 | tail -1)"
        read -r w u s <<< "$line"
        wall[$solver]+="$w "
        cpu[$solver]+="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }') "
        echo "$solver: $w s wall, $(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }') s CPU"
    done
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for kind in wall cpu; do
    declare -n t="$kind"
    a="$(median "${t[accelerated]}")"; p="$(median "${t[proportionalResponse]}")"
    awk -v a="$a" -v p="$p" -v k="$kind" \
        'BEGIN { printf "%-4s medians: accelerated %.2f s, proportional response %.2f s: %.1fx (goal >= 10x)\n", k, a, p, p / a }'
done
