import Database
import DatabaseTestSupport
import Testing

@Suite("Database URLs and datasource settings")
struct DatabaseURLTests {
    @Test("SQLite forms")
    func sqlite() throws {
        #expect(try DatabaseURL("sqlite:/var/lib/batch/repo.db").location == .sqliteFile(path: "/var/lib/batch/repo.db"))
        #expect(try DatabaseURL("sqlite:./dataflow.db").location == .sqliteFile(path: "./dataflow.db"))
        #expect(try DatabaseURL("sqlite:///tmp/x.db").location == .sqliteFile(path: "/tmp/x.db"))
        #expect(try DatabaseURL("jdbc:sqlite:/tmp/x.db").location == .sqliteFile(path: "/tmp/x.db"))
        #expect(try DatabaseURL("sqlite:/tmp/with%20space.db").location == .sqliteFile(path: "/tmp/with space.db"))
        #expect(try DatabaseURL("sqlite::memory:").location == .sqliteMemory)
        #expect(try DatabaseURL("jdbc:sqlite::memory:").dialect == .sqlite)
    }

    @Test("postgres:// and postgresql:// URLs")
    func postgres() throws {
        let url = try DatabaseURL("postgres://batch:s%40cret@db.example.com:6543/jobs?sslmode=require&currentSchema=meta")
        guard case .postgres(let settings) = url.location else {
            Issue.record("not parsed as PostgreSQL")
            return
        }
        #expect(settings.host == "db.example.com")
        #expect(settings.port == "6543")
        #expect(settings.user == "batch")
        #expect(settings.password == "s@cret")
        #expect(settings.database == "jobs")
        #expect(settings.schema == "meta")
        #expect(settings.option("sslmode") == "require")
        #expect(url.dialect == .postgresql)
        #expect(!url.description.contains("s@cret"), "the password never shows")
        #expect(url.description == "postgres://batch:***@db.example.com:6543/jobs?currentSchema=meta&sslmode=require")

        let defaults = try DatabaseURL("postgresql://localhost/db")
        guard case .postgres(let plain) = defaults.location else { return }
        #expect(plain.port == "5432")
        #expect(plain.user == nil && plain.password == nil)
    }

    @Test("jdbc:postgresql URLs with Spring's parameters")
    func jdbc() throws {
        let url = try DatabaseURL("jdbc:postgresql://pg1:5433,pg2/dataflow?user=scdf&password=pw&ApplicationName=x&reWriteBatchedInserts=true")
        guard case .postgres(let settings) = url.location else {
            Issue.record("not parsed as PostgreSQL")
            return
        }
        #expect(settings.host == "pg1,pg2")
        #expect(settings.port == "5433,5432")
        #expect(settings.user == "scdf")
        #expect(settings.password == "pw")
        #expect(settings.option("application_name") == "x")
        // JDBC-only tuning is accepted and ignored; libpq has no such keyword.
        #expect(settings.option("reWriteBatchedInserts") == nil)
    }

    @Test("bad URLs fail with the reason and the accepted forms, never the password", arguments: [
        ("mysql://root:hunter2@localhost/db", "unsupported scheme"),
        ("postgres://u:hunter2@host:99999/db", "port '99999'"),
        ("postgres://u:hunter2@host:abc/db", "port 'abc'"),
        ("postgres://u:hunter2@host/db?nosuch=1", "unknown connection parameter 'nosuch'"),
        ("sqlite:", "no file path"),
        ("", "unsupported scheme"),
    ])
    func invalid(_ text: String, _ reason: String) {
        let error = #expect(throws: DatabaseError.self) { try DatabaseURL(text) }
        #expect(error?.code == .invalidURL)
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("hunter2") == false)
        #expect(error?.description.contains("postgres://user:password@host:5432/database") == true)
    }

    @Test("--db wins, then --spring.datasource.url, then SPRING_DATASOURCE_URL, then the SQLite default")
    func resolutionOrder() throws {
        let environment = [
            "SPRING_DATASOURCE_URL": "jdbc:postgresql://envhost:5432/envdb",
            "SPRING_DATASOURCE_USERNAME": "envuser", "SPRING_DATASOURCE_PASSWORD": "envpass",
        ]
        let explicit = DataSourceSettings.resolve(
            explicitURL: "sqlite:/tmp/a.db", arguments: ["--spring.datasource.url=jdbc:postgresql://arg/db"],
            environment: environment)
        #expect(explicit.source == "--db")
        #expect(try explicit.databaseURL().location == .sqliteFile(path: "/tmp/a.db"))

        let argument = DataSourceSettings.resolve(
            explicitURL: nil,
            arguments: ["start", "--spring.datasource.url", "jdbc:postgresql://arghost/argdb",
                        "--spring.datasource.username=arguser"],
            environment: environment)
        #expect(argument.source == "--spring.datasource.url")
        guard case .postgres(let fromArguments) = try argument.databaseURL().location else {
            Issue.record("not PostgreSQL")
            return
        }
        #expect(fromArguments.host == "arghost" && fromArguments.database == "argdb")
        #expect(fromArguments.user == "arguser", "an argument beats the environment")
        #expect(fromArguments.password == "envpass", "the environment fills what arguments leave out")

        let fromEnvironment = DataSourceSettings.resolve(explicitURL: nil, arguments: [], environment: environment)
        #expect(fromEnvironment.source == "SPRING_DATASOURCE_URL")
        guard case .postgres(let settings) = try fromEnvironment.databaseURL().location else { return }
        #expect(settings.user == "envuser" && settings.password == "envpass" && settings.host == "envhost")

        let fallback = DataSourceSettings.resolve(explicitURL: nil, arguments: [], environment: [:])
        #expect(fallback.source == "default")
        #expect(try fallback.databaseURL().location == .sqliteFile(path: "./dataflow.db"))
    }

    @Test("credentials in the URL win over separate settings")
    func urlCredentialsWin() throws {
        let settings = DataSourceSettings(
            url: "postgres://inurl:pw1@h/db", username: "separate", password: "pw2", source: "--db")
        guard case .postgres(let resolved) = try settings.databaseURL().location else { return }
        #expect(resolved.user == "inurl" && resolved.password == "pw1")
    }

    @Test("a bad URL from the environment says where it came from")
    func badEnvironmentURL() {
        let settings = DataSourceSettings.resolve(
            explicitURL: nil, arguments: [], environment: ["SPRING_DATASOURCE_URL": "jdbc:oracle:thin:@x:1521:db"])
        let error = #expect(throws: DatabaseError.self) { try settings.databaseURL() }
        #expect(error?.description.contains("(from SPRING_DATASOURCE_URL)") == true)
    }
}
