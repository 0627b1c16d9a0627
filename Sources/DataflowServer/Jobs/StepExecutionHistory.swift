import BatchRuntime
import Foundation

/// Data Flow's `StepExecutionHistory`: statistics of the ended earlier executions of one step,
/// per counter, and of their durations (milliseconds) and durations per item read.
struct StepExecutionHistory: Encodable, Sendable {
    /// The step's name (`load:partition*` for every partition of a partitioned step).
    var stepName: String
    /// How many ended executions the statistics cover.
    var count = 0
    var commitCount = CumulativeHistory()
    var rollbackCount = CumulativeHistory()
    var readCount = CumulativeHistory()
    var writeCount = CumulativeHistory()
    var filterCount = CumulativeHistory()
    var readSkipCount = CumulativeHistory()
    var writeSkipCount = CumulativeHistory()
    var processSkipCount = CumulativeHistory()
    var duration = CumulativeHistory()
    var durationPerRead = CumulativeHistory()

    /// The history of `steps`; executions that have not ended are left out, as Data Flow does.
    init(stepName: String, steps: [StepExecution]) {
        self.stepName = stepName.range(of: ":partition").map { String(stepName[..<$0.upperBound]) + "*" } ?? stepName
        for step in steps { append(step) }
    }

    private mutating func append(_ step: StepExecution) {
        guard let end = step.endTime else { return }
        let milliseconds = max(0, end.timeIntervalSince(step.startTime ?? end) * 1000)
        duration.append(milliseconds)
        if step.counts.read > 0 { durationPerRead.append(milliseconds / Double(step.counts.read)) }
        count += 1
        commitCount.append(Double(step.counts.commit))
        rollbackCount.append(Double(step.counts.rollback))
        readCount.append(Double(step.counts.read))
        writeCount.append(Double(step.counts.write))
        filterCount.append(Double(step.counts.filter))
        readSkipCount.append(Double(step.counts.readSkip))
        writeSkipCount.append(Double(step.counts.writeSkip))
        processSkipCount.append(Double(step.counts.processSkip))
    }
}

/// Data Flow's `CumulativeHistory`: the count, minimum, maximum, mean and (population) standard
/// deviation of a series of values; all zero for an empty series.
struct CumulativeHistory: Encodable, Sendable, Hashable {
    private(set) var count = 0
    private(set) var min = 0.0
    private(set) var max = 0.0
    private var sum = 0.0
    private var sumOfSquares = 0.0

    /// Adds a value.
    mutating func append(_ value: Double) {
        if count == 0 || value > max { max = value }
        if count == 0 || value < min { min = value }
        sum += value
        sumOfSquares += value * value
        count += 1
    }

    var mean: Double { count > 0 ? sum / Double(count) : 0 }

    var standardDeviation: Double {
        count > 0 ? (Swift.max(0, sumOfSquares / Double(count) - mean * mean)).squareRoot() : 0
    }

    enum Keys: String, CodingKey { case count, min, max, mean, standardDeviation }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(count, forKey: .count)
        try container.encode(min, forKey: .min)
        try container.encode(max, forKey: .max)
        try container.encode(mean, forKey: .mean)
        try container.encode(standardDeviation, forKey: .standardDeviation)
    }
}
