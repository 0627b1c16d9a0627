import NIOPosix

/// Dedicated threads for blocking C calls (libsqlite3, libpq), so that none of them ever
/// runs on the Swift concurrency cooperative pool.
///
/// Built on `NIOThreadPool.submit` rather than `runIfActive`: `runIfActive` drops queued
/// work when the calling task is cancelled, and a database layer must still run the
/// `ROLLBACK` and connection cleanup that a cancelled task leaves behind.
final class BlockingExecutor: Sendable {
    private let threads: NIOThreadPool

    /// Starts `threadCount` threads.
    init(threadCount: Int) {
        threads = NIOThreadPool(numberOfThreads: max(1, threadCount))
        threads.start()
    }

    /// Runs `body` on one of the executor's threads and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            threads.submit { state in
                switch state {
                case .active:
                    continuation.resume(with: Result(catching: body))
                case .cancelled:
                    continuation.resume(throwing: DatabaseError(.poolClosed, "the connection pool is closed"))
                }
            }
        }
    }

    /// Waits for queued work to finish and stops the threads.
    func shutdown() async {
        try? await threads.shutdownGracefully()
    }
}
