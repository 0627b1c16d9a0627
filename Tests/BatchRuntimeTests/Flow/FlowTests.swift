import BatchRuntime
import DatabaseTestSupport
import Foundation
import Testing

@Suite("Flows: transitions, decisions, splits and restarts")
struct FlowTests {
    @Test("exit code patterns: * any run, ? one character, the most specific transition wins")
    func patterns() {
        #expect(ExitCodePattern("*").matches(""))
        #expect(ExitCodePattern("*").matches("FAILED"))
        #expect(ExitCodePattern("COMPLETED*").matches("COMPLETED WITH SKIPS"))
        #expect(ExitCodePattern("COMPLETED*").matches("COMPLETED"))
        #expect(!ExitCodePattern("COMPLETED*").matches("FAILED"))
        #expect(ExitCodePattern("FAIL?D").matches("FAILED"))
        #expect(!ExitCodePattern("FAIL?D").matches("FAILD"))
        #expect(ExitCodePattern("*SKIP*").matches("COMPLETED WITH SKIPS"))
        #expect(ExitCodePattern("C*D").matches("COMPLETED"))
        #expect(!ExitCodePattern("C*D").matches("COMPLETES"))
        #expect(ExitCodePattern("a*b*c").matches("aXbYbZc"))
        let trail = Trail()
        let node = FlowSteps.step("a", trail)
            .on("*", .end(exitCode: "ANY"))
            .on("COMPLETED*", .end(exitCode: "PREFIX"))
            .on("COMPLETED", .end(exitCode: "EXACT"))
            .on("C?MPLETED", .end(exitCode: "ONE"))
        #expect(node.transition(for: "COMPLETED")?.target == .end(exitCode: "EXACT"))
        #expect(node.transition(for: "COMPLETED WITH SKIPS")?.target == .end(exitCode: "PREFIX"))
        #expect(node.transition(for: "CXMPLETED")?.target == .end(exitCode: "ONE"))
        #expect(node.transition(for: "FAILED")?.target == .end(exitCode: "ANY"))
    }

