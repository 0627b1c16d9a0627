import Testing

@testable import BatchRuntime

@Suite("DelimitedFileReader parsing")
struct FlatFileReaderTests {
    @Test("quoted fields keep delimiters and doubled quotes literally")
    func quotedDelimitersAndDoubledQuotes() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "id,name,note\n1,\"Smith, John\",\"say \"\"hi\"\"\"\n2,plain,\"\"\n3,\"\"\"\",\",,\"\n")
        let records = try await flatFileRecords(path)
        #expect(records.map(\.fields) == [["1", "Smith, John", "say \"hi\""], ["2", "plain", ""], ["3", "\"", ",,"]])
        #expect(records.map(\.lineNumber) == [2, 3, 4])
        #expect(records[0].names == ["id", "name", "note"])
    }

    @Test("a quoted field spans lines; later records keep their true line numbers")
    func multilineQuotedFields() async throws {
        let scratch = try FlatFileScratch()
        let text = "id,text\n1,\"a\nb\"\n2,\"c\r\nd\r\ne\"\n3,z\n4,\"\n\"\r\n5,end"
        let path = try scratch.write("in.csv", text)
        let records = try await flatFileRecords(path)
        #expect(records.map(\.fields) == [["1", "a\nb"], ["2", "c\r\nd\r\ne"], ["3", "z"], ["4", "\n"], ["5", "end"]])
        #expect(records.map(\.lineNumber) == [2, 4, 7, 8, 10])
    }

    @Test("CRLF line ends, empty lines and a last line without a line end")
    func lineEndsAndEmptyLines() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "a,b\r\n\r\n1,2\r\n\n\n3,4\r\n\r\n5,\r\n6,7")
        let records = try await flatFileRecords(path)
        #expect(records.first?.names == ["a", "b"])
        #expect(records.map(\.fields) == [["1", "2"], ["3", "4"], ["5", ""], ["6", "7"]])
        #expect(records.map(\.lineNumber) == [3, 6, 8, 9])
    }

    @Test("empty fields, trailing delimiters and lenient quotes inside unquoted fields")
    func emptyFieldsAndLenientQuotes() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", ",,\na,b\"c,d\"\n\"\",x\"y\"z,\n")
        let records = try await flatFileRecords(path, header: false)
        #expect(records.map(\.fields) == [["", "", ""], ["a", "b\"c", "d\""], ["", "x\"y\"z", ""]])
        #expect(records.allSatisfy { $0.names == nil })
    }

    @Test("Unicode text round-trips unchanged")
    func unicode() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write(
            "in.csv", "city,name\nZürich,東京 🚀\n\"München, 🇩🇪\",\"e\u{301}\"\"\u{301}\"\nСанкт-Петербург,👩‍👩‍👧‍👦\n")
        let records = try await flatFileRecords(path)
        #expect(
            records.map(\.fields) == [
                ["Zürich", "東京 🚀"], ["München, 🇩🇪", "e\u{301}\"\u{301}"], ["Санкт-Петербург", "👩‍👩‍👧‍👦"],
            ])
        #expect(records[1][1].unicodeScalars.count == 4)
    }

    @Test("a UTF-8 byte order mark before the header is ignored")
    func byteOrderMark() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "\u{FEFF}id,name\n7,x\n")
        let records = try await flatFileRecords(path)
        #expect(try records.map { try $0.field("id") } == ["7"])
    }

    @Test("semicolon and tab delimiters", arguments: [";", "\t"] as [Character])
    func customDelimiters(delimiter: Character) async throws {
        let scratch = try FlatFileScratch()
        let d = String(delimiter)
        let path = try scratch.write(
            "in.txt", "id\(d)amount\(d)note\n1\(d)3,50\(d)\"a\(d)b\"\n2\(d)\(d)plain, text\n")
        let records = try await flatFileRecords(path, delimiter: delimiter)
        #expect(records.map(\.fields) == [["1", "3,50", "a\(d)b"], ["2", "", "plain, text"]])
        #expect(try records[0].field("note") == "a\(d)b")
    }

    @Test("fields are found by header name; an unknown name lists the header")
    func headerNames() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "id,amount,currency\n1,12.50,CHF\n")
        let record = try #require(try await flatFileRecords(path).first)
        #expect(try record.field("amount") == "12.50")
        #expect(try record.field("currency") == "CHF")
        #expect(record.count == 3 && record[0] == "1")
        let error = #expect(throws: BatchError.self) { try record.field("amout") }
        #expect(error?.code == .readFailed)
        #expect(error?.message == "no column named 'amout'; the header has 'id', 'amount', 'currency'")
        let headerless = DelimitedRecord(lineNumber: 1, fields: ["x"])
        #expect(throws: BatchError.self) { try headerless.field("id") }
    }

    @Test("the map closure builds the items")
    func mapping() async throws {
        struct Payment: Equatable {
            var id: Int
            var amount: Double
        }
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "id,amount\n1,2.5\n2,-4\n")
        let reader = DelimitedFileReader(name: "payments", path: path) { record in
            Payment(id: Int(try record.field("id")) ?? 0, amount: Double(try record.field("amount")) ?? 0)
        }
        try await reader.open(ExecutionContext())
        #expect(try flatFileReadAll(reader) == [Payment(id: 1, amount: 2.5), Payment(id: 2, amount: -4)])
        #expect(reader.readCount == 2)
        #expect(reader.columnNames == ["id", "amount"])
        #expect(try reader.read() == nil)
        try await reader.close()
    }

    @Test("records straddling the read buffer parse the same for every buffer size")
    func tinyBuffers() async throws {
        let scratch = try FlatFileScratch()
        let text = "id,text,more\r\n1,\"a,\"\"b\"\"\r\nc\",x\n\n2,Zürich 🚀,\"\"\r\n3,\"東京\",\"\n\n\"\n4,,\n5,last,\"q\""
        let path = try scratch.write("in.csv", text)
        let expected = try await flatFileRecords(path)
        #expect(expected.count == 5)
        #expect(expected.map(\.lineNumber) == [2, 5, 6, 9, 10])
        for size in 1...48 {
            let records = try await flatFileRecords(path, bufferSize: size)
            #expect(records == expected, "buffer size \(size)")
        }
    }

    @Test("50,000 records across many 256 KiB buffers parse exactly")
    func largeFile() async throws {
        let scratch = try FlatFileScratch()
        func row(_ index: Int) -> [String] {
            [String(index), "name \(index)", index % 7 == 0 ? "quoted, \"\(index)\"" : "plain", "Zürich", String(index * 31 % 1000), index % 11 == 0 ? "two\nlines" : ""]
        }
        var text = "a,b,c,d,e,f\n"
        for index in 0..<50_000 { text += DelimitedText.format(row(index)) + "\n" }
        let path = try scratch.write("big.csv", text)
        #expect(text.utf8.count > 4 * 256 * 1024)
        let records = try await flatFileRecords(path)
        #expect(records.count == 50_000)
        var line = 2
        for (index, record) in records.enumerated() {
            #expect(record.fields == row(index))
            #expect(record.lineNumber == line)
            if record.fields != row(index) || record.lineNumber != line { break }
            line += index % 11 == 0 ? 2 : 1
        }
    }

    @Test("the engine's protocols drive the reader; progress reaches the file size")
    func throughProtocols() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "n\n1\n2\n3\n")
        let reader = DelimitedFileReader(name: "numbers", path: path) { Int($0[0]) ?? -1 }
        #expect(reader.progressEstimate == nil)
        let (items, context) = try await flatFileDrain(reader, context: ExecutionContext())
        #expect(items == [1, 2, 3])
        #expect(context.int("numbers.offset") == 8)
        #expect(context.int("numbers.line") == 4)
        #expect(context.int("numbers.read.count") == 3)
        #expect(reader.progressEstimate == ProgressEstimate(done: 8, total: 8))
    }

    @Test("without a header every line is a record and field counts may vary")
    func noHeader() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "a\nb,c\n\"d\"\n")
        let records = try await flatFileRecords(path, header: false)
        #expect(records.map(\.fields) == [["a"], ["b", "c"], ["d"]])
        #expect(records.map(\.lineNumber) == [1, 2, 3])
    }
}
