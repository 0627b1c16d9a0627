import Foundation
import Testing

@testable import BatchRuntime

@Suite("DelimitedFileReader UTF-8")
struct FlatFileEncodingTests {
    private static let advice =
        "the file may be in another encoding such as ISO-8859-1: convert it (iconv -f latin1 -t utf-8) or set invalidUTF8: .replace to read bad bytes as U+FFFD"

    /// Reads `path` until the reader throws; returns the records read before and the error.
    private func readUntilError(
        _ path: String, header: Bool = true, bufferSize: Int? = nil, context: ExecutionContext = ExecutionContext()
    ) async throws -> (records: [DelimitedRecord], error: BatchError?) {
        let reader = DelimitedFileReader(name: "r", path: path, header: header)
        if let bufferSize { reader.bufferSize = bufferSize }
        try await reader.open(context)
        var records: [DelimitedRecord] = []
        do {
            while let record = try reader.read() { records.append(record) }
        } catch {
            try await reader.close()
            return (records, error)
        }
        try await reader.close()
        return (records, nil)
    }

    @Test("a Latin-1 byte fails the read with the file, line, byte offset, byte and field")
    func latin1Byte() async throws {
        let scratch = try FlatFileScratch()
        let before = Array("id,name\n1,plain\n2,caf".utf8)
        let path = try scratch.write("tx.csv", bytes: before + [0xE9] + Array("\n3,ok\n".utf8))
        let (records, error) = try await readUntilError(path)
        #expect(records.map(\.fields) == [["1", "plain"]])
        #expect(error?.code == .readFailed)
        #expect(error?.message == "\(path):3: invalid UTF-8 at byte offset \(before.count) (0xE9 in field 2); \(Self.advice)")
    }

    @Test("the error is the same wherever the read buffer cuts the file")
    func everyBufferSize() async throws {
        let scratch = try FlatFileScratch()
        let before = Array("id,name\n1,Zürich 🚀\n2,\"a,\"\"b\"\"\",caf".utf8)
        let path = try scratch.write("tx.csv", bytes: before + [0xE9, 0x0A])
        let expected = "\(path):3: invalid UTF-8 at byte offset \(before.count) (0xE9 in field 3); \(Self.advice)"
        for size in 1...48 {
            let (records, error) = try await readUntilError(path, bufferSize: size)
            #expect(records.map(\.fields) == [["1", "Zürich 🚀"]], "buffer size \(size)")
            #expect(error?.message == expected, "buffer size \(size)")
        }
    }

    @Test("a multi-byte sequence cut short at the end of a field, of a quoted field, or of the file")
    func truncatedSequences() async throws {
        let scratch = try FlatFileScratch()
        let euroCut: [UInt8] = [0xE2, 0x82]  // "€" is E2 82 AC
        let cases: [(name: String, before: String, after: String, field: Int)] = [
            ("field.csv", "id,name\nab", ",x\n", 1),
            ("quoted.csv", "id,name\n1,\"x", "\"\n", 2),
            ("eof.csv", "id,name\n1,", "", 2),
        ]
        for (name, before, after, field) in cases {
            let path = try scratch.write(name, bytes: Array(before.utf8) + euroCut + Array(after.utf8))
            let (_, error) = try await readUntilError(path)
            #expect(
                error?.message
                    == "\(path):2: invalid UTF-8 at byte offset \(before.utf8.count) (0xE2 in field \(field)); \(Self.advice)",
                "\(name)")
        }
    }

    @Test("an encoded surrogate is refused like any ill-formed sequence")
    func surrogate() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", bytes: Array("a\nx".utf8) + [0xED, 0xA0, 0x80] + [0x0A])
        let (_, error) = try await readUntilError(path)
        #expect(error?.message == "\(path):2: invalid UTF-8 at byte offset 3 (0xED in field 1); \(Self.advice)")
    }

    @Test("in a quoted field with doubled quotes over several lines, the line is the bad byte's own")
    func quotedMultiLineField() async throws {
        let scratch = try FlatFileScratch()
        let before = Array("id,note\n1,\"say \"\"hi\"\"\nto caf".utf8)
        let path = try scratch.write("in.csv", bytes: before + [0xE9] + Array("\"\n".utf8))
        let (_, error) = try await readUntilError(path)
        #expect(error?.message == "\(path):3: invalid UTF-8 at byte offset \(before.count) (0xE9 in field 2); \(Self.advice)")
    }

    @Test("a bad byte in the header line fails the open; the offset counts the byte order mark")
    func header() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("id,n".utf8) + [0xE9] + Array("m\n1,2\n".utf8))
        let reader = DelimitedFileReader(name: "r", path: path)
        let error = await #expect(throws: BatchError.self) { try await reader.open(ExecutionContext()) }
        #expect(error?.code == .readFailed)
        #expect(error?.message == "\(path):1: invalid UTF-8 at byte offset 7 (0xE9 in field 2); \(Self.advice)")
    }

    @Test("after a restart the offset is still the byte's place in the file")
    func afterRestart() async throws {
        let scratch = try FlatFileScratch()
        let before = Array("id,name\n1,a\n2,b\n3,caf".utf8)
        let path = try scratch.write("in.csv", bytes: before + [0xE9, 0x0A])
        var context = ExecutionContext()
        context["r.offset"] = .int(16)  // after "2,b\n"
        context["r.line"] = .int(3)
        let (records, error) = try await readUntilError(path, context: context)
        #expect(records.isEmpty)
        #expect(error?.message == "\(path):4: invalid UTF-8 at byte offset \(before.count) (0xE9 in field 2); \(Self.advice)")
    }

    @Test("invalidUTF8: .replace reads bad bytes as U+FFFD and goes on")
    func replace() async throws {
        let scratch = try FlatFileScratch()
        let bytes = Array("id,name\n2,caf".utf8) + [0xE9] + Array("\n3,\"q\"\"".utf8) + [0xC3] + Array("\"\n4,".utf8) + [0xE2, 0x82]
        let path = try scratch.write("in.csv", bytes: bytes)
        let records = try await flatFileRecords(path, invalidUTF8: .replace)
        #expect(records.map(\.fields) == [["2", "caf\u{FFFD}"], ["3", "q\"\u{FFFD}"], ["4", "\u{FFFD}"]])
        let reader = DelimitedFileReader(name: "r", path: path, invalidUTF8: .replace) { $0[1] }
        try await reader.open(ExecutionContext())
        #expect(try flatFileReadAll(reader) == ["caf\u{FFFD}", "q\"\u{FFFD}", "\u{FFFD}"])
        try await reader.close()
    }

    @Test("the record check accepts exactly the byte sequences the standard library decodes without loss")
    func validationMatchesStandardLibrary() {
        var mismatches: [[UInt8]] = []
        for lead in 0x80...0xFF {
            for second in 0...0xFF {
                for tail in [[], [0x80], [0xBF], [0x80, 0x80], [0xBF, 0xBF], [0x41], [0x80, 0x41]] as [[UInt8]] {
                    let bytes = Array("ab".utf8) + [UInt8(lead), UInt8(second)] + tail
                    let ours = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalid($0) == nil }
                    if ours != (String(validating: bytes, as: UTF8.self) != nil) { mismatches.append(bytes) }
                }
            }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
        let bad = Array("0123456789abcdef".utf8) + [0xC3]
        #expect(bad.withUnsafeBufferPointer { UTF8Validation.firstInvalid($0) } == 16)
    }
}
