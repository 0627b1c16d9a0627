/// Column limits of Spring's schema: text is trimmed to fit rather than rejected.
enum StoredText {
    /// `EXIT_MESSAGE` and friends: `VARCHAR(2500)`.
    static func message(_ text: String) -> String { trim(text, 2500) }
    /// `EXIT_CODE`: `VARCHAR(100)` on SQLite, the narrower of the two dialects.
    static func exitCode(_ text: String) -> String { trim(text, 100) }

    static func trim(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit))
    }
}
