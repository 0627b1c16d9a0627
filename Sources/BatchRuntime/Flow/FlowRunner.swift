/// Runs a job's ``Flow``: each state in turn, the next chosen by the transitions, splits'
/// branches at the same time.
struct FlowRunner: Sendable {
    let run: JobRun

    /// The job context key under which a `.stop(restartAt:)` leaves where a restart begins.
    static let restartKey = "batch.flow.restartAt"

    /// How a flow ended.
    struct Outcome: Sendable {
        var status: BatchStatus
        var exitStatus: ExitStatus
    }

    /// Runs the job's flow, from the state a stop named when this execution restarts one, and
    /// sets the execution's status and exit status from how the flow ended.
    func runJob(_ flow: Flow, _ execution: inout JobExecution) async throws {
        var start = 0
        if let name = execution.executionContext.string(Self.restartKey) {
            execution.executionContext[Self.restartKey] = nil
            if let index = flow.nodes.firstIndex(where: { $0.name == name }) {
                start = index
                run.logger.info("flow resumes at \(name), where the stopped execution asked to restart")
            }
        }
        let outcome = try await execute(flow, from: start, &execution)
        execution.status = outcome.status == .abandoned ? .failed : outcome.status
        execution.exitStatus = outcome.exitStatus
    }

    /// Runs `flow` from state `start` until a transition ends it or its last state ends.
    func execute(_ flow: Flow, from start: Int, _ execution: inout JobExecution) async throws -> Outcome {
        var index = start
        var lastStep: StepExecution?
        while true {
            if let reason = run.control.stopReason { return Outcome(status: .stopped, exitStatus: ExitStatus("STOPPED", description: reason)) }
            let node = flow.nodes[index]
            let status: BatchStatus
            let exit: ExitStatus
            switch node.kind {
            case .step(let step):
                let result = try await StepHandler(run: run, step: step).handle(&execution)
                try await run.repository.updateExecutionContext(of: execution)
                lastStep = result
                status = result.status
                exit = result.exitStatus.exitCode == "EXECUTING" ? ExitStatus(for: result.status) : result.exitStatus
            case .decision(let decider):
                let code = try await decider.decide(execution, lastStep: lastStep)
                execution.executionContext["batch.decision.\(node.name)"] = .string(code)
                try await run.repository.updateExecutionContext(of: execution)
                run.logger.info("decision \(node.name): \(code)", metadata: ["batch.flow.decision": "\(node.name)"])
                status = .completed
                exit = ExitStatus(code)
            case .split(let flows):
                let outcome = try await split(flows, execution)
                status = outcome.status
                exit = outcome.exitStatus
            }
            guard !node.transitions.isEmpty else {
                // No transitions: on to the next state when it completed, else the job ends as it did.
                guard status == .completed else { return Outcome(status: status, exitStatus: exit) }
                guard index + 1 < flow.nodes.count else {
                    return Outcome(status: .completed, exitStatus: exit.exitCode == "COMPLETED" ? .completed : exit)
                }
                index += 1
                continue
            }
            guard let transition = node.transition(for: exit.exitCode) else {
                let patterns = node.transitions.map { "'\($0.pattern)'" }.joined(separator: ", ")
                return Outcome(
                    status: .failed,
                    exitStatus: ExitStatus(
                        "FAILED",
                        description:
                            "no transition of \(node.name) in flow \(flow.name) matches its exit code \(exit.exitCode) (it has \(patterns)); add one, such as .on(\"*\", ...), for every other outcome"
                    ))
            }
            switch transition.target {
            case .next(let name):
                guard let next = flow.nodes.firstIndex(where: { $0.name == name }) else {
                    throw BatchError(.invalidDeclaration, "flow \(flow.name) has no state \(name)")
                }
                index = next
            case .end(let code):
                return Outcome(status: .completed, exitStatus: ExitStatus(code))
            case .fail(let code):
                return Outcome(
                    status: .failed, exitStatus: ExitStatus(code, description: "the flow failed the job after \(node.name) ended \(exit.exitCode)"))
            case .stop(let restartAt):
                if let restartAt {
                    execution.executionContext[Self.restartKey] = .string(restartAt)
                    try await run.repository.updateExecutionContext(of: execution)
                }
                let resume = restartAt.map { "; a restart begins at \($0)" } ?? ""
                return Outcome(
                    status: .stopped, exitStatus: ExitStatus("STOPPED", description: "the flow stopped the job after \(node.name) ended \(exit.exitCode)\(resume)"))
            }
        }
    }

    /// The branches run at the same time, each on its own copy of the job execution; the
    /// outcome is the most severe of theirs (Spring's aggregation), the first such branch's
    /// exit status with it.
    private func split(_ flows: [Flow], _ execution: JobExecution) async throws -> Outcome {
        let outcomes = try await withThrowingTaskGroup(of: (Int, Outcome).self) { group in
            for (position, branch) in flows.enumerated() {
                group.addTask {
                    var copy = execution
                    return (position, try await execute(branch, from: 0, &copy))
                }
            }
            var outcomes: [(Int, Outcome)] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
        guard var worst = outcomes.first else { return Outcome(status: .completed, exitStatus: .completed) }
        for outcome in outcomes.dropFirst() where outcome.status > worst.status { worst = outcome }
        return Outcome(status: worst.status, exitStatus: worst.status == .completed ? .completed : worst.exitStatus)
    }
}
