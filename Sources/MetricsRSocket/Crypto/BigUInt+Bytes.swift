import BigInt

/// Conversions between big integers and the fixed-length big-endian byte strings of RFC 8017.
extension BigUInt {
    /// OS2IP (RFC 8017 section 4.2): the integer whose unsigned big-endian representation is `bytes`.
    init(bigEndian bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { BigUInt($0) }
    }

    /// I2OSP (RFC 8017 section 4.1): the unsigned big-endian representation of this integer in
    /// exactly `count` bytes, left-padded with zeros; `nil` when it needs more than `count` bytes.
    func bigEndianBytes(count: Int) -> [UInt8]? {
        guard count >= 0, (bitWidth + 7) / 8 <= count else { return nil }
        var output = [UInt8](repeating: 0, count: count)
        var index = count - 1
        for word in words {
            var remaining = word
            for _ in 0..<(UInt.bitWidth / 8) where index >= 0 {
                output[index] = UInt8(truncatingIfNeeded: remaining)
                remaining >>= 8
                index -= 1
            }
        }
        return output
    }

    /// The minimal unsigned big-endian representation of this integer: no bytes for zero.
    var minimalBigEndianBytes: [UInt8] {
        bigEndianBytes(count: (bitWidth + 7) / 8) ?? []
    }
}
