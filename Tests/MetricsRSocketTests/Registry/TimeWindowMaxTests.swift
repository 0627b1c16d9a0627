import Synchronization
import Testing

@testable import MetricsRSocket

/// A clock the test moves by hand (monotonic nanoseconds).
private final class ManualClock: Sendable {
    private let nanoseconds = Mutex<UInt64>(1_000_000_000)
    func advance(seconds: Double) { nanoseconds.withLock { $0 += UInt64(seconds * 1e9) } }
    var now: UInt64 { nanoseconds.withLock { $0 } }
}

@Suite("Decaying maximum (Micrometer's TimeWindowMax)")
struct TimeWindowMaxTests {
    private static func registry(_ clock: ManualClock) -> PrometheusRegistry {
        PrometheusRegistry(maxExpiry: .seconds(120), bufferLength: 3) { clock.now }
    }

    private static func max(_ registry: PrometheusRegistry) throws -> Double {
        let line = try #require(registry.renderText().split(separator: "\n").first { $0.hasPrefix("step_seconds_max ") })
        return try #require(Double(line.split(separator: " ")[1]))
    }

    @Test("the max holds for two full rotations and falls to zero after the third; count and sum stay")
    func decays() throws {
        let clock = ManualClock()
        let registry = Self.registry(clock)
        let timer = registry.makeTimer(label: "step", dimensions: [])
        timer.recordNanoseconds(9_000_000_000)
        #expect(try Self.max(registry) == 9)
        clock.advance(seconds: 239)  // one rotation at 120 s; the next is still ahead
        #expect(try Self.max(registry) == 9)
        clock.advance(seconds: 2)  // 241 s: the second rotation; the value was recorded before both
        #expect(try Self.max(registry) == 9)
        clock.advance(seconds: 120)  // 361 s: the third rotation reaches the last bucket that held it
        #expect(try Self.max(registry) == 0)
        let text = registry.renderText()
        #expect(text.contains("step_seconds_count 1.0\n") && text.contains("step_seconds_sum 9.0\n"), "\(text)")
    }

    @Test("a smaller value recorded later outlives the larger one before it")
    func smallerLater() throws {
        let clock = ManualClock()
        let registry = Self.registry(clock)
        let timer = registry.makeTimer(label: "step", dimensions: [])
        timer.recordNanoseconds(9_000_000_000)
        clock.advance(seconds: 200)
        timer.recordNanoseconds(2_000_000_000)
        #expect(try Self.max(registry) == 9)
        clock.advance(seconds: 161)  // 361 s after the 9 s run, 161 s after the 2 s one
        #expect(try Self.max(registry) == 2)
    }

    @Test("after a silence longer than the whole ring every bucket starts over")
    func longSilence() throws {
        let clock = ManualClock()
        let registry = Self.registry(clock)
        let timer = registry.makeTimer(label: "step", dimensions: [])
        timer.recordNanoseconds(5_000_000_000)
        clock.advance(seconds: 3_600)
        #expect(try Self.max(registry) == 0)
        timer.recordNanoseconds(1_000_000_000)
        #expect(try Self.max(registry) == 1)
        clock.advance(seconds: 359)
        #expect(try Self.max(registry) == 1)
    }
}
