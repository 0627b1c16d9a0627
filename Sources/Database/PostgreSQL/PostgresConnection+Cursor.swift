import CLibPQ

/// The PostgreSQL cursor: a server-side cursor in a read-only transaction,
/// `BEGIN READ ONLY; DECLARE sb_cursor NO SCROLL CURSOR FOR <query>; FETCH FORWARD n FROM sb_cursor; ...; ROLLBACK`.
///
/// Chosen over libpq's single-row mode because:
/// - the server produces rows only when asked, `n` at a time, so memory stays bounded on both
///   sides without relying on the socket's back-pressure while the step writes a chunk;
/// - each batch arrives as one `PGresult` (single-row mode allocates one per row, and its chunked
///   variant needs libpq 17);
/// - between batches the connection is idle in its transaction, not in the middle of a result,
///   so ending early (a failed or stopped step) is one `ROLLBACK`, where an abandoned single-row
///   query needs a cancel request and the draining of whatever the server had sent.
/// The cost is one round trip per batch, which the fetch size amortises.
///
/// The transaction counts in ``transactionDepth``, so a connection whose cursor could not be
/// ended goes back to its pool as not reusable and is discarded.
extension PostgresConnection {
    private static let cursorName = "sb_cursor"

    func openCursor(_ sql: String, _ binds: [SQLValue]) throws {
        guard cursorQuery == nil, transactionDepth == 0 else {
            throw DatabaseError(
                .misuse, "a cursor needs a connection with no open cursor or transaction", statement: sql)
        }
        let parameters = try PostgresParameters(binds, statement: sql)
        try begin(.readOnly)
        do {
            // DECLARE goes through the extended protocol, which cannot carry the deferred BEGIN.
            try flushPendingBegin()
            // Unnamed and unprepared: DECLARE cannot be PREPAREd, but the extended protocol binds its parameters.
            let declare = "DECLARE \(Self.cursorName) NO SCROLL CURSOR FOR \(sql)"
            let connection = try handle()
            let result = parameters.withPointers { values, lengths, formats in
                PQexecParams(connection, declare, Int32(parameters.count), nil, values, lengths, formats, 0)
            }
            defer { PQclear(result) }
            guard result != nil, PQresultStatus(result) == PGRES_COMMAND_OK else { throw failure(result, statement: sql) }
        } catch {
            try? rollback()
            throw error
        }
        cursorQuery = sql
    }

    func fetchCursor(_ count: Int) throws -> [SQLRow] {
        guard let query = cursorQuery else { return [] }
        let count = max(1, count)
        do {
            let result = PQexec(try handle(), "FETCH FORWARD \(count) FROM \(Self.cursorName)")
            defer { PQclear(result) }
            guard let result, PQresultStatus(result) == PGRES_TUPLES_OK else { throw failure(result, statement: query) }
            let rows = try PostgresResult.rows(result)
            if rows.count < count { try closeCursor() }
            return rows
        } catch {
            try? closeCursor()
            throw error
        }
    }

    func closeCursor() throws {
        guard cursorQuery != nil else { return }
        cursorQuery = nil
        // Ending the transaction closes the cursor too, in one round trip, even after an error aborted it.
        try rollback()
    }
}
