import BatchRuntime

/// The decision after an app with transitions in a composed task: which of the app's
/// transitions its child's end takes.
///
/// A quoted status matches the step's exit status (`*` and `?` as wildcards), a number the
/// child's exit code, `'*'` anything. When several match, an exact status or an exit code wins
/// over a status with wildcards, which wins over `'*'`; among equals, the first written. When
/// none matches, the flow goes on with what follows the app after `&&`; when nothing follows,
/// the composed task ends as the app ended (COMPLETED, or FAILED).
struct ComposedRoute: JobExecutionDecider {
    /// The outcome naming transition `index` of the app.
    static func transition(_ index: Int) -> String { "T\(index)" }
    /// The outcome that goes on with what follows the app (or ends the flow COMPLETED).
    static let next = "NEXT"
    /// The outcome that ends the job FAILED: nothing matched, nothing follows, the app failed.
    static let failed = "FAILED"
    /// The outcome of a step that was stopped.
    static let stopped = "STOPPED"

    let transitions: [TaskTransition]
    let hasFollowing: Bool

    func decide(_ jobExecution: JobExecution, lastStep: StepExecution?) async throws -> String {
        guard let step = lastStep else { return Self.failed }
        if step.status == .stopped { return Self.stopped }
        let exitCode = step.executionContext.int(ComposedChildOutcome.exitCodeKey).map { Int($0) }
        if let index = Self.match(transitions, exitStatus: step.exitStatus.exitCode, exitCode: exitCode) {
            return Self.transition(index)
        }
        return hasFollowing || step.status == .completed ? Self.next : Self.failed
    }

    /// The index of the transition an end with `exitStatus` and `exitCode` takes, or nil.
    static func match(_ transitions: [TaskTransition], exitStatus: String, exitCode: Int?) -> Int? {
        var best: (rank: Int, index: Int)?
        for (index, transition) in transitions.enumerated() {
            let rank: Int
            switch transition.condition {
            case .exitStatus(let pattern):
                guard ExitCodePattern(pattern).matches(exitStatus) else { continue }
                rank = pattern.contains("*") || pattern.contains("?") ? 1 : 2
            case .exitCode(let code):
                guard exitCode == code else { continue }
                rank = 2
            case .any:
                rank = 0
            }
            if best.map({ rank > $0.rank }) ?? true { best = (rank, index) }
        }
        return best?.index
    }
}
