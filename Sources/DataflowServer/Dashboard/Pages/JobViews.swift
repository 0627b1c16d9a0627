import BatchRuntime
import Foundation

/// A job execution as the dashboard's lists and headers show it.
struct JobExecutionView: Sendable {
    var id: Int64
    var href: String
    var jobName: String
    var instanceId: Int64
    var status: StatusView
    var exitCode: String
    var exitDescription: String?
    var start: TimeView?
    var end: TimeView?
    var duration: String?
    var taskExecutionId: Int64?
    var dead: Bool
    var deadReason: String?
    var stoppable: Bool
    var restartable: Bool
    var abandonable: Bool
    var notRestartableReason: String?

    init(_ execution: JobExecution, state: JobExecutionState?, now: Date = Date()) {
        id = execution.id
        href = "/dashboard/jobs/executions/\(execution.id)"
        jobName = execution.jobName
        instanceId = execution.instance.id
        let dead = state?.isDead ?? false
        status = StatusView(dead ? "FAILED" : execution.status.rawValue)
        if dead { status.text = "\(execution.status.rawValue) (dead)" }
        exitCode = execution.exitStatus.exitCode
        exitDescription = execution.exitStatus.exitDescription.isEmpty ? nil : String(execution.exitStatus.exitDescription.prefix(2000))
        start = TimeView(execution.startTime)
        end = TimeView(execution.endTime)
        duration = execution.startTime.flatMap { DurationText.text((execution.endTime ?? now).timeIntervalSince($0)) }
        taskExecutionId = execution.taskExecutionId
        self.dead = dead
        deadReason = state?.deathReason
        stoppable = state?.stoppable ?? false
        restartable = state?.restartable ?? false
        abandonable = state?.abandonable ?? false
        notRestartableReason = state?.notRestartableReason
    }
}

/// A step execution as the job's page shows it: its counters, duration and, while it runs,
/// its progress and items per second.
struct StepView: Sendable {
    var id: Int64
    var name: String
    var status: StatusView
    var read: Int64
    var written: Int64
    var filtered: Int64
    var skipped: Int64
    var commits: Int64
    var rollbacks: Int64
    var duration: String?
    var running: Bool
    /// 0…100, while it runs.
    var percent: Int
    /// `0.42`, the `<progress>` value.
    var fraction: String
    var itemsPerSecond: String?
    var progressBasis: String

    init(_ step: StepExecution, progress: StepProgress?, dead: Bool, now: Date = Date()) {
        id = step.id
        name = step.stepName
        status = StatusView(dead ? "FAILED" : step.status.rawValue)
        if dead { status.text = "\(step.status.rawValue) (dead)" }
        read = step.counts.read
        written = step.counts.write
        filtered = step.counts.filter
        skipped = step.counts.readSkip + step.counts.processSkip + step.counts.writeSkip
        commits = step.counts.commit
        rollbacks = step.counts.rollback
        let seconds = step.startTime.map { (step.endTime ?? now).timeIntervalSince($0) }
        duration = DurationText.text(seconds)
        running = step.status.isRunning && !dead
        let fraction = progress?.percentageComplete ?? (step.endTime == nil ? 0 : 1)
        percent = Int((fraction * 100).rounded(.down))
        self.fraction = String(format: "%.3f", fraction)
        if let seconds, seconds > 0, step.counts.read > 0 {
            itemsPerSecond = Self.rate(Double(step.counts.read) / seconds)
        }
        progressBasis = progress?.basis ?? ""
    }

    static func rate(_ value: Double) -> String {
        value >= 100 ? "\(Int(value.rounded())) items/s" : String(format: "%.1f items/s", value)
    }
}

/// The steps of job executions with their progress, read as the progress endpoint reads it.
struct StepViews: Sendable {
    let queries: JobQueries

    /// The steps of `execution`; running steps get a progress estimate (from the reader's
    /// position when the step records one, else from the step's history).
    func steps(of execution: JobExecution, state: JobExecutionState) async throws -> [StepView] {
        try await steps(of: [execution], states: [execution.id: state])[execution.id] ?? []
    }

    /// The steps of several executions, by execution id, read in two queries for all of them;
    /// the history of a running step that needs one is read once per job and step name.
    func steps(of executions: [JobExecution], states: [Int64: JobExecutionState]) async throws -> [Int64: [StepView]] {
        let explorer = queries.explorer
        let steps = try await explorer.stepExecutions(ofJobExecutions: executions.map(\.id))
        var histories: [String: [StepExecution]] = [:]
        var views: [Int64: [StepView]] = [:]
        for execution in executions {
            guard let state = states[execution.id] else { continue }
            var own: [StepView] = []
            for step in steps[execution.id] ?? [] {
                var progress: StepProgress?
                if step.status.isRunning && !state.isDead {
                    var history: [StepExecution] = []
                    if ProgressEstimate(step.executionContext) == nil {
                        let key = execution.jobName + "\u{0}" + step.stepName
                        if let known = histories[key] {
                            history = known
                        } else {
                            history = try await explorer.stepExecutionHistory(jobName: execution.jobName, stepName: step.stepName, lastExecutions: 20)
                            histories[key] = history
                        }
                    }
                    progress = StepProgress(step, history: StepExecutionHistory(stepName: step.stepName, steps: history))
                }
                own.append(StepView(step, progress: progress, dead: state.isDead(step)))
            }
            views[execution.id] = own
        }
        return views
    }
}
