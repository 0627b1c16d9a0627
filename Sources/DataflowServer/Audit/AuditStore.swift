import Database
import Foundation

/// Data Flow's `audit_records` table.
enum AuditStore {
    static let columns = "id, audit_action, audit_data, audit_operation, correlation_id, created_by, created_on, platform_name"

    static func insert(_ record: AuditRecord, on connection: SQLConnection) async throws {
        let id = try await connection.nextValue(ofSequence: "hibernate_sequence")
        try await connection.execute(
            """
            INSERT INTO audit_records (id, audit_action, audit_data, audit_operation, correlation_id, created_by, created_on, platform_name)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .int(id), .int(record.action.rawValue), record.data.sqlValue, .int(record.operation.rawValue),
                record.correlationId.sqlValue, record.createdBy.sqlValue, .date(record.createdOn), record.platformName.sqlValue,
            ])
    }

    static func find(id: Int64, on connection: SQLConnection) async throws -> AuditRecord? {
        try await connection.query("SELECT \(columns) FROM audit_records WHERE id = $1", [.int(id)]).first.map(decode)
    }

    /// Records matching the filter, newest first.
    static func list(
        operations: [AuditOperation], actions: [AuditAction], from: Date?, to: Date?, limit: Int, offset: Int,
        on connection: SQLConnection
    ) async throws -> (records: [AuditRecord], total: Int64) {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if !operations.isEmpty {
            let first = binds.count + 1
            binds += operations.map { .int($0.rawValue) }
            conditions.append("audit_operation IN (\((first..<first + operations.count).map { "$\($0)" }.joined(separator: ", ")))")
        }
        if !actions.isEmpty {
            let first = binds.count + 1
            binds += actions.map { .int($0.rawValue) }
            conditions.append("audit_action IN (\((first..<first + actions.count).map { "$\($0)" }.joined(separator: ", ")))")
        }
        if let from {
            binds.append(.date(from))
            conditions.append("created_on >= $\(binds.count)")
        }
        if let to {
            binds.append(.date(to))
            conditions.append("created_on <= $\(binds.count)")
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let total = try await connection.query("SELECT COUNT(*) AS N FROM audit_records\(whereClause)", binds)[0].decode(Int64.self, "N")
        let rows = try await connection.query(
            "SELECT \(columns) FROM audit_records\(whereClause) ORDER BY created_on DESC, id DESC LIMIT \(limit) OFFSET \(offset)", binds)
        return (try rows.map(decode), total)
    }

    static func decode(_ row: SQLRow) throws -> AuditRecord {
        AuditRecord(
            id: try row.decode(Int64.self, "id"),
            action: AuditAction(rawValue: try row.decode(Int64.self, "audit_action")) ?? .update,
            operation: AuditOperation(rawValue: try row.decode(Int64.self, "audit_operation")) ?? .task,
            correlationId: try row.decode(String?.self, "correlation_id"), data: try row.decode(String?.self, "audit_data"),
            createdBy: try row.decode(String?.self, "created_by"), createdOn: try row.decode(Date?.self, "created_on") ?? Date(),
            platformName: try row.decode(String?.self, "platform_name"))
    }
}
