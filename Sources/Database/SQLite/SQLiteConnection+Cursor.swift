import CSQLite

/// The SQLite cursor: one prepared statement stepped a batch at a time on this connection.
///
/// The statement is prepared for the cursor alone (not taken from the statement cache, which
/// resets what it lends) and finalized when the cursor ends. While it is open the connection
/// holds a read transaction; in WAL mode other connections keep committing meanwhile, and the
/// cursor goes on seeing the database as it was when its first row was read.
extension SQLiteConnection {
    func openCursor(_ sql: String, _ binds: [SQLValue]) throws {
        guard cursor == nil else {
            throw DatabaseError(.misuse, "the connection has an open cursor already", statement: sql)
        }
        let db = try handle()
        let statement = try SQLiteStatement(db: db, sql: sql)
        do {
            try statement.bind(binds, db: db)
        } catch {
            statement.finalize()
            throw error
        }
        cursor = statement
    }

    func fetchCursor(_ count: Int) throws -> [SQLRow] {
        guard let statement = cursor else { return [] }
        do {
            let (rows, done) = try statement.step(db: try handle(), limit: max(1, count))
            if done { try closeCursor() }
            return rows
        } catch {
            try? closeCursor()
            throw error
        }
    }

    func closeCursor() throws {
        guard let statement = cursor else { return }
        cursor = nil
        // Ends the statement's read transaction; its result code repeats the last step's error, if any.
        statement.finalize()
    }
}
