/// The sort columns a list allows, and the `ORDER BY` clause for a request: sorting is
/// whitelisted, never built from user text. Every order ends with the list's id, so pages are
/// stable when the sort values repeat.
package struct SortColumns: Sendable {
    /// A sortable column: its SQL expression and the names a request may use for it.
    package struct Column: Sendable {
        package var sql: String
        package var names: [String]
        /// Whether the column may be NULL: NULLs then sort last either way, on both databases
        /// (PostgreSQL and SQLite disagree by default).
        package var nullable: Bool

        package init(_ sql: String, names: [String], nullable: Bool = true) {
            self.sql = sql
            self.names = names
            self.nullable = nullable
        }
    }

    private let columns: [Column]
    private let id: String

    /// Creates a whitelist; `id` is the unique column that breaks ties (and the default order, newest first).
    package init(id: String, _ columns: [Column]) {
        self.id = id
        self.columns = columns
    }

    /// The names a request may use, for error messages.
    package var allowedNames: [String] { columns.map { $0.names[0] } }

    /// The `ORDER BY` clause (without the keywords) for `sort`, or nil naming the first unknown property.
    package func orderBy(_ sort: [SortOrder]) -> Result<String, UnknownProperty> {
        var terms: [(sql: String, ascending: Bool, nullable: Bool)] = []
        for order in sort {
            let wanted = canonical(order.property)
            guard let column = columns.first(where: { $0.names.contains { canonical($0) == wanted } }) else {
                return .failure(UnknownProperty(property: order.property, allowed: allowedNames))
            }
            terms.append((column.sql, order.ascending, column.nullable && column.sql != id))
        }
        if !terms.contains(where: { $0.sql == id }) { terms.append((id, terms.first?.ascending ?? false, false)) }
        return .success(
            terms.map { "\($0.sql) \($0.ascending ? "ASC" : "DESC")\($0.nullable ? " NULLS LAST" : "")" }.joined(separator: ", "))
    }

    /// A sort property the list does not allow.
    package struct UnknownProperty: Error, Sendable {
        package var property: String
        package var allowed: [String]

        /// `unknown sort property 'X'; sort by one of A, B, C`.
        package var message: String {
            "cannot sort by '\(property)'; sort by one of \(allowed.joined(separator: ", ")) (as NAME,asc or NAME,desc)"
        }
    }

    private func canonical(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "." && $0 != "-" })
    }
}
