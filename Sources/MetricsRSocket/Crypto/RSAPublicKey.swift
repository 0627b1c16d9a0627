import BigInt

/// An RSA public key as the Prometheus RSocket proxy sends it: X.509 SubjectPublicKeyInfo DER
/// (the output of Java's `PublicKey.getEncoded()`), with a 2048- to 4096-bit modulus.
///
/// The DER is parsed by hand with the strict ``DERReader``: swift-crypto's
/// `_RSA.Encryption.PublicKey(derRepresentation:)` can report the modulus and exponent, but it also
/// accepts a bare PKCS#1 `RSAPublicKey` and leaves trailing bytes unchecked, and this key must be
/// exactly the SPKI structure.
package struct RSAPublicKey: Sendable, Equatable {
    /// The object identifier of `rsaEncryption` (PKCS #1).
    static let rsaEncryptionOID = "1.2.840.113549.1.1.1"
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
    /// This key as X.509 SubjectPublicKeyInfo DER, encoded the way Java encodes it.
    package var spkiDER: [UInt8] { DERWriter.subjectPublicKeyInfo(modulus: modulus, exponent: exponent) }

    /// Parses an X.509 SubjectPublicKeyInfo DER holding an RSA key.
    ///
    /// Expected structure: `SEQUENCE { SEQUENCE { OID rsaEncryption, NULL }, BIT STRING { SEQUENCE { INTEGER n, INTEGER e } } }`.
    /// - Throws: `.invalidKey` for malformed or truncated DER, trailing bytes, another algorithm, a
    ///   modulus outside 2048...4096 bits, or an even, tiny or over-33-bit exponent.
    package init(spkiDER: [UInt8]) throws {
        var outer = DERReader(spkiDER, what: "RSA public key (X.509 SubjectPublicKeyInfo DER, \(spkiDER.count) bytes)")
        var info = try outer.read(.sequence)
        try outer.expectEnd(after: "SubjectPublicKeyInfo")

        var algorithm = try info.read(.sequence)
        let algorithmStart = algorithm.position
        let oid = try algorithm.readObjectIdentifier("algorithm")
        guard oid == Self.rsaEncryptionOID else {
            throw MetricsRSocketError(
                .invalidKey,
                "\(outer.what) is not an RSA key: its algorithm is \(oid), expected rsaEncryption (\(Self.rsaEncryptionOID))")
        }
        guard !algorithm.isAtEnd else {
            throw algorithm.malformed("rsaEncryption parameters are missing (expected NULL)", at: algorithmStart)
        }
        try algorithm.readNull("rsaEncryption parameters")
        try algorithm.expectEnd(after: "algorithm parameters")

        var keyBits = try info.readOctetAlignedBitString("subjectPublicKey")
        try info.expectEnd(after: "subjectPublicKey")
        var rsaKey = try keyBits.read(.sequence)
        try keyBits.expectEnd(after: "RSAPublicKey")
        let modulus = try rsaKey.readUnsignedInteger("modulus")
        let exponent = try rsaKey.readUnsignedInteger("public exponent")
        try rsaKey.expectEnd(after: "public exponent")
        try self.init(modulus: modulus, exponent: exponent, what: outer.what)
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
