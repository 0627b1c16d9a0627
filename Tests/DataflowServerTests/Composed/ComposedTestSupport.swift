import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

/// The real `composed-task-runner` executable, registered by the test servers at start.
let composedTaskRunner = TestProcess.executable("composed-task-runner").path

extension ServerHarness {
    /// ``with(_:configure:_:)`` with the composed-task runner registered at start.
    static func withRunner<T: Sendable>(
        _ database: TestDatabase, configure: @Sendable @escaping (inout ServerSettings) -> Void = { _ in },
        _ body: @Sendable (Client) async throws -> T
    ) async throws -> T {
        try await with(
            database,
            configure: { settings in
                settings.composedTasks = ComposedTaskSettings(runnerURI: composedTaskRunner)
                configure(&settings)
            }, body)
    }
}

extension ServerHarness.Client {
    /// Registers a shell script as task app `app` (the body runs in the test directory, `$DIR`).
    func scriptApp(_ app: String, _ body: String) async throws {
        let path = try script("\(app).sh", "DIR='\(directory.path)'\n\(body)")
        let registered = try await post("/apps/task/\(app)/1.0.0", form: [("uri", path), ("force", "true")])
        #expect(registered.status == 201, "\(registered)")
    }

    /// A script body that exits `code`, after appending its name and arguments to `$DIR/trail`.
    static func recording(_ name: String, exit code: Int = 0) -> String {
        "echo \"\(name) $*\" >> \"$DIR/trail\"\nexit \(code)"
    }

    /// Creates the definition `name` as `dsl`, expecting success.
    func create(_ name: String, _ dsl: String) async throws {
        let reply = try await post("/tasks/definitions", form: [("name", name), ("definition", dsl)])
        #expect(reply.status == 200, "\(reply)")
    }

    /// The executions of the task `name`, newest first.
    func executions(of name: String) async throws -> [JSON] {
        try await get("/tasks/executions?name=\(name)&size=100").json["_embedded"]["taskExecutionResourceList"].array
    }

    /// The lines the recording scripts appended, in order.
    func trail() -> [String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("trail"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { String($0.split(separator: " ").first ?? "") }
    }

    /// The job execution the runner's task execution `task` ran (its newest).
    func jobExecution(ofTask task: Int) async throws -> JSON {
        let list = try await get("/jobs/thinexecutions?taskExecutionId=\(task)").json["_embedded"]["jobExecutionThinResourceList"].array
        let id = try #require(list.first?["executionId"].int, "task execution \(task) ran no job")
        return try await get("/jobs/executions/\(id)").json
    }

    /// The step executions of job execution `id`, by step name.
    func steps(ofJob id: Int) async throws -> [String: JSON] {
        let steps = try await get("/jobs/executions/\(id)/steps?size=100").json["_embedded"]["stepExecutionResourceList"].array
        return Dictionary(steps.map { ($0["stepExecution"]["stepName"].string ?? "", $0["stepExecution"]) }, uniquingKeysWith: { $1 })
    }
}
