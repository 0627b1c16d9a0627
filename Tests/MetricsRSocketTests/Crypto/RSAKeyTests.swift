import BigInt
import Crypto
import DatabaseTestSupport
import Foundation
import Testing
import _CryptoExtras

@testable import MetricsRSocket

/// Parsing and producing RSA keys: SPKI DER from Python and swift-crypto, PKCS #1 private keys, and
/// every kind of bad input.
@Suite struct RSAKeyTests {
    /// Python's 2048- and 3072-bit SPKI and PKCS #1 keys parse and re-encode unchanged.
    @Test func parsesPythonKeysOfBothProxySizesAndReencodesThemByteForByte() async throws {
        try await withTemporaryDirectory { directory in
            for (bits, spkiLength) in [(2048, 294), (3072, 422)] {
                try await CryptoPeer.run(["genkey", "\(bits)", directory.path], in: directory)
                let der = try directory.file("public.der").readBytes()
                #expect(der.count == spkiLength)
                let key = try RSAPublicKey(spkiDER: der)
                #expect(key.bitCount == bits)
                #expect(key.byteCount == bits / 8)
                #expect(key.exponent == 65537)
                #expect(key.spkiDER == der)
                let privateKey = try RSAPrivateKey(pkcs1DER: directory.file("private-pkcs1.der").readBytes())
                #expect(privateKey.publicKey == key)
                #expect(privateKey.publicKeySPKIDER == der)
            }
        }
    }

    /// A generated key's numbers agree, its SPKI is the canonical X.509 form, and its raw operations invert.
    @Test func generatedKeyHasConsistentNumbersAndTheSPKIJavaAndPythonUse() async throws {
        let key = try RSAPrivateKey.generate()
        #expect(key.publicKey.bitCount == 2048)
        #expect(key.publicKey.byteCount == 256)
        #expect(key.publicKeySPKIDER.count == 294)
        #expect(key.prime1 * key.prime2 == key.publicKey.modulus)
        #expect(try RSAPublicKey(spkiDER: key.publicKeySPKIDER) == key.publicKey)
        // swift-crypto's own SPKI encoding of the same numbers is identical.
        let boring = try _RSA.Encryption.PublicKey(
            n: key.publicKey.modulus.serialize(), e: key.publicKey.exponent.serialize())
        #expect([UInt8](boring.derRepresentation) == key.publicKeySPKIDER)
        // Python re-encodes it unchanged, so it is the canonical X.509 form.
        try await withTemporaryDirectory { directory in
            try directory.file("ours.der").write(key.publicKeySPKIDER)
            let normalized = try await CryptoPeer.run(["spki-normalize", "ours.der"], in: directory)
            #expect(normalized == key.publicKeySPKIDER.hex)
        }
        // The raw private operation inverts the raw public one, and refuses input at or above n.
        let message = BigUInt(123_456_789)
        let encrypted = try #require(try key.publicKey.apply(message).bigEndianBytes(count: 256))
        #expect(try BigUInt(bigEndian: key.apply(encrypted)) == message)
        let modulus = try #require(key.publicKey.modulus.bigEndianBytes(count: 256))
        #expect(throws: MetricsRSocketError.self) { try key.apply(modulus) }
        #expect(throws: MetricsRSocketError.self) { try key.apply(Array(encrypted.dropFirst())) }
        let key3072 = try RSAPrivateKey.generate(bits: 3072)
        #expect(key3072.publicKey.byteCount == 384)
        #expect(key3072.publicKeySPKIDER.count == 422)
    }

    /// Generation refuses sizes outside 2048...4096 bits or not a multiple of 128.
    @Test func rejectsUnsupportedGenerationSizes() {
        for bits in [1024, 2047, 2050, 8192] {
            #expect(throws: MetricsRSocketError.self) { try RSAPrivateKey.generate(bits: bits) }
        }
    }

    /// The hard-coded Python key's PKCS #1 and SPKI forms describe the same key.
    @Test func parsesTheHardCodedPythonKey() throws {
        let key = try RSAPrivateKey(pkcs1DER: OAEPVectors.privateKeyPKCS1)
        #expect(key.publicKeySPKIDER == OAEPVectors.publicKeySPKI)
        #expect(try RSAPublicKey(spkiDER: OAEPVectors.publicKeySPKI) == key.publicKey)
    }

    /// Every prefix of a valid SPKI and a valid SPKI with a trailing byte are rejected.
    @Test func rejectsEveryTruncationAndTrailingGarbage() throws {
        let der = OAEPVectors.publicKeySPKI
        for length in 0..<der.count {
            let error = try #require(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: Array(der.prefix(length))) }
            #expect(error.code == .invalidKey)
        }
        let trailing = try #require(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: der + [0]) }
        #expect(trailing.message.contains("1 unexpected trailing byte(s) after the SubjectPublicKeyInfo at byte 294"))
    }

