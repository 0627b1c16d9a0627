import DatabaseTestSupport
import Foundation
import Testing

/// The real `dataflow-server` as a separate process, over a fresh database of either kind, with
/// its launches in its own directory; `dataflow` commands pointed at it through `DATAFLOW_URI`.
struct ServerProcess: Sendable {
    let process: TestProcess
    /// The server's base URL (`http://127.0.0.1:<port>`).
    let url: String
    /// The test's directory: the server's working directory, launches under `launches/`.
    let directory: URL
    /// The metadata database, as URL text.
    let database: String

    /// Starts a server on a free port, runs `body`, then stops the server (SIGTERM) and
    /// releases any script still waiting for `release` in the directory.
    static func with<T: Sendable>(
        _ kind: TestDatabase, _ arguments: [String] = [], _ body: (ServerProcess) async throws -> T
    ) async throws -> T {
        try await kind.withIsolatedURLText { database in
            try await withTemporaryDirectory { directory in
                let all = [
                    "--server.port=0", "--spring.datasource.url=\(database)",
                    "--spring.cloud.dataflow.task.platform.local.accounts.default.working-directories-root=\(directory.path)/launches",
                    // No composed-task runner registered at start: the app lists show only the tests' apps.
                    "--spring.cloud.dataflow.task.composed-task-runner.uri=",
                ] + arguments
                let process = try TestProcess("dataflow-server", all, in: directory)
                try await process.waitForOutput(containing: "listening on http://")
                let line = try #require(process.stdout.split(separator: "\n").first { $0.contains("listening on http://") })
                let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init))
                let server = ServerProcess(process: process, url: url, directory: directory, database: database)
                do {
                    let value = try await body(server)
                    try await server.stop()
                    return value
                } catch {
                    try? await server.stop()
                    throw error
                }
            }
        }
    }

    private func stop() async throws {
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("release").path, contents: nil)
        process.signal(SIGTERM)
        let outcome = try await process.wait()
        #expect(outcome.status == 0, "the server stops cleanly: \(outcome.stderr)")
    }

    /// Runs `dataflow arguments...` against this server (`DATAFLOW_URI`), with `environment` too.
    func dataflow(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws -> CLI.Outcome {
        try await CLI.run(arguments, environment: ["DATAFLOW_URI": url].merging(environment) { $1 }, in: directory, input: input)
    }

    /// Writes an executable shell script into the directory; `$RELEASE` in `body` is a file
    /// the script may wait for, created when the server stops.
    func script(_ name: String, _ body: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        let text = "#!/bin/sh\nRELEASE='\(directory.appendingPathComponent("release").path)'\n\(body)\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        chmod(url.path, 0o755)
        return url.path
    }

    /// Registers `path` as task app `name` and defines a task of the same name running it.
    func define(_ name: String, path: String, dsl: String? = nil) async throws {
        let registered = try await dataflow(["app", "register", "--name", name, "--type", "task", "--uri", path])
        #expect(registered.status == 0, "\(registered)")
        let created = try await dataflow(["task", "create", name, "--definition", dsl ?? name])
        #expect(created.status == 0, "\(created)")
    }

    /// The server's JSON for one execution, once it has ended (the task is another process:
    /// the server is asked until its end is recorded).
    func ended(_ id: Int) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        try await poll("the end of task execution \(id)") {
            let shown = try await dataflow(["task", "execution", "status", "--id", "\(id)", "--json"])
            last = (try? JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]) ?? [:]
            return last["endTime"] is String
        }
        return last
    }
}

/// The built `timestamp-task` sample, for app registrations.
let timestampTask = TestProcess.executable("timestamp-task").path

extension CLI.Outcome {
    /// Standard output as JSON.
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
}
