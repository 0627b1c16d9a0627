import Foundation

/// How the server runs composed tasks: which runner it registers and where the runner reaches
/// the server.
public struct ComposedTaskSettings: Sendable, Hashable {
    /// The composed-task runner to register at start as task app `composed-task-runner`
    /// (`spring.cloud.dataflow.task.composed-task-runner.uri`): an executable path or `file:`
    /// URI; nil registers none (launches of composed definitions then need an app registered by
    /// that name).
    public var runnerURI: String?
    /// The URI the runner reaches this server at (`spring.cloud.dataflow.server.uri`); nil:
    /// `http://<server.address>:<the port bound>`, with a wildcard address as 127.0.0.1.
    public var serverURI: String?

    /// Creates settings.
    /// - Parameters:
    ///   - runnerURI: The runner to register at start, or nil for none.
    ///   - serverURI: The URI runners reach the server at, or nil for the address listened on.
    public init(runnerURI: String? = nil, serverURI: String? = nil) {
        self.runnerURI = runnerURI
        self.serverURI = serverURI
    }

    /// The `composed-task-runner` executable in the directory of the running executable (the
    /// server's, as built and installed together), if there is one.
    public static var runnerBesideExecutable: String? {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let path = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(ComposedTaskLaunch.runnerAppName).path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
