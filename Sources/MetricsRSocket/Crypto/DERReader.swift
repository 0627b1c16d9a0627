import BigInt

/// A strict, bounds-checked reader of the few ASN.1 DER constructs that RSA keys use
/// (SEQUENCE, INTEGER, NULL, OBJECT IDENTIFIER, BIT STRING).
///
/// It accepts only Distinguished Encoding Rules: single-byte tags, definite and minimal lengths,
/// minimal positive integers. Every read checks the remaining bytes first, so no input can make it
/// crash; each failure throws ``MetricsRSocketError`` with code `.invalidKey`, naming what was being
/// read (``what``) and the byte offset in the outermost input.
struct DERReader {
    /// The universal tags this reader understands.
    enum Tag: UInt8 {
        /// INTEGER.
        case integer = 0x02
        /// BIT STRING.
        case bitString = 0x03
        /// NULL.
        case null = 0x05
        /// OBJECT IDENTIFIER.
        case objectIdentifier = 0x06
        /// SEQUENCE (constructed).
        case sequence = 0x30

        /// The tag's ASN.1 name, for error messages.
        var name: String {
            switch self {
            case .integer: "INTEGER"
            case .bitString: "BIT STRING"
            case .null: "NULL"
            case .objectIdentifier: "OBJECT IDENTIFIER"
            case .sequence: "SEQUENCE"
            }
        }
    }

    /// What is being parsed, such as "RSA public key (X.509 SubjectPublicKeyInfo DER)", for error messages.
    let what: String
    /// The whole outermost input; all offsets index into it.
    private let bytes: [UInt8]
    /// The next byte to read.
    private(set) var position: Int
    /// One past the last byte this reader may read.
    private let end: Int

    /// Creates a reader over all of `bytes`.
    init(_ bytes: [UInt8], what: String) {
        self.init(bytes, what: what, start: 0, end: bytes.count)
    }

    /// Creates a reader over `bytes[start..<end]`.
    private init(_ bytes: [UInt8], what: String, start: Int, end: Int) {
        self.bytes = bytes
        self.what = what
        self.position = start
        self.end = end
    }

    /// Whether every byte in this reader's range has been read.
    var isAtEnd: Bool { position == end }

    /// An `.invalidKey` error saying that the input is malformed at `offset`.
    func malformed(_ detail: String, at offset: Int) -> MetricsRSocketError {
        MetricsRSocketError(.invalidKey, "\(what) is malformed: \(detail) at byte \(offset)")
    }

    /// Throws unless every byte in this reader's range has been read (no trailing data).
    func expectEnd(after element: String) throws {
        guard isAtEnd else {
            throw malformed("\(end - position) unexpected trailing byte(s) after the \(element)", at: position)
        }
    }

    /// Reads one element with the given tag and returns a reader over its contents.
    mutating func read(_ tag: Tag) throws -> DERReader {
        let start = position
        guard position < end else {
            throw malformed("input ends where a \(tag.name) was expected", at: start)
        }
        let found = bytes[position]
        guard found == tag.rawValue else {
            throw malformed("expected a \(tag.name) (tag \(Self.hex(tag.rawValue))), found tag \(Self.hex(found))", at: start)
        }
        position += 1
        let length = try readLength(of: tag)
        guard length <= end - position else {
            throw malformed("\(tag.name) of \(length) bytes runs past the end of its container (\(end - position) bytes left)", at: start)
        }
        let contents = DERReader(bytes, what: what, start: position, end: position + length)
        position += length
        return contents
    }

    /// `byte` as `0x` and two upper-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    /// Reads a DER length (short form, or minimal long form of at most 4 bytes).
    private mutating func readLength(of tag: Tag) throws -> Int {
        let offset = position
        guard position < end else { throw malformed("input ends inside the length of a \(tag.name)", at: offset) }
        let first = bytes[position]
        position += 1
        if first < 0x80 { return Int(first) }
        let count = Int(first & 0x7F)
        guard count != 0 else { throw malformed("indefinite length is not allowed in DER", at: offset) }
        guard count <= 4 else { throw malformed("length of \(count) bytes is too large", at: offset) }
        guard count <= end - position else { throw malformed("input ends inside the length of a \(tag.name)", at: offset) }
        var length = 0
        for _ in 0..<count {
            length = length << 8 | Int(bytes[position])
            position += 1
        }
        guard length >= 0x80, length >> (8 * (count - 1)) != 0 else {
            throw malformed("length \(length) is not minimally encoded", at: offset)
        }
        return length
    }

    /// The unread contents of this reader as bytes.
    var remainingBytes: ArraySlice<UInt8> { bytes[position..<end] }

    /// Reads a non-negative, minimally encoded INTEGER.
    mutating func readUnsignedInteger(_ name: String) throws -> BigUInt {
        let start = position
        let contents = try read(.integer).remainingBytes
        guard let first = contents.first else { throw malformed("\(name) is an empty INTEGER", at: start) }
        guard first & 0x80 == 0 else { throw malformed("\(name) is negative", at: start) }
        if contents.count > 1, first == 0, contents[contents.startIndex + 1] & 0x80 == 0 {
            throw malformed("\(name) has a superfluous leading zero byte", at: start)
        }
        return contents.withUnsafeBytes { BigUInt($0) }
    }

    /// Reads a small non-negative INTEGER (such as a version number).
    mutating func readSmallInteger(_ name: String) throws -> Int {
        let start = position
        let value = try readUnsignedInteger(name)
        guard value.bitWidth <= 31 else { throw malformed("\(name) is too large", at: start) }
        return Int(value)
    }

    /// Reads a NULL element.
    mutating func readNull(_ name: String) throws {
        let start = position
        guard try read(.null).isAtEnd else { throw malformed("\(name) NULL has contents", at: start) }
    }

    /// Reads an OBJECT IDENTIFIER and returns it in dotted form, such as `1.2.840.113549.1.1.1`.
    mutating func readObjectIdentifier(_ name: String) throws -> String {
        let start = position
        let contents = try read(.objectIdentifier).remainingBytes
        guard let last = contents.last, last & 0x80 == 0 else {
            throw malformed("\(name) OBJECT IDENTIFIER is empty or truncated", at: start)
        }
        var arcs: [UInt64] = []
        var value: UInt64 = 0
        var arcStart = true
        for byte in contents {
            if arcStart, byte == 0x80 { throw malformed("\(name) OBJECT IDENTIFIER arc has a leading 0x80 byte", at: start) }
            guard value >> 56 == 0 else { throw malformed("\(name) OBJECT IDENTIFIER arc is too large", at: start) }
            value = value << 7 | UInt64(byte & 0x7F)
            arcStart = byte & 0x80 == 0
            if arcStart {
                arcs.append(value)
                value = 0
            }
        }
        let first = arcs[0]
        let head: [UInt64] = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80]
        return (head + arcs.dropFirst()).map(String.init).joined(separator: ".")
    }

    /// Reads a BIT STRING whose bit count is a multiple of 8 and returns a reader over its bytes.
    mutating func readOctetAlignedBitString(_ name: String) throws -> DERReader {
        let start = position
        var contents = try read(.bitString)
        guard contents.position < contents.end else { throw malformed("\(name) BIT STRING is empty", at: start) }
        let unusedBits = contents.bytes[contents.position]
        guard unusedBits == 0 else {
            throw malformed("\(name) BIT STRING has \(unusedBits) unused bits; expected whole bytes", at: start)
        }
        contents.position += 1
        return contents
    }
}
