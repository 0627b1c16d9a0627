import BatchRuntime
import Foundation

/// `ledger-reconcile generate --entries N --output-dir DIR`: two ledgers of the same entries
/// (`id,account,amount,currency`), deterministic, with known differences:
/// - every 97th entry has another amount in the books (a mismatch);
/// - every 211th entry is missing from the bank statement (only in the books);
/// - every 499th line of each file is broken (a skipped line, in the reject file);
/// - every 53rd entry is in USD, the rest in EUR (converted by the rates service).
enum GenerateLedgers {
    static let usage = "usage: generate --entries N --output-dir DIR"

    static func run(_ arguments: [String]) async throws -> Int32 {
        var entries: Int?
        var directory: String?
        var index = 0
        while index < arguments.count {
            guard index + 1 < arguments.count else { throw BatchError(.invalidParameters, "\(arguments[index]) needs a value; \(usage)") }
            switch arguments[index] {
            case "--entries": entries = Int(arguments[index + 1].replacingOccurrences(of: "_", with: ""))
            case "--output-dir": directory = arguments[index + 1]
            default: throw BatchError(.invalidParameters, "unknown option \(arguments[index]); \(usage)")
            }
            index += 2
        }
        guard let entries, entries > 0, let directory else { throw BatchError(.invalidParameters, usage) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try write(entries: entries, bank: true, to: directory + "/bank.csv")
        try write(entries: entries, bank: false, to: directory + "/book.csv")
        FileHandle.standardError.write(Data("wrote \(entries) entries to \(directory)/bank.csv and \(directory)/book.csv\n".utf8))
        return 0
    }

    static func write(entries: Int, bank: Bool, to path: String) throws {
        var text = "id,account,amount,currency\n"
        var line = 1
        for id in 1...entries {
            if bank && id % 211 == 0 { continue }
            line += 1
            if line % 499 == 0 {
                text += "\(id),broken line\n"
                continue
            }
            var cents = (id * 7919) % 500_000 + 100
            if !bank && id % 97 == 0 { cents += 1_000 }
            let account = "ACC-\(String(format: "%04d", id % 1_000))"
            text += "\(id),\(account),\(cents / 100).\(String(format: "%02d", cents % 100)),\(id % 53 == 0 ? "USD" : "EUR")\n"
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw BatchError(.writeFailed, "cannot create '\(path)'")
        }
    }
}
