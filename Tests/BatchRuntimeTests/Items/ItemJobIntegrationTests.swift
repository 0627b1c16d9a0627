import DatabaseTestSupport
import Foundation
import Testing

@testable import BatchRuntime

@Suite("New readers and writers inside jobs")
struct ItemJobIntegrationTests {
    @Test(
        "JSON Lines over several files, validated and classified into two JSON Lines files: a failure midway, then a restart writes every item once",
        arguments: TestDatabase.allCases)
    func jsonLinesRestart(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(database) { repository in
                let dir = directory.path
                // 14 orders over two files; order 5 is invalid and filtered.
                for (file, ids) in [("orders-1.jsonl", 1...7), ("orders-2.jsonl", 8...14)] {
                    let lines = ids.map { id in "{\"id\":\(id),\"amount\":\(id == 5 ? -1 : id * 10)}\n" }
                    try Data(lines.joined().utf8).write(to: URL(fileURLWithPath: "\(dir)/\(file)"))
                }
                let fail = Switch(true)
                let job = Job("split-orders") {
                    ChunkStep(
                        "split", commitInterval: 3,
                        reader: { _ in
                            MultiFileReader<Order>(name: "inputs", pattern: "\(dir)/orders-*.jsonl") { path in
                                JSONLinesReader<Order>(name: "orders", path: path)
                            }
                        },
                        processor: { _ in
                            ValidatingItemProcessor<Order>(rejecting: .filter) { order in
                                if order.amount <= 0 { throw BatchError(.processFailed, "amount must be positive") }
                            }
                        },
                        writer: { _ in
                            try FailAfterWriting(fail: fail, id: 10) {
                                try ClassifierItemWriter<Order, Bool>(
                                    routes: [
                                        true: JSONLinesWriter<Order>(name: "large", path: "\(dir)/large.jsonl"),
                                        false: JSONLinesWriter<Order>(name: "small", path: "\(dir)/small.jsonl"),
                                    ]) { $0.amount >= 100 }
                            }
                        })
                }
                let launcher = testLauncher(repository)
                let first = try await launcher.run(job, parameters: JobParameters())
                #expect(first.status == .failed)
                let failed = try #require(try await steps(repository, first.id)["split"])
                #expect(failed.counts.read == 9, "three chunks of three committed")
                #expect(failed.counts.filter == 1)
                #expect(failed.counts.write == 8)
                #expect(failed.executionContext.int("inputs.file.index") == 1)
                #expect(failed.executionContext.string("inputs.file.name") == "\(dir)/orders-2.jsonl")
                #expect(failed.executionContext.int("orders.line") == 2)
                #expect(try Self.ids("\(dir)/large.jsonl") == [10, 11, 12], "the failed chunk's lines reached the file")

                let second = try await launcher.run(job, parameters: JobParameters())
                #expect(second.status == .completed)
                let resumed = try #require(try await steps(repository, second.id)["split"])
                #expect(resumed.counts.read == 5)
                #expect(resumed.counts.write == 5)
                #expect(resumed.executionContext.int("inputs.read.count") == 14)
                #expect(try Self.ids("\(dir)/small.jsonl") == [1, 2, 3, 4, 6, 7, 8, 9])
                #expect(try Self.ids("\(dir)/large.jsonl") == [10, 11, 12, 13, 14])
            }
        }
    }

    @Test(
        "a fixed-width file into a table and a JSON Lines file through a composite writer, skipping a bad line",
        arguments: TestDatabase.allCases)
    func fixedWidthComposite(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(database) { repository in
                _ = try await repository.pool.withConnection { connection in
                    try await connection.execute("CREATE TABLE PAYMENTS (ID BIGINT PRIMARY KEY, AMOUNT BIGINT NOT NULL)")
                }
                let input = directory.appendingPathComponent("pay.txt").path
                let output = directory.appendingPathComponent("pay.jsonl").path
                let lines = (1...9).map { id in id == 4 ? "0004" : "000\(id)" + String(repeating: " ", count: 4) + "\(id * 100)".padding(toLength: 4, withPad: " ", startingAt: 0) }
                try Data(("ID  AMOUNT  \n" + lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input))
                let fail = Switch(true)
                let job = Job("payments") {
                    ChunkStep(
                        "load", commitInterval: 2,
                        reader: { _ in
                            FixedWidthFileReader(name: "pay", path: input, columns: [("id", 0..<4), ("amount", 8..<12)], skipLines: 1) { record in
                                Order(id: Int(try record.field("id")) ?? -1, amount: Double(try record.field("amount")) ?? -1)
                            }
                        },
                        writer: { context in
                            FailAfterWriting(fail: fail, id: 7) {
                                CompositeItemWriter<Order>(
                                    SQLBatchWriter<Order>(pool: context.database, table: "PAYMENTS", columns: ["ID", "AMOUNT"]) {
                                        [.int(Int64($0.id)), .int(Int64($0.amount))]
                                    },
                                    JSONLinesWriter<Order>(name: "out", path: output))
                            }
                        }
                    ).faultTolerant(.skipping(.codes(.readFailed), limit: 5))
                }
                let launcher = testLauncher(repository)
                let first = try await launcher.run(job, parameters: JobParameters())
                #expect(first.status == .failed)
                let second = try await launcher.run(job, parameters: JobParameters())
                #expect(second.status == .completed)
                let ids = try await repository.pool.withConnection { connection in
                    try await connection.query("SELECT ID FROM PAYMENTS ORDER BY ID").map { try $0.decode(Int64.self, "ID") }
                }
                #expect(ids == [1, 2, 3, 5, 6, 7, 8, 9])
                #expect(try Self.ids(output) == [1, 2, 3, 5, 6, 7, 8, 9])
                let counts = try await [first.id, second.id].asyncMap { try #require(try await steps(repository, $0)["load"]).counts }
                #expect(counts.map(\.readSkip).reduce(0, +) == 1, "line 5 skipped once")
                #expect(counts.map(\.write).reduce(0, +) == 8)
            }
        }
    }

    /// The ids in a JSON Lines file of orders, in file order.
    static func ids(_ path: String) throws -> [Int] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            try JSONDecoder().decode(Order.self, from: Data(line.utf8)).id
        }
    }
}

extension Array {
    /// The array mapped by an async transform, in order.
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

/// Writes through the writer `make` builds, then fails once after a chunk holding the order
/// `id` was written: the chunk must roll back (database) or be cut away on restart (files).
final class FailAfterWriting<Inner: ItemWriter & ItemStream>: ItemWriter, ItemStream where Inner.Item == Order {
    let fail: Switch
    let id: Int
    let inner: Inner

    init(fail: Switch, id: Int, _ make: () throws -> Inner) rethrows {
        self.fail = fail
        self.id = id
        self.inner = try make()
    }

    func write(_ chunk: Chunk<Order>) async throws {
        try await inner.write(chunk)
        if fail.isOn, chunk.contains(where: { $0.id == id }) {
            fail.set(false)
            throw Boom(description: "failed after writing order \(id)")
        }
    }

    func open(_ context: ExecutionContext) async throws { try await inner.open(context) }
    func update(_ context: inout ExecutionContext) throws { try inner.update(&context) }
    func close() async throws { try await inner.close() }
}
