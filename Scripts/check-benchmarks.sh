#!/usr/bin/env bash
# Runs benchmarks of Benchmarks/ once, checks them against the thresholds checked in under
# Benchmarks/Thresholds/ and prints their figures, the ones the README quotes.
#  - the check is package-benchmark's own `thresholds check`: per benchmark and metric, the p90
#    of this run against the p90 in Thresholds/TARGET.NAME.p90.json, within the tolerance the
#    benchmark declares in its configuration (none declared: any difference fails);
#  - the figures are package-benchmark's Markdown tables of the same run (percentiles per metric).
# Usage: Scripts/check-benchmarks.sh [--update] [TARGET...]
#   TARGET    a benchmark target (default: every target that has thresholds)
#   --update  also rewrite the TARGETs' thresholds from this run (review the diff before committing)
# Exit status: 0 when every metric is within its tolerance, or better than its threshold (then a
# line suggests --update); 1 when one is worse, non-zero when a benchmark fails.
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"

update=0
targets=()
for argument in "$@"; do
    case "$argument" in
        --update) update=1 ;;
        -*) echo "usage: Scripts/check-benchmarks.sh [--update] [TARGET...]" >&2; exit 2 ;;
        *) targets+=("$argument") ;;
    esac
done
if [ "${#targets[@]}" -eq 0 ]; then
    mapfile -t targets < <(find Thresholds -name '*.p90.json' -printf '%f\n' | cut -d. -f1 | sort -u)
fi
[ "${#targets[@]}" -gt 0 ] || { echo "error: no thresholds in Benchmarks/Thresholds; name a TARGET" >&2; exit 1; }
selection=()
for target in "${targets[@]}"; do selection+=(--target "$target"); done

baseline="check-benchmarks"
work="$(mktemp -d)"
cleanup() {
    rm -rf "$work"
    for target in "${targets[@]}"; do
        rm -rf ".benchmarkBaselines/$target/$baseline"
        rmdir ".benchmarkBaselines/$target" 2> /dev/null || true
    done
    rmdir .benchmarkBaselines 2> /dev/null || true
}
trap cleanup EXIT

# The one run, kept as a baseline for the check and the tables below.
swift package --allow-writing-to-package-directory benchmark baseline update "$baseline" \
    --no-progress "${selection[@]}"

# package-benchmark 1.38.1 writes a threshold file with '_' for each ' ' of the benchmark's name
# but looks for it under the name itself (ordo-one/benchmark issues 301 and 373), so the check
# reads copies named as it looks for them. Benchmark names therefore hold no '_' and no '/'.
shopt -s nullglob
mkdir "$work/thresholds"
for file in Thresholds/*.p90.json; do
    name="$(basename "$file")"
    cp "$file" "$work/thresholds/${name//_/ }"
done
set +e
swift package benchmark thresholds check "$baseline" --path "$work/thresholds" --no-progress "${selection[@]}"
status=$?
set -e

echo
echo "## Figures of this run (p50 is the median; time per iteration)"
swift package benchmark baseline read "$baseline" --format markdown --no-progress "${selection[@]}" \
    | grep -E '^(\||### |## [A-Za-z]+$|$)' | cat -s

if [ "$update" -eq 1 ]; then
    swift package --allow-writing-to-package-directory benchmark thresholds update "$baseline" \
        --no-progress "${selection[@]}"
fi

case "$status" in
    0) echo "thresholds: every metric within its tolerance" ;;
    4) echo "thresholds: within tolerance or better; run with --update to record the improvement" ;;
    2) echo "error: a metric is worse than its threshold by more than its tolerance (see above)" >&2; exit 1 ;;
    *) echo "error: the threshold check failed (status $status)" >&2; exit 1 ;;
esac
