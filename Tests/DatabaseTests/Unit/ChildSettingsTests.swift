import Database
import Foundation
import Testing

@Suite("The database settings handed to a child process")
struct ChildSettingsTests {
    @Test("PostgreSQL: URL and user as arguments, the password only in the environment; the child resolves the same database")
    func postgres() throws {
        let url = try DatabaseURL("postgres://batch:s3cr%40t@db1:5433/jobs?currentSchema=etl&sslmode=disable")
        let child = try #require(DataSourceSettings.childSettings(for: url))
        #expect(child.environment == ["SPRING_DATASOURCE_PASSWORD": "s3cr@t"])
        #expect(!child.arguments.joined().contains("s3cr"), "\(child.arguments)")
        let resolved = try DataSourceSettings.resolve(explicitURL: nil, arguments: child.arguments, environment: child.environment).databaseURL()
        #expect(resolved == url)
    }

    @Test("SQLite: an absolute path, the same file; a private in-memory database cannot be shared")
    func sqlite() throws {
        let child = try #require(DataSourceSettings.childSettings(for: DatabaseURL(.sqliteFile(path: "data/100%.db"))))
        #expect(child.arguments == ["--spring.datasource.url=sqlite:\(FileManager.default.currentDirectoryPath)/data/100%25.db"])
        let resolved = try DataSourceSettings.resolve(explicitURL: nil, arguments: child.arguments, environment: [:]).databaseURL()
        #expect(resolved == DatabaseURL(.sqliteFile(path: "\(FileManager.default.currentDirectoryPath)/data/100%.db")))
        #expect(DataSourceSettings.childSettings(for: try DatabaseURL("sqlite::memory:")) == nil)
    }
}
