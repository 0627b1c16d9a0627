import CLibPQ
import Foundation

/// The PostgreSQL driver: one libpq connection in blocking mode, used by one thread at a time.
final class PostgresConnection: DriverConnection {
    /// A statement prepared on the server under `name`.
    struct Prepared {
        let name: String
        let parameterCount: Int
    }

    let dialect = SQLDialect.postgresql
    var connection: OpaquePointer?
    var cache: StatementCache<Prepared>
    private var nextStatementNumber = 0
    var transactionDepth = 0
    /// The `BEGIN` of the outermost transaction until its first statement carries it to the
    /// server (in the same message, or the same pipeline): a transaction costs no round trip of its own.
    var pendingBegin: String?
    var isBroken = false
    /// The query of the open cursor (see `PostgresConnection+Cursor.swift`), for error messages.
    var cursorQuery: String?
    /// Statements per pipeline sync in ``executeBatch(_:_:)``: bounds what either side buffers.
    let pipelineChunk = 1000

    private(set) var serverVersion = "PostgreSQL"

    /// Connects with `PQconnectdbParams`.
    /// - Parameters:
    ///   - settings: Host, port, database, credentials and libpq options.
    ///   - url: The redacted URL, for messages.
    init(settings: PostgresSettings, url: String, connectTimeout: Duration, statementCacheCapacity: Int) throws {
        cache = StatementCache(capacity: statementCacheCapacity)
        var loadError = [CChar](repeating: 0, count: 512)
        if swift_batch_libpq_load(&loadError, loadError.count) != 0 {
            let reason = String(decoding: loadError.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw DatabaseError(
                .connectionFailed, "cannot load the PostgreSQL client library libpq.so.5 to connect to \(url): \(reason)",
                hint: "install it (apt-get install libpq5)")
        }
        let seconds = max(1, Int(connectTimeout.components.seconds))
        let pairs = settings.connectionKeywords(applicationName: "swift-batch", connectTimeoutSeconds: seconds)
        let keywords = pairs.map { strdup($0.0) } + [nil]
        let values = pairs.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let handle = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keys in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { vals in
                PQconnectdbParams(keys.baseAddress, vals.baseAddress, 0)
            }
        }
        guard let handle, PQstatus(handle) == CONNECTION_OK else {
            let error = PostgresError.connectFailure(handle, url: url)
            PQfinish(handle)
            throw error
        }
        connection = handle
        // libpq prints NOTICE messages to stderr by default; they are not errors.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        let version = PQserverVersion(handle)
        serverVersion = "PostgreSQL \(version / 10000).\(version % 10000)"
    }

    deinit { close() }

    func handle() throws -> OpaquePointer {
        guard let connection, !isBroken else {
            throw DatabaseError(.connectionLost, "the PostgreSQL connection is closed")
        }
        return connection
    }

    /// The error a failed result stands for; marks the connection broken when it was lost.
    func failure(_ result: OpaquePointer?, statement: String?) -> DatabaseError {
        guard let connection else { return DatabaseError(.connectionLost, "the PostgreSQL connection is closed") }
        let error = PostgresError.make(result: result, connection: connection, statement: statement)
        if error.code == .connectionLost { isBroken = true }
        return error
    }

    /// Runs a statement without parameters through the simple query protocol (after the
    /// pending `BEGIN`, in the same message).
    @discardableResult
    func simple(_ sql: String) throws -> String {
        let connection = try handle()
        let result = PQexec(connection, takingPendingBegin(sql))
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard result != nil, status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY
        else { throw failure(result, statement: sql) }
        return String(cString: PQcmdStatus(result))
    }

    func executeScript(_ sql: String) throws {
        try simple(sql)
        syncTransactionState()
    }

    /// Re-reads the depth after statements that may have ended a transaction on the server.
    func syncTransactionState() {
        guard let connection, pendingBegin == nil else { return }
        if PQtransactionStatus(connection) == PQTRANS_IDLE { transactionDepth = 0 }
    }

    /// `sql` preceded by the pending `BEGIN` as one simple-query string, which the server runs in order.
    func takingPendingBegin(_ sql: String) -> String {
        guard let begin = pendingBegin else { return sql }
        pendingBegin = nil
        return begin + "; " + sql
    }

