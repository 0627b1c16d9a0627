import Crypto
import DatabaseTestSupport
import Foundation
import Testing

@testable import MetricsRSocket

/// AES-ECB with PKCS #7: the NIST vectors, padding lengths, strict unpadding, and Python interop.
@Suite struct AESECBTests {
    /// NIST SP 800-38A appendix F.1.1 (ECB-AES128.Encrypt).
    static let nistKey = [UInt8](hex: "2b7e151628aed2a6abf7158809cf4f3c")
    /// The four plaintext blocks of F.1.1.
    static let nistPlaintext = [UInt8](hex: """
        6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
        30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710
        """)
    /// The four ciphertext blocks of F.1.1.
    static let nistCiphertext = [UInt8](hex: """
        3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf
        43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4
        """)

    /// The AES block primitive reproduces NIST SP 800-38A F.1.1, and the padded mode adds one full pad block.
    @Test func blockFunctionMatchesNISTSP80038AECBAES128() throws {
        var blocks = Self.nistPlaintext
        try AESECB.permuteBlocks(&blocks, key: SymmetricKey(data: Self.nistKey), forward: true)
        #expect(blocks == Self.nistCiphertext)
        try AESECB.permuteBlocks(&blocks, key: SymmetricKey(data: Self.nistKey), forward: false)
        #expect(blocks == Self.nistPlaintext)
        // The padded mode: the same four blocks, then one block of sixteen 0x10 bytes.
        let padded = try AESECB.encrypt(Self.nistPlaintext, key: Self.nistKey)
        #expect(padded.count == 80)
        #expect(Array(padded.prefix(64)) == Self.nistCiphertext)
        #expect(try AESECB.decrypt(padded, key: Self.nistKey) == Self.nistPlaintext)
    }

    /// Every plaintext length gets 1...16 bytes of PKCS #7 padding, which decryption removes.
    @Test(arguments: [(0, 16), (1, 16), (15, 16), (16, 32), (17, 32)])
    func padsWithOneToSixteenBytes(length: Int, expectedCount: Int) throws {
        let plaintext = [UInt8]((0..<length).map { UInt8($0 + 0x41) })
        let ciphertext = try AESECB.encrypt(plaintext, key: Self.nistKey)
        #expect(ciphertext.count == expectedCount)
        var raw = ciphertext
        try AESECB.permuteBlocks(&raw, key: SymmetricKey(data: Self.nistKey), forward: false)
        let padding = expectedCount - length
        #expect(Array(raw.prefix(length)) == plaintext)
        #expect(Array(raw.suffix(padding)) == [UInt8](repeating: UInt8(padding), count: padding))
        #expect(try AESECB.decrypt(ciphertext, key: Self.nistKey) == plaintext)
    }

    /// Keys of 16, 24 and 32 bytes work; any other length is refused with its size.
    @Test func acceptsOnlyAESKeySizes() throws {
        for size in [16, 24, 32] {
            let key = [UInt8](repeating: 7, count: size)
            #expect(try AESECB.decrypt(AESECB.encrypt([1, 2, 3], key: key), key: key) == [1, 2, 3])
        }
        for size in [0, 15, 17, 33] {
            let error = try #require(throws: MetricsRSocketError.self) { try AESECB.encrypt([1], key: [UInt8](repeating: 7, count: size)) }
            #expect(error.code == .cryptoFailed)
            #expect(error.message == "AES key is \(size) bytes; it must be 16 (AES-128), 24 or 32")
        }
    }

    /// Ciphertexts of a wrong length and every kind of invalid padding are rejected.
    @Test func rejectsBadLengthsAndBadPadding() throws {
        let key = Self.nistKey
        for length in [0, 1, 15, 17, 31] {
            let error = try #require(throws: MetricsRSocketError.self) { try AESECB.decrypt([UInt8](repeating: 0, count: length), key: key) }
            #expect(error.message == "AES-ECB ciphertext is \(length) bytes; it must be a non-zero multiple of 16")
        }
        // Plaintext blocks ending in padding that PKCS #7 forbids, encrypted without padding.
        let badTails: [[UInt8]] = [
            [UInt8](repeating: 0x41, count: 15) + [0x00],  // pad byte 0
            [UInt8](repeating: 0x41, count: 15) + [0x11],  // pad byte 17 > block size
            [UInt8](repeating: 0x41, count: 14) + [0x01, 0x02],  // pad bytes disagree
            [UInt8](repeating: 0x10, count: 15) + [0xFF],  // pad byte 255
            [UInt8](repeating: 0x41, count: 13) + [0x03, 0x02, 0x03],
        ]
        for block in badTails {
            var ciphertext = block
            try AESECB.permuteBlocks(&ciphertext, key: SymmetricKey(data: key), forward: true)
            let error = try #require(throws: MetricsRSocketError.self) { try AESECB.decrypt(ciphertext, key: key) }
            #expect(error.code == .cryptoFailed)
            #expect(error.message.contains("PKCS #7 padding is invalid"))
        }
        // A wrong key never yields the plaintext.
        let ciphertext = try AESECB.encrypt(Array("scrape reply".utf8), key: key)
        let wrongKey = [UInt8](repeating: 0x5A, count: 16)
        #expect((try? AESECB.decrypt(ciphertext, key: wrongKey)) != Array("scrape reply".utf8))
    }

    /// Python's AES-ECB with PKCS #7 produces our ciphertexts byte for byte and decrypts them.
    @Test func interoperatesWithPythonCryptographyBothWays() async throws {
        let key = RSAOAEP.randomBytes(16)
        var random = SeededGenerator(seed: 7)
        let lengths = [0, 1, 15, 16, 17, 1000, 100_000]
        try await withTemporaryDirectory { directory in
            var encryptArguments = [key.hex]
            var decryptArguments = [key.hex]
            var plaintexts: [[UInt8]] = []
            for (index, length) in lengths.enumerated() {
                let plaintext = random.bytes(length)
                plaintexts.append(plaintext)
                try directory.file("plain-\(index)").write(plaintext)
                try directory.file("swift-\(index)").write(AESECB.encrypt(plaintext, key: key))
                encryptArguments += ["plain-\(index)", "python-\(index)"]
                decryptArguments += ["swift-\(index)", "decrypted-\(index)"]
            }
            try await CryptoPeer.run(["aes-encrypt"] + encryptArguments, in: directory)
            try await CryptoPeer.run(["aes-decrypt"] + decryptArguments, in: directory)
            for (index, plaintext) in plaintexts.enumerated() {
                let fromPython = try directory.file("python-\(index)").readBytes()
                #expect(fromPython == (try directory.file("swift-\(index)").readBytes()))
                #expect(try AESECB.decrypt(fromPython, key: key) == plaintext)
                #expect(try directory.file("decrypted-\(index)").readBytes() == plaintext)
            }
        }
    }
}
