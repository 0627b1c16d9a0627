import BatchRuntime
import Database
import DatabaseTestSupport
import Foundation
import Logging
import Synchronization
import TaskRuntime
import Testing

@testable import DataflowServer

/// The DSL as a BatchRuntime flow (``ComposedTaskFlow``), with stand-in steps that end as a
/// table says: which children run, in which order, and how the job ends.
@Suite("ComposedTaskFlow: transitions, labels, splits, $END and $FAIL, restart as a BatchRuntime flow")
struct ComposedFlowTests {
    @Test("the runner's graph names the child definitions and keeps labels, transitions and splits")
    func runnerGraph() throws {
        let graph = try TaskDSL.parse("t1: timestamp --format=yyyy 'FAILED'->cleanup 3->:two '*'->$END && <a || b>\ntwo: c --x=1")
        #expect(graph.runnerGraph(definitionName: "n").dsl == "t1: n-t1 'FAILED'->n-cleanup 3->:two '*'->$END && <n-a || n-b>\ntwo: n-two")
    }

    @Test("a route takes an exact status or exit code over a wildcard, a wildcard over '*', the first written among equals")
    func route() throws {
        let graph = try TaskDSL.parse("a '*'->b 'FAIL*'->c 'FAILED'->d 1->e 1->f")
        guard case .app(let app) = graph.flows[0].nodes[0] else {
            Issue.record("no app in \(graph)")
            return
        }
        let transitions = app.transitions
        #expect(ComposedRoute.match(transitions, exitStatus: "FAILED", exitCode: 2) == 2)
        #expect(ComposedRoute.match(transitions, exitStatus: "OTHER", exitCode: 1) == 3)
        #expect(ComposedRoute.match(transitions, exitStatus: "FAILURE", exitCode: 9) == 1)
        #expect(ComposedRoute.match(transitions, exitStatus: "COMPLETED", exitCode: 0) == 0)
        #expect(ComposedRoute.match(Array(transitions.dropFirst()), exitStatus: "COMPLETED", exitCode: 0) == nil)
    }

    @Test("which children run and how the job ends", arguments: TestDatabase.allCases)
    func outcomes(_ database: TestDatabase) async throws {
        let cases: [(dsl: String, ends: [String: Int], ran: [String], status: BatchStatus)] = [
            ("a 3->b 'FAILED'->c && d", ["a": 3], ["a", "b"], .completed),
            ("a 3->b 'FAILED'->c && d", ["a": 1], ["a", "c"], .completed),
            ("a 3->b 'FAILED'->c && d", [:], ["a", "d"], .completed),
            ("a 'FAILED'->:rescue && b\nrescue: c && d", ["a": 1], ["a", "c", "d"], .completed),
            ("a 'FAILED'->:rescue && b\nrescue: c && d", [:], ["a", "b"], .completed),
            ("a && b", ["a": 1], ["a"], .failed),
            ("a 'COMPLETED'->b", ["a": 1], ["a"], .failed),
            ("a 'FAILED'->$END && b", ["a": 1], ["a"], .completed),
            ("a 'COMPLETED'->$FAIL && b", [:], ["a"], .failed),
            ("<a || b 'FAILED'->$FAIL> && c", ["b": 1], ["a", "b"], .failed),
            ("<a || b 'FAILED'->x> && c", ["b": 1], ["a", "b", "x", "c"], .completed),
            ("a 'FAILED'->b && <c || d>", ["a": 1, "b": 1], ["a", "b"], .failed),
        ]
        try await database.withPool { pool in
            try await Migrator(pool: pool).migrate()
            let launcher = Self.launcher(pool)
            for (index, example) in cases.enumerated() {
                let trail = Trail()
                let job = try ComposedTaskFlow.job(named: "case\(index)", graph: try TaskDSL.parse(example.dsl)) { app in
                    Self.child(app.name, exitCode: example.ends[app.name] ?? 0, trail: trail)
                }
                let execution = try await launcher.run(job, parameters: JobParameters())
                #expect(execution.status == example.status, "\(example.dsl) with \(example.ends): \(execution.exitStatus)")
                #expect(Set(trail.names) == Set(example.ran) && trail.names.count == example.ran.count, "\(example.dsl) with \(example.ends): \(trail.names)")
            }
        }
    }

