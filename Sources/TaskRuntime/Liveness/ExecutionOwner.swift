import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The process that runs a job or task execution: where, which process, and when it last proved alive.
public struct ExecutionOwner: Sendable, Hashable {
    /// The host name.
    public var host: String
    /// The process id on that host.
    public var pid: Int64
    /// The process's start time in clock ticks since boot (`/proc/<pid>/stat`), which tells a
    /// reused pid from the original process.
    public var processStart: String?
    /// The last heartbeat.
    public var heartbeat: Date
    /// When a stop was requested through the owner row, if it was.
    public var stopRequested: Date?

    /// Creates an owner value.
    public init(host: String, pid: Int64, processStart: String?, heartbeat: Date, stopRequested: Date? = nil) {
        self.host = host
        self.pid = pid
        self.processStart = processStart
        self.heartbeat = heartbeat
        self.stopRequested = stopRequested
    }

    /// This process, now.
    public static func current(at time: Date = Date()) -> ExecutionOwner {
        let pid = Int64(getpid())
        return ExecutionOwner(
            host: ProcessInfo.processInfo.hostName, pid: pid, processStart: processStartTicks(pid), heartbeat: time)
    }

    /// Whether the owner is certainly gone: its process no longer exists on this host, or its
    /// heartbeat is older than `timeout`. An owner on another host is judged by heartbeat only;
    /// on this host, a process that still runs (same pid, same start time) is alive whatever its
    /// heartbeat says.
    public func isDead(now: Date = Date(), timeout: Duration) -> Bool {
        if host == ProcessInfo.processInfo.hostName {
            if kill(pid_t(pid), 0) != 0 && errno == ESRCH { return true }
            if let stat = Self.stat(pid) {
                // A zombie (killed, not yet reaped by its parent) is dead; a different start time means a reused pid.
                if stat.state == "Z" { return true }
                if let processStart, stat.start != processStart { return true }
                // The very process, still running: alive, however late its heartbeat (a loaded
                // machine or a long database wait must not get a live run recovered under it).
                if processStart != nil { return false }
            }
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        return now.timeIntervalSince(heartbeat) > seconds
    }

    /// Field 22 of `/proc/<pid>/stat` (start time in ticks since boot), or nil where there is no `/proc`.
    package static func processStartTicks(_ pid: Int64) -> String? { stat(pid)?.start }

    /// The state (field 3) and start time (field 22) of `/proc/<pid>/stat`.
    package static func stat(_ pid: Int64) -> (state: String, start: String)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 is at index 19.
        return fields.count > 19 ? (String(fields[0]), String(fields[19])) : nil
    }
}
