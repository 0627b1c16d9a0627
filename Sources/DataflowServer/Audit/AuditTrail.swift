import Database
import Foundation

/// Writes and reads the audit trail. Services record in the same transaction as the change
/// they audit, so an audited change and its record commit together.
public struct AuditTrail: Sendable {
    /// The metadata database.
    public let pool: ConnectionPool

    /// Creates a trail.
    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// Records `record` on a connection the caller holds (inside its transaction).
    static func record(_ record: AuditRecord, on connection: SQLConnection) async throws {
        try await AuditStore.insert(record, on: connection)
    }

    /// Records a sign-in to the dashboard (Data Flow's `LOGIN` / `LOGIN_SUCCESS`).
    public func record(loginOf user: String) async throws {
        try await pool.withConnection { connection in
            try await AuditStore.insert(
                AuditRecord(action: .loginSuccess, operation: .login, correlationId: user, data: nil, createdBy: user, platformName: nil),
                on: connection)
        }
    }

    /// One record, or nil.
    public func record(id: Int64) async throws -> AuditRecord? {
        try await pool.withConnection { try await AuditStore.find(id: id, on: $0) }
    }

    /// A page of records, newest first.
    public func records(
        operations: [AuditOperation] = [], actions: [AuditAction] = [], from: Date? = nil, to: Date? = nil, page: PageRequest
    ) async throws -> Page<AuditRecord> {
        try await pool.withConnection { connection in
            let (records, total) = try await AuditStore.list(
                operations: operations, actions: actions, from: from, to: to, limit: page.size, offset: page.offset, on: connection)
            return Page(elements: records, number: page.number, size: page.size, totalElements: total)
        }
    }
}
