import BatchRuntime
import DataflowServer
import DatabaseTestSupport
import Foundation
import Testing

extension DashboardBrowserPagesTests {
    /// Every page (security on, signed in as admin, so the sign-out form and every action show)
    /// checked by axe-core, at 200% zoom and a phone's width, by keyboard, and for local times.
    /// Nested in the pages suite, so its browsers run one at a time with theirs.
    @Suite("accessibility")
    struct Accessibility {
        /// A page to check: its path and a name for its screenshots.
        struct Page: Sendable, CustomStringConvertible {
            var path: String
            var name: String
            /// Ids of the page's own controls that TAB must reach.
            var controls: [String] = []
            var description: String { path }
        }

        /// The pages of a history, beside the sign-in page.
        static func pages(_ history: History) -> [Page] {
            let failed = history.scenario.failed.execution.id
            let running = history.scenario.running.execution.id
            var pages = [
                Page(path: "dashboard", name: "overview", controls: []),
                Page(path: "dashboard/jobs", name: "job-grid"),
                Page(path: "dashboard/jobs/executions", name: "job-executions", controls: ["filter-name", "filter-status", "filter-from", "filter-to"]),
            ]
            for written in history.all {
                let id = written.execution.id
                let controls = id == failed ? ["restart", "abandon"] : id == running ? ["stop"] : []
                pages.append(Page(path: "dashboard/jobs/executions/\(id)", name: "job-execution-\(id)", controls: controls))
            }
            let jobTask = history.scenario.completed.taskExecutionId ?? 0
            let runningTask = history.scenario.running.taskExecutionId ?? 0
            pages += [
                Page(path: "dashboard/jobs/executions/\(failed)/restart", name: "confirm-restart", controls: ["confirm"]),
                Page(path: "dashboard/jobs/executions/\(failed)/abandon", name: "confirm-abandon", controls: ["confirm"]),
                Page(path: "dashboard/jobs/executions/\(running)/stop", name: "confirm-stop", controls: ["confirm"]),
                Page(
                    path: "dashboard/apps", name: "apps",
                    controls: ["apps-search", "apps-type", "register-type", "register-name", "register-uri", "register-version", "register-metadata", "register-force"]),
                Page(path: "dashboard/tasks/definitions", name: "task-definitions", controls: ["definitions-search", "definition-name", "definition-dsl", "definition-description"]),
                Page(path: "dashboard/tasks/definitions/nightly", name: "task-definition", controls: ["destroy", "launch-properties", "launch-arguments", "launch"]),
                Page(
                    path: "dashboard/tasks/schedules", name: "schedules",
                    controls: ["schedule-name", "schedule-definition", "schedule-expression", "schedule-zone", "schedule-misfire", "schedule-concurrency",
                               "schedule-properties", "schedule-arguments"]),
                Page(path: "dashboard/tasks/executions", name: "task-executions", controls: ["executions-name", "executions-status"]),
                Page(path: "dashboard/tasks/executions/\(history.launched)", name: "task-execution-launched", controls: ["cleanup", "task-log"]),
                Page(path: "dashboard/tasks/executions/\(jobTask)", name: "task-execution-with-job", controls: ["cleanup"]),
                Page(path: "dashboard/tasks/executions/\(runningTask)", name: "task-execution-running"),
                Page(path: "dashboard/tasks/executions/\(history.launched)/cleanup", name: "confirm-task-cleanup", controls: ["confirm-files", "confirm-all"]),
                Page(path: "dashboard/about", name: "about"),
            ]
            return pages
        }

        static let navigation = ["Overview", "Job grid", "Apps", "Task definitions", "Schedules", "Task executions", "Job executions", "About"]

        /// Runs `body` with a browser signed in as admin on a server holding the history.
        static func withPages(
            timeZone: String? = nil, width: Int = 1280, height: Int = 900,
            _ body: @Sendable @escaping (Browser, History, [Page]) async throws -> Void
        ) async throws {
            try await ServerHarness.with(.sqlite, configure: SecurityTests.configure) { client in
                let history = try await History.write(client)
                // A schedule, so that the schedules page has its table as well as its form.
                let definitions = TaskDefinitions(pool: client.pool, registry: AppRegistry(pool: client.pool))
                try await TaskSchedules(pool: client.pool, definitions: definitions, platforms: .local([PlatformAccount()])).create(
                    name: "nightly-run", definitionName: "nightly", properties: "scheduler.cron.expression=0 0 2 * * *", arguments: nil,
                    platform: nil, user: nil)
                try await Browser.on(client, width: width, height: height, timeZone: timeZone) { browser in
                    try await body(browser, history, pages(history))
                }
            }
        }

        /// Signs in through the form.
        static func signIn(_ browser: Browser, as user: String = "admin") async throws {
            try await browser.open("dashboard/login")
            try await browser.fill("#username", with: user)
            try await browser.fill("#password", with: "secret")
            try await browser.submit("#password")
            try await browser.waitForText(".signed-in span", containing: user)
        }

        @Test("axe-core finds nothing serious or critical on any page")
        func axe() async throws {
            try await Self.withPages { browser, _, pages in
                var found: [String] = []
                try await browser.open("dashboard/login")
                for violation in try await browser.axeViolations() { found.append("dashboard/login: \(violation)") }
                try await Self.signIn(browser)
                for page in pages {
                    try await browser.visit(page.path, screenshot: "a11y-\(page.name)")
                    for violation in try await browser.axeViolations() { found.append("\(page.path): \(violation)") }
                }
                let serious = found.filter { $0.contains("(serious)") || $0.contains("(critical)") }
                #expect(serious.isEmpty, "serious or critical violations:\n\(serious.joined(separator: "\n"))\nall:\n\(found.joined(separator: "\n"))")
            }
        }

