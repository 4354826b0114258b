#!/usr/bin/env bash
# Reading a 1M-edge graph: Surplus's NetworkFile (read AND build the CSR) against Python's csv
# module (read the rows) and json module, on the same files, alternating runs; prints medians
# and the ratios. Usage: Benchmarks/Peers/compare-read-graph.sh [RUNS] [SPEC]
#   RUNS  runs of each reader (default 7)
#   SPEC  the generated graph (default erdos-renyi:n=100000,degree=20: about 1,000,000 edges)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
spec="${2:-erdos-renyi:n=100000,degree=20}"
swift build -c release --product ReadGraph > /dev/null
reader="$(swift build -c release --show-bin-path)/ReadGraph"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
echo "graph: $spec: $("$reader" write "$spec" "$dir"); $(du -h "$dir/edges.csv" | cut -f1) edge list, $(du -h "$dir/graph.json" | cut -f1) JSON"
declare -A times
for _ in $(seq "$runs"); do
    times[python_csv]+="$(python3 Peers/read_graph.py csv "$dir/edges.csv") "
    times[surplus_csv]+="$("$reader" csv "$dir/edges.csv") "
    times[python_json]+="$(python3 Peers/read_graph.py json "$dir/graph.json") "
    times[surplus_json]+="$("$reader" json "$dir/graph.json") "
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for key in python_csv surplus_csv python_json surplus_json; do
    printf '%-13s median %.4f s   (%s)\n' "$key" "$(median "${times[$key]}")" "${times[$key]}"
done
awk -v s="$(median "${times[surplus_csv]}")" -v p="$(median "${times[python_csv]}")" \
    'BEGIN { printf "CSV:  Surplus read + build / Python csv read = %.3f (goal <= 0.5)\n", s / p }'
awk -v s="$(median "${times[surplus_json]}")" -v p="$(median "${times[python_json]}")" \
    'BEGIN { printf "JSON: Surplus read + build / Python json.load = %.3f\n", s / p }'
