import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

@Suite("/completions/task, /tasks/validation and app options from Spring's configuration metadata")
struct CompletionsTests {
    @Test("app names first, then the app's --option= names not yet written", arguments: [TestDatabase.sqlite])
    func completions(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let metadata = client.directory.appendingPathComponent("timestamp-metadata.json")
            try """
                {"properties":[{"name":"timestamp.format","type":"java.lang.String","description":"The format of the date. Default yyyy.","defaultValue":"yyyy-MM-dd"},
                               {"name":"timestamp.zone","type":"java.lang.String","description":"The time zone."}]}
                """.write(to: metadata, atomically: true, encoding: .utf8)
            #expect(try await client.post("/apps/task/timestamp/1.0.0", form: [("uri", timestampTask), ("metadata-uri", "file:\(metadata.path)")]).status == 201)
            #expect(try await client.post("/apps/task/tally/1.0.0", form: [("uri", timestampTask)]).status == 201)
            func texts(_ start: String) async throws -> [String] {
                let query = start.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? start
                return try await client.get("/completions/task?start=\(query)&detailLevel=1").json["proposals"].array.compactMap { $0["text"].string }
            }
            #expect(try await texts("").sorted() == ["tally", "timestamp"])
            #expect(try await texts("ti") == ["timestamp"])
            #expect(try await texts("timestamp ") == ["timestamp --format=", "timestamp --zone="])
            #expect(try await texts("timestamp --format=yyyy --") == ["timestamp --format=yyyy --zone="])
            #expect(try await texts("nothing ").isEmpty)
            let detail = try await client.get("/apps/task/timestamp").json["options"].array
            #expect(detail.compactMap { $0["id"].string } == ["timestamp.format", "timestamp.zone"])
            #expect(detail[0]["defaultValue"].string == "yyyy-MM-dd")
            #expect(try await client.get("/completions/stream?start=").json["proposals"].array.isEmpty)
        }
    }

    @Test("validation shows each app of a definition valid or invalid", arguments: [TestDatabase.sqlite])
    func validation(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let path = try client.script("v.sh", "exit 0")
            try await client.define("check", app: "v", path: path, dsl: "v --a=1")
            let valid = try await client.get("/tasks/validation/check").json
            #expect(valid["appStatuses"]["task:v"].string == "valid")
            #expect(valid["dsl"].string == "v --a=1")
            try FileManager.default.removeItem(atPath: path)
            #expect(try await client.get("/tasks/validation/check").json["appStatuses"]["task:v"].string == "invalid")
            #expect(try await client.get("/tasks/validation/nope").status == 404)
        }
    }
}
