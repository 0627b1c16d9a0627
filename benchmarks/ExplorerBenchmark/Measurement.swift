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
    /// ...and no more than this many seconds of them, once `minimum` runs are in.
    var seconds: Double
    var minimum: Int
}

/// The timings of one case, in milliseconds.
struct Measurement: Sendable {
    var name: String
    var description: String
    var samples: [Double]
    var result: Int

    var median: Double { percentile(0.5) }
    var p90: Double { percentile(0.9) }

    /// The nearest-rank percentile.
    func percentile(_ p: Double) -> Double {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Runs `benchmark` as `policy` says.
    static func run(_ benchmark: BenchmarkCase, policy: RepeatPolicy) async throws -> Measurement {
        var result = 0
        for _ in 0..<policy.warmup { result = try await benchmark.body() }
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(policy.seconds * 1000))
        var samples: [Double] = []
        while samples.count < policy.iterations, samples.count < policy.minimum || clock.now < deadline {
            let start = clock.now
            result = try await benchmark.body()
            samples.append((clock.now - start).milliseconds)
        }
        return Measurement(name: benchmark.name, description: benchmark.description, samples: samples, result: result)
    }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
