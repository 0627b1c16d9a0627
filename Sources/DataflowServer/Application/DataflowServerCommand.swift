import Database
import Foundation
import Logging
import MetricsRSocket
import Properties
import ServiceLifecycle
import Signals
import TaskRuntime

/// The `dataflow-server` executable: reads the configuration, opens and migrates the database,
/// and runs the server in a `ServiceGroup` until SIGTERM (graceful: stop accepting, finish the
/// requests in flight; launched tasks keep running, they are separate processes) or a second
/// signal (now).
public enum DataflowServerCommand {
    /// Runs the server.
    /// - Returns: The process exit code: 0 after a shutdown by signal, else the error's.
    public static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let logger = Logger(label: "dataflow-server")
        do {
            let configuration = try DataflowServerConfiguration.load(arguments: arguments, environment: environment, logger: logger)
            let settings = try ServerSettings(configuration)
            let metrics = try PrometheusRSocketSettings(arguments: configuration.prometheusRSocket.launchArguments, environment: [:])
            return try await serve(settings, metrics: metrics, logger: logger)
        } catch {
            logger.critical("dataflow-server cannot start: \(ErrorText.line(error))")
            return FailureReport.report(error)
        }
    }

    static func serve(_ settings: ServerSettings, metrics: PrometheusRSocketSettings, logger: Logger) async throws -> Int32 {
        let pool = ConnectionPool(url: settings.database, logger: logger)
        do {
            try await prepare(pool, migrate: settings.migrate, logger: logger)
            if !isLoopback(settings.address) && !settings.securityEnabled {
                logger.warning(
                    "listening on \(settings.address) with security off: anyone who can reach this address can launch tasks; turn security on or bind to 127.0.0.1")
            }
            let app = DataflowServerApplication.build(settings: settings, pool: pool, logger: logger) { port in
                logger.notice("dataflow-server listening on http://\(settings.address):\(port)", metadata: ["server.port": "\(port)"])
            }
            // The metrics client starts first and stops last: it pushes what the server recorded until its end.
            let exporter = ServerMetrics.export(metrics, logger: logger).map { [$0 as any Service] } ?? []
            let group = ServiceGroup(configuration: .init(services: exporter + [app], logger: logger))
            try await ShutdownSignals.run(group, logger: logger) { caught in
                if caught.count > 1 { exit(128 + caught.number) }
            }
            await pool.close()
            return 0
        } catch {
            await pool.close()
            throw error
        }
    }

    /// Applies pending migrations, or with `spring.flyway.enabled=false` refuses to start while
    /// any are pending, naming how to apply them.
    static func prepare(_ pool: ConnectionPool, migrate: Bool, logger: Logger) async throws {
        let migrator = try Migrator(pool: pool, logger: logger)
        if migrate {
            let report = try await migrator.migrateReporting()
            for notice in report.notices { logger.notice("\(notice)") }
            return
        }
        let status = try await migrator.status()
        if let problem = status.problem { throw problem }
        guard status.pending.isEmpty else {
            let files = status.pending.map { "\(pool.dialect == .sqlite ? "sqlite" : "postgresql")/\($0.script)" }
            throw ServerError(
                .invalidState,
                "the database is at schema version \(status.currentVersion.map(String.init) ?? "none") and \(status.pending.count) migration\(status.pending.count == 1 ? " is" : "s are") pending (\(files.joined(separator: ", "))), and spring.flyway.enabled=false forbids applying them: run `dataflow db migrate --db <url>`, or apply the SQL files from Sources/Database/Migrations/\(files[0]) on, then start the server again")
        }
    }

    static func isLoopback(_ address: String) -> Bool {
        address == "127.0.0.1" || address == "::1" || address == "localhost" || address.hasPrefix("127.")
    }
}
