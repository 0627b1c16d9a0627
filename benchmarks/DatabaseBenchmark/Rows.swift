import Database
import Foundation

/// One generated row of the benchmark table. Every value is a pure function of the row's ID,
/// so the Swift loads and the CSV file the command-line tools import hold the same data.
struct BenchmarkRow {
    let id: Int64
    let name: String
    /// The amount in cents: the amount itself is `cents / 100`, which prints and parses exactly.
    let cents: Int64
    let quantity: Int64
    /// Milliseconds since 1970-01-01T00:00:00Z.
    let createdMillis: Int64
    let status: String

    /// The amount, a double.
    var amount: Double { Double(cents) / 100 }

    /// The creation time as a `Date`, exact to the millisecond.
    var created: Date { Date(timeIntervalSince1970: Double(createdMillis) / 1000) }

    /// The row as the SQL layer binds it: `ID, NAME, AMOUNT, QUANTITY, CREATED, STATUS`.
    var values: [SQLValue] {
        [.int(id), .text(name), .double(amount), .int(quantity), .date(created), .text(status)]
    }

    /// The same row with CREATED already formatted as timestamp text (the `--created-as-text` diagnostic):
    /// the database stores the same value, but the SQL layer does not format a `Date`.
    var valuesWithCreatedText: [SQLValue] {
        let created = CSVWriter.timestamp(millis: createdMillis)
        return [.int(id), .text(name), .double(amount), .int(quantity), .text(created), .text(status)]
    }
}

/// The deterministic row source.
enum RowGenerator {
    /// First names: accents and other scripts (Cyrillic, CJK).
    private static let firstNames = [
        "Zoë", "José", "Łukasz", "Søren", "Aiko", "Chloé", "Björn", "Nadia", "Ōtani", "François", "Mary",
        "Дмитрий", "李",
    ]
    /// Last names: one has an apostrophe, one a comma and double quotes, so the CSV must quote and escape it.
    private static let lastNames = [
        "García", "Nguyễn", "O'Brien", "Straße", "Dvořák", "Smith, \"Ace\"", "Kowalski", "Müller", "山田",
        "Ångström", "Jones",
    ]
    private static let statuses = ["NEW", "PENDING", "PROCESSED", "FAILED", "ON_HOLD"]
    /// 2024-01-01T00:00:00Z.
    private static let baseMillis: Int64 = 1_704_067_200_000

    /// Row `id` (1-based).
    static func row(_ id: Int64) -> BenchmarkRow {
        let index = Int(id)
        return BenchmarkRow(
            id: id,
            name: "\(firstNames[index % firstNames.count]) \(lastNames[(index / 13) % lastNames.count]) #\(id)",
            cents: (id &* 7919) % 1_000_000,
            quantity: (id &* 31) % 1000 + 1,
            createdMillis: baseMillis + id * 30_000 + id % 1000,
            status: statuses[index % statuses.count])
    }

    /// Rows 1...`count` as SQL values, cut into chunks of `chunkSize` rows (the last may be shorter).
    static func chunks(rows count: Int, chunkSize: Int, createdAsText: Bool = false) -> [[[SQLValue]]] {
        var chunks: [[[SQLValue]]] = []
        chunks.reserveCapacity((count + chunkSize - 1) / chunkSize)
        var start = 1
        while start <= count {
            let end = min(start + chunkSize - 1, count)
            chunks.append(
                (start...end).map { id in
                    let row = row(Int64(id))
                    return createdAsText ? row.valuesWithCreatedText : row.values
                })
            start = end + 1
        }
        return chunks
    }

    /// The ID of a row whose name needs CSV quoting (`Smith, "Ace"`).
    static let quotedNameID: Int64 = 66

    /// What a table holding rows 1...`count` adds up to.
    static func expectedTotals(rows count: Int) -> (quantity: Int64, cents: Int64) {
        var quantity: Int64 = 0
        var cents: Int64 = 0
        for id in 1...Int64(max(count, 1)) where id <= count {
            let row = row(id)
            quantity += row.quantity
            cents += row.cents
        }
        return (quantity, cents)
    }
}
