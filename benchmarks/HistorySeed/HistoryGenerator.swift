import Database
import Foundation

/// What to write.
struct SeedPlan: Sendable {
    /// Job executions in all.
    var executions: Int
    /// The random seed: the same seed writes the same history.
    var seed: UInt64
    /// When the history ends (seconds since 1970); it starts `days` earlier.
    var end: Double
    var days: Int
    /// Task executions without a job, per job execution.
    var plainTaskShare: Double
}

/// How an execution (or the step it ended in) ended.
enum Outcome {
    case completed, failed, stopped, running
}

/// Writes a realistic history batch by batch, in id order, with bounded memory: one batch's
/// rows and the instances waiting for a restart.
///
/// Job executions are created evenly over the period (with jitter), each in a new job instance
/// of a job chosen by weight, or as the restart of an instance whose last execution failed or
/// stopped a few minutes to hours earlier. Every job execution has the task execution that ran
/// it; some task executions run no job.
struct HistoryGenerator {
    let plan: SeedPlan
    var summary = SeedSummary()
    var random: SeededRandom
    /// The index of the next job execution (0-based).
    private var index = 0
    var ids = NextIds()
    private var runIds: [Int64]
    private var pending: [PendingRestart] = []
    private let start: Double
    private let interval: Double

    struct NextIds {
        var instance: Int64 = 1, execution: Int64 = 1, step: Int64 = 1, task: Int64 = 1
    }

    /// An instance waiting for its restart: from which step, at which execution index.
    private struct PendingRestart {
        var due: Int
        var job: Int
        var instanceId: Int64
        var parameters: [SeededParameter]
        var firstStep: Int
        var attempt: Int
    }

    init(plan: SeedPlan) {
        self.plan = plan
        random = SeededRandom(seed: plan.seed)
        runIds = Array(repeating: 0, count: JobCatalog.jobs.count)
        start = plan.end - Double(plan.days) * 86_400
        interval = Double(plan.days) * 86_400 / Double(max(plan.executions, 1))
    }

    /// The next batch of up to `size` job executions with everything that belongs to them, or
    /// nil when all are written.
    mutating func next(size: Int) -> HistoryBatch? {
        guard index < plan.executions else { return nil }
        var batch = HistoryBatch()
        let end = min(plan.executions, index + size)
        while index < end {
            if random.chance(plan.plainTaskShare) {
                plainTask(at: start + (Double(index) - 0.08 + 0.07 * random.unit()) * interval, into: &batch)
            }
            execution(into: &batch)
            index += 1
        }
        summary.lastJobInstanceId = ids.instance - 1
        summary.lastJobExecutionId = ids.execution - 1
        summary.lastStepExecutionId = ids.step - 1
        summary.lastTaskExecutionId = ids.task - 1
        summary.rows += batch.rowCount
        return batch
    }

