import DatabaseTestSupport
import Testing

@testable import BatchRuntime

@Suite("DelimitedText and round trips")
struct FlatFileRoundTripTests {
    @Test("format quotes only fields that need it and doubles inner quotes")
    func format() {
        #expect(DelimitedText.format(["a", "b c", "1.5"]) == "a,b c,1.5")
        #expect(DelimitedText.format(["a,b", "say \"hi\"", "x\ny", "cr\rhere", ""]) == "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"cr\rhere\",")
        #expect(DelimitedText.format(["a;b", "c,d"], delimiter: ";") == "\"a;b\";c,d")
        #expect(DelimitedText.format(["a\tb", "c d"], delimiter: "\t") == "\"a\tb\"\tc d")
        #expect(DelimitedText.format(["line\r\nend"]) == "\"line\r\nend\"")
        #expect(DelimitedText.format(["\"\u{301}"]) == "\"\"\"\u{301}\"")
        #expect(DelimitedText.format([""]) == "\"\"")
        #expect(DelimitedText.format(["", ""]) == ",")
        #expect(DelimitedText.format([]) == "")
    }

    static let nasty: [[String]] = [
        ["plain", "", "with space "],
        ["a,b", "\"", "\"\""],
        ["multi\nline", "crlf\r\ninside", "lone\rcr"],
        ["Zürich", "東京", "🇨🇭👩‍👩‍👧‍👦"],
        ["\"quoted\"", "x\"y", "e\u{301}\"\u{301}"],
        ["", "", ""],
        [",", ",,", "\n"],
        ["tab\there", "semi;colon", " leading"],
    ]

    @Test("lines formatted by DelimitedText and written by FlatFileWriter read back identically",
          arguments: [",", "\t", ";"] as [Character])
    func roundTrip(delimiter: Character) async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("round.csv")
        let header = DelimitedText.format(["first", "sec,ond", "third"], delimiter: delimiter)
        let writer = FlatFileWriter<[String]>(name: "w", path: path, header: header) {
            DelimitedText.format($0, delimiter: delimiter)
        }
        try await writer.open(ExecutionContext())
        try writer.write(Chunk(Array(Self.nasty.prefix(4))))
        try writer.write(Chunk(Array(Self.nasty.dropFirst(4))))
        try await writer.close()

        for bufferSize in [1, 5, 64, 256 * 1024] {
            let records = try await flatFileRecords(path, delimiter: delimiter, bufferSize: bufferSize)
            #expect(records.map(\.fields) == Self.nasty, "buffer size \(bufferSize)")
            #expect(records.first?.names == ["first", "sec,ond", "third"])
        }
    }

    @Test("single empty fields survive a round trip instead of becoming skipped empty lines")
    func singleEmptyField() async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("single.csv")
        let writer = FlatFileWriter<String>(name: "w", path: path) { DelimitedText.format([$0]) }
        try await writer.open(ExecutionContext())
        try writer.write(Chunk(["a", "", "b"]))
        try await writer.close()
        let records = try await flatFileRecords(path, header: false)
        #expect(records.map(\.fields) == [["a"], [""], ["b"]])
    }

    @Test("random records with random line ends and empty lines parse back with their line numbers")
    func randomized() async throws {
        var random = SeededGenerator(seed: 20_251_125)
        let alphabet = ["a", "b", ",", "\"", "\n", "\r", "\r\n", "é", "🚀", " ", "東"]
        var text = ""
        var expected: [(line: Int, fields: [String])] = []
        var line = 1
        for _ in 0..<400 {
            while Int.random(in: 0..<5, using: &random) == 0 {
                text += Bool.random(using: &random) ? "\n" : "\r\n"
                line += 1
            }
            let fields = (0..<3).map { _ in
                (0..<Int.random(in: 0..<6, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            }
            let formatted = DelimitedText.format(fields)
            expected.append((line, fields))
            text += formatted + (Bool.random(using: &random) ? "\n" : "\r\n")
            line += 1 + formatted.utf8.count(where: { $0 == UInt8(ascii: "\n") })
        }
        let scratch = try FlatFileScratch()
        let path = try scratch.write("random.csv", text)
        for bufferSize in [1, 2, 3, 7, 16, 100, 4096] {
            let records = try await flatFileRecords(path, header: false, columnCount: 3, bufferSize: bufferSize)
            #expect(records.map(\.fields) == expected.map(\.fields), "buffer size \(bufferSize)")
            #expect(records.map(\.lineNumber) == expected.map(\.line), "buffer size \(bufferSize)")
        }
    }
}
