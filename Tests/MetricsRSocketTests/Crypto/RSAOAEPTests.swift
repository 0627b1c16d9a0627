import BigInt
import DatabaseTestSupport
import Foundation
import Testing

@testable import MetricsRSocket

/// RSA-OAEP with SHA-256 and MGF1-SHA-1: known answers, round trips, failures, and interoperation
/// with Python `cryptography` in both directions.
@Suite struct RSAOAEPTests {
    /// MGF1-SHA-1 matches an independently computed output.
    @Test func mgf1SHA1MatchesTheKnownAnswer() {
        #expect(RSAOAEP.mgf1SHA1(seed: [UInt8](0...31), length: 107) == OAEPVectors.mgf1Output)
        #expect(RSAOAEP.mgf1SHA1(seed: [UInt8](0...31), length: 20) == Array(OAEPVectors.mgf1Output.prefix(20)))
        #expect(RSAOAEP.mgf1SHA1(seed: [UInt8](0...31), length: 0).isEmpty)
    }

    /// EME-OAEP encoding with a fixed seed matches the known bytes and decodes back.
    @Test func encodingWithAFixedSeedMatchesTheKnownAnswers() throws {
        #expect(try RSAOAEP.encode(OAEPVectors.message, byteCount: 256, seed: OAEPVectors.seed) == OAEPVectors.encodedMessage)
        #expect(try RSAOAEP.encode([], byteCount: 256, seed: [UInt8](repeating: 0, count: 32)) == OAEPVectors.encodedEmptyMessage)
        #expect(try RSAOAEP.decode(OAEPVectors.encodedMessage) == OAEPVectors.message)
        #expect(try RSAOAEP.decode(OAEPVectors.encodedEmptyMessage) == [])
    }

    /// Encryption with a fixed seed under a fixed key gives the known ciphertext, which decrypts back.
    @Test func encryptionWithAFixedSeedMatchesTheKnownCiphertextAndDecryptsBack() throws {
        let privateKey = try RSAPrivateKey(pkcs1DER: OAEPVectors.privateKeyPKCS1)
        let publicKey = try RSAPublicKey(spkiDER: OAEPVectors.publicKeySPKI)
        let ciphertext = try RSAOAEP.encrypt(OAEPVectors.message, key: publicKey, seed: OAEPVectors.seed)
        #expect(ciphertext == OAEPVectors.ciphertext)
        #expect(try RSAOAEP.decrypt(OAEPVectors.ciphertext, key: privateKey) == OAEPVectors.message)
    }

