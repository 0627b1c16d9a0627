/// A per-connection cache of prepared statements keyed by their SQL text, evicting the
/// least recently used entry when full.
struct StatementCache<Statement> {
    private struct Entry {
        var statement: Statement
        var lastUse: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    var count: Int { entries.count }

    /// The cached statement for `sql`, marked as just used.
    mutating func lookup(_ sql: String) -> Statement? {
        clock &+= 1
        guard entries[sql] != nil else { return nil }
        entries[sql]!.lastUse = clock
        return entries[sql]!.statement
    }

    /// Caches `statement`; returns the statement evicted to make room, if any.
    mutating func insert(_ statement: Statement, for sql: String) -> Statement? {
        clock &+= 1
        var evicted: Statement?
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            evicted = oldest.value.statement
            entries[oldest.key] = nil
        }
        entries[sql] = Entry(statement: statement, lastUse: clock)
        return evicted
    }

    /// Removes and returns the statement for `sql`.
    mutating func remove(_ sql: String) -> Statement? {
        entries.removeValue(forKey: sql)?.statement
    }

    /// Removes and returns every statement.
    mutating func removeAll() -> [Statement] {
        defer { entries.removeAll() }
        return entries.values.map(\.statement)
    }
}
