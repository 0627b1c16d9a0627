/// How a task execution ended, as `dataflow task launch --wait` reports it and exits.
struct ExecutionOutcome {
    let execution: JSONValue

    var id: Int64 { execution["executionId"].integer ?? 0 }
    var status: String { execution["taskExecutionStatus"].string ?? "UNKNOWN" }
    var hasEnded: Bool { !execution["endTime"].isNull }

    /// The task's exit code as the process's: COMPLETE is 0; an ERROR with no exit code, 0, or
    /// one a process cannot exit with is 1.
    var exitCode: Int32 {
        if status == "COMPLETE" { return 0 }
        guard let code = execution["exitCode"].integer, (1...255).contains(code) else { return 1 }
        return Int32(code)
    }

    /// `task execution 7: ERROR (exit code 3): the command exited with code 3`.
    var line: String {
        var text = "task execution \(id): \(status)"
        guard hasEnded else { return text }
        text += " (exit code \(execution["exitCode"].integer.map(String.init) ?? "none"))"
        if let message = execution["errorMessage"].string ?? execution["exitMessage"].string, !message.isEmpty {
            text += ": " + message.split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        return text
    }
}