    /// One job execution: a new instance or a due restart, its steps, context and task execution.
    private mutating func execution(into batch: inout HistoryBatch) {
        let created = Self.milliseconds(start + (Double(index) + 0.9 * random.unit()) * interval)
        var launch: PendingRestart
        if let restart = takeDueRestart() {
            launch = restart
            summary.restarts += 1
        } else {
            let job = JobCatalog.job(at: random.unit())
            runIds[job] += 1
            let parameters = SeededParameters.launch(of: JobCatalog.jobs[job], runId: runIds[job], at: Int64(created), random: &random)
            launch = PendingRestart(due: index, job: job, instanceId: ids.instance, parameters: parameters, firstStep: 0, attempt: 1)
            ids.instance += 1
            batch.instances.rows.append([
                .int(launch.instanceId), .int(0), .text(JobCatalog.jobs[job].name), .text(SeededParameters.jobKey(parameters)),
            ])
            summary.jobInstances += 1
        }
        let job = JobCatalog.jobs[launch.job]
        let outcome = drawOutcome(attempt: launch.attempt)
        let lastStep = outcome == .completed ? job.steps.count - 1 : random.between(launch.firstStep...(job.steps.count - 1))
        let executionId = ids.execution
        ids.execution += 1

        let startTime = created + Self.milliseconds(random.between(0.05, 0.6))
        var clock = startTime
        var counted = 0
        for stepIndex in launch.firstStep...lastStep {
            let stepOutcome = stepIndex < lastStep ? Outcome.completed : outcome
            (clock, counted) = step(job.steps[stepIndex], outcome: stepOutcome, executionId: executionId, at: clock, into: &batch)
        }
        let endTime = outcome == .running ? nil : clock + Self.milliseconds(random.between(0.005, 0.05))
        var status = Self.status(outcome)
        var lastUpdated = endTime ?? clock
        var version: Int64 = outcome == .running ? 1 : 2
        if outcome == .failed || outcome == .stopped, let endTime {
            let restartChance = outcome == .stopped ? 0.6 : launch.attempt >= 3 ? 0.4 : 0.75
            if random.chance(restartChance) {
                var restart = launch
                restart.attempt += 1
                restart.firstStep = lastStep
                restart.due = Int(((endTime + random.between(300, 6 * 3600) - start) / interval).rounded(.up))
                pending.append(restart)
            } else if random.chance(outcome == .failed ? 0.3 : 0.25) {
                status = "ABANDONED"  // an operator gave up on it; the exit code stays
                lastUpdated = endTime + Self.milliseconds(random.between(600, 3 * 86_400))
                version = 3
            }
        }
        batch.executions.rows.append([
            .int(executionId), .int(version), .int(launch.instanceId), .date(Self.date(created)), .date(Self.date(startTime)),
            endTime.map { .date(Self.date($0)) } ?? .null, .text(status), .text(Self.exitCode(outcome)),
            .text(outcome == .failed ? FailureText.stackTrace(job: job.name, variant: random.below(3)) : ""),
            .date(Self.date(lastUpdated)),
        ])
        for parameter in launch.parameters {
            batch.parameters.rows.append([
                .int(executionId), .text(parameter.name), .text(parameter.type), .text(parameter.value),
                .text(parameter.identifying ? "Y" : "N"),
            ])
        }
        summary.jobExecutionParameters += launch.parameters.count
        batch.jobContexts.rows.append([.int(executionId), .text(Self.jobContext(job, processed: counted)), .null])
        summary.jobExecutions += 1
        summary.jobExecutionsByStatus[status, default: 0] += 1
        summary.jobExecutionsByName[job.name, default: 0] += 1
        jobTask(
            job, launch: (launch.instanceId, launch.parameters, launch.attempt), executionId: executionId, outcome: outcome,
            created: created, end: endTime, into: &batch)
    }

    /// The restart due soonest, if one is due at this execution.
    private mutating func takeDueRestart() -> PendingRestart? {
        var found: Int?
        for candidate in pending.indices where pending[candidate].due <= index {
            if let current = found, pending[current].due <= pending[candidate].due { continue }
            found = candidate
        }
        return found.map { pending.remove(at: $0) }
    }

    /// The outcome of a launch: first attempts mostly complete; restarts complete more often still.
    private mutating func drawOutcome(attempt: Int) -> Outcome {
        let unit = random.unit()
        if attempt == 1 {
            return unit < 0.934 ? .completed : unit < 0.979 ? .failed : unit < 0.999 ? .stopped : .running
        }
        return unit < 0.85 ? .completed : unit < 0.97 ? .failed : .stopped
    }

    static func status(_ outcome: Outcome) -> String {
        switch outcome {
        case .completed: "COMPLETED"
        case .failed: "FAILED"
        case .stopped: "STOPPED"
        case .running: "STARTED"
        }
    }

    /// The exit code Spring leaves: the outcome's name, `UNKNOWN` while a job runs.
    static func exitCode(_ outcome: Outcome) -> String {
        outcome == .running ? "UNKNOWN" : status(outcome)
    }

    /// A job's context: empty as most are, with a promoted count for the jobs that promote one.
    static func jobContext(_ job: JobDefinition, processed: Int) -> String {
        job.name == "settleAccounts"
            ? "{\"@class\":\"java.util.HashMap\",\"settled.count\":\(processed)}" : "{\"@class\":\"java.util.HashMap\"}"
    }

    /// Seconds rounded to the millisecond, the precision Java's clocks give Spring.
    static func milliseconds(_ seconds: Double) -> Double {
        (seconds * 1000).rounded() / 1000
    }

    static func date(_ seconds: Double) -> Date {
        Date(timeIntervalSince1970: seconds)
    }
}
