#ifndef SWIFT_BATCH_CLIBPQ_H
#define SWIFT_BATCH_CLIBPQ_H

// libpq's API, loaded on first use (see loader.c): the header from libpq-dev declares it.
#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif

#include <stddef.h>

/// Loads libpq (libpq.so.5) if it is not loaded yet. Returns 0 on success; otherwise -1 with
/// the reason in `error`. Call it before any other PQ function.
int swift_batch_libpq_load(char *error, size_t size);

#endif
