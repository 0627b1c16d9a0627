import DatabaseTestSupport
import Foundation
import Testing

/// `dataflow app ...` against the real server.
@Suite("dataflow app: register, import, list, info, default, unregister through the server")
struct AppCommandTests {
    @Test("register, list, info and unregister timestamp-task; a second registration needs --force")
    func registerListInfoUnregister() async throws {
        try await ServerProcess.with(.sqlite) { server in
            let registered = try await server.dataflow(["app", "register", "--name", "timestamp", "--type", "task", "--uri", timestampTask])
            #expect(registered.status == 0, "\(registered)")
            #expect(registered.stdout == "Successfully registered application 'task:timestamp'\n")

            let again = try await server.dataflow(["app", "register", "--name", "timestamp", "--type", "task", "--uri", timestampTask])
            #expect(again.status == 1 && again.errorLines.count == 1, "409: \(again)")
            #expect(again.stderr.contains("timestamp") && again.stderr.hasPrefix("error: "), "\(again)")
            let forced = try await server.dataflow(["app", "register", "--name", "timestamp", "--uri", timestampTask, "--force", "--json"])
            #expect(forced.status == 0, "\(forced)")
            #expect((forced.json as? [String: Any])?["uri"] as? String == "file://\(timestampTask)", "\(forced)")

            let list = try await server.dataflow(["app", "list"])
            #expect(list.stdout == "task\ntimestamp\n", "one column per app type that has apps: \(list)")
            let versions = try await server.dataflow(["app", "list", "--id", "task:timestamp"])
            #expect(versions.stdout.contains("> timestamp-1.0.0 <"), "the default version marked: \(versions)")
            let listed = try #require(try await server.dataflow(["app", "list", "--json"]).json as? [[String: Any]])
            #expect(listed.map { $0["name"] as? String } == ["timestamp"] && listed.first?["type"] as? String == "task")

            let info = try await server.dataflow(["app", "info", "--name", "timestamp", "--type", "task"])
            #expect(info.status == 0, "\(info)")
            #expect(info.stdout.contains("Information about task application 'timestamp':"))
            #expect(info.stdout.contains("Resource URI: file://\(timestampTask)"), "\(info)")
            let infoJSON = try #require(try await server.dataflow(["app", "info", "--name", "timestamp", "--json"]).json as? [String: Any])
            #expect(infoJSON["version"] as? String == "1.0.0" && infoJSON["defaultVersion"] as? Bool == true)

            let unregistered = try await server.dataflow(["app", "unregister", "--name", "timestamp", "--type", "task"])
            #expect(unregistered.stdout == "Successfully unregistered application 'timestamp' with type 'task'.\n", "\(unregistered)")
            let gone = try await server.dataflow(["app", "info", "--name", "timestamp"])
            #expect(gone.status == 1 && gone.errorLines.count == 1 && gone.stderr.contains("timestamp"), "404: \(gone)")
            #expect(try await server.dataflow(["app", "list"]).stdout.hasPrefix("No registered apps."))
        }
    }

    @Test("import a properties file: the server reads it, or with --local this command does; default picks a version")
    func importAndDefault() async throws {
        try await ServerProcess.with(.sqlite) { server in
            let file = server.directory.appendingPathComponent("apps.properties")
            try "# the samples\ntask.stamp=file://\(timestampTask)\ntask.tick=file://\(timestampTask)\n".write(to: file, atomically: true, encoding: .utf8)
            let imported = try await server.dataflow(["app", "import", "--uri", file.path])
            #expect(imported.status == 0, "\(imported)")
            #expect(imported.stdout == "Successfully registered 2 applications from '\(file.path)'\n", "\(imported)")

            let local = server.directory.appendingPathComponent("local.properties")
            try "task.other=\(timestampTask)\n".write(to: local, atomically: true, encoding: .utf8)
            let sent = try await server.dataflow(["app", "import", "--uri", "file://\(local.path)", "--local", "--json"])
            #expect(sent.status == 0, "\(sent)")
            #expect((sent.json as? [[String: Any]])?.map { $0["name"] as? String } == ["other"], "\(sent)")
            let missing = try await server.dataflow(["app", "import", "--uri", "/no/such/file", "--local"])
            #expect(missing.status == 2 && missing.stderr.contains("cannot read /no/such/file"), "\(missing)")

            let second = try await server.dataflow(["app", "register", "--name", "stamp", "--uri", timestampTask, "--version", "2.0.0"])
            #expect(second.status == 0, "\(second)")
            let made = try await server.dataflow(["app", "default", "--id", "task:stamp", "--version", "2.0.0"])
            #expect(made.stdout == "New default Application task:stamp:2.0.0\n", "\(made)")
            let versions = try await server.dataflow(["app", "list", "--id", "task:stamp"])
            #expect(versions.stdout.contains("> stamp-2.0.0 <") && versions.stdout.contains("stamp-1.0.0"), "\(versions)")
        }
    }
}
