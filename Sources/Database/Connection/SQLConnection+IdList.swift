/// Queries over a list of ids (a page's parameters, contexts, links): one statement per 500 ids,
/// so a page costs one query, never one per row, and no statement has more placeholders than a
/// driver allows.
extension SQLConnection {
    /// How many ids one statement binds at most.
    package static let idsPerStatement = 500

    /// Runs `sql` with `$1, $2, ...` for up to 500 of `ids` at a time and returns every row.
    /// - Parameters:
    ///   - ids: The ids; empty runs nothing.
    ///   - sql: Builds the statement from the placeholder list (`$1, $2, $3`).
    package func query(ids: [Int64], _ sql: (_ placeholders: String) -> String) async throws -> [SQLRow] {
        var rows: [SQLRow] = []
        for start in stride(from: 0, to: ids.count, by: Self.idsPerStatement) {
            let chunk = ids[start..<min(start + Self.idsPerStatement, ids.count)]
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            rows += try await query(sql(placeholders), chunk.map { .int($0) })
        }
        return rows
    }
}
