import Database
import DatabaseTestSupport
import Foundation
import Testing

/// The real `ledger-reconcile` sample (split, skips with reject files, retries, partitions, a
/// decision) killed at random moments and restarted until it completes.
@Suite("ledger-reconcile end to end", .serialized)
struct LedgerReconcileTests {
    /// What the two files say, computed here independently of the job: each ledger's good
    /// entries in euro cents, its broken lines, and the differences the job must find.
    struct Expected {
        var bank: [Int64: Int64] = [:]
        var book: [Int64: Int64] = [:]
        var brokenBank = 0
        var brokenBook = 0

        init(_ directory: URL) throws {
            (bank, brokenBank) = try Self.read(directory.appendingPathComponent("data/bank.csv"))
            (book, brokenBook) = try Self.read(directory.appendingPathComponent("data/book.csv"))
        }

        static func read(_ url: URL) throws -> ([Int64: Int64], Int) {
            var entries: [Int64: Int64] = [:]
            var broken = 0
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                guard fields.count == 4, let id = Int64(fields[0]) else {
                    broken += 1
                    continue
                }
                let amount = fields[2].split(separator: ".")
                let cents = Int64(amount[0])! * 100 + Int64(amount[1])!
                entries[id] = fields[3] == "USD" ? cents * 92 / 100 : cents
            }
            return (entries, broken)
        }