    /// EC keys, bare PKCS #1 keys, out-of-range sizes and bad exponents or moduli are refused with clear messages.
    @Test func rejectsOtherAlgorithmsAndFormsWithPreciseMessages() throws {
        let ec = [UInt8](P256.Signing.PrivateKey().publicKey.derRepresentation)
        let ecError = try #require(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: ec) }
        #expect(ecError.code == .invalidKey)
        #expect(ecError.message.contains("is not an RSA key: its algorithm is 1.2.840.10045.2.1"))

        let small = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024)).publicKey
        let smallError = try #require(throws: MetricsRSocketError.self) {
            try RSAPublicKey(spkiDER: [UInt8](small.derRepresentation))
        }
        #expect(smallError.message.contains("has a 1024-bit modulus; only 2048 to 4096 bits are accepted"))

        let huge = try RSAPublicKey.subjectPublicKeyInfo(modulus: (BigUInt(1) << 8191) + 1, exponent: 65537)
        let hugeError = try #require(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: huge) }
        #expect(hugeError.message.contains("8192-bit modulus"))

        let full = try RSAPublicKey(spkiDER: OAEPVectors.publicKeySPKI)
        let pkcs1Only = try RSAPublicKey.rsaPublicKeyDER(modulus: full.modulus, exponent: full.exponent)
        let pkcs1Error = try #require(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: pkcs1Only) }
        #expect(pkcs1Error.message.contains("expected a SEQUENCE (tag 0x30), found tag 0x02"))

        let evenExponent = try RSAPublicKey.subjectPublicKeyInfo(modulus: full.modulus, exponent: 65536)
        #expect(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: evenExponent) }
        let hugeExponent = try RSAPublicKey.subjectPublicKeyInfo(modulus: full.modulus, exponent: (BigUInt(1) << 33) + 1)
        let exponentError = try #require(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: hugeExponent) }
        #expect(exponentError.message.hasSuffix("has an unusable public exponent 8589934593 (it must be odd, at least 3 and at most 33 bits)"))
        let evenModulus = try RSAPublicKey.subjectPublicKeyInfo(modulus: full.modulus - 1, exponent: 65537)
        #expect(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: evenModulus) }
    }

    /// BER-only encodings (non-minimal or indefinite lengths) and negative integers are refused.
    @Test func rejectsNonDEREncodings() throws {
        let der = OAEPVectors.publicKeySPKI
        // The outer length 0x82 0x01 0x22 re-encoded with a superfluous leading zero byte.
        var nonMinimal: [UInt8] = [0x30, 0x83, 0x00, 0x01, 0x22] + der[4...]
        #expect(nonMinimal.count == der.count + 1)
        let lengthError = try #require(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: nonMinimal) }
        // SwiftASN1 reports a BER-only length without its value or offset, and with the same error code as an indefinite one.
        #expect(lengthError.message.hasSuffix(
            "is malformed: the SubjectPublicKeyInfo has an indefinite length or a length that is not minimally encoded; DER allows neither"))
        nonMinimal = [0x30, 0x80] + der[4...] + [0, 0]
        let indefinite = try #require(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: nonMinimal) }
        #expect(indefinite.message.contains("indefinite length"))
        // A modulus INTEGER whose top bit is set, which DER reads as negative.
        let negative = TestDER.element(0x30, TestDER.element(0x30, [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00])
            + TestDER.element(0x03, [0] + TestDER.element(0x30, TestDER.element(0x02, [0x80] + [UInt8](repeating: 1, count: 255)) + [0x02, 0x03, 0x01, 0x00, 0x01])))
        let negativeError = try #require(throws: MetricsRSocketError.self) { try RSAPublicKey(spkiDER: negative) }
        #expect(negativeError.message.contains("modulus is negative"))
    }

    /// Thousands of mutated and random inputs either parse into an acceptable key or throw `.invalidKey`.
    @Test func neverCrashesOnMutatedKeys() throws {
        var random = SeededGenerator(seed: 42)
        let der = OAEPVectors.publicKeySPKI
        var rejected = 0
        for round in 0..<3000 {
            var mutated = der
            switch round % 3 {
            case 0:
                mutated[Int.random(in: 0..<mutated.count, using: &random)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
            case 1:
                mutated[Int.random(in: 0..<40, using: &random)] = UInt8.random(in: 0...255, using: &random)
            default:
                mutated = random.bytes(Int.random(in: 0...400, using: &random))
            }
            do {
                let key = try RSAPublicKey(spkiDER: mutated)
                #expect(RSAPublicKey.allowedBitCounts.contains(key.bitCount))
            } catch let error as MetricsRSocketError {
                #expect(error.code == .invalidKey)
                rejected += 1
            }
        }
        #expect(rejected > 1500)
    }

    /// A private key whose numbers do not match, a public key, and a truncated key are refused.
    @Test func rejectsInconsistentPrivateKeys() throws {
        var der = OAEPVectors.privateKeyPKCS1
        der[der.count - 1] ^= 0x01  // the last byte of qInv
        let error = try #require(throws: MetricsRSocketError.self) { try RSAPrivateKey(pkcs1DER: der) }
        #expect(error.message.contains("inconsistent numbers"))
        #expect(throws: MetricsRSocketError.self) { try RSAPrivateKey(pkcs1DER: OAEPVectors.publicKeySPKI) }
        #expect(throws: MetricsRSocketError.self) { try RSAPrivateKey(pkcs1DER: Array(OAEPVectors.privateKeyPKCS1.dropLast())) }
    }
}
