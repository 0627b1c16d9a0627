import Database
import Foundation

/// `TASK_LOCK`, in Spring Integration's `DefaultLockRepository` row format with Spring Cloud
/// Task's prefix: REGION `DEFAULT`, LOCK_KEY the name-based UUID of the task name, CLIENT_ID the
/// holder's task execution id.
enum TaskLockStore {
    static let region = "DEFAULT"

    /// The lock row as found.
    struct Holder: Equatable {
        var clientId: String
        var created: Date
    }

    /// Inserts the lock row; false when another holder has it (the primary key `LOCK_PK`).
    static func insert(key: String, clientId: String, at time: Date, on connection: SQLConnection) async throws -> Bool {
        do {
            try await connection.transaction { connection in
                try await connection.execute(
                    "INSERT INTO TASK_LOCK (LOCK_KEY, REGION, CLIENT_ID, CREATED_DATE) VALUES ($1, $2, $3, $4)",
                    [.text(key), .text(region), .text(clientId), .date(time)])
            }
            return true
        } catch let error as DatabaseError where error.code == .uniqueViolation {
            return false
        }
    }

    static func find(key: String, on connection: SQLConnection) async throws -> Holder? {
        let rows = try await connection.query(
            "SELECT CLIENT_ID, CREATED_DATE FROM TASK_LOCK WHERE LOCK_KEY = $1 AND REGION = $2", [.text(key), .text(region)])
        guard let row = rows.first else { return nil }
        // CHAR(36) pads with spaces on PostgreSQL.
        let client = (try row.decode(String?.self, "CLIENT_ID") ?? "").trimmingCharacters(in: .whitespaces)
        return Holder(clientId: client, created: try row.decode(Date.self, "CREATED_DATE"))
    }

    /// Takes the lock over from exactly the holder that was seen (compare and set on CLIENT_ID,
    /// which every execution sets to its own id): of two callers that saw the same dead holder,
    /// one updates the row and the other updates nothing.
    static func takeOver(key: String, from holder: Holder, clientId: String, at time: Date, on connection: SQLConnection)
        async throws -> Bool
    {
        try await connection.execute(
            """
            UPDATE TASK_LOCK SET CLIENT_ID = $1, CREATED_DATE = $2
            WHERE LOCK_KEY = $3 AND REGION = $4 AND CLIENT_ID = $5
            """,
            [.text(clientId), .date(time), .text(key), .text(region), .text(holder.clientId)]) == 1
    }

    /// Deletes the lock if `clientId` holds it.
    static func release(key: String, clientId: String, on connection: SQLConnection) async throws {
        try await connection.execute(
            "DELETE FROM TASK_LOCK WHERE LOCK_KEY = $1 AND REGION = $2 AND CLIENT_ID = $3",
            [.text(key), .text(region), .text(clientId)])
    }

    /// Deletes every lock `clientId` holds (recovery of a dead execution).
    static func releaseAll(clientId: String, on connection: SQLConnection) async throws {
        try await connection.execute("DELETE FROM TASK_LOCK WHERE CLIENT_ID = $1", [.text(clientId)])
    }
}