    @Test("a restart skips the children that completed and resumes at the one that failed; an exit message is the exit status", arguments: TestDatabase.allCases)
    func restart(_ database: TestDatabase) async throws {
        try await database.withPool { pool in
            try await Migrator(pool: pool).migrate()
            let launcher = Self.launcher(pool)
            let failing = Mutex(true)
            let trail = Trail()
            let job = try ComposedTaskFlow.job(named: "resume", graph: try TaskDSL.parse("a && <b || c> && d")) { app in
                ExternalStep(app.name) { step in
                    trail.append(app.name)
                    let code = app.name == "c" && failing.withLock { $0 } ? 1 : 0
                    let outcome = ComposedChildOutcome(exitCode: code, exitMessage: nil)
                    step.status = outcome.status
                    step.exitStatus = outcome.exitStatus
                }
            }
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .failed)
            #expect(Set(trail.names) == ["a", "b", "c"])
            failing.withLock { $0 = false }
            trail.clear()
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed && second.instance.id == first.instance.id)
            #expect(trail.names == ["c", "d"], "\(trail.names)")

            let message = Trail()
            let custom = try ComposedTaskFlow.job(named: "custom", graph: try TaskDSL.parse("a 'CUSTOM'->b && c")) { app in
                ExternalStep(app.name) { step in
                    message.append(app.name)
                    let outcome = ComposedChildOutcome(exitCode: 0, exitMessage: app.name == "a" ? "CUSTOM" : nil)
                    step.status = outcome.status
                    step.exitStatus = outcome.exitStatus
                }
            }
            #expect(try await launcher.run(custom, parameters: JobParameters()).status == .completed)
            #expect(message.names == ["a", "b"])
        }
    }

    @Test("a composed run's task status follows its job's: ABANDONED, FAILED or STOPPED is ERROR whatever the runner's exit code")
    func taskStatus() {
        let now = Date()
        let exitedZero = TaskExecution(executionId: 1, taskName: "graph", startTime: now, endTime: now, exitCode: 0)
        let exitedOne = TaskExecution(executionId: 2, taskName: "graph", startTime: now, endTime: now, exitCode: 1)
        let running = TaskExecution(executionId: 3, taskName: "graph", startTime: now)
        for status in ["ABANDONED", "FAILED", "STOPPED"] {
            #expect(ComposedJobStatus.taskStatus(of: exitedZero, composedStatus: status) == .error, "\(status)")
        }
        #expect(ComposedJobStatus.taskStatus(of: exitedOne, composedStatus: "COMPLETED") == .complete)
        #expect(ComposedJobStatus.taskStatus(of: exitedOne, composedStatus: nil) == .error, "not a composed run: its exit code")
        #expect(ComposedJobStatus.taskStatus(of: exitedZero, composedStatus: "NEEDS_REVIEW") == .complete)
        #expect(ComposedJobStatus.taskStatus(of: running, composedStatus: "FAILED") == .running, "running until its end is recorded")
    }

    /// A launcher that logs warnings only.
    static func launcher(_ pool: ConnectionPool) -> JobLauncher {
        var logger = Logger(label: "composed-flow-test")
        logger.logLevel = .warning
        return JobLauncher(repository: JobRepository(pool: pool), configuration: BatchConfiguration(stopCheckInterval: .zero), logger: logger)
    }

    /// A stand-in child ending with `exitCode`.
    static func child(_ name: String, exitCode: Int, trail: Trail) -> ExternalStep {
        ExternalStep(name) { step in
            trail.append(name)
            step.executionContext[ComposedChildOutcome.exitCodeKey] = .int(Int64(exitCode))
            let outcome = ComposedChildOutcome(exitCode: exitCode, exitMessage: nil)
            step.status = outcome.status
            step.exitStatus = outcome.exitStatus
        }
    }

    /// The names of the steps that ran, in order.
    final class Trail: Sendable {
        private let state = Mutex<[String]>([])
        func append(_ name: String) { state.withLock { $0.append(name) } }
        func clear() { state.withLock { $0.removeAll() } }
        var names: [String] { state.withLock { $0 } }
    }
}