        var mismatches: [Int64: String] {
            var result: [Int64: String] = [:]
            for id in Set(bank.keys).union(book.keys) {
                switch (bank[id], book[id]) {
                case let (a?, b?) where a == b: continue
                case (.some, .some): result[id] = "amount"
                case (.some, nil): result[id] = "only_bank"
                default: result[id] = "only_book"
                }
            }
            return result
        }
    }

    static func scalar(_ url: String, _ sql: String) async throws -> Int64 {
        try await CSVImportEndToEndTests.scalar(url, sql)
    }

    @Test("kill -9 at random moments, 10 runs: each ledger loaded once, every difference found once, each broken line skipped and rejected once", arguments: TestDatabase.allCases)
    func killNine(_ database: TestDatabase) async throws {
        var random = SystemRandomNumberGenerator()
        try await withTemporaryDirectory { directory in
            let generated = try await TestProcess.run("ledger-reconcile", ["generate", "--entries", "40000", "--output-dir", "data"], in: directory)
            #expect(generated.status == 0, "\(generated)")
            let expected = try Expected(directory)
            #expect(expected.brokenBank > 50 && expected.brokenBook > 50)
            for run in 0..<10 {
                try await database.withIsolatedURLText { url in
                    let rejects = "rejects-\(run)"
                    try FileManager.default.createDirectory(at: directory.appendingPathComponent(rejects), withIntermediateDirectories: true)
                    let start = [
                        "start", "reconcileLedgers", "bank.file=data/bank.csv", "book.file=data/book.csv",
                        "reject.dir=\(rejects),java.lang.String,false", "review.threshold=100000,java.lang.Long,false", "--db", url, "--quiet",
                    ]
                    let victim = try TestProcess("ledger-reconcile", start, in: directory)
                    // Any moment: start-up, the loads side by side, the partitions, the decision.
                    try await Task.sleep(for: .milliseconds(Int.random(in: 0...1_500, using: &random)))
                    victim.signal(SIGKILL)
                    var outcome = try await victim.wait()
                    var restarts = 0
                    while outcome.status != 0 {
                        let last = try? await CSVImportEndToEndTests.query(url, "SELECT STATUS FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 1")
                        if let row = last?.first, try row.decode(String.self, "STATUS") == "COMPLETED" { break }
                        restarts += 1
                        #expect(restarts <= 3, "run \(run): \(outcome)")
                        if restarts > 3 { return }
                        let hasExecution = (try? await Self.scalar(url, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")) ?? 0
                        let command = hasExecution > 0 ? ["restart", "reconcileLedgers", "--db", url, "--quiet"] : start
                        outcome = try await TestProcess.run("ledger-reconcile", command, in: directory)
                    }
                    #expect(try await Self.scalar(url, "SELECT COUNT(*) FROM ledger_bank") == Int64(expected.bank.count), "run \(run)")
                    #expect(try await Self.scalar(url, "SELECT COUNT(*) FROM ledger_book") == Int64(expected.book.count), "run \(run)")
                    #expect(try await Self.scalar(url, "SELECT SUM(cents) FROM ledger_bank") == expected.bank.values.reduce(0, +), "run \(run)")
                    let found = try await CSVImportEndToEndTests.query(url, "SELECT id, kind FROM ledger_mismatches")
                    let mismatches = Dictionary(uniqueKeysWithValues: try found.map { (try $0.decode(Int64.self, "id"), try $0.decode(String.self, "kind")) })
                    #expect(mismatches == expected.mismatches, "run \(run)")
                    for (step, broken) in [("loadBank", expected.brokenBank), ("loadBook", expected.brokenBook)] {
                        let skips = try await Self.scalar(url, "SELECT SUM(READ_SKIP_COUNT) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = '\(step)'")
                        #expect(skips == Int64(broken), "run \(run): \(step) skipped each broken line once over all executions")
                    }
                    for (file, broken) in [("bank", expected.brokenBank), ("book", expected.brokenBook)] {
                        let lines = try String(contentsOf: directory.appendingPathComponent("\(rejects)/\(file)-rejects.jsonl"), encoding: .utf8)
                            .split(separator: "\n")
                        #expect(lines.count == broken && Set(lines).count == lines.count, "run \(run): \(file) rejects once each")
                    }
                    let partitions = try await Self.scalar(
                        url, "SELECT COUNT(DISTINCT STEP_NAME) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'matchRange:partition%'")
                    let ran = try await Self.scalar(url, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'match'")
                    #expect(partitions == 4 || ran == 0, "run \(run)")
                }
            }
        }
    }

    @Test("a clean run: COMPLETED under the review threshold, NEEDS_REVIEW over it, the partitions named as Spring names them")
    func decision() async throws {
        try await withTemporaryDirectory { directory in
            _ = try await TestProcess.run("ledger-reconcile", ["generate", "--entries", "3000", "--output-dir", "data"], in: directory)
            let differences = try Expected(directory).mismatches.count
            try await TestDatabase.sqlite.withIsolatedURLText { url in
                let quiet = try await TestProcess.run(
                    "ledger-reconcile",
                    ["start", "reconcileLedgers", "bank.file=data/bank.csv", "book.file=data/book.csv", "review.threshold=\(differences),java.lang.Long,false", "--db", url],
                    in: directory)
                #expect(quiet.status == 0, "\(quiet)")
                #expect(try await Self.scalar(url, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = 'flagForReview'") == 0)
                let steps = try await CSVImportEndToEndTests.query(url, "SELECT STEP_NAME FROM BATCH_STEP_EXECUTION WHERE STEP_NAME LIKE 'matchRange:%' ORDER BY STEP_NAME")
                #expect(try steps.map { try $0.decode(String.self, "STEP_NAME") } == (0..<4).map { "matchRange:partition\($0)" })
            }
            try await TestDatabase.sqlite.withIsolatedURLText { url in
                let flagged = try await TestProcess.run(
                    "ledger-reconcile",
                    ["start", "reconcileLedgers", "bank.file=data/bank.csv", "book.file=data/book.csv", "review.threshold=\(differences - 1),java.lang.Long,false", "--db", url],
                    in: directory)
                #expect(flagged.status == 0, "\(flagged)")
                let rows = try await CSVImportEndToEndTests.query(url, "SELECT STATUS, EXIT_CODE FROM BATCH_JOB_EXECUTION")
                #expect(try rows.first?.decode(String.self, "EXIT_CODE") == "NEEDS_REVIEW")
                #expect(try rows.first?.decode(String.self, "STATUS") == "COMPLETED")
            }
        }
    }
}
