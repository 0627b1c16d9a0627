import Database
import DatabaseTestSupport
import Foundation
import Testing

@testable import BatchRuntime

@Suite("Line range partitions in jobs: one CSV loaded by several workers, each reading its range")
struct LineRangePartitionJobTests {
    @Test("every row of the file is written exactly once by partitions that read their ranges", arguments: TestDatabase.allCases)
    func load(_ database: TestDatabase) async throws {
        let scratch = try FlatFileScratch()
        let file = Self.csv(rows: 1_000)
        let path = try scratch.write("rows.csv", file.text)
        try await withRepository(database) { repository in
            try await Self.createTarget(repository.pool)
            let execution = try await testLauncher(repository).run(Self.job(path: path, commitInterval: 40), parameters: JobParameters())
            #expect(execution.status == .completed)
            #expect(try await Self.rows(repository.pool) == file.rows)
            let steps = try await steps(repository, execution.id)
            #expect(steps["load"]?.counts.read == 1_000)
            var lines = 1
            for index in 0..<4 {
                let partition = try #require(steps["loadRange:partition\(index)"])
                #expect(partition.counts.read == 250)
                #expect(partition.executionContext.string(LineRangePartitioner.fileKey) == path)
                #expect(partition.executionContext.int(LineRangePartitioner.firstLineKey) == Int64(lines + 1), "partition \(index)")
                lines = Int(partition.executionContext.int(LineRangePartitioner.lastLineKey) ?? -1)
            }
            #expect(lines == file.lineCount)
        }
    }

    @Test("a bad record in a later partition fails it with the record's line in the whole file", arguments: TestDatabase.allCases)
    func badRecord(_ database: TestDatabase) async throws {
        let scratch = try FlatFileScratch()
        let file = Self.csv(rows: 400, badRow: 350)
        let path = try scratch.write("rows.csv", file.text)
        let badLine = try #require(file.lines[350])
        try await withRepository(database) { repository in
            try await Self.createTarget(repository.pool)
            let execution = try await testLauncher(repository).run(Self.job(path: path, commitInterval: 20), parameters: JobParameters())
            #expect(execution.status == .failed)
            let steps = try await steps(repository, execution.id)
            let failed = try #require(steps["loadRange:partition3"])
            #expect(failed.status == .failed)
            #expect(failed.exitStatus.exitDescription.contains("\(path):\(badLine): expected 2 fields, found 3"), "\(failed.exitStatus.exitDescription)")
            #expect(steps["load"]?.exitStatus.exitDescription.contains("1 of 4 partitions of step load did not complete: loadRange:partition3 FAILED") == true)
            let written = try await Self.rows(repository.pool).map(\.id)
            #expect(written == Array(1...340), "the other partitions, and the chunks before the bad record")
        }
    }

    @Test("a restart after one partition failed runs only that partition, from its checkpoint inside its range", arguments: TestDatabase.allCases)
    func restart(_ database: TestDatabase) async throws {
        let scratch = try FlatFileScratch()
        let file = Self.csv(rows: 400)
        let path = try scratch.write("rows.csv", file.text)
        try await withRepository(database) { repository in
            try await Self.createTarget(repository.pool)
            let fail = Switch(true)
            let job = Self.job(path: path, commitInterval: 25, fail: fail, failAt: 180)
            let launcher = testLauncher(repository)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            let manager = try #require(try await steps(repository, first.id)["load"])
            #expect(manager.exitStatus.exitDescription.contains("loadRange:partition1 FAILED"), "\(manager.exitStatus)")
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            let rerun = try await steps(repository, second.id)
            #expect(rerun.keys.sorted() == ["load", "loadRange:partition1"], "the completed partitions were not run again")
            let resumed = try #require(rerun["loadRange:partition1"])
            #expect(resumed.counts.read == 200 - 175, "resumed after its last committed chunk (151...175)")
            #expect(try await Self.rows(repository.pool) == file.rows)
        }
    }

    // MARK: - Support

    /// A CSV with a header and rows `1,n1` ... where every 37th name is quoted and spans two
    /// lines, and row `badRow` has three fields; with each row's line number and the file's last line.
    static func csv(rows: Int, badRow: Int? = nil) -> (text: String, rows: [Loaded], lines: [Int: Int], lineCount: Int) {
        var text = "id,name\n"
        var expected: [Loaded] = []
        var lines: [Int: Int] = [:]
        var line = 2
        for id in 1...rows {
            lines[id] = line
            if id == badRow {
                text += "\(id),n\(id),extra\n"
                line += 1
            } else if id % 37 == 0 {
                text += "\(id),\"n\(id)\nwith, a break\"\n"
                expected.append(Loaded(id: Int64(id), name: "n\(id)\nwith, a break"))
                line += 2
            } else {
                text += "\(id),n\(id)\n"
                expected.append(Loaded(id: Int64(id), name: "n\(id)"))
                line += 1
            }
        }
        return (text, expected, lines, line - 1)
    }

    /// Loads the file's ranges into `TARGET` with four partitions; the writer fails once after the
    /// chunk holding id `failAt` when `fail` is on.
    static func job(path: String, commitInterval: Int, fail: Switch = Switch(false), failAt: Int64 = -1) -> Job {
        Job("import") {
            PartitionStep(
                "load", partitioner: LineRangePartitioner(linesToSkip: 1) { _ in path }, gridSize: 4,
                worker: ChunkStep(
                    "loadRange", commitInterval: .fixed(commitInterval),
                    reader: { context in
                        DelimitedFileReader(
                            name: "rows", path: context.stepContext.string(LineRangePartitioner.fileKey) ?? "missing",
                            range: FileRange(partition: context.stepContext)
                        ) { record in (Int64(record[0]) ?? -1, record[1]) }
                    },
                    writer: { context in
                        FailOnce(fail: fail, at: failAt, inner: SQLBatchWriter(pool: context.database, table: "TARGET", columns: ["ID", "NAME"]) {
                            [.int($0.0), .text($0.1)]
                        })
                    }))
        }
    }

    static func createTarget(_ pool: ConnectionPool) async throws {
        try await pool.withConnection { connection in
            _ = try await connection.execute("CREATE TABLE TARGET (ID BIGINT PRIMARY KEY, NAME VARCHAR(40) NOT NULL)")
        }
    }

    /// A row of `TARGET`.
    struct Loaded: Hashable {
        var id: Int64
        var name: String
    }

    static func rows(_ pool: ConnectionPool) async throws -> [Loaded] {
        try await pool.withConnection { connection in
            try await connection.query("SELECT ID, NAME FROM TARGET ORDER BY ID").map {
                Loaded(id: try $0.decode(Int64.self, "ID"), name: try $0.decode(String.self, "NAME"))
            }
        }
    }
}
