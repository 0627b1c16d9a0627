import Foundation

/// One timed read: a name the scripts key on, what it calls, and the call (which returns how
/// many rows it read, or the count it got, for the report).
struct BenchmarkCase: Sendable {
    var name: String
    var description: String
    var body: @Sendable () async throws -> Int
}

/// How many times to run each case.
struct RepeatPolicy: Sendable {
    /// Untimed runs first (statement caches, pages in memory).
    var warmup: Int
    /// Timed runs at most...
    var iterations: Int
    /// ...and no more than this many seconds of them per database, once `minimum` runs are in.
    var seconds: Double
    var minimum: Int
}

/// The timings of one case on one database, in milliseconds.
struct Measurement: Sendable {
    var label: String
    var name: String
    var description: String
    var samples: [Double] = []
    var result = 0

    var median: Double { percentile(0.5) }
    var p90: Double { percentile(0.9) }

    /// The nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Runs the same case on every database (labelled), one run on each in turn, the order
    /// reversed every round, so that all of them see the same moments of a shared machine: a
    /// ratio of their medians compares like with like.
    static func interleaved(_ cases: [(label: String, benchmark: BenchmarkCase)], policy: RepeatPolicy) async throws
        -> [Measurement]
    {
        var measurements = cases.map { Measurement(label: $0.label, name: $0.benchmark.name, description: $0.benchmark.description) }
        for index in cases.indices {
            for _ in 0..<policy.warmup { measurements[index].result = try await cases[index].benchmark.body() }
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(policy.seconds * 1000 * Double(cases.count)))
        var round = 0
        while round < policy.iterations, round < policy.minimum || clock.now < deadline {
            let order = round % 2 == 0 ? Array(cases.indices) : cases.indices.reversed()
            for index in order {
                let start = clock.now
                measurements[index].result = try await cases[index].benchmark.body()
                measurements[index].samples.append((clock.now - start).milliseconds)
            }
            round += 1
        }
        return measurements
    }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
