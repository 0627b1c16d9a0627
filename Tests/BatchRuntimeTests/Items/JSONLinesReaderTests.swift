import Foundation
import Testing

@testable import BatchRuntime

@Suite("JSONLinesReader")
struct JSONLinesReaderTests {
    /// Five orders on lines 1, 2, 4, 5 and 7 (line 3 blank, line 6 spaces only), CRLF on line 2, no final line end.
    static let text =
        "{\"id\":1,\"amount\":10.5}\n{\"id\":2,\"amount\":20,\"note\":\"two\"}\r\n\n{\"id\":3,\"amount\":30}\n{\"id\":4,\"amount\":40}\n   \t\n{\"id\":5,\"amount\":50}"

    @Test("decodes one object per line, skipping blank lines, with each item's line")
    func readsLines() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("orders.jsonl", Self.text)
        let reader = JSONLinesReader<Order>(name: "orders", path: path)
        reader.bufferSize = 7
        try await reader.open(ExecutionContext())
        var lines: [Int?] = []
        var orders: [Order] = []
        while let order = try reader.read() {
            orders.append(order)
            lines.append(reader.lastItemLine)
        }
        #expect(orders.map(\.id) == [1, 2, 3, 4, 5])
        #expect(orders[1] == Order(id: 2, amount: 20, note: "two"))
        #expect(lines == [1, 2, 4, 5, 7])
        #expect(reader.inputName == path)
        #expect(reader.progressEstimate == ProgressEstimate(done: Int64(Self.text.utf8.count), total: Int64(Self.text.utf8.count)))
        try await reader.close()
    }

    @Test("a restarted reader continues after the last line read, counts and line numbers included")
    func restartContinues() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("orders.jsonl", Self.text)
        let (first, context) = try await flatFileDrain(JSONLinesReader<Order>(name: "orders", path: path), context: ExecutionContext(), limit: 3)
        #expect(first.map(\.id) == [1, 2, 3])
        let prefix = "{\"id\":1,\"amount\":10.5}\n{\"id\":2,\"amount\":20,\"note\":\"two\"}\r\n\n{\"id\":3,\"amount\":30}\n"
        #expect(context.int("orders.offset") == Int64(prefix.utf8.count))
        #expect(context.int("orders.line") == 4)
        #expect(context.int("orders.read.count") == 3)

        let second = JSONLinesReader<Order>(name: "orders", path: path)
        try await second.open(context)
        #expect(try second.read()?.id == 4)
        #expect(second.lastItemLine == 5)
        #expect(second.readCount == 4)
        #expect(try second.read()?.id == 5)
        #expect(second.lastItemLine == 7)
        #expect(try second.read() == nil)
        var saved = context
        try second.update(&saved)
        #expect(saved.int("orders.read.count") == 5)
        #expect(saved.int("orders.line") == 7)
        #expect(saved.int("orders.offset") == Int64(Self.text.utf8.count))
        try await second.close()
    }

    @Test("a bad line is reported with its file and line and consumed; the next read goes on")
    func badLines() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write(
            "orders.jsonl",
            "{\"id\":1,\"amount\":1}\n{\"id\":2,\"amount\":\n{\"id\":3}\n{\"id\":\"four\",\"amount\":4}\n{\"id\":5,\"amount\":5}\n")
        let reader = JSONLinesReader<Order>(name: "orders", path: path)
        try await reader.open(ExecutionContext())
        #expect(try reader.read()?.id == 1)
        let broken = #expect(throws: BatchError.self) { try reader.read() }
        #expect(broken?.code == .readFailed)
        #expect(broken?.message.hasPrefix("\(path):2: not valid JSON") == true)
        let missing = #expect(throws: BatchError.self) { try reader.read() }
        #expect(missing?.message == "\(path):3: missing key 'amount'")
        let mismatch = #expect(throws: BatchError.self) { try reader.read() }
        #expect(mismatch?.message.hasPrefix("\(path):4: expected Int at 'id'") == true)
        #expect(try reader.read()?.id == 5)
        var context = ExecutionContext()
        try reader.update(&context)
        #expect(context.int("orders.read.count") == 2, "bad lines are not counted as read")
        #expect(context.int("orders.line") == 5)
        try await reader.close()
    }

    @Test("bytes that are not UTF-8 name the line and the byte offset")
    func invalidUTF8() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("latin1.jsonl", bytes: Array("{\"id\":1,\"amount\":1}\n{\"id\":2,\"amount\":2,\"note\":\"caf".utf8) + [0xE9] + Array("\"}\n".utf8))
        let reader = JSONLinesReader<Order>(name: "orders", path: path)
        try await reader.open(ExecutionContext())
        #expect(try reader.read()?.id == 1)
        let error = #expect(throws: BatchError.self) { try reader.read() }
        #expect(error?.message.hasPrefix("\(path):2: invalid UTF-8 at byte offset 50 (0xE9)") == true)
        #expect(try reader.read() == nil)
    }

    @Test("a mapping closure turns decoded lines into items; its errors carry the line")
    func mapping() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("orders.jsonl", "{\"id\":1,\"amount\":1}\n{\"id\":-2,\"amount\":2}\n")
        let reader = JSONLinesReader(name: "ids", path: path, decoding: Order.self) { order in
            guard order.id > 0 else { throw Boom(description: "negative id \(order.id)") }
            return "order-\(order.id)"
        }
        try await reader.open(ExecutionContext())
        #expect(try reader.read() == "order-1")
        let error = #expect(throws: BatchError.self) { try reader.read() }
        #expect(error?.message.hasPrefix("\(path):2: ") == true)
        #expect(error?.message.contains("negative id -2") == true)
        #expect(error?.cause is Boom)
    }

    @Test("a missing file and an offset beyond the end are clear errors")
    func openErrors() async throws {
        let scratch = try FlatFileScratch()
        let missing = JSONLinesReader<Order>(name: "orders", path: scratch.path("none.jsonl"))
        let notFound = await #expect(throws: BatchError.self) { try await missing.open(ExecutionContext()) }
        #expect(notFound?.message == "cannot open input file '\(scratch.path("none.jsonl"))': No such file or directory")
        let path = try scratch.write("orders.jsonl", "{\"id\":1,\"amount\":1}\n")
        let reader = JSONLinesReader<Order>(name: "orders", path: path)
        let beyond = await #expect(throws: BatchError.self) { try await reader.open(ExecutionContext(["orders.offset": .int(500)])) }
        #expect(beyond?.message.contains("the saved offset 500 lies beyond the end of '\(path)' (20 bytes)") == true)
        #expect(throws: BatchError.self) { try reader.read() }
    }
}
