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
            whichever ends first, with at least --minimum runs) over one pooled connection, and prints \
            `RESULT <case> <median ms> <p90 ms> <runs> <rows or count> <description>` per case on standard output. \
            The deep-page cases are skipped (`SKIP <case> ...`) when the history has fewer pages.
            """)

    @Option(help: "Database URL of a seeded database.")
    var db: String

    @Option(help: "Timed runs per case, at most.")
    var iterations = 300

    @Option(help: "Seconds of timed runs per case, at most (once --minimum runs are in).")
    var seconds = 3.0

    @Option(help: "Timed runs per case, at least.")
    var minimum = 15

    @Option(help: "Untimed runs before the timed ones.")
    var warmup = 5

    @Option(help: "The job the name filter asks for.")
    var jobName = "settleAccounts"

    @Option(help: "The task the name filter asks for.")
    var taskName = "settle-accounts"

    @Option(help: "Page size.")
    var size = 20

    @Option(help: "The 0-based number of the deep page.")
    var depth = 1000

    @Option(help: "Only the cases whose names start with this.")
    var only: String?

    func validate() throws {
        guard iterations >= 1, minimum >= 1, warmup >= 0, seconds > 0 else {
            throw ValidationError("--iterations and --minimum must be at least 1, --warmup not negative, --seconds positive")
        }
        guard size >= 1, depth >= 1 else { throw ValidationError("--size and --depth must be at least 1") }
    }

    func run() async throws {
        let url = try DatabaseURL(db)
        let policy = RepeatPolicy(warmup: warmup, iterations: iterations, seconds: seconds, minimum: minimum)
        try await ConnectionPool.withPool(url: url, configuration: .init(maximumConnections: 1)) { pool in
            let cases = ExplorerCases(
                jobs: JobExplorer(pool: pool), tasks: TaskExplorer(pool: pool), jobName: jobName, taskName: taskName, size: size,
                depth: depth)
            let deep = try await cases.deepPages()
            if deep.isEmpty {
                for name in ["job-deep-numbered", "job-deep-keyset", "task-deep-numbered", "task-deep-keyset"] {
                    print("SKIP \(name) the history has no page \(depth) of \(size)")
                }
            }
            let all = cases.firstPages() + deep + cases.counts() + (try await cases.details())
            for benchmark in all where only.map({ benchmark.name.hasPrefix($0) }) ?? true {
                let measurement = try await Measurement.run(benchmark, policy: policy)
                print(
                    "RESULT \(measurement.name) \(format(measurement.median)) \(format(measurement.p90)) "
                        + "\(measurement.samples.count) \(measurement.result) \(measurement.description)")
                printStandardError(
                    "explorer-benchmark: \(measurement.name): median \(format(measurement.median)) ms, p90 "
                        + "\(format(measurement.p90)) ms (\(measurement.samples.count) runs; \(measurement.result))")
            }
        }
    }

    private func format(_ milliseconds: Double) -> String {
        String(format: "%.3f", milliseconds)
    }
}

func printStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
