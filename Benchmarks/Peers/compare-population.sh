#!/usr/bin/env bash
# Surplus' population simulation against its NumPy peer (Benchmarks/Peers/population.py), same model
# (Sec. V-B Bank market, equilibrium policy), same N, alternating runs; prints each run and the medians.
# Surplus' rate is that of its periods alone: the wall time of `surplus simulate` over LONG periods minus
# that over SHORT periods (same seed, so the set-up, the equilibrium solve and the initial agents, cancels).
# Usage: Benchmarks/Peers/compare-population.sh [ROUNDS] [AGENTS] [THREADS]   (defaults 5, 1000000, 2)
# Needs a release build: swift build -c release --product surplus
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-5}" agents="${2:-1000000}" threads="${3:-2}"
surplus="${SURPLUS:-$(swift build -c release --show-bin-path)/surplus}"
short=10 long=60
policy="$("$surplus" mfe --model bank --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["types"][0]["bidIntervals"][0]["from"])')"
seconds() { local s; s=$(date +%s.%N); "$surplus" simulate --model bank --start stationary --agents "$agents" --periods "$1" \
    --threads "$threads" --format json > /dev/null; python3 -c "import time; print(time.time() - $s)"; }
swift_rates=() numpy_rates=()
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); N = $agents, $threads thread(s), bid from $policy"
for r in $(seq "$rounds"); do
    a=$(seconds $short); b=$(seconds $long)
    s=$(python3 -c "print($agents * ($long - $short) / ($b - $a))")
    n=$(OMP_NUM_THREADS=1 python3 Benchmarks/Peers/population.py --agents "$agents" --periods 10 --bid-from "$policy" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["agentPeriodsPerSecond"])')
    swift_rates+=("$s") numpy_rates+=("$n")
    printf 'round %d: surplus %.1f M agent-periods/s, numpy %.1f M/s\n' "$r" "$(python3 -c "print($s/1e6)")" "$(python3 -c "print($n/1e6)")"
done
python3 - "${swift_rates[*]}" "${numpy_rates[*]}" <<'PY'
import statistics, sys
s = statistics.median(map(float, sys.argv[1].split())); n = statistics.median(map(float, sys.argv[2].split()))
print(f"median: surplus {s/1e6:.1f} M agent-periods/s, numpy {n/1e6:.1f} M/s, ratio {s/n:.1f}x")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
