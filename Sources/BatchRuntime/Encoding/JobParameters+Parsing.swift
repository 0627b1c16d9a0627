extension JobParameters {
    /// Parses Spring's command-line notation, one parameter per argument:
    /// `name=value[,type[,identifying]]`.
    ///
    /// The type is a Java class name (`java.lang.Long`) or a short alias (`long`); it defaults to
    /// `java.lang.String`. `identifying` is `true` or `false` and defaults to `true`. Commas inside a
    /// string value are kept: only trailing pieces that name a type and a flag are read as such.
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
