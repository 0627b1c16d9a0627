import Foundation
import Testing

@testable import BatchRuntime

@Suite("JSONLinesWriter")
struct JSONLinesWriterTests {
    static let orders = (1...7).map { Order(id: $0, amount: Double($0) * 1.5, note: $0 == 3 ? "line\nbreak \"quoted\" a/b" : nil) }

    @Test("what the writer writes, the reader reads back the same")
    func roundTrip() async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("orders.jsonl")
        let writer = JSONLinesWriter<Order>(name: "out", path: path)
        var context = ExecutionContext()
        try await writer.open(context)
        try writer.write(Chunk(Array(Self.orders[0..<4])))
        try writer.write(Chunk())
        try writer.write(Chunk(Array(Self.orders[4...])))
        try writer.update(&context)
        try await writer.close()
        let text = try scratch.contents(path)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 8, "seven lines and the final line end")
        #expect(text.hasPrefix("{\"amount\":1.5,\"id\":1}\n"), "sorted keys, nil optional left out")
        #expect(text.contains("\"note\":\"line\\nbreak \\\"quoted\\\" a/b\""))
        #expect(context.int("out.written.count") == 7)
        #expect(context.int("out.offset") == Int64(text.utf8.count))

        let (read, _) = try await flatFileDrain(JSONLinesReader<Order>(name: "in", path: path), context: ExecutionContext())
        #expect(read == Self.orders)
    }

    @Test("a restart truncates to the committed offset, so the failed chunk's lines are written once")
    func restartTruncates() async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("orders.jsonl")
        let first = JSONLinesWriter<Order>(name: "out", path: path)
        var context = ExecutionContext()
        try await first.open(context)
        try first.write(Chunk(Array(Self.orders[0..<3])))
        try first.update(&context)
        try first.write(Chunk(Array(Self.orders[3..<5])))  // written, never committed
        try await first.close()
        #expect(try scratch.contents(path).split(separator: "\n").count == 5)

        let second = JSONLinesWriter<Order>(name: "out", path: path)
        try await second.open(context)
        #expect(try scratch.contents(path).split(separator: "\n").count == 3)
        try second.write(Chunk(Array(Self.orders[3...])))
        try second.update(&context)
        try await second.close()
        #expect(second.writtenCount == 7)
        let (read, _) = try await flatFileDrain(JSONLinesReader<Order>(name: "in", path: path), context: ExecutionContext())
        #expect(read == Self.orders)
    }

    @Test("a mapping closure chooses what is written")
    func mapping() async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("ids.jsonl")
        let writer = JSONLinesWriter<Int>(name: "out", path: path) { ["id": $0] }
        try await writer.open(ExecutionContext())
        try writer.write(Chunk([1, 2]))
        try await writer.close()
        #expect(try scratch.contents(path) == "{\"id\":1}\n{\"id\":2}\n")
    }

    @Test("an item that cannot be encoded, and a pretty-printing encoder, fail the write with the reason")
    func encodingErrors() async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("orders.jsonl")
        let writer = JSONLinesWriter<Order>(name: "out", path: path)
        try await writer.open(ExecutionContext())
        let nan = #expect(throws: BatchError.self) { try writer.write(Chunk([Order(id: 1, amount: .nan)])) }
        #expect(nan?.code == .writeFailed)
        #expect(nan?.message.hasPrefix("cannot format a line for '\(path)': cannot encode nan at 'amount' as JSON") == true)
        try await writer.close()

        let encoder = JSONEncoder()
        encoder.outputFormatting = .prettyPrinted
        let pretty = JSONLinesWriter<Order>(name: "out", path: path, encoder: encoder)
        try await pretty.open(ExecutionContext())
        let error = #expect(throws: BatchError.self) { try pretty.write(Chunk([Order(id: 1, amount: 1)])) }
        #expect(error?.message.contains("do not set .prettyPrinted") == true)
        try await pretty.close()
        #expect(try scratch.contents(path).isEmpty, "nothing of the failed chunks reached the file")
    }
}
