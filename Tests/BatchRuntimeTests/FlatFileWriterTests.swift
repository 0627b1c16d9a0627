import Foundation
import Testing

@testable import BatchRuntime

@Suite("FlatFileWriter")
struct FlatFileWriterTests {
    private func writer(_ path: String, header: String? = "id,name") -> FlatFileWriter<(Int, String)> {
        FlatFileWriter(name: "out", path: path, header: header) { item in DelimitedText.format([String(item.0), item.1]) }
    }

    @Test("a restart truncates the lines written after the last commit; nothing is duplicated")
    func restartTruncatesUncommittedLines() async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("out.csv")
        var context = ExecutionContext()

        let first = writer(path)
        try await first.open(context)
        try first.write(Chunk([(1, "one"), (2, "two, too")]))
        try first.update(&context)
        try first.write(Chunk([(3, "three")]))
        try first.update(&context)
        #expect(context.int("out.offset") == Int64("id,name\n1,one\n2,\"two, too\"\n3,three\n".utf8.count))
        #expect(context.int("out.written.count") == 3)
        // The third chunk is written but the process dies before its commit (no update).
        try first.write(Chunk([(4, "four"), (5, "five")]))
        try await first.close()
        #expect(try scratch.contents(path) == "id,name\n1,one\n2,\"two, too\"\n3,three\n4,four\n5,five\n")

        let second = writer(path)
        try await second.open(context)
        #expect(try scratch.contents(path) == "id,name\n1,one\n2,\"two, too\"\n3,three\n")
        #expect(second.writtenCount == 3)
        try second.write(Chunk([(4, "four"), (5, "five")]))
        try second.write(Chunk([(6, "Zürich 🚀")]))
        try second.update(&context)
        try await second.close()
        #expect(try scratch.contents(path) == "id,name\n1,one\n2,\"two, too\"\n3,three\n4,four\n5,five\n6,Zürich 🚀\n")
        #expect(context.int("out.written.count") == 6)
        #expect(context.int("out.offset") == Int64(try scratch.contents(path).utf8.count))
    }

    @Test("a fresh open empties an existing file and writes the header once; no header when nil")
    func freshOpen() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("out.csv", "stale content\nmore\n")
        let withHeader = writer(path)
        try await withHeader.open(ExecutionContext())
        try withHeader.write(Chunk([]))
        try withHeader.write(Chunk([(1, "a")]))
        try await withHeader.close()
        #expect(try scratch.contents(path) == "id,name\n1,a\n")

        let plain = writer(path, header: nil)
        var context = ExecutionContext()
        try await plain.open(context)
        try plain.update(&context)
        #expect(context.int("out.offset") == 0)
        try plain.write(Chunk([(2, "b\"c")]))
        try await plain.close()
        #expect(try scratch.contents(path) == "2,\"b\"\"c\"\n")
    }

    @Test("a restart whose file is missing is an error")
    func restartWithoutFile() async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("gone.csv")
        let restarted = writer(path)
        let error = await #expect(throws: BatchError.self) {
            try await restarted.open(ExecutionContext(["out.offset": .int(12), "out.written.count": .int(1)]))
        }
        #expect(error?.code == .streamFailed)
        #expect(error?.message.hasPrefix("cannot write '\(path)': No such file or directory") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a restart whose file is shorter than the committed offset is an error")
    func restartWithShortFile() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("out.csv", "id\n")
        let error = await #expect(throws: BatchError.self) {
            try await writer(path).open(ExecutionContext(["out.offset": .int(100)]))
        }
        #expect(error?.code == .streamFailed)
        #expect(error?.message.contains("shorter than the committed offset 100") == true)
        #expect(try scratch.contents(path) == "id\n")
    }

    @Test("an unwritable path fails at open with the system's reason")
    func unwritablePath() async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("no/such/dir/out.csv")
        let error = await #expect(throws: BatchError.self) { try await writer(path).open(ExecutionContext()) }
        #expect(error?.message == "cannot write '\(path)': No such file or directory")
    }

    @Test("write before open, and errors thrown by the line closure, are write failures")
    func writeErrors() async throws {
        struct Unprintable: Error {}
        let scratch = try FlatFileScratch()
        let path = scratch.path("out.txt")
        let failing = FlatFileWriter<Int>(name: "out", path: path) { value in
            guard value >= 0 else { throw Unprintable() }
            return String(value)
        }
        let early = #expect(throws: BatchError.self) { try failing.write(Chunk([1])) }
        #expect(early?.code == .writeFailed)
        #expect(early?.message == "writer 'out' for '\(path)' is not open: call open(_:) before write(_:)")

        try await failing.open(ExecutionContext())
        let error = #expect(throws: BatchError.self) { try failing.write(Chunk([1, -1])) }
        #expect(error?.code == .writeFailed)
        #expect(error?.cause is Unprintable)
        #expect(error?.message.hasPrefix("cannot format a line for '\(path)'") == true)
        try failing.write(Chunk([7]))
        try await failing.close()
        #expect(try scratch.contents(path) == "7\n")
    }
}
