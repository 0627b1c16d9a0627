import Foundation
import Logging
import Synchronization

@testable import DataflowServer

/// A temporary directory, removed by ``remove()``.
struct ConfigFixtureDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("dataflow-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `relative`, making its directories; returns the file's path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A path inside the directory.
    func path(_ relative: String) -> String {
        (path as NSString).appendingPathComponent(relative)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A log handler that keeps every message and its metadata as text.
struct ConfigurationLogRecorder: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let line = "\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        store.lines.withLock { $0.append(line) }
    }
}

/// A logger recording into `store`.
func configurationLogger(_ store: ConfigurationLogRecorder.Store) -> Logger {
    Logger(label: "test") { _ in ConfigurationLogRecorder(store: store) }
}

/// Loads the configuration with no default file locations (so nothing on this machine is read).
func loadServerConfiguration(
    _ arguments: [String] = [], environment: [String: String] = [:], configDirectories: [String] = [],
    logs: ConfigurationLogRecorder.Store = ConfigurationLogRecorder.Store()
) throws(ServerConfigurationError) -> DataflowServerConfiguration {
    try DataflowServerConfiguration.load(
        arguments: arguments, environment: environment, logger: configurationLogger(logs), configDirectories: configDirectories)
}

/// The error loading throws.
func serverConfigurationError(_ arguments: [String] = [], environment: [String: String] = [:], configDirectories: [String] = []) -> ServerConfigurationError? {
    do {
        _ = try loadServerConfiguration(arguments, environment: environment, configDirectories: configDirectories)
        return nil
    } catch {
        return error
    }
}

/// A valid bcrypt hash (of "password", cost 10).
let sampleBcrypt = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
/// A SHA-256 in hex (of "test").
let sampleSHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
