#ifndef SWIFT_BATCH_CSQLITE_SHIM_H
#define SWIFT_BATCH_CSQLITE_SHIM_H
#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>

/// sqlite3_config is variadic, which Swift cannot call. Turns off SQLite's memory statistics,
/// which take a process-wide mutex on every allocation; must run before SQLite initializes
/// (it returns SQLITE_MISUSE afterwards, which callers may ignore).
static inline int swift_batch_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// The state of one connection's busy handler.
typedef struct {
    long long timeout_us;
    struct timespec started;
    unsigned int seed;
} swift_batch_busy_state;

/// A busy handler that waits up to the timeout, retrying every 0.5 to 2 ms (jittered).
///
/// SQLite's own (`sqlite3_busy_timeout`) backs off to one try every 100 ms and never learns
/// when the lock is released; a writer that commits and begins again at once takes the lock
/// back before the sleeping waiters look, so under steady load a waiter can starve for its
/// whole timeout. Short, jittered retries find the gaps between other writers' transactions.
/// The C callback cannot be a Swift closure with state, hence C.
static inline int swift_batch_busy_handler(void *context, int count) {
    swift_batch_busy_state *state = (swift_batch_busy_state *)context;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (count == 0) state->started = now;
    long long elapsed_us = (long long)(now.tv_sec - state->started.tv_sec) * 1000000LL
        + (now.tv_nsec - state->started.tv_nsec) / 1000;
    if (elapsed_us >= state->timeout_us) return 0;
    long long pause_us = 500 + rand_r(&state->seed) % 1500;
    if (pause_us > state->timeout_us - elapsed_us) pause_us = state->timeout_us - elapsed_us;
    struct timespec pause = { (time_t)(pause_us / 1000000), (long)(pause_us % 1000000) * 1000 };
    nanosleep(&pause, NULL);
    return 1;
}

/// Installs ``swift_batch_busy_handler`` on `db` with `timeout_ms`; returns its state, to be
/// freed with `free` after the connection is closed (NULL when out of memory: SQLite's own
/// busy timeout is set instead).
static inline swift_batch_busy_state *swift_batch_install_busy_handler(sqlite3 *db, int timeout_ms) {
    swift_batch_busy_state *state = (swift_batch_busy_state *)calloc(1, sizeof(swift_batch_busy_state));
    if (state == NULL) {
        sqlite3_busy_timeout(db, timeout_ms);
        return NULL;
    }
    state->timeout_us = (long long)timeout_ms * 1000LL;
    state->seed = (unsigned int)(size_t)state ^ (unsigned int)timeout_ms;
    sqlite3_busy_handler(db, swift_batch_busy_handler, state);
    return state;
}
#endif
