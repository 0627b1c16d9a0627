import DatabaseTestSupport
import NIOCore
import Testing
@testable import MetricsRSocket

@Suite struct FrameCodecFuzzTests {
    /// Decoding either throws `.malformedFrame` or yields a frame that encodes again.
    private func feed(_ bytes: [UInt8]) -> Bool {
        do {
            let frame = try FrameCodec.decode(ByteBuffer(bytes: bytes))
            _ = try FrameCodec.encode(frame)
            return true
        } catch {
            #expect(error.code == .malformedFrame, "\(bytes)")
            return false
        }
    }

    @Test func randomBytesNeverCrashTheDecoder() {
        var random = SeededGenerator(seed: 0x5EED)
        var decoded = 0
        for _ in 0..<3000 {
            let count = Int.random(in: 0..<64, using: &random)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            // Make valid frame types common: clear the stream id's top bit half the time.
            if bytes.count > 4, Bool.random(using: &random) { bytes[0] &= 0x7F }
            if feed(bytes) { decoded += 1 }
        }
        #expect(decoded > 0, "some random inputs should decode")
    }

    @Test func truncationsAndBitFlipsOfValidFramesNeverCrash() throws {
        var random = SeededGenerator(seed: 42)
        var rejected = 0
        for frame in FrameCodecTests.allFrames {
            let body = Array(try FrameCodec.encode(frame).readableBytesView.dropFirst(3))
            for length in 0..<body.count where !feed(Array(body[0..<length])) { rejected += 1 }
            for _ in 0..<40 {
                var flipped = body
                let bit = Int.random(in: 0..<(flipped.count * 8), using: &random)
                flipped[bit / 8] ^= 1 << (bit % 8)
                _ = feed(flipped)
            }
        }
        #expect(rejected > 100, "truncated frames should mostly be rejected")
    }
}
