import DatabaseTestSupport
import Foundation
import Testing

@testable import MetricsRSocket

/// The whole reply encryption against Python playing the Java proxy and the Java client.
@Suite struct ProxyCipherTests {
    /// Python, decrypting as the Java proxy does, recovers the text we seal, and each seal uses a new key.
    @Test(arguments: [2048, 3072])
    func pythonProxyOpensWhatWeSeal(bits: Int) async throws {
        let text = prometheusText(byteCount: 100_000, seed: 21)
        try await withTemporaryDirectory { directory in
            try await CryptoPeer.run(["genkey", "\(bits)", directory.path], in: directory)
            let key = try RSAPublicKey(spkiDER: directory.file("public.der").readBytes())
            let sealed = try ProxyCipher.seal(text, for: key)
            #expect(sealed.metadata.count == bits / 8)
            #expect(sealed.data.count % 16 == 0)
            #expect(sealed.data.count < text.count * 30 / 100)
            try directory.file("meta.bin").write(sealed.metadata)
            try directory.file("data.bin").write(sealed.data)
            let keyLength = try await CryptoPeer.run(["proxy-open", "private.pem", "meta.bin", "data.bin", "text.txt"], in: directory)
            #expect(keyLength == "16")
            #expect(try directory.file("text.txt").readBytes() == text)
            // Every reply gets its own AES key.
            let again = try ProxyCipher.seal(text, for: key)
            #expect(again.metadata != sealed.metadata)
            #expect(again.data != sealed.data)
        }
    }

    /// We open replies sealed by Python as the Java client does, within the text size limit.
    @Test func weOpenWhatThePythonClientSeals() async throws {
        let key = try RSAPrivateKey.generate()
        try await withTemporaryDirectory { directory in
            try directory.file("proxy.der").write(key.publicKeySPKIDER)
            for (index, text) in [prometheusText(byteCount: 250_000, seed: 22), [], Array("up 1\n".utf8)].enumerated() {
                try directory.file("text-\(index).txt").write(text)
                try await CryptoPeer.run(["client-seal", "proxy.der", "text-\(index).txt", "meta-\(index).bin", "data-\(index).bin"], in: directory)
                let metadata = try directory.file("meta-\(index).bin").readBytes()
                let data = try directory.file("data-\(index).bin").readBytes()
                #expect(try ProxyCipher.open(metadata: metadata, data: data, with: key, maxTextLength: 1 << 20) == text)
            }
            let metadata = try directory.file("meta-0.bin").readBytes()
            let data = try directory.file("data-0.bin").readBytes()
            let tooLong = try #require(throws: MetricsRSocketError.self) {
                try ProxyCipher.open(metadata: metadata, data: data, with: key, maxTextLength: 100_000)
            }
            #expect(tooLong.code == .corruptCompression)
            #expect(tooLong.message == "Snappy data is corrupt: it declares 250000 uncompressed bytes, more than the allowed 100000")
        }
    }

    /// A reply for another key, cut short, scrambled or carrying a wrong-size AES key is refused.
    @Test func rejectsRepliesForAnotherKeyOrTampered() throws {
        let key = try RSAPrivateKey.generate()
        let other = try RSAPrivateKey.generate()
        let text = prometheusText(byteCount: 5000, seed: 23)
        let sealed = try ProxyCipher.seal(text, for: key.publicKey)
        #expect(try ProxyCipher.open(metadata: sealed.metadata, data: sealed.data, with: key, maxTextLength: text.count) == text)

        let wrongKey = try #require(throws: MetricsRSocketError.self) {
            try ProxyCipher.open(metadata: sealed.metadata, data: sealed.data, with: other, maxTextLength: text.count)
        }
        #expect(wrongKey.code == .cryptoFailed)

        var data = sealed.data
        data.removeLast()
        let cut = try #require(throws: MetricsRSocketError.self) {
            try ProxyCipher.open(metadata: sealed.metadata, data: data, with: key, maxTextLength: text.count)
        }
        #expect(cut.message.contains("must be a non-zero multiple of 16"))

        // Swapping two ciphertext blocks keeps the padding valid (ECB) but scrambles the Snappy data.
        data = sealed.data
        let first = Array(data[16..<32])
        data.replaceSubrange(16..<32, with: data[32..<48])
        data.replaceSubrange(32..<48, with: first)
        do {
            let opened = try ProxyCipher.open(metadata: sealed.metadata, data: data, with: key, maxTextLength: text.count)
            #expect(opened != text)
        } catch let error as MetricsRSocketError {
            #expect(error.code == .corruptCompression)
        }

        // A 32-byte AES key in the metadata is not the protocol's.
        let longKey = try RSAOAEP.encrypt(RSAOAEP.randomBytes(32), key: key.publicKey)
        let keyError = try #require(throws: MetricsRSocketError.self) {
            try ProxyCipher.open(metadata: longKey, data: sealed.data, with: key, maxTextLength: text.count)
        }
        #expect(keyError.message == "the reply's metadata holds a 32-byte AES key; the proxy protocol uses 16 bytes")
    }
}
