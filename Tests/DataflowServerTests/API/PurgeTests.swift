import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import HTTPTypes
import HistoryTestSupport
import Testing

/// `DELETE /jobs/executions/purge` and `DELETE /tasks/executions/purge`: the report as JSON, a
/// dry run that deletes nothing, audit records, the server's own rows and files, precise 400s
/// and the DESTROY role.
@Suite("Purge through the server")
struct PurgeTests {
    static func count(_ client: ServerHarness.Client, _ sql: String) async throws -> Int {
        Int(try await client.pool.withConnection { try await $0.query(sql)[0].decode(Int64.self, at: 0) })
    }

    /// Every row of the tables a job purge touches, by table.
    static func tableCounts(_ client: ServerHarness.Client) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in SpringHistory.tables { counts[table] = try await count(client, "SELECT COUNT(*) FROM \(table)") }
        return counts
    }

    static let countKeys = [
        "taskExecutions", "taskParameters", "taskLinks", "jobExecutions", "jobInstances", "jobParameters", "jobContexts",
        "stepExecutions", "stepContexts", "keptForRestart", "keptWithRunning", "batches",
    ]

    @Test("jobs of Data Flow's history: a dry run counts and deletes nothing, the purge deletes as counted, audited per batch", arguments: TestDatabase.allCases)
    func jobs(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await SpringHistory.load(into: client.pool)
            let before = try await Self.tableCounts(client)
            let dry = try await client.delete("/jobs/executions/purge?olderThan=30d&dryRun=true&batchSize=50")
            #expect(dry.status == 200 && dry.contentType == "application/hal+json", "\(dry)")
            #expect(dry.json["dryRun"].bool == true && (dry.json["jobExecutions"].int ?? 0) > 50, "\(dry)")
            #expect(dry.json["policy"]["olderThan"].string == "30d" && dry.json["policy"]["batchSize"].int == 50)
            #expect(dry.json["policy"]["includeRestartable"].bool == false)
            #expect(dry.json["_links"]["self"]["href"].string?.hasSuffix("/jobs/executions/purge") == true)
            #expect(try await Self.tableCounts(client) == before)
            #expect(try await client.get("/audit-records?operations=TASK&actions=DELETE").json["page"]["totalElements"].int == 0)

            let purged = try await client.delete("/jobs/executions/purge?olderThan=30d&batchSize=50")
            #expect(purged.status == 200 && purged.json["dryRun"].bool == false, "\(purged)")
            for key in Self.countKeys { #expect(purged.json[key].int == dry.json[key].int, "\(key)") }
            let jobs = try #require(purged.json["jobExecutions"].int)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION") == before["BATCH_JOB_EXECUTION"]! - jobs)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION") == before["BATCH_STEP_EXECUTION"]! - purged.json["stepExecutions"].int!)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM TASK_TASK_BATCH") == before["TASK_TASK_BATCH"]! - purged.json["taskLinks"].int!)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION") == before["TASK_EXECUTION"]!, "a job purge leaves task executions")
            #expect(purged.json["batches"].int == (jobs + 49) / 50)

            let audit = try await client.get("/audit-records?operations=TASK&actions=DELETE&size=1000").json
            let records = audit["_embedded"]["auditRecordResourceList"].array
            #expect(records.count == purged.json["batches"].int)
            #expect(Set(records.map { $0["correlationId"].string ?? "" }).count == 1)
            #expect(records.allSatisfy { $0["correlationId"].string?.hasPrefix("purge-") == true })
            let data = JSON(parsing: records.first?["auditData"].string ?? "")
            #expect(data["action"].string == "PURGE" && data["executions"].string == "job executions", "\(data)")
            #expect(data["policy"]["olderThanSeconds"].int == 30 * 86_400)

            let again = try await client.delete("/jobs/executions/purge?olderThan=30d")
            #expect(again.status == 200 && again.json["jobExecutions"].int == 0 && again.json["batches"].int == 0)
            #expect(again.json["keptForRestart"].int == purged.json["keptForRestart"].int)
        }
    }

    @Test("tasks launched here: the purge keeps the newest, and removes the rest with their manifests, launch rows and logs", arguments: TestDatabase.allCases)
    func tasks(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await client.define("stamp", app: "timestamp", path: timestampTask)
            var ids: [Int] = []
            for _ in 0..<3 {
                let id = try await client.launch("stamp")
                _ = try await client.ended(id)
                ids.append(id)
            }
            let directories = try await client.pool.withConnection { connection in
                try await connection.query("SELECT WORK_DIR FROM SB_TASK_LAUNCH ORDER BY TASK_EXECUTION_ID").map { try $0.decode(String.self, "WORK_DIR") }
            }
            #expect(directories.count == 3 && directories.allSatisfy { FileManager.default.fileExists(atPath: $0) })
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM task_execution_metadata") == 3)

            let dry = try await client.delete("/tasks/executions/purge?keepLast=1&name=stamp&dryRun=true")
            #expect(dry.status == 200 && dry.json["taskExecutions"].int == 2 && dry.json["dryRun"].bool == true, "\(dry)")
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION") == 3)
            let purged = try await client.delete("/tasks/executions/purge?keepLast=1&name=stamp")
            #expect(purged.status == 200, "\(purged)")
            for key in Self.countKeys { #expect(purged.json[key].int == dry.json[key].int, "\(key)") }
            #expect(purged.json["taskParameters"].int ?? 0 > 0)

            #expect(try await client.get("/tasks/executions/\(ids[0])").status == 404)
            #expect(try await client.get("/tasks/executions/\(ids[1])").status == 404)
            #expect(try await client.get("/tasks/executions/\(ids[2])").status == 200, "the newest is kept")
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM task_execution_metadata") == 1)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM SB_TASK_LAUNCH") == 1)
            #expect(directories.map { FileManager.default.fileExists(atPath: $0) } == [false, false, true], "the purged launches' logs are gone")
            #expect(try await Self.count(client, "SELECT CAST(SUM(EXECUTIONS) AS BIGINT) FROM SB_TASK_EXECUTION_COUNT") == 1)
            let audit = try await client.get("/audit-records?operations=TASK&actions=DELETE").json
            #expect(JSON(parsing: audit["_embedded"]["auditRecordResourceList"][0]["auditData"].string ?? "")["executions"].string == "task executions")
        }
    }

    @Test("bad parameters answer 400 with what to write instead; nothing is deleted", arguments: [TestDatabase.sqlite])
    func badRequests(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await SpringHistory.load(into: client.pool)
            let before = try await Self.tableCounts(client)
            let cases: [(String, String)] = [
                ("", "Give 'olderThan' (such as 30d), 'keepLast' (such as 10) or both"),
                ("dryRun=true", "Give 'olderThan'"),
                ("olderThan=30", "'30' has no unit (it could mean milliseconds or days): write 30d for days"),
                ("olderThan=soon", "'soon' is not a duration: write one such as 30d, 12h, 90m, 45s, 500ms or PT1H"),
                ("olderThan=-1d", "'-1d' is not a duration"),
                ("olderThan=1000000d", "'1000000d' is longer than 100000d"),
                ("olderThan=30d&keepLast=-1", "The parameter 'keepLast' must be a number of executions to keep, 0 or more, not -1"),
                ("keepLast=ten", "The parameter 'keepLast' must be an integer, not 'ten'"),
                ("olderthan=30d&keepLast=5", "The parameter 'olderthan' is not one a purge takes"),
                ("days=30", "The parameter 'days' is not one a purge takes"),
                ("olderThan=30d&batchSize=0", "The parameter 'batchSize' must be from 1 to 10000, not 0"),
                ("olderThan=30d&dryRun=maybe", "The parameter 'dryRun' must be true or false, not 'maybe'"),
            ]
            for path in ["/jobs/executions/purge", "/tasks/executions/purge"] {
                for (query, message) in cases {
                    let reply = try await client.delete(path + (query.isEmpty ? "" : "?" + query))
                    #expect(reply.status == 400, "\(path)?\(query): \(reply)")
                    let error = reply.json["_embedded"]["errors"][0]
                    #expect(error["logref"].string == "IllegalArgumentException")
                    #expect(error["message"].string?.contains(message) == true, "\(path)?\(query): \(reply)")
                }
            }
            #expect(try await Self.tableCounts(client) == before)
            // Data Flow's own cleanup of one execution is still what a number after /tasks/executions/ means.
            #expect(try await client.delete("/tasks/executions/purged").status == 400)
        }
    }

    @Test("with security on, purging takes the DESTROY role", arguments: [TestDatabase.sqlite])
    func roles(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: SecurityTests.configure) { (client: ServerHarness.Client) async throws in
            for path in ["/jobs/executions/purge?olderThan=1d&dryRun=true", "/tasks/executions/purge?keepLast=5"] {
                #expect(try await SecurityTests.send(client, .delete, path, as: nil) == 401)
                for user in ["viewer", "creator", "deployer", "modifier"] {
                    #expect(try await SecurityTests.send(client, .delete, path, as: user) == 403, "\(user) \(path)")
                }
                #expect(try await SecurityTests.send(client, .delete, path, as: nil, bearer: SecurityTests.token) == 403)
                #expect(try await SecurityTests.send(client, .delete, path, as: "destroyer") == 200)
                #expect(try await SecurityTests.send(client, .delete, path, as: "admin") == 200)
            }
        }
    }
}
