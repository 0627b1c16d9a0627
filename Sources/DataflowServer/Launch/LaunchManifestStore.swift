import Database
import Foundation

/// Data Flow's `task_execution_metadata`: each launch's manifest, as JSON in Data Flow's shape
/// (`{"taskDeploymentRequest":{"definition":{"name","properties"},"resource","deploymentProperties",
/// "commandlineArguments"},"platformName"}`), so Data Flow's tools read ours and we read theirs.
enum LaunchManifestStore {
    /// What one manifest holds.
    struct Stored: Sendable, Hashable {
        var taskName: String
        var manifest: LaunchManifest
        /// The launch's properties as given (`app.x.k`, `deployer.x.k`): what sticks to the definition.
        var launchProperties: [String: String]
        var arguments: [String]
    }

    static func insert(_ stored: Stored, executionId: Int64, on connection: SQLConnection) async throws {
        let id = try await connection.nextValue(ofSequence: "task_execution_metadata_seq")
        try await connection.execute(
            "INSERT INTO task_execution_metadata (id, task_execution_id, task_execution_manifest) VALUES ($1, $2, $3)",
            [.int(id), .int(executionId), .text(try encode(stored))])
    }

    /// The manifests of `ids`, by execution id, in one query per 500 ids.
    static func manifests(of ids: [Int64], on connection: SQLConnection) async throws -> [Int64: Stored] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await connection.query(ids: ids) {
            "SELECT task_execution_id, task_execution_manifest FROM task_execution_metadata WHERE task_execution_id IN (\($0))"
        }
        var result: [Int64: Stored] = [:]
        for row in rows {
            guard let text = try row.decode(String?.self, "task_execution_manifest"), let stored = decode(text) else { continue }
            result[try row.decode(Int64.self, "task_execution_id")] = stored
        }
        return result
    }

    /// The newest manifest of a definition's executions, for sticky properties.
    static func latest(taskName: String, on connection: SQLConnection) async throws -> Stored? {
        let rows = try await connection.query(
            """
            SELECT m.task_execution_manifest FROM task_execution_metadata m
            JOIN TASK_EXECUTION e ON e.TASK_EXECUTION_ID = m.task_execution_id
            WHERE e.TASK_NAME = $1 ORDER BY m.task_execution_id DESC LIMIT 1
            """, [.text(taskName)])
        return try rows.first.flatMap { try $0.decode(String?.self, "task_execution_manifest") }.flatMap(decode)
    }

    static func delete(executionIds ids: [Int64], on connection: SQLConnection) async throws {
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
            try await connection.execute(
                "DELETE FROM task_execution_metadata WHERE task_execution_id IN (\(placeholders))", chunk.map { .int($0) })
        }
    }

    struct Document: Codable {
        struct Request: Codable {
            struct Definition: Codable {
                var name: String
                var properties: [String: String]?
            }
            var definition: Definition
            var resource: String?
            var deploymentProperties: [String: String]?
            var commandlineArguments: [String]?
        }
        var taskDeploymentRequest: Request
        var platformName: String?
    }

    static func encode(_ stored: Stored) throws -> String {
        let document = Document(
            taskDeploymentRequest: .init(
                definition: .init(name: stored.taskName, properties: stored.manifest.appProperties),
                resource: stored.manifest.resourceURL, deploymentProperties: stored.launchProperties,
                commandlineArguments: stored.arguments),
            platformName: stored.manifest.platformName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    /// Reads a manifest; values that are not strings in another writer's manifest are kept as their JSON text.
    static func decode(_ text: String) -> Stored? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let request = object["taskDeploymentRequest"] as? [String: Any]
        else { return nil }
        let definition = request["definition"] as? [String: Any] ?? [:]
        let appProperties = strings(definition["properties"])
        let launchProperties = strings(request["deploymentProperties"])
        return Stored(
            taskName: definition["name"] as? String ?? "",
            manifest: LaunchManifest(
                resourceURL: request["resource"] as? String, appProperties: appProperties,
                deploymentProperties: launchProperties,
                platformName: object["platformName"] as? String),
            launchProperties: launchProperties, arguments: (request["commandlineArguments"] as? [Any])?.map { "\($0)" } ?? [])
    }

    private static func strings(_ value: Any?) -> [String: String] {
        guard let map = value as? [String: Any] else { return [:] }
        return map.mapValues { value in
            switch value {
            case let text as String: text
            case let number as NSNumber: number.stringValue
            default: (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])).map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
        }
    }
}
