import Foundation

/// A test environment problem (a missing server, a failed setup step): fails the test with its text.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// How long a test waits for something before it calls it a hang and fails.
///
/// Every wait in the suite (a poll, an output line, a browser condition, a guard around a run)
/// ends as soon as what it waits for happens; this limit only catches a hang. It is minutes,
/// not seconds, because the whole suite runs its tests in parallel: on a two-core machine with
/// two CPU hogs beside it, a job of five empty tasklets took 45 s, and a 60 s guard failed a
/// correct test.
public let hangLimit: Duration = .seconds(600)

/// Yields until `condition` holds: waits for a state another task or process reaches,
/// without sleeping, and fails after `limit` so a broken test cannot hang the suite.
public func waitUntil(
    _ what: String, limit: Duration = hangLimit, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestSetupError("timed out waiting for \(what)") }
        await Task.yield()
    }
}

/// Runs `body` with a new empty directory, removed afterwards.
public func withTemporaryDirectory<T>(
    isolation: isolated (any Actor)? = #isolation, _ body: (URL) async throws -> T
) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swift-batch-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// A loopback TCP port with no listener: bound to learn its number, then closed.
public func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSetupError("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw TestSetupError("bind() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
