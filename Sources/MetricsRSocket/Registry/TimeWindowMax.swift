#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The decaying maximum Micrometer reports as a timer's `_max`: the largest value recorded in
/// the last `expiry × (bufferLength − 1)` to `expiry × bufferLength` (4 to 6 minutes with the
/// defaults), so a dashboard's max falls back after one slow run instead of staying at it for
/// the life of the process.
///
/// A ring of `bufferLength` maxima; every value raises all of them; the current one is read;
/// every `expiry` the current one is cleared and the next becomes current (Micrometer's
/// `TimeWindowMax`, with its defaults: expiry 2 minutes, buffer length 3).
struct TimeWindowMax {
    /// How the window is set: the rotation period and the number of buckets, and the clock.
    struct Configuration: Sendable {
        var expiry: Duration
        var bufferLength: Int
        /// Monotonic nanoseconds.
        var now: @Sendable () -> UInt64

        /// Micrometer's defaults on the coarse monotonic clock: every item's timer reads it, and
        /// a window of minutes needs no better than its few milliseconds.
        static let standard = Configuration(expiry: .seconds(120), bufferLength: 3) {
            var time = timespec()
            #if os(Linux)
            clock_gettime(CLOCK_MONOTONIC_COARSE, &time)
            #else
            clock_gettime(CLOCK_MONOTONIC, &time)
            #endif
            return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
        }
    }

    private let rotation: UInt64
    private var buckets: [Double]
    private var current = 0
    private var lastRotation: UInt64

    init(_ configuration: Configuration) {
        let (seconds, attoseconds) = configuration.expiry.components
        rotation = max(1, UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds)) / 1_000_000_000)
        buckets = Array(repeating: 0, count: max(1, configuration.bufferLength))
        lastRotation = configuration.now()
    }

    /// Raises every bucket to `value`.
    mutating func record(_ value: Double, now: UInt64) {
        rotate(now: now)
        for index in buckets.indices where value > buckets[index] { buckets[index] = value }
    }

    /// The largest value of the window ending now.
    mutating func value(now: UInt64) -> Double {
        rotate(now: now)
        return buckets[current]
    }

    private mutating func rotate(now: UInt64) {
        guard now > lastRotation else { return }
        var elapsed = now - lastRotation
        guard elapsed >= rotation else { return }
        if elapsed >= rotation * UInt64(buckets.count) {
            // Nothing recorded in the whole ring is recent enough: start over.
            for index in buckets.indices { buckets[index] = 0 }
            current = 0
            lastRotation = now - elapsed % rotation
            return
        }
        while elapsed >= rotation {
            buckets[current] = 0
            current = (current + 1) % buckets.count
            elapsed -= rotation
            lastRotation += rotation
        }
    }
}
