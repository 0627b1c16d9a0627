import BatchRuntime
import DataflowServer
import Database
import DatabaseTestSupport
import Foundation
import Testing

/// The job execution lists' filters, pages, sorts and refusals, on SQLite and PostgreSQL.
@Suite("Job execution lists: filters, pages, sorts, errors")
struct JobExecutionListTests {
    static func ids(_ reply: ServerHarness.Reply, thin: Bool = true) -> [Int] {
        reply.json["_embedded"][thin ? "jobExecutionThinResourceList" : "jobExecutionResourceList"].array.compactMap { $0["executionId"].int }
    }

    static func newestFirst(_ written: [JobHistory.Written]) -> [Int] {
        written.map { Int($0.execution.id) }.sorted(by: >)
    }

    @Test("each filter, alone and together, on both lists", arguments: TestDatabase.allCases)
    func filters(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let s = try await JobScenario.write(client)
            let imports = Self.newestFirst([s.completed, s.failed, s.stopped])
            for path in ["/jobs/thinexecutions", "/jobs/executions"] {
                let thin = path.contains("thin")
                func ids(_ query: String) async throws -> [Int] { Self.ids(try await client.get("\(path)?\(query)"), thin: thin) }
                #expect(try await ids("name=importJob") == imports)
                #expect(try await ids("name=import%") == imports, "a % makes the name a LIKE pattern")
                #expect(try await ids("name=%Job&status=COMPLETED") == Self.newestFirst([s.completed, s.untasked]))
                #expect(try await ids("status=failed") == [Int(s.failed.execution.id)], "any case")
                #expect(try await ids("name=&status=STOPPED") == [Int(s.stopped.execution.id)], "an empty name is no filter")
                #expect(try await ids("fromDate=2026-01-01T00:01:00,000&toDate=2026-01-01T00:03:00,000") == Self.newestFirst([s.failed, s.stopped, s.untasked]))
                #expect(try await ids("fromDate=2026-01-01T00:01:00,001&toDate=2026-01-01T00:02:59,999") == [Int(s.stopped.execution.id)])
                #expect(try await ids("jobInstanceId=\(s.failed.execution.instance.id)") == [Int(s.failed.execution.id)])
                #expect(try await ids("taskExecutionId=\(s.running.taskExecutionId!)") == [Int(s.running.execution.id)])
                #expect(try await ids("name=exportJob&taskExecutionId=\(s.completed.taskExecutionId!)") == [])
                let empty = try await client.get("\(path)?name=importJob&status=ABANDONED")
                #expect(empty.status == 200 && !empty.json["_embedded"].exists, "an empty page has no _embedded")
                #expect(empty.json["page"].canonical == #"{"number":0,"size":20,"totalElements":0,"totalPages":0}"#)
            }
        }
    }

    @Test("pages: totals, links keeping the filters, size 2000 in one call, sorts whitelisted", arguments: TestDatabase.allCases)
    func pages(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let s = try await JobScenario.write(client)
            let all = Self.newestFirst(s.all)
            let second = try await client.get("/jobs/executions?page=1&size=2")
            #expect(Self.ids(second, thin: false) == Array(all[2..<4]))
            #expect(second.json["page"].canonical == #"{"number":1,"size":2,"totalElements":5,"totalPages":3}"#)
            let base = "http://127.0.0.1:\(client.port)"
            #expect(second.json["_links"]["next"]["href"].string == base + "/jobs/executions?page=2&size=2")
            let filtered = try await client.get("/jobs/thinexecutions?name=importJob&size=1")
            #expect(filtered.json["_links"]["next"]["href"].string == base + "/jobs/thinexecutions?name=importJob&page=1&size=1")
            #expect(filtered.json["page"]["totalElements"].int == 3)
            let shell = try await client.get("/jobs/thinexecutions?size=2000")
            #expect(Self.ids(shell) == all && shell.json["page"]["size"].int == 2000, "the shell's page size in one call")
            let byName = try await client.get("/jobs/thinexecutions?sort=JOB_NAME,asc&sort=START_TIME,desc")
            #expect(Self.ids(byName) == Self.newestFirst([s.running, s.untasked]) + Self.newestFirst([s.completed, s.failed, s.stopped]))
            let oldest = try await client.get("/jobs/executions?sort=executionId,asc&size=1")
            #expect(Self.ids(oldest, thin: false) == [all.last!])
            for path in ["/jobs/executions", "/jobs/thinexecutions"] {
                let refused = try await client.get("\(path)?sort=PASSWORD,asc")
                #expect(refused.status == 400)
                #expect(refused.json["_embedded"]["errors"][0]["message"].string
                    == "cannot sort by 'PASSWORD'; sort by one of JOB_EXECUTION_ID, START_TIME, END_TIME, CREATE_TIME, STATUS, EXIT_CODE, LAST_UPDATED, JOB_INSTANCE_ID, JOB_NAME (as NAME,asc or NAME,desc)")
            }
        }
    }

    @Test("refusals: unknown job 404, bad status, dates and ids 400, unknown execution 404 with Data Flow's messages", arguments: TestDatabase.allCases)
    func errors(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            _ = try await JobScenario.write(client)
            func message(_ path: String, _ status: Int) async throws -> String? {
                let reply = try await client.get(path)
                #expect(reply.status == status, "\(path): \(reply)")
                return reply.json["_embedded"]["errors"][0]["message"].string
            }
            for path in ["/jobs/executions", "/jobs/thinexecutions"] {
                #expect(try await message("\(path)?name=BAZ", 404) == "No Job with that name either current or historic: [BAZ]")
                #expect(try await message("\(path)?name=BAZ&status=FAILED", 404) == "No Job with that name either current or historic: [BAZ]")
                #expect(try await message("\(path)?name=Z%", 404) == "No Job with that name either current or historic: [Z%]")
                #expect(try await message("\(path)?name=importjob", 404) != nil, "names are case-sensitive")
                #expect(try await message("\(path)?status=SLEEPING", 400)
                    == "The parameter 'status' must contain one of the following values: 'COMPLETED, STARTING, STARTED, STOPPING, STOPPED, FAILED, ABANDONED, UNKNOWN'")
                #expect(try await message("\(path)?fromDate=2026-01-01&toDate=2026-01-02", 400)
                    == "The parameter 'fromDate' must be a date and time as yyyy-MM-dd'T'HH:mm:ss,SSS (such as 2024-03-13T10:02:28,000, in UTC), not '2026-01-01'")
                #expect(try await message("\(path)?fromDate=2026-01-01T00:00:00,000", 400)
                    == "The parameters 'fromDate' and 'toDate' go together: give both, in the format yyyy-MM-dd'T'HH:mm:ss,SSS")
                #expect(try await message("\(path)?fromDate=2026-01-02T00:00:00,000&toDate=2026-01-01T00:00:00,000", 400)
                    == "The parameter 'fromDate' (2026-01-02T00:00:00,000) must not be after 'toDate' (2026-01-01T00:00:00,000)")
                #expect(try await message("\(path)?jobInstanceId=one", 400) == "The parameter 'jobInstanceId' must be an integer, not 'one'")
                #expect(try await message("\(path)?taskExecutionId=x", 400) == "The parameter 'taskExecutionId' must be an integer, not 'x'")
                #expect(try await message("\(path)?size=0", 400) == "The parameter 'size' must be at least 1, not 0")
            }
            let missing = try await client.get("/jobs/executions/1345345345345")
            #expect(missing.status == 404)
            #expect(missing.json["_embedded"]["errors"][0].canonical
                == #"{"_links":{"self":{"href":"/"}},"logref":"NoSuchJobExecutionException","message":"Job id 1345345345345 for schema target boot2 not found"}"#)
            #expect(try await message("/jobs/executions/abc", 400) == "'abc' is not a valid id: expected a whole number such as 42")
        }
    }
}
