import BatchRuntime
import Foundation
import Synchronization

/// The steps that ran, in order, across the executions of a test.
final class Trail: Sendable {
    private let names = Mutex<[String]>([])
    func add(_ name: String) { names.withLock { $0.append(name) } }
    var all: [String] { names.withLock { $0 } }
    func clear() { names.withLock { $0.removeAll() } }
}

/// Sets a step's exit code after it ran (a custom code, as Spring's listeners do).
struct ExitAs: StepExecutionListener {
    let code: String
    func afterStep(_ execution: StepExecution) async -> ExitStatus? { ExitStatus(code) }
}

struct FlowFailure: Error, CustomStringConvertible {
    var description: String
}

/// Two tasks that each wait for the other: both pass only when they run at the same time.
final class Rendezvous: Sendable {
    private let arrived = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    private let parties: Int

    init(parties: Int) { self.parties = parties }

    func arrive() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready: [CheckedContinuation<Void, Never>] = arrived.withLock { state in
                state.count += 1
                state.waiters.append(continuation)
                guard state.count == parties else { return [] }
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            for waiter in ready { waiter.resume() }
        }
    }
}

enum FlowSteps {
    /// A tasklet that records itself; fails while `failing` is on; exits with `exit` when given.
    static func step(
        _ name: String, _ trail: Trail, failing: Switch? = nil, exit: String? = nil, options: StepOptions = StepOptions(),
        body: (@Sendable () async -> Void)? = nil
    ) -> TaskletStep {
        let step = TaskletStep(name, options: options) { _ in
            trail.add(name)
            await body?()
            if failing?.isOn == true { throw FlowFailure(description: "\(name) failed on purpose") }
            return .finished
        }
        return exit.map { step.listeners(ExitAs(code: $0)) } ?? step
    }
}
