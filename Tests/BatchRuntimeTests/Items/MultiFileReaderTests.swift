import Foundation
import Testing

@testable import BatchRuntime

@Suite("MultiFileReader")
struct MultiFileReaderTests {
    /// Three CSV files with a header each (`b.csv` has a blank line), and a file the pattern does not match.
    static func files(_ scratch: FlatFileScratch) throws {
        try scratch.write("tx-03.csv", "id\n7\n8\n")
        try scratch.write("tx-01.csv", "id\n1\n2\n3\n")
        try scratch.write("tx-02.csv", "id\n4\n\n5\n6\n")
        try scratch.write("other.csv", "id\n99\n")
    }

    static func reader(_ scratch: FlatFileScratch) -> MultiFileReader<String> {
        MultiFileReader(name: "inputs", pattern: scratch.directory + "/tx-*.csv") { path in
            DelimitedFileReader(name: "tx", path: path) { $0[0] }
        }
    }

    @Test("reads the matching files in sorted order as one input, naming each item's file and line")
    func readsAll() async throws {
        let scratch = try FlatFileScratch()
        try Self.files(scratch)
        let reader = Self.reader(scratch)
        try await reader.open(ExecutionContext())
        #expect(reader.paths == ["tx-01.csv", "tx-02.csv", "tx-03.csv"].map(scratch.path))
        var items: [String] = []
        var places: [String] = []
        while let item = try await reader.read() {
            items.append(item)
            places.append("\((reader.inputName as NSString).lastPathComponent):\(reader.lastItemLine ?? 0)")
        }
        #expect(items == ["1", "2", "3", "4", "5", "6", "7", "8"])
        #expect(places == ["tx-01.csv:2", "tx-01.csv:3", "tx-01.csv:4", "tx-02.csv:2", "tx-02.csv:4", "tx-02.csv:5", "tx-03.csv:2", "tx-03.csv:3"])
        #expect(reader.readCount == 8)
        let progress = try #require(reader.progressEstimate)
        #expect(progress.done == progress.total)
        #expect(progress.total == Int64("id\n7\n8\nid\n1\n2\n3\nid\n4\n\n5\n6\n".utf8.count))
        try await reader.close()
    }

    @Test("a restart resumes in the same file at the delegate's position, then reads the rest")
    func restartMidFile() async throws {
        let scratch = try FlatFileScratch()
        try Self.files(scratch)
        let (first, context) = try await flatFileDrain(Self.reader(scratch), context: ExecutionContext(), limit: 4)
        #expect(first == ["1", "2", "3", "4"])
        #expect(context.int("inputs.file.index") == 1)
        #expect(context.string("inputs.file.name") == scratch.path("tx-02.csv"))
        #expect(context.int("inputs.read.count") == 4)
        #expect(context.int("tx.offset") == 5, "the delegate's own position, in tx-02.csv")
        #expect(context.int("tx.read.count") == 1)

        let second = Self.reader(scratch)
        try await second.open(context)
        #expect(try await second.read() == "5")
        #expect(second.lastItemLine == 4)
        #expect(try await readRemaining(second) == ["6", "7", "8"])
        var saved = context
        try second.update(&saved)
        #expect(saved.int("inputs.read.count") == 8)
        #expect(saved.int("inputs.file.index") == 3)
        try await second.close()

        let (again, _) = try await flatFileDrain(Self.reader(scratch), context: saved)
        #expect(again.isEmpty, "a restart after the end reads nothing")
    }

    @Test("a restart at the end of a file goes on with the next one")
    func restartAtFileEnd() async throws {
        let scratch = try FlatFileScratch()
        try Self.files(scratch)
        let (first, context) = try await flatFileDrain(Self.reader(scratch), context: ExecutionContext(), limit: 3)
        #expect(first == ["1", "2", "3"])
        #expect(context.int("inputs.file.index") == 0)
        let (rest, _) = try await flatFileDrain(Self.reader(scratch), context: context)
        #expect(rest == ["4", "5", "6", "7", "8"])
    }

    @Test("a restart fails clearly when the saved file is gone or moved")
    func changedFiles() async throws {
        let scratch = try FlatFileScratch()
        try Self.files(scratch)
        let (_, context) = try await flatFileDrain(Self.reader(scratch), context: ExecutionContext(), limit: 4)
        try FileManager.default.removeItem(atPath: scratch.path("tx-02.csv"))
        let gone = await #expect(throws: BatchError.self) { try await Self.reader(scratch).open(context) }
        #expect(gone?.code == .streamFailed)
        #expect(
            gone?.message
                == "cannot restart 'inputs': the last run was reading file 2 '\(scratch.path("tx-02.csv"))' of the files matching '\(scratch.directory)/tx-*.csv', but it is no longer among them (2 files now); restore the files as they were, or start a new job instance"
        )
        try scratch.write("tx-02.csv", "id\n4\n\n5\n6\n")
        try scratch.write("tx-00.csv", "id\n0\n")
        let moved = await #expect(throws: BatchError.self) { try await Self.reader(scratch).open(context) }
        #expect(moved?.message.contains("it is now file 3 of 4: files were added or removed before it") == true)
    }

    @Test("a bad record names its file and line and is consumed")
    func badRecord() async throws {
        let scratch = try FlatFileScratch()
        try scratch.write("tx-01.csv", "id\n1\n")
        try scratch.write("tx-02.csv", "id\n2\n3,extra\n4\n")
        let reader = Self.reader(scratch)
        try await reader.open(ExecutionContext())
        #expect(try await reader.read() == "1")
        #expect(try await reader.read() == "2")
        let error = await #expect(throws: BatchError.self) { try await reader.read() }
        #expect(error?.message == "\(scratch.path("tx-02.csv")):3: expected 1 fields, found 2")
        #expect(try await reader.read() == "4")
        #expect(try await reader.read() == nil)
    }

    @Test("a pattern that matches nothing fails unless allowed")
    func noMatch() async throws {
        let scratch = try FlatFileScratch()
        let strict = Self.reader(scratch)
        let error = await #expect(throws: BatchError.self) { try await strict.open(ExecutionContext()) }
        #expect(error?.code == .readFailed)
        #expect(error?.message.contains("no input file matches '\(scratch.directory)/tx-*.csv'") == true)
        let lenient = MultiFileReader<String>(name: "inputs", pattern: scratch.directory + "/tx-*.csv", allowEmpty: true) { path in
            DelimitedFileReader(name: "tx", path: path) { $0[0] }
        }
        let (items, context) = try await flatFileDrain(lenient, context: ExecutionContext())
        #expect(items.isEmpty)
        #expect(context.int("inputs.file.index") == 0)
    }

    @Test("JSON Lines delegates over explicit paths keep the given order")
    func explicitPaths() async throws {
        let scratch = try FlatFileScratch()
        let b = try scratch.write("b.jsonl", "{\"id\":2,\"amount\":2}\n")
        let a = try scratch.write("a.jsonl", "{\"id\":1,\"amount\":1}\n")
        let reader = MultiFileReader<Order>(name: "inputs", paths: [b, a]) { JSONLinesReader<Order>(name: "orders", path: $0) }
        let (items, _) = try await flatFileDrain(reader, context: ExecutionContext())
        #expect(items.map(\.id) == [2, 1])
    }
}
