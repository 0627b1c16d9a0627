import Crypto
import _CryptoExtras

/// AES in ECB mode with PKCS #7 padding and no IV: Java's `AES/ECB/PKCS5Padding`, the cipher of the
/// Prometheus RSocket proxy's data payload.
///
/// Each 16-byte block goes through swift-crypto's single-block primitive `AES.permute` /
/// `AES.inversePermute` (from `_CryptoExtras`, backed by BoringSSL), so no AES code lives here.
package enum AESECB {
    /// The AES block size in bytes.
    package static let blockSize = 16

    /// Encrypts `plaintext`, first padding it with 1...16 bytes of PKCS #7.
    /// - Parameter key: 16 bytes (AES-128, as the proxy uses), or 24 or 32.
    /// - Returns: The ciphertext, a non-zero multiple of 16 bytes.
    /// - Throws: `.cryptoFailed` for a key of another length.
    package static func encrypt(_ plaintext: [UInt8], key: [UInt8]) throws -> [UInt8] {
        let symmetricKey = try makeKey(key)
        let padding = blockSize - plaintext.count % blockSize
        var output = plaintext
        output.reserveCapacity(plaintext.count + padding)
        output += repeatElement(UInt8(padding), count: padding)
        try permuteBlocks(&output, key: symmetricKey, forward: true)
        return output
    }

    /// Decrypts `ciphertext` and strictly checks and removes its PKCS #7 padding.
    /// - Parameter key: 16, 24 or 32 bytes.
    /// - Throws: `.cryptoFailed` for a key of another length, a ciphertext that is not a non-zero
    ///   multiple of 16 bytes, or bad padding (the usual sign of a wrong key).
    package static func decrypt(_ ciphertext: [UInt8], key: [UInt8]) throws -> [UInt8] {
        let symmetricKey = try makeKey(key)
        guard !ciphertext.isEmpty, ciphertext.count % blockSize == 0 else {
            throw MetricsRSocketError(
                .cryptoFailed, "AES-ECB ciphertext is \(ciphertext.count) bytes; it must be a non-zero multiple of \(blockSize)")
        }
        var output = ciphertext
        try permuteBlocks(&output, key: symmetricKey, forward: false)
        let padding = Int(output[output.count - 1])
        var bad = padding == 0 || padding > blockSize
        if !bad {
            for index in (output.count - padding)..<output.count where output[index] != UInt8(padding) { bad = true }
        }
        guard !bad else {
            throw MetricsRSocketError(
                .cryptoFailed, "AES-ECB decryption failed: the PKCS #7 padding is invalid (wrong key or corrupt data)")
        }
        output.removeLast(padding)
        return output
    }

    /// Applies the AES block function (or its inverse) to each 16-byte block of `data` in place.
    /// `data.count` must be a multiple of 16.
    static func permuteBlocks(_ data: inout [UInt8], key: SymmetricKey, forward: Bool) throws {
        do {
            try data.withUnsafeMutableBufferPointer { buffer in
                var offset = 0
                while offset < buffer.count {
                    var block = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + blockSize)])
                    if forward {
                        try AES.permute(&block, key: key)
                    } else {
                        try AES.inversePermute(&block, key: key)
                    }
                    offset += blockSize
                }
            }
        } catch {
            throw MetricsRSocketError(.cryptoFailed, "AES block operation failed", cause: error)
        }
    }

    /// Wraps a 16-, 24- or 32-byte key.
    private static func makeKey(_ key: [UInt8]) throws -> SymmetricKey {
        guard [16, 24, 32].contains(key.count) else {
            throw MetricsRSocketError(.cryptoFailed, "AES key is \(key.count) bytes; it must be 16 (AES-128), 24 or 32")
        }
        return SymmetricKey(data: key)
    }
}
