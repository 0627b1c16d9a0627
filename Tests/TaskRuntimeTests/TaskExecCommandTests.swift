import Database
import DatabaseTestSupport
import Foundation
import Testing

import TaskRuntime

/// `dataflow task exec` around real programs, and the task listing commands.
@Suite("dataflow task exec", .serialized)
struct TaskExecCommandTests {
    @Test("exit code, output and arguments pass through", arguments: TestDatabase.allCases)
    func exitCode(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let outcome = try await TestProcess.run(
                "dataflow", ["task", "exec", "--name", "three", "--db", url, "--", "/bin/sh", "-c", "echo out; echo err >&2; exit 3"],
                in: directory)
            #expect(outcome.status == 3)
            #expect(outcome.stdout == "out\n")
            #expect(outcome.stderr == "err\n")
            let execution = try #require(try await explorer.taskExecutions().first)
            #expect(execution.taskName == "three" && execution.exitCode == 3 && execution.status == .error)
            #expect(execution.arguments == ["/bin/sh", "-c", "echo out; echo err >&2; exit 3"])
            #expect(execution.exitMessage == "the command exited with code 3")

            let json = try await TestProcess.run("dataflow", ["task", "execution", "list", "--json", "--db", url], in: directory)
            let listed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
            #expect(listed?.first?["exitCode"] as? Int == 3)
            #expect(listed?.first?["status"] as? String == "ERROR")
            let shown = try await TestProcess.run(
                "dataflow", ["task", "execution", "status", "--id", "\(execution.executionId)", "--db", url], in: directory)
            #expect(shown.stdout.contains("task execution \(execution.executionId): three ERROR"), "\(shown)")
            let missing = try await TestProcess.run("dataflow", ["task", "execution", "status", "--id", "999", "--db", url], in: directory)
            #expect(missing.status == 1 && missing.stderr.hasPrefix("error: no task execution with id 999"))
        }
    }

    @Test("a command killed by a signal: 128 + N and the signal's name", arguments: [TestDatabase.sqlite])
    func killedBySignal(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let outcome = try await TestProcess.run(
                "dataflow", ["task", "exec", "--name", "doomed", "--db", url, "--", "/bin/sh", "-c", "kill -KILL $$"], in: directory)
            #expect(outcome.status == 137)
            let execution = try #require(try await explorer.taskExecutions().first)
            #expect(execution.exitCode == 137)
            #expect(execution.exitMessage == "the command was killed by SIGKILL")
        }
    }

    @Test("SIGTERM to dataflow reaches the command; both outcomes are recorded", arguments: TestDatabase.allCases)
    func forwardsSignals(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let plain = try TestProcess(
                "dataflow", ["task", "exec", "--name", "sleeper", "--db", url, "--", "/bin/sh", "-c", "echo ready; exec sleep 60"],
                in: directory)
            try await plain.waitForOutput(containing: "ready")
            plain.signal(SIGTERM)
            let killed = try await plain.wait()
            #expect(killed.status == 143, "\(killed)")
            let first = try #require(try await explorer.taskExecutions(name: "sleeper").first)
            #expect(first.exitCode == 143)
            #expect(first.exitMessage == "received SIGTERM and passed it on; the command was killed by SIGTERM")

            // A command that handles SIGTERM itself and exits with its own code.
            let script = "trap 'echo cleaning; exit 7' TERM; echo ready; while :; do sleep 0.05; done"
            let handler = try TestProcess(
                "dataflow", ["task", "exec", "--name", "handler", "--db", url, "--", "/bin/sh", "-c", script], in: directory)
            try await handler.waitForOutput(containing: "ready")
            handler.signal(SIGTERM)
            let handled = try await handler.wait()
            #expect(handled.status == 7, "\(handled)")
            #expect(handled.stdout.contains("cleaning"))
            let second = try #require(try await explorer.taskExecutions(name: "handler").first)
            #expect(second.exitCode == 7)
            #expect(second.exitMessage == "received SIGTERM and passed it on; the command exited with code 7")
        }
    }

    @Test("missing command, single instance, and bad usage", arguments: [TestDatabase.sqlite])
    func badInput(database: TestDatabase) async throws {
        try await withTaskDatabase(database) { url, directory, explorer in
            let missing = try await TestProcess.run("dataflow", ["task", "exec", "--db", url, "--", "no-such-command-x"], in: directory)
            #expect(missing.status == 127)
            #expect(missing.stderr == "error: command 'no-such-command-x' was not found (not a file, and not in PATH)\n", "\(missing)")
            #expect(try await explorer.taskExecutions().first?.exitCode == 127)

            let holder = try TestProcess(
                "dataflow", ["task", "exec", "--name", "once", "--single-instance", "--db", url, "--", "/bin/sh", "-c", "echo ready; exec sleep 60"],
                in: directory)
            try await holder.waitForOutput(containing: "ready")
            let second = try await TestProcess.run(
                "dataflow", ["task", "exec", "--name", "once", "--single-instance", "--db", url, "--", "/bin/true"], in: directory)
            #expect(second.status == 1)
            #expect(second.stderr == "error: Task with name \"once\" is already running.\n")
            holder.signal(SIGTERM)
            #expect(try await holder.wait().status == 143)

            let noCommand = try await TestProcess.run("dataflow", ["task", "exec", "--name", "x", "--db", url], in: directory)
            #expect(noCommand.status == 2 && noCommand.stderr.contains("give the command after --"), "\(noCommand)")
            let long = try await TestProcess.run(
                "dataflow", ["task", "exec", "--name", String(repeating: "x", count: 120), "--db", url, "--", "/bin/true"], in: directory)
            #expect(long.status == 2 && long.stderr.contains("is 120 characters long"), "\(long)")
            let unknown = try await TestProcess.run(
                "dataflow", ["task", "exec", "--execution-id", "777", "--db", url, "--", "/bin/true"], in: directory)
            #expect(unknown.status == 1 && unknown.stderr.contains("task execution 777"), "\(unknown)")
        }
    }
}

