import Crypto
import Foundation

/// One row of `BATCH_JOB_EXECUTION_PARAMS`, in Spring Batch 5's stored form.
struct SeededParameter: Sendable {
    var name: String
    /// The Java class (`java.lang.Long`, `java.time.LocalDate`, ...).
    var type: String
    /// The value as Spring stores it (and, for these types, as Java's `toString` writes it).
    var value: String
    var identifying: Bool
}

enum SeededParameters {
    /// The parameters of a new launch of `job`: `run.id` and the job's own one or two.
    static func launch(of job: JobDefinition, runId: Int64, at seconds: Int64, random: inout SeededRandom) -> [SeededParameter] {
        var parameters = [SeededParameter(name: "run.id", type: "java.lang.Long", value: String(runId), identifying: true)]
        let time = CivilTime(seconds)
        switch job.parameters {
        case .inputFile:
            parameters.append(.init(
                name: "input.file", type: "java.lang.String",
                value: "/data/inbox/transactions-\(time.compactDate)-\(time.compactMinute)-\(runId % 100).csv", identifying: true))
            parameters.append(.init(name: "chunk.size", type: "java.lang.Long", value: "1000", identifying: false))
        case .businessDate:
            parameters.append(.init(name: "business.date", type: "java.time.LocalDate", value: time.localDate, identifying: true))
            let threshold = Double(random.between(4...2000)) / 4
            parameters.append(.init(name: "threshold", type: "java.lang.Double", value: "\(threshold)", identifying: false))
        case .cutoff:
            parameters.append(.init(
                name: "cutoff", type: "java.time.LocalDateTime", value: CivilTime(seconds - 86_400 * 30).localDateTime,
                identifying: false))
        case .source:
            let sources = ["crm-eu", "crm-us", "crm-apac", "webshop"]
            let source = sources[random.below(sources.count)]
            parameters.append(.init(name: "source", type: "java.lang.String", value: source, identifying: false))
        case .asOf:
            parameters.append(.init(name: "as.of", type: "java.util.Date", value: time.isoInstant, identifying: false))
        case .reportDate:
            parameters.append(.init(name: "report.date", type: "java.time.LocalDate", value: time.localDate, identifying: true))
        }
        return parameters
    }

    /// `JOB_KEY` as Spring Batch 5's `DefaultJobKeyGenerator` computes it: the MD5 of
    /// `name={value=V, type=class T, identifying=true};` for each identifying parameter, sorted by name.
    /// (Only types whose `toString` equals their stored value are identifying here.)
    static func jobKey(_ parameters: [SeededParameter]) -> String {
        let identifying = parameters.filter(\.identifying).sorted { $0.name.utf16.lexicographicallyPrecedes($1.name.utf16) }
        var text = ""
        for parameter in identifying {
            text += "\(parameter.name)={value=\(parameter.value), type=class \(parameter.type), identifying=true};"
        }
        let hex = Array("0123456789abcdef".utf8)
        var key: [UInt8] = []
        for byte in Insecure.MD5.hash(data: Data(text.utf8)) {
            key.append(hex[Int(byte >> 4)])
            key.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: key, as: UTF8.self)
    }
}

/// A UTC calendar date and time from seconds since 1970, in the forms Java writes.
struct CivilTime {
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    init(_ seconds: Int64) {
        let days = Int(seconds.quotient(86_400))
        let rest = Int(seconds - Int64(days) * 86_400)
        (hour, minute, second) = (rest / 3600, rest % 3600 / 60, rest % 60)
        // Days to civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `2026-06-01` (`LocalDate.toString`).
    var localDate: String { "\(year)-\(Self.two(month))-\(Self.two(day))" }
    /// `2026-06-01T08:15:30`, or `2026-06-01T08:15` on a whole minute (`LocalDateTime.toString`).
    var localDateTime: String {
        "\(localDate)T\(Self.two(hour)):\(Self.two(minute))" + (second == 0 ? "" : ":\(Self.two(second))")
    }
    /// `2026-06-01T08:15:30Z` (`Instant.toString`).
    var isoInstant: String { "\(localDate)T\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))Z" }
    /// `20260601`.
    var compactDate: String { "\(year)\(Self.two(month))\(Self.two(day))" }
    /// `0815`.
    var compactMinute: String { "\(Self.two(hour))\(Self.two(minute))" }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Int64 {
    /// Floor division (rounds towards minus infinity).
    fileprivate func quotient(_ divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
