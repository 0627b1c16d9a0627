/// A set of small numbers (0 to 63) as the bits of one word: the values a cron field allows.
struct CronBits: Hashable, Sendable {
    /// Bit `n` is set when `n` is in the set.
    private(set) var raw: UInt64 = 0

    /// The empty set.
    init() {}

    /// Every `step`th number from `lower` through `upper`.
    init(from lower: Int, through upper: Int, step: Int = 1) {
        insert(from: lower, through: upper, step: step)
    }

    /// Whether there is no number in the set.
    var isEmpty: Bool { raw == 0 }

    /// The numbers in the set, ascending.
    var values: [Int] { (0..<64).filter(contains) }

    /// Whether `value` is in the set.
    func contains(_ value: Int) -> Bool {
        (0..<64).contains(value) && raw & (1 << UInt64(value)) != 0
    }

    /// Adds `value` (0 to 63).
    mutating func insert(_ value: Int) {
        raw |= 1 << UInt64(value)
    }

    /// Adds every `step`th number from `lower` through `upper`.
    mutating func insert(from lower: Int, through upper: Int, step: Int = 1) {
        for value in stride(from: lower, through: upper, by: step) { insert(value) }
    }

    /// Adds the numbers of `other`.
    mutating func formUnion(_ other: CronBits) {
        raw |= other.raw
    }

    /// Removes `value`.
    mutating func remove(_ value: Int) {
        raw &= ~(1 << UInt64(value))
    }

    /// The smallest number in the set that is `value` or more, if any.
    func first(atLeast value: Int) -> Int? {
        guard value < 64 else { return nil }
        let candidates = raw & (UInt64.max << UInt64(max(value, 0)))
        return candidates == 0 ? nil : candidates.trailingZeroBitCount
    }
}