/// What `dataflow task exec` answers for commands that exist but cannot run, and for very long command lines.
@Suite("dataflow task exec: commands that cannot run, long command lines")
struct TaskExecCommandLineTests {
    @Test("a directory, a file without execute permission and a bad interpreter: 126 with the reason, as shells answer")
    func cannotRun() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let plain = directory.appendingPathComponent("notes.sh")
            try Data("echo hi\n".utf8).write(to: plain)
            let script = directory.appendingPathComponent("bad-interpreter.sh")
            try Data("#!/no/such/interpreter -x\necho hi\n".utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            let cases: [(String, String)] = [
                (directory.path, "is a directory, not a program"),
                (plain.path, "permission denied (\(plain.path) is not executable"),
                (script.path, "bad interpreter /no/such/interpreter: no such file"),
            ]
            for (command, reason) in cases {
                let outcome = try await TestProcess.run("dataflow", ["task", "exec", "--name", "x", "--db", url, "--", command], in: directory)
                #expect(outcome.status == 126, "\(outcome)")
                #expect(outcome.stderr.contains(reason), "\(outcome)")
                let recorded = try #require(try await explorer.taskExecutions(name: "x").first)
                #expect(recorded.exitCode == 126 && recorded.errorMessage?.contains(reason) == true)
            }
        }
    }

    @Test("passwords and tokens in arguments are masked in every display and JSON output; the rows keep them")
    func secretsMasked() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let secrets = ["--spring.datasource.password=s3cret-pw", "--api.token=t0ken", "--db.url=postgres://u:hunter2@h/db"]
            let run = try await TestProcess.run("dataflow", ["task", "exec", "--name", "secretive", "--db", url, "--", "/bin/true"] + secrets, in: directory)
            #expect(run.status == 0, "\(run)")
            let id = try #require(try await explorer.taskExecutions(name: "secretive").first?.executionId)
            #expect(try await explorer.taskExecution(id: id)?.arguments == ["/bin/true"] + secrets, "the row keeps what was given")
            let views = [
                ["task", "execution", "status", "--id", "\(id)"], ["task", "execution", "status", "--id", "\(id)", "--json"],
                ["task", "execution", "list", "--json"],
            ]
            for view in views {
                let shown = try await TestProcess.run("dataflow", view + ["--db", url], in: directory)
                #expect(shown.status == 0, "\(shown)")
                for secret in ["s3cret-pw", "t0ken", "hunter2"] { #expect(!shown.stdout.contains(secret), "\(view): \(shown.stdout)") }
                #expect(shown.stdout.contains("--spring.datasource.password=******"), "\(view): \(shown.stdout)")
            }
        }
    }

    @Test("50,000 arguments pass through unchanged, in order, and are recorded")
    func manyArguments() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            let arguments = (1...50_000).map { "a\($0)" }
            let process = try TestProcess(
                "dataflow", ["task", "exec", "--name", "many", "--db", url, "--", "/bin/sh", "-c", "echo $# $1 ${50000}", "sh"] + arguments,
                in: directory)
            // A quadratic argument parser took 33 s for 10,000 arguments in a debug build (minutes for
            // 50,000); this limit only catches that hang.
            let outcome = try await withThrowingTaskGroup(of: TestProcess.Outcome?.self) { group in
                group.addTask { try await process.wait() }
                group.addTask {
                    try await Task.sleep(for: .seconds(300))
                    return nil
                }
                let first = try await group.next() ?? nil
                if first == nil { process.signal(SIGKILL) }
                group.cancelAll()
                return first
            }
            let finished = try #require(outcome, "50,000 arguments did not pass through within 300 s")
            #expect(finished.status == 0, "\(finished)")
            #expect(finished.stdout == "50000 a1 a50000\n")
            let execution = try #require(try await explorer.taskExecutions(name: "many").first)
            #expect(execution.arguments.count == 50_004)
            #expect(execution.arguments.last == "a50000")
        }
    }
}

