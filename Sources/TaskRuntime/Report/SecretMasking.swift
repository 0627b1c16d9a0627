/// Hides the values of secret-looking settings wherever executions are shown (tables, detail
/// views, JSON): arguments such as `--spring.datasource.password=...`, as Data Flow's own
/// launches store them, job parameters such as `api.token=...`, and passwords inside URLs.
/// The stored rows keep what Spring writes; only what is displayed is masked.
///
/// A key is secret when its last part contains `password`, `passwd`, `secret`, `token` or
/// `credential`, or ends with `key` (`api-key`, `accessKey`, `private_key`); case, `-`, `_`
/// and `.` do not matter (Spring's relaxed binding).
///
/// ```swift
/// SecretMasking.argument("--spring.datasource.password=s3cret")   // --spring.datasource.password=******
/// ```
public enum SecretMasking {
    /// What a masked value is shown as.
    public static let mask = "******"

    /// Whether `key` (a property, parameter or environment variable name) names a secret.
    public static func isSecret(key: String) -> Bool {
        let trimmed = key.drop { $0 == "-" }
        let last = trimmed.split(separator: ".").last.map(String.init) ?? String(trimmed)
        let plain = last.lowercased().filter { $0 != "-" && $0 != "_" }
        if plain.isEmpty { return false }
        if ["password", "passwd", "secret", "token", "credential"].contains(where: plain.contains) { return true }
        return plain.hasSuffix("key")
    }

    /// The arguments as they may be shown: `--key=value` and `key=value` with a secret key get
    /// their value masked, so does the argument after a bare `--<secret key>`, and a password
    /// inside a URL (`scheme://user:password@host`) in any value.
    public static func arguments(_ arguments: [String]) -> [String] {
        var shown: [String] = []
        shown.reserveCapacity(arguments.count)
        var maskNext = false
        for argument in arguments {
            if maskNext {
                shown.append(mask)
                maskNext = false
                continue
            }
            if argument.hasPrefix("--"), !argument.contains("="), argument.count > 2, isSecret(key: argument) {
                maskNext = true
                shown.append(argument)
                continue
            }
            shown.append(self.argument(argument))
        }
        return shown
    }

    /// One `key=value` (or `--key=value`) argument as it may be shown.
    public static func argument(_ argument: String) -> String {
        guard let equals = argument.firstIndex(of: "=") else { return url(argument) }
        let key = argument[..<equals]
        let value = argument[argument.index(after: equals)...]
        if isSecret(key: String(key)) { return key + "=" + (value.isEmpty ? "" : mask) }
        return key + "=" + url(String(value))
    }

    /// `value` for a setting named `key`: masked when the key is secret, else with any URL password masked.
    public static func value(_ value: String, key: String) -> String {
        isSecret(key: key) ? (value.isEmpty ? "" : mask) : url(value)
    }

    /// `text` with the password of a `scheme://user:password@host` URL masked, if it holds one.
    public static func url(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
            let colon = rest[..<at].firstIndex(of: ":")
        else { return text }
        return String(text[..<rest.index(after: colon)]) + mask + String(text[at...])
    }
}
