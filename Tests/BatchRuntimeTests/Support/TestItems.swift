import BatchRuntime
import Database
import Synchronization

/// Reads 0..<count and runs a hook before returning a chosen index (to act "from another process").
final class HookedReader: ItemReader, ItemStream {
    private var position: Int64 = 0
    private let count: Int64
    private let hookAt: Int64?
    private let hook: (() async throws -> Void)?

    init(count: Int64, hookAt: Int64? = nil, hook: (() async throws -> Void)? = nil) {
        self.count = count
        self.hookAt = hookAt
        self.hook = hook
    }

    func read() async throws -> Int64? {
        guard position < count else { return nil }
        if position == hookAt { try await hook?() }
        defer { position += 1 }
        return position
    }

    func open(_ context: ExecutionContext) async throws { position = context.int("hooked.position") ?? 0 }
    func update(_ context: inout ExecutionContext) throws { context["hooked.position"] = .int(position) }
}

/// Switches shared between a test and the steps it runs.
final class Switch: Sendable {
    private let value = Atomic<Bool>(false)
    init(_ on: Bool = false) { value.store(on, ordering: .relaxed) }
    var isOn: Bool { value.load(ordering: .relaxed) }
    func set(_ on: Bool) { value.store(on, ordering: .relaxed) }
}

/// Inserts items into table `ITEMS` (in the chunk transaction), then fails when asked to, after
/// the rows went in: the rollback must remove them.
final class FailingAfterWriteWriter: ItemWriter {
    private let inner: SQLBatchWriter<Int64>
    private let failOn: @Sendable ([Int64]) -> Bool

    init(pool: ConnectionPool, failOn: @escaping @Sendable ([Int64]) -> Bool) {
        inner = SQLBatchWriter(pool: pool, table: "ITEMS", columns: ["ID"]) { [.int($0)] }
        self.failOn = failOn
    }

    func write(_ chunk: Chunk<Int64>) async throws {
        try await inner.write(chunk)
        if failOn(chunk.items) { throw Boom(description: "disk on fire while writing \(chunk.items.first ?? -1)...") }
    }
}
