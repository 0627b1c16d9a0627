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

    /// The version of `topic` now.
    func version(of topic: LiveTopic) async throws -> String {
        switch topic {
        case .job(let id): return try await job(id)
        case .task(let id): return try await task(id)
        case .running: return try await running()
        case .recent: return try await recent()
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

    private func running() async throws -> String {
        // Two summaries, not the running rows: read every quarter second by every open page.
        let jobs = try await self.jobs.runningSummary()
        let tasks = try await self.tasks.runningSummary()
        return Self.digest("\(jobs)|\(tasks)")
    }

    private func recent() async throws -> String {
        let newestJob = try await jobs.jobExecutions(limit: 1).first.map { "\($0.id):\($0.status):\($0.version)" } ?? ""
        let newestTask = try await tasks.taskExecutions(name: nil, limit: 1).first.map { "\($0.executionId):\(Self.time($0.endTime))" } ?? ""
        return Self.digest(newestJob + "|" + newestTask + "|" + (try await running()))
    }

    static func time(_ date: Date?) -> String {
        date.map { String(Int64($0.timeIntervalSince1970 * 1000)) } ?? "-"
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
