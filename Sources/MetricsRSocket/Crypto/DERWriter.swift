import BigInt

/// Builds the DER encodings this package sends: the X.509 SubjectPublicKeyInfo of an RSA key.
enum DERWriter {
    /// `rsaEncryption` (1.2.840.113549.1.1.1) as OBJECT IDENTIFIER contents.
    private static let rsaEncryptionOID: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]

    /// The SubjectPublicKeyInfo DER of an RSA key, byte for byte what Java's `PublicKey.getEncoded()`
    /// produces: `SEQUENCE { SEQUENCE { OID rsaEncryption, NULL }, BIT STRING { 0, SEQUENCE { n, e } } }`.
    static func subjectPublicKeyInfo(modulus: BigUInt, exponent: BigUInt) -> [UInt8] {
        let rsaPublicKey = element(0x30, integer(modulus) + integer(exponent))
        let algorithm = element(0x30, element(0x06, rsaEncryptionOID) + element(0x05, []))
        return element(0x30, algorithm + element(0x03, [0] + rsaPublicKey))
    }

    /// A tag-length-value element with a definite, minimal length.
    static func element(_ tag: UInt8, _ contents: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [tag]
        let count = contents.count
        if count < 0x80 {
            output.append(UInt8(count))
        } else {
            var lengthBytes: [UInt8] = []
            var remaining = count
            while remaining > 0 {
                lengthBytes.insert(UInt8(truncatingIfNeeded: remaining), at: 0)
                remaining >>= 8
            }
            output.append(0x80 | UInt8(lengthBytes.count))
            output += lengthBytes
        }
        output.reserveCapacity(output.count + count)
        output += contents
        return output
    }

    /// A non-negative INTEGER element: minimal big-endian bytes, with a leading zero when the top bit is set.
    static func integer(_ value: BigUInt) -> [UInt8] {
        let byteCount = max(1, (value.bitWidth + 7) / 8)
        var bytes = value.bigEndianBytes(count: byteCount) ?? [0]
        if bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
        return element(0x02, bytes)
    }
}
