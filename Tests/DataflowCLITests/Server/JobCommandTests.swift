import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import TaskRuntime
import Testing

/// `dataflow job execution list|display`, `job execution step list|display|progress` and
/// `job instance display` against the real server, over jobs written through the repositories.
@Suite("dataflow job: executions, steps, progress, instances")
struct JobCommandTests {
    struct Seeded: Sendable {
        var completed: JobExecution
        var completedSteps: [StepExecution]
        var dead: JobExecution
        var deadStep: StepExecution
    }

    /// A completed import run by the defined task `nightly`, and a job whose process died.
    static func seed(_ server: ServerProcess) async throws -> Seeded {
        try await server.define("nightly", path: try server.script("nightly.sh", "exit 0"))
        return try await ConnectionPool.withPool(url: try DatabaseURL(server.database), configuration: .testing(maximumConnections: 2)) { pool in
            let repository = JobRepository(pool: pool)
            let start = Date(timeIntervalSince1970: 1_767_225_600)
            let task = try await TaskRepository(pool: pool).startTaskExecution(try TaskSettings(taskName: "nightly"), owner: nil, at: start)
            var completed = try await repository.createJobExecution(
                jobName: "importJob", parameters: try JobParameters(parsing: ["run.id=1,java.lang.Long", "note=hello,java.lang.String,false"]),
                taskExecutionId: task.executionId)
            var steps: [StepExecution] = []
            for name in ["read", "write"] {
                var step = StepExecution(id: 0, stepName: name, jobExecutionId: completed.id, createTime: start, startTime: start)
                try await repository.add(&step)
                step.status = .completed
                step.exitStatus = .completed
                step.counts.read = 100
                step.counts.write = 100
                step.endTime = start.addingTimeInterval(2)
                try await repository.update(&step)
                steps.append(step)
            }
            completed.status = .completed
            completed.exitStatus = .completed
            completed.startTime = start
            completed.endTime = start.addingTimeInterval(3)
            try await repository.update(&completed)
            try await TaskRepository(pool: pool).completeTaskExecution(executionId: task.executionId, exitCode: 0, at: start.addingTimeInterval(4))

            let gone = ExecutionOwner(host: ProcessInfo.processInfo.hostName, pid: 999_999_999, processStart: nil, heartbeat: start)
            var dead = try await repository.createJobExecution(jobName: "crashed", parameters: JobParameters(), owner: gone)
            dead.status = .started
            dead.startTime = start.addingTimeInterval(60)
            try await repository.update(&dead)
            var step = StepExecution(id: 0, stepName: "load", jobExecutionId: dead.id, createTime: start, startTime: dead.startTime)
            try await repository.add(&step)
            step.status = .started
            step.counts.read = 7
            try await repository.update(&step)
            return Seeded(completed: completed, completedSteps: steps, dead: dead, deadStep: step)
        }
    }

