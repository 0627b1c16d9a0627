import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

/// 50 launch requests at once against a platform limit of 4.
@Suite("The platform's concurrency limit: refusals as 429, or a persisted queue run in order")
struct TaskConcurrencyTests {
    /// A task that records its start and end in `events` and runs until `release` exists.
    static let gate = """
        dir=$(dirname "$0")
        echo "start $1" >> "$dir/events"
        while [ ! -f "$dir/release" ]; do sleep 0.02; done
        echo "end $1" >> "$dir/events"
        """

    /// The most tasks that ran at once, from the events file.
    static func overlap(_ directory: URL) throws -> (maximum: Int, starts: [String]) {
        let text = try String(contentsOf: directory.appendingPathComponent("events"), encoding: .utf8)
        var running = 0
        var maximum = 0
        var starts: [String] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("start ") {
                running += 1
                starts.append(String(line.dropFirst(6)))
            } else {
                running -= 1
            }
            maximum = max(maximum, running)
        }
        return (maximum, starts)
    }

    @Test("beyond the limit launches are refused with 429 and Data Flow's message; every request is accounted for", arguments: TestDatabase.allCases)
    func refused(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: { $0.platforms[0].maximumConcurrentTasks = 4 }) { client in
            let path = try client.script("gate.sh", Self.gate)
            try await client.define("gate", app: "gate", path: path)
            let statuses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let reply = try await client.post("/tasks/executions/launch", form: [("name", "gate"), ("arguments", "n\(index)")])
                        return (reply.status, reply.body)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0.0 == 201 }.count == 4)
            let refused = statuses.filter { $0.0 == 429 }
            #expect(refused.count == 46)
            #expect(refused.allSatisfy { $0.1.contains("The maximum concurrent task executions is at its limit [4]") })
            #expect(try await client.get("/tasks/executions/current").json[0]["runningExecutionCount"].int == 4)
            #expect(try await client.get("/tasks/executions?size=100").json["page"]["totalElements"].int == 4, "refused launches leave no rows")
            #expect(FileManager.default.createFile(atPath: client.directory.appendingPathComponent("release").path, contents: nil))
            for id in try await client.get("/tasks/executions?size=100").json["_embedded"]["taskExecutionResourceList"].array.compactMap({ $0["executionId"].int }) {
                #expect(try await client.ended(id)["exitCode"].int == 0)
            }
            #expect(try Self.overlap(client.directory).maximum <= 4)
        }
    }

    @Test("with the queue on, all 50 run, never more than 4 at once, in the order they were asked for", arguments: TestDatabase.allCases)
    func queued(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: {
            $0.platforms[0].maximumConcurrentTasks = 4
            $0.platforms[0].queueEnabled = true
        }) { client in
            let path = try client.script("gate.sh", Self.gate)
            try await client.define("gate", app: "gate", path: path)
            var ids: [Int] = []
            for index in 0..<50 { ids.append(try await client.launch("gate", arguments: "n\(index)")) }
            #expect(try await client.get("/tasks/executions/current").json[0]["runningExecutionCount"].int ?? 99 <= 4)
            #expect(FileManager.default.createFile(atPath: client.directory.appendingPathComponent("release").path, contents: nil))
            for id in ids { #expect(try await client.ended(id)["exitCode"].int == 0) }
            let (maximum, starts) = try Self.overlap(client.directory)
            #expect(maximum <= 4)
            #expect(starts.count == 50, "each launched exactly once")
            // The queue starts launches oldest first: launch times rise with the execution ids.
            let thin = try await client.get("/tasks/thinexecutions?size=50&sort=TASK_EXECUTION_ID,asc").json
            let times = thin["_embedded"]["taskExecutionThinResourceList"].array.compactMap { $0["startTime"].string }
            #expect(times.count == 50)
            #expect(times == times.sorted(), "started in the order asked for")
        }
    }

    @Test("a definition's own limit holds its launches in the queue while the platform has room", arguments: [TestDatabase.sqlite])
    func perDefinition(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: {
            $0.platforms[0].maximumConcurrentTasks = 4
            $0.platforms[0].queueEnabled = true
            $0.platforms[0].maximumPerDefinition = 1
        }) { client in
            let path = try client.script("gate.sh", Self.gate)
            try await client.define("gate", app: "gate", path: path)
            var ids: [Int] = []
            for index in 0..<3 { ids.append(try await client.launch("gate", arguments: "n\(index)")) }
            #expect(try await client.get("/tasks/executions/current").json[0]["runningExecutionCount"].int == 1)
            #expect(FileManager.default.createFile(atPath: client.directory.appendingPathComponent("release").path, contents: nil))
            for id in ids { #expect(try await client.ended(id)["exitCode"].int == 0) }
            let (maximum, starts) = try Self.overlap(client.directory)
            #expect(maximum == 1, "one at a time")
            #expect(starts == ["n0", "n1", "n2"])
        }
    }
}
