@testable import DataflowServer
import Foundation
import Testing

@Suite("The local platform's view of a launch: ended with the supervisor's status, never judged killed when it was not")
struct LocalPlatformStatusTests {
    /// A launch record for `planned`, started as `started`.
    static func record(_ started: PlatformLaunch, request: LaunchRequest) -> TaskLaunchRecord {
        TaskLaunchRecord(
            executionId: 1, taskName: "quick", platformName: "default", launchId: started.launchId, state: .running, priority: 0,
            queuedAt: Date(), launchedAt: Date(), endedAt: nil, host: started.host, pid: started.pid, processStart: started.processStart,
            workDirectory: started.workDirectory, startDeadline: nil, runDeadline: nil, stopRequested: nil, exitCode: nil, request: request)
    }

    // The supervisor writes `exit-status`, then exits. A look that missed the file and then found
    // the supervisor gone judged it killed (seen once under a CPU hog: a composed task's child
    // failed as "supervisor killed" although it had ended). Here the supervisor ends exactly then.
    @Test("a supervisor that writes its status and exits between the platform's two looks is not judged killed")
    func endBetweenTheLooks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("local-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "4242\n".write(to: directory.appendingPathComponent("app.pid"), atomically: true, encoding: .utf8)
        let status = LocalPlatform.judge(directory: directory.path, supervisorKnown: true) {
            // Asked whether the supervisor runs, it has just written the status and exited.
            try? "3\n".write(to: directory.appendingPathComponent("exit-status"), atomically: true, encoding: .utf8)
            return false
        }
        #expect(status == .ended(exitCode: 3, error: nil))
    }

    @Test("short apps that end while the platform is asked over and over end with their own exit codes")
    func endsAreNeverMistakenForKills() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("local-status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let platform = LocalPlatform(root: root)
        for round in 0..<60 {
            let code = round % 3
            let request = LaunchRequest(resource: "/bin/sh", arguments: ["-c", "exit \(code)"], environment: [:], deployerProperties: [:])
            let started = try await platform.launch(request, as: platform.plan(taskName: "quick"), environment: [:])
            let launch = Self.record(started, request: request)
            var looks = 0
            while case .running = platform.status(of: launch) {
                looks += 1
                try #require(looks < 50_000_000, "launch \(round) never ended")
                // Asked again at once, but the other tests' tasks get this thread in between.
                await Task.yield()
            }
            #expect(platform.status(of: launch) == .ended(exitCode: Int32(code), error: nil), "round \(round)")
        }
    }

    @Test("a supervisor gone without a status, its app gone too, is reported killed")
    func killedSupervisor() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("local-status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let platform = LocalPlatform(root: root)
        let request = LaunchRequest(resource: "/bin/sh", arguments: ["-c", "exec sleep 600"], environment: [:], deployerProperties: [:])
        let started = try await platform.launch(request, as: platform.plan(taskName: "quick"), environment: [:])
        let launch = Self.record(started, request: request)
        let directory = try #require(started.workDirectory)
        let pid = try #require(started.pid)
        // The app's pid is written once it started; then both die by SIGKILL, leaving no status.
        var appPid: Int64?
        var waits = 0
        while appPid == nil {
            appPid = LocalPlatform.appPid(directory)
            waits += 1
            try #require(waits < 50_000_000, "the app never started")
            await Task.yield()
        }
        kill(pid_t(pid), SIGKILL)
        kill(pid_t(try #require(appPid)), SIGKILL)
        var looks = 0
        while case .running = platform.status(of: launch) {
            looks += 1
            try #require(looks < 50_000_000, "the launch never ended")
            await Task.yield()
        }
        #expect(platform.status(of: launch) == .ended(exitCode: nil, error: "the launch's supervisor was killed, so its exit status is unknown"))
    }
}
