/// A UTF-8 check fast enough to run over every record: eight ASCII bytes at a time, and the
/// well-formedness rules of the Unicode standard (table 3-7) for the rest, so that it accepts
/// exactly what the standard library decodes without replacement characters.
enum UTF8Validation {
    /// The index of the first byte of the first ill-formed sequence, or nil when all bytes are
    /// well-formed UTF-8 (overlong forms, surrogates, values above U+10FFFF, stray continuation
    /// bytes and sequences cut short are ill-formed).
    static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        while index < count {
            while index + 8 <= count {
                if UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { return nil }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length = sequenceLength(base, at: index, count: count)
            if length == 0 { return index }
            index += length
        }
        return nil
    }

    /// The length of the well-formed multi-byte sequence that starts at `index`, or 0 when it is ill-formed.
    @inline(__always)
    private static func sequenceLength(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> Int {
        let lead = base[index]
        func continuation(_ offset: Int) -> Bool { index + offset < count && base[index + offset] & 0xC0 == 0x80 }
        func second(_ low: UInt8, _ high: UInt8) -> Bool {
            index + 1 < count && base[index + 1] >= low && base[index + 1] <= high
        }
        switch lead {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return second(0xA0, 0xBF) && continuation(2) ? 3 : 0
        case 0xED: return second(0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xE1...0xEF: return second(0x80, 0xBF) && continuation(2) ? 3 : 0
        case 0xF0: return second(0x90, 0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return second(0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return second(0x80, 0xBF) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }
}
