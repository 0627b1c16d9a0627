import BatchRuntime
import Foundation
import Synchronization

/// One ledger line, its amount in euro cents.
struct LedgerEntry: Sendable, CustomStringConvertible {
    var id: Int64
    var account: String
    var cents: Int64

    var description: String { "entry \(id) (\(account), \(cents) cents)" }

    /// A line as read: `id,account,amount,currency`, the amount in its currency.
    struct Line: Sendable, CustomStringConvertible {
        var place: String
        var id: String
        var account: String
        var amount: String
        var currency: String

        var description: String { "\(place): \(id),\(account),\(amount),\(currency)" }
    }

    /// Validates a line and converts its amount to euro cents with `rates`.
    init(_ line: Line, rates: RatesService) async throws {
        func fail(_ reason: String) -> BatchError { BatchError(.processFailed, "\(line.place): \(reason)") }
        guard let id = Int64(line.id), id > 0 else { throw fail("id '\(line.id)' is not a positive integer") }
        guard line.account.hasPrefix("ACC-") else { throw fail("account '\(line.account)' does not start with ACC-") }
        let parts = line.amount.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let units = Int64(parts[0]), parts[1].count == 2, let hundredths = Int64(parts[1]) else {
            throw fail("amount '\(line.amount)' is not a decimal with two decimals")
        }
        self.id = id
        self.account = line.account
        self.cents = try await rates.toEuroCents(units * 100 + hundredths, currency: line.currency, entry: id)
    }
}

/// The rates service the loaders ask for non-euro amounts. It is flaky the way remote services
/// are: the first call for every 5th USD entry fails with ``Unavailable`` (retried with backoff);
/// a currency it does not know fails for good (skipped).
final class RatesService: Sendable {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "the rates service is briefly unavailable" }
    }

    private let failedOnce = Mutex<Set<Int64>>([])
    /// Calls that failed and were (or will be) retried.
    var transientFailures: Int { failedOnce.withLock { $0.count } }

    func toEuroCents(_ cents: Int64, currency: String, entry: Int64) async throws -> Int64 {
        switch currency {
        case "EUR":
            return cents
        case "USD":
            if entry % 5 == 0, failedOnce.withLock({ $0.insert(entry).inserted }) { throw Unavailable() }
            return cents * 92 / 100
        default:
            throw BatchError(.processFailed, "no rate for currency '\(currency)' of entry \(entry)")
        }
    }
}
