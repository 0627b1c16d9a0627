import ArgumentParser
import BatchRuntime
import Foundation

/// `explorer-benchmark`: times the explorers' reads on a seeded database (see
/// benchmarks/README.md, "Explorer reads"). `benchmarks/explorer-run` drives it.
@main
struct ExplorerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explorer-benchmark",
        abstract: "Time JobExplorer and TaskExplorer reads on a database seeded by history-seed.",
        discussion: """
            Runs each read a few times untimed, then times it --iterations times (or for --seconds, \
            whichever ends first, with at least --minimum runs) over one pooled connection per database. With \
            several --db the same read runs on each in turn, so that all see the same moments of a shared \
            machine. Prints `RESULT <label> <case> <median ms> <p90 ms> <runs> <rows or count> <description>` \
            per case and database on standard output. The deep-page cases are skipped \
            (`SKIP <label> <case> ...`) on a history with fewer pages.
            """)

    @Option(help: "Database URL of a seeded database; repeat it to time the same reads on several, run by run in turn.")
    var db: [String]

    @Option(help: "A label for each --db in the output (default 1, 2, ...).")
    var label: [String] = []

    @Option(help: "Timed runs per case, at most.")
    var iterations = 300

    @Option(help: "Seconds of timed runs per case and database, at most (once --minimum runs are in).")
    var seconds = 3.0

    @Option(help: "Timed runs per case, at least.")
    var minimum = 15

    @Option(help: "Untimed runs before the timed ones.")
    var warmup = 5

    @Option(help: "The job the name filter asks for.")
    var jobName = "settleAccounts"

    @Option(help: "A status the status filters ask for (repeat it for more filters).")
    var status: [String] = ["FAILED", "STARTED"]

    @Option(help: "The task the name filter asks for.")
    var taskName = "settle-accounts"

    @Option(help: "Page size.")
    var size = 20

    @Option(help: "The 0-based number of the deep page.")
    var depth = 1000

    @Option(help: "Only the cases whose names start with this.")
    var only: String?

    func validate() throws {
        guard !db.isEmpty, label.isEmpty || label.count == db.count else {
            throw ValidationError("give at least one --db, and either no --label or one for each --db")
        }
        guard iterations >= 1, minimum >= 1, warmup >= 0, seconds > 0 else {
            throw ValidationError("--iterations and --minimum must be at least 1, --warmup not negative, --seconds positive")
        }
        guard status.allSatisfy({ BatchStatus(rawValue: $0) != nil }) else {
            throw ValidationError("--status must be a BatchStatus such as FAILED")
        }
        guard size >= 1, depth >= 1 else { throw ValidationError("--size and --depth must be at least 1") }
    }

    func run() async throws {
        let urls = try db.map { try DatabaseURL($0) }
        let labels = label.isEmpty ? db.indices.map { String($0 + 1) } : label
        let policy = RepeatPolicy(warmup: warmup, iterations: iterations, seconds: seconds, minimum: minimum)
        try await Self.withPools(urls[...]) { pools in
            var groups: [[(label: String, benchmark: BenchmarkCase)]] = []  // by case, in order
            var names: [String] = []
            for (pool, label) in zip(pools, labels) {
                for benchmark in try await cases(on: pool, label: label) where only.map({ benchmark.name.hasPrefix($0) }) ?? true {
                    if let index = names.firstIndex(of: benchmark.name) {
                        groups[index].append((label, benchmark))
                    } else {
                        names.append(benchmark.name)
                        groups.append([(label, benchmark)])
                    }
                }
            }
            for group in groups {
                for measurement in try await Measurement.interleaved(group, policy: policy) { report(measurement) }
            }
        }
    }

    /// The cases of one database; the deep pages are left out (and said so) when it is too short to have them.
    private func cases(on pool: ConnectionPool, label: String) async throws -> [BenchmarkCase] {
        let cases = ExplorerCases(
            jobs: JobExplorer(pool: pool), tasks: TaskExplorer(pool: pool), jobName: jobName,
            statuses: status.compactMap(BatchStatus.init(rawValue:)), taskName: taskName, size: size, depth: depth)
        let deep = try await cases.deepPages()
        if deep.isEmpty {
            for name in ["job-deep-numbered", "job-deep-keyset", "task-deep-numbered", "task-deep-keyset"] {
                print("SKIP \(label) \(name) the history has no page \(depth) of \(size)")
            }
        }
        return cases.firstPages() + deep + cases.counts() + (try await cases.details()) + (try await cases.dashboard())
    }

    private func report(_ measurement: Measurement) {
        print(
            "RESULT \(measurement.label) \(measurement.name) \(format(measurement.median)) \(format(measurement.p90)) "
                + "\(measurement.samples.count) \(measurement.result) \(measurement.description)")
        printStandardError(
            "explorer-benchmark: \(measurement.label) \(measurement.name): median \(format(measurement.median)) ms, p90 "
                + "\(format(measurement.p90)) ms (\(measurement.samples.count) runs; \(measurement.result))")
    }

    /// Opens one single-connection pool per URL, in order, and closes them afterwards.
    private static func withPools<T>(
        _ urls: ArraySlice<DatabaseURL>, opened: [ConnectionPool] = [], _ body: ([ConnectionPool]) async throws -> T
    ) async throws -> T {
        guard let url = urls.first else { return try await body(opened) }
        return try await ConnectionPool.withPool(url: url, configuration: .init(maximumConnections: 1)) { pool in
            try await withPools(urls.dropFirst(), opened: opened + [pool], body)
        }
    }

    private func format(_ milliseconds: Double) -> String {
        String(format: "%.3f", milliseconds)
    }
}

func printStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
