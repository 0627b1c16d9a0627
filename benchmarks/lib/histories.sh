# Seeded histories for the server's benchmarks (sourced by benchmarks/server-run and
# benchmarks/jobs-run after postgres_start, with WORK, RESULTS, BIN and PSQL set).

seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# The machine, as Markdown list items.
bench_machine() {
    local virt
    virt=$(lscpu | sed -n 's/^Hypervisor vendor: *//p')
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"
    echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores${virt:+ (virtual machine, $virt)}"
    echo "- Memory: $(free -h | awk '/^Mem:/ { print $2 }')"
    echo "- Disk: $(df -hT "$WORK" | awk 'NR == 2 { print $1 ", " $2 }') for the SQLite files; $(df -hT "$POSTGRES_ROOT" | awk 'NR == 2 { print $1 ", " $2 }') for the PostgreSQL cluster"
    echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
    echo "- Swift: $(swift --version 2>&1 | sed -n 's/.*\(Swift version [^ ]*\).*/\1/p' | head -n 1), release build"
    echo "- SQLite: $(sqlite3 --version | awk '{ print $1 }'); PostgreSQL $("$POSTGRES_BIN/postgres" --version | awk '{ print $3 }') with initdb's defaults and autovacuum off; $(wrk --version 2>&1 | head -n 1 | awk '{ print $1, $2 }')"
    echo "- Load average before the run (the machine is shared): $(cut -d ' ' -f 1-3 /proc/loadavg)"
}

# url DATABASE NAME: where the history NAME (a job execution count, or a word) lives.
url() {
    if [ "$1" = sqlite ]; then echo "sqlite:$WORK/history-$2.db"; else echo "${POSTGRES_URL%/postgres}/history_$2"; fi
}

# seed DATABASE NAME EXECUTIONS: a fresh, migrated database holding that history. With SEED_END
# set (a day yyyy-MM-dd or an instant yyyy-MM-ddTHH:mm:ssZ, UTC) the history ends then instead of
# history-seed's default.
seed() {
    local database=$1 name=$2 executions=$3
    if [ "$database" = postgresql ]; then
        "${PSQL[@]}" -c "DROP DATABASE IF EXISTS history_$name" -c "CREATE DATABASE history_$name"
    fi
    echo "==> $database: seeding $executions job executions" >&2
    "$BIN/history-seed" --db "$(url "$database" "$name")" --executions "$executions" ${SEED_END:+--end "$SEED_END"} \
        2> >(grep -v 'applied migration' >&2) | sed "s/^/$database /" >>"$RESULTS"
    if [ "$database" = postgresql ]; then "${PSQL[@]}" -c CHECKPOINT; fi
}

drop() {
    if [ "$1" = sqlite ]; then rm -f "$WORK/history-$2.db"*; else "${PSQL[@]}" -c "DROP DATABASE history_$2"; fi
}
