import Synchronization

/// Shared state of one running job execution between the engine, signal handlers, the
/// heartbeat and the progress reporter. All members are thread-safe.
public final class RunControl: Sendable {
    private let stop = Mutex<String?>(nil)
    private let progressState = Mutex(Progress())
    private let signalState = Atomic<Int32>(0)

    /// What the progress line shows.
    public struct Progress: Sendable, Hashable {
        /// The running step.
        public var stepName = ""
        /// Items read in the running step (including earlier executions of it).
        public var read: Int64 = 0
        /// Items written in the running step (including earlier executions of it).
        public var written: Int64 = 0
        /// Items read by this process.
        public var readHere: Int64 = 0
        /// How far the reader got, when it knows its input size.
        public var estimate: ProgressEstimate?
    }

    /// Creates the control of one run.
    public init() {}

    /// Asks the run to stop at its next chunk boundary; the first reason wins.
    public func requestStop(_ reason: String) {
        stop.withLock { if $0 == nil { $0 = reason } }
    }

    /// Records that a signal asked the run to stop (the process exits 128 + signal afterwards).
    public func requestStop(signal: Int32, name: String) {
        signalState.store(signal, ordering: .relaxed)
        requestStop("stopped by \(name)")
    }

    /// The reason of a pending stop request, or nil.
    public var stopReason: String? { stop.withLock { $0 } }

    /// The signal that stopped the run, or 0.
    public var stopSignal: Int32 { signalState.load(ordering: .relaxed) }

    /// A snapshot of the progress counters.
    public var progress: Progress { progressState.withLock { $0 } }

    func updateProgress(_ body: (inout Progress) -> Void) {
        progressState.withLock { body(&$0) }
    }
}