        @Test("at 200% zoom and at a phone's width no page scrolls sideways (tables scroll in their own box)")
        func reflow() async throws {
            try await Self.withPages { browser, _, pages in
                var wide: [String] = []
                for (mode, zoom, width, height) in [("zoom-200", 200, 1280, 900), ("phone", 100, 375, 812)] {
                    try await browser.setZoom(zoom)
                    try await browser.setWindow(width: width, height: height)
                    for page in [Page(path: "dashboard/login", name: "login")] + pages {
                        // The sign-in page as someone signed out sees it; the others signed in.
                        if page.name == "login", try await browser.url().hasPrefix("http") { try await browser.deleteCookies() }
                        try await browser.visit(page.path, screenshot: "\(page.name)-\(mode)")
                        if try await browser.scrollsHorizontally() {
                            let widths = try await browser.eval(
                                """
                                const limit = document.documentElement.clientWidth;
                                return Array.from(document.querySelectorAll('body *'))
                                    .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.closest('.table-wrap'))
                                    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right));
                                """, as: [String].self)
                            wide.append("\(page.path) at \(mode) (viewport \(width / (zoom / 100)) CSS px): \(widths)")
                        }
                        if page.name == "login" { try await Self.signIn(browser) }
                    }
                }
                #expect(wide.isEmpty, "pages wider than the viewport:\n\(wide.joined(separator: "\n"))")
            }
        }

        @Test("TAB reaches the skip link, the navigation and each page's controls, each with a visible focus indicator")
        func keyboard() async throws {
            try await Self.withPages { browser, _, pages in
                try await browser.open("dashboard/login")
                let login = try await browser.focusOrder(max: 100)
                #expect(login.map(\.label) == ["Skip to content", "swift-batch Data Flow"] + Self.navigation + ["User name", "Password", "Sign in"], "\(login)")
                #expect(Self.invisible(login).isEmpty, "\(login)")
                try await Self.signIn(browser)
                for page in pages {
                    try await browser.open(page.path)
                    let stops = try await browser.focusOrder(max: 150)
                    let labels = stops.map(\.label)
                    #expect(Array(labels.prefix(3 + Self.navigation.count)) == ["Skip to content", "swift-batch Data Flow"] + Self.navigation + ["Sign out"], "\(page): \(stops)")
                    let ids = Set(stops.compactMap(\.id))
                    for control in page.controls {
                        #expect(ids.contains(control), "\(page): TAB never reaches #\(control): \(stops)")
                    }
                    let invisible = Self.invisible(stops)
                    #expect(invisible.isEmpty, "\(page): focus not visible on \(invisible)")
                }
                // The filter's button too.
                try await browser.open("dashboard/jobs/executions")
                #expect(try await browser.focusOrder(max: 150).contains { $0.tag == "button" && $0.label == "Filter" })
            }
        }

        /// The stops whose focus is not visible. A date input is several stops on one element
        /// (month, day, year, then its calendar button); Chromium rings the calendar button inside
        /// its own shadow DOM, where the harness's blur() does not reach (focus stays), so that
        /// stop measures as unchanged: it counts as visible when the input's own parts were.
        static func invisible(_ stops: [Browser.FocusStop]) -> [Browser.FocusStop] {
            var visible = Set<String>()
            return stops.filter { stop in
                if stop.visibleFocus {
                    if let id = stop.id { visible.insert(id) }
                    return false
                }
                return !(stop.tag == "input" && stop.id.map(visible.contains) == true)
            }
        }

        @Test("times show in the browser's time zone, with the UTC value in their title")
        func localTimes() async throws {
            let zone = try #require(TimeZone(identifier: "Asia/Kolkata"))
            try await Self.withPages(timeZone: zone.identifier) { browser, history, _ in
                try await Self.signIn(browser)
                // India: 5 h 30 min east of UTC all year (Chromium may name the zone Asia/Calcutta).
                #expect(try await browser.eval("return new Date(0).getTimezoneOffset()", as: Int.self) == -330)
                let completed = history.scenario.completed.execution.id
                var seen = 0
                for path in ["dashboard/jobs/executions/\(completed)", "dashboard/jobs/executions", "dashboard"] {
                    try await browser.visit(path, screenshot: "local-times-\(path.replacingOccurrences(of: "/", with: "-"))")
                    let times = try await browser.eval(
                        "return Array.from(document.querySelectorAll('time')).map(t => [t.getAttribute('datetime'), t.title, t.textContent.replace(/\\s+/g, ' ').trim()])",
                        as: [[String]].self)
                    for time in times {
                        let date = try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(time[0])
                        #expect(time[1] == Self.format(date, "yyyy-MM-dd HH:mm:ss", TimeZone(identifier: "UTC")!) + " UTC", "\(path): \(time)")
                        // 05:30:00 AM on 01/01/2026 in India for midnight UTC: the browser's zone, not UTC.
                        let local = Self.format(date, "MM/dd/yyyy", zone) + ", " + Self.format(date, "hh:mm:ss a", zone) + " GMT+5:30"
                        #expect(time[2] == local, "\(path): \(time)")
                        seen += 1
                    }
                }
                #expect(seen >= 8, "the pages show times")
            }
        }

        static func format(_ date: Date, _ pattern: String, _ zone: TimeZone) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = pattern
            return formatter.string(from: date)
        }
    }
}
