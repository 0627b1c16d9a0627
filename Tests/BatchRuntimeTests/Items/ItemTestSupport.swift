import Foundation

@testable import BatchRuntime

/// An order as the JSON Lines tests read and write it.
struct Order: Codable, Hashable, Sendable {
    var id: Int
    var amount: Double
    var note: String?
}

/// Reads every remaining item of any reader.
func readRemaining<Reader: ItemReader>(_ reader: Reader) async throws -> [Reader.Item] {
    var items: [Reader.Item] = []
    while let item = try await reader.read() { items.append(item) }
    return items
}

/// Collects the chunks it receives, one array per call, and records its stream calls.
final class RecordingWriter<Item>: ItemWriter, ItemStream {
    let name: String
    private(set) var chunks: [[Item]] = []
    private let log: CallLog?

    init(_ name: String, log: CallLog? = nil) {
        self.name = name
        self.log = log
    }

    var items: [Item] { chunks.flatMap { $0 } }

    func write(_ chunk: Chunk<Item>) async throws {
        chunks.append(chunk.items)
        log?.append("\(name).write(\(chunk.count))")
    }

    func open(_ context: ExecutionContext) async throws { log?.append("\(name).open") }
    func update(_ context: inout ExecutionContext) throws {
        context["\(name).chunks"] = .int(Int64(chunks.count))
        log?.append("\(name).update")
    }
    func close() async throws { log?.append("\(name).close") }
}

/// The order of calls across several writers.
final class CallLog {
    private(set) var entries: [String] = []
    func append(_ entry: String) { entries.append(entry) }
}
