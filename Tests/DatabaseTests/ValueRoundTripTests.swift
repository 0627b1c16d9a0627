import Database
import DatabaseTestSupport
import Foundation
import Testing

@Suite("Value round trips")
struct ValueRoundTripTests {
    static func createTable(_ database: TestDatabase, _ connection: SQLConnection) async throws {
        try await connection.executeScript(
            """
            CREATE TABLE VALS (
                ID \(database.bigint) PRIMARY KEY, I \(database.bigint), D \(database.double), S TEXT,
                B \(database.boolean), TS TIMESTAMP, BY \(database.bytes))
            """)
    }

    static let insert = "INSERT INTO VALS (ID, I, D, S, B, TS, BY) VALUES ($1, $2, $3, $4, $5, $6, $7)"

    static let strings = [
        "", "plain", "héllo wörld", "日本語のテキスト", "🧑‍🚀👩🏽‍🔬🏳️‍🌈", "مرحبا بالعالم", "e\u{301} vs é", "tab\there\nnew line\r\nCRLF",
        "back\\slash \\N \\x00", "O'Reilly \"quoted\" `tick`", String(repeating: "long ✓ ", count: 20_000),
    ]

    static let doubles: [Double] = [
        0, -0.0, 1, -1.5, 1.0 / 3.0, .pi, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
        .leastNormalMagnitude, 1e-300, 123_456_789.123_456_789, .infinity, -.infinity,
    ]

    static let dates: [Date] = [
        Date(timeIntervalSince1970: 0),
        Date(timeIntervalSince1970: 1_732_000_000.123456),
        Date(timeIntervalSince1970: 1_732_000_000.000001),
        Date(timeIntervalSince1970: 1_732_000_000.999999),
        Date(timeIntervalSince1970: -2_208_988_800.5),  // 1899-12-31T23:59:59.5Z
        Date(timeIntervalSince1970: 4_102_444_799.25),  // 2099-12-31T23:59:59.25Z
    ]

    @Test("every type round-trips with edge values and NULLs", arguments: TestDatabase.allCases)
    func roundTrip(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.createTable(database, connection)
                let ints: [Int64] = [.min, .max, 0, -1, 1, Int64(Int32.max) + 1]
                let bytes: [[UInt8]] = [[], [0], [0, 255, 1, 254, 92, 120], Array(0...255), (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }]
                let count = max(ints.count, Self.doubles.count, Self.strings.count, Self.dates.count, bytes.count)
                var rows: [[SQLValue]] = []
                for index in 0..<count {
                    rows.append([
                        .int(Int64(index)), .int(ints[index % ints.count]), .double(Self.doubles[index % Self.doubles.count]),
                        .text(Self.strings[index % Self.strings.count]), .bool(index % 2 == 0),
                        .date(Self.dates[index % Self.dates.count]), .bytes(bytes[index % bytes.count]),
                    ])
                }
                rows.append([.int(Int64(count)), .null, .null, .null, .null, .null, .null])
                for row in rows { try await connection.execute(Self.insert, row) }

                let read = try await connection.query("SELECT ID, I, D, S, B, TS, BY FROM VALS ORDER BY ID")
                #expect(read.count == rows.count)
                for (row, expected) in zip(read, rows) {
                    #expect(try row.decode(Int64?.self, "I") == Int64?(sqlValue: expected[1]))
                    let double = try row.decode(Double?.self, "D")
                    let expectedDouble = try Double?(sqlValue: expected[2])
                    #expect(double == expectedDouble)
                    // SQLite writes integral REAL values as integers, so -0.0 comes back as +0.0 (documented).
                    if let double, let expectedDouble, database == .postgresql || double != 0 {
                        #expect(double.sign == expectedDouble.sign)
                    }
                    #expect(try row.decode(String?.self, "S") == String?(sqlValue: expected[3]))
                    #expect(try row.decode(Bool?.self, "B") == Bool?(sqlValue: expected[4]))
                    let date = try row.decode(Date?.self, "TS")
                    let expectedDate = try Date?(sqlValue: expected[5])
                    #expect(date.map(micros) == expectedDate.map(micros), "timestamps keep microseconds")
                    #expect(try row.decode([UInt8]?.self, "BY") == [UInt8]?(sqlValue: expected[6]))
                }
                let nulls = try #require(read.last)
                #expect(nulls.values.dropFirst().allSatisfy { $0.isNull })
            }
        }
    }

    @Test("rows are read by case-insensitive name and by index", arguments: TestDatabase.allCases)
    func rowAccess(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                let row = try #require(try await connection.query("SELECT 42 AS JOB_ID, 'x' AS job_name").first)
                #expect(try row.decode(Int64.self, "job_id") == 42)
                #expect(try row.decode(String.self, "JOB_NAME") == "x")
                #expect(try row.decode(String.self, at: 1) == "x")
                #expect(row["missing"] == nil)
                let missing = #expect(throws: DatabaseError.self) { try row.decode(String.self, "missing") }
                #expect(missing?.code == .decodingFailed)
                let wrongType = #expect(throws: DatabaseError.self) { try row.decode(Int64.self, "JOB_NAME") }
                #expect(wrongType?.code == .decodingFailed)
                #expect(wrongType?.message.lowercased().contains("job_name") == true, "the message names the column")
            }
        }
    }

    @Test("values a driver cannot store are refused before anything is written", arguments: TestDatabase.allCases)
    func unrepresentable(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await pool.withConnection { connection in
                try await Self.createTable(database, connection)
                switch database {
                case .sqlite:
                    // SQLite would turn NaN into NULL.
                    let error = await #expect(throws: DatabaseError.self) {
                        try await connection.execute(Self.insert, [1, 1, .double(.nan), nil, nil, nil, nil])
                    }
                    #expect(error?.code == .invalidValue)
                    try await connection.execute(Self.insert, [2, nil, nil, "nul\u{0}inside", nil, nil, nil])
                    #expect(try await connection.query("SELECT S FROM VALS").first?.decode(String.self, at: 0) == "nul\u{0}inside")
                case .postgresql:
                    // PostgreSQL text cannot hold U+0000; libpq would silently cut the string there.
                    let error = await #expect(throws: DatabaseError.self) {
                        try await connection.execute(Self.insert, [1, nil, nil, "nul\u{0}inside", nil, nil, nil])
                    }
                    #expect(error?.code == .invalidValue)
                    try await connection.execute(Self.insert, [2, nil, .double(.nan), nil, nil, nil, nil])
                    #expect(try await connection.query("SELECT D FROM VALS").first?.decode(Double.self, at: 0).isNaN == true)
                }
                #expect(try await connection.query("SELECT ID FROM VALS").map { try $0.decode(Int64.self, at: 0) } == [2])
            }
        }
    }
}

func micros(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
}
