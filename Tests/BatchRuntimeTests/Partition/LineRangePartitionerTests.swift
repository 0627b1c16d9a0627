import Foundation
import Testing

@testable import BatchRuntime

@Suite("Line range partitioner: one file cut into ranges of lines that workers read by byte offset")
struct LineRangePartitionerTests {
    typealias Part = LineRangePartitioner.Part

    @Test("ranges cover every line once, in parts whose line counts differ by one at most", arguments: [1, 2, 3, 7, 100, 1001])
    func coverage(lines: Int) async throws {
        let scratch = try FlatFileScratch()
        for header in [false, true] {
            for trailingNewline in [false, true] {
                let text = (header ? "id,name\n" : "") + (1...lines).map { "\($0),name \($0)" }.joined(separator: "\n") + (trailingNewline ? "\n" : "")
                let path = try scratch.write("lines.csv", text)
                let starts = Self.lineStarts(text)
                let skip = header ? 1 : 0
                for grid in [1, 2, 3, 4, 8, 50, 2000] {
                    // The default buffer, and tiny ones that put lines across reads and make every cut rescan.
                    for (bufferSize, checkpointLimit) in [(1 << 20, 4096), (16, 2), (64, 5)] {
                        var partitioner = LineRangePartitioner(linesToSkip: skip) { _ in path }
                        partitioner.bufferSize = bufferSize
                        partitioner.checkpointLimit = checkpointLimit
                        let parts = try partitioner.parts(of: path, count: grid)
                        let label = "\(lines) lines, header \(header), trailing LF \(trailingNewline), grid \(grid), buffer \(bufferSize)"
                        #expect(parts.count == min(grid, lines), "\(label)")
                        #expect(parts.first?.firstLine == skip + 1, "\(label)")
                        #expect(parts.last?.lastLine == skip + lines, "\(label)")
                        #expect(parts.last?.end == Int64(text.utf8.count), "\(label)")
                        for (part, next) in zip(parts, parts.dropFirst()) {
                            #expect(part.end == next.start && part.lastLine + 1 == next.firstLine, "contiguous: \(label)")
                        }
                        #expect(parts.allSatisfy { $0.start == starts[$0.firstLine - 1] }, "each range starts at its first line: \(label)")
                        let sizes = parts.map { $0.lastLine - $0.firstLine + 1 }
                        #expect(sizes.reduce(0, +) == lines && sizes.max()! - sizes.min()! <= 1, "\(label): \(sizes)")
                        if bufferSize == 1 << 20 {
                            let records = try await Self.read(path, parts, header: header)
                            #expect(records.map(\.fields) == (1...lines).map { ["\($0)", "name \($0)"] }, "\(label)")
                            #expect(records.map(\.lineNumber) == Array((skip + 1)...(skip + lines)), "\(label)")
                        }
                    }
                }
            }
        }
    }

