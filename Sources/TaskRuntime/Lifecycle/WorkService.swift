import ServiceLifecycle
import Synchronization

/// A task's work as a service: it runs to its end; a graceful shutdown reaches it through the
/// task's stop handlers (``TaskContext/onStopSignal(_:)``, which the signal already ran), or, when
/// the work registered none, by cancelling it. What the work throws is kept, not thrown into
/// the group, so the heartbeat still shuts down in order.
final class WorkService: Service {
    private let work: @Sendable (TaskContext) async throws -> Void
    private let context: TaskContext
    private let error = Mutex<(any Error)?>(nil)

    init(work: @escaping @Sendable (TaskContext) async throws -> Void, context: TaskContext) {
        self.work = work
        self.context = context
    }

    /// What the work threw, once it ended.
    var thrown: (any Error)? { error.withLock { $0 } }

    func run() async {
        let (cancelRequests, requestCancel) = AsyncStream<Void>.makeStream()
        let context = context
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    do {
                        try await self.work(context)
                    } catch {
                        self.error.withLock { $0 = error }
                    }
                    return true
                }
                group.addTask {
                    for await _ in cancelRequests { return false }
                    return false
                }
                // The work ended, or a shutdown asked to cancel it: cancel the other, wait for the work.
                _ = await group.next()
                group.cancelAll()
                _ = await group.next()
            }
        } onGracefulShutdown: {
            if !context.hasStopHandlers { requestCancel.yield() }
        }
        requestCancel.finish()
    }
}
