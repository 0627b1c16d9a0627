import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

@Suite("Launching on the local platform: the contract, logs, failures, sticky properties")
struct TaskLaunchTests {
    @Test("timestamp-task launched through REST completes the row the server created", arguments: TestDatabase.allCases)
    func timestamp(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("stamp", app: "timestamp", path: timestampTask, dsl: "timestamp --format=yyyy")
            let reply = try await client.post("/tasks/executions/launch", form: [("name", "stamp"), ("properties", "app.timestamp.greeting=hi,deployer.timestamp.local.maximum-run-time=10m")])
            #expect(reply.status == 201)
            #expect(reply.json.keys == ["executionId", "schemaTarget", "_links"])
            let id = try #require(reply.json["executionId"].int)
            let execution = try await client.ended(id)
            #expect(execution["taskExecutionStatus"].string == "COMPLETE", "\(execution)")
            #expect(execution["exitCode"].int == 0)
            #expect(execution["taskName"].string == "stamp")
            let arguments = execution["arguments"].array.compactMap(\.string)
            #expect(arguments.contains("--format=yyyy"))
            #expect(arguments.contains("--spring.cloud.task.executionid=\(id)"))
            #expect(!arguments.contains { $0.contains("datasource") }, "the datasource goes through the environment")
            #expect(execution["appProperties"]["greeting"].string == "hi")
            #expect(execution["platformName"].string == "default")
            #expect(execution["resourceUrl"].string == "file://\(timestampTask)")
            let external = try #require(execution["externalExecutionId"].string)
            #expect(external.hasPrefix("stamp-"))
            let log = try await client.get("/tasks/logs/\(external)")
            #expect(log.status == 200)
            #expect(log.contentType?.hasPrefix("text/plain") == true)
            #expect(log.body.contains(String(Calendar(identifier: .gregorian).component(.year, from: Date()))), "\(log.body)")
            let audit = try await client.get("/audit-records?operations=TASK&actions=DEPLOY").json
            #expect(audit["page"]["totalElements"].int == 1)
        }
    }

    @Test("a plain script that records nothing is shown with its real exit code; the legacy endpoint answers the id", arguments: TestDatabase.allCases)
    func plainScript(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("plain.sh", "echo \"hello $1\"\necho oops >&2\nexit 3")
            try await client.define("plain", app: "plain", path: path)
            let legacy = try await client.post("/tasks/executions", form: [("name", "plain"), ("arguments", "world")])
            #expect(legacy.status == 201)
            let id = try #require(Int(legacy.body))
            let execution = try await client.ended(id)
            #expect(execution["taskExecutionStatus"].string == "ERROR")
            #expect(execution["exitCode"].int == 3)
            #expect(execution["startTime"].string != nil, "the start is the launch time when the app records none")
            #expect(execution["errorMessage"].string?.contains("exited with code 3") == true)
            let log = try await client.get("/tasks/logs/\(execution["externalExecutionId"].string ?? "")").body
            #expect(log.contains("hello world") && log.contains("oops"))
            let ok = try client.script("ok.sh", "exit 0")
            try await client.define("ok", app: "ok", path: ok)
            #expect(try await client.ended(try await client.launch("ok"))["taskExecutionStatus"].string == "COMPLETE")
        }
    }

    @Test("a launch that cannot start ends its execution at once with the error", arguments: TestDatabase.allCases)
    func failedLaunch(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("gone.sh", "exit 0")
            try await client.define("gone", app: "gone", path: path)
            try FileManager.default.removeItem(atPath: path)
            let reply = try await client.post("/tasks/executions/launch", form: [("name", "gone")])
            #expect(reply.status == 400)
            #expect(reply.body.contains("does not exist"), "\(reply)")
            let executions = try await client.get("/tasks/executions?name=gone").json
            let execution = executions["_embedded"]["taskExecutionResourceList"][0]
            #expect(execution["taskExecutionStatus"].string == "ERROR", "not UNKNOWN forever, as in Data Flow")
            #expect(execution["errorMessage"].string?.contains("does not exist") == true)
            #expect(try await client.post("/apps/task/image/1.0.0", form: [("uri", "docker:springcloudtask/timestamp-task:2.0.2")]).status == 201)
            #expect(try await client.post("/tasks/definitions", form: [("name", "image"), ("definition", "image")]).status == 200)
            let docker = try await client.post("/tasks/executions/launch", form: [("name", "image")])
            #expect(docker.status == 400)
            #expect(docker.body.contains("cannot run the container image"))
            let interpreter = try client.script("bad.sh", "exit 0")
            try "#!/no/such/interpreter\nexit 0\n".write(toFile: interpreter, atomically: true, encoding: .utf8)
            chmod(interpreter, 0o755)
            try await client.define("bad", app: "bad", path: interpreter)
            let bad = try await client.ended(try await client.launch("bad"))
            #expect(bad["exitCode"].int == 127, "\(bad)")
            #expect(bad["errorMessage"].string?.contains("cannot start") == true, "\(bad)")
        }
    }

    @Test("bad launch input: unknown definition, property without prefix, unbalanced quotes, unknown platform", arguments: [TestDatabase.sqlite])
    func badInput(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("stamp", app: "timestamp", path: timestampTask)
            let unknown = try await client.post("/tasks/executions/launch", form: [("name", "nope")])
            #expect(unknown.status == 404)
            #expect(unknown.body.contains("Could not find task definition named nope"))
            let prefix = try await client.post("/tasks/executions/launch", form: [("name", "stamp"), ("properties", "foo.bar=1")])
            #expect(prefix.status == 400)
            #expect(prefix.body.contains("'app.', 'deployer.' or 'version.'"))
            let quotes = try await client.post("/tasks/executions/launch", form: [("name", "stamp"), ("arguments", "--a='b c")])
            #expect(quotes.status == 400)
            #expect(quotes.body.contains("unbalanced quotes"))
            let platform = try await client.post("/tasks/executions/launch", form: [("name", "stamp"), ("properties", "spring.cloud.dataflow.task.platformName=mars")])
            #expect(platform.status == 400)
            #expect(platform.body.contains("Unknown platform mars"))
            #expect(try await client.post("/tasks/executions/launch").status == 400)
            #expect(try await client.get("/tasks/executions?page=0&size=5").json["page"]["totalElements"].int == 0, "nothing was recorded")
        }
    }

    @Test("properties stick to the definition across launches; an empty value removes one", arguments: TestDatabase.allCases)
    func stickyProperties(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("env.sh", "exit 0")
            try await client.define("sticky", app: "env", path: path)
            let first = try await client.ended(try await client.launch("sticky", properties: "app.env.a=1,app.env.b=2"))
            #expect(first["appProperties"]["a"].string == "1")
            let second = try await client.ended(try await client.launch("sticky", properties: "app.env.b=3"))
            #expect(second["appProperties"]["a"].string == "1", "a sticks")
            #expect(second["appProperties"]["b"].string == "3")
            let third = try await client.ended(try await client.launch("sticky", properties: "app.env.a="))
            #expect(!third["appProperties"]["a"].exists)
            #expect(third["appProperties"]["b"].string == "3")
        }
    }

    @Test("app properties reach the app as Data Flow's local deployer hands them: SPRING_APPLICATION_JSON, or arguments when told", arguments: TestDatabase.allCases)
    func appProperties(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("show.sh", "echo \"json=$SPRING_APPLICATION_JSON\"\nfor a in \"$@\"; do echo \"arg=$a\"; done")
            try await client.define("show", app: "show", path: path)
            func log(_ id: Int) async throws -> String {
                let execution = try await client.ended(id)
                return try await client.get("/tasks/logs/\(execution["externalExecutionId"].string ?? "")").body
            }
            let given = "app.show.greeting=hello world,app.show.spring.batch.job.name=import,"
                + "deployer.show.local.environment-variables=SPRING_APPLICATION_JSON={\"mine\":\"kept\"}"
            let first = try await log(try await client.launch("show", properties: given))
            #expect(first.contains(#"json={"greeting":"hello world","mine":"kept","spring.batch.job.name":"import"}"#), "\(first)")
            #expect(!first.contains("arg=--greeting"), "\(first)")
            let second = try await log(try await client.launch("show", properties: "deployer.show.local.use-spring-application-json=false"))
            #expect(second.contains("arg=--greeting=hello world") && second.contains("arg=--spring.batch.job.name=import"), "\(second)")
            #expect(second.contains(#"json={"mine":"kept"}"#), "\(second)")

            // Spring's timestamp sample reads timestamp.format: set as an app property, it prints the year.
            try await client.define("year", app: "timestamp", path: timestampTask)
            let printed = try await log(try await client.launch("year", properties: "app.timestamp.timestamp.format=yyyy"))
            let year = String(Calendar(identifier: .gregorian).component(.year, from: Date()))
            #expect(printed.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == year }, "\(printed)")
        }
        // The account's use-spring-application-json=false: arguments for every launch on it.
        try await ServerHarness.with(database, configure: { $0.platforms[0].useSpringApplicationJSON = false }) { client in
            let path = try client.script("show.sh", "echo \"json=$SPRING_APPLICATION_JSON\"\nfor a in \"$@\"; do echo \"arg=$a\"; done")
            try await client.define("show", app: "show", path: path)
            let execution = try await client.ended(try await client.launch("show", properties: "app.show.greeting=hi"))
            let log = try await client.get("/tasks/logs/\(execution["externalExecutionId"].string ?? "")").body
            #expect(log.contains("arg=--greeting=hi") && log.contains("json=\n"), "\(log)")
        }
    }

    @Test("deployer properties set the working directory and environment; the server's own environment is not inherited", arguments: [TestDatabase.sqlite])
    func deployerProperties(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("where.sh", "echo \"dir=$(pwd) greeting=$GREETING secret=${SPRING_DATASOURCE_URL:+set} home=${HOME:+set}\"")
            try await client.define("where", app: "where", path: path)
            let work = client.directory.appendingPathComponent("work")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let id = try await client.launch(
                "where", properties: "deployer.*.local.working-directory=\(work.path),deployer.where.local.environment-variables=GREETING=hello")
            let execution = try await client.ended(id)
            let log = try await client.get("/tasks/logs/\(execution["externalExecutionId"].string ?? "")").body
            #expect(log.contains("dir=\(work.path)"), "\(log)")
            #expect(log.contains("greeting=hello"), "\(log)")
            #expect(log.contains("secret=set"), "the datasource arrives in the environment: \(log)")
            #expect(execution["deploymentProperties"]["deployer.where.local.environment-variables"].string == "GREETING=hello")
        }
    }

    @Test("a task app written in Python records its own start and end on the row the server created", arguments: TestDatabase.allCases)
    func pythonApp(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Peers/python_task.py").path
            try await client.define("py", app: "python-task", path: script)
            let id = try await client.launch("py", arguments: "--greeting=hello")
            let execution = try await client.ended(id)
            #expect(execution["taskExecutionStatus"].string == "COMPLETE", "\(execution)")
            #expect(execution["exitMessage"].string == "python-ok", "its own end, not the platform's")
            #expect(execution["arguments"].array.compactMap(\.string).contains("--greeting=hello"))
            let log = try await client.get("/tasks/logs/\(execution["externalExecutionId"].string ?? "")").body
            #expect(log.contains("python task \(id) started"), "\(log)")
        }
    }
}
