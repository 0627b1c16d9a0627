import CLibPQ

extension PostgresConnection {
    /// Bytes buffered before each `PQputCopyData`: small enough that the server parses the first
    /// rows of a chunk while the rest are still being encoded.
    private static let copyBufferSize = 1 << 13

    /// `COPY table (columns) FROM STDIN` in text format.
    func copy(into table: String, columns: [String], rows: [[SQLValue]]) throws -> Int {
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        let connection = try handle()
        let start = PQexec(connection, sql)
        let status = PQresultStatus(start)
        guard status == PGRES_COPY_IN else {
            defer { PQclear(start) }
            syncTransactionState()
            throw failure(start, statement: sql)
        }
        PQclear(start)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyBufferSize + 4096)
        var encodingError: DatabaseError?
        var serverStopped = false
        for (index, row) in rows.enumerated() {
            do {
                try PostgresCopyEncoder.append(row, columns: columns.count, to: &buffer)
            } catch var error as DatabaseError {
                error.message = "row \(index + 1) of \(rows.count): \(error.message)"
                error.statement = sql
                error.batchRow = index
                encodingError = error
                break
            }
            if buffer.count >= Self.copyBufferSize {
                serverStopped = try !send(buffer, connection: connection, sql: sql)
                if serverStopped { break }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if encodingError == nil, !serverStopped, !buffer.isEmpty {
            serverStopped = try !send(buffer, connection: connection, sql: sql)
        }
        // Ending with an error message makes the server abort the COPY: nothing is loaded.
        if !serverStopped, PQputCopyEnd(connection, encodingError == nil ? nil : "swift-batch rejected a row") != 1 {
            guard PQstatus(connection) == CONNECTION_OK else { throw failure(nil, statement: sql) }
        }
        var loaded = 0
        var serverError: DatabaseError?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                loaded = PostgresResult.affectedRows(result)
            } else if serverError == nil {
                var error = failure(result, statement: sql)
                // The server's context says which input line failed: "COPY transactions, line 3: ...".
                if let line = PostgresError.copyLine(result), line >= 1, line <= rows.count {
                    error.batchRow = line - 1
                    error.message = "row \(line) of \(rows.count): \(error.message)"
                }
                serverError = error
            }
        }
        syncTransactionState()
        if let encodingError { throw encodingError }
        if let serverError { throw serverError }
        return loaded
    }

    /// Sends a buffer of rows; false when the server already ended the COPY with an error.
    private func send(_ buffer: [UInt8], connection: OpaquePointer, sql: String) throws -> Bool {
        let sent = buffer.withUnsafeBytes { raw in
            PQputCopyData(connection, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count))
        }
        if sent == 1 { return true }
        guard PQstatus(connection) == CONNECTION_OK else { throw failure(nil, statement: sql) }
        return false
    }
}

/// Rows in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
enum PostgresCopyEncoder {
    static func append(_ row: [SQLValue], columns: Int, to buffer: inout [UInt8]) throws {
        guard row.count == columns else {
            throw DatabaseError(.bindMismatch, "the row has \(row.count) value(s) for \(columns) column(s)")
        }
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            case .int(let number): PostgresText.appendDecimal(number, to: &buffer)
            case .double(let number): buffer.append(contentsOf: SQLFloat.format(number).utf8)
            case .bool(let flag): buffer.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
            case .date(let date): SQLTimestamp.append(date, to: &buffer)
            case .text(let text): try appendEscaped(text.utf8, to: &buffer, position: index)
            case .bytes(let bytes): appendHex(bytes, to: &buffer)
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    private static func appendEscaped(_ text: String.UTF8View, to buffer: inout [UInt8], position: Int) throws {
        for byte in text {
            switch byte {
            case 0:
                throw DatabaseError(
                    .invalidValue, "PostgreSQL text cannot hold the NUL character (U+0000); column \(position + 1)",
                    hint: "store such data as bytes")
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [92, 92])
            case UInt8(ascii: "\n"): buffer.append(contentsOf: [92, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.append(contentsOf: [92, UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): buffer.append(contentsOf: [92, UInt8(ascii: "t")])
            default: buffer.append(byte)
            }
        }
    }

    /// bytea hex input, with COPY's own backslash doubled: `\\x0a1b`.
    private static func appendHex(_ bytes: [UInt8], to buffer: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        buffer.append(contentsOf: [92, 92, UInt8(ascii: "x")])
        for byte in bytes {
            buffer.append(digits[Int(byte >> 4)])
            buffer.append(digits[Int(byte & 0x0F)])
        }
    }
}
