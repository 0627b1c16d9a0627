import Foundation

extension DataSourceSettings {
    /// What makes a child process (a partition worker, say) resolve the same database as `url`:
    /// command-line arguments `--spring.datasource.url` (and `--spring.datasource.username`),
    /// which win over any other setting the child inherits, and the password apart in the
    /// environment as `SPRING_DATASOURCE_PASSWORD`, so it needs no escaping and never shows in
    /// a process list. An SQLite path is made absolute.
    ///
    /// The environment holds a secret: pass it to the child's environment (readable by the
    /// same user only), never to a log.
    /// - Returns: nil for a private in-memory SQLite database, which no other process can open.
    public static func childSettings(for url: DatabaseURL) -> (arguments: [String], environment: [String: String])? {
        switch url.location {
        case .sqliteMemory:
            return nil
        case .sqliteFile(let path):
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            let encoded = absolute.replacingOccurrences(of: "%", with: "%25")
            return (["--spring.datasource.url=sqlite:\(encoded)"], [:])
        case .postgres(var settings):
            var arguments: [String] = []
            var environment: [String: String] = [:]
            if let user = settings.user ?? settings.option("user") { arguments.append("--spring.datasource.username=\(user)") }
            if let password = settings.password ?? settings.option("password") {
                environment["SPRING_DATASOURCE_PASSWORD"] = password
            }
            settings.user = nil
            settings.password = nil
            settings.options.removeAll { $0.key == "password" || $0.key == "user" }
            arguments.insert("--spring.datasource.url=\(DatabaseURL(.postgres(settings)).description)", at: 0)
            return (arguments, environment)
        }
    }
}
