import DatabaseTestSupport
import Foundation
import Testing

/// The real `csv-import` on a disk that fills up mid-import: a tmpfs of 700 KiB in a mount
/// namespace of the test's own (`unshare`), so nothing outside the test is touched. The size
/// leaves room for the schema (the migrations' write-ahead log takes about 475 KiB) and the job's
/// rows, and fills a few chunks into the import.
@Suite("csv-import on a full disk")
struct CSVImportDiskFullTests {
    @Test("the disk fills mid-import: one clear line naming the disk and what to do; with room again, the next start completes")
    func diskFull() async throws {
        try await withTemporaryDirectory { directory in
            let generated = try await TestProcess.run("csv-import", ["generate", "--rows", "20000", "--output", "in.csv"], in: directory)
            #expect(generated.status == 0, "\(generated)")
            let app = TestProcess.executable("csv-import").path
            let dataflow = TestProcess.executable("dataflow").path
            let dir = directory.path
            let disk = "\(dir)/disk"
            let db = "sqlite:\(disk)/f.db"
            let script = """
                set -u
                mkdir -p '\(disk)' && mount -t tmpfs -o size=700k tmpfs '\(disk)' || { echo 'cannot mount a tmpfs' >&2; exit 90; }
                '\(app)' start importTransactions input.file='\(dir)/in.csv' chunk.size=200,java.lang.Long,false --db '\(db)' --quiet \
                    > '\(dir)/first.out' 2> '\(dir)/first.err'
                echo $? > '\(dir)/first.code'
                mount -o remount,size=8m '\(disk)' || exit 91
                '\(app)' start importTransactions input.file='\(dir)/in.csv' chunk.size=200,java.lang.Long,false --db '\(db)' --quiet \
                    > '\(dir)/second.out' 2> '\(dir)/second.err'
                echo $? > '\(dir)/second.code'
                '\(app)' executions --db '\(db)' --json > '\(dir)/executions.json'
                '\(dataflow)' task execution list --db '\(db)' --json > '\(dir)/tasks.json'
                python3 -c "import sqlite3; c = sqlite3.connect('\(disk)/f.db'); print(c.execute('SELECT COUNT(*), COUNT(DISTINCT id) FROM transactions').fetchone())" > '\(dir)/counts.txt'
                """
            // A mount namespace (as root, or mapped to root in a user namespace) makes the small disk.
            let outcome = try await TestProcess.run("/usr/bin/unshare", ["--map-root-user", "--mount", "sh", "-c", script], in: directory)
            #expect(outcome.status == 0, "the test needs unshare --map-root-user --mount to make a small disk: \(outcome)")
            func read(_ name: String) throws -> String { try String(contentsOfFile: "\(dir)/\(name)", encoding: .utf8) }

            let firstError = try read("first.err")
            #expect(try read("first.code").trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(firstError)")
            let line = firstError.split(separator: "\n").first { $0.hasPrefix("error:") }.map(String.init) ?? ""
            #expect(line.contains("database or disk is full"), "\(firstError)")
            #expect(line.contains("free space on the file system that holds \(disk)"), "names the disk and what to do: \(firstError)")

            let secondError = try read("second.err")
            #expect(try read("second.code").trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(secondError)")
            #expect(try read("counts.txt").contains("(20000, 20000)"), "every row exactly once")
            let executions = try #require(try JSONSerialization.jsonObject(with: Data(read("executions.json").utf8)) as? [[String: Any]])
            #expect(executions.map { $0["status"] as? String } == ["COMPLETED", "FAILED"], "\(executions)")
            let tasks = try #require(try JSONSerialization.jsonObject(with: Data(read("tasks.json").utf8)) as? [[String: Any]])
            #expect(tasks.map { $0["status"] as? String } == ["COMPLETE", "ERROR"], "no run is left RUNNING: \(tasks)")
        }
    }
}
