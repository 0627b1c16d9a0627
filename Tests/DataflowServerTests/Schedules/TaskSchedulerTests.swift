import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import Testing

/// The local scheduler firing real launches: every second, across a restart, with two servers
/// on one database, and its misfire and concurrency policies.
@Suite("Schedules: the server fires them")
struct TaskSchedulerTests {
    /// Looks at the table often: tests change due times with SQL, which does not wake the scheduler.
    static let quickPoll: @Sendable (inout ServerSettings) -> Void = { $0.scheduler.pollInterval = .milliseconds(100) }

    @Test("an every-second schedule fires each second once, at whole seconds after its creation", arguments: TestDatabase.allCases)
    func everySecond(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("tick", app: "quick", path: try client.script("quick.sh", "exit 0"))
            let created = Date()
            try await Self.schedule(client, "ticker", "tick", "scheduler.cron.expression=* * * * * *,scheduler.concurrency-policy=Allow")
            var fires: [Fire] = []
            try await poll("three fires of ticker") {
                fires = try await Self.fires(client.pool, "ticker")
                return fires.count >= 3
            }
            #expect(try await client.delete("/tasks/schedules/ticker").status == 200)
            // A fire taken before the delete may still be launching (its record follows its
            // launch): compare at a moment when every launch so far has its fire recorded.
            var executions = 0
            try await poll("every launch of ticker recorded as its fire") {
                fires = try await Self.fires(client.pool, "ticker")
                executions = try await Self.executions(client, "tick").count
                return executions == fires.count
            }
            let due = fires.map(\.due)
            #expect(Set(due).count == due.count, "each due time fired once: \(due)")
            for fire in fires {
                #expect(fire.due.timeIntervalSince1970 == fire.due.timeIntervalSince1970.rounded(), "a whole second: \(fire.due)")
                #expect(fire.due > created.addingTimeInterval(-1))
                #expect(fire.outcome.hasPrefix("launched task execution "), "\(fire.outcome)")
            }
            #expect(executions == fires.count, "one launch per fire")
            for execution in try await Self.executions(client, "tick") {
                _ = try await client.ended(try #require(execution["executionId"].int))
            }
        }
    }

