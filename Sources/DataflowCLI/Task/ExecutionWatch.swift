import Foundation
import UnixSignals

/// Follows one task execution on the server until it ends: prints each status change and,
/// when following the log, the log as it grows. A Ctrl-C (SIGINT) stops the watching, not the
/// task. The execution lives in another process, so the server is asked again and again: every
/// 100 ms at first, then less often, at most every second.
struct ExecutionWatch {
    /// How the watching ended.
    enum Result {
        case ended(ExecutionOutcome)
        case interrupted
    }

    let client: ServerClient
    let id: Int64
    /// Print the log as it grows.
    let follow: Bool
    /// Print each status change (not with `--json`).
    let reportStatus: Bool

    static let firstPause: Duration = .milliseconds(100)
    static let longestPause: Duration = .seconds(1)

    /// Watches until the execution ends or SIGINT arrives.
    func run() async throws -> Result {
        let interrupts = await UnixSignalsSequence(trapping: .sigint)
        return try await withThrowingTaskGroup(of: Result.self) { group in
            group.addTask { .ended(try await poll()) }
            group.addTask {
                for await _ in interrupts { return .interrupted }
                throw CancellationError()  // the sequence ends only when the watching is over
            }
            let first = try await group.next() ?? .interrupted
            group.cancelAll()
            return first
        }
    }

    private func poll() async throws -> ExecutionOutcome {
        var lastStatus: String?
        var tail = LogTail()
        var pause = Self.firstPause
        while true {
            let outcome = ExecutionOutcome(execution: try await client.get("/tasks/executions/\(id)").json)
            if follow, let external = outcome.execution["externalExecutionId"].string {
                Console.out(tail.newText(try await log(external), final: outcome.hasEnded))
            }
            if reportStatus, outcome.status != lastStatus { Console.out(outcome.line + "\n") }
            lastStatus = outcome.status
            if outcome.hasEnded { return outcome }
            try await Task.sleep(for: pause)
            pause = min(pause * 3 / 2, Self.longestPause)
        }
    }

    /// The log so far; empty while the platform has none yet.
    private func log(_ external: String) async throws -> String {
        do {
            return try await client.get("/tasks/logs/\(ServerClient.segment(external))").body
        } catch let failure as ServerFailure where failure.status == 404 {
            return ""
        }
    }
}
