/// Bounds-checked decompression of the raw Snappy block format.
extension Snappy {
    /// The most output bytes one input byte can stand for: a 3-byte copy element makes 64 bytes.
    static let maximumExpansion = 22

    /// Decompresses raw Snappy block data, checking every length and offset before it is used.
    ///
    /// The output buffer is allocated once, at the declared length, and only after that length has
    /// been checked against `maxLength` and against what the input could possibly expand to.
    /// - Parameter maxLength: The largest uncompressed size accepted.
    /// - Throws: `.corruptCompression` for a bad or too long varint, a declared length over
    ///   `maxLength`, an element that runs past the input or past the declared length, a copy with
    ///   offset 0 or reaching before the start of the output, or output shorter than declared.
    package static func decompress(_ input: [UInt8], maxLength: Int) throws -> [UInt8] {
        let (declared, headerLength) = try readVarint(input)
        guard declared <= maxLength else {
            throw corrupt("it declares \(declared) uncompressed bytes, more than the allowed \(maxLength)")
        }
        let bodyLength = input.count - headerLength
        guard declared <= bodyLength * maximumExpansion else {
            throw corrupt("it declares \(declared) uncompressed bytes, but \(bodyLength) compressed bytes cannot hold that many")
        }
        guard declared > 0 else {
            guard bodyLength == 0 else { throw corrupt("it declares 0 bytes but has elements at byte \(headerLength)") }
            return []
        }
        return try [UInt8](unsafeUninitializedCapacity: declared) { output, written in
            try input.withUnsafeBufferPointer { source in
                try decode(source, from: headerLength, into: output, written: &written)
            }
        }
    }

    /// Reads the uncompressed length: a little-endian base-128 varint of at most 5 bytes and 32 bits.
    /// - Returns: The length and the number of bytes it took.
    static func readVarint(_ input: [UInt8]) throws -> (value: Int, length: Int) {
        var value = 0
        for index in 0..<5 {
            guard index < input.count else {
                throw corrupt(input.isEmpty ? "the input is empty" : "the input ends inside the length varint at byte \(index)")
            }
            let byte = input[index]
            value |= Int(byte & 0x7F) << (7 * index)
            if byte & 0x80 == 0 {
                guard value <= Int(UInt32.max) else { throw corrupt("the length varint \(value) exceeds 32 bits") }
                return (value, index + 1)
            }
        }
        throw corrupt("the length varint is longer than 5 bytes")
    }

    /// Decodes the elements of `source[start...]` into `output`, keeping `written` up to date
    /// (so the array is valid whatever is thrown).
    private static func decode(
        _ source: UnsafeBufferPointer<UInt8>, from start: Int, into output: UnsafeMutableBufferPointer<UInt8>,
        written: inout Int
    ) throws {
        guard let src = source.baseAddress else { throw corrupt("the input is empty") }
        guard let out = output.baseAddress else { throw corrupt("no output buffer for \(output.count) bytes") }
        let total = output.count
        var ip = start
        var op = 0
        defer { written = op }
        while ip < source.count {
            let elementStart = ip
            let tag = source[ip]
            ip += 1
            var length: Int
            var offset: Int
            switch tag & 0x03 {
            case 0:
                length = Int(tag >> 2) + 1
                if length > 60 {
                    let extra = length - 60
                    guard extra <= source.count - ip else {
                        throw corrupt("the input ends inside the length of the literal at byte \(elementStart)")
                    }
                    length = 0
                    for index in 0..<extra { length |= Int(source[ip + index]) << (8 * index) }
                    length += 1
                    ip += extra
                }
                guard length <= source.count - ip else {
                    throw corrupt("literal of \(length) bytes at byte \(elementStart) runs past the end of the input (\(source.count - ip) bytes left)")
                }
                guard length <= total - op else {
                    throw corrupt("literal of \(length) bytes at byte \(elementStart) runs past the declared length of \(total) bytes")
                }
                (out + op).update(from: src + ip, count: length)
                ip += length
                op += length
                continue
            case 1:
                guard ip < source.count else { throw corrupt("the input ends inside the copy at byte \(elementStart)") }
                length = 4 + Int((tag >> 2) & 0x07)
                offset = Int(tag >> 5) << 8 | Int(source[ip])
                ip += 1
            case 2:
                guard 2 <= source.count - ip else { throw corrupt("the input ends inside the copy at byte \(elementStart)") }
                length = 1 + Int(tag >> 2)
                offset = Int(source[ip]) | Int(source[ip + 1]) << 8
                ip += 2
            default:
                guard 4 <= source.count - ip else { throw corrupt("the input ends inside the copy at byte \(elementStart)") }
                length = 1 + Int(tag >> 2)
                offset = Int(source[ip]) | Int(source[ip + 1]) << 8 | Int(source[ip + 2]) << 16 | Int(source[ip + 3]) << 24
                ip += 4
            }
            guard offset != 0 else { throw corrupt("copy at byte \(elementStart) has offset 0") }
            guard offset <= op else {
                throw corrupt("copy offset \(offset) at byte \(elementStart) points before the start of the output (\(op) bytes written)")
            }
            guard length <= total - op else {
                throw corrupt("copy of \(length) bytes at byte \(elementStart) runs past the declared length of \(total) bytes")
            }
            let from = out + op - offset
            if offset >= length {
                (out + op).update(from: from, count: length)
            } else {
                // Overlapping copy: each byte may be one this copy has just written.
                for index in 0..<length { out[op + index] = from[index] }
            }
            op += length
        }
        guard op == total else { throw corrupt("it ends after \(op) of the declared \(total) bytes") }
    }

    /// A `.corruptCompression` error saying what is wrong with the Snappy data.
    static func corrupt(_ detail: String, file: String = #fileID, line: Int = #line) -> MetricsRSocketError {
        MetricsRSocketError(.corruptCompression, "Snappy data is corrupt: \(detail)", file: file, line: line)
    }
}
