import Foundation

extension JobParameters {
    /// Parses Spring Batch 5's command-line notations, one parameter per argument: the default
    /// `name=value[,type[,identifying]]`, or the JSON one of Spring's `JsonJobParametersConverter`,
    /// `name={"value":"2022-12-12","type":"java.time.LocalDate","identifying":"false"}`.
    ///
    /// The type is a Java class name (`java.lang.Long`) or a short alias (`long`); it defaults to
    /// `java.lang.String`. `identifying` is `true` or `false` and defaults to `true`. Commas inside a
    /// string value are kept: only trailing pieces that name a type and a flag are read as such.
    /// A value is read as JSON when it is an object with a `"value"` and no keys but `value`,
    /// `type` and `identifying`, so Data Flow's restart with `useJsonJobParameters=true` reaches
    /// the same parameters as its default notation.
    /// - Throws: ``BatchError/Code/invalidParameters`` naming the argument and what is wrong with it.
    public init(parsing arguments: [String]) throws(BatchError) {
        self.init()
        for argument in arguments {
            let (name, parameter) = try JobParameters.parse(argument)
            self[name] = parameter
        }
    }

    /// Parses one `name=value[,type[,identifying]]` argument.
    /// - Throws: ``BatchError/Code/invalidParameters``.
    public static func parse(_ argument: String) throws(BatchError) -> (String, JobParameter) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
            throw BatchError(
                .invalidParameters,
                "bad job parameter '\(argument)': write name=value[,type[,identifying]], for example run.id=1,java.lang.Long")
        }
        let name = String(argument[..<equals])
        guard !name.hasPrefix("-") else {
            throw BatchError(.invalidParameters, "bad job parameter '\(argument)': a parameter name cannot start with '-'")
        }
        if let json = try parseJSON(argument[argument.index(after: equals)...], argument: argument) {
            return (name, json)
        }
        var pieces = argument[argument.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
            .map(String.init)
        var identifying = true
        var type = "java.lang.String"
        if pieces.count >= 3, let flag = Bool(pieces[pieces.count - 1].lowercased()),
            let javaType = JobParameter.canonicalType(pieces[pieces.count - 2])
        {
            identifying = flag
            type = javaType
            pieces.removeLast(2)
        } else if pieces.count >= 2, let javaType = JobParameter.canonicalType(pieces[pieces.count - 1]) {
            type = javaType
            pieces.removeLast()
        } else if pieces.count >= 2, pieces.last!.hasPrefix("java.") {
            throw BatchError(
                .invalidParameters,
                "bad job parameter '\(argument)': unknown type '\(pieces.last!)'; use java.lang.String, java.lang.Long, java.lang.Double, java.util.Date, java.time.LocalDate, java.time.LocalDateTime or java.time.LocalTime"
            )
        }
        let value = pieces.joined(separator: ",")
        do {
            return (name, try JobParameter(javaType: type, text: value, identifying: identifying))
        } catch {
            throw BatchError(.invalidParameters, "bad job parameter '\(argument)': \(error.message)")
        }
    }
}

extension JobParameters {
    /// The parameter a JSON notation value describes, or nil when the text is not that notation
    /// (not an object, or an object with other keys or without `"value"`).
    /// - Throws: ``BatchError/Code/invalidParameters`` when it is the notation but its type or value is bad.
    private static func parseJSON(_ raw: Substring, argument: String) throws(BatchError) -> JobParameter? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}"),
            let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
            object["value"] != nil, Set(object.keys).isSubset(of: ["value", "type", "identifying"])
        else { return nil }
        func field(_ key: String) -> String? {
            switch object[key] {
            case let string as String: string
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }
        guard let value = field("value") else {
            throw BatchError(.invalidParameters, "bad job parameter '\(argument)': \"value\" must be a string")
        }
        var identifying = true
        if let flag = object["identifying"] as? Bool {
            identifying = flag
        } else if let flag = field("identifying"), !flag.isEmpty {
            // As Java's Boolean.parseBoolean: only "true" (any case) is true.
            identifying = flag.lowercased() == "true"
        }
        let type = field("type") ?? "java.lang.String"
        do {
            return try JobParameter(javaType: type, text: value, identifying: identifying)
        } catch {
            throw BatchError(.invalidParameters, "bad job parameter '\(argument)': \(error.message)")
        }
    }
}
