#ifndef SWIFT_BATCH_CSQLITE_SHIM_H
#define SWIFT_BATCH_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
