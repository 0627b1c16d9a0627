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
    ///
    /// Works on the UTF-8 bytes (the names are ASCII; the words looked for are): it runs for
    /// every parameter and context key of every page the server shows, where Foundation's
    /// case-folding substring search took a sixth of the time of a job execution page.
    public static func isSecret(key: String) -> Bool {
        let bytes = Array(key.utf8)
        var start = 0
        while start < bytes.count, bytes[start] == UInt8(ascii: "-") { start += 1 }
        // The last non-empty part between dots, as `split(separator: ".").last` finds it.
        var end = bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
        var first = end
        while first > start, bytes[first - 1] != UInt8(ascii: ".") { first -= 1 }
        var plain: [UInt8] = []
        plain.reserveCapacity(end - first)
        for byte in bytes[first..<end] where byte != UInt8(ascii: "-") && byte != UInt8(ascii: "_") {
            plain.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        if plain.isEmpty { return false }
        for word in secretWords where contains(plain, word) { return true }
        return plain.count >= 3 && plain[(plain.count - 3)...].elementsEqual("key".utf8)
    }

    private static let secretWords: [[UInt8]] = ["password", "passwd", "secret", "token", "credential"].map { Array($0.utf8) }

    /// Whether `needle` occurs in `haystack`.
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for offset in 0...(haystack.count - needle.count)
        where haystack[offset] == needle[0] && haystack[offset..<(offset + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
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
        guard text.utf8.contains(UInt8(ascii: ":")), let scheme = text.firstRange(of: "://") else { return text }
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@"),
            let colon = rest[..<at].firstIndex(of: ":")
        else { return text }
        return String(text[..<rest.index(after: colon)]) + mask + String(text[at...])
    }
}
