// libpq, loaded when the first PostgreSQL connection is made instead of when the process
// starts. libpq pulls in about twenty libraries (OpenSSL, Kerberos, LDAP, GnuTLS, ...) whose
// dynamic linking cost 3 ms or more at every start of every swift-batch executable, SQLite
// users' included (a task that takes 20 ms in all pays it each time). No package does this,
// so the functions swift-batch calls are defined here as trampolines: each resolves its libpq
// symbol with dlsym on first call and jumps to it afterwards.
#include "CLibPQ.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *libpq;
static char load_error[512];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    static const char *names[] = {"libpq.so.5", "libpq.so"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !libpq; i++) {
        libpq = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (!libpq) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error, "%s", reason ? reason : "libpq.so.5 not found");
    }
}

int swift_batch_libpq_load(char *error, size_t size) {
    pthread_once(&load_once, load);
    if (libpq) return 0;
    if (error && size > 0) snprintf(error, size, "%s", load_error);
    return -1;
}

static void *symbol(const char *name) {
    char error[512];
    if (swift_batch_libpq_load(error, sizeof error) != 0) {
        fprintf(stderr, "swift-batch: cannot load libpq for %s: %s\n", name, error);
        abort();
    }
    void *address = dlsym(libpq, name);
    if (!address) {
        fprintf(stderr, "swift-batch: libpq has no %s (libpq 14 or later is needed)\n", name);
        abort();
    }
    return address;
}

#define TRAMPOLINE(ret, name, params, args)                                   \
    ret name params {                                                         \
        static ret(*target) params;                                           \
        ret(*function) params = __atomic_load_n(&target, __ATOMIC_ACQUIRE);   \
        if (!function) {                                                      \
            function = (ret(*) params)symbol(#name);                          \
            __atomic_store_n(&target, function, __ATOMIC_RELEASE);            \
        }                                                                     \
        return function args;                                                 \
    }

#define VOID_TRAMPOLINE(name, params, args)                                   \
    void name params {                                                        \
        static void(*target) params;                                          \
        void(*function) params = __atomic_load_n(&target, __ATOMIC_ACQUIRE);  \
        if (!function) {                                                      \
            function = (void(*) params)symbol(#name);                         \
            __atomic_store_n(&target, function, __ATOMIC_RELEASE);            \
        }                                                                     \
        function args;                                                        \
    }

TRAMPOLINE(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand_dbname),
           (keywords, values, expand_dbname))
VOID_TRAMPOLINE(PQfinish, (PGconn *conn), (conn))
TRAMPOLINE(ConnStatusType, PQstatus, (const PGconn *conn), (conn))
TRAMPOLINE(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))
TRAMPOLINE(char *, PQerrorMessage, (const PGconn *conn), (conn))
TRAMPOLINE(int, PQsocket, (const PGconn *conn), (conn))
TRAMPOLINE(int, PQserverVersion, (const PGconn *conn), (conn))
TRAMPOLINE(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg))
TRAMPOLINE(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))
TRAMPOLINE(PGresult *, PQprepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes),
           (conn, stmtName, query, nParams, paramTypes))
TRAMPOLINE(PGresult *, PQexecPrepared,
           (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths,
            const int *paramFormats, int resultFormat),
           (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
TRAMPOLINE(PGresult *, PQexecParams,
           (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,
            const int *paramLengths, const int *paramFormats, int resultFormat),
           (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
TRAMPOLINE(int, PQsendQueryPrepared,
           (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues, const int *paramLengths,
            const int *paramFormats, int resultFormat),
           (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))
TRAMPOLINE(int, PQsendQueryParams,
           (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,
            const int *paramLengths, const int *paramFormats, int resultFormat),
           (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))
TRAMPOLINE(PGresult *, PQdescribePrepared, (PGconn *conn, const char *stmt), (conn, stmt))
TRAMPOLINE(PGresult *, PQgetResult, (PGconn *conn), (conn))
TRAMPOLINE(int, PQenterPipelineMode, (PGconn *conn), (conn))
TRAMPOLINE(int, PQexitPipelineMode, (PGconn *conn), (conn))
TRAMPOLINE(int, PQpipelineSync, (PGconn *conn), (conn))
TRAMPOLINE(int, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes), (conn, buffer, nbytes))
TRAMPOLINE(int, PQputCopyEnd, (PGconn *conn, const char *errormsg), (conn, errormsg))
VOID_TRAMPOLINE(PQclear, (PGresult *res), (res))
TRAMPOLINE(ExecStatusType, PQresultStatus, (const PGresult *res), (res))
TRAMPOLINE(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))
TRAMPOLINE(int, PQntuples, (const PGresult *res), (res))
TRAMPOLINE(int, PQnfields, (const PGresult *res), (res))
TRAMPOLINE(int, PQnparams, (const PGresult *res), (res))
TRAMPOLINE(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))
TRAMPOLINE(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num))
TRAMPOLINE(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
TRAMPOLINE(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
TRAMPOLINE(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))
TRAMPOLINE(char *, PQcmdStatus, (PGresult *res), (res))
TRAMPOLINE(char *, PQcmdTuples, (PGresult *res), (res))
