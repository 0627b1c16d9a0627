import BatchRuntime
import DataflowServer
import DatabaseTestSupport
import Foundation
import HTTPTypes
import NIOCore
import TaskRuntime
import Testing

@Suite("Dashboard with security on: sign-in, roles, CSRF")
struct DashboardSecurityTests {
    @Test("a page asks for sign-in; a good password gets a session, a wrong one does not", arguments: [TestDatabase.sqlite])
    func signIn(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: SecurityTests.configure) { client in
            var browser = DashboardClient(client)
            let anonymous = try await browser.get("/dashboard/jobs/executions")
            #expect(anonymous.status == 303)
            #expect(anonymous.location == "/dashboard/login?next=/dashboard/jobs/executions")
            let form = try await browser.get("/dashboard/login?next=/dashboard/about")
            #expect(form.status == 200)
            #expect(form.html.contains(#"<label for="password">"#))
            let wrong = try await browser.signIn("viewer", password: "nope")
            #expect(wrong.status == 401)
            #expect(wrong.html.contains("Wrong user name or password"))
            #expect(browser.cookie == nil)
            let right = try await browser.signIn("viewer")
            #expect(right.status == 303)
            #expect(right.location == "/dashboard")
            let overview = try await browser.get("/dashboard")
            #expect(overview.status == 200)
            #expect(overview.html.contains("viewer"))
            var basic = HTTPFields()
            basic[.authorization] = "Basic " + Data("viewer:secret".utf8).base64EncodedString()
            let audit = String(buffer: try await client.send(.get, "/audit-records?operations=LOGIN", headers: basic).body ?? .init())
            #expect(audit.contains(#""correlationId":"viewer""#), "\(audit)")
            // The session cookie is for the dashboard only: the REST API still wants credentials.
            var headers = HTTPFields()
            headers[.cookie] = browser.cookie
            #expect(try await client.send(.get, "/apps", headers: headers).status.code == 401)
            // A cookie whose payload was changed (more roles) no longer matches its signature: no session.
            let value = try #require(browser.cookie?.split(separator: "=", maxSplits: 1).last.map(String.init))
            let parts = value.split(separator: ".").map(String.init)
            var payload = parts[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while payload.count % 4 != 0 { payload += "=" }
            let session = String(decoding: try #require(Data(base64Encoded: payload)), as: UTF8.self)
            #expect(session.contains(#""VIEW""#))
            let elevated = Data(session.replacingOccurrences(of: #""VIEW""#, with: #""VIEW","MODIFY""#).utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            let forged = DashboardClient(client, cookie: "dataflow_session=\(elevated).\(parts[1])")
            #expect(try await forged.get("/dashboard").status == 303)
            // Sign-in never redirects off the dashboard.
            let elsewhere = try await DashboardClient(client).post(
                "/dashboard/login", [("username", "viewer"), ("password", "secret"), ("next", "//evil.example/x")])
            #expect(elsewhere.location == "/dashboard")
        }
    }

    @Test("a VIEW-only user is offered no restart, and a forged restart is refused and changes nothing", arguments: TestDatabase.allCases)
    func viewOnly(_ database: TestDatabase) async throws {
        try await ServerHarness.with(database, configure: SecurityTests.configure) { client in
            let failed = try await JobHistory.write(client.pool, job: "ledger", parameters: ["day=1"], status: .failed, task: "ledger-task")
            let id = failed.execution.id
            var viewer = DashboardClient(client)
            _ = try await viewer.signIn("viewer")
            let page = try await viewer.get("/dashboard/jobs/executions/\(id)")
            #expect(page.status == 200)
            #expect(page.html.contains(#"id="job-status""#))
            #expect(!page.html.contains(#"id="restart""#))
            #expect(!page.html.contains(#"id="abandon""#))
            let overview = try await viewer.get("/dashboard")
            #expect(overview.html.contains(#"id="failure-\#(id)""#))
            #expect(!overview.html.contains("/dashboard/jobs/executions/\(id)/restart"))
            let forged = try await viewer.post("/dashboard/jobs/executions/\(id)/restart", [("_csrf", try #require(page.csrf))])
            #expect(forged.status == 403)
            #expect(forged.html.contains("needs the role MODIFY"))
            var modifier = DashboardClient(client)
            _ = try await modifier.signIn("modifier")
            let offered = try await modifier.get("/dashboard/jobs/executions/\(id)")
            #expect(offered.html.contains(#"id="restart""#))
            #expect(offered.html.contains(#"id="abandon""#))
            // The modifier's own token, but from another session: refused.
            let crossed = try await modifier.post("/dashboard/jobs/executions/\(id)/abandon", [("_csrf", try #require(page.csrf))])
            #expect(crossed.status == 403)
            let missing = try await modifier.post("/dashboard/jobs/executions/\(id)/abandon", [])
            #expect(missing.status == 403)
            let explorer = JobExplorer(pool: client.pool)
            #expect(try await explorer.jobExecution(id: id)?.status == .failed)
            #expect(try await explorer.jobExecutions(ofInstance: failed.execution.instance.id).count == 1)
            // With its own token the modifier abandons it.
            let abandoned = try await modifier.post("/dashboard/jobs/executions/\(id)/abandon", [("_csrf", try #require(offered.csrf))])
            #expect(abandoned.status == 303)
            #expect(abandoned.location == "/dashboard/jobs/executions/\(id)")
            #expect(try await explorer.jobExecution(id: id)?.status == .abandoned)
            // The notice travels in a cookie to the page the action redirects to, and is shown there once.
            let notice = try #require(abandoned.setCookies.first { $0.hasPrefix("dataflow_notice=") }).prefix { $0 != ";" }
            let shown = try await DashboardClient(client, cookie: "\(modifier.cookie!); \(notice)").get(try #require(abandoned.location))
            #expect(shown.html.contains("is abandoned"))
            #expect(shown.setCookies.contains { $0.hasPrefix("dataflow_notice=;") })
        }
    }
}
