import BatchRuntime
import Foundation

// batch-benchmark: measures the chunk engine's own cost, without I/O in the items.
//
//   batch-benchmark engine --items 10000000 --chunk 1000 [--db sqlite:/path/fresh.db] [--fault-tolerant]
//
// With --fault-tolerant the step skips and retries (skip limit 100 for read, process and
// write failures; 3 attempts with backoff for a retryable error) and nothing fails: what fault
// tolerance costs when it is not needed.
//
// runs one job whose only step is a ChunkStep reading `--items` Int64s from a
// GeneratingReader and handing them to a NoOpWriter, `--chunk` items per chunk. Every chunk
// still runs the engine's full cycle: read, (pass-through) process, write, and one
// transaction that saves the step's counters and the reader's position in the job
// repository. The repository is a freshly migrated SQLite file (the one given, which must not
// exist yet, or a temporary one that is deleted afterwards). Prints on stdout
//
//   RESULT engine chunk=C items=N seconds=S items_per_s=R
//
// where S is the wall time of JobLauncher.run (from creating the execution to recording its
// end); opening the pool and migrating the schema are not timed. Fails (exit 1) unless the job
// completed with N items read and written.

let usage = "usage: batch-benchmark engine --items N --chunk C [--db sqlite:/path/fresh.db] [--fault-tolerant]"

struct EngineOptions {
    var items: Int64 = 10_000_000
    var chunk = 1000
    var database: String?
    var faultTolerant = false

    init(_ arguments: ArraySlice<String>) throws {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let name = arguments[index]
            if name == "--fault-tolerant" {
                faultTolerant = true
                index += 1
                continue
            }
            guard index + 1 < arguments.endIndex else { throw BenchmarkError("\(name) needs a value; \(usage)") }
            let value = arguments[index + 1]
            let number = Int64(value.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: ""))
            switch name {
            case "--items":
                guard let number, number > 0 else { throw BenchmarkError("--items must be a positive integer, not '\(value)'") }
                items = number
            case "--chunk":
                guard let number, number > 0, number <= 10_000_000 else {
                    throw BenchmarkError("--chunk must be an integer from 1 to 10000000, not '\(value)'")
                }
                chunk = Int(number)
            case "--db":
                database = value
            default:
                throw BenchmarkError("unknown option \(name); \(usage)")
            }
            index += 2
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The URL to use and, for a temporary file, the directory to delete afterwards.
func repositoryURL(_ text: String?) throws -> (url: DatabaseURL, temporary: URL?) {
    guard let text else {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "batch-benchmark-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (DatabaseURL(.sqliteFile(path: directory.appendingPathComponent("engine.db").path)), directory)
    }
    let url = try DatabaseURL(text)
    switch url.location {
    case .sqliteFile(let path):
        guard !FileManager.default.fileExists(atPath: path) else {
            throw BenchmarkError("\(path) already exists; give a path that does not exist yet, so every run starts from a fresh database")
        }
    case .sqliteMemory:
        throw BenchmarkError("use an SQLite file (sqlite:/path/fresh.db), not an in-memory database")
    case .postgres:
        break  // the caller provides a fresh database or schema
    }
    return (url, nil)
}

/// `value` changed by `change`: lets this file configure the SQL layer's logger (a swift-log
/// `Logger`) through the public API without importing swift-log, which is not a declared
/// dependency of this target.
func adjusted<Value>(_ value: Value, _ change: (inout Value) -> Void) -> Value {
    var value = value
    change(&value)
    return value
}

func engine(_ options: EngineOptions) async throws {
    let items = options.items
    let chunk = options.chunk
    let (url, temporary) = try repositoryURL(options.database)
    defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }

    let tolerance: FaultTolerance? =
        options.faultTolerant
        ? .skipping(
            .codes(.readFailed, .processFailed, .writeFailed), limit: 100, retrying: .types(CancellationError.self), retryLimit: 3,
            backoff: .exponential(initial: .milliseconds(10)))
        : nil
    let job = Job("engineBenchmark") {
        ChunkStep(
            "generate", commitInterval: .fixed(chunk),
            reader: { _ in GeneratingReader<Int64>(count: items) { $0 } },
            writer: { _ in NoOpWriter<Int64>() }
        ).faultTolerant { _ in tolerance }
    }
    // The same pool size as a BatchApplication's commands.
    let configuration = ConnectionPool.Configuration(maximumConnections: 3)
    // Warnings and errors only, on standard error (the SQL layer logs each migration at info).
    let (seconds, execution, steps) = try await ConnectionPool.withPool(
        url: url, configuration: configuration,
        logger: adjusted(.init(label: "batch-benchmark.database")) { $0.logLevel = .warning }
    ) { pool in
        var launcher = JobLauncher(repository: JobRepository(pool: pool))
        launcher.logger.logLevel = .warning
        try await Migrator(pool: pool, logger: launcher.logger).migrate()
        let started = ContinuousClock.now
        let execution = try await launcher.run(job, parameters: JobParameters())
        let elapsed = ContinuousClock.now - started
        let steps = try await JobExplorer(pool: pool).stepExecutions(ofJobExecution: execution.id)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (seconds, execution, steps)
    }
    guard execution.status == .completed else {
        throw BenchmarkError("the job ended \(execution.status.rawValue): \(execution.exitStatus.exitDescription)")
    }
    guard let step = steps.first(where: { $0.stepName == "generate" }), step.counts.read == items, step.counts.write == items
    else {
        let counts = steps.first.map { "read \($0.counts.read), written \($0.counts.write)" } ?? "no step execution"
        throw BenchmarkError("expected \(items) items read and written, got \(counts)")
    }
    FileHandle.standardError.write(Data("engine: \(items) items, \(chunk) per chunk, \(step.counts.commit) commits\n".utf8))
    print(
        String(format: "RESULT engine chunk=%d items=%lld seconds=%.3f items_per_s=%.0f", chunk, items, seconds, Double(items) / seconds)
            + " fault_tolerant=" + (options.faultTolerant ? "yes" : "no"))
}

let arguments = CommandLine.arguments.dropFirst()
do {
    switch arguments.first {
    case "engine":
        try await engine(try EngineOptions(arguments.dropFirst()))
    case "import":
        try await importFiles(try ImportOptions(arguments.dropFirst()))
    case "-h", "--help", "help":
        print(usage)
    default:
        FileHandle.standardError.write(Data("\(usage)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
