import Database

/// Reads rows page by page in key order (keyset paging: `WHERE key > last ORDER BY key LIMIT n`),
/// so every page costs one indexed range scan however deep the reader is, and a restart
/// continues after the last committed key (`<name>.last.key`).
///
/// ```swift
/// SQLPagingReader<Account>(
///     pool: context.database, name: "accounts", table: "accounts", columns: ["id", "owner"], keyColumn: "id"
/// ) { row in Account(id: try row.decode(Int64.self, "id"), owner: try row.decode(String.self, "owner")) }
/// ```
public final class SQLPagingReader<Item>: ItemReader, ItemStream {
    private let pool: ConnectionPool
    private let name: String
    private let sql: String
    private let binds: [SQLValue]
    private let keyColumn: String
    private let pageSize: Int
    private let map: (SQLRow) throws -> Item
    private var page: [SQLRow] = []
    private var index = 0
    private var lastKey: Int64?
    private var committedKey: Int64?
    private var readCount: Int64 = 0
    private var exhausted = false

    /// Creates a reader.
    /// - Parameters:
    ///   - pool: The database.
    ///   - name: The prefix of the keys saved in the execution context.
    ///   - table: The table (or a view).
    ///   - columns: The columns to select; the key column is added when missing.
    ///   - keyColumn: A unique, indexed, integer column that orders the rows.
    ///   - filter: An optional SQL condition on the rows, with `$1`, `$2`, ... placeholders.
    ///   - binds: Values for the filter's placeholders.
    ///   - pageSize: Rows per query.
    ///   - map: Turns a row into an item.
    public init(
        pool: ConnectionPool, name: String, table: String, columns: [String], keyColumn: String, filter: String? = nil,
        binds: [SQLValue] = [], pageSize: Int = 1000, map: @escaping (SQLRow) throws -> Item
    ) {
        self.pool = pool
        self.name = name
        self.keyColumn = keyColumn
        self.pageSize = max(1, pageSize)
        self.map = map
        self.binds = binds
        let selected = columns.contains(keyColumn) ? columns : columns + [keyColumn]
        let keyPlaceholder = "$\(binds.count + 1)"
        let limitPlaceholder = "$\(binds.count + 2)"
        let condition = (filter.map { "(\($0)) AND " } ?? "") + "\(keyColumn) > \(keyPlaceholder)"
        sql = "SELECT \(selected.joined(separator: ", ")) FROM \(table) WHERE \(condition) ORDER BY \(keyColumn) LIMIT \(limitPlaceholder)"
    }

    /// The next row's item, or nil after the last row.
    public func read() async throws -> Item? {
        if index >= page.count {
            guard !exhausted else { return nil }
            try await fetch()
            guard index < page.count else { return nil }
        }
        let row = page[index]
        index += 1
        lastKey = try row.decode(Int64.self, keyColumn)
        readCount += 1
        do {
            return try map(row)
        } catch {
            throw BatchError(.readFailed, "\(name): row with \(keyColumn) = \(lastKey!) could not be mapped", cause: error)
        }
    }

    private func fetch() async throws {
        let after = lastKey ?? Int64.min
        let bindsForPage = binds + [.int(after), .int(Int64(pageSize))]
        do {
            page = try await pool.withConnection { try await $0.query(self.sql, bindsForPage) }
        } catch {
            throw BatchError(.readFailed, "\(name): reading a page after \(keyColumn) = \(after) failed", cause: error)
        }
        index = 0
        if page.count < pageSize { exhausted = true }
    }

    /// Continues after the last committed key.
    public func open(_ context: ExecutionContext) async throws {
        lastKey = context.int("\(name).last.key")
        committedKey = lastKey
        readCount = context.int("\(name).read.count") ?? 0
        page = []
        index = 0
        exhausted = false
    }

    /// Saves the last key read.
    public func update(_ context: inout ExecutionContext) throws {
        if let lastKey { context["\(name).last.key"] = .int(lastKey) }
        context["\(name).read.count"] = .int(readCount)
    }
}
