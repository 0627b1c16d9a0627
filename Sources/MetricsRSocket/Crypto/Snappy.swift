/// The raw Snappy block format (not the framed `sNaPpY` stream format): a varint of the
/// uncompressed length, then a sequence of literal and copy elements.
///
/// The compressor follows the reference algorithm: the input is cut into 64 KiB fragments, each
/// compressed on its own with a hash table of 4-byte sequences; a miss makes the scan skip ahead
/// faster and faster through incompressible data. Copies never cross a fragment, so they fit the
/// 1- and 2-byte-offset copy elements. Decompression is in `Snappy+Decompress.swift`.
package enum Snappy {
    /// The size of the fragments compressed independently.
    static let fragmentSize = 1 << 16
    /// The largest hash table, in entries (log2).
    static let maximumTableBits = 14
    /// Bytes at the end of a fragment where no match is searched, so 4- and 8-byte loads stay in bounds.
    static let inputMargin = 15

    /// The most bytes ``compress(_:)`` can produce for `length` input bytes.
    package static func maximumCompressedLength(_ length: Int) -> Int { 32 + length + length / 6 }

    /// Compresses `input` into the raw Snappy block format.
    ///
    /// - Precondition: `input.count` fits in 32 bits, the format's limit.
    package static func compress(_ input: [UInt8]) -> [UInt8] {
        precondition(input.count <= Int(UInt32.max), "Snappy cannot compress more than 4 GiB in one block")
        let capacity = maximumCompressedLength(input.count)
        var table = [UInt16](repeating: 0, count: 1 << maximumTableBits)
        return [UInt8](unsafeUninitializedCapacity: capacity) { output, written in
            guard let out = output.baseAddress else { return }
            var op = writeVarint(UInt32(input.count), to: out)
            input.withUnsafeBufferPointer { source in
                table.withUnsafeMutableBufferPointer { tableBuffer in
                    guard let src = source.baseAddress, let hashTable = tableBuffer.baseAddress else { return }
                    var start = 0
                    while start < source.count {
                        let length = min(fragmentSize, source.count - start)
                        var tableBits = 8
                        while tableBits < maximumTableBits, 1 << tableBits < length { tableBits += 1 }
                        hashTable.update(repeating: 0, count: 1 << tableBits)
                        op += compressFragment(src + start, length: length, to: out + op, table: hashTable, shift: UInt32(32 - tableBits))
                        start += length
                    }
                }
            }
            precondition(op <= capacity, "Snappy output overran its bound")
            written = op
        }
    }

    /// Writes `value` as a little-endian base-128 varint and returns the number of bytes written (1...5).
    static func writeVarint(_ value: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var remaining = value
        var count = 0
        while remaining >= 0x80 {
            out[count] = UInt8(truncatingIfNeeded: remaining) | 0x80
            remaining >>= 7
            count += 1
        }
        out[count] = UInt8(remaining)
        return count + 1
    }

    /// The 4 bytes at `pointer`, unaligned.
    @inline(__always)
    private static func load32(_ pointer: UnsafePointer<UInt8>) -> UInt32 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt32.self)
    }

    /// The hash-table slot of a 4-byte sequence.
    @inline(__always)
    private static func hash(_ bytes: UInt32, shift: UInt32) -> Int {
        Int((bytes &* 0x1E35_A7BD) >> shift)
    }

    /// Compresses one fragment of at most 64 KiB at `src` and returns the number of bytes written.
    /// `table` holds fragment-relative positions, zeroed, with `1 << (32 - shift)` entries.
    private static func compressFragment(
        _ src: UnsafePointer<UInt8>, length: Int, to out: UnsafeMutablePointer<UInt8>,
        table: UnsafeMutablePointer<UInt16>, shift: UInt32
    ) -> Int {
        var op = 0
        var nextEmit = 0
        if length >= inputMargin {
            let ipLimit = length - inputMargin
            var ip = 1
            var nextHash = hash(load32(src + ip), shift: shift)
            search: while true {
                // Look for a 4-byte match, stepping further after every 32 misses.
                var skip = 32
                var nextIP = ip
                var candidate = 0
                repeat {
                    ip = nextIP
                    let slot = nextHash
                    nextIP = ip + skip >> 5
                    skip += 1
                    if nextIP > ipLimit { break search }
                    nextHash = hash(load32(src + nextIP), shift: shift)
                    candidate = Int(table[slot])
                    table[slot] = UInt16(truncatingIfNeeded: ip)
                } while load32(src + ip) != load32(src + candidate)

                op += emitLiteral(src + nextEmit, count: ip - nextEmit, to: out + op)
                // Emit copies while the next position matches too.
                repeat {
                    let matched = 4 + matchLength(src + candidate + 4, src + ip + 4, end: src + length)
                    op += emitCopy(offset: ip - candidate, length: matched, to: out + op)
                    ip += matched
                    nextEmit = ip
                    if ip >= ipLimit { break search }
                    table[hash(load32(src + ip - 1), shift: shift)] = UInt16(truncatingIfNeeded: ip - 1)
                    let slot = hash(load32(src + ip), shift: shift)
                    candidate = Int(table[slot])
                    table[slot] = UInt16(truncatingIfNeeded: ip)
                } while load32(src + ip) == load32(src + candidate)
                ip += 1
                nextHash = hash(load32(src + ip), shift: shift)
            }
        }
        if nextEmit < length {
            op += emitLiteral(src + nextEmit, count: length - nextEmit, to: out + op)
        }
        return op
    }

    /// How many bytes at `earlier` and `later` are equal, comparing up to `end` (with `earlier < later`).
    @inline(__always)
    private static func matchLength(
        _ earlier: UnsafePointer<UInt8>, _ later: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>
    ) -> Int {
        var matched = 0
        while later + matched + 8 <= end {
            let a = UnsafeRawPointer(earlier + matched).loadUnaligned(as: UInt64.self)
            let b = UnsafeRawPointer(later + matched).loadUnaligned(as: UInt64.self)
            if a != b { return matched + (a ^ b).littleEndian.trailingZeroBitCount / 8 }
            matched += 8
        }
        while later + matched < end, earlier[matched] == later[matched] { matched += 1 }
        return matched
    }

    /// Writes a literal element for `count` (at least 1) bytes at `src`; returns the bytes written.
    @inline(__always)
    private static func emitLiteral(_ src: UnsafePointer<UInt8>, count: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let lengthMinusOne = count - 1
        var op = 1
        if lengthMinusOne < 60 {
            out[0] = UInt8(lengthMinusOne << 2)
        } else {
            var remaining = lengthMinusOne
            while remaining > 0 {
                out[op] = UInt8(truncatingIfNeeded: remaining)
                remaining >>= 8
                op += 1
            }
            out[0] = UInt8((59 + op - 1) << 2)  // 60...63: 1...4 length bytes follow
        }
        (out + op).update(from: src, count: count)
        return op + count
    }

    /// Writes copy elements for a match of `length` (at least 4) bytes `offset` (below 65536) back.
    @inline(__always)
    private static func emitCopy(offset: Int, length: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var remaining = length
        var op = 0
        while remaining >= 68 {
            op += emitShortCopy(offset: offset, length: 64, to: out + op)
            remaining -= 64
        }
        if remaining > 64 {
            op += emitShortCopy(offset: offset, length: 60, to: out + op)
            remaining -= 60
        }
        return op + emitShortCopy(offset: offset, length: remaining, to: out + op)
    }

    /// Writes one copy element of 4...64 bytes: the 2-byte form (11-bit offset, length 4...11) when
    /// it fits, else the 3-byte form (16-bit offset).
    @inline(__always)
    private static func emitShortCopy(offset: Int, length: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        if length < 12, offset < 2048 {
            out[0] = UInt8(1 | (length - 4) << 2 | (offset >> 8) << 5)
            out[1] = UInt8(truncatingIfNeeded: offset)
            return 2
        }
        out[0] = UInt8(2 | (length - 1) << 2)
        out[1] = UInt8(truncatingIfNeeded: offset)
        out[2] = UInt8(truncatingIfNeeded: offset >> 8)
        return 3
    }
}
