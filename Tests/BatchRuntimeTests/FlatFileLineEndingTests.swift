import Foundation
import Testing

@testable import BatchRuntime

@Suite("DelimitedFileReader line endings")
struct FlatFileLineEndingTests {
    private static let advice =
        "the record contains carriage returns (CR) without line feeds: the file seems to use CR-only line endings (classic Mac OS); convert them to LF (tr '\\r' '\\n')"

    /// The sample's header and two transactions, each line ended by `ending`.
    private static func transactions(ending: String, quotedMemo: Bool = false) -> String {
        let memo = quotedMemo ? "\"Rent, March\"" : "rent"
        return ["id,account,amount,currency,ts,memo", "1,ACC-12291,754.13,EUR,2024-01-01T00:00:47Z,\(memo)",
                "2,ACC-04925,7890.62,GBP,2024-01-01T00:01:28Z,"].map { $0 + ending }.joined()
    }

    /// Opens `reader` and reads until it throws; the error of the open or of a read.
    private func firstError<Item>(_ reader: DelimitedFileReader<Item>) async -> BatchError? {
        do {
            try await reader.open(ExecutionContext())
            while try reader.read() != nil {}
            try await reader.close()
            return nil
        } catch {
            return error
        }
    }

    @Test("a CR-only file fails with the field count and the likely cause")
    func crOnlyWithColumnCount() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("tx.csv", Self.transactions(ending: "\r"))
        let error = await firstError(DelimitedFileReader(name: "tx", path: path, columnCount: 6))
        #expect(error?.code == .readFailed)
        #expect(error?.message == "\(path):1: expected 6 fields, found 16; \(Self.advice)")

        let headerless = await firstError(DelimitedFileReader(name: "tx", path: path, header: false, columnCount: 6))
        #expect(headerless?.message == "\(path):1: expected 6 fields, found 16; \(Self.advice)")
    }

    @Test("a CR-only file read for its header's columns fails instead of reading no record")
    func crOnlyHeader() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("tx.csv", Self.transactions(ending: "\r"))
        let error = await firstError(DelimitedFileReader(name: "tx", path: path))
        #expect(error?.message == "\(path):1: the header line holds 16 fields; \(Self.advice)")
    }

    @Test("a quoted field before a CR line end, and an error thrown by map, get the hint too")
    func crOnlyOtherErrors() async throws {
        let scratch = try FlatFileScratch()
        let quoted = try scratch.write("quoted.csv", Self.transactions(ending: "\r", quotedMemo: true))
        let error = await firstError(DelimitedFileReader(name: "tx", path: quoted))
        #expect(error?.message == "\(quoted):1: unexpected character after the closing quote of field 11; \(Self.advice)")

        let plain = try scratch.write("plain.csv", Self.transactions(ending: "\r"))
        let mapped = await firstError(
            DelimitedFileReader(name: "tx", path: plain, header: false) { record -> Int in
                guard let id = Int(record[0]), record.count == 6 else { throw BatchError(.readFailed, "not a transaction") }
                return id
            })
        #expect(mapped?.message == "\(plain):1: not a transaction; \(Self.advice)")
    }

    @Test("LF and CRLF files, and carriage returns inside quotes, get no hint")
    func noFalseHint() async throws {
        let scratch = try FlatFileScratch()
        let crlf = try scratch.write("crlf.csv", "a,b\r\n1,2\r\n3\r\n")
        #expect(await firstError(DelimitedFileReader(name: "r", path: crlf))?.message == "\(crlf):3: expected 2 fields, found 1")
        let quotedCR = try scratch.write("quoted.csv", "a,b\n1,\"x\ry\"\n\"p\rq\"\n")
        #expect(
            await firstError(DelimitedFileReader(name: "r", path: quotedCR))?.message
                == "\(quotedCR):3: expected 2 fields, found 1")
        let lastLineCR = try scratch.write("last.csv", "a,b\r")
        #expect(await firstError(DelimitedFileReader(name: "r", path: lastLineCR)) == nil)
    }
}
