import ArgumentParser
import Database
import Foundation

/// `database-benchmark`: bulk-load throughput of the SQL layer. `benchmarks/run` drives it.
@main
struct DatabaseBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "database-benchmark",
        abstract: "Load the same generated rows through the SQL layer, or write them as CSV for sqlite3 and psql.",
        subcommands: [Load.self, WriteCSV.self, CreateTable.self, Verify.self]
    )
}

/// How the rows go through the SQL layer.
enum LoadMethod: String, ExpressibleByArgument, CaseIterable {
    /// `SQLConnection.executeBatch` with the INSERT statement.
    case batch
    /// `SQLConnection.copy(into:columns:rows:)` (PostgreSQL COPY; SQLite falls back to a batch insert).
    case copy
}

/// Pool settings for the benchmark: one connection is all a load uses.
private let poolConfiguration = ConnectionPool.Configuration(maximumConnections: 1)

struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recreate the table, load the rows in transactions through the SQL layer, verify, print a RESULT line.")

    @Option(help: "Database URL: sqlite:/path/file.db or postgres://user:password@host:port/db.")
    var url: String

    @Option(help: "How to load: batch (executeBatch of an INSERT) or copy (copy(into:columns:rows:)).")
    var method: LoadMethod = .batch

    @Option(help: "Rows to load.")
    var rows: Int = 1_000_000

    @Option(help: "Rows per transaction.")
    var transactionRows: Int = 1000

    @Option(help: "The case name printed in the RESULT line.")
    var name: String?

    @Flag(help: "Diagnostic: bind CREATED as ready-made timestamp text instead of a Date, to measure the layer's Date formatting.")
    var createdAsText = false

    func validate() throws {
        guard rows >= 0 else { throw ValidationError("--rows must not be negative") }
        guard transactionRows >= 1 else { throw ValidationError("--transaction-rows must be at least 1") }
    }

    func run() async throws {
        let databaseURL = try DatabaseURL(url)
        let clock = ContinuousClock()
        let generationStart = clock.now
        let chunks = RowGenerator.chunks(rows: rows, chunkSize: transactionRows, createdAsText: createdAsText)
        let generation = clock.now - generationStart
        let method = method
        let caseName = name ?? "\(databaseURL.dialect)-\(method.rawValue)"
        let elapsed = try await ConnectionPool.withPool(url: databaseURL, configuration: poolConfiguration) { pool in
            try await pool.withConnection { connection in
                try await BenchmarkTable.recreate(on: connection)
                let start = clock.now
                var loaded = 0
                for chunk in chunks {
                    loaded += try await connection.transaction { connection in
                        switch method {
                        case .batch:
                            try await connection.executeBatch(BenchmarkTable.insert, chunk)
                        case .copy:
                            try await connection.copy(
                                into: BenchmarkTable.name, columns: BenchmarkTable.columns, rows: chunk)
                        }
                    }
                }
                let elapsed = clock.now - start
                guard loaded == rows else {
                    throw BenchmarkFailure("the SQL layer reported \(loaded) rows loaded, expected \(rows)")
                }
                try await BenchmarkTable.verify(on: connection, rows: rows)
                return elapsed
            }
        }
        let seconds = elapsed.seconds
        printStandardError(
            "\(caseName): generated \(rows) rows in \(format(generation.seconds, 3)) s (not timed); "
                + "loaded in \(chunks.count) transactions of up to \(transactionRows) rows; verified")
        print(resultLine(name: caseName, rows: rows, seconds: seconds))
    }
}

struct WriteCSV: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv", abstract: "Write the rows as CSV (no header) for sqlite3 .import and psql \\copy.")

    @Option(help: "Rows to write.")
    var rows: Int = 1_000_000

    @Option(help: "The file to write.")
    var output: String

    func run() async throws {
        try CSVWriter.write(rows: rows, to: output)
    }
}

struct CreateTable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drop and create the benchmark table (for the sqlite3 and psql baselines).")

    @Option(help: "Database URL.")
    var url: String

    @Flag(help: "Print the CREATE TABLE statement for the URL's dialect instead of running it.")
    var print = false

    func run() async throws {
        let databaseURL = try DatabaseURL(url)
        if print {
            Swift.print(BenchmarkTable.createStatement(for: databaseURL.dialect))
            return
        }
        try await ConnectionPool.withPool(url: databaseURL, configuration: poolConfiguration) { pool in
            try await pool.withConnection { try await BenchmarkTable.recreate(on: $0) }
        }
    }
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that the benchmark table holds exactly the generated rows.")

    @Option(help: "Database URL.")
    var url: String

    @Option(help: "Rows the table should hold.")
    var rows: Int = 1_000_000

    func run() async throws {
        let databaseURL = try DatabaseURL(url)
        try await ConnectionPool.withPool(url: databaseURL, configuration: poolConfiguration) { pool in
            try await pool.withConnection { try await BenchmarkTable.verify(on: $0, rows: rows) }
        }
    }
}

/// `RESULT <case> <rows> <seconds> <rows/s>`: the line `benchmarks/run` collects.
func resultLine(name: String, rows: Int, seconds: Double) -> String {
    let rate = seconds > 0 ? Double(rows) / seconds : 0
    return "RESULT \(name) \(rows) \(format(seconds, 3)) \(format(rate, 0))"
}

func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}

func printStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
