import Database
import Foundation

/// Data Flow's `task_deployment`: the platform a definition launched on first, which its later
/// launches (and restarts) keep; and `pg_advisory_xact_lock` for counting a platform's launches.
enum TaskDeploymentStore {
    static func platform(of definition: String, on connection: SQLConnection) async throws -> String? {
        try await connection.query(
            "SELECT platform_name FROM task_deployment WHERE task_definition_name = $1 ORDER BY id LIMIT 1", [.text(definition)]
        ).first.map { try $0.decode(String.self, "platform_name") }
    }

    static func insert(definition: String, platform: String, launchId: String, on connection: SQLConnection) async throws {
        let id = try await connection.nextValue(ofSequence: "hibernate_sequence")
        try await connection.execute(
            """
            INSERT INTO task_deployment (id, object_version, task_deployment_id, task_definition_name, platform_name, created_on)
            VALUES ($1, 0, $2, $3, $4, $5)
            """, [.int(id), .text(launchId), .text(definition), .text(platform), .date(Date())])
    }

    static func delete(definition: String, on connection: SQLConnection) async throws {
        try await connection.execute("DELETE FROM task_deployment WHERE task_definition_name = $1", [.text(definition)])
    }

    /// Serializes the launches of one platform until the transaction ends: PostgreSQL's
    /// transaction-scoped advisory lock (so two servers on one database count alike); SQLite's
    /// write transactions are serialized already.
    static func lockPlatform(_ name: String, on connection: SQLConnection) async throws {
        guard connection.dialect == .postgresql else { return }
        var hash: Int64 = 1_469_598_103
        for byte in "swift-batch.platform.\(name)".utf8 { hash = (hash &* 31) &+ Int64(byte) }
        _ = try await connection.query("SELECT pg_advisory_xact_lock($1) IS NULL AS LOCKED", [.int(hash)])
    }
}
