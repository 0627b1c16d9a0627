import Synchronization

/// Wakes the scheduler when this server changes a schedule, so a new one's first fire is not
/// waited for behind an older, later due time. (Changes made by another server on the same
/// database are seen at the scheduler's next look, at most its poll interval later.)
///
/// Written by hand: what it needs, a wait that ends at a deadline or at a signal given before
/// or during it, cancellable, is not what `AsyncStream` offers (cancelling a wait on one ends
/// the whole stream).
public final class ScheduleWakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
        var nextId = 0
    }

    private let state = Mutex(State())

    /// Creates a wakeup with no signal pending.
    public init() {}

    /// Ends the current wait, or the next one at once if none is waiting.
    public func wake() {
        let waiter = state.withLock { state in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil as CheckedContinuation<Void, Never>?
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Waits until `wake()` is called (or was, since the last wait) or `limit` passes, or the task is cancelled.
    func wait(upTo limit: Duration) async {
        guard limit > .zero else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: limit) }
            group.addTask { await self.signal() }
            await group.next()
            group.cancelAll()
        }
    }

    private func signal() async {
        let id = state.withLock { state in
            state.nextId += 1
            return state.nextId
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    state.waiter = (id, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiter, waiter.id == id else { return nil }
                state.waiter = nil
                return waiter.continuation
            }
            waiter?.resume()
        }
    }
}
