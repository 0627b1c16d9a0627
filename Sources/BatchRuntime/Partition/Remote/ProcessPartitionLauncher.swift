import Foundation
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs each partition's worker as a local process: by default the running application's own
/// executable with its `worker` command, in the same working directory, with the same
/// environment plus the database settings, and standard output and error shared with the
/// manager (their lines mix with the manager's, as Spring's local deployer does).
///
/// When the manager gives up on a worker (its task is cancelled), the worker gets SIGTERM
/// (it stops after its chunk, recording `STOPPED`) and SIGKILL if it has not ended after
/// ``terminationGrace``.
///
/// ```swift
/// PartitionStep("load", partitioner: FilePartitioner { _ in files }, gridSize: 4,
///     launcher: ProcessPartitionLauncher(), worker: loadFile)
/// ```
public struct ProcessPartitionLauncher: PartitionLauncher {
    /// The worker's executable; nil for the running application's own (`/proc/self/exe`).
    public var executable: String?
    /// Arguments placed before the request's (a `--verbose`, say).
    public var extraArguments: [String]
    /// How long a worker asked to end may take before it is killed.
    public var terminationGrace: Duration

    /// A launcher of local worker processes.
    /// - Parameters:
    ///   - executable: The program; nil for the application's own executable.
    ///   - extraArguments: Arguments before the worker command's own.
    ///   - terminationGrace: Time between SIGTERM and SIGKILL when the manager gives up on a worker.
    public init(executable: String? = nil, extraArguments: [String] = [], terminationGrace: Duration = .seconds(30)) {
        self.executable = executable
        self.extraArguments = extraArguments
        self.terminationGrace = terminationGrace
    }

    /// Starts the worker process and waits for its end.
    public func runWorker(_ request: PartitionWorkerRequest) async throws -> PartitionWorkerExit {
        let program = try executable ?? Self.ownExecutable()
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: terminationGrace)]
        var environment: [Environment.Key: String?] = [:]
        for (key, value) in request.environment { environment[Environment.Key(stringLiteral: key)] = value }
        let status: TerminationStatus
        do {
            status = try await Subprocess.run(
                .path(FilePath(program)), arguments: Arguments(extraArguments + request.arguments),
                environment: .inherit.updating(environment), platformOptions: options, input: .none,
                output: .currentStandardOutput, error: .currentStandardError
            ).terminationStatus
        } catch let error as SubprocessError {
            throw BatchError(
                .partitionFailed, "could not start the worker of partition \(request.stepName) (\(program)): \(error)")
        }
        switch status {
        case .exited(let code): return .exited(code)
        case .signaled(let signal): return .killed(signal: signal)
        }
    }

    /// The path of the running executable.
    static func ownExecutable() throws -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        guard let first = CommandLine.arguments.first, first.contains("/") else {
            throw BatchError(
                .invalidDeclaration,
                "cannot find this application's executable to start partition workers; give ProcessPartitionLauncher(executable:)")
        }
        return URL(fileURLWithPath: first).standardizedFileURL.path
    }
}
