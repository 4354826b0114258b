#!/usr/bin/env bash
# The live server's load benchmark on loopback: accepted bids per second and p50/p99 latency
# with wrk, then the time to close and settle an exchange round and a bilateral period
# (Scripts/server-load.py says what is measured and how). Installs Debian's wrk when missing.
# Usage: Scripts/server-load.sh BINARY [--database sqlite|postgres://...] [server-load.py options]
#   BINARY: a release surplus, e.g. "$(swift build -c release --show-bin-path)/surplus"
set -euo pipefail
if ! command -v wrk > /dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "server-load: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq wrk > /dev/null 2>&1 || { apt-get update -qq > /dev/null && apt-get install -y -qq wrk > /dev/null; }
fi
exec python3 "$(dirname "$0")/server-load.py" "$@"
