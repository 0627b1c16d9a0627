import Foundation
import Testing

@testable import BatchRuntime

@Suite("DelimitedFileReader restart")
struct FlatFileReaderRestartTests {
    /// Six records; record 2 spans lines 3-4, record 7 (line 10) has a missing field.
    static let text = "id,text\n1,one\n2,\"two\nlines\"\n3,three\n\n4,four\n5,\"fi,ve\"\n6,six\n7\n"

    @Test("a restarted reader continues after the last record read, counts and line numbers included")
    func restartContinues() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", Self.text)
        let first = DelimitedFileReader(name: "tx", path: path) { $0 }
        let (read, context) = try await flatFileDrain(first, context: ExecutionContext(), limit: 3)
        #expect(read.map { $0[0] } == ["1", "2", "3"])
        let offset = try #require(context.int("tx.offset"))
        #expect(offset == Int64("id,text\n1,one\n2,\"two\nlines\"\n3,three\n".utf8.count))
        #expect(context.int("tx.line") == 5)
        #expect(context.int("tx.read.count") == 3)

        let second = DelimitedFileReader(name: "tx", path: path) { $0 }
        try await second.open(context)
        #expect(try second.read()?.fields == ["4", "four"])
        #expect(second.readCount == 4)
        let fifth = try #require(try second.read())
        #expect(fifth.fields == ["5", "fi,ve"])
        #expect(fifth.lineNumber == 8)
        #expect(try fifth.field("text") == "fi,ve")
        #expect(try second.read()?.lineNumber == 9)
        let error = #expect(throws: BatchError.self) { try second.read() }
        #expect(error?.message == "\(path):10: expected 2 fields, found 1")
        var saved = context
        try second.update(&saved)
        #expect(saved.int("tx.read.count") == 6)
        #expect(saved.int("tx.line") == 10, "past the bad record")
        try await second.close()
    }

    @Test("a restart seeks to the offset and never parses the part before it")
    func restartSkipsWithoutParsing() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "n,v\n1,a\n2,b\n3,c\n4,d\n")
        let (_, context) = try await flatFileDrain(DelimitedFileReader(name: "r", path: path) { $0 }, context: ExecutionContext(), limit: 2)
        // Overwrite the already-read records with bytes that cannot be parsed (an unterminated quote).
        try scratch.write("in.csv", "n,v\n\"xx\n\"xx\n3,c\n4,d\n")
        let reader = DelimitedFileReader(name: "r", path: path) { $0 }
        reader.bufferSize = 8
        try await reader.open(context)
        let records = try flatFileReadAll(reader)
        #expect(records.map(\.fields) == [["3", "c"], ["4", "d"]])
        #expect(records.map(\.lineNumber) == [4, 5])
        #expect(reader.columnNames == ["n", "v"])
    }

    @Test("restarting after everything was read returns nothing more")
    func restartAtEnd() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "n\n1\n2")
        let (items, context) = try await flatFileDrain(DelimitedFileReader(name: "r", path: path) { $0[0] }, context: ExecutionContext())
        #expect(items == ["1", "2"])
        #expect(context.int("r.offset") == 5)
        let (again, after) = try await flatFileDrain(DelimitedFileReader(name: "r", path: path) { $0[0] }, context: context)
        #expect(again.isEmpty)
        #expect(after.int("r.read.count") == 2)
    }

    @Test("a fresh reader saves the position after the header")
    func updateBeforeReading() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "a,b\r\n1,2\r\n")
        let reader = DelimitedFileReader(name: "r", path: path)
        var context = ExecutionContext()
        #expect(throws: BatchError.self) { try reader.update(&context) }
        try await reader.open(context)
        try reader.update(&context)
        #expect(context.int("r.offset") == 5)
        #expect(context.int("r.line") == 1)
        #expect(context.int("r.read.count") == 0)
        try await reader.close()
    }

    @Test("without a header the restart offset may be anywhere, including 0")
    func restartWithoutHeader() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "1\n2\n3\n")
        let context = ExecutionContext(["r.offset": .int(2), "r.line": .int(1), "r.read.count": .int(1)])
        let records = try await flatFileRecords(path, header: false, context: context)
        #expect(records.map(\.fields) == [["2"], ["3"]])
        #expect(records.map(\.lineNumber) == [2, 3])
        let fromStart = ExecutionContext(["r.offset": .int(0), "r.line": .int(0), "r.read.count": .int(0)])
        #expect(try await flatFileRecords(path, header: false, context: fromStart).count == 3)
    }

    @Test("a saved offset beyond the end of the file is an error")
    func offsetBeyondEnd() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "a\n1\n")
        let reader = DelimitedFileReader(name: "r", path: path)
        let error = await #expect(throws: BatchError.self) { try await reader.open(ExecutionContext(["r.offset": .int(99)])) }
        #expect(error?.code == .readFailed)
        #expect(error?.message.contains("saved offset 99 lies beyond the end of '\(path)' (4 bytes)") == true)
    }
}
