import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension TestProcess {
    /// Waits for a whole output line starting with `prefix` and returns the rest of that line
    /// (the first such line, so prefixes should be unique: an event name, a request id).
    ///
    /// The wait is for the pipe's data, not a sleep; `limit` only guards against a hang: when it
    /// passes, the process is killed and the wait throws.
    /// - Parameters:
    ///   - firstLine: The line is the output's first (no newline before it).
    ///   - limit: How long a hang may last.
    /// - Throws: When the process ends, or `limit` passes, before such a line.
    public func line(startingWith prefix: String, firstLine: Bool = false, limit: Duration = hangLimit) async throws -> String {
        let marker = firstLine ? prefix : "\n" + prefix
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                // The whole line: a long one arrives in several pieces.
                try await self.waitForOutput("a line starting with '\(prefix)'") { text in
                    guard let start = text.range(of: marker) else { return false }
                    return text[start.upperBound...].contains("\n")
                }
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                // Ends the wait above too: its output closes.
                self.signal(SIGKILL)
                return false
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else {
                throw TestSetupError("no line starting with '\(prefix)' within \(limit); output so far:\n\(stdout)")
            }
        }
        let text = stdout
        let start = text.range(of: marker)!.upperBound
        return String(text[start...].prefix { $0 != "\n" })
    }
}
