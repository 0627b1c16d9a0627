import Foundation
import Testing

@testable import BatchRuntime

@Suite("FixedWidthFileReader")
struct FixedWidthFileReaderTests {
    static let columns: [(String, Range<Int>)] = [("id", 0..<4), ("name", 4..<12), ("amount", 12..<18)]
    /// A header line, then records on lines 2, 3, 5 (line 4 empty) and 6; line 3 has non-ASCII characters.
    static let text = "ID  NAME    AMOUNT\n0001alice    12.50\r\n0002zoë       7.25\n\n0003bob     100.00\n0004carol     0.10"

    @Test("cuts each line by the columns, trimming padding, and maps the record")
    func readsRecords() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("pay.txt", Self.text)
        let reader = FixedWidthFileReader(name: "pay", path: path, columns: Self.columns, skipLines: 1) { record in
            (try record.field("id"), try record.field("name"), Double(try record.field("amount")) ?? -1)
        }
        reader.bufferSize = 5
        try await reader.open(ExecutionContext())
        var rows: [String] = []
        var lines: [Int?] = []
        while let row = try reader.read() {
            rows.append("\(row.0)|\(row.1)|\(row.2)")
            lines.append(reader.lastItemLine)
        }
        #expect(rows == ["0001|alice|12.5", "0002|zoë|7.25", "0003|bob|100.0", "0004|carol|0.1"])
        #expect(lines == [2, 3, 5, 6])
        #expect(reader.readCount == 4)
        try await reader.close()
    }

    @Test("fields keep their spaces when asked, and the record names its columns")
    func untrimmed() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("pay.txt", "0001alice    12.50\n")
        let reader = FixedWidthFileReader(name: "pay", path: path, columns: Self.columns, trimSpaces: false)
        try await reader.open(ExecutionContext())
        let record = try #require(try reader.read())
        #expect(record.fields == ["0001", "alice   ", " 12.50"])
        #expect(record.names == ["id", "name", "amount"])
        #expect(record.lineNumber == 1)
        let error = #expect(throws: BatchError.self) { try record.field("total") }
        #expect(error?.message == "no column named 'total'; the columns are 'id', 'name', 'amount'")
    }

    @Test("a restarted reader continues after the last line read and does not skip the header again")
    func restartContinues() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("pay.txt", Self.text)
        let make = { FixedWidthFileReader(name: "pay", path: path, columns: Self.columns, skipLines: 1) }
        let (first, context) = try await flatFileDrain(make(), context: ExecutionContext(), limit: 2)
        #expect(first.map { $0[0] } == ["0001", "0002"])
        let prefix = "ID  NAME    AMOUNT\n0001alice    12.50\r\n0002zoë       7.25\n"
        #expect(context.int("pay.offset") == Int64(prefix.utf8.count))
        #expect(context.int("pay.line") == 3)
        #expect(context.int("pay.read.count") == 2)

        let second = make()
        try await second.open(context)
        let rest = try await readRemaining(second)
        #expect(rest.map { $0[0] } == ["0003", "0004"])
        #expect(rest.map(\.lineNumber) == [5, 6])
        var saved = context
        try second.update(&saved)
        #expect(saved.int("pay.read.count") == 4)
        #expect(saved.int("pay.line") == 6)
    }

    @Test("a short line, a long line in strict mode and a rejected field are errors with the line, and consumed")
    func badRecords() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("pay.txt", "0001alice    12.50\n0002bob\n0003carol     1.00xx\n0004dave       abc\n0005erin      5.00\n")
        let reader = FixedWidthFileReader(name: "pay", path: path, columns: Self.columns, strictLength: true) { record in
            guard let amount = Double(try record.field("amount")) else {
                throw BatchError(.readFailed, "amount '\(record[2])' is not a number")
            }
            return amount
        }
        try await reader.open(ExecutionContext())
        #expect(try reader.read() == 12.5)
        let short = #expect(throws: BatchError.self) { try reader.read() }
        #expect(short?.code == .readFailed)
        #expect(short?.message == "\(path):2: the line is 7 characters long but column 'name' needs 4..<12")
        let long = #expect(throws: BatchError.self) { try reader.read() }
        #expect(long?.message == "\(path):3: the line is 20 characters long but the columns end at 18")
        let rejected = #expect(throws: BatchError.self) { try reader.read() }
        #expect(rejected?.message == "\(path):4: amount 'abc' is not a number")
        #expect(try reader.read() == 5)
        #expect(try reader.read() == nil)
        #expect(reader.readCount == 2)
    }

    @Test("columns that cannot cut a line are a declaration error")
    func badColumns() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("pay.txt", "x\n")
        let repeated = FixedWidthFileReader(name: "pay", path: path, columns: [("a", 0..<1), ("a", 1..<2)])
        let error = await #expect(throws: BatchError.self) { try await repeated.open(ExecutionContext()) }
        #expect(error?.code == .invalidDeclaration)
        #expect(error?.message == "reader 'pay': the column name 'a' is used twice")
        let empty = FixedWidthFileReader(name: "pay", path: path, columns: [("a", 3..<3)])
        let emptyError = await #expect(throws: BatchError.self) { try await empty.open(ExecutionContext()) }
        #expect(emptyError?.message.contains("column 'a' has the range 3..<3") == true)
    }
}
