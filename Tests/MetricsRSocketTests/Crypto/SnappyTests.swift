import DatabaseTestSupport
import Foundation
import Testing

@testable import MetricsRSocket

/// Raw Snappy: hand-checked vectors, round trips with Python `cramjam` both ways, compression
/// ratio, and corrupt input that must throw, never crash.
@Suite struct SnappyTests {
    /// A generous limit for tests that are not about the limit.
    static let limit = 8 << 20

    /// Small inputs compress to the bytes worked out by hand from the format.
    @Test func compressesSmallInputsToTheExpectedBytes() {
        #expect(Snappy.compress([]) == [0x00])
        #expect(Snappy.compress([0x61]) == [0x01, 0x00, 0x61])
        // 100 'a': literal "a", then a 99-byte copy at offset 1 split as 64 + 35 (3-byte copies).
        #expect(Snappy.compress([UInt8](repeating: 0x61, count: 100)) == [100, 0x00, 0x61, 0xFE, 0x01, 0x00, 0x8A, 0x01, 0x00])
        // 300 bytes need a two-byte varint and, unmatched, one literal with a 2-byte length.
        let distinct = [UInt8]((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) ^ UInt8($0 / 256) })
        let compressed = Snappy.compress(distinct)
        #expect(Array(compressed.prefix(5)) == [0xAC, 0x02, 61 << 2, 0x2B, 0x01])
    }

    /// Hand-made blocks using every literal and copy form decompress correctly.
    @Test func decompressesHandMadeVectorsOfEveryElementKind() throws {
        let vectors: [([UInt8], String)] = [
            ([0x00], ""),
            ([0x03, 0x08, 0x61, 0x62, 0x63], "abc"),
            // literal "abcd", copy-1 (length 4, offset 4)
            ([0x08, 0x0C, 0x61, 0x62, 0x63, 0x64, 0x01, 0x04], "abcdabcd"),
            // literal "abcd", copy-2 (length 12, offset 4)
            ([0x10, 0x0C, 0x61, 0x62, 0x63, 0x64, 0x2E, 0x04, 0x00], "abcdabcdabcdabcd"),
            // literal "ab", copy-4 (length 5, offset 2): overlapping
            ([0x07, 0x04, 0x61, 0x62, 0x13, 0x02, 0x00, 0x00, 0x00], "abababa"),
            // literal "x", copy-1 (length 11, offset 1) run-length style
            ([0x0C, 0x00, 0x78, 0x1D, 0x01], String(repeating: "x", count: 12)),
            // a 61-byte literal needs tag 60 and one length byte
            ([0x3D, 0xF0, 0x3C] + [UInt8](repeating: 0x7A, count: 61), String(repeating: "z", count: 61)),
        ]
        for (input, expected) in vectors {
            #expect(try Snappy.decompress(input, maxLength: Self.limit) == Array(expected.utf8))
        }
    }

    /// Each kind of corruption throws `.corruptCompression` with a message naming what and where.
    @Test func reportsEachKindOfCorruptionPrecisely() throws {
        let cases: [([UInt8], Int, String)] = [
            ([], 100, "the input is empty"),
            ([0xFF, 0xFF], 100, "the input ends inside the length varint at byte 2"),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], 100, "the length varint is longer than 5 bytes"),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0x7F], Int.max, "the length varint 34359738367 exceeds 32 bits"),
            ([0xE8, 0x07, 0x00, 0x61], 999, "it declares 1000 uncompressed bytes, more than the allowed 999"),
            ([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x61], Int.max, "it declares 4294967295 uncompressed bytes, but 2 compressed bytes cannot hold that many"),
            ([0x05, 0x10, 0x61, 0x62], 100, "literal of 5 bytes at byte 1 runs past the end of the input (2 bytes left)"),
            ([0x02, 0x08, 0x61, 0x62, 0x63], 100, "literal of 3 bytes at byte 1 runs past the declared length of 2 bytes"),
            ([0x05, 0xF0], 100, "the input ends inside the length of the literal at byte 1"),
            ([0x08, 0x00, 0x61, 0x01, 0x00], 100, "copy at byte 3 has offset 0"),
            ([0x08, 0x00, 0x61, 0x01, 0x02], 100, "copy offset 2 at byte 3 points before the start of the output (1 bytes written)"),
            ([0x08, 0x00, 0x61, 0x03, 0x70, 0x11, 0x01, 0x00], 100, "copy offset 70000 at byte 3 points before the start of the output (1 bytes written)"),
            ([0x03, 0x00, 0x61, 0x01, 0x01], 100, "copy of 4 bytes at byte 3 runs past the declared length of 3 bytes"),
            ([0x08, 0x00, 0x61, 0x02, 0x01], 100, "the input ends inside the copy at byte 3"),
            ([0x08, 0x00, 0x61], 100, "it ends after 1 of the declared 8 bytes"),
            ([0x00, 0x00, 0x61], 100, "it declares 0 bytes but has elements at byte 1"),
        ]
        for (input, maxLength, detail) in cases {
            let error = try #require(throws: MetricsRSocketError.self, "\(input)") { try Snappy.decompress(input, maxLength: maxLength) }
            #expect(error.code == .corruptCompression)
            #expect(error.message == "Snappy data is corrupt: \(detail)")
        }
    }

    /// 100 KB of Prometheus text compresses below 30% and the size limit is enforced.
    @Test func compressesPrometheusTextWell() throws {
        let text = prometheusText(byteCount: 100_000)
        let compressed = Snappy.compress(text)
        #expect(compressed.count * 100 < text.count * 30, "compressed to \(compressed.count) bytes")
        #expect(try Snappy.decompress(compressed, maxLength: text.count) == text)
        let limitError = try #require(throws: MetricsRSocketError.self) { try Snappy.decompress(compressed, maxLength: text.count - 1) }
        #expect(limitError.message.contains("more than the allowed 99999"))
    }

    /// cramjam decompresses our output and we decompress its output, across sizes and fragment boundaries.
    @Test func roundTripsWithCramjamInBothDirections() async throws {
        var random = SeededGenerator(seed: 99)
        let pattern = Array("node_cpu_seconds_total{cpu=\"3\",mode=\"idle\"} 12345.67\n".utf8)
        let inputs: [(String, [UInt8])] = [
            ("empty", []),
            ("one-byte", [0x2A]),
            ("fourteen", Array("abcdefghijklmn".utf8)),
            ("prometheus-100k", prometheusText(byteCount: 100_000, seed: 3)),
            ("random-200k", random.bytes(200_000)),
            ("pattern-1m", Array((0..<(1 << 20)).map { pattern[$0 % pattern.count] })),
            ("fragment-minus-1", prometheusText(byteCount: 65_535, seed: 4)),
            ("fragment-exact", prometheusText(byteCount: 65_536, seed: 5)),
            ("fragment-plus-1", prometheusText(byteCount: 65_537, seed: 6)),
            ("fragment-plus-20", [UInt8](repeating: 0x41, count: 65_556)),
            ("three-fragments", prometheusText(byteCount: 3 * 65_536 + 17, seed: 8)),
            ("mixed", random.bytes(70_000) + prometheusText(byteCount: 70_000, seed: 9)),
        ]
        try await withTemporaryDirectory { directory in
            var ours: [String: [UInt8]] = [:]
            for (name, input) in inputs {
                let compressed = Snappy.compress(input)
                #expect(compressed.count <= Snappy.maximumCompressedLength(input.count))
                ours[name] = compressed
                try directory.file("\(name).raw").write(input)
                try directory.file("\(name).swift-snappy").write(compressed)
            }
            try await CryptoPeer.run(["snappy-roundtrip", directory.path], in: directory)
            for (name, input) in inputs {
                #expect(try directory.file("\(name).py-raw").readBytes() == input, "cramjam decompressing our \(name)")
                let theirs = try directory.file("\(name).py-snappy").readBytes()
                #expect(try Snappy.decompress(theirs, maxLength: Self.limit) == input, "decompressing cramjam's \(name)")
                // Ours is about as compact as the reference implementation's.
                let ourCount = try #require(ours[name]).count
                #expect(ourCount <= theirs.count + theirs.count / 10 + 8, "\(name): ours \(ourCount), cramjam \(theirs.count)")
            }
        }
    }

    /// Truncated input always throws; bit-flipped and random input throws or yields exactly the declared length.
    @Test func corruptInputNeverCrashesAndTruncationAlwaysThrows() throws {
        var random = SeededGenerator(seed: 2024)
        let text = prometheusText(byteCount: 3000, seed: 11)
        let valid = Snappy.compress(text)
        // Every truncation of a valid block fails.
        for length in 0..<valid.count {
            let error = try #require(throws: MetricsRSocketError.self) { try Snappy.decompress(Array(valid.prefix(length)), maxLength: Self.limit) }
            #expect(error.code == .corruptCompression)
        }
        // Flipped bits and random bytes either fail cleanly or give exactly the declared length.
        var failed = 0
        for round in 0..<3000 {
            var input: [UInt8]
            if round % 2 == 0 {
                input = valid
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    input[Int.random(in: 0..<input.count, using: &random)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
                }
            } else {
                input = random.bytes(Int.random(in: 0...300, using: &random))
            }
            do {
                let output = try Snappy.decompress(input, maxLength: 1 << 16)
                #expect(output.count == (try Snappy.readVarint(input).value))
            } catch let error as MetricsRSocketError {
                #expect(error.code == .corruptCompression)
                failed += 1
            }
        }
        #expect(failed > 1500)
    }
}
