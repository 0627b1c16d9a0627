import BatchRuntime
import Crypto
import Foundation
import TaskRuntime

/// The version of each ``LiveTopic``: a short digest of everything the topic's region shows,
/// read through the explorers in at most three indexed queries. Equal versions mean the
/// region would render the same (but for the clock).
struct LiveVersions: Sendable {
    let jobs: JobExplorer
    let tasks: TaskExplorer

    /// What runs now, summed up once: the `running` topic's version is made of it, the
    /// `recent` topic's includes it, and the overview counts from it. Each summary reads the
    /// partial index of what claims to run, which grows with the runs that died unmarked, so a
    /// page or a tick of the live loop reads it once however many of those it needs.
    struct Running: Sendable {
        /// The running job executions.
        var jobs: ActivitySummary
        /// The unended task executions.
        var tasks: ActivitySummary
        /// The `running` topic's version.
        var version: String { LiveVersions.digest("\(jobs)|\(tasks)") }
    }

    /// The summaries of what runs now (two indexed queries).
    func running() async throws -> Running {
        Running(jobs: try await jobs.runningSummary(), tasks: try await tasks.runningSummary())
    }

    /// The version of `topic` now.
    /// - Parameter running: What runs now, when the caller has read it already.
    func version(of topic: LiveTopic, running: Running? = nil) async throws -> String {
        switch topic {
        case .job(let id): return try await job(id)
        case .task(let id): return try await task(id)
        case .running:
            if let running { return running.version }
            return try await self.running().version
        case .recent:
            if let running { return try await recent(running: running) }
            return try await recent(running: try await self.running())
        }
    }

    private func job(_ id: Int64) async throws -> String {
        guard let execution = try await jobs.jobExecutions(ids: [id]).first else { return Self.digest("none") }
        let steps = try await jobs.stepExecutions(ofJobExecution: id)
        let state = try await jobs.state(of: execution)
        var text = "\(execution.status)|\(execution.version)|\(Self.time(execution.lastUpdated))|\(state.isDead)"
        for step in steps { text += "|\(step.id):\(step.version):\(step.status):\(Self.time(step.lastUpdated))" }
        return Self.digest(text)
    }

    private func task(_ id: Int64) async throws -> String {
        guard let execution = try await tasks.taskExecution(id: id) else { return Self.digest("none") }
        let jobIds = try await tasks.jobExecutionIds(ofTaskExecution: id)
        let jobStates = try await jobs.jobExecutions(ids: jobIds).map { "\($0.id):\($0.status):\($0.version)" }
        return Self.digest(
            "\(Self.time(execution.startTime))|\(Self.time(execution.endTime))|\(execution.exitCode.map(String.init) ?? "")|\(execution.exitMessage ?? "")|"
                + "\(execution.errorMessage ?? "")|\(jobStates.joined(separator: ","))")
    }

    private func recent(running: Running) async throws -> String {
        let newestJob = try await jobs.jobExecutions(limit: 1).first.map { "\($0.id):\($0.status):\($0.version)" } ?? ""
        let newestTask = try await tasks.taskExecutions(name: nil, limit: 1).first.map { "\($0.executionId):\(Self.time($0.endTime))" } ?? ""
        return Self.digest(newestJob + "|" + newestTask + "|" + running.version)
    }

    static func time(_ date: Date?) -> String {
        date.map { String(Int64($0.timeIntervalSince1970 * 1000)) } ?? "-"
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
