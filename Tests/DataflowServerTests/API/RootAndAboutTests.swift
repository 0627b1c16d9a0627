import DataflowServer
import DatabaseTestSupport
import Testing

@Suite("GET / and /about as Data Flow 2.11 clients read them")
struct RootAndAboutTests {
    /// The relations the 2.11 Java client asserts at start.
    static let clientRelations = [
        "about", "apps", "completions/stream", "completions/task", "tasks/definitions", "tasks/definitions/definition",
        "tasks/executions", "tasks/executions/execution", "tasks/executions/name", "tasks/executions/launch",
        "tasks/executions/current", "tasks/info/executions", "tasks/platforms", "tasks/logs", "tasks/validation",
        "tasks/thinexecutions", "tasks/thinexecutions/name", "jobs/executions", "jobs/executions/execution",
        "jobs/executions/name", "jobs/thinexecutions", "jobs/thinexecutions/name", "jobs/instances/instance",
        "jobs/instances/name", "jobs/executions/execution/steps", "jobs/executions/execution/steps/step/progress",
    ]

    @Test("the root carries api.revision 14 and every relation the 2.11 client asserts", arguments: TestDatabase.allCases)
    func root(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let reply = try await client.get("/")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/hal+json")
            #expect(reply.json["api.revision"].int == 14)
            let links = reply.json["_links"]
            for relation in Self.clientRelations {
                #expect(links[relation]["href"].string?.hasPrefix("http://") == true, "relation \(relation): \(links[relation])")
            }
            #expect(links["tasks/definitions/definition"]["templated"].bool == true)
            #expect(links["tasks/schedules"].exists)
            #expect(!links["streams/definitions"].exists, "streams are off")
        }
    }

    @Test("relations of disabled features are absent", arguments: [TestDatabase.sqlite])
    func disabled(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: { $0.features = Features(tasks: true, schedules: false) }) { client in
            let links = try await client.get("/").json["_links"]
            #expect(!links["tasks/schedules"].exists)
            #expect(links["tasks/definitions"].exists)
            let about = try await client.get("/about").json
            #expect(about["featureInfo"]["schedulesEnabled"].bool == false)
            // The dashboard's navigation offers only the pages the server serves.
            let page = try await client.get("/dashboard/about").body
            #expect(!page.contains("href=\"/dashboard/tasks/schedules\"") && page.contains("href=\"/dashboard/tasks/definitions\""), "\(page)")
        }
        try await ServerHarness.with(database, configure: { $0.features = Features(tasks: false, schedules: false) }) { client in
            let root = try await client.get("/").json
            #expect(!root["_links"]["tasks/definitions"].exists)
            let definitions = try await client.get("/tasks/definitions")
            #expect(definitions.status == 404, "the feature's endpoints are gone")
            let launch = try await client.post("/tasks/executions/launch", form: [("name", "x")])
            #expect(launch.status == 404)
            let about = try await client.get("/about").json
            #expect(about["featureInfo"]["tasksEnabled"].bool == false)
            let page = try await client.get("/dashboard/about").body
            #expect(!page.contains("href=\"/dashboard/tasks/definitions\""), "\(page)")
            #expect(page.contains("href=\"/dashboard/apps\"") && page.contains("href=\"/dashboard/about\""), "\(page)")
        }
    }

    @Test("about reports a 2.11 core version, the features, security and the dashboard", arguments: TestDatabase.allCases)
    func about(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: { $0.dashboardURL = "http://grafana.example:3000" }) { client in
            let about = try await client.get("/about").json
            #expect(about["versionInfo"]["core"]["version"].string?.hasPrefix("2.11.") == true)
            #expect(about["featureInfo"]["tasksEnabled"].bool == true)
            #expect(about["featureInfo"]["streamsEnabled"].bool == false)
            #expect(about["securityInfo"]["authenticationEnabled"].bool == false)
            #expect(about["securityInfo"]["authenticated"].bool == false)
            #expect(about["monitoringDashboardInfo"]["url"].string == "http://grafana.example:3000")
            #expect(about["monitoringDashboardInfo"]["dashboardType"].string == "GRAFANA")
            #expect(about["runtimeEnvironment"]["taskLaunchers"][0]["deployerName"].string == "default")
            #expect(about["runtimeEnvironment"]["taskLaunchers"][0]["platformSpecificInfo"]["database"].string == (database == .sqlite ? "SQLite" : "PostgreSQL"))
            #expect(about["_links"]["self"]["href"].string?.hasSuffix("/about") == true)
        }
    }

    @Test("an unknown path answers 404 with Data Flow's error body", arguments: [TestDatabase.sqlite])
    func unknownPath(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database) { client in
            let reply = try await client.get("/no/such/thing")
            #expect(reply.status == 404)
            let error = reply.json["_embedded"]["errors"][0]
            #expect(error["logref"].string != nil)
            #expect(error["_links"]["self"]["href"].string == "/")
        }
    }
}
