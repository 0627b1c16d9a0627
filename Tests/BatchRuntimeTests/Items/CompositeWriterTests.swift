import Foundation
import Testing

@testable import BatchRuntime

@Suite("Composite and classifier writers")
struct CompositeWriterTests {
    @Test("the composite writes each chunk to every writer in order and forwards stream calls to the streams")
    func composite() async throws {
        let log = CallLog()
        let first = RecordingWriter<Int>("first", log: log)
        let second = RecordingWriter<Int>("second", log: log)
        let plain = InMemoryWriter<Int>()
        let writer = CompositeItemWriter<Int>(first, plain, second)
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk([1, 2, 3]))
        try await writer.write(Chunk([4]))
        try writer.update(&context)
        try await writer.close()
        #expect(first.chunks == [[1, 2, 3], [4]])
        #expect(second.chunks == [[1, 2, 3], [4]])
        #expect(plain.store.items == [1, 2, 3, 4])
        #expect(
            log.entries == [
                "first.open", "second.open", "first.write(3)", "second.write(3)", "first.write(1)", "second.write(1)",
                "first.update", "second.update", "first.close", "second.close",
            ])
        #expect(context.int("first.chunks") == 2)
        #expect(context.int("second.chunks") == 2)
    }

    @Test("a failing writer stops the chunk before the writers after it")
    func compositeFailure() async throws {
        let log = CallLog()
        let after = RecordingWriter<Int>("after", log: log)
        let writer = CompositeItemWriter<Int>([RecordingWriter<Int>("before", log: log), FailingWriter(), after])
        await #expect(throws: Boom.self) { try await writer.write(Chunk([1])) }
        #expect(log.entries == ["before.write(1)"])
        #expect(after.chunks.isEmpty)
    }

    @Test("the classifier gives each writer one sub-chunk per chunk, in order, and skips writers without items")
    func classifier() async throws {
        let log = CallLog()
        let even = RecordingWriter<Int>("even", log: log)
        let odd = RecordingWriter<Int>("odd", log: log)
        let writer = try ClassifierItemWriter<Int, Int>(routes: [0: even, 1: odd]) { $0 % 2 }
        var context = ExecutionContext()
        try await writer.open(context)
        try await writer.write(Chunk([5, 2, 3, 8, 4, 1]))
        try await writer.write(Chunk([7, 9]))
        try writer.update(&context)
        try await writer.close()
        #expect(even.chunks == [[2, 8, 4]])
        #expect(odd.chunks == [[5, 3, 1], [7, 9]])
        #expect(
            log.entries == [
                "even.open", "odd.open", "even.write(3)", "odd.write(3)", "odd.write(2)", "even.update", "odd.update",
                "even.close", "odd.close",
            ])
    }

    @Test("keys that share a writer give it one sub-chunk; unknown keys go to the otherwise writer")
    func sharedAndOtherwise() async throws {
        let log = CallLog()
        let small = RecordingWriter<Int>("small", log: log)
        let rest = RecordingWriter<Int>("rest", log: log)
        let writer = try ClassifierItemWriter<Int, String>(routes: ["one": small, "two": small], otherwise: rest) { item in
            switch item {
            case 1: "one"
            case 2: "two"
            default: "many"
            }
        }
        try await writer.open(ExecutionContext())
        try await writer.write(Chunk([2, 7, 1, 2, 9]))
        #expect(small.chunks == [[2, 1, 2]])
        #expect(rest.chunks == [[7, 9]])
        #expect(log.entries == ["small.open", "rest.open", "small.write(3)", "rest.write(2)"])
    }

    @Test("an item without a route fails the chunk before any writer runs, naming the key and the item")
    func noRoute() async throws {
        let even = RecordingWriter<Int>("even")
        let writer = try ClassifierItemWriter<Int, Int>(routes: [0: even]) { $0 % 2 }
        let error = await #expect(throws: BatchError.self) { try await writer.write(Chunk([2, 4, 5])) }
        #expect(error?.code == .writeFailed)
        #expect(error?.itemIndex == 2)
        #expect(error?.message == "no writer for the key '1' of item 3 of the chunk; the routes are '0': add a route or an otherwise writer")
        #expect(even.chunks.isEmpty)
        let twice = #expect(throws: BatchError.self) {
            try ClassifierItemWriter<Int, Int>(routes: [0: even, 0: RecordingWriter<Int>("other")]) { $0 }
        }
        #expect(twice?.code == .invalidDeclaration)
    }

    @Test("file writers behind a classifier write each route's file and restart cleanly")
    func filesBehindClassifier() async throws {
        let scratch = try FlatFileScratch()
        let make = {
            try ClassifierItemWriter<Order, Bool>(
                routes: [
                    true: JSONLinesWriter<Order>(name: "large", path: scratch.path("large.jsonl")),
                    false: JSONLinesWriter<Order>(name: "small", path: scratch.path("small.jsonl")),
                ]) { $0.amount >= 100 }
        }
        let orders = (1...6).map { Order(id: $0, amount: $0 % 2 == 0 ? 500 : 5) }
        let first = try make()
        var context = ExecutionContext()
        try await first.open(context)
        try await first.write(Chunk(Array(orders[0..<2])))
        try first.update(&context)
        try await first.write(Chunk(Array(orders[2..<4])))  // never committed
        try await first.close()
        let second = try make()
        try await second.open(context)
        try await second.write(Chunk(Array(orders[2...])))
        try second.update(&context)
        try await second.close()
        let (large, _) = try await flatFileDrain(JSONLinesReader<Order>(name: "r", path: scratch.path("large.jsonl")), context: ExecutionContext())
        let (small, _) = try await flatFileDrain(JSONLinesReader<Order>(name: "r", path: scratch.path("small.jsonl")), context: ExecutionContext())
        #expect(large.map(\.id) == [2, 4, 6])
        #expect(small.map(\.id) == [1, 3, 5])
    }
}

/// A writer that always fails.
struct FailingWriter: ItemWriter {
    func write(_ chunk: Chunk<Int>) async throws { throw Boom(description: "cannot write") }
}
