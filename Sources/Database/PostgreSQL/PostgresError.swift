import CLibPQ

/// Maps libpq failures to ``DatabaseError``.
enum PostgresError {
    /// The input line a failed `COPY ... FROM STDIN` names in its context (`COPY t, line 3`), if any.
    static func copyLine(_ result: OpaquePointer?) -> Int? {
        guard let context = field(result, "W"), let range = context.range(of: ", line ") else { return nil }
        return Int(context[range.upperBound...].prefix { $0.isNumber })
    }

    private static func field(_ result: OpaquePointer?, _ code: Character) -> String? {
        guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
        return String(cString: value)
    }

    /// The connection's last message on one line.
    static func connectionMessage(_ connection: OpaquePointer?) -> String {
        guard let connection, let message = PQerrorMessage(connection) else { return "unknown libpq error" }
        return oneLine(String(cString: message))
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The error a failed result (or a failed send, when `result` is nil) stands for.
    static func make(
        result: OpaquePointer?, connection: OpaquePointer, statement: String?, file: String = #fileID, line: Int = #line
    ) -> DatabaseError {
        let lost = PQstatus(connection) == CONNECTION_BAD
        let sqlState = field(result, "C")
        let message = field(result, "M") ?? connectionMessage(connection)
        if lost || sqlState.map(isConnectionLoss) == true {
            return DatabaseError(
                .connectionLost, "the connection to PostgreSQL was lost: \(message)", driverCode: sqlState,
                hint: "the pool replaces the connection; run the transaction again", statement: statement,
                file: file, line: line)
        }
        return DatabaseError(
            classify(sqlState, message: message), message, driverCode: sqlState, detail: field(result, "D"),
            hint: field(result, "H"), statement: statement, file: file, line: line)
    }

    static func isConnectionLoss(_ sqlState: String) -> Bool {
        ["57P01", "57P02", "57P03"].contains(sqlState) || (sqlState.hasPrefix("08") && sqlState != "08P01")
    }

    static func classify(_ sqlState: String?, message: String) -> DatabaseError.Code {
        guard let sqlState else { return .other }
        switch sqlState {
        case "23505": return .uniqueViolation
        case "23503": return .foreignKeyViolation
        case "23502": return .notNullViolation
        case "23514": return .checkViolation
        case "42601": return .syntaxError
        case "42P01", "42703", "42883", "42704", "3F000", "42P02": return .undefinedObject
        case "40001": return .serializationFailure
        case "40P01": return .deadlock
        case "55P03": return .busy
        case "25P02": return .transactionAborted
        case "25006": return .readOnly
        case "57014": return .cancelled
        case "3D000": return .databaseNotFound
        case "53100": return .ioError
        case "08P01" where message.contains("bind message supplies"): return .bindMismatch
        default: break
        }
        switch sqlState.prefix(2) {
        case "22": return .dataException
        case "28": return .authenticationFailed
        case "58": return .ioError
        default: return .other
        }
    }

    /// The error for a failed connection attempt, with what to do about it.
    static func connectFailure(_ connection: OpaquePointer?, url: String) -> DatabaseError {
        let message = connectionMessage(connection)
        let code: DatabaseError.Code
        let hint: String
        // libpq reports connection failures as text only (no SQLSTATE before the session exists).
        if message.contains("password authentication failed") || message.contains("no password supplied")
            || message.contains("authentication failed") || (message.contains("role \"") && message.contains("does not exist"))
        {
            code = .authenticationFailed
            hint = "check the user name and password (in the URL, or --spring.datasource.username/password, SPRING_DATASOURCE_USERNAME/PASSWORD)"
        } else if message.contains("database \"") && message.contains("does not exist") {
            code = .databaseNotFound
            hint = "create the database (createdb NAME) or fix the database name in the URL"
        } else {
            code = .connectionFailed
            hint = "check that PostgreSQL runs on that host and port and accepts TCP connections"
        }
        return DatabaseError(code, "cannot connect to \(url): \(message)", hint: hint)
    }
}
