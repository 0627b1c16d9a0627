import BigInt
import SwiftASN1

extension KeyDERReader {
    /// The fields of one SEQUENCE, read in order with SwiftASN1's typed decoders.
    struct Fields {
        /// The reader that names the input in error messages.
        let reader: KeyDERReader
        /// The SEQUENCE's name, such as "RSAPublicKey".
        let container: String
        /// The fields not yet read.
        var nodes: ASN1NodeCollection.Iterator
        /// The offset just past the SEQUENCE.
        let end: Int
        /// The name of the last field read, for messages about what follows it.
        private var lastField: String?
        /// The offset of the last field read.
        private(set) var lastFieldOffset: Int

        /// Creates a reader of the fields in `nodes`, which belong to the SEQUENCE `container` ending at `end`.
        init(reader: KeyDERReader, container: String, nodes: ASN1NodeCollection.Iterator, end: Int) {
            self.reader = reader
            self.container = container
            self.nodes = nodes
            self.end = end
            self.lastFieldOffset = end
        }

        /// The next field, which must be a `kind` named `name`.
        mutating func next(_ kind: Kind, _ name: String) throws -> ASN1Node {
            guard let node = nodes.next() else {
                throw reader.malformed("the \(container) ends where the \(name) \(kind.name) was expected", at: end)
            }
            try reader.check(node, is: kind, name)
            lastField = name
            lastFieldOffset = node.encodedBytes.startIndex
            return node
        }

        /// Throws if any field is left unread.
        mutating func expectEnd() throws {
            guard let extra = nodes.next() else { return }
            let offset = extra.encodedBytes.startIndex
            let after = lastField.map { "the \($0)" } ?? "the start of the \(container)"
            throw reader.malformed("\(end - offset) unexpected trailing byte(s) after \(after)", at: offset)
        }

        /// Reads a non-negative, minimally encoded INTEGER.
        mutating func unsignedInteger(_ name: String) throws -> BigUInt {
            let node = try next(.integer, name)
            do {
                // SwiftASN1 strips the sign byte and rejects negative and non-minimal encodings.
                let magnitude = try ArraySlice<UInt8>(derEncoded: node)
                return magnitude.withUnsafeBytes { BigUInt($0) }
            } catch {
                // One error code covers every rejected INTEGER; the contents say which rule failed.
                let detail =
                    switch Self.contents(of: node).first {
                    case nil: "is an empty INTEGER"
                    case let first? where first & 0x80 != 0: "is negative"
                    default: "has a superfluous leading zero byte"
                    }
                throw reader.malformed("\(name) \(detail)", at: lastFieldOffset, cause: error)
            }
        }

        /// Reads an OBJECT IDENTIFIER.
        mutating func objectIdentifier(_ name: String) throws -> ASN1ObjectIdentifier {
            let node = try next(.objectIdentifier, name)
            do {
                return try ASN1ObjectIdentifier(derEncoded: node)
            } catch {
                // Empty, or its last arc is unfinished (top bit set); otherwise an arc is malformed.
                let truncated = Self.contents(of: node).last.map { $0 & 0x80 != 0 } ?? true
                let detail = truncated ? "is empty or truncated" : "has an arc that is not minimally encoded or too large"
                throw reader.malformed("\(name) OBJECT IDENTIFIER \(detail)", at: lastFieldOffset, cause: error)
            }
        }

        /// Reads a NULL.
        mutating func null(_ name: String) throws {
            let node = try next(.null, name)
            do {
                _ = try ASN1Null(derEncoded: node)
            } catch {
                throw reader.malformed("\(name) NULL has contents", at: lastFieldOffset, cause: error)
            }
        }

        /// Reads a BIT STRING whose bit count is a multiple of 8 and returns its bytes.
        mutating func octetAlignedBitString(_ name: String) throws -> ArraySlice<UInt8> {
            let node = try next(.bitString, name)
            guard let bits = try? ASN1BitString(derEncoded: node), bits.paddingBits == 0 else {
                let detail = Self.contents(of: node).first.map { "has \($0) unused bits; expected whole bytes" } ?? "is empty"
                throw reader.malformed("\(name) BIT STRING \(detail)", at: lastFieldOffset)
            }
            return bits.bytes
        }

        /// The contents of a primitive `node`; empty for a constructed one.
        private static func contents(of node: ASN1Node) -> ArraySlice<UInt8> {
            if case .primitive(let bytes) = node.content { bytes } else { [] }
        }
    }
}
