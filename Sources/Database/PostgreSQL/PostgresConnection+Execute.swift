import CLibPQ

extension PostgresConnection {
    /// Runs a prepared statement once; returns the result, which the caller must `PQclear`.
    private func run(_ sql: String, _ binds: [SQLValue]) throws -> OpaquePointer {
        let statement = try prepared(sql)
        let parameters = try parameters(binds, for: statement, sql: sql)
        try flushPendingBegin()
        let connection = try handle()
        let result = parameters.withPointers { values, lengths, formats in
            PQexecPrepared(connection, statement.name, Int32(parameters.count), values, lengths, formats, 0)
        }
        let status = PQresultStatus(result)
        guard let result, status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            defer { PQclear(result) }
            syncTransactionState()
            throw failure(result, statement: sql)
        }
        return result
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        let result = try run(sql, binds)
        defer { PQclear(result) }
        return try PostgresResult.rows(result)
    }

    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int {
        let result = try run(sql, binds)
        defer { PQclear(result) }
        return PostgresResult.affectedRows(result)
    }

    /// Sends the rows through libpq's pipeline mode: one round trip per ``pipelineChunk``
    /// statements instead of one per row, inside one transaction.
    func executeBatch(_ sql: String, _ rows: [[SQLValue]]) throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let statement = try prepared(sql)
        let encoded = try rows.enumerated().map { index, row in
            do {
                return try parameters(row, for: statement, sql: sql)
            } catch var error as DatabaseError {
                error.message = "row \(index + 1) of \(rows.count): \(error.message)"
                error.batchRow = index
                throw error
            }
        }
        let outermost = transactionDepth == 0
        if outermost { try begin(TransactionOptions()) }
        do {
            var changed = 0
            var start = 0
            while start < encoded.count {
                let end = min(start + pipelineChunk, encoded.count)
                changed += try pipeline(statement, encoded[start..<end], total: rows.count, sql: sql)
                start = end
            }
            if outermost { try commit() }
            return changed
        } catch {
            if outermost { try? rollback() }
            throw error
        }
    }

    private func pipeline(
        _ statement: Prepared, _ rows: ArraySlice<PostgresParameters>, total: Int, sql: String
    ) throws -> Int {
        try flushPendingBegin()
        let connection = try handle()
        guard PQenterPipelineMode(connection) == 1 else { throw failure(nil, statement: sql) }
        defer { PQexitPipelineMode(connection) }
        for parameters in rows {
            let sent = parameters.withPointers { values, lengths, formats in
                PQsendQueryPrepared(connection, statement.name, Int32(parameters.count), values, lengths, formats, 0)
            }
            guard sent == 1 else { throw abandonPipeline(sql) }
        }
        guard PQpipelineSync(connection) == 1 else { throw abandonPipeline(sql) }
        var changed = 0
        var firstError: DatabaseError?
        for index in rows.indices {
            // Each statement yields its result, then nil.
            while let result = PQgetResult(connection) {
                defer { PQclear(result) }
                switch PQresultStatus(result) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
                    changed += PostgresResult.affectedRows(result)
                case PGRES_PIPELINE_ABORTED:
                    break
                default:
                    if firstError == nil {
                        var error = failure(result, statement: sql)
                        error.message = "row \(index + 1) of \(total): \(error.message)"
                        error.batchRow = index
                        firstError = error
                    }
                }
            }
            if isBroken || PQstatus(connection) != CONNECTION_OK { throw firstError ?? failure(nil, statement: sql) }
        }
        guard let sync = PQgetResult(connection) else { throw firstError ?? failure(nil, statement: sql) }
        let status = PQresultStatus(sync)
        PQclear(sync)
        if let firstError { throw firstError }
        guard status == PGRES_PIPELINE_SYNC else { throw failure(nil, statement: sql) }
        return changed
    }

    /// A pipeline that could not be sent leaves results the connection cannot match up; it is not reused.
    private func abandonPipeline(_ sql: String) -> DatabaseError {
        let error = failure(nil, statement: sql)
        isBroken = true
        return error
    }
}

extension PostgresConnection {
    /// Inside a transaction the statements (and the pending `BEGIN`) go out in one pipeline:
    /// one round trip for all of them. Outside one they run one by one, as each must commit on
    /// its own (a pipeline would make them one implicit transaction).
    func executeSequence(_ statements: [(sql: String, binds: [SQLValue])]) throws -> [Int] {
        guard transactionDepth > 0, statements.count > 1 || pendingBegin != nil else {
            return try statements.map { try execute($0.sql, $0.binds) }
        }
        let encoded = try statements.map { statement in
            let prepared = try prepared(statement.sql)
            return (prepared, try parameters(statement.binds, for: prepared, sql: statement.sql))
        }
        let connection = try handle()
        let first = statements.first?.sql ?? ""
        guard PQenterPipelineMode(connection) == 1 else { throw failure(nil, statement: first) }
        defer { PQexitPipelineMode(connection) }
        var sent: [String] = []
        if let begin = pendingBegin {
            pendingBegin = nil
            guard PQsendQueryParams(connection, begin, 0, nil, nil, nil, nil, 0) == 1 else { throw abandonPipeline(begin) }
            sent.append(begin)
        }
        for ((statement, parameters), sql) in zip(encoded, statements.map(\.sql)) {
            let queued = parameters.withPointers { values, lengths, formats in
                PQsendQueryPrepared(connection, statement.name, Int32(parameters.count), values, lengths, formats, 0)
            }
            guard queued == 1 else { throw abandonPipeline(sql) }
            sent.append(sql)
        }
        guard PQpipelineSync(connection) == 1 else { throw abandonPipeline(first) }
        var changed: [Int] = []
        var firstError: DatabaseError?
        for sql in sent {
            // Each query yields its result, then nil.
            while let result = PQgetResult(connection) {
                defer { PQclear(result) }
                switch PQresultStatus(result) {
                case PGRES_COMMAND_OK, PGRES_TUPLES_OK: changed.append(PostgresResult.affectedRows(result))
                case PGRES_PIPELINE_ABORTED: break
                default: if firstError == nil { firstError = failure(result, statement: sql) }
                }
            }
            if isBroken || PQstatus(connection) != CONNECTION_OK { throw firstError ?? failure(nil, statement: sql) }
        }
        guard let sync = PQgetResult(connection) else { throw firstError ?? failure(nil, statement: first) }
        let status = PQresultStatus(sync)
        PQclear(sync)
        syncTransactionState()
        if let firstError { throw firstError }
        guard status == PGRES_PIPELINE_SYNC else { throw failure(nil, statement: first) }
        // The BEGIN's result is not a statement's.
        return Array(changed.suffix(statements.count))
    }
}