    @Test("a schedule made before a restart fires after it; fires missed while no server ran are one fire (run-once) or none (skip)", arguments: TestDatabase.allCases)
    func restartAndMisfire(_ database: TestDatabase) async throws {
        try await ServerHarness.prepared(database, configure: Self.quickPoll) { pool, settings, directory, url in
            try await ServerHarness.serve(settings: settings, pool: pool, logger: ServerHarness.logger) { port in
                let client = ServerHarness.Client(port: port, pool: pool, directory: directory, databaseURL: url)
                try await client.define("nightly", app: "quick", path: try client.script("quick.sh", "exit 0"))
                try await Self.schedule(client, "catch-up", "nightly", "scheduler.cron.expression=0 0 3 * * *,scheduler.cron.time-zone=UTC")
                try await Self.schedule(
                    client, "skipper", "nightly", "scheduler.cron.expression=0 0 3 * * *,scheduler.cron.time-zone=UTC,scheduler.misfire-policy=skip")
            }
            // While no server runs, both fell due an hour ago (the server was down at 03:00).
            let missed = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 3600).rounded(.down))
            _ = try await pool.withConnection { connection in
                try await connection.execute("UPDATE SB_TASK_SCHEDULE SET NEXT_FIRE_TIME = $1", [.date(missed)])
            }
            try await ServerHarness.serve(settings: settings, pool: pool, logger: ServerHarness.logger) { port in
                let client = ServerHarness.Client(port: port, pool: pool, directory: directory, databaseURL: url)
                var catchUp: [Fire] = []
                var skipper: [Fire] = []
                try await poll("both missed fires handled") {
                    catchUp = try await Self.fires(pool, "catch-up")
                    skipper = try await Self.fires(pool, "skipper")
                    return !catchUp.isEmpty && !skipper.isEmpty
                }
                #expect(catchUp.count == 1)
                #expect(catchUp[0].outcome.contains("misfire policy run-once"), "\(catchUp[0].outcome)")
                let id = try #require(catchUp[0].executionId)
                #expect(try await client.ended(Int(id))["exitCode"].int == 0)
                #expect(skipper.count == 1)
                #expect(skipper[0].executionId == nil)
                #expect(skipper[0].outcome.hasPrefix("skipped: due at"), "\(skipper[0].outcome)")
                #expect(skipper[0].outcome.contains("misfire policy skip"))
                // Both wait for their next 03:00 UTC, after now.
                for name in ["catch-up", "skipper"] {
                    let next = try #require(TaskSchedulesAPITests.instant(try await client.get("/tasks/schedules/\(name)").json["nextFireTimes"][0].string ?? ""))
                    #expect(next > Date())
                    #expect(Int(next.timeIntervalSince1970) % 86_400 == 3 * 3600)
                }
                #expect(try await client.get("/tasks/executions?name=nightly").json["page"]["totalElements"].int == 1)
            }
        }
    }

    @Test("two servers on one database: every fire once", arguments: TestDatabase.allCases)
    func twoServers(_ database: TestDatabase) async throws {
        try await ServerHarness.prepared(database, configure: Self.quickPoll) { pool, settings, directory, url in
            try await ConnectionPool.withPool(url: try DatabaseURL(url), configuration: .testing(maximumConnections: 4)) { second in
                try await ServerHarness.serve(settings: settings, pool: pool, logger: ServerHarness.logger) { firstPort in
                    try await ServerHarness.serve(settings: settings, pool: second, logger: ServerHarness.logger) { secondPort in
                        let one = ServerHarness.Client(port: firstPort, pool: pool, directory: directory, databaseURL: url)
                        let two = ServerHarness.Client(port: secondPort, pool: second, directory: directory, databaseURL: url)
                        try await one.define("tick", app: "quick", path: try one.script("quick.sh", "exit 0"))
                        // Created on each server: each server's own change wakes it, the other sees it by polling.
                        try await Self.schedule(one, "from-one", "tick", "scheduler.cron.expression=* * * * * *,scheduler.concurrency-policy=Allow")
                        try await Self.schedule(two, "from-two", "tick", "scheduler.cron.expression=* * * * * *,scheduler.concurrency-policy=Allow")
                        var fires: [Fire] = []
                        try await poll("four fires of each schedule") {
                            fires = try await Self.fires(pool, "from-one") + Self.fires(pool, "from-two")
                            return fires.filter { $0.schedule == "from-one" }.count >= 4 && fires.filter { $0.schedule == "from-two" }.count >= 4
                        }
                        for name in ["from-one", "from-two"] { _ = try await one.delete("/tasks/schedules/\(name)") }
                        // A fire taken before the delete may still be launching: its record follows its launch.
                        var executions = 0
                        try await poll("every launch recorded as its fire") {
                            fires = try await Self.fires(pool, "from-one") + Self.fires(pool, "from-two")
                            executions = try await Self.executions(one, "tick").count
                            return executions == fires.count
                        }
                        let keys = fires.map { "\($0.schedule) \($0.due.timeIntervalSince1970)" }
                        #expect(Set(keys).count == keys.count, "no due time fired twice: \(keys.sorted())")
                        #expect(executions == fires.count)
                        for execution in try await Self.executions(one, "tick") {
                            _ = try await one.ended(try #require(execution["executionId"].int))
                        }
                    }
                }
            }
        }
    }

    @Test("while the last fire's run goes on: Forbid skips, Replace stops it and launches, Allow launches beside it", arguments: TestDatabase.allCases)
    func concurrency(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            // Runs until the test releases it, so a run that a fire in flight launches after the
            // schedules are deleted ends too, instead of outliving the test (the loop's bound is a
            // hang guard).
            let release = client.directory.appendingPathComponent("release").path
            let hold = try client.script(
                "hold.sh", "i=0\nwhile [ ! -f '\(release)' ]; do i=$((i+1)); [ $i -gt 36000 ] && exit 1; sleep 0.1; done")
            try await client.define("forbid", app: "hold", path: hold)
            try await client.define("replace", app: "hold", path: hold)
            try await client.define("allow", app: "hold", path: hold)
            for policy in ["forbid", "replace", "allow"] {
                try await Self.schedule(client, "\(policy)-s", policy, "scheduler.cron.expression=* * * * * *,scheduler.concurrency-policy=\(policy)")
            }
            try await poll("Forbid to skip a fire, Replace to stop a run, Allow to run two") {
                let forbid = try await Self.fires(client.pool, "forbid-s")
                let replaced = try await Self.executions(client, "replace")
                let allowed = try await Self.executions(client, "allow")
                return forbid.contains { $0.outcome.contains("concurrency policy Forbid") }
                    && replaced.contains { $0["exitCode"].int == 143 }
                    && allowed.filter { $0["endTime"].isNull }.count >= 2
            }
            for policy in ["forbid", "replace", "allow"] { _ = try await client.delete("/tasks/schedules/\(policy)-s") }
            let forbidden = try await Self.executions(client, "forbid")
            #expect(forbidden.count == 1, "Forbid never launched beside its running execution")
            let skipped = try await Self.fires(client.pool, "forbid-s").filter { $0.executionId == nil }
            #expect(skipped.allSatisfy { $0.outcome.contains("task execution \(forbidden[0]["executionId"].int ?? -1) of its previous fire still runs") })
            // Every run left is released; each ends.
            #expect(FileManager.default.createFile(atPath: release, contents: nil))
            let running = try await Self.executions(client, nil).filter { $0["endTime"].isNull }.compactMap { $0["executionId"].int }
            for id in running { _ = try await client.ended(id) }
        }
    }

    // MARK: Support

    struct Fire: Sendable {
        var schedule: String
        var due: Date
        var outcome: String
        var executionId: Int64?
    }

    static func schedule(_ client: ServerHarness.Client, _ name: String, _ definition: String, _ properties: String) async throws {
        let reply = try await client.post("/tasks/schedules", form: [("scheduleName", name), ("taskDefinitionName", definition), ("properties", properties)])
        #expect(reply.status == 201, "\(reply)")
    }

    /// The fires of `schedule` from the audit trail (one record per fire: `due <time>: <outcome>`).
    static func fires(_ pool: ConnectionPool, _ schedule: String) async throws -> [Fire] {
        let rows = try await pool.withConnection { connection in
            try await connection.query(
                "SELECT AUDIT_DATA FROM AUDIT_RECORDS WHERE AUDIT_OPERATION = 200 AND AUDIT_ACTION = 300 AND CORRELATION_ID = $1 ORDER BY ID",
                [.text(schedule)])
        }
        return try rows.map { row in
            let data = try row.decode(String.self, "AUDIT_DATA")
            let parts = data.dropFirst("due ".count).split(separator: ": ", maxSplits: 1).map(String.init)
            let due = try #require(TaskSchedulesAPITests.instant(String(parts[0].prefix { $0 != " " })), "\(data)")
            #expect(parts[0].contains(" (picked up +"), "\(data)")
            let outcome = parts.count > 1 ? parts[1] : ""
            let launched = outcome.hasPrefix("launched task execution ")
                ? Int64(outcome.dropFirst("launched task execution ".count).prefix { $0.isNumber }) : nil
            return Fire(schedule: schedule, due: due, outcome: outcome, executionId: launched)
        }
    }

    /// The task executions of `definition` (all when nil).
    static func executions(_ client: ServerHarness.Client, _ definition: String?) async throws -> [JSON] {
        let query = definition.map { "?name=\($0)&size=1000" } ?? "?size=1000"
        return try await client.get("/tasks/executions\(query)").json["_embedded"]["taskExecutionResourceList"].array
    }
}
