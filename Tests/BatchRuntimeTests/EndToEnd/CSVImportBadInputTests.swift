import Database
import DatabaseTestSupport
import Foundation
import Testing

/// Bad input to the real `csv-import`: one clear line, the right exit code, nothing written
/// beyond the last commit, and a restart path once the input is fixed.
@Suite("csv-import bad input")
struct CSVImportBadInputTests {
    static let header = "id,account,amount,currency,ts,memo\n"

    static func line(_ id: Int, amount: String = "10.00", currency: String = "EUR") -> String {
        "\(id),ACC-1,\(amount),\(currency),2024-01-31T10:00:00Z,\"memo, \"\"\(id)\"\"\"\n"
    }

    /// Imports a file whose line `badLine` is replaced, expects the failure, fixes the file, restarts.
    func failThenFix(_ database: TestDatabase, bad: String, expected: String) async throws {
        try await withTemporaryDirectory { directory in
            let good = (1...50).map { Self.line($0) }
            var lines = good
            lines[36] = bad  // physical line 38 of the file (after the header)
            let path = directory.appendingPathComponent("in.csv").path
            try (Self.header + lines.joined()).write(toFile: path, atomically: true, encoding: .utf8)
            try await database.withIsolatedURLText { url in
                let start = ["start", "importTransactions", "input.file=in.csv", "chunk.size=10,java.lang.Long,false", "--db", url, "--quiet"]
                let failed = try await TestProcess.run("csv-import", start, in: directory)
                #expect(failed.status == 1, "\(failed)")
                let errorLines = failed.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
                #expect(errorLines.count == 1, "\(failed)")
                #expect(errorLines.first?.contains(expected) == true, "\(failed)")
                #expect(errorLines.first?.contains("restart") == true, "says how to go on: \(failed)")
                // Chunks of 10: lines 1-30 committed, the chunk holding the bad line rolled back.
                let count = try await CSVImportEndToEndTests.scalar(url, "SELECT COUNT(*) FROM transactions")
                #expect(count == 30)
                try (Self.header + good.joined()).write(toFile: path, atomically: true, encoding: .utf8)
                let fixed = try await TestProcess.run("csv-import", ["restart", "importTransactions", "--db", url, "--quiet"], in: directory)
                #expect(fixed.status == 0, "\(fixed)")
                try await CSVImportEndToEndTests.expectComplete(url, rows: 50)
            }
        }
    }

