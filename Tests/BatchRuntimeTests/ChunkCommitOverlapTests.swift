import Database
import DatabaseTestSupport
import Testing

@testable import BatchRuntime

/// Overlapping chunk commits: on PostgreSQL a chunk written through the chunk transaction is
/// written on a second connection while the chunk before it commits. These tests hold the
/// first commit open until the next chunk's rows are in (a lock the next chunk's first row
/// takes, which the commit waits for), so the overlap is certain, and then let that commit
/// fail or succeed.
@Suite("Overlapping chunk commits")
struct ChunkCommitOverlapTests {
    /// `ITEMS`, and a deferred trigger that runs when the transaction holding `GATE.WATCH_ID`
    /// commits: it waits until another transaction holds the advisory lock `GATE.LOCK_KEY`
    /// (which inserting `GATE.NEXT_ID` takes), records the time, and fails when `GATE.FAIL`.
    static let schema = """
        CREATE TABLE ITEMS (ID BIGINT NOT NULL PRIMARY KEY, WRITTEN_AT TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp());
        CREATE TABLE GATE (WATCH_ID BIGINT NOT NULL, NEXT_ID BIGINT NOT NULL, LOCK_KEY BIGINT NOT NULL, FAIL BOOLEAN NOT NULL);
        CREATE TABLE COMMITTED (ID BIGINT NOT NULL, AT TIMESTAMPTZ NOT NULL);
        CREATE FUNCTION ITEMS_WRITTEN() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE gate RECORD;
        BEGIN
            SELECT * INTO gate FROM GATE;
            IF NEW.ID = gate.NEXT_ID THEN PERFORM pg_advisory_xact_lock(gate.LOCK_KEY); END IF;
            RETURN NULL;
        END $$;
        CREATE FUNCTION ITEMS_COMMITTING() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE gate RECORD; waited INT := 0;
        BEGIN
            SELECT * INTO gate FROM GATE;
            IF NEW.ID <> gate.WATCH_ID THEN RETURN NULL; END IF;
            WHILE NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                    AND ((classid::bigint << 32) | objid::bigint) = gate.LOCK_KEY) LOOP
                waited := waited + 1;
                IF waited > 3000 THEN RAISE EXCEPTION 'the next chunk was not written while this one committed'; END IF;
                PERFORM pg_sleep(0.01);
            END LOOP;
            IF gate.FAIL THEN RAISE EXCEPTION 'commit refused for the chunk holding %', NEW.ID; END IF;
            INSERT INTO COMMITTED VALUES (NEW.ID, clock_timestamp());
            RETURN NULL;
        END $$;
        CREATE TRIGGER ITEMS_WRITTEN AFTER INSERT ON ITEMS FOR EACH ROW EXECUTE FUNCTION ITEMS_WRITTEN();
        CREATE CONSTRAINT TRIGGER ITEMS_COMMITTING AFTER INSERT ON ITEMS DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION ITEMS_COMMITTING()
        """

    static func job(mode: SQLBatchWriter<Int64>.Mode, map: @escaping @Sendable (Int64) -> Int64 = { $0 }) -> Job {
        Job("overlap") {
            ChunkStep(
                "load", commitInterval: 5,
                reader: { _ in HookedReader(count: 25) },
                process: { map($0) },
                writer: { context in SQLBatchWriter<Int64>(pool: context.database, table: "ITEMS", columns: ["ID"], mode: mode) { [.int($0)] } })
        }
    }

    static func ids(_ repository: JobRepository) async throws -> [Int64] {
        try await repository.pool.withConnection { connection in
            try await connection.query("SELECT ID FROM ITEMS ORDER BY ID").map { try $0.decode(Int64.self, "ID") }
        }
    }

    @Test(
        "a commit that fails after the next chunk was written rolls that chunk back too; restart loads every row once",
        arguments: [SQLBatchWriter<Int64>.Mode.copy, .insert])
    func failedCommitRollsBackTheNextChunk(_ mode: SQLBatchWriter<Int64>.Mode) async throws {
        try await withRepository(.postgresql) { repository in
            let key = Int64.random(in: 1...Int64(Int32.max))
            try await repository.pool.withConnection { connection in
                try await connection.executeScript(Self.schema)
                // Chunk 2 (items 5...9) commits only once chunk 3 (items 10...14) is being written, then fails.
                try await connection.execute("INSERT INTO GATE VALUES (7, 10, $1, TRUE)", [.int(key)])
            }
            let launcher = testLauncher(repository)
            let first = try await launcher.run(Self.job(mode: mode), parameters: JobParameters())
            #expect(first.status == .failed)
            #expect(first.exitStatus.exitDescription.contains("commit refused for the chunk holding 7"))
            let failed = try #require(try await steps(repository, first.id)["load"])
            #expect(failed.counts.read == 5 && failed.counts.write == 5)
            #expect(failed.counts.commit == 1 && failed.counts.rollback == 1)
            #expect(failed.executionContext.int("hooked.position") == 5)
            // Neither the failed chunk nor the one written during its commit is there.
            #expect(try await Self.ids(repository) == Array(0..<5))

            try await repository.pool.withConnection { _ = try await $0.execute("UPDATE GATE SET FAIL = FALSE") }
            let second = try await launcher.run(Self.job(mode: mode), parameters: JobParameters())
            #expect(second.status == .completed)
            let resumed = try #require(try await steps(repository, second.id)["load"])
            #expect(resumed.counts.read == 20 && resumed.counts.write == 20 && resumed.counts.commit == 5)
            #expect(try await Self.ids(repository) == Array(0..<25))
            // Chunk 3's rows went in before chunk 2's commit ended.
            let overlapped = try await repository.pool.withConnection { connection in
                try await connection.query(
                    "SELECT (SELECT MIN(WRITTEN_AT) FROM ITEMS WHERE ID >= 10 AND ID < 15) < (SELECT AT FROM COMMITTED WHERE ID = 7) AS OK")
            }
            #expect(try overlapped.first?.decode(Bool.self, "OK") == true)
        }
    }

    @Test("a chunk that fails while the chunk before commits leaves that chunk committed", arguments: TestDatabase.allCases)
    func failedWriteAfterACommit(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            try await repository.pool.withConnection { try await $0.executeScript("CREATE TABLE ITEMS (ID BIGINT NOT NULL PRIMARY KEY)") }
            let duplicate = Switch(true)
            // Item 12 (chunk 3) becomes 7, a row of chunk 2, which may not be committed yet when
            // chunk 3 is written: PostgreSQL makes chunk 3 wait for chunk 2's outcome, then refuses it.
            let job = Self.job(mode: .copy) { duplicate.isOn && $0 == 12 ? 7 : $0 }
            let launcher = testLauncher(repository)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            let failed = try #require(try await steps(repository, first.id)["load"])
            #expect(failed.counts.read == 10 && failed.counts.write == 10)
            #expect(failed.counts.commit == 2 && failed.counts.rollback == 1)
            #expect(try await Self.ids(repository) == Array(0..<10))

            duplicate.set(false)
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            #expect(try await Self.ids(repository) == Array(0..<25))
        }
    }
}
