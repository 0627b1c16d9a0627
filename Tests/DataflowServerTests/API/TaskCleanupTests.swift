import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import HistoryTestSupport
import TaskRuntime
import Testing

@Suite("Cleanup: REMOVE_DATA deletes task rows, their children and their job data in foreign-key order")
struct TaskCleanupTests {
    static func count(_ client: ServerHarness.Client, _ sql: String) async throws -> Int64 {
        try await client.pool.withConnection { try await $0.query(sql)[0].decode(Int64.self, at: 0) }
    }

    @Test("a composed parent of Data Flow's history goes with its children and every job row they linked", arguments: TestDatabase.allCases)
    func removeData(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await SpringHistory.load(into: client.pool)
            let root = try await Self.count(client, "SELECT MIN(TASK_EXECUTION_ID) FROM TASK_EXECUTION WHERE PARENT_EXECUTION_ID IS NULL")
            let children = try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION WHERE PARENT_EXECUTION_ID = \(root)")
            #expect(children > 0)
            let child = try await Self.count(client, "SELECT MIN(TASK_EXECUTION_ID) FROM TASK_EXECUTION WHERE PARENT_EXECUTION_ID = \(root)")
            let refused = try await client.request(.delete, "/tasks/executions/\(child)?action=REMOVE_DATA")
            #expect(refused.status == 400)
            #expect(refused.body.contains("is a child of task execution \(root)"))
            let jobs = try await Self.count(client, """
                SELECT COUNT(*) FROM TASK_TASK_BATCH WHERE TASK_EXECUTION_ID = \(root)
                   OR TASK_EXECUTION_ID IN (SELECT TASK_EXECUTION_ID FROM TASK_EXECUTION WHERE PARENT_EXECUTION_ID = \(root))
                """)
            let jobsBefore = try await Self.count(client, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION")
            let stepsBefore = try await Self.count(client, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION")
            #expect(try await client.request(.delete, "/tasks/executions/\(root)?action=CLEANUP,REMOVE_DATA").status == 200)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION WHERE TASK_EXECUTION_ID = \(root) OR PARENT_EXECUTION_ID = \(root)") == 0)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION") == 1000 - 1 - children)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM BATCH_JOB_EXECUTION") == jobsBefore - jobs)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION") < stepsBefore || jobs == 0)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION S LEFT JOIN BATCH_JOB_EXECUTION J ON J.JOB_EXECUTION_ID = S.JOB_EXECUTION_ID WHERE J.JOB_EXECUTION_ID IS NULL") == 0, "no orphaned steps")
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION_PARAMS P LEFT JOIN TASK_EXECUTION T ON T.TASK_EXECUTION_ID = P.TASK_EXECUTION_ID WHERE T.TASK_EXECUTION_ID IS NULL") == 0)
            #expect(try await client.get("/tasks/executions/\(root)").status == 404)
            // One unknown id fails the whole request: nothing else is touched.
            let before = try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION")
            #expect(try await client.request(.delete, "/tasks/executions/\(child + 1),999999?action=REMOVE_DATA").status == 404)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION") == before)
        }
    }

    @Test("the bulk form deletes every ended execution of a name; a running one is never touched", arguments: TestDatabase.allCases)
    func bulk(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            try await SpringHistory.load(into: client.pool)
            // The history was inserted with its own ids: move the id sequence past them, as Spring's writes would have.
            try await client.pool.withConnection { connection in
                if connection.dialect == .postgresql {
                    _ = try await connection.query("SELECT setval('TASK_SEQ', 1000)")
                } else {
                    _ = try await connection.execute("INSERT INTO TASK_SEQ (ID) VALUES (1000)")
                }
            }
            let repository = TaskRepository(pool: client.pool)
            let running = try await repository.createTaskExecution(name: "ts-batch")
            _ = try await repository.startTaskExecution(try TaskSettings(taskName: "ts-batch", executionId: running.executionId), owner: nil)
            #expect(try await client.request(.delete, "/tasks/executions?action=CLEANUP,REMOVE_DATA&completed=true&name=ts-batch").status == 200)
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION WHERE TASK_NAME = 'ts-batch'") == 1, "only the running one is left")
            #expect(try await Self.count(client, "SELECT COUNT(*) FROM TASK_EXECUTION") == 1000 - 83 + 1)
            #expect(try await client.request(.delete, "/tasks/executions?days=-1").status == 400)
            // 83 ids do not fit Data Flow's correlation_id VARCHAR(255): the record names the range, its data every id.
            let audit = try await client.get("/audit-records?operations=TASK&actions=DELETE").json["_embedded"]["auditRecordResourceList"].array
            #expect(!audit.isEmpty)
            #expect(audit.allSatisfy { ($0["correlationId"].string?.utf8.count ?? 999) <= 255 })
            #expect(audit.contains { $0["correlationId"].string?.hasSuffix("(83 executions)") == true })
        }
    }
}
