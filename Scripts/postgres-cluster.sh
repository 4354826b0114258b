#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the ledger's tests, crash test and benchmarks.
#  start  installs Debian's `postgresql` when initdb is missing, creates a cluster in a new
#         temporary folder, listens on 127.0.0.1 only, on a free port, creates the database
#         `surplus` owned by the superuser `surplus` (random password, SCRAM), and prints its URL
#         postgres://surplus:PASSWORD@127.0.0.1:PORT/surplus (the value of SURPLUS_TEST_POSTGRES_URL);
#  url    prints the URL of the running cluster;
#  stop   stops the cluster and removes its folder.
# Root cannot run initdb: as root, the cluster belongs to the `postgres` user (created by the Debian
# package; created here when missing). The cluster's folder is remembered in the state file
# $SURPLUS_POSTGRES_CLUSTER_STATE (default ${TMPDIR:-/tmp}/surplus-postgres-cluster), so one cluster runs
# per state file. The server keeps PostgreSQL's durable defaults (fsync, synchronous_commit on).
# Usage: Scripts/postgres-cluster.sh start|stop|url
set -euo pipefail

state="${SURPLUS_POSTGRES_CLUSTER_STATE:-${TMPDIR:-/tmp}/surplus-postgres-cluster}"

fail() { echo "postgres-cluster: $*" >&2; exit 1; }

postgres_bin() {
    find /usr/lib/postgresql -mindepth 2 -maxdepth 3 -path '*/bin/initdb' -printf '%h\n' 2> /dev/null | sort -V | tail -n 1
}

install_postgres() {
    [ "$(id -u)" -eq 0 ] || fail "initdb not found under /usr/lib/postgresql/*/bin and not root: apt-get install -y postgresql"
    echo "postgres-cluster: installing Debian's postgresql" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq postgresql > /dev/null 2>&1 || { apt-get update -qq > /dev/null && apt-get install -y -qq postgresql > /dev/null; }
}

# The user that owns and runs the cluster: the caller, or `postgres` when the caller is root.
owner() {
    if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
    getent passwd postgres > /dev/null || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    echo postgres
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The folder of the cluster the state file names, when its server runs.
running_folder() {
    [ -f "$state" ] || return 1
    local folder bin
    folder="$(cat "$state")"
    bin="$(postgres_bin)"
    [ -f "$folder/url" ] && [ -n "$bin" ] && as_owner "$bin/pg_ctl" --pgdata="$folder/data" status > /dev/null 2>&1 || return 1
    echo "$folder"
}

start() {
    if folder="$(running_folder)"; then
        fail "a cluster already runs in $folder (state file $state): stop it first"
    fi
    [ ! -f "$state" ] || stop  # a cluster whose server died: remove its folder
    local bin
    bin="$(postgres_bin)"
    if [ -z "$bin" ]; then install_postgres; bin="$(postgres_bin)"; fi
    [ -n "$bin" ] || fail "initdb not found under /usr/lib/postgresql/*/bin after installing postgresql"

    local user folder password
    user="$(owner)"
    folder="$(mktemp -d "${TMPDIR:-/tmp}/surplus-postgres.XXXXXX")"
    echo "$folder" > "$state"
    chown "$user" "$folder"
    chmod 700 "$folder"
    password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$password" > "$folder/password"
    chown "$user" "$folder/password"

    as_owner "$bin/initdb" --pgdata="$folder/data" --username=surplus --pwfile="$folder/password" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C > "$folder/initdb.log" 2>&1 ||
        { cat "$folder/initdb.log" >&2; fail "initdb failed"; }

    # A free port: the kernel picks one for a loopback socket; should another process take it
    # before the server binds, the start fails and the next port is tried.
    local port attempt
    for attempt in 1 2 3 4 5; do
        port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2> /dev/null ||
            echo $((20000 + RANDOM % 40000)))"
        if as_owner "$bin/pg_ctl" --pgdata="$folder/data" --log="$folder/server.log" --wait --timeout=60 \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$folder' -c max_connections=200" \
            start > /dev/null 2>&1; then
            local url="postgres://surplus:$password@127.0.0.1:$port/surplus"
            as_owner "$bin/psql" --quiet --no-psqlrc --host="$folder" --port="$port" --username=surplus --dbname=postgres \
                --command='CREATE DATABASE surplus' > /dev/null
            echo "$url" > "$folder/url"
            echo "$url"
            return
        fi
    done
    cat "$folder/server.log" >&2 || true
    fail "the server did not start (5 ports tried); log above"
}

stop() {
    [ -f "$state" ] || { echo "postgres-cluster: no cluster to stop (no state file $state)" >&2; return 0; }
    local folder bin
    folder="$(cat "$state")"
    bin="$(postgres_bin)"
    if [ -n "$bin" ] && as_owner "$bin/pg_ctl" --pgdata="$folder/data" status > /dev/null 2>&1; then
        as_owner "$bin/pg_ctl" --pgdata="$folder/data" --mode=fast --wait --timeout=60 stop > /dev/null ||
            echo "postgres-cluster: the server in $folder did not stop; removing its folder all the same" >&2
    fi
    case "$folder" in
        "${TMPDIR:-/tmp}"/surplus-postgres.*) rm -rf "$folder" ;;
        *) fail "state file $state names $folder, not a folder this script made; not removed" ;;
    esac
    rm -f "$state"
}

url() {
    local folder
    folder="$(running_folder)" || fail "no cluster runs (state file $state): Scripts/postgres-cluster.sh start"
    cat "$folder/url"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url ;;
    *) echo "usage: Scripts/postgres-cluster.sh start|stop|url" >&2; exit 2 ;;
esac
