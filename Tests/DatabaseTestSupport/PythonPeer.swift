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
        let line = try await Self.line(of: process, startingWith: "listening ", firstLine: true)
        guard let port = Int(line) else { throw TestSetupError("\(script) printed 'listening \(line)'") }
        self.port = port
    }

    /// Waits (at most `limit`, as a guard against a hang) for an output line starting with
    /// `prefix` and returns the rest of that line.
    public func line(startingWith prefix: String, limit: Duration = .seconds(30)) async throws -> String {
        try await Self.line(of: process, startingWith: prefix, limit: limit)
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

    private static func line(of process: TestProcess, startingWith prefix: String, firstLine: Bool = false, limit: Duration = .seconds(30))
        async throws -> String
    {
        let marker = firstLine ? prefix : "\n" + prefix
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await process.waitForOutput(containing: marker)
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                // Ends the wait above too: its output closes.
                process.signal(SIGKILL)
                return false
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else {
                throw TestSetupError("no line starting with '\(prefix)' within \(limit); output so far:\n\(process.stdout)")
            }
        }
        let text = process.stdout
        let start = text.range(of: marker)!.upperBound
        return String(text[start...].prefix { $0 != "\n" })
    }
}
