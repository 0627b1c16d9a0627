import TaskRuntime

/// The launch form's two text areas turned into the two strings a launch takes, as the REST
/// API takes them (``LaunchParameters``): properties one `key=value` a line become
/// `k=v,k=v` (a value holding a comma or a quote is quoted), arguments one a line become
/// `a b` (an argument holding a space or a quote is quoted).
///
/// Properties stick to a definition (each launch is merged over the last one's), so the form
/// shows the last launch's and sends `key=` (which clears a property) for each of them whose
/// line the user deleted; a secret shown masked and sent back unchanged is left out, so it
/// keeps its stored value.
enum LaunchFormText {
    /// The key the platform select sets.
    static let platformKey = "spring.cloud.dataflow.task.platformName"

    /// The properties string of the form's text area.
    /// - Parameters:
    ///   - text: The text area: `key=value` lines; blank lines and `#` comments are skipped.
    ///   - shown: The keys the form showed (the last launch's), cleared when their line is gone.
    ///   - platform: The platform chosen, when the form offered a choice.
    /// - Throws: ``ServerError`` `badRequest` naming a line that is not `key=value`.
    static func properties(_ text: String, shown: [String], platform: String?) throws -> String? {
        var pairs: [(String, String)] = []
        var kept: Set<String> = []
        for (number, line) in lines(text).enumerated() where !line.isEmpty && !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "="), !line[..<equals].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ServerError(.badRequest, "Property line \(number + 1), '\(line)', is not key=value; write one property a line, such as app.timestamp.format=yyyy")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: equals)...])
            if value == SecretMasking.mask, SecretMasking.isSecret(key: key), shown.contains(key) {
                kept.insert(key)
                continue
            }
            pairs.append((key, value))
        }
        let given = Set(pairs.map(\.0)).union(kept)
        for key in shown where !given.contains(key) && key != platformKey && !key.isEmpty {
            pairs.append((key, ""))
        }
        if let platform, !platform.isEmpty {
            pairs.removeAll { $0.0 == platformKey }
            pairs.append((platformKey, platform))
        }
        guard !pairs.isEmpty else { return nil }
        return try pairs.map { key, value in
            let quotedValue = try quoted(value, when: [",", "'", "\""], what: "property \(key)")
            return "\(key)=\(quotedValue)"
        }.joined(separator: ",")
    }

    /// The arguments string of the form's text area (one argument a line, blank lines skipped).
    /// - Throws: ``ServerError`` `badRequest` for an argument holding both kinds of quote.
    static func arguments(_ text: String) throws -> String? {
        let arguments = lines(text).filter { !$0.isEmpty }
        guard !arguments.isEmpty else { return nil }
        return try arguments.map { try quoted($0, when: [" ", "\t", "'", "\""], what: "argument") }.joined(separator: " ")
    }

    /// The properties as the form shows them: one `key=value` a line, sorted, secrets masked,
    /// without the platform's key when the form offers a platform select.
    static func shown(_ properties: [String: String], platformSelect: Bool) -> String {
        properties.filter { !platformSelect || $0.key != platformKey }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(SecretMasking.isSecret(key: $0.key) && !$0.value.isEmpty ? SecretMasking.mask : $0.value)" }
            .joined(separator: "\n")
    }

    /// The lines of a text area (browsers send CRLF), trimmed.
    private static func lines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// `value` in the quotes it does not hold when it holds one of `characters`.
    private static func quoted(_ value: String, when characters: Set<Character>, what: String) throws -> String {
        guard value.contains(where: characters.contains) else { return value }
        if !value.contains("'") { return "'\(value)'" }
        if !value.contains("\"") { return "\"\(value)\"" }
        throw ServerError(.badRequest, "The \(what) holds both ' and \"; a launch cannot pass such a value: remove one kind of quote")
    }
}