    @Test("more partitions than lines: one line each, the last one without a line end")
    func morePartitionsThanLines() throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("three.txt", "a\nbb\nc")
        let parts = try LineRangePartitioner { _ in path }.parts(of: path, count: 10)
        #expect(parts == [Part(firstLine: 1, lastLine: 1, start: 0, end: 2), Part(firstLine: 2, lastLine: 2, start: 2, end: 5), Part(firstLine: 3, lastLine: 3, start: 5, end: 6)])
        let withEnd = try scratch.write("three-lf.txt", "a\nbb\nc\n")
        #expect(try LineRangePartitioner { _ in withEnd }.parts(of: withEnd, count: 2) == [
            Part(firstLine: 1, lastLine: 2, start: 0, end: 5), Part(firstLine: 3, lastLine: 3, start: 5, end: 7),
        ])
    }

    @Test("ranges follow records: a quoted field's line breaks stay inside one range, and each range reads exactly its records")
    func quotedLineBreaks() async throws {
        let scratch = try FlatFileScratch()
        let text = "\u{FEFF}id,name\r\n1,\"two\nlines\"\r\n2,plain\r\n3,\"say \"\"hi\"\"\n,still quoted\n\"\r\n4,a\"b\r\n\r\n5,\"x,y\"\r\n6,\"\n\"\r\n7,last"
        let path = try scratch.write("quoted.csv", text)
        let whole = try await flatFileRecords(path)
        #expect(whole.map(\.lineNumber) == [2, 4, 5, 8, 10, 11, 13])
        let recordStarts: Set<Int> = [2, 4, 5, 8, 9, 10, 11, 13]  // line 9 is empty: a line of its own
        for grid in 1...10 {
            for bufferSize in [1 << 20, 16, 5] {
                var partitioner = LineRangePartitioner(linesToSkip: 1) { _ in path }
                partitioner.bufferSize = bufferSize
                partitioner.checkpointLimit = 2
                let parts = try partitioner.parts(of: path, count: grid)
                #expect(parts.count == min(grid, 8))
                #expect(parts.allSatisfy { recordStarts.contains($0.firstLine) }, "grid \(grid), buffer \(bufferSize): \(parts)")
                #expect(parts.last?.lastLine == 13)
                #expect(try await Self.read(path, parts, header: true) == whole, "grid \(grid), buffer \(bufferSize)")
            }
        }
        // Without quoting every line end is a cut point: the file's 12 lines after the header.
        let physical = try LineRangePartitioner(linesToSkip: 1, quote: nil) { _ in path }.parts(of: path, count: 100)
        #expect(physical.map(\.firstLine) == Array(2...13))
    }

    @Test("a file with nothing to partition, or none at all, fails with what is wrong")
    func nothingToPartition() throws {
        let scratch = try FlatFileScratch()
        let empty = try scratch.write("empty.csv", "")
        let emptyError = #expect(throws: BatchError.self) { try LineRangePartitioner { _ in empty }.parts(of: empty, count: 4) }
        #expect(emptyError?.code == .invalidParameters)
        #expect(emptyError?.message.contains("the file is empty") == true)
        let headerOnly = try scratch.write("header.csv", "id,name\n")
        let headerError = #expect(throws: BatchError.self) { try LineRangePartitioner(linesToSkip: 1) { _ in headerOnly }.parts(of: headerOnly, count: 4) }
        #expect(headerError?.message.contains("1 line(s), all of them among the 1 to skip") == true, "\(String(describing: headerError))")
        let missing = scratch.path("missing.csv")
        let missingError = #expect(throws: BatchError.self) { try LineRangePartitioner { _ in missing }.parts(of: missing, count: 4) }
        #expect(missingError?.code == .readFailed)
        #expect(missingError?.message.contains("cannot open input file") == true)
        let badQuote = #expect(throws: BatchError.self) { try LineRangePartitioner(quote: ",") { _ in empty }.parts(of: empty, count: 4) }
        #expect(badQuote?.code == .invalidDeclaration)
    }

    @Test("a reader over a range numbers lines as the file does, restarts inside it, and refuses a range beyond the file")
    func readerOverRange() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("rows.csv", "id,name\n" + (1...20).map { "\($0),n\($0)" }.joined(separator: "\n") + "\n")
        let parts = try LineRangePartitioner(linesToSkip: 1) { _ in path }.parts(of: path, count: 2)
        var partition = ExecutionContext()
        partition[LineRangePartitioner.byteStartKey] = .int(parts[1].start)
        partition[LineRangePartitioner.byteEndKey] = .int(parts[1].end)
        partition[LineRangePartitioner.firstLineKey] = .int(Int64(parts[1].firstLine))
        let range = try #require(FileRange(partition: partition))
        #expect(FileRange(partition: ExecutionContext()) == nil)
        let reader = DelimitedFileReader(name: "rows", path: path, range: range) { $0 }
        try await reader.open(ExecutionContext())
        #expect(reader.columnNames == ["id", "name"])
        let first = try (0..<4).map { _ in try #require(try reader.read()) }
        #expect(first.map(\.lineNumber) == [12, 13, 14, 15])
        #expect(reader.progressEstimate?.total == parts[1].end - parts[1].start)
        var saved = partition
        try reader.update(&saved)
        try await reader.close()
        let resumed = DelimitedFileReader(name: "rows", path: path, range: range) { $0 }
        try await resumed.open(saved)
        let rest = try flatFileReadAll(resumed)
        try await resumed.close()
        #expect(rest.map(\.lineNumber) == Array(16...21))
        #expect(rest.map { $0[0] } == (15...20).map(String.init))
        let beyond = DelimitedFileReader(name: "rows", path: path, range: FileRange(start: 10, end: 10_000, firstLine: 2)) { $0 }
        let error = await #expect(throws: BatchError.self) { try await beyond.open(ExecutionContext()) }
        #expect(error?.message.contains("does not lie within") == true)
    }

    // MARK: - Support

    /// The byte offset at which each line of `text` begins.
    static func lineStarts(_ text: String) -> [Int64] {
        var starts: [Int64] = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == UInt8(ascii: "\n") { starts.append(Int64(offset + 1)) }
        return starts
    }

    /// The records of every part, read one range at a time, in order.
    static func read(_ path: String, _ parts: [Part], header: Bool) async throws -> [DelimitedRecord] {
        var records: [DelimitedRecord] = []
        for part in parts {
            let reader = DelimitedFileReader(
                name: "r", path: path, header: header, range: FileRange(start: part.start, end: part.end, firstLine: part.firstLine))
            try await reader.open(ExecutionContext())
            records += try flatFileReadAll(reader)
            try await reader.close()
        }
        return records
    }
}
