import Foundation

/// One job parameter: a typed value and whether it identifies the job instance.
///
/// Values are stored in `BATCH_JOB_EXECUTION_PARAMS` with the Java class names Spring Batch
/// uses, so Spring tools read them back with the right types.
public struct JobParameter: Sendable, Hashable, CustomStringConvertible {
    /// A parameter value, one case per Java type Spring stores.
    public enum Value: Sendable, Hashable {
        /// `java.lang.String`.
        case string(String)
        /// `java.lang.Long`.
        case long(Int64)
        /// `java.lang.Double`.
        case double(Double)
        /// `java.util.Date`: a point in time, stored as an ISO instant (`2024-01-31T10:00:00Z`).
        case date(Date)
        /// `java.time.LocalDate`: a calendar date without time zone (`2024-01-31`).
        case localDate(LocalDate)
        /// `java.time.LocalDateTime`: a date and time without time zone (`2024-01-31T10:00`).
        case localDateTime(LocalDateTime)
        /// `java.time.LocalTime`: a time of day (`10:00:05`).
        case localTime(LocalTime)
        /// A value of another type a Spring application stored (`java.lang.Integer`,
        /// `java.time.Instant`, a class of its own), or one that does not parse as its type:
        /// kept as stored, so reading another application's history never fails.
        case other(javaType: String, text: String)
    }

    /// The value.
    public var value: Value
    /// Whether the parameter is part of the job instance's identity (`IDENTIFYING = 'Y'`).
    public var identifying: Bool

    /// Creates a parameter.
    public init(_ value: Value, identifying: Bool = true) {
        self.value = value
        self.identifying = identifying
    }

    /// The Java class name stored in `PARAMETER_TYPE`.
    public var javaType: String {
        switch value {
        case .string: "java.lang.String"
        case .long: "java.lang.Long"
        case .double: "java.lang.Double"
        case .date: "java.util.Date"
        case .localDate: "java.time.LocalDate"
        case .localDateTime: "java.time.LocalDateTime"
        case .localTime: "java.time.LocalTime"
        case .other(let type, _): type
        }
    }

    /// The text stored in `PARAMETER_VALUE` and accepted back by ``init(javaType:text:identifying:)``.
    public var storedValue: String {
        switch value {
        case .string(let text): text
        case .long(let number): String(number)
        case .double(let number): JavaText.double(number)
        case .date(let date): JavaText.isoInstant(date)
        case .localDate(let date): date.description
        case .localDateTime(let dateTime): dateTime.description
        case .localTime(let time): time.description
        case .other(_, let text): text
        }
    }

    /// The value as Java's `toString` writes it, which is what Spring's job key hashes.
    var javaToString: String {
        switch value {
        case .date(let date): JavaText.utilDate(date)
        default: storedValue
        }
    }

    /// Reads a stored or command-line parameter.
    /// - Parameters:
    ///   - javaType: A Java class name (`java.lang.Long`), or a short alias (`long`, `string`, `double`,
    ///     `date`, `localdate`, `localdatetime`, `localtime`).
    ///   - text: The value in the form ``storedValue`` writes.
    ///   - identifying: Whether it identifies the instance.
    /// - Throws: ``BatchError/Code/invalidParameters`` for an unknown type or a value that does not parse.
    public init(javaType: String, text: String, identifying: Bool = true) throws(BatchError) {
        let value: Value?
        switch JobParameter.canonicalType(javaType) {
        case "java.lang.String": value = .string(text)
        case "java.lang.Long": value = Int64(text).map(Value.long)
        case "java.lang.Double": value = Double(text).map(Value.double)
        case "java.util.Date": value = JavaText.parseInstant(text).map(Value.date)
        case "java.time.LocalDate": value = LocalDate(text).map(Value.localDate)
        case "java.time.LocalDateTime": value = LocalDateTime(text).map(Value.localDateTime)
        case "java.time.LocalTime": value = LocalTime(text).map(Value.localTime)
        default:
            throw BatchError(
                .invalidParameters,
                "unknown parameter type '\(javaType)'; use java.lang.String, java.lang.Long, java.lang.Double, java.util.Date, java.time.LocalDate, java.time.LocalDateTime or java.time.LocalTime"
            )
        }
        guard let value else {
            throw BatchError(.invalidParameters, "'\(text)' is not a valid \(JobParameter.canonicalType(javaType)!)")
        }
        self.init(value, identifying: identifying)
    }

    /// Reads a parameter as stored by any Spring Batch application: like
    /// ``init(javaType:text:identifying:)``, but a type it does not know, or a value that does
    /// not parse, is kept as ``Value/other(javaType:text:)`` instead of failing.
    public init(storedType: String, text: String, identifying: Bool) {
        do {
            try self.init(javaType: storedType, text: text, identifying: identifying)
        } catch {
            self.init(.other(javaType: storedType, text: text), identifying: identifying)
        }
    }

    /// The Java class name for a type name or alias, or nil when unknown.
    static func canonicalType(_ name: String) -> String? {
        switch name.lowercased() {
        case "java.lang.string", "string": "java.lang.String"
        case "java.lang.long", "long": "java.lang.Long"
        case "java.lang.double", "double": "java.lang.Double"
        case "java.util.date", "date": "java.util.Date"
        case "java.time.localdate", "localdate": "java.time.LocalDate"
        case "java.time.localdatetime", "localdatetime": "java.time.LocalDateTime"
        case "java.time.localtime", "localtime": "java.time.LocalTime"
        default: nil
        }
    }

    /// `value,type,identifying` in Spring's command-line notation.
    public var description: String { "\(storedValue),\(javaType),\(identifying)" }

    /// The parameter in Spring Batch 5's JSON command-line notation, as its
    /// `JsonJobParametersConverter` writes it: `{"value":"500","type":"java.lang.Long","identifying":"false"}`
    /// (every field a string). ``JobParameters/parse(_:)`` reads it back after `name=`.
    public var jsonNotation: String {
        var text = "{\"value\":"
        JSONText.appendString(storedValue, to: &text)
        text += ",\"type\":"
        JSONText.appendString(javaType, to: &text)
        text += ",\"identifying\":\"\(identifying)\"}"
        return text
    }
}
