import DatabaseTestSupport
import Foundation
import SwiftASN1

/// Runs `Tests/Peers/crypto_peer.py`, which plays the Java proxy and client with Python's
/// `cryptography` and `cramjam` packages.
enum CryptoPeer {
    /// The script's path.
    static let script = PythonPeer.script("crypto_peer.py")

    /// Runs one command of the script in `directory` and returns its trimmed standard output.
    /// - Throws: `TestSetupError` with the output when the script fails.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL) async throws -> String {
        let process = try TestProcess("/usr/bin/env", ["python3", script] + arguments, in: directory)
        let outcome = try await process.wait()
        guard outcome.status == 0 else {
            throw TestSetupError("crypto_peer.py \(arguments.first ?? "") failed: \(outcome)")
        }
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Hand-assembled DER for keys that the parser must refuse, written with SwiftASN1's serializer.
enum TestDER {
    /// One element with the single-byte universal `tag` (its constructed bit included) and raw `contents`.
    static func element(_ tag: UInt8, _ contents: [UInt8]) -> [UInt8] {
        let identifier = ASN1Identifier(tagWithNumber: UInt(tag & 0x1F), tagClass: .universal)
        var der = DER.Serializer()
        if tag & 0x20 != 0 {
            der.appendConstructedNode(identifier: identifier) { $0.serializeRawBytes(contents) }
        } else {
            der.appendPrimitiveNode(identifier: identifier) { $0 += contents }
        }
        return der.serializedBytes
    }
}

/// Reads and writes the binary files exchanged with the Python peer.
extension URL {
    /// The file `name` inside this directory.
    func file(_ name: String) -> URL { appendingPathComponent(name) }

    /// The file's bytes.
    func readBytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: self)) }

    /// Replaces the file's contents with `bytes`.
    func write(_ bytes: [UInt8]) throws { try Data(bytes).write(to: self) }
}

/// Hex conversion for test vectors and for passing bytes to the Python peer.
extension Array where Element == UInt8 {
    /// Bytes from a hex string (whitespace ignored); traps on malformed hex, which only tests write.
    init(hex: String) {
        let digits = hex.filter { !$0.isWhitespace }.map { UInt8(String($0), radix: 16)! }
        precondition(digits.count % 2 == 0, "odd number of hex digits")
        self = stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    /// Lower-case hex.
    var hex: String {
        let digits = [Character]("0123456789abcdef")
        var text = ""
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}

/// Prometheus text exposition that looks like a real scrape: families with HELP and TYPE lines and
/// many labelled samples with varying values.
func prometheusText(byteCount: Int, seed: UInt64 = 1) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    let families = [
        ("http_server_requests_seconds_count", "counter", "Number of HTTP requests served."),
        ("jvm_memory_used_bytes", "gauge", "The amount of used memory."),
        ("batch_job_step_duration_seconds_sum", "counter", "Total time spent in batch job steps."),
        ("process_cpu_usage", "gauge", "The recent cpu usage for the process."),
    ]
    let methods = ["GET", "POST", "PUT", "DELETE"]
    let uris = ["/api/v1/jobs", "/api/v1/jobs/{id}", "/actuator/prometheus", "/api/v1/steps/{id}/status"]
    var text = ""
    var family = 0
    while text.utf8.count < byteCount {
        let (name, type, help) = families[family % families.count]
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        for _ in 0..<Int.random(in: 20...60, using: &random) {
            let method = methods.randomElement(using: &random)!
            let uri = uris.randomElement(using: &random)!
            let status = [200, 201, 404, 500].randomElement(using: &random)!
            let value = Double(Int.random(in: 0...10_000_000, using: &random)) / 1000
            text += "\(name){application=\"swift-batch\",instance=\"worker-\(family % 7):8080\",method=\"\(method)\","
            text += "status=\"\(status)\",uri=\"\(uri)\"} \(value)\n"
        }
        family += 1
    }
    return Array(text.utf8.prefix(byteCount))
}