    @Test("a row the database refuses (start --next on a file already imported) names the item and its line", arguments: TestDatabase.allCases)
    func duplicateRow(_ database: TestDatabase) async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("in.csv").path
            try (Self.header + (1...30).map { Self.line($0) }.joined()).write(toFile: path, atomically: true, encoding: .utf8)
            try await database.withIsolatedURLText { url in
                let start = ["start", "importTransactions", "input.file=in.csv", "chunk.size=10,java.lang.Long,false", "--db", url, "--quiet"]
                let first = try await TestProcess.run("csv-import", start, in: directory)
                #expect(first.status == 0, "\(first)")
                let again = try await TestProcess.run("csv-import", start + ["--next"], in: directory)
                #expect(again.status == 1, "\(again)")
                let error = again.stderr.split(separator: "\n").first { $0.hasPrefix("error:") }.map(String.init) ?? ""
                #expect(error.contains("item 1 of 10 in the chunk, read from in.csv:2, could not be written"), "\(again)")
                #expect(error.contains("failed on the row (id=1, account='ACC-1'"), "\(again)")
                #expect(error.contains("the row is already in transactions"), "\(again)")
                #expect(try await CSVImportEndToEndTests.scalar(url, "SELECT COUNT(*) FROM transactions") == 30, "nothing written twice")
            }
        }
    }

    @Test("a malformed CSV line fails with file and line; fixed and restarted, it completes", arguments: TestDatabase.allCases)
    func malformed(_ database: TestDatabase) async throws {
        try await failThenFix(
            database, bad: "37,ACC-1,10.00,EUR,2024-01-31T10:00:00Z,\"memo \"bad\" quote\"\n",
            expected: "in.csv:38: unexpected character after the closing quote of field 6")
    }

    @Test("a wrong column count names the counts", arguments: [TestDatabase.sqlite])
    func columnCount(_ database: TestDatabase) async throws {
        try await failThenFix(database, bad: "37,ACC-1,10.00,EUR,2024-01-31T10:00:00Z\n", expected: "in.csv:38: expected 6 fields, found 5")
    }

    @Test("a bad amount or currency fails the job with the line number", arguments: TestDatabase.allCases)
    func badValues(_ database: TestDatabase) async throws {
        try await failThenFix(database, bad: Self.line(37, amount: "12.5x"), expected: "in.csv:38: amount '12.5x'")
        try await failThenFix(database, bad: Self.line(37, currency: "XXX"), expected: "in.csv:38: currency 'XXX'")
    }

    @Test("usage errors: one line and the documented exit code")
    func usage() async throws {
        try await withTemporaryDirectory { directory in
            let db = "sqlite:\(directory.path)/u.db"
            let garbage = directory.appendingPathComponent("garbage.db").path
            try String(repeating: "not a database ", count: 300).write(toFile: garbage, atomically: true, encoding: .utf8)
            let cases: [([String], Int32, String)] = [
                (["start", "nosuchjob", "--db", db], 2, "no job named 'nosuchjob'"),
                (["start", "importTransactions", "input.file", "--db", db], 2, "bad job parameter 'input.file'"),
                (["start", "importTransactions", "chunk.size=x,java.lang.Long", "--db", db], 2, "'x' is not a valid java.lang.Long"),
                (["start", "importTransactions", "--db", db], 2, "missing job parameter(s) input.file"),
                (["frobnicate", "--db", db], 2, "unknown command 'frobnicate'"),
                (["start", "importTransactions", "input.file=x.csv", "--bogus", "--db", db], 2, "unknown option '--bogus'"),
                (["restart", "importTransactions", "--db", db], 1, "no failed or stopped execution of job importTransactions"),
                (["start", "importTransactions", "input.file=missing.csv", "--db", db, "--quiet"], 1, "cannot open input file 'missing.csv'"),
                (["execution", "999", "--db", db], 1, "no job execution with id 999"),
                (["jobs", "--db", "sqlite:\(directory.path)/no/such/dir/x.db"], 1, "error:"),
                (["jobs", "--db", "postgres://nobody:secret@127.0.0.1:\(try closedLoopbackPort())/x"], 1, "error:"),
                (["jobs", "--db", "mysql://x"], 2, "error:"),
                (["jobs", "--db", "sqlite:\(garbage)"], 1, "not a database"),
            ]
            for (arguments, code, message) in cases {
                let outcome = try await TestProcess.run("csv-import", arguments, in: directory)
                #expect(outcome.status == code, "\(arguments): \(outcome)")
                let errors = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
                #expect(errors.count == 1 && errors[0].contains(message), "\(arguments): \(outcome)")
                #expect(!outcome.stderr.contains("secret"), "passwords are never printed")
            }
        }
    }

    @Test("framework arguments are accepted and never become job parameters")
    func frameworkArguments() async throws {
        try await withTemporaryDirectory { directory in
            try (Self.header + Self.line(1)).write(
                toFile: directory.appendingPathComponent("one.csv").path, atomically: true, encoding: .utf8)
            let url = "sqlite:\(directory.path)/f.db"
            let outcome = try await TestProcess.run("csv-import", 
                ["start", "importTransactions", "input.file=one.csv", "--spring.datasource.url=jdbc:postgresql://ignored/x",
                 "--spring.cloud.task.name=imports", "--management.metrics.tags.x=y", "--db", url, "--quiet"], in: directory)
            #expect(outcome.status == 0, "\(outcome)")
            let names = try await CSVImportEndToEndTests.query(url, "SELECT PARAMETER_NAME FROM BATCH_JOB_EXECUTION_PARAMS")
                .map { try $0.decode(String.self, "PARAMETER_NAME") }
            #expect(names == ["input.file"])
        }
    }
}
