import Database
import DatabaseTestSupport
import Foundation
import Testing

/// The real `csv-import` binary with `skip.limit` and `reject.file`: bad rows are skipped and
/// rejected exactly once however often the import is killed and restarted.
@Suite("csv-import skipping bad rows", .serialized)
struct CSVImportSkipTests {
    /// Every 101st id made bad (but those on more than one line): odd multiples lose their
    /// fields (unreadable), even ones get a currency no one has (invalid). Returns the
    /// unreadable and the invalid ids.
    static func spoil(_ path: String) throws -> (unreadable: Set<Int64>, invalid: Set<Int64>) {
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var unreadable: Set<Int64> = []
        var invalid: Set<Int64> = []
        for index in 1..<lines.count where !lines[index].isEmpty {
            guard let id = Int64(lines[index].prefix { $0 != "," }), id % 101 == 0 else { continue }
            // A record whose memo runs onto the next line is left alone: spoiling its first line
            // would turn the rest into a record of its own.
            guard lines[index].filter({ $0 == "\"" }).count % 2 == 0 else { continue }
            if (id / 101) % 2 == 1 {
                lines[index] = "\(id),spoiled"
                unreadable.insert(id)
            } else {
                var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[3] = "XXX"
                lines[index] = fields.joined(separator: ",")
                invalid.insert(id)
            }
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (unreadable, invalid)
    }

    @Test("kill -9 at random moments with bad rows, 10 runs: good rows once, each bad row skipped and rejected once", arguments: TestDatabase.allCases)
    func killNineWithSkips(_ database: TestDatabase) async throws {
        let rows: Int64 = 20_000
        var random = SystemRandomNumberGenerator()
        try await withTemporaryDirectory { directory in
            let file = try await CSVImportEndToEndTests.generate(Int(rows), in: directory)
            let bad = try Self.spoil(directory.appendingPathComponent(file).path)
            #expect(bad.unreadable.count > 80 && bad.invalid.count > 80, "\(bad.unreadable.count) and \(bad.invalid.count)")
            let good = rows - Int64(bad.unreadable.count + bad.invalid.count)
            for run in 0..<10 {
                try await database.withIsolatedURLText { url in
                    let rejects = "rejects-\(run).jsonl"
                    let start = [
                        "start", "importTransactions", "input.file=\(file)", "chunk.size=500,java.lang.Long,false",
                        "skip.limit=1000,java.lang.Long,false", "reject.file=\(rejects),java.lang.String,false", "--db", url, "--quiet",
                    ]
                    guard try await CSVImportEndToEndTests.killThenRestart(start, url: url, in: directory, run: run, random: &random) else {
                        return
                    }
                    let ids = Set(try await CSVImportEndToEndTests.query(url, "SELECT id FROM transactions").map { try $0.decode(Int64.self, "id") })
                    #expect(Int64(ids.count) == good, "run \(run)")
                    #expect(try await CSVImportEndToEndTests.scalar(url, "SELECT COUNT(*) FROM transactions") == good, "run \(run): no row twice")
                    #expect(ids.isDisjoint(with: bad.unreadable.union(bad.invalid)), "run \(run)")
                    let sums = try await CSVImportEndToEndTests.query(
                        url,
                        """
                        SELECT SUM(READ_COUNT) AS R, SUM(WRITE_COUNT) AS W, SUM(READ_SKIP_COUNT) AS RS, SUM(PROCESS_SKIP_COUNT) AS PS,
                               SUM(WRITE_SKIP_COUNT) AS WS FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importTransactions'
                        """)
                    // Over every execution of the step: each record read once, each bad one skipped once.
                    #expect(try sums[0].decode(Int64.self, "RS") == Int64(bad.unreadable.count), "run \(run)")
                    #expect(try sums[0].decode(Int64.self, "PS") == Int64(bad.invalid.count), "run \(run)")
                    #expect(try sums[0].decode(Int64.self, "WS") == 0, "run \(run)")
                    #expect(try sums[0].decode(Int64.self, "R") == rows - Int64(bad.unreadable.count), "run \(run)")
                    #expect(try sums[0].decode(Int64.self, "W") == good, "run \(run)")
                    let lines = try String(contentsOf: directory.appendingPathComponent(rejects), encoding: .utf8)
                        .split(separator: "\n").map(String.init)
                    #expect(lines.count == bad.unreadable.count + bad.invalid.count, "run \(run): one line per bad row")
                    #expect(Set(lines).count == lines.count, "run \(run): no line twice")
                    #expect(lines.filter { $0.hasPrefix(#"{"phase":"read""#) }.count == bad.unreadable.count, "run \(run)")
                    #expect(lines.filter { $0.hasPrefix(#"{"phase":"process""#) && $0.contains("currency 'XXX'") }.count == bad.invalid.count, "run \(run)")
                }
            }
        }
    }

    @Test("over the skip limit the job fails naming the limit; restarted with a higher limit it completes")
    func overTheLimit() async throws {
        try await withTemporaryDirectory { directory in
            let file = try await CSVImportEndToEndTests.generate(2_000, in: directory)
            let bad = try Self.spoil(directory.appendingPathComponent(file).path)
            try await TestDatabase.sqlite.withIsolatedURLText { url in
                let failed = try await TestProcess.run(
                    "csv-import",
                    ["start", "importTransactions", "input.file=\(file)", "chunk.size=100,java.lang.Long,false", "skip.limit=5,java.lang.Long,false",
                     "--db", url],
                    in: directory)
                #expect(failed.status == 1, "\(failed)")
                #expect(failed.stderr.contains("the skip limit of 5 is exceeded"), "\(failed.stderr)")
                let skipped = try await CSVImportEndToEndTests.scalar(
                    url, "SELECT SUM(READ_SKIP_COUNT + PROCESS_SKIP_COUNT) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'importTransactions'")
                #expect(skipped <= 5)
                let retried = try await TestProcess.run(
                    "csv-import",
                    ["start", "importTransactions", "input.file=\(file)", "chunk.size=100,java.lang.Long,false", "skip.limit=50,java.lang.Long,false",
                     "--db", url],
                    in: directory)
                #expect(retried.status == 0, "\(retried)")
                #expect(try await CSVImportEndToEndTests.scalar(url, "SELECT COUNT(*) FROM transactions") == 2_000 - Int64(bad.unreadable.count + bad.invalid.count))
            }
        }
    }
}
