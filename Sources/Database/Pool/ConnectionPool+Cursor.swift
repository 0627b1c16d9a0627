/// Cursors: queries whose rows are read in batches over a connection held meanwhile.
extension ConnectionPool {
    /// Starts a query whose rows ``SQLCursor/next()`` returns a batch at a time, on a connection
    /// the cursor keeps until ``SQLCursor/close()``.
    /// - Parameters:
    ///   - sql: One query (no trailing semicolon) with `$1`, `$2`, ... placeholders.
    ///   - binds: One value per placeholder.
    ///   - fetchSize: Rows per batch (at least 1).
    /// - Returns: The open cursor; close it on every path.
    /// - Throws: ``DatabaseError`` when no connection is free or the query is rejected; the
    ///   connection is back in the pool then.
    public func openCursor(_ sql: String, _ binds: [SQLValue] = [], fetchSize: Int = 1000) async throws -> SQLCursor {
        let connection = try await acquire()
        do {
            try await connection.perform { try $0.openCursor(sql, binds) }
        } catch {
            await release(connection)
            throw error
        }
        return SQLCursor(pool: self, connection: connection, fetchSize: max(1, fetchSize))
    }

    /// Runs `body` with a cursor over `sql` and closes it when `body` returns or throws.
    /// - Parameters:
    ///   - sql: One query (no trailing semicolon) with `$1`, `$2`, ... placeholders.
    ///   - binds: One value per placeholder.
    ///   - fetchSize: Rows per batch (at least 1).
    ///   - body: Reads the rows.
    /// - Returns: What `body` returns.
    /// - Throws: ``DatabaseError`` or what `body` throws.
    public func withCursor<T>(
        _ sql: String, _ binds: [SQLValue] = [], fetchSize: Int = 1000,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SQLCursor) async throws -> T
    ) async throws -> T {
        let cursor = try await openCursor(sql, binds, fetchSize: fetchSize)
        do {
            let value = try await body(cursor)
            await cursor.close()
            return value
        } catch {
            await cursor.close()
            throw error
        }
    }
}