    /// Sends the pending `BEGIN` on its own, before a statement that cannot carry it.
    func flushPendingBegin() throws {
        guard let begin = pendingBegin else { return }
        pendingBegin = nil
        try simple(begin)
    }

    /// Opens a savepoint at once; the outermost `BEGIN` waits for the transaction's first statement.
    func begin(_ options: TransactionOptions) throws {
        if transactionDepth == 0 {
            pendingBegin = options.beginStatement(for: .postgresql)
        } else {
            try simple("SAVEPOINT sb_\(transactionDepth)")
        }
        transactionDepth += 1
    }

    func commit() throws {
        guard transactionDepth > 0 else { return }
        if transactionDepth == 1, pendingBegin != nil {
            // No statement ran: the server never saw the transaction.
            pendingBegin = nil
            transactionDepth = 0
            return
        }
        if transactionDepth > 1 {
            try simple("RELEASE SAVEPOINT sb_\(transactionDepth - 1)")
            transactionDepth -= 1
            return
        }
        let tag: String
        do {
            tag = try simple("COMMIT")
        } catch {
            syncTransactionState()
            throw error
        }
        transactionDepth = 0
        // PostgreSQL answers COMMIT of a failed transaction with a ROLLBACK, not an error.
        if tag == "ROLLBACK" {
            throw DatabaseError(
                .transactionAborted, "the transaction was rolled back because a statement in it failed",
                driverCode: "25P02", hint: "handle the statement's error, or roll back to a savepoint around it",
                statement: "COMMIT")
        }
    }

    func rollback() throws {
        guard transactionDepth > 0 else { return }
        defer { transactionDepth -= 1 }
        if transactionDepth == 1, pendingBegin != nil {
            pendingBegin = nil
            return
        }
        do {
            if transactionDepth == 1 {
                try simple("ROLLBACK")
            } else {
                let name = "sb_\(transactionDepth - 1)"
                try simple("ROLLBACK TO SAVEPOINT \(name)")
                try simple("RELEASE SAVEPOINT \(name)")
            }
        } catch {
            isBroken = true
            throw error
        }
    }

    var cachedStatementCount: Int { cache.count }

    /// Checks an idle connection without blocking and without a round trip.
    ///
    /// An idle connection receives nothing from the server (swift-batch never LISTENs), so
    /// any byte waiting on its socket is the notice a terminated backend or a shutting-down
    /// server sends before it closes (SQLSTATE 57P01), and end-of-file means it is gone.
    /// Either way the connection is broken and the pool replaces it.
    func checkHealth() -> Bool {
        guard let connection, !isBroken else { return false }
        guard PQstatus(connection) == CONNECTION_OK, PQtransactionStatus(connection) == PQTRANS_IDLE else {
            isBroken = true
            return false
        }
        let socket = PQsocket(connection)
        var byte: UInt8 = 0
        let peeked = socket < 0 ? 0 : recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if peeked < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return true }
        isBroken = true
        return false
    }

    func close() {
        if let connection { PQfinish(connection) }
        connection = nil
    }

    /// A server-side prepared statement for `sql`, prepared on first use.
    func prepared(_ sql: String) throws -> Prepared {
        if let cached = cache.lookup(sql) { return cached }
        let connection = try handle()
        nextStatementNumber += 1
        let name = "sb\(nextStatementNumber)"
        let result = PQprepare(connection, name, sql, 0, nil)
        defer { PQclear(result) }
        guard result != nil, PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw failure(result, statement: sql)
        }
        let description = PQdescribePrepared(connection, name)
        defer { PQclear(description) }
        guard let description, PQresultStatus(description) == PGRES_COMMAND_OK else {
            throw failure(description, statement: sql)
        }
        let statement = Prepared(name: name, parameterCount: Int(PQnparams(description)))
        if let evicted = cache.insert(statement, for: sql), PQtransactionStatus(connection) != PQTRANS_INERROR {
            _ = try? simple("DEALLOCATE \(evicted.name)")
        }
        return statement
    }

    /// Encodes values for a prepared statement, checking their number.
    func parameters(_ values: [SQLValue], for statement: Prepared, sql: String) throws -> PostgresParameters {
        guard values.count == statement.parameterCount else {
            throw DatabaseError(
                .bindMismatch,
                "the statement takes \(statement.parameterCount) value(s) but \(values.count) were given",
                statement: sql)
        }
        return try PostgresParameters(values, statement: sql)
    }
}
