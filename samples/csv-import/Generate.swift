import BatchRuntime
import Foundation

/// `csv-import generate --rows N --output FILE [--seed S]`: deterministic sample data with
/// quoted fields, embedded commas, quotes, line breaks and Unicode.
enum Generate {
    static func run(_ arguments: [String]) async throws -> Int32 {
        var rows: Int?
        var output: String?
        var seed: UInt64 = 42
        var firstId = 1
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard index + 1 < arguments.count else {
                throw BatchError(.invalidParameters, "\(name) needs a value; usage: generate --rows N --output FILE [--seed S] [--first-id ID]")
            }
            let value = arguments[index + 1]
            switch name {
            case "--rows": rows = Int(value.replacingOccurrences(of: "_", with: ""))
            case "--output": output = value
            case "--seed": seed = UInt64(value) ?? seed
            case "--first-id": firstId = Int(value.replacingOccurrences(of: "_", with: "")) ?? firstId
            default: throw BatchError(.invalidParameters, "unknown option \(name); usage: generate --rows N --output FILE [--seed S] [--first-id ID]")
            }
            index += 2
        }
        guard let rows, rows >= 0, let output else {
            throw BatchError(.invalidParameters, "usage: generate --rows N --output FILE [--seed S] [--first-id ID]")
        }
        try write(rows: rows, seed: seed, firstId: firstId, to: output)
        FileHandle.standardError.write(Data("wrote \(rows) rows to \(output)\n".utf8))
        return 0
    }

    static let memos = [
        "coffee", "Rent, March", "Invoice \"2024-17\"", "Zürich café", "東京 出張", "refund 🚀", "multi\nline note",
        "plain", "a, b, and \"c\"", "naïve résumé", "",
    ]
    static let currencies = ["EUR", "USD", "GBP", "CHF", "JPY", "SEK"]

    static func write(rows: Int, seed: UInt64, firstId: Int = 1, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BatchError(.writeFailed, "cannot create '\(path)'")
        }
        defer { try? handle.close() }
        var random = SplitMix64(seed: seed)
        var buffer = "id,account,amount,currency,ts,memo\n"
        let base = 1_704_067_200  // 2024-01-01T00:00:00Z
        for row in stride(from: firstId, to: firstId + rows, by: 1) {
            let cents = Int(random.next() % 1_000_000) - 200_000
            let amount = "\(cents < 0 ? "-" : "")\(abs(cents) / 100).\(pad(abs(cents) % 100, 2))"
            let account = "ACC-\(pad(Int(random.next() % 20_000), 5))"
            let currency = currencies[Int(random.next() % UInt64(currencies.count))]
            let memo = memos[Int(random.next() % UInt64(memos.count))]
            let ts = timestamp(base + row * 37 + Int(random.next() % 30))
            buffer += DelimitedText.format([String(row), account, amount, currency, ts, memo])
            buffer += "\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(buffer.utf8))
    }

    static func timestamp(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let rest = seconds % 86_400
        // Civil from days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// `value` with leading zeros to `width` digits (String(format:) is slow at ten million rows).
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A small, fast, seedable generator, so the same seed always gives the same file.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
