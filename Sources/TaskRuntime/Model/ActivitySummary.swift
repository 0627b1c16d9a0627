/// What runs, summed up in two numbers that change whenever what runs changes: how many
/// executions run and a fingerprint of their ids and versions. Read with aggregates over an
/// index (no row is decoded), so a page or an event stream can ask every quarter second
/// whether anything moved, whatever the history's size.
public struct ActivitySummary: Sendable, Hashable, CustomStringConvertible {
    /// How many executions run.
    public var count: Int64
    /// Sums of their ids and versions (and their steps' versions, for jobs), combined.
    public var fingerprint: Int64

    /// Creates a summary.
    public init(count: Int64, fingerprint: Int64) {
        self.count = count
        self.fingerprint = fingerprint
    }

    /// `3:1234567`.
    public var description: String { "\(count):\(fingerprint)" }
}