    /// A key/value table as a dictionary (columns are two or more spaces apart).
    static func keyValues(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let gap = line.range(of: "  ") else { continue }
            result[String(line[..<gap.lowerBound])] = line[gap.upperBound...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    static func words(_ line: Substring) -> [String] {
        line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }

    @Test("job execution list and display, job instance display: Data Flow shell's columns and rows, dead ones marked", arguments: TestDatabase.allCases)
    func executions(_ database: TestDatabase) async throws {
        try await ServerProcess.with(database) { server in
            let seeded = try await Self.seed(server)
            let list = try await server.dataflow(["job", "execution", "list"])
            #expect(list.status == 0, "\(list)")
            let lines = list.stdout.split(separator: "\n")
            #expect(lines.first.map(Self.words) == ["ID", "Task", "ID", "Job", "Name", "Start", "Time", "Step", "Execution", "Count", "Definition", "Status", "Status"])
            let rows = lines.dropFirst().map(Self.words)
            #expect(rows.map(\.first) == [String(seeded.dead.id), String(seeded.completed.id)], "\(list)")
            #expect(rows.first?.suffix(4) == ["1", "Destroyed", "STARTED", "(dead)"], "\(list)")
            #expect(rows.last?.suffix(3) == ["2", "Created", "COMPLETED"], "\(list)")
            let named = try #require(try await server.dataflow(["job", "execution", "list", "--name", "importJob", "--json"]).json as? [[String: Any]])
            #expect(named.map { $0["executionId"] as? Int } == [Int(seeded.completed.id)])
            let started = try await server.dataflow(["job", "execution", "list", "--status", "started", "--limit", "1"])
            #expect(started.stdout.split(separator: "\n").count == 2 && !started.stdout.contains("more:"), "\(started)")
            let page = try await server.dataflow(["job", "execution", "list", "--limit", "1"])
            #expect(page.stdout.hasSuffix("more: --page 1\n"), "\(page)")
            let unknown = try await server.dataflow(["job", "execution", "list", "--name", "BAZ"])
            #expect(unknown.status == 1 && unknown.stderr == "error: No Job with that name either current or historic: [BAZ]\n", "\(unknown)")

            let display = try await server.dataflow(["job", "execution", "display", "--id", String(seeded.completed.id)])
            #expect(display.stdout.hasPrefix("Key "), "\(display)")
            for row in ["Job Execution Id", "Task Execution Id", "Job Name", "Execution Status", "Exit Status", "Definition Status", "Dead", "Job Parameters"] {
                #expect(display.stdout.split(separator: "\n").contains { $0 == row || $0.hasPrefix(row + "  ") }, "row \(row): \(display)")
            }
            #expect(display.stdout.contains("\nrun.id(LONG)") && display.stdout.contains("\n-note(STRING)"), "non-identifying as -key(TYPE): \(display)")
            #expect(display.stdout.contains("Created") && display.stdout.contains("importJob"), "\(display)")
            let dead = try await server.dataflow(["job", "execution", "display", String(seeded.dead.id)])
            #expect(Self.keyValues(dead.stdout)["Dead"] == "true", "\(dead)")
            #expect(Self.keyValues(dead.stdout)["Dead Reason"]?.hasPrefix("process 999999999 on ") == true, "the reason: \(dead)")
            let json = try #require(try await server.dataflow(["job", "execution", "display", "--id", String(seeded.dead.id), "--json"]).json as? [String: Any])
            #expect(json["dead"] as? Bool == true && json["stoppable"] as? Bool == false)
            let missing = try await server.dataflow(["job", "execution", "display", "--id", "999"])
            #expect(missing.status == 1 && missing.stderr == "error: Job id 999 for schema target boot2 not found\n", "\(missing)")
            let noId = try await server.dataflow(["job", "execution", "display"])
            #expect(noId.status == 2 && noId.stderr.contains("give the job execution id with --id"), "\(noId)")

            let instance = try await server.dataflow(["job", "instance", "display", "--id", String(seeded.dead.instance.id)])
            let instanceRows = instance.stdout.split(separator: "\n").map(Self.words)
            #expect(instanceRows.first == ["Name", "Execution", "ID", "Step", "Execution", "Count", "Status", "Job", "Parameters"], "\(instance)")
            #expect(instanceRows.dropFirst().first == ["crashed", String(seeded.dead.id), "1", "STARTED", "(dead)"], "\(instance)")
        }
    }

    @Test("job execution step list, display and progress: the step's own counters, its progress, dead steps marked")
    func steps() async throws {
        try await ServerProcess.with(.sqlite) { server in
            let seeded = try await Self.seed(server)
            let job = String(seeded.completed.id)
            let list = try await server.dataflow(["job", "execution", "step", "list", "--id", job])
            let rows = list.stdout.split(separator: "\n").map(Self.words)
            #expect(rows.first == ["ID", "Step", "Name", "Job", "Exec", "Id", "Start", "Time", "End", "Time", "Status"], "\(list)")
            #expect(rows.dropFirst().map { [$0[0], $0[1], $0[2], $0.last!] } == seeded.completedSteps.map { [String($0.id), $0.stepName, job, "COMPLETED"] }, "\(list)")

            let step = String(seeded.completedSteps[0].id)
            let display = try await server.dataflow(["job", "execution", "step", "display", "--id", step, "--jobExecutionId", job])
            #expect(display.stdout.hasPrefix("Key "), "\(display)")
            let shown = Self.keyValues(display.stdout)
            let expected = [
                "Step Execution Id": step, "Job Execution Id": job, "Step Name": "read", "Read Count": "100", "Write Count": "100",
                "Duration": "2000 ms", "Status": "COMPLETED", "Exit Status": "COMPLETED", "Dead": "false",
            ]
            for (key, value) in expected { #expect(shown[key] == value, "\(key): \(display)") }
            let progress = try await server.dataflow(["job", "execution", "step", "progress", "--id", step, "--jobExecutionId", job])
            let progressRows = progress.stdout.split(separator: "\n").map(Self.words)
            #expect(progressRows.first == ["ID", "Step", "Name", "Complete", "Duration", "Status", "Based", "On"], "\(progress)")
            #expect(progressRows.last?.prefix(6) == [step, "read", "100.0%", "2000", "ms", "COMPLETED"], "\(progress)")

            let deadProgress = try await server.dataflow(["job", "execution", "step", "progress", String(seeded.deadStep.id), "--jobExecutionId", String(seeded.dead.id)])
            #expect(deadProgress.stdout.contains("STARTED (dead)") && deadProgress.stdout.contains("no history"), "\(deadProgress)")
            let deadList = try await server.dataflow(["job", "execution", "step", "list", "--id", String(seeded.dead.id)])
            #expect(deadList.stdout.contains("STARTED (dead)"), "\(deadList)")
            let wrong = try await server.dataflow(["job", "execution", "step", "display", "--id", step, "--jobExecutionId", String(seeded.dead.id)])
            #expect(wrong.status == 1 && wrong.stderr == "error: There is no StepExecution with jobExecutionId=\(seeded.dead.id) and id=\(step)\n", "\(wrong)")
        }
    }
}
