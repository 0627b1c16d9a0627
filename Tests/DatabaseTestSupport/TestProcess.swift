import DatabaseTestSupport
import Foundation

/// The built `csv-import` sample, run as a separate process the way a user runs it.
struct CSVImportProcess {
    struct Outcome: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String
        var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// The binary next to the test bundle (`.build/<configuration>/csv-import`).
    static let executable: URL = {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = me.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("csv-import")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        fatalError("the csv-import executable was not built next to \(me.path); run swift build first")
    }()

    let process = Process()
    private let outURL: URL
    private let errURL: URL
    private let finished: Task<Int32, any Error>

    /// Starts `csv-import arguments...` in `directory`.
    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
        let id = UUID().uuidString
        outURL = directory.appendingPathComponent("out-\(id)")
        errURL = directory.appendingPathComponent("err-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = Self.executable
        process.arguments = arguments
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        base["HOME"] = ProcessInfo.processInfo.environment["HOME"]
        process.environment = base.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        let process = self.process
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { continuation.yield($0.terminationStatus); continuation.finish() }
        try process.run()
        finished = Task {
            for await status in stream { return status }
            throw TestSetupError("csv-import ended without a status")
        }
    }

    /// Sends a signal.
    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for the process to end (and reaps it), then reads its output.
    func wait() async throws -> Outcome {
        let status = try await finished.value
        return Outcome(
            status: process.terminationReason == .uncaughtSignal ? 128 + status : status,
            stdout: try String(contentsOf: outURL, encoding: .utf8), stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Runs to the end.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws -> Outcome {
        try await CSVImportProcess(arguments, in: directory, environment: environment).wait()
    }
}

/// Polls `condition` every `interval`. The state waited for lives in another process's database
/// writes, so no in-process event exists to await; the pause between checks leaves the CPU to
/// that process (the machine has two cores).
func poll(_ what: String, every interval: Duration = .milliseconds(20), limit: Duration = .seconds(60),
          _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestSetupError("timed out waiting for \(what)") }
        try await Task.sleep(for: interval)
    }
}