    @Test("a failed step goes where its FAILED transition says and the job completes; a custom exit code takes its pattern", arguments: TestDatabase.allCases)
    func transitions(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let trail = Trail()
            let load = FlowSteps.step("load", trail, failing: Switch(true))
            let recover = FlowSteps.step("recover", trail, exit: "COMPLETED WITH SKIPS")
            let compare = FlowSteps.step("compare", trail)
            let report = FlowSteps.step("report", trail)
            let job = Job("reconcile", flow: Flow {
                load.on("FAILED", .next(recover)).on("*", .next(compare))
                recover.on("COMPLETED WITH*", .next(report)).on("*", .fail())
                compare
                report
            })
            let execution = try await testLauncher(repository).run(job, parameters: JobParameters())
            #expect(execution.status == .completed)
            #expect(trail.all == ["load", "recover", "report"])
            let steps = try await steps(repository, execution.id)
            #expect(steps["load"]?.status == .failed)
            #expect(steps["recover"]?.exitStatus.exitCode == "COMPLETED WITH SKIPS")
            #expect(steps["compare"] == nil)
        }
    }

    @Test("end and fail set the job's status and exit code; an exit code no transition matches fails the job naming both", arguments: TestDatabase.allCases)
    func endAndFail(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let trail = Trail()
            let ended = Job("ended", flow: Flow {
                FlowSteps.step("check", trail, exit: "NOTHING TO DO").on("NOTHING*", .end(exitCode: "NOOP")).on("*", .next("work"))
                FlowSteps.step("work", trail)
            })
            let first = try await testLauncher(repository).run(ended, parameters: JobParameters())
            #expect(first.status == .completed)
            #expect(first.exitStatus.exitCode == "NOOP")
            #expect(trail.all == ["check"])

            let failed = Job("failed", flow: Flow {
                FlowSteps.step("validate", trail, exit: "INVALID").on("INVALID", .fail(exitCode: "BAD_INPUT")).on("*", .next("load"))
                FlowSteps.step("load", trail)
            })
            let second = try await testLauncher(repository).run(failed, parameters: JobParameters())
            #expect(second.status == .failed)
            #expect(second.exitStatus.exitCode == "BAD_INPUT")

            let unmatched = Job("unmatched", flow: Flow {
                FlowSteps.step("probe", trail, exit: "MAYBE").on("YES", .next("act"))
                FlowSteps.step("act", trail)
            })
            let third = try await testLauncher(repository).run(unmatched, parameters: JobParameters())
            #expect(third.status == .failed)
            #expect(third.exitStatus.exitDescription.contains("no transition of probe"), "\(third.exitStatus)")
            #expect(third.exitStatus.exitDescription.contains("MAYBE"))
        }
    }

    @Test("stop and restart at a named step: the job stops, and its restart begins there", arguments: TestDatabase.allCases)
    func stopAndRestartAt(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let trail = Trail()
            let review = Switch(true)
            let extract = FlowSteps.step("extract", trail)
            let approve = FlowSteps.step("approve", trail, options: StepOptions(allowStartIfComplete: true))
            let publish = FlowSteps.step("publish", trail)
            let job = Job("publishing", flow: Flow {
                extract
                FlowNode.decision("needs review") { _, _ in review.isOn ? "REVIEW" : "OK" }
                    .on("REVIEW", .stop(restartAt: approve))
                    .on("*", .next(approve))
                approve
                publish
            })
            let launcher = testLauncher(repository)
            let first = try await launcher.run(job, parameters: JobParameters())
            #expect(first.status == .stopped)
            #expect(first.exitStatus.exitDescription.contains("a restart begins at approve"))
            #expect(trail.all == ["extract"])
            review.set(false)
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            #expect(trail.all == ["extract", "approve", "publish"], "the restart began at approve, not at the decision")
            let explorer = JobExplorer(pool: repository.pool)
            #expect(try await explorer.jobExecution(id: first.id)?.executionContext.string("batch.decision.needs review") == "REVIEW")
        }
    }

    @Test("a decider's outcome chooses the branch and is recorded in the job's context", arguments: TestDatabase.allCases)
    func decider(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let trail = Trail()
            let job = Job("decided", flow: Flow {
                FlowSteps.step("count", trail)
                FlowNode.decision("size") { job, lastStep in
                    (try? job.parameters.long("rows")).map { $0 > 1000 ? "BIG" : "SMALL" } ?? "SMALL"
                }
                .on("BIG", .next("partitioned")).on("SMALL", .next("single"))
                FlowSteps.step("partitioned", trail).on("*", .end())
                FlowSteps.step("single", trail)
            })
            let execution = try await testLauncher(repository).run(job, parameters: try JobParameters(parsing: ["rows=5000,java.lang.Long"]))
            #expect(execution.status == .completed)
            #expect(trail.all == ["count", "partitioned"])
            let context = try #require(try await JobExplorer(pool: repository.pool).jobExecution(id: execution.id)).executionContext
            #expect(context.string("batch.decision.size") == "BIG")
        }
    }

    @Test("a split runs its branches at the same time; a restart after a failure in one branch reruns only what failed", arguments: TestDatabase.allCases)
    func splitRestart(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let trail = Trail()
            let meet = Rendezvous(parties: 2)
            let failing = Switch(true)
            let job = Job("parallel", flow: Flow {
                FlowSteps.step("prepare", trail)
                FlowNode.split("compare") {
                    Flow("ledger A") {
                        FlowSteps.step("a1", trail, body: { await meet.arrive() })
                        FlowSteps.step("a2", trail)
                    }
                    Flow("ledger B") {
                        FlowSteps.step("b1", trail, body: { await meet.arrive() })
                        FlowSteps.step("b2", trail, failing: failing)
                    }
                }
                FlowSteps.step("report", trail)
            })
            let launcher = testLauncher(repository)
            // a1 and b1 each wait for the other: the first run completes only if they ran at once.
            let first = try await withTimeout(hangLimit) { try await launcher.run(job, parameters: JobParameters()) }
            #expect(first.status == .failed)
            #expect(Set(trail.all) == ["prepare", "a1", "a2", "b1", "b2"])
            trail.clear()
            failing.set(false)
            let second = try await launcher.run(job, parameters: JobParameters())
            #expect(second.status == .completed)
            #expect(trail.all == ["b2", "report"], "only the failed step of branch B, then what follows the split")
        }
    }

    @Test("a restart honours a step's start limit, and reruns a completed step that allows it", arguments: TestDatabase.allCases)
    func startLimit(_ database: TestDatabase) async throws {
        try await withRepository(database) { repository in
            let trail = Trail()
            let failing = Switch(true)
            let job = Job("limited", flow: Flow {
                FlowSteps.step("setup", trail, options: StepOptions(allowStartIfComplete: true))
                FlowSteps.step("fragile", trail, failing: failing, options: StepOptions(startLimit: 2))
            })
            let launcher = testLauncher(repository)
            #expect(try await launcher.run(job, parameters: JobParameters()).status == .failed)
            #expect(try await launcher.run(job, parameters: JobParameters()).status == .failed)
            let third = try await launcher.run(job, parameters: JobParameters())
            #expect(third.status == .failed)
            #expect(third.exitStatus.exitDescription.contains("start limit of 2"), "\(third.exitStatus)")
            #expect(trail.all == ["setup", "fragile", "setup", "fragile", "setup"])
        }
    }

    @Test("declarations are checked: a transition to no state, a restart point in a branch, an unreachable state, a name twice")
    func declarations() {
        let trail = Trail()
        func rejects(_ flow: Flow, _ text: String) {
            let error = #expect(throws: BatchError.self) { try Job("checked", flow: flow).validateDeclaration() }
            #expect(error?.code == .invalidDeclaration)
            #expect(error?.message.contains(text) == true, "\(String(describing: error?.message))")
        }
        rejects(Flow { FlowSteps.step("a", trail).on("*", .next("nowhere")) }, "goes to nowhere")
        rejects(Flow {
            FlowSteps.step("a", trail).on("*", .end())
            FlowSteps.step("b", trail)
        }, "state b of flow flow of job checked cannot be reached")
        rejects(Flow {
            FlowSteps.step("a", trail)
            FlowSteps.step("a", trail)
        }, "two states named a")
        rejects(Flow {
            FlowNode.split("s") { Flow { FlowSteps.step("x", trail).on("*", .stop(restartAt: "x")) } }
        }, "not a state of the job's own flow")
        #expect(throws: Never.self) {
            try Job("fine", flow: Flow {
                FlowSteps.step("a", trail).on("FAILED", .next("c")).on("*", .next("b"))
                FlowSteps.step("b", trail)
                FlowSteps.step("c", trail)
            }).validateDeclaration()
        }
    }
}

/// `body`, failed when it takes longer than `limit` (a hang, not a slow machine).
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw FlowFailure(description: "timed out after \(limit)")
        }
        let first = try await group.next()!
        group.cancelAll()
        return first
    }
}
