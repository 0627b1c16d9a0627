/// The payload encryption of the Prometheus RSocket proxy protocol.
///
/// A client answers a scrape with `metadata` = the RSA-OAEP encryption (SHA-256, MGF1-SHA-1) of a
/// fresh AES-128 key under the proxy's public key, and `data` = AES-128-ECB with PKCS #7 of the raw
/// Snappy compression of the UTF-8 Prometheus text.
package enum ProxyCipher {
    /// The AES key size of the protocol, in bytes (AES-128).
    package static let aesKeyLength = 16

    /// Encrypts a scrape reply for the proxy whose public key is `key`, with a new random AES key.
    /// - Parameter text: The UTF-8 Prometheus text exposition.
    /// - Returns: The reply's metadata (``RSAPublicKey/byteCount`` bytes) and data.
    /// - Throws: `.cryptoFailed` when encryption fails.
    package static func seal(_ text: [UInt8], for key: RSAPublicKey) throws -> (metadata: [UInt8], data: [UInt8]) {
        let aesKey = RSAOAEP.randomBytes(aesKeyLength)
        let data = try AESECB.encrypt(Snappy.compress(text), key: aesKey)
        let metadata = try RSAOAEP.encrypt(aesKey, key: key)
        return (metadata, data)
    }

    /// Decrypts a scrape reply made for `key` (by ``seal(_:for:)`` or by the Java client).
    /// - Parameter maxTextLength: The largest decompressed text accepted.
    /// - Returns: The Prometheus text.
    /// - Throws: `.cryptoFailed` when the key cannot be recovered or is not 16 bytes, or the data does
    ///   not decrypt; `.corruptCompression` when the decrypted data is not valid Snappy within `maxTextLength`.
    package static func open(metadata: [UInt8], data: [UInt8], with key: RSAPrivateKey, maxTextLength: Int) throws -> [UInt8] {
        let aesKey = try RSAOAEP.decrypt(metadata, key: key)
        guard aesKey.count == aesKeyLength else {
            throw MetricsRSocketError(
                .cryptoFailed, "the reply's metadata holds a \(aesKey.count)-byte AES key; the proxy protocol uses \(aesKeyLength) bytes")
        }
        let compressed = try AESECB.decrypt(data, key: aesKey)
        return try Snappy.decompress(compressed, maxLength: maxTextLength)
    }
}
