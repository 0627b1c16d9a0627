import BigInt
import SwiftASN1

/// Reads the DER of RSA keys with SwiftASN1 and turns each rejection into a `.invalidKey`
/// ``MetricsRSocketError`` that says what was wrong and, where known, at which byte.
///
/// SwiftASN1 does the parsing and decides what is accepted: `DER.parse` enforces the Distinguished
/// Encoding Rules for the whole tree (definite, minimal lengths, no trailing data, bounded nesting)
/// and its typed decoders enforce minimal non-negative INTEGERs, empty NULLs and well-formed OBJECT
/// IDENTIFIERs. Its errors carry a code and a reason but no position, so this type checks each
/// field's tag itself (to name the field and its offset) and, when a decoder rejects a field, names
/// the broken rule from the field's bytes; the SwiftASN1 error is kept as the `cause`.
/// Offsets index the outermost input: SwiftASN1's nodes are slices of it.
struct KeyDERReader {
    /// What is being parsed, such as "RSA public key (X.509 SubjectPublicKeyInfo DER, 294 bytes)".
    let what: String

    /// An `.invalidKey` error saying that the input is malformed, at byte `offset` when it is known.
    func malformed(_ detail: String, at offset: Int? = nil, cause: (any Error)? = nil) -> MetricsRSocketError {
        let place = offset.map { " at byte \($0)" } ?? ""
        return MetricsRSocketError(.invalidKey, "\(what) is malformed: \(detail)\(place)", cause: cause)
    }

    /// Parses `bytes` as exactly one DER element, the `element` (such as "SubjectPublicKeyInfo").
    func parse(_ bytes: ArraySlice<UInt8>, as element: String) throws -> ASN1Node {
        do {
            return try DER.parse(bytes)
        } catch let error as ASN1Error where error.code == .truncatedASN1Field {
            throw malformed("the \(element) is truncated (an element runs past the end of its container)", cause: error)
        } catch let error as ASN1Error where error.code == .unsupportedFieldLength {
            throw malformed(
                "the \(element) has an indefinite length or a length that is not minimally encoded; DER allows neither",
                cause: error)
        } catch {
            if let end = Self.endOfFirstElement(in: bytes), end < bytes.endIndex {
                throw malformed("\(bytes.endIndex - end) unexpected trailing byte(s) after the \(element)", at: end, cause: error)
            }
            throw malformed("the \(element) is not valid DER", cause: error)
        }
    }

    /// The index just past the first element of `bytes`, read from its tag and length alone, or
    /// `nil` when they cannot be read.
    ///
    /// This is the one piece of DER still read by hand, because SwiftASN1 cannot provide it: it
    /// rejects data after the outermost element but reports neither how many bytes nor where they
    /// start, and it has no public API that parses one element and returns the rest. It runs only
    /// after SwiftASN1 has rejected the input, to phrase the error; it never decides acceptance.
    static func endOfFirstElement(in bytes: ArraySlice<UInt8>) -> Int? {
        let start = bytes.startIndex
        guard bytes.count >= 2, bytes[start] & 0x1F != 0x1F else { return nil }
        let lengthByte = Int(bytes[start + 1])
        guard lengthByte >= 0x80 else { return start + 2 + lengthByte }
        let count = lengthByte & 0x7F
        guard (1...4).contains(count), bytes.count >= 2 + count else { return nil }
        let length = bytes[(start + 2)..<(start + 2 + count)].reduce(0) { $0 << 8 | Int($1) }
        return start + 2 + count + length
    }

    /// Reads the fields of the SEQUENCE `node`, the `container`, with `body`, then checks that no
    /// field follows the ones `body` read.
    func sequence<T>(_ node: ASN1Node, _ container: String, _ body: (inout Fields) throws -> T) throws -> T {
        try check(node, is: .sequence, container)
        do {
            return try DER.sequence(node, identifier: .sequence) { nodes in
                var fields = Fields(reader: self, container: container, nodes: nodes, end: node.encodedBytes.endIndex)
                let result = try body(&fields)
                try fields.expectEnd()
                nodes = fields.nodes
                return result
            }
        } catch let error as ASN1Error {
            // Not expected: the tag, the form and any extra field were checked above.
            throw malformed("the \(container) is not a valid SEQUENCE", at: node.encodedBytes.startIndex, cause: error)
        }
    }

    /// Throws unless `node`, the `name`, has the tag and the primitive or constructed form of `kind`.
    func check(_ node: ASN1Node, is kind: Kind, _ name: String) throws {
        let isConstructed = if case .constructed = node.content { true } else { false }
        guard node.identifier == kind.identifier, isConstructed == kind.isConstructed else {
            let found = node.encodedBytes.first.map(Self.hex) ?? "none"
            throw malformed(
                "for the \(name), expected \(kind.article) \(kind.name) (tag \(Self.hex(kind.tag))), found tag \(found)",
                at: node.encodedBytes.startIndex)
        }
    }

    /// `byte` as `0x` and two upper-case hex digits.
    static func hex(_ byte: UInt8) -> String {
        (byte < 0x10 ? "0x0" : "0x") + String(byte, radix: 16, uppercase: true)
    }

    /// A universal type that RSA keys use, with what error messages say about it.
    struct Kind: Sendable {
        /// The type's SwiftASN1 identifier.
        let identifier: ASN1Identifier
        /// The type's ASN.1 name, such as "SEQUENCE".
        let name: String
        /// The type's DER identifier byte, its constructed bit included.
        let tag: UInt8

        /// Whether the type is constructed (holds other elements).
        var isConstructed: Bool { tag & 0x20 != 0 }
        /// "a" or "an", whichever reads right before ``name``.
        var article: String { "AEIOU".contains(name.prefix(1)) ? "an" : "a" }

        /// SEQUENCE.
        static let sequence = Kind(identifier: .sequence, name: "SEQUENCE", tag: 0x30)
        /// INTEGER.
        static let integer = Kind(identifier: .integer, name: "INTEGER", tag: 0x02)
        /// BIT STRING.
        static let bitString = Kind(identifier: .bitString, name: "BIT STRING", tag: 0x03)
        /// NULL.
        static let null = Kind(identifier: .null, name: "NULL", tag: 0x05)
        /// OBJECT IDENTIFIER.
        static let objectIdentifier = Kind(identifier: .objectIdentifier, name: "OBJECT IDENTIFIER", tag: 0x06)
    }
}
