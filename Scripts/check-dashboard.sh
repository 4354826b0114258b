#!/usr/bin/env bash
# Opens the dashboard of a running `surplus serve` in headless Chromium and checks it
# (Scripts/check-dashboard.py says what): no console message, every chart drawn with labelled
# axes and a legend, the market list and the ledger check present, the page's numbers equal to
# the API's; screenshots at 1400 and 800 px wide in OUTDIR (default: dashboard-check).
#   --live SECONDS  also wait for a period to advance on the page through /v1/events
#   --drive         make markets and trade on them while checking (a server without --demo)
# Usage: Scripts/check-dashboard.sh [--live SECONDS] [--drive] URL [OUTDIR]
#   URL is the server's address, with ?key=ADMIN_KEY as the demo prints it (or SURPLUS_ADMIN_KEY set).
set -euo pipefail
usage="usage: Scripts/check-dashboard.sh [--live SECONDS] [--drive] URL [OUTDIR]"
options=()
while [ $# -gt 0 ]; do
    case "$1" in
        --live) options+=(--live "${2:?$usage}"); shift 2 ;;
        --drive) options+=(--drive); shift ;;
        --*) echo "$usage" >&2; exit 2 ;;
        *) break ;;
    esac
done
url="${1:?$usage}"
out="${2:-dashboard-check}"

if ! command -v chromium > /dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core > /dev/null
fi
exec timeout 300 python3 "$(dirname "$0")/check-dashboard.py" "$url" "$out" "${options[@]}"
