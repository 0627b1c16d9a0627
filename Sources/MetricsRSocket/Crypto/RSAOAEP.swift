import BigInt
import Crypto

/// RSAES-OAEP (RFC 8017 section 7.1) with the parameters of Java's
/// `RSA/ECB/OAEPWithSHA-256AndMGF1Padding`: SHA-256 as the label hash, **SHA-1** inside MGF1, and
/// an empty label.
///
/// swift-crypto's `PKCS1_OAEP_SHA256` uses MGF1 with SHA-256, which the Java proxy cannot decrypt,
/// so the padding is done here around the raw RSA operations.
package enum RSAOAEP {
    /// The length of a SHA-256 digest, `hLen`; also the seed length.
    static let hashLength = 32
    /// `lHash`: SHA-256 of the empty label.
    static let labelHash: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    /// The longest message a key of `byteCount` bytes can carry: `k - 2 hLen - 2`.
    package static func maximumMessageLength(byteCount: Int) -> Int { byteCount - 2 * hashLength - 2 }

    /// Encrypts `message` (the 16-byte AES key, in the proxy protocol) under `key`.
    /// - Parameters:
    ///   - seed: The 32-byte OAEP seed; `nil` (the default) draws a fresh random one. Only known-answer tests pass it.
    /// - Returns: The ciphertext, exactly ``RSAPublicKey/byteCount`` bytes (left-padded with zeros).
    /// - Throws: `.cryptoFailed` when the message is too long for the key or the seed is not 32 bytes.
    package static func encrypt(_ message: [UInt8], key: RSAPublicKey, seed: [UInt8]? = nil) throws -> [UInt8] {
        let encoded = try encode(message, byteCount: key.byteCount, seed: seed ?? randomBytes(hashLength))
        let ciphertext = try key.apply(BigUInt(bigEndian: encoded))
        guard let bytes = ciphertext.bigEndianBytes(count: key.byteCount) else {
            throw MetricsRSocketError(.cryptoFailed, "RSA encryption failed: the ciphertext does not fit in \(key.byteCount) bytes")
        }
        return bytes
    }

    /// Decrypts a ciphertext made by ``encrypt(_:key:seed:)`` (or by Java with the same parameters).
    /// - Throws: `.cryptoFailed`: a length message when the ciphertext is not ``RSAPublicKey/byteCount``
    ///   bytes; otherwise one generic message for every failure, so that nothing tells a padding
    ///   error from another.
    package static func decrypt(_ ciphertext: [UInt8], key: RSAPrivateKey) throws -> [UInt8] {
        let byteCount = key.publicKey.byteCount
        guard ciphertext.count == byteCount else {
            throw MetricsRSocketError(
                .cryptoFailed,
                "RSA-OAEP ciphertext is \(ciphertext.count) bytes; a \(key.publicKey.bitCount)-bit key needs exactly \(byteCount)")
        }
        return try decode(key.apply(ciphertext))
    }

    /// EME-OAEP encoding (RFC 8017 section 7.1.1 step 2): `0x00 || maskedSeed || maskedDB`, `byteCount` bytes.
    static func encode(_ message: [UInt8], byteCount: Int, seed: [UInt8]) throws -> [UInt8] {
        guard seed.count == hashLength else {
            throw MetricsRSocketError(.cryptoFailed, "RSA-OAEP seed is \(seed.count) bytes; it must be \(hashLength)")
        }
        let limit = maximumMessageLength(byteCount: byteCount)
        guard message.count <= limit else {
            throw MetricsRSocketError(
                .cryptoFailed, "RSA-OAEP message is \(message.count) bytes; a \(byteCount * 8)-bit key carries at most \(max(limit, 0))")
        }
        let dataBlockLength = byteCount - hashLength - 1
        var dataBlock = labelHash
        dataBlock.reserveCapacity(dataBlockLength)
        dataBlock += repeatElement(0, count: dataBlockLength - hashLength - 1 - message.count)
        dataBlock.append(0x01)
        dataBlock += message
        xor(&dataBlock, with: mgf1SHA1(seed: seed, length: dataBlockLength))
        var maskedSeed = seed
        xor(&maskedSeed, with: mgf1SHA1(seed: dataBlock, length: hashLength))
        return [0] + maskedSeed + dataBlock
    }

    /// EME-OAEP decoding (RFC 8017 section 7.1.2 step 3). The checks run over every byte whatever
    /// fails first, and any failure throws the same generic error.
    static func decode(_ encoded: [UInt8]) throws -> [UInt8] {
        let byteCount = encoded.count
        guard byteCount >= 2 * hashLength + 2 else { throw decryptionFailed() }
        var seed = Array(encoded[1...hashLength])
        var dataBlock = Array(encoded[(hashLength + 1)...])
        xor(&seed, with: mgf1SHA1(seed: dataBlock, length: hashLength))
        xor(&dataBlock, with: mgf1SHA1(seed: seed, length: dataBlock.count))

        var bad = encoded[0]
        for index in 0..<hashLength { bad |= dataBlock[index] ^ labelHash[index] }
        // Find the 0x01 separator after the zero padding without branching on secret bytes.
        var found: UInt8 = 0  // 0xFF once the separator has been seen
        var separator = 0
        for index in hashLength..<dataBlock.count {
            let byte = dataBlock[index]
            let isZero = UInt8(truncatingIfNeeded: (Int(byte) - 1) >> 8)  // 0xFF when byte == 0
            let isOne = UInt8(truncatingIfNeeded: (Int(byte ^ 0x01) - 1) >> 8)  // 0xFF when byte == 1
            let firstOne = isOne & ~found
            separator |= Int(firstOne & 1) * index
            bad |= ~found & ~isZero & ~isOne  // a byte other than 0 or 1 before the separator
            found |= firstOne
        }
        bad |= ~found
        guard bad == 0 else { throw decryptionFailed() }
        return Array(dataBlock[(separator + 1)...])
    }

    /// MGF1 (RFC 8017 appendix B.2.1) with SHA-1: `length` bytes of
    /// `SHA-1(seed || counter)` for counter 0, 1, 2, ... as 4 big-endian bytes.
    static func mgf1SHA1(seed: [UInt8], length: Int) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(length + Insecure.SHA1.byteCount)
        var counter: UInt32 = 0
        while output.count < length {
            var hash = Insecure.SHA1()
            hash.update(data: seed)
            hash.update(data: [UInt8(counter >> 24), UInt8(truncatingIfNeeded: counter >> 16),
                               UInt8(truncatingIfNeeded: counter >> 8), UInt8(truncatingIfNeeded: counter)])
            output += hash.finalize()
            counter += 1
        }
        return Array(output.prefix(length))
    }

    /// `target[i] ^= mask[i]` for every index of `target`; `mask` is at least as long.
    private static func xor(_ target: inout [UInt8], with mask: [UInt8]) {
        for index in target.indices { target[index] ^= mask[index] }
    }

    /// `count` bytes from swift-crypto's cryptographically secure generator (the one behind `SymmetricKey`).
    static func randomBytes(_ count: Int) -> [UInt8] {
        SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { Array($0) }
    }

    /// The one error for every RSA-OAEP decryption failure after the length check.
    static func decryptionFailed(file: String = #fileID, line: Int = #line) -> MetricsRSocketError {
        MetricsRSocketError(
            .cryptoFailed, "RSA-OAEP decryption failed: the ciphertext was not made for this key with OAEP (SHA-256, MGF1-SHA-1)",
            file: file, line: line)
    }
}
