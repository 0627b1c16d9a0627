import Synchronization

/// One chunk's place in the order of commits, for the chunk after it to wait on.
///
/// When commits overlap (``ChunkLoop``), the commit of chunk *n + 1* starts while chunk *n*
/// still commits, on another connection of the pool. It takes that connection and writes only
/// once chunk *n* has written (the writer is never used by two commits at once, and a commit
/// never holds a connection while the one before still waits for one), and it saves its step
/// row only once chunk *n* has committed: it builds on that chunk's committed row, and if chunk
/// *n* failed it rolls back without saving anything. Commits therefore still happen strictly
/// in chunk order, each with its own chunk's rows and checkpoint.
final class ChunkCommitOrder: Sendable {
    private let written = Completion<Bool>()
    private let committed = Completion<Result<StepExecution, any Error>>()

    /// Whether the chunk was written; waits until its write ended.
    var wasWritten: Bool {
        get async { await written.value }
    }

    /// The chunk's committed step row; waits for its commit, and throws its error if it failed.
    func committedStep() async throws -> StepExecution {
        try await committed.value.get()
    }

    /// Records the end of the chunk's write (only the first call counts).
    func finishWrite(success: Bool) {
        written.resolve(success)
    }

    /// Records the end of the chunk's commit, and of its write if that was not recorded yet.
    func finishCommit(_ result: Result<StepExecution, any Error>) {
        if case .success = result { written.resolve(true) } else { written.resolve(false) }
        committed.resolve(result)
    }
}

/// A value that one task sets once and any number of tasks wait for.
private final class Completion<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [CheckedContinuation<Value, Never>] = []
    }

    private let state = Mutex(State())

    /// Sets the value and wakes the waiters; a second call changes nothing.
    func resolve(_ value: Value) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, Never>] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// The value, once set.
    var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Value? in
                    if let value = state.value { return value }
                    state.waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
