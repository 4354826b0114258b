#!/usr/bin/env bash
# Opens the dashboard of a running `surplus serve` in headless Chromium and checks it
# (Scripts/check-dashboard.py says what): no console message, every chart drawn with labelled
# axes and a legend, the market list and the ledger check present, the page's numbers equal to
# the API's; screenshots at 1400 and 800 px wide in OUTDIR (default: dashboard-check).
# With --live SECONDS it also waits for a period to advance on the page through /v1/events.
# Usage: Scripts/check-dashboard.sh [--live SECONDS] URL [OUTDIR]
#   URL is the server's address, with ?key=ADMIN_KEY as the demo prints it (or SURPLUS_ADMIN_KEY set).
set -euo pipefail
live=()
if [ "${1:-}" = "--live" ]; then
    live=(--live "${2:?usage: Scripts/check-dashboard.sh [--live SECONDS] URL [OUTDIR]}")
    shift 2
fi
url="${1:?usage: Scripts/check-dashboard.sh [--live SECONDS] URL [OUTDIR]}"
out="${2:-dashboard-check}"

if ! command -v chromium > /dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core > /dev/null
fi
exec timeout 300 python3 "$(dirname "$0")/check-dashboard.py" "$url" "$out" "${live[@]}"
