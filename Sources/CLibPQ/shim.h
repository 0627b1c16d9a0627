#ifndef SWIFT_BATCH_CLIBPQ_SHIM_H
#define SWIFT_BATCH_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
