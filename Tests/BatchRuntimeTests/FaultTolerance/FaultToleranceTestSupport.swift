import BatchRuntime
import Database
import Foundation
import Synchronization

/// A ledger line: `id,amount`.
struct Entry: Sendable, Equatable {
    var id: Int64
    var amount: Int64
}

/// What a processor rejects.
struct InvalidEntry: Error, CustomStringConvertible {
    var id: Int64
    var description: String { "entry \(id) is invalid" }
}

/// A failure that goes away when tried again.
struct Transient: Error, CustomStringConvertible {
    var description: String { "the service is briefly unavailable" }
}

/// Records what the fault tolerance tells its listeners, in order.
final class FaultEvents: SkipListener, RetryListener, Sendable {
    private let events = Mutex<[String]>([])

    var all: [String] { events.withLock { $0 } }

    func onSkipInRead(_ error: any Error) async { record("read skip: \(BatchError.describe(error))") }
    func onSkipInProcess(_ item: Any, error: any Error) async { record("process skip: \((item as? Entry)?.id ?? -1)") }
    func onSkipInWrite(_ item: Any, error: any Error) async { record("write skip: \((item as? Entry)?.id ?? -1)") }
    func onRetry(attempt: Int, error: any Error, delay: Duration) async { record("retry \(attempt)") }
    func onRetryExhausted(attempts: Int, error: any Error) async { record("exhausted after \(attempts)") }

    private func record(_ event: String) { events.withLock { $0.append(event) } }
}

/// Fails the first `times` writes of any chunk holding item `id`, then writes through `inner`.
final class FlakyWriter<Inner: ItemWriter<Entry>>: ItemWriter {
    let inner: Inner
    let id: Int64
    private let left: Atomic<Int>

    init(_ inner: Inner, failing id: Int64, times: Int) {
        self.inner = inner
        self.id = id
        self.left = Atomic(times)
    }

    func write(_ chunk: Chunk<Entry>) async throws {
        if chunk.contains(where: { $0.id == id }), left.load(ordering: .relaxed) > 0 {
            left.subtract(1, ordering: .relaxed)
            throw Transient()
        }
        try await inner.write(chunk)
    }
}

enum Ledger {
    /// `LEDGER`, whose amounts may not be negative: a negative one fails its write.
    static func create(_ pool: ConnectionPool) async throws {
        try await pool.withConnection { connection in
            _ = try await connection.execute("CREATE TABLE LEDGER (ID BIGINT PRIMARY KEY, AMOUNT BIGINT NOT NULL CHECK (AMOUNT >= 0))")
        }
    }

    static func ids(_ pool: ConnectionPool) async throws -> [Int64] {
        try await pool.withConnection { connection in
            try await connection.query("SELECT ID FROM LEDGER ORDER BY ID").map { try $0.decode(Int64.self, "ID") }
        }
    }

    /// `id,amount` lines for ids 1...count; `broken` ids get a third field (unreadable),
    /// `negative` ids a negative amount (unwritable), `invalid` ids amount 13 (rejected).
    static func file(
        at path: String, count: Int64, broken: Set<Int64> = [], invalid: Set<Int64> = [], negative: Set<Int64> = []
    ) throws {
        var text = "id,amount\n"
        for id in 1...count {
            if broken.contains(id) {
                text += "\(id),10,extra\n"
            } else {
                text += "\(id),\(negative.contains(id) ? -5 : invalid.contains(id) ? 13 : 10 * id)\n"
            }
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func reader(_ path: String) -> DelimitedFileReader<Entry> {
        DelimitedFileReader(name: "ledger", path: path) { record in
            Entry(id: Int64(record[0]) ?? -1, amount: Int64(record[1]) ?? -1)
        }
    }

    static func writer(_ pool: ConnectionPool) -> SQLBatchWriter<Entry> {
        SQLBatchWriter(pool: pool, table: "LEDGER", columns: ["ID", "AMOUNT"]) { [.int($0.id), .int($0.amount)] }
    }

    /// Rejects amount 13, filters id 20, passes the rest.
    static func check(_ entry: Entry) throws -> Entry? {
        if entry.amount == 13 { throw InvalidEntry(id: entry.id) }
        return entry.id == 20 ? nil : entry
    }
}
