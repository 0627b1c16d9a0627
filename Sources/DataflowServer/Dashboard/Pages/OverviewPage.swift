import BatchRuntime
import Foundation
import Hummingbird
import TaskRuntime

/// `GET /dashboard`: what runs now with live progress, recent failures with one-click
/// restart, and the executions of the last 24 hours by hour and outcome.
struct OverviewPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var running: Running
        var recent: Recent
    }

    /// What runs now (live topic `running`).
    struct Running: Sendable {
        var version: String
        var jobs: [RunningJob]
        var hasJobs: Bool
        /// How many more run than are shown, in words.
        var more: String?
        var tasks: [RunningTask]
        var hasTasks: Bool
        var idle: Bool
        /// What claims to run but shows no sign of life, in words, with where to see it.
        var silent: Silent?
    }

    /// Executions left `STARTED` (or unended) by processes that died without recording an end:
    /// counted apart, not listed among what runs.
    struct Silent: Sendable {
        var jobs: String?
        var tasks: String?
    }

    /// A running job execution as one row: the step it is at (the running one, else the
    /// latest), with that step's counters and progress. Every step is on the execution's page.
    struct RunningJob: Sendable {
        var job: JobExecutionView
        var step: StepView?
        /// `2 of 3`: which of the steps started so far.
        var position: String

        init(job: JobExecutionView, steps: [StepView]) {
            self.job = job
            let index = steps.lastIndex { $0.running } ?? (steps.isEmpty ? nil : steps.count - 1)
            step = index.map { steps[$0] }
            position = index.map { "\($0 + 1) of \(steps.count)" } ?? ""
        }
    }

    struct RunningTask: Sendable {
        var id: Int64
        var href: String
        var name: String
        var start: TimeView?
    }

    /// Recent failures and the chart (live topic `recent`).
    struct Recent: Sendable {
        var version: String
        var failures: [JobExecutionView]
        var hasFailures: Bool
        var chart: String?
    }

    /// The running job executions shown, the newest, one row each; as many task executions
    /// running without a job.
    static let runningShown = 10

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard", use: page)
        router.get("/dashboard/fragments/running") { request, context in
            dashboard.fragment("fragment-running", try await running(try await dashboard.versions.running()), request: request, context: context)
        }
        router.get("/dashboard/fragments/recent") { request, context in
            dashboard.fragment("fragment-recent", try await recent(try await dashboard.versions.running()), request: request, context: context)
        }
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let summaries = try await dashboard.versions.running()
        let model = Model(running: try await running(summaries), recent: try await recent(summaries))
        return dashboard.page("overview", model, title: "Overview", section: .overview, request: request, context: context)
    }

    /// How long a running execution that no live process owns may go without a write before
    /// the overview counts it apart, as showing no sign of life.
    static let silence: TimeInterval = 3600

    /// - Parameter summaries: What runs now, summed up (read once per page).
    func running(_ summaries: LiveVersions.Running) async throws -> Running {
        let version = summaries.version
        let explorer = dashboard.jobs.explorer
        let since = Date().addingTimeInterval(-Self.silence)
        let active = try await explorer.activeRunningExecutions(since: since, limit: Self.runningShown)
        let jobs = active.executions
        let states = try await explorer.states(of: jobs)
        let steps = try await StepViews(queries: dashboard.jobs).steps(of: jobs, states: states)
        let runningJobs = jobs.compactMap { execution in
            states[execution.id].map { RunningJob(job: JobExecutionView(execution, state: $0), steps: steps[execution.id] ?? []) }
        }
        let taskExplorer = dashboard.services.taskExplorer
        let launched = try await dashboard.services.launcher.runningExecutionIds()
        let activeTasks = try await taskExplorer.activeRunningExecutions(since: since, known: launched, limit: 40)
        let withJobs = Set(jobs.compactMap(\.taskExecutionId))
        let tasks = activeTasks.executions.filter { !withJobs.contains($0.executionId) }.prefix(Self.runningShown)
            .map { RunningTask(id: $0.executionId, href: "/dashboard/tasks/executions/\($0.executionId)", name: $0.taskName ?? "", start: TimeView($0.startTime)) }
        let more = active.count - runningJobs.count
        let silentJobs = summaries.jobs.count - Int64(active.count)
        let silentTasks = summaries.tasks.count - Int64(activeTasks.count)
        let silent = silentJobs > 0 || silentTasks > 0
            ? Silent(
                jobs: silentJobs > 0 ? "\(silentJobs) job execution\(silentJobs == 1 ? "" : "s")" : nil,
                tasks: silentTasks > 0 ? "\(silentTasks) task execution\(silentTasks == 1 ? "" : "s")" : nil)
            : nil
        return Running(
            version: version, jobs: runningJobs, hasJobs: !runningJobs.isEmpty, more: more > 0 ? "\(more) more job executions are running" : nil, tasks: Array(tasks),
            hasTasks: !tasks.isEmpty, idle: runningJobs.isEmpty && tasks.isEmpty, silent: silent)
    }

    /// - Parameter summaries: What runs now, summed up (read once per page).
    func recent(_ summaries: LiveVersions.Running) async throws -> Recent {
        let version = try await dashboard.versions.version(of: .recent, running: summaries)
        let explorer = dashboard.jobs.explorer
        let failed = try await explorer.jobExecutions(JobExecutionFilter(statuses: [.failed]), limit: 10)
        let states = try await explorer.states(of: failed)
        return Recent(
            version: version, failures: failed.map { JobExecutionView($0, state: states[$0.id]) }, hasFailures: !failed.isEmpty,
            chart: try await chart())
    }

    /// The executions of the last 24 hours by hour and outcome, as SVG.
    func chart() async throws -> String? {
        let now = Date()
        let range = HourlyOutcomeChart.range(endingAt: now)
        let counts = try await dashboard.jobs.explorer.executionCountsByHour(since: range.since, until: range.until)
        return HourlyOutcomeChart(counts: counts, now: now).svg()
    }
}
