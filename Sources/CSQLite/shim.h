#ifndef SWIFT_BATCH_CSQLITE_SHIM_H
#define SWIFT_BATCH_CSQLITE_SHIM_H
#include <sqlite3.h>

/// sqlite3_config is variadic, which Swift cannot call. Turns off SQLite's memory statistics,
/// which take a process-wide mutex on every allocation; must run before SQLite initializes
/// (it returns SQLITE_MISUSE afterwards, which callers may ignore).
static inline int swift_batch_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
