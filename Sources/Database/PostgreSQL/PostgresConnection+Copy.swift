import CLibPQ

extension PostgresConnection {
    /// Bytes buffered before each `PQputCopyData`: small enough that the server parses the first
    /// rows of a statement while the rest are still being encoded.
    private static let copyBufferSize = 1 << 13

    /// Rows per `COPY` statement when a call is split. For a multi-row insert the server makes
    /// one tuple slot per row it buffers (up to 1,000 rows or 64 KiB of input, whichever comes
    /// first), and each slot pins the table's descriptor in a resource owner whose bookkeeping of
    /// many pins of one descriptor costs time quadratic in their number (PostgreSQL 15): a
    /// 1,000-row `COPY` spent about a third of the server's time there. Four statements of 250
    /// rows in one transaction cost a sixteenth of that.
    static let copyStatementRows = 250

    /// The longest call that is split. The server makes its slots once per statement and reuses
    /// them, so past about 2,000 rows one statement pays the quadratic cost once and the extra
    /// statements and round trips of a split cost more than they save.
    static let copySplitLimit = 2_000

    /// `COPY table (columns) FROM STDIN` in text format. A call of up to ``copySplitLimit`` rows
    /// goes out as statements of ``copyStatementRows`` rows (unless rows are so wide that the
    /// server buffers fewer anyway), all in one query string: they are atomic even outside a
    /// transaction, and the server goes from one to the next in the round trip that ends the
    /// previous one.
    func copy(into table: String, columns: [String], rows: [[SQLValue]]) throws -> Int {
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        var copy = CopyState(rows: rows, sql: sql, columns: columns.count)
        let statements = max(1, (rows.count + copy.statementRows - 1) / copy.statementRows)
        let connection = try handle()
        let text = takingPendingBegin(Array(repeating: sql, count: statements).joined(separator: "; "))
        var result = PQexec(connection, text)
        for statement in 0..<statements {
            guard PQresultStatus(result) == PGRES_COPY_IN else {
                // The server refused the statement (or an earlier one): it ran none of the rest.
                copy.fail(result, connection: self, statementRows: copy.statementRange(statement))
                PQclear(result)
                result = nil
                drain(connection)
                break
            }
            PQclear(result)
            result = nil
            let range = copy.statementRange(statement)
            try send(rows[range], connection: connection, state: &copy)
            // The statement's own result, then the next statement's COPY_IN (or nil after the last).
            while let next = PQgetResult(connection) {
                if PQresultStatus(next) == PGRES_COPY_IN {
                    result = next
                    break
                }
                defer { PQclear(next) }
                if PQresultStatus(next) == PGRES_COMMAND_OK {
                    copy.loaded += PostgresResult.affectedRows(next)
                } else {
                    copy.fail(next, connection: self, statementRows: range)
                }
            }
            if copy.error != nil || result == nil { break }
        }
        PQclear(result)
        syncTransactionState()
        if let error = copy.error { throw error }
        return copy.loaded
    }

    /// Sends one statement's rows and ends its data; a row the client cannot encode ends it with
    /// an error, so that the server aborts the statement (and the rest).
    private func send(_ rows: ArraySlice<[SQLValue]>, connection: OpaquePointer, state: inout CopyState) throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyBufferSize + 4096)
        let columns = state.columns
        for index in rows.indices {
            do {
                try PostgresCopyEncoder.append(rows[index], columns: columns, to: &buffer)
            } catch var error as DatabaseError {
                error.message = "row \(index + 1) of \(state.total): \(error.message)"
                error.statement = state.sql
                error.batchRow = index
                state.error = error
                break
            }
            if buffer.count >= Self.copyBufferSize {
                guard try put(buffer, connection: connection, sql: state.sql) else { return }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if state.error == nil, !buffer.isEmpty {
            guard try put(buffer, connection: connection, sql: state.sql) else { return }
        }
        if PQputCopyEnd(connection, state.error == nil ? nil : "swift-batch rejected a row") != 1 {
            guard PQstatus(connection) == CONNECTION_OK else { throw failure(nil, statement: state.sql) }
        }
    }

    /// Sends a buffer of rows; false when the server already ended the COPY with an error.
    private func put(_ buffer: [UInt8], connection: OpaquePointer, sql: String) throws -> Bool {
        let sent = buffer.withUnsafeBytes { raw in
            PQputCopyData(connection, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count))
        }
        if sent == 1 { return true }
        guard PQstatus(connection) == CONNECTION_OK else { throw failure(nil, statement: sql) }
        return false
    }

    /// Reads the results left after a failure, so the connection is ready for the next query.
    private func drain(_ connection: OpaquePointer) {
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            // A COPY the server still waits on (it cannot be after an error, but never hang on it).
            if PQresultStatus(result) == PGRES_COPY_IN { _ = PQputCopyEnd(connection, "swift-batch stopped the COPY") }
        }
    }
}

/// What a multi-statement `COPY` has loaded and the first error, with the row it names.
private struct CopyState {
    let rows: [[SQLValue]]
    let sql: String
    let columns: Int
    /// Rows per statement (all of them when the call is not split).
    let statementRows: Int
    var loaded = 0
    var error: DatabaseError?

    init(rows: [[SQLValue]], sql: String, columns: Int) {
        self.rows = rows
        self.sql = sql
        self.columns = columns
        statementRows = Self.statementRows(rows, columns: columns)
    }

    var total: Int { rows.count }

    /// ``PostgresConnection/copyStatementRows``, unless the call is short or long enough to go
    /// as one statement, or its rows (judged by the first few) are wider than 64 KiB divided by
    /// that number, when the server flushes its buffer before it holds that many rows anyway.
    private static func statementRows(_ rows: [[SQLValue]], columns: Int) -> Int {
        let split = PostgresConnection.copyStatementRows
        guard rows.count > split, rows.count <= PostgresConnection.copySplitLimit else { return max(rows.count, 1) }
        var sample: [UInt8] = []
        let sampled = rows.prefix(8)
        for row in sampled { try? PostgresCopyEncoder.append(row, columns: columns, to: &sample) }
        let width = max(1, sample.count / sampled.count)
        return 65_535 / width > split ? split : rows.count
    }

    func statementRange(_ statement: Int) -> Range<Int> {
        let start = statement * statementRows
        return min(start, rows.count)..<min(start + statementRows, rows.count)
    }

    /// Keeps the first error; the server's context names the failed line within the statement
    /// ("COPY transactions, line 3: ..."), which becomes the row's place among all rows.
    mutating func fail(_ result: OpaquePointer?, connection: PostgresConnection, statementRows: Range<Int>) {
        guard error == nil else { return }
        var failure = connection.failure(result, statement: sql)
        if let line = PostgresError.copyLine(result), line >= 1, line <= statementRows.count {
            let index = statementRows.lowerBound + line - 1
            failure.batchRow = index
            failure.message = "row \(index + 1) of \(total): \(failure.message)"
        }
        error = failure
    }
}
