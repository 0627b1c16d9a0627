import Foundation

/// An independent peer written in Python (Tests/Peers/*.py: rsocket-py, `cryptography`,
/// cramjam), run as a real process that prints one line per event.
///
/// Scripts print `listening PORT` first; then the test waits for event lines by prefix.
public final class PythonPeer: Sendable {
    /// The running script.
    public let process: TestProcess
    /// The port from its `listening PORT` line.
    public let port: Int

    /// The path of a script in Tests/Peers.
    public static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Peers").appendingPathComponent(name).path
    }

    /// Starts `python3 Tests/Peers/<script> arguments...` and waits for its `listening PORT` line.
    public init(_ script: String, _ arguments: [String], in directory: URL) async throws {
        process = try TestProcess("/usr/bin/env", ["python3", Self.script(script)] + arguments, in: directory, input: true)
        let line = try await process.line(startingWith: "listening ", firstLine: true)
        guard let port = Int(line) else { throw TestSetupError("\(script) printed 'listening \(line)'") }
        self.port = port
    }

    /// Waits (at most `limit`, as a guard against a hang) for an output line starting with
    /// `prefix` and returns the rest of that line.
    public func line(startingWith prefix: String, limit: Duration = hangLimit) async throws -> String {
        try await process.line(startingWith: prefix, limit: limit)
    }

    /// Every output line so far.
    public var lines: [String] { process.stdout.split(separator: "\n").map(String.init) }

    /// Sends one command line to the script's standard input.
    public func send(_ command: String) throws {
        try process.input?.write(contentsOf: Data((command + "\n").utf8))
    }

    /// Kills the script and waits for it.
    public func stop() async {
        process.signal(SIGKILL)
        _ = try? await process.wait()
    }
}
