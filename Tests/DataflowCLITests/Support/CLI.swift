import DatabaseTestSupport
import Foundation

/// Runs the built `dataflow` executable as a separate process, the way a user does.
struct CLI {
    struct Outcome: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String

        var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
        /// Standard error without its final newline, split into lines.
        var errorLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// The `dataflow` binary next to the test bundle (`.build/<configuration>/`), or `DATAFLOW_BIN`.
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["DATAFLOW_BIN"] { return URL(fileURLWithPath: path) }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = me.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("dataflow")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        fatalError("the dataflow executable was not built next to \(me.path); run swift build first")
    }()

    /// Runs `dataflow arguments...` in `directory` with exactly `environment` (plus PATH and HOME),
    /// and returns its exit status and output. Output goes through files, so no pipe can fill up.
    /// Standard input is `input`, or empty.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, input: String? = nil
    ) async throws -> Outcome {
        try await withTemporaryDirectory { scratch in
            let ended = try await ChildProcess.run(
                executable.path, arguments, environment: ChildProcess.baseEnvironment.merging(environment) { $1 },
                directory: (directory ?? scratch).path, input: input)
            return Outcome(status: ended.status, stdout: ended.stdout, stderr: ended.stderr)
        }
    }
}
