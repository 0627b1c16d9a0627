# Starts a throwaway PostgreSQL cluster on a free loopback port in a temporary
# directory, and stops it on exit. Sourced by scripts/test and benchmarks/run.
#
#   postgres_start [extra postgres -c settings...]
#   -> exports POSTGRES_URL (postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres),
#      POSTGRES_PORT, POSTGRES_PASSWORD, POSTGRES_DATA, POSTGRES_BIN, POSTGRES_RUN
#      (a command prefix that runs as the cluster's owner)
#   postgres_stop  (installed as an EXIT trap by postgres_start)

postgres_bindir() {
    local dir
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir 2>/dev/null)/initdb" ]; then
        pg_config --bindir
        return
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] || { echo "error: no PostgreSQL server binaries (initdb) found" >&2; return 1; }
    echo "$dir"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

postgres_stop() {
    [ -n "${POSTGRES_DATA:-}" ] || return 0
    if [ -f "$POSTGRES_DATA/postmaster.pid" ]; then
        $POSTGRES_RUN "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES_DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$POSTGRES_ROOT"
    POSTGRES_DATA=""
}

postgres_start() {
    POSTGRES_BIN=$(postgres_bindir) || return 1
    POSTGRES_ROOT=$(mktemp -d /tmp/swift-batch-pg.XXXXXX)
    POSTGRES_DATA="$POSTGRES_ROOT/data"
    POSTGRES_PASSWORD="pw-$RANDOM$RANDOM"
    POSTGRES_RUN=""
    trap postgres_stop EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    if [ "$(id -u)" -eq 0 ]; then
        # initdb refuses to run as root: the cluster belongs to the postgres user.
        id postgres >/dev/null 2>&1 || useradd --system --home-dir "$POSTGRES_ROOT" postgres
        chown postgres "$POSTGRES_ROOT"
        POSTGRES_RUN="runuser -u postgres --"
    fi
    echo "$POSTGRES_PASSWORD" >"$POSTGRES_ROOT/pwfile"
    chmod 600 "$POSTGRES_ROOT/pwfile"
    [ -z "$POSTGRES_RUN" ] || chown postgres "$POSTGRES_ROOT/pwfile"
    $POSTGRES_RUN "$POSTGRES_BIN/initdb" -D "$POSTGRES_DATA" -U postgres --pwfile="$POSTGRES_ROOT/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$POSTGRES_ROOT/initdb.log" 2>&1 \
        || { cat "$POSTGRES_ROOT/initdb.log" >&2; return 1; }
    local attempt settings
    settings="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$POSTGRES_ROOT -c max_connections=1000"
    for extra in "$@"; do settings="$settings -c $extra"; done
    for attempt in 1 2 3 4 5; do
        POSTGRES_PORT=$(free_port)
        if $POSTGRES_RUN "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES_DATA" -l "$POSTGRES_ROOT/server.log" -w -t 60 \
            -o "-p $POSTGRES_PORT $settings" start >/dev/null; then
            break
        fi
        [ "$attempt" -eq 5 ] && { cat "$POSTGRES_ROOT/server.log" >&2; return 1; }
    done
    POSTGRES_URL="postgres://postgres:$POSTGRES_PASSWORD@127.0.0.1:$POSTGRES_PORT/postgres"
    export POSTGRES_URL POSTGRES_PORT POSTGRES_PASSWORD POSTGRES_DATA POSTGRES_BIN POSTGRES_ROOT POSTGRES_RUN
    echo "==> PostgreSQL $("$POSTGRES_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$POSTGRES_PORT ($POSTGRES_DATA)" >&2
}
