import DatabaseTestSupport
import Foundation
import Testing

/// `dataflow task create/list/validate/destroy` against the real server, and the errors every
/// server command reports the same way: one line, the server's message, the exit code of its category.
@Suite("dataflow task create, list, validate, destroy; server errors")
struct TaskDefinitionCommandTests {
    @Test("create, list (Data Flow shell's columns, JSON), validate and destroy a definition")
    func lifecycle() async throws {
        try await ServerProcess.with(.sqlite) { server in
            _ = try await server.dataflow(["app", "register", "--name", "timestamp", "--type", "task", "--uri", timestampTask])
            let created = try await server.dataflow(["task", "create", "stamp", "--definition", "timestamp --format=yyyy", "--description", "the year"])
            #expect(created.stdout == "Created new task 'stamp'\n", "\(created)")
            let byOption = try await server.dataflow(["task", "create", "--name", "stamp2", "--definition", "timestamp", "--json"])
            #expect((byOption.json as? [String: Any])?["dslText"] as? String == "timestamp", "\(byOption)")

            let list = try await server.dataflow(["task", "list"])
            let lines = list.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                == "Task Name Task Definition description Task Status", "\(list)")
            #expect(lines.contains { $0.hasPrefix("stamp ") && $0.contains("timestamp --format=yyyy") && $0.contains("the year") && $0.hasSuffix("UNKNOWN") }, "\(list)")
            let listed = try #require(try await server.dataflow(["task", "list", "--json"]).json as? [[String: Any]])
            #expect(Set(listed.compactMap { $0["name"] as? String }) == ["stamp", "stamp2"])

            let valid = try await server.dataflow(["task", "validate", "stamp"])
            #expect(valid.status == 0 && valid.stdout.contains("stamp is a valid task.") && valid.stdout.contains("task:timestamp  valid"), "\(valid)")

            let gone = server.directory.appendingPathComponent("gone.sh")
            try "#!/bin/sh\n".write(to: gone, atomically: true, encoding: .utf8)
            chmod(gone.path, 0o755)
            try await server.define("gone", path: gone.path)
            try FileManager.default.removeItem(at: gone)
            let invalid = try await server.dataflow(["task", "validate", "gone"])
            #expect(invalid.status == 1 && invalid.stdout.contains("gone is an invalid task.") && invalid.stdout.contains("invalid"), "\(invalid)")

            let destroyed = try await server.dataflow(["task", "destroy", "stamp"])
            #expect(destroyed.stdout == "Destroyed task 'stamp'\n", "\(destroyed)")
            let names = try #require(try await server.dataflow(["task", "list", "--json"]).json as? [[String: Any]]).compactMap { $0["name"] as? String }
            #expect(Set(names) == ["stamp2", "gone"])
        }
    }

    @Test("server errors: unknown definition exits 1, bad DSL exits 2 with the position, a duplicate exits 1")
    func errors() async throws {
        try await ServerProcess.with(.sqlite) { server in
            let unknown = try await server.dataflow(["task", "launch", "nope", "--wait"])
            #expect(unknown.status == 1, "\(unknown)")
            #expect(unknown.stderr == "error: Could not find task definition named nope\n", "\(unknown)")
            #expect(unknown.stdout.isEmpty)

            let bad = try await server.dataflow(["task", "create", "bad", "--definition", "timestamp &&"])
            #expect(bad.status == 2, "\(bad)")
            #expect(bad.errorLines.count == 1 && bad.stderr.hasPrefix("error: 112E:(pos 12): "), "\(bad)")

            _ = try await server.dataflow(["app", "register", "--name", "timestamp", "--uri", timestampTask])
            #expect(try await server.dataflow(["task", "create", "twice", "--definition", "timestamp"]).status == 0)
            let duplicate = try await server.dataflow(["task", "create", "twice", "--definition", "timestamp"])
            #expect(duplicate.status == 1 && duplicate.errorLines.count == 1 && duplicate.stderr.contains("twice"), "\(duplicate)")
            let noName = try await server.dataflow(["task", "create", "--definition", "timestamp"])
            #expect(noName.status == 2 && noName.stderr.contains("give the task definition's name"), "\(noName)")
        }
    }

    @Test("no server: exit 1 with where it looked and what to do; a URL that is not HTTP: exit 2")
    func unreachable() async throws {
        let port = try closedLoopbackPort()
        let down = try await CLI.run(["task", "list", "--server", "http://127.0.0.1:\(port)"])
        #expect(down.status == 1, "\(down)")
        #expect(
            down.stderr == "error: cannot reach the server at http://127.0.0.1:\(port): Connection refused; start it with dataflow-server or set --server/DATAFLOW_URI\n",
            "\(down)")
        let fromEnvironment = try await CLI.run(["app", "list"], environment: ["DATAFLOW_URI": "http://127.0.0.1:\(port)/"])
        #expect(fromEnvironment.status == 1 && fromEnvironment.stderr.contains("at http://127.0.0.1:\(port):"), "\(fromEnvironment)")
        let notHTTP = try await CLI.run(["task", "list", "--server", "ftp://127.0.0.1"])
        #expect(notHTTP.status == 2 && notHTTP.stderr.contains("is not an http:// or https:// URL"), "\(notHTTP)")
    }
}
