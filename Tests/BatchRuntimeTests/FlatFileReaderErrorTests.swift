import Foundation
import Testing

@testable import BatchRuntime

@Suite("DelimitedFileReader errors")
struct FlatFileReaderErrorTests {
    /// Reads until the reader throws and returns that error.
    private func firstError<Item>(_ reader: DelimitedFileReader<Item>) async throws -> BatchError? {
        try await reader.open(ExecutionContext())
        var failure: BatchError?
        do {
            while try reader.read() != nil {}
        } catch {
            failure = error
        }
        try await reader.close()
        return failure
    }

    @Test("a record with the wrong number of fields names the file, line and counts")
    func wrongColumnCount() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("tx.csv", "a,b,c,d,e,f\n1,2,3,4,5,6\n\"x\ny\",2,3,4,5,6\n1,2,3,4,5\n")
        let error = try await firstError(DelimitedFileReader(name: "tx", path: path))
        #expect(error?.code == .readFailed)
        #expect(error?.message == "\(path):5: expected 6 fields, found 5")
    }

    @Test("columnCount applies without a header, and to the header")
    func explicitColumnCount() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "1,2\n3,4,5\n")
        let error = try await firstError(DelimitedFileReader(name: "r", path: path, header: false, columnCount: 2))
        #expect(error?.message == "\(path):2: expected 2 fields, found 3")
        let reader = DelimitedFileReader(name: "r", path: path, columnCount: 3)
        let headerError = await #expect(throws: BatchError.self) { try await reader.open(ExecutionContext()) }
        #expect(headerError?.message == "\(path):1: expected 3 fields, found 2")
    }

    @Test("a quote left open at the end of the file reports the line where it opened")
    func unterminatedQuote() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "a,b\n1,2\n\n3,\"open\nstill open\n")
        let error = try await firstError(DelimitedFileReader(name: "r", path: path))
        #expect(error?.message == "\(path):4: unterminated quoted field")
        let tiny = DelimitedFileReader(name: "r", path: path)
        tiny.bufferSize = 3
        #expect(try await firstError(tiny)?.message == "\(path):4: unterminated quoted field")
    }

    @Test("text after a closing quote is an error")
    func textAfterClosingQuote() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "a,b\n1,\"x\ny\"z\n")
        let error = try await firstError(DelimitedFileReader(name: "r", path: path))
        #expect(error?.message == "\(path):3: unexpected character after the closing quote of field 2")
    }

    @Test("a missing file fails at open with the system's reason")
    func missingFile() async throws {
        let scratch = try FlatFileScratch()
        let path = scratch.path("absent.csv")
        let reader = DelimitedFileReader(name: "r", path: path)
        let error = await #expect(throws: BatchError.self) { try await reader.open(ExecutionContext()) }
        #expect(error?.code == .readFailed)
        #expect(error?.message == "cannot open input file '\(path)': No such file or directory")
    }

    @Test("read before open is an error that says so")
    func readBeforeOpen() async throws {
        let reader = DelimitedFileReader(name: "orders", path: "orders.csv")
        let error = #expect(throws: BatchError.self) { try reader.read() }
        #expect(error?.message == "reader 'orders' for 'orders.csv' is not open: call open(_:) before read()")
        try await reader.close()
    }

    @Test("a delimiter that is not one ASCII character is rejected at open")
    func invalidDelimiter() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "a\n")
        for (delimiter, quote) in [("§", "\""), ("\n", "\""), (",", ",")] as [(Character, Character)] {
            let reader = DelimitedFileReader(name: "r", path: path, delimiter: delimiter, quote: quote)
            let error = await #expect(throws: BatchError.self) { try await reader.open(ExecutionContext()) }
            #expect(error?.code == .invalidDeclaration)
        }
    }

    struct AmountError: Error, CustomStringConvertible {
        var description: String { "amount 'abc' is not a number" }
    }

    @Test("errors thrown by map are wrapped with the record's position and kept as the cause")
    func mapErrors() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "id,amount\n1,2\n\"2\n\",abc\n")
        let custom = try await firstError(
            DelimitedFileReader(name: "r", path: path) { record -> Double in
                guard let amount = Double(record[1]) else { throw AmountError() }
                return amount
            })
        #expect(custom?.code == .readFailed)
        #expect(custom?.message == "\(path):3: AmountError: amount 'abc' is not a number")
        #expect(custom?.cause is AmountError)

        let batch = try await firstError(DelimitedFileReader(name: "r", path: path) { try $0.field("amout") })
        #expect(batch?.message == "\(path):2: no column named 'amout'; the header has 'id', 'amount'")
        #expect((batch?.cause as? BatchError)?.code == .readFailed)
    }

    @Test("after a failed record the saved position is past it, and the next read returns the next record (a skipping step goes on; a restart does not read it again)")
    func positionAfterFailure() async throws {
        let scratch = try FlatFileScratch()
        let path = try scratch.write("in.csv", "a\n1\nbad\n3\n")
        let reader = DelimitedFileReader(name: "r", path: path) { record -> Int in
            guard let value = Int(record[0]) else { throw AmountError() }
            return value
        }
        try await reader.open(ExecutionContext())
        #expect(try reader.read() == 1)
        #expect(throws: BatchError.self) { try reader.read() }
        var context = ExecutionContext()
        try reader.update(&context)
        #expect(context.int("r.offset") == 8)
        #expect(context.int("r.line") == 3)
        #expect(context.int("r.read.count") == 1, "only good records count")
        #expect(try reader.read() == 3)
        try await reader.close()
    }
}
