import DatabaseTestSupport
import Foundation
import Testing

@testable import BatchRuntime

@Suite("Readers and writers inside jobs")
struct ItemIntegrationTests {
    @Test("the keyset paging reader resumes after the last committed key", arguments: TestDatabase.allCases)
    func pagingReaderRestart(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            try await repository.pool.withConnection { connection in
                try await connection.execute("CREATE TABLE SOURCE (ID BIGINT PRIMARY KEY, NAME VARCHAR(20) NOT NULL)")
                try await connection.execute("CREATE TABLE TARGET (ID BIGINT PRIMARY KEY, NAME VARCHAR(20) NOT NULL)")
                // Gaps in the keys: paging must follow the key, not row numbers.
                try await connection.executeBatch(
                    "INSERT INTO SOURCE (ID, NAME) VALUES ($1, $2)", (1...47).map { [.int(Int64($0 * 3)), .text("n\($0)")] })
            }
            let fail = Switch(true)
            let job = Job("copy") {
                ChunkStep(
                    "copy", commitInterval: 10,
                    reader: { context in
                        SQLPagingReader<(Int64, String)>(
                            pool: context.database, name: "source", table: "SOURCE", columns: ["ID", "NAME"], keyColumn: "ID",
                            filter: "NAME <> $1", binds: [.text("n5")], pageSize: 7
                        ) { row in (try row.decode(Int64.self, "ID"), try row.decode(String.self, "NAME")) }
                    },
                    writer: { context in
                        FailOnce(fail: fail, at: 99, inner: SQLBatchWriter(pool: context.database, table: "TARGET", columns: ["ID", "NAME"]) {
                            [.int($0.0), .text($0.1)]
                        })
                    })
            }
            let launcher = testLauncher(repository)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            let failedStep = try #require(try await steps(repository, first.id)["copy"])
            #expect(failedStep.executionContext.int("source.last.key") == 93, "three chunks of 10 committed (n5, id 15, filtered by the query)")
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            let ids = try await repository.pool.withConnection { connection in
                try await connection.query("SELECT ID FROM TARGET ORDER BY ID").map { try $0.decode(Int64.self, "ID") }
            }
            let expected: [Int64] = (1...47).filter { $0 != 5 }.map { Int64($0 * 3) }
            #expect(ids == expected)
        }
    }

    @Test("the flat-file writer drops lines of a rolled-back chunk on restart", arguments: [TestDatabase.sqlite])
    func flatFileWriterRestart(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            try await withRepository(database) { repository in
                let path = directory.appendingPathComponent("out.csv").path
                let fail = Switch(true)
                let job = Job("export") {
                    ChunkStep(
                        "export", commitInterval: 4, reader: { _ in HookedReader(count: 10) },
                        process: { item in "line \(item), \"quoted\"" },
                        writer: { _ in
                            FailOnce(fail: fail, at: 9, inner: FlatFileWriter<String>(name: "out", path: path, header: "text") {
                                DelimitedText.format([$0])
                            })
                        })
                }
                let launcher = testLauncher(repository)
                let first = try await launcher.run(job, parameters: JobParameters())
                #expect(first.status == .failed)
                let partial = try String(contentsOfFile: path, encoding: .utf8)
                #expect(partial.split(separator: "\n").count == 1 + 8 + 2, "the failed chunk's lines reached the file")
                let second = try await launcher.run(job, parameters: JobParameters())
                #expect(second.status == .completed)
                let expected = "text\n" + (0..<10).map { DelimitedText.format(["line \($0), \"quoted\""]) + "\n" }.joined()
                #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
            }
        }
    }
}

/// Writes through `inner`, then fails once after a chunk holding an item whose key is `at`
/// was written: the chunk must roll back (database) or be truncated away on restart (file).
final class FailOnce<Inner: ItemWriter>: ItemWriter, ItemStream {
    let fail: Switch
    let at: Int64
    let inner: Inner
    let key: (Inner.Item) -> Int64

    init(fail: Switch, at: Int64, inner: Inner) where Inner.Item == (Int64, String) {
        self.fail = fail
        self.at = at
        self.inner = inner
        self.key = { $0.0 }
    }

    init(fail: Switch, at: Int64, inner: Inner) where Inner.Item == String {
        self.fail = fail
        self.at = at
        self.inner = inner
        self.key = { Int64($0.split(separator: " ")[1].dropLast()) ?? -1 }
    }

    func write(_ chunk: Chunk<Inner.Item>) async throws {
        try await inner.write(chunk)
        if fail.isOn, chunk.contains(where: { key($0) == at }) {
            fail.set(false)
            throw Boom(description: "failed after writing")
        }
    }

    func open(_ context: ExecutionContext) async throws { try await (inner as? any ItemStream)?.open(context) }
    func update(_ context: inout ExecutionContext) throws { try (inner as? any ItemStream)?.update(&context) }
    func close() async throws { try await (inner as? any ItemStream)?.close() }
}