/// Ctrl-C on a real terminal (`script` gives `dataflow task exec` a pseudo-terminal): the kernel
/// sends SIGINT to the whole foreground process group, so the command gets it once, directly,
/// and the wrapper must not send it a second time.
@Suite("dataflow task exec on a terminal")
struct TaskExecTerminalTests {
    @Test("Ctrl-C reaches the command exactly once")
    func controlC() async throws {
        try await withTaskDatabase(.sqlite) { url, directory, explorer in
            // Runs until its SIGINT arrives (the bound only catches a hang): a fixed run time was
            // a wall-clock margin, and on a loaded machine the command ended before the Ctrl-C.
            let script = "got=0; trap \"echo got-int; got=1\" INT; echo ready; i=0; while [ $got -eq 0 ] && [ $i -lt 6000 ]; do sleep 0.05; i=$((i+1)); done; exit 5"
            let command = ["exec", TestProcess.executable("dataflow").path, "task", "exec", "--name", "tty", "--db", url, "--",
                           "/bin/sh", "-c", "'\(script)'"].joined(separator: " ")
            let terminal = try TestProcess("/usr/bin/script", ["-q", "-e", "-c", command, "/dev/null"], in: directory, input: true)
            try await terminal.waitForOutput(containing: "ready")
            try terminal.input?.write(contentsOf: Data([0x03]))  // Ctrl-C, typed on the terminal (throws, never traps, on a closed pipe)
            try await terminal.waitForOutput(containing: "got-int")
            let outcome = try await terminal.wait()
            try? terminal.input?.close()
            #expect(outcome.status == 5, "\(outcome)")
            #expect(outcome.stdout.components(separatedBy: "got-int").count == 2, "one SIGINT, not two: \(outcome.stdout)")
            let execution = try #require(try await explorer.taskExecutions(name: "tty").first)
            #expect(execution.exitCode == 5)
            // The wrapper saw the terminal's SIGINT (si_code SI_KERNEL) and did not pass it on;
            // a forwarded signal would read "received SIGINT and passed it on; ...".
            #expect(execution.exitMessage == "the command exited with code 5")
        }
    }
}