    /// Messages from empty to the 190-byte maximum round-trip with fresh seeds; longer ones are refused.
    @Test func randomSeedsGiveDifferentCiphertextsForEveryMessageLength() throws {
        let key = try RSAPrivateKey(pkcs1DER: OAEPVectors.privateKeyPKCS1)
        let limit = RSAOAEP.maximumMessageLength(byteCount: 256)
        #expect(limit == 190)
        for length in [0, 1, 16, 189, limit] {
            let message = [UInt8]((0..<length).map { UInt8(truncatingIfNeeded: $0 * 7 + 1) })
            let first = try RSAOAEP.encrypt(message, key: key.publicKey)
            let second = try RSAOAEP.encrypt(message, key: key.publicKey)
            #expect(first.count == 256)
            #expect(first != second)
            #expect(try RSAOAEP.decrypt(first, key: key) == message)
            #expect(try RSAOAEP.decrypt(second, key: key) == message)
        }
        let tooLong = try #require(throws: MetricsRSocketError.self) {
            try RSAOAEP.encrypt([UInt8](repeating: 1, count: limit + 1), key: key.publicKey)
        }
        #expect(tooLong.message == "RSA-OAEP message is 191 bytes; a 2048-bit key carries at most 190")
        #expect(throws: MetricsRSocketError.self) { try RSAOAEP.encrypt([1], key: key.publicKey, seed: [0]) }
    }

    /// A wrong length has its own message; every other decryption failure gives the same generic one.
    @Test func decryptionFailuresAllLookTheSame() throws {
        let key = try RSAPrivateKey(pkcs1DER: OAEPVectors.privateKeyPKCS1)
        let otherKey = try RSAPrivateKey.generate()
        let ciphertext = OAEPVectors.ciphertext

        let short = try #require(throws: MetricsRSocketError.self) { try RSAOAEP.decrypt(Array(ciphertext.dropLast()), key: key) }
        #expect(short.code == .cryptoFailed)
        #expect(short.message == "RSA-OAEP ciphertext is 255 bytes; a 2048-bit key needs exactly 256")

        var tampered = ciphertext
        tampered[100] ^= 0x04
        let aboveModulus = [UInt8](repeating: 0xFF, count: 256)
        // An encoding whose first byte is not 0, and one with a wrong label hash, both under the right key.
        var badFirstByte = OAEPVectors.encodedMessage
        badFirstByte[0] = 1
        var badLabel = OAEPVectors.encodedMessage
        badLabel[40] ^= 0x80
        let badEncodings = try [badFirstByte, badLabel].map {
            try #require(BigUInt(bigEndian: $0).power(key.publicKey.exponent, modulus: key.publicKey.modulus).bigEndianBytes(count: 256))
        }
        var messages: Set<String> = []
        for (bad, decryptingKey) in [(tampered, key), (aboveModulus, key), (ciphertext, otherKey)] + badEncodings.map({ ($0, key) }) {
            let error = try #require(throws: MetricsRSocketError.self) { try RSAOAEP.decrypt(bad, key: decryptingKey) }
            #expect(error.code == .cryptoFailed)
            messages.insert(error.message)
        }
        #expect(messages == ["RSA-OAEP decryption failed: the ciphertext was not made for this key with OAEP (SHA-256, MGF1-SHA-1)"])
    }

    /// Python decrypts our ciphertext with OAEP(SHA-256, MGF1-SHA-1) but not with MGF1-SHA-256.
    @Test(arguments: [2048, 3072])
    func pythonDecryptsOurCiphertextOnlyWithMGF1SHA1(bits: Int) async throws {
        try await withTemporaryDirectory { directory in
            try await CryptoPeer.run(["genkey", "\(bits)", directory.path], in: directory)
            let key = try RSAPublicKey(spkiDER: directory.file("public.der").readBytes())
            let message = RSAOAEP.randomBytes(16)
            let ciphertext = try RSAOAEP.encrypt(message, key: key)
            #expect(ciphertext.count == bits / 8)
            try directory.file("ct.bin").write(ciphertext)
            try await CryptoPeer.run(["oaep-decrypt", "private.pem", "ct.bin", "plain.bin"], in: directory)
            #expect(try directory.file("plain.bin").readBytes() == message)
            // Standard OAEP-SHA-256 with MGF1-SHA-256 (what swift-crypto's PKCS1_OAEP_SHA256 does) cannot decrypt it.
            #expect(try await CryptoPeer.run(["oaep-decrypt-mgf256", "private.pem", "ct.bin"], in: directory) == "rejected")
        }
    }

    /// We decrypt what Python encrypts under our SPKI with the Java parameters.
    @Test func weDecryptWhatPythonEncryptsWithOurPublicKey() async throws {
        let key = try RSAPrivateKey.generate()
        try await withTemporaryDirectory { directory in
            try directory.file("ours.der").write(key.publicKeySPKIDER)
            for message in [RSAOAEP.randomBytes(16), [], RSAOAEP.randomBytes(190)] {
                let hex = try await CryptoPeer.run(["oaep-encrypt", "ours.der", message.hex], in: directory)
                let ciphertext = [UInt8](hex: hex)
                #expect(ciphertext.count == 256)
                #expect(try RSAOAEP.decrypt(ciphertext, key: key) == message)
            }
        }
    }
}
