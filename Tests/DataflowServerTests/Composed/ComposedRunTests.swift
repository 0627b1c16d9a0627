import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

/// Composed tasks run end to end: the server launches the real `composed-task-runner`, which
/// launches each child (a shell script registered as a task app) through the server's REST API
/// and waits for its end.
@Suite("Composed tasks run by the composed-task runner: sequences, splits, transitions, $END and $FAIL")
struct ComposedRunTests {
    @Test("a && b && c: the children run one after another, each the runner's child, with its own launch properties", arguments: TestDatabase.allCases)
    func sequence(_ database: TestDatabase) async throws {
        try await ServerHarness.withRunner(database) { client in
            for app in ["a", "b", "c"] { try await client.scriptApp(app, ServerHarness.Client.recording(app)) }
            try await client.create("seq", "a && b && c")
            let runner = try await client.launch("seq", properties: "app.b.greeting=hi,deployer.c.local.maximum-run-time=10m")
            let ended = try await client.ended(runner)
            #expect(ended["taskExecutionStatus"].string == "COMPLETE" && ended["exitCode"].int == 0, "\(ended)")
            #expect(ended["resourceUrl"].string == "file://\(composedTaskRunner)")
            let arguments = ended["arguments"].array.compactMap(\.string)
            #expect(arguments.contains("--graph=seq-a && seq-b && seq-c"), "\(arguments)")
            #expect(arguments.contains("--dataflow-server-uri=http://127.0.0.1:\(client.port)"), "\(arguments)")
            #expect(arguments.contains("--composed-task-properties=app.b.greeting=hi,deployer.c.local.maximum-run-time=10m"), "\(arguments)")
            #expect(client.trail() == ["a", "b", "c"])
            for child in ["seq-a", "seq-b", "seq-c"] {
                let executions = try await client.executions(of: child)
                #expect(executions.count == 1, "\(child): \(executions)")
                #expect(executions.first?["parentExecutionId"].int == runner, "\(child)")
                #expect(executions.first?["exitCode"].int == 0, "\(child)")
            }
            #expect(try await client.executions(of: "seq-b").first?["appProperties"]["greeting"].string == "hi")
            #expect(try await client.executions(of: "seq-a").first?["appProperties"]["greeting"].exists == false)
            #expect(try await client.executions(of: "seq-c").first?["deploymentProperties"]["deployer.c.local.maximum-run-time"].string == "10m")

            let job = try await client.jobExecution(ofTask: runner)
            #expect(job["jobExecution"]["status"].string == "COMPLETED" && job["name"].string == "seq", "\(job)")
            let steps = try await client.steps(ofJob: try #require(job["executionId"].int))
            #expect(steps.keys.sorted() == ["seq-a", "seq-b", "seq-c"])
            #expect(steps.values.allSatisfy { $0["status"].string == "COMPLETED" }, "\(steps)")
        }
    }

    @Test("<left || <mid && right || solo>> && last: the branches run at the same time, last after all of them", arguments: TestDatabase.allCases)
    func nestedSplit(_ database: TestDatabase) async throws {
        try await ServerHarness.withRunner(database) { client in
            // left and right each wait for the file the other writes: both end only if they overlap.
            // (The loop's bound is a hang guard: the test's own limit.)
            func meet(_ me: String, _ other: String) -> String {
                """
                touch "$DIR/\(me).ready"
                i=0
                while [ ! -f "$DIR/\(other).ready" ]; do i=$((i+1)); [ $i -gt 6000 ] && exit 1; sleep 0.1; done
                \(ServerHarness.Client.recording(me))
                """
            }
            try await client.scriptApp("left", meet("left", "right"))
            try await client.scriptApp("right", meet("right", "left"))
            for app in ["mid", "solo", "last"] { try await client.scriptApp(app, ServerHarness.Client.recording(app)) }
            try await client.create("fan", "<left || <mid && right || solo>> && last")
            let runner = try await client.launch("fan")
            let ended = try await client.ended(runner)
            #expect(ended["taskExecutionStatus"].string == "COMPLETE", "\(ended)")
            let trail = client.trail()
            #expect(Set(trail) == ["left", "right", "mid", "solo", "last"] && trail.count == 5, "\(trail)")
            #expect(trail.last == "last", "\(trail)")
            #expect(trail.firstIndex(of: "mid")! < trail.firstIndex(of: "right")!, "\(trail)")
            for child in ["left", "mid", "right", "solo", "last"] {
                let executions = try await client.executions(of: "fan-\(child)")
                #expect(executions.count == 1 && executions.first?["exitCode"].int == 0, "\(child): \(executions)")
            }
            let left = try #require(try await client.executions(of: "fan-left").first)
            let right = try #require(try await client.executions(of: "fan-right").first)
            let lastStart = try #require(try await client.executions(of: "fan-last").first?["startTime"].string)
            let leftEnd = try #require(left["endTime"].string)
            let rightEnd = try #require(right["endTime"].string)
            #expect(leftEnd <= lastStart && rightEnd <= lastStart, "last started after both ended")
        }
    }

    @Test("a runner holds no slot: at a platform limit of 1 two composed tasks launched together both complete, their children one at a time", arguments: TestDatabase.allCases)
    func concurrencyLimit(_ database: TestDatabase) async throws {
        try await ServerHarness.withRunner(database, configure: { $0.platforms[0].maximumConcurrentTasks = 1 }) { client in
            for app in ["a", "b"] { try await client.scriptApp(app, ServerHarness.Client.recording(app)) }
            try await client.create("narrow", "<a || b>")
            try await client.create("other", "a && b")
            // Had the runners held slots, the first would take the only one and its children
            // would wait for it for ever.
            let narrow = try await client.launch("narrow")
            let other = try await client.launch("other")
            for runner in [narrow, other] {
                let ended = try await client.ended(runner)
                #expect(ended["taskExecutionStatus"].string == "COMPLETE", "\(ended)")
            }
            var children: [JSON] = []
            for name in ["narrow-a", "narrow-b", "other-a", "other-b"] {
                let executions = try await client.executions(of: name)
                #expect(executions.count == 1, "\(name): a child refused for the limit is retried, not launched twice")
                children += executions
            }
            let spans = try children.map { (try #require($0["startTime"].string), try #require($0["endTime"].string)) }.sorted { $0.0 < $1.0 }
            for (earlier, later) in zip(spans, spans.dropFirst()) {
                #expect(earlier.1 <= later.0, "each child started once the one before had freed the slot: \(spans)")
            }
        }
    }

    @Test("transitions: 'FAILED', an exit code, '*', and no match going on with what follows", arguments: TestDatabase.allCases)
    func transitions(_ database: TestDatabase) async throws {
        try await ServerHarness.withRunner(database) { client in
            try await client.scriptApp("fails", ServerHarness.Client.recording("fails", exit: 1))
            try await client.scriptApp("code3", ServerHarness.Client.recording("code3", exit: 3))
            for app in ["recover", "never", "three", "zero", "after", "other"] {
                try await client.scriptApp(app, ServerHarness.Client.recording(app))
            }
            let definitions = [
                ("onfail", "fails 'FAILED'->recover 'COMPLETED'->never"),
                ("oncode", "code3 3->three 0->zero && after"),
                ("onany", "fails 'COMPLETED'->never '*'->other"),
                ("nomatch", "fails 'COMPLETED'->never && after"),
            ]
            var runners: [String: Int] = [:]
            for (name, dsl) in definitions {
                try await client.create(name, dsl)
                runners[name] = try await client.launch(name)
            }
            for (name, runner) in runners {
                let ended = try await client.ended(runner)
                #expect(ended["taskExecutionStatus"].string == "COMPLETE", "\(name): \(ended)")
            }
            let ran: [String: [String]] = [
                "onfail": ["fails", "recover"], "oncode": ["code3", "three"], "onany": ["fails", "other"], "nomatch": ["fails", "after"],
            ]
            let apps = ["fails", "code3", "recover", "never", "three", "zero", "after", "other"]
            for (name, expected) in ran {
                for app in apps where try await client.get("/tasks/definitions/\(name)-\(app)").status == 200 {
                    let count = try await client.executions(of: "\(name)-\(app)").count
                    #expect(count == (expected.contains(app) ? 1 : 0), "\(name)-\(app) ran \(count) times")
                }
            }
            // The failed child that a transition handled is a FAILED step; the job completed.
            let job = try await client.jobExecution(ofTask: try #require(runners["onfail"]))
            #expect(job["jobExecution"]["status"].string == "COMPLETED")
            let steps = try await client.steps(ofJob: try #require(job["executionId"].int))
            #expect(steps["onfail-fails"]?["status"].string == "FAILED" && steps["onfail-recover"]?["status"].string == "COMPLETED")
            #expect(steps["onfail-never"] == nil)
        }
    }

    @Test("$END ends the composed task COMPLETED, $FAIL ends it FAILED; what follows does not run", arguments: TestDatabase.allCases)
    func endAndFail(_ database: TestDatabase) async throws {
        try await ServerHarness.withRunner(database) { client in
            try await client.scriptApp("fails", ServerHarness.Client.recording("fails", exit: 1))
            for app in ["ok", "after"] { try await client.scriptApp(app, ServerHarness.Client.recording(app)) }
            try await client.create("ends", "fails 'FAILED'->$END && after")
            try await client.create("failing", "ok 'COMPLETED'->$FAIL && after")
            let ends = try await client.launch("ends")
            let failing = try await client.launch("failing")
            let ended = try await client.ended(ends)
            #expect(ended["taskExecutionStatus"].string == "COMPLETE" && ended["exitCode"].int == 0, "\(ended)")
            let failed = try await client.ended(failing)
            #expect(failed["taskExecutionStatus"].string == "ERROR" && failed["exitCode"].int == 1, "\(failed)")
            #expect(try await client.executions(of: "ends-after").isEmpty)
            #expect(try await client.executions(of: "failing-after").isEmpty)
            #expect(try await client.executions(of: "failing-ok").count == 1)
            #expect(try await client.jobExecution(ofTask: ends)["jobExecution"]["status"].string == "COMPLETED")
            #expect(try await client.jobExecution(ofTask: failing)["jobExecution"]["status"].string == "FAILED")
            // composedTaskJobExecutionStatus: the runner's job's exit status, on the full and
            // thin resources and on the definition's last execution; null on a child.
            #expect(ended["composedTaskJobExecutionStatus"].string == "COMPLETED", "\(ended)")
            #expect(failed["composedTaskJobExecutionStatus"].string == "FAILED", "\(failed)")
            let thin = try await client.get("/tasks/thinexecutions?name=failing").json["_embedded"]["taskExecutionThinResourceList"].array
            #expect(thin.count == 1 && thin.first?["composedTaskJobExecutionStatus"].string == "FAILED", "\(thin)")
            #expect(thin.first?["taskExecutionStatus"].string == "ERROR", "\(thin)")
            let definition = try await client.get("/tasks/definitions/failing").json
            #expect(definition["lastTaskExecution"]["composedTaskJobExecutionStatus"].string == "FAILED", "\(definition)")
            #expect(definition["status"].string == "ERROR", "\(definition)")
            let child = try #require(try await client.executions(of: "failing-ok").first)
            #expect(child["composedTaskJobExecutionStatus"].string == nil && child["taskExecutionStatus"].string == "COMPLETE", "\(child)")
        }
    }
}
