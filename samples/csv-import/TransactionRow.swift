import BatchRuntime
import Foundation

/// One CSV line as read: text fields and where they came from.
struct TransactionRow: Sendable {
    var file: String
    var line: Int
    var id: String
    var account: String
    var amount: String
    var currency: String
    var timestamp: String
    var memo: String

    init(_ record: DelimitedRecord, file: String) {
        self.file = file
        line = record.lineNumber
        id = record[0]
        account = record[1]
        amount = record[2]
        currency = record[3]
        timestamp = record[4]
        memo = record[5]
    }
}

/// A validated transaction, ready for the `transactions` table.
struct Transaction: Sendable, Hashable {
    var id: Int64
    var account: String
    /// The amount as a decimal string with at most two decimals (stored as NUMERIC(18,2)).
    var amount: String
    var currency: String
    var timestamp: Date
    var memo: String

    static let currencies: Set<String> = ["CHF", "EUR", "GBP", "JPY", "SEK", "USD"]
    static let columns = ["id", "account", "amount", "currency", "ts", "memo"]

    /// Validates and converts a row; a bad value fails with the file, line and reason.
    init(_ row: TransactionRow) throws {
        func fail(_ reason: String) -> BatchError {
            BatchError(.processFailed, "\(row.file):\(row.line): \(reason)")
        }
        guard let id = Int64(row.id), id > 0 else { throw fail("id '\(row.id)' is not a positive integer") }
        guard !row.account.isEmpty, row.account.count <= 64 else { throw fail("account must have 1 to 64 characters") }
        guard Self.isAmount(row.amount) else {
            throw fail("amount '\(row.amount)' is not a decimal number with at most two decimals")
        }
        guard Self.currencies.contains(row.currency) else {
            throw fail("currency '\(row.currency)' is not one of \(Self.currencies.sorted().joined(separator: ", "))")
        }
        guard let timestamp = Self.parseTimestamp(row.timestamp) else {
            throw fail("ts '\(row.timestamp)' is not a UTC timestamp like 2024-01-31T10:00:00Z")
        }
        self.id = id
        account = row.account
        amount = row.amount
        currency = row.currency
        self.timestamp = timestamp
        memo = row.memo
    }

    var values: [SQLValue] {
        [.int(id), .text(account), .text(amount), .text(currency), .date(timestamp), .text(memo)]
    }

    static func isAmount(_ text: String) -> Bool {
        var digits = 0
        var decimals = -1
        var first = true
        for byte in text.utf8 {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "-") where first: continue
            case UInt8(ascii: "."):
                guard decimals < 0, digits > 0 else { return false }
                decimals = 0
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if decimals >= 0 { decimals += 1 } else { digits += 1 }
            default: return false
            }
        }
        return digits > 0 && digits <= 16 && decimals != 0 && decimals <= 2
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC, parsed by hand (a million times per run).
    static func parseTimestamp(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parseTimestamp($0) }
    }

    private static func parseTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<from + count {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }
}
