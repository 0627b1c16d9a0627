import BigInt
import SwiftASN1

/// An RSA public key as the Prometheus RSocket proxy sends it: X.509 SubjectPublicKeyInfo DER
/// (the output of Java's `PublicKey.getEncoded()`), with a 2048- to 4096-bit modulus.
///
/// The DER is parsed with SwiftASN1 through ``KeyDERReader``, not with swift-crypto's
/// `_RSA.Encryption.PublicKey(derRepresentation:)`: that can report the modulus and exponent, but it
/// also accepts a bare PKCS#1 `RSAPublicKey` and leaves trailing bytes unchecked, and this key must be
/// exactly the SPKI structure.
package struct RSAPublicKey: Sendable, Equatable {
    /// The object identifier of `rsaEncryption` (PKCS #1) in dotted form.
    static let rsaEncryptionOID = ASN1ObjectIdentifier.AlgorithmIdentifier.rsaEncryption.description
    /// The largest public exponent accepted, in bits: BoringSSL's limit, which keeps a hostile key
    /// from making encryption slow (real keys use 65537, 17 bits).
    static let maximumExponentBits = 33
    /// The modulus sizes accepted, in bits.
    package static let allowedBitCounts = 2048...4096

    /// The modulus `n`.
    package let modulus: BigUInt
    /// The public exponent `e`.
    package let exponent: BigUInt
    /// The modulus size in bytes (`k` in RFC 8017): the length of every ciphertext, 256 for 2048 bits.
    package let byteCount: Int
    /// The modulus size in bits.
    package var bitCount: Int { modulus.bitWidth }
    /// This key as X.509 SubjectPublicKeyInfo DER, encoded the way Java encodes it (encoded once,
    /// when the key is created, because SwiftASN1's serializer is declared `throws`).
    package let spkiDER: [UInt8]

    /// Parses an X.509 SubjectPublicKeyInfo DER holding an RSA key.
    ///
    /// Expected structure: `SEQUENCE { SEQUENCE { OID rsaEncryption, NULL }, BIT STRING { SEQUENCE { INTEGER n, INTEGER e } } }`.
    /// - Throws: `.invalidKey` for malformed or truncated DER, trailing bytes, another algorithm, a
    ///   modulus outside 2048...4096 bits, or an even, tiny or over-33-bit exponent.
    package init(spkiDER: [UInt8]) throws {
        let reader = KeyDERReader(what: "RSA public key (X.509 SubjectPublicKeyInfo DER, \(spkiDER.count) bytes)")
        let info = try reader.parse(spkiDER[...], as: "SubjectPublicKeyInfo")
        let keyBytes = try reader.sequence(info, "SubjectPublicKeyInfo") { info in
            let algorithm = try info.next(.sequence, "algorithm")
            try reader.sequence(algorithm, "algorithm") { algorithm in
                let oid = try algorithm.objectIdentifier("algorithm")
                guard oid == .AlgorithmIdentifier.rsaEncryption else {
                    throw MetricsRSocketError(
                        .invalidKey,
                        "\(reader.what) is not an RSA key: its algorithm is \(oid), expected rsaEncryption (\(Self.rsaEncryptionOID))")
                }
                try algorithm.null("rsaEncryption parameters")
            }
            return try info.octetAlignedBitString("subjectPublicKey")
        }
        let rsaKey = try reader.parse(keyBytes, as: "RSAPublicKey")
        let (modulus, exponent) = try reader.sequence(rsaKey, "RSAPublicKey") { key in
            let modulus = try key.unsignedInteger("modulus")
            return (modulus, try key.unsignedInteger("public exponent"))
        }
        try self.init(modulus: modulus, exponent: exponent, what: reader.what)
    }

    /// The SubjectPublicKeyInfo DER of an RSA key, byte for byte what Java's `PublicKey.getEncoded()`
    /// produces: `SEQUENCE { SEQUENCE { OID rsaEncryption, NULL }, BIT STRING { 0, SEQUENCE { n, e } } }`.
    /// The numbers are not checked, so tests can build keys that ``init(spkiDER:)`` must refuse.
    static func subjectPublicKeyInfo(modulus: BigUInt, exponent: BigUInt) throws -> [UInt8] {
        var der = DER.Serializer()
        try der.appendConstructedNode(identifier: .sequence) { info in
            try info.appendConstructedNode(identifier: .sequence) { algorithm in
                try algorithm.serialize(ASN1ObjectIdentifier.AlgorithmIdentifier.rsaEncryption)
                try algorithm.serialize(ASN1Null())
            }
            let rsaKey = try rsaPublicKeyDER(modulus: modulus, exponent: exponent)
            try info.serialize(ASN1BitString(bytes: rsaKey[...]))
        }
        return der.serializedBytes
    }

    /// The PKCS #1 `RSAPublicKey` DER, `SEQUENCE { INTEGER n, INTEGER e }`; SwiftASN1 adds the
    /// leading zero byte that keeps a number with its top bit set non-negative.
    static func rsaPublicKeyDER(modulus: BigUInt, exponent: BigUInt) throws -> [UInt8] {
        var der = DER.Serializer()
        try der.appendConstructedNode(identifier: .sequence) { key in
            try key.serialize(modulus.minimalBigEndianBytes[...])
            try key.serialize(exponent.minimalBigEndianBytes[...])
        }
        return der.serializedBytes
    }

    /// Creates a key from its numbers, checking them as ``init(spkiDER:)`` does.
    /// - Parameter what: Names the key's source in error messages.
    init(modulus: BigUInt, exponent: BigUInt, what: String) throws {
        let bits = modulus.bitWidth
        guard Self.allowedBitCounts.contains(bits) else {
            throw MetricsRSocketError(
                .invalidKey,
                "\(what) has a \(bits)-bit modulus; only \(Self.allowedBitCounts.lowerBound) to \(Self.allowedBitCounts.upperBound) bits are accepted")
        }
        guard modulus[bitAt: 0] else {
            throw MetricsRSocketError(.invalidKey, "\(what) has an even modulus, which no RSA key has")
        }
        guard exponent >= 3, exponent[bitAt: 0], exponent.bitWidth <= Self.maximumExponentBits else {
            throw MetricsRSocketError(
                .invalidKey,
                "\(what) has an unusable public exponent \(exponent) (it must be odd, at least 3 and at most \(Self.maximumExponentBits) bits)")
        }
        self.modulus = modulus
        self.exponent = exponent
        self.byteCount = (bits + 7) / 8
        do {
            self.spkiDER = try Self.subjectPublicKeyInfo(modulus: modulus, exponent: exponent)
        } catch {
            throw MetricsRSocketError(.invalidKey, "\(what) cannot be encoded as SubjectPublicKeyInfo DER", cause: error)
        }
    }

    /// The RSA public operation RSAEP (RFC 8017 section 5.1.1): `m^e mod n`.
    /// - Throws: `.cryptoFailed` when `message` is not below the modulus.
    func apply(_ message: BigUInt) throws -> BigUInt {
        guard message < modulus else {
            throw MetricsRSocketError(.cryptoFailed, "RSA encryption failed: the message representative is not below the modulus")
        }
        // Left-to-right square-and-multiply over the exponent's significant bits only: 17 squarings
        // for 65537, where BigInt's `power(_:modulus:)` walks all 64 bits of every word. The
        // exponent is public, so branching on its bits reveals nothing.
        var result = message
        for bit in stride(from: exponent.bitWidth - 2, through: 0, by: -1) {
            result = (result * result) % modulus
            if exponent[bitAt: bit] { result = (result * message) % modulus }
        }
        return result
    }
}
