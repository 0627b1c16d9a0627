import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

@Suite("Stopping task executions: SIGTERM, then SIGKILL after the grace period; errors for what is not running")
struct TaskStopTests {
    static let fixture = TestProcess.executable("task-fixture").path

    @Test("a running task stops on SIGTERM and records it; stopping it again is a 422", arguments: TestDatabase.allCases)
    func stop(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("waiter", app: "fixture", path: Self.fixture)
            let id = try await client.launch("waiter", arguments: "wait")
            try await poll("the task to start") {
                try await client.get("/tasks/executions/\(id)").json["taskExecutionStatus"].string == "RUNNING"
            }
            #expect(try await client.post("/tasks/executions/\(id)").status == 200)
            let ended = try await client.ended(id)
            #expect(ended["exitCode"].int == 143, "\(ended)")
            #expect(ended["taskExecutionStatus"].string == "ERROR")
            let again = try await client.post("/tasks/executions/\(id)")
            #expect(again.status == 422)
            #expect(again.body.contains("is not running"))
            #expect(try await client.post("/tasks/executions/424242").status == 404)
            #expect(try await client.post("/tasks/executions/abc").status == 400)
            let audit = try await client.get("/audit-records?actions=UNDEPLOY").json
            #expect(audit["page"]["totalElements"].int == 1)
        }
    }

    @Test("a task that ignores SIGTERM is killed after the grace period and shown with exit code 137", arguments: [TestDatabase.sqlite])
    func escalation(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: { $0.platforms[0].stopGracePeriod = .milliseconds(300) }) { client in
            let path = try client.script("stubborn.sh", "trap '' TERM\necho ready\nwhile true; do sleep 0.05; done")
            try await client.define("stubborn", app: "stubborn", path: path)
            let id = try await client.launch("stubborn")
            let external = try await client.get("/tasks/executions/\(id)").json["externalExecutionId"].string ?? ""
            try await poll("the script to be ready") { try await client.get("/tasks/logs/\(external)").body.contains("ready") }
            #expect(try await client.post("/tasks/executions/\(id)").status == 200)
            let ended = try await client.ended(id)
            #expect(ended["exitCode"].int == 137, "\(ended)")
        }
    }

    @Test("a watchdog ends a task that never records its start", arguments: [TestDatabase.sqlite])
    func startTimeout(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("silent.sh", "while true; do sleep 0.05; done")
            try await client.define("silent", app: "silent", path: path)
            let id = try await client.launch("silent", properties: "deployer.silent.local.start-timeout=1s")
            let ended = try await client.ended(id)
            #expect(ended["exitMessage"].string == "START_TIMEOUT", "\(ended)")
            #expect(ended["errorMessage"].string?.contains("no start was recorded within the start timeout") == true)
            // The process is stopped too: its launch ends (SIGTERM kills the shell loop).
            try await poll("the silent process to end") {
                try await client.get("/tasks/executions/current").json[0]["runningExecutionCount"].int == 0
            }
        }
    }

    @Test("the maximum run time stops a task that runs too long", arguments: [TestDatabase.sqlite])
    func maximumRunTime(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("forever.sh", "while true; do sleep 0.05; done")
            try await client.define("forever", app: "forever", path: path)
            let id = try await client.launch("forever", properties: "deployer.forever.local.maximum-run-time=1s")
            let ended = try await client.ended(id)
            #expect(ended["exitMessage"].string == "MAXIMUM_RUN_TIME", "\(ended)")
            #expect(ended["exitCode"].int == 143)
            #expect(ended["errorMessage"].string?.contains("maximum run time") == true)
        }
    }
}
