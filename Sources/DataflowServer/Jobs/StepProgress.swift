import BatchRuntime
import Foundation

/// How far a step execution got, as Data Flow's `StepExecutionProgressInfo` estimates it, and
/// better where the step's reader knows its input's size.
///
/// `percentageComplete` is a fraction, as on Data Flow's wire (its shell shows it times 100):
/// - 1 once the step has ended (whatever its status);
/// - else, when the step's context holds the reader's position (`batch.progress.position` of
///   `batch.progress.total`, recorded at each commit: ``ProgressEstimate``), that fraction;
/// - else, from earlier executions of the same step: the items read so far over their mean read
///   count, or, when they read nothing, the time so far over their mean duration;
/// - else nothing is known: 0 before the first commit, ½ after it (Data Flow's ½ throughout).
///
/// A running step's estimate stays below 1 (at most 0.99), and within one run it only rises:
/// the reader's position and the read count grow with every commit, and the first commit that
/// records a position comes before any read count is recorded.
struct StepProgress: Sendable {
    /// The estimate, from 0 to 1.
    var percentageComplete: Double
    /// Whether the step has ended.
    var finished: Bool
    /// Milliseconds from the start to the end, or to now while it runs.
    var duration: Double
    /// What the estimate rests on, in words.
    var basis: String

    /// The most a running step is estimated at.
    static let runningCeiling = 0.99

    init(_ step: StepExecution, history: StepExecutionHistory, now: Date = Date()) {
        let start = step.startTime ?? now
        duration = max(0, (step.endTime ?? now).timeIntervalSince(start) * 1000)
        finished = step.endTime != nil
        if finished {
            (percentageComplete, basis) = (1, "end time (already finished)")
            return
        }
        let read = Double(step.counts.read)
        let unknown = read > 0 ? 0.5 : 0
        let estimate: Double
        if let position = ProgressEstimate(step.executionContext), position.total > 0 {
            (estimate, basis) = (position.fraction, "reader position (\(position.done) of \(position.total))")
        } else if history.count == 0 {
            (estimate, basis) = (unknown, "no history")
        } else if history.readCount.mean > 0 {
            (estimate, basis) = (read / history.readCount.mean, "extrapolated read count")
        } else if history.duration.mean > 0 {
            (estimate, basis) = (duration / history.duration.mean, "extrapolated duration")
        } else {
            (estimate, basis) = (unknown, "no information")
        }
        percentageComplete = min(max(estimate, 0), Self.runningCeiling)
    }
}
