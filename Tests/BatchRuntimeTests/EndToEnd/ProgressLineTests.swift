import DatabaseTestSupport
import Foundation
import Testing

/// The progress line on a real terminal: `script` (util-linux) gives csv-import a pseudo-terminal.
@Suite("csv-import progress line")
struct ProgressLineTests {
    @Test("on a terminal the line is redrawn in place with items/s and an ETA; off a terminal there is no such line")
    func terminal() async throws {
        try await withTemporaryDirectory { directory in
            let file = try await CSVImportEndToEndTests.generate(300_000, in: directory)
            let command = [TestProcess.executable("csv-import").path, "start", "importTransactions", "input.file=\(file)",
                           "--db", "sqlite:\(directory.path)/tty.db"].joined(separator: " ")
            let transcript = directory.appendingPathComponent("typescript").path
            let status = try await ChildProcess.run(
                "/usr/bin/script", ["-q", "-e", "-c", command, transcript], environment: ChildProcess.baseEnvironment,
                directory: directory.path
            ).status
            #expect(status == 0)
            let output = try String(contentsOfFile: transcript, encoding: .utf8)
            let redraws = output.components(separatedBy: "\r\u{1B}[K").dropFirst()
            #expect(!redraws.isEmpty, "the line is redrawn in place: \(output)")
            let line = try #require(redraws.first { $0.contains("items/s") })
            #expect(line.hasPrefix("importTransactions: read "), "\(line)")
            #expect(line.contains("ETA"), "the reader knows its size, so there is an ETA: \(line)")
            #expect(output.contains("COMPLETED"))

            let plain = try await TestProcess.run("csv-import", 
                ["start", "importTransactions", "input.file=\(file)", "--db", "sqlite:\(directory.path)/plain.db"], in: directory)
            #expect(plain.status == 0, "\(plain)")
            #expect(!plain.stderr.contains("\u{1B}[K"), "no terminal codes when standard error is a file")
        }
    }
}
