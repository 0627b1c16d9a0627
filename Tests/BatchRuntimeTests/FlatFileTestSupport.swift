import Foundation
import Testing

@testable import BatchRuntime

/// A temporary directory for one flat-file test, removed when the value goes away.
final class FlatFileScratch {
    /// The directory's path.
    let directory: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swift-batch-flatfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directory = url.path
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The path of `name` in the directory.
    func path(_ name: String) -> String { directory + "/" + name }

    /// Writes `text` (as UTF-8) to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `bytes` as they are (not necessarily UTF-8) to `name` and returns its path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The contents of the file at `path`.
    func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }
}

/// Reads every remaining item.
func flatFileReadAll<Item>(_ reader: DelimitedFileReader<Item>) throws -> [Item] {
    var items: [Item] = []
    while let item = try reader.read() { items.append(item) }
    return items
}

/// Opens `reader` with `context`, reads everything and closes it.
func flatFileRecords(
    _ path: String, delimiter: Character = ",", header: Bool = true, columnCount: Int? = nil,
    invalidUTF8: InvalidUTF8Handling = .fail, bufferSize: Int? = nil, context: ExecutionContext = ExecutionContext()
) async throws -> [DelimitedRecord] {
    let reader = DelimitedFileReader(
        name: "r", path: path, delimiter: delimiter, header: header, columnCount: columnCount, invalidUTF8: invalidUTF8)
    if let bufferSize { reader.bufferSize = bufferSize }
    try await reader.open(context)
    let records = try flatFileReadAll(reader)
    try await reader.close()
    return records
}

/// Drives any restartable reader through the protocols only, as the step engine does.
func flatFileDrain<Reader: ItemReader & ItemStream>(
    _ reader: Reader, context: ExecutionContext, limit: Int = .max
) async throws -> (items: [Reader.Item], context: ExecutionContext) {
    var context = context
    try await reader.open(context)
    var items: [Reader.Item] = []
    while items.count < limit, let item = try await reader.read() { items.append(item) }
    try reader.update(&context)
    try await reader.close()
    return (items, context)
}
