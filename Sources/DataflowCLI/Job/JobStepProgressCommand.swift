import ArgumentParser
import Foundation

/// `dataflow job execution step progress`: the server's step progress with Data Flow shell's
/// columns (ID, Step Name, Complete, Duration), the status, and what the estimate rests on.
struct JobStepProgressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show how far a step execution got.",
        discussion: """
            Complete is estimated from the step's reader position where it records one (a flat file's bytes read), \
            else from earlier executions of the step (Data Flow's estimate); 100% once the step has ended.
            """)

    @OptionGroup var ids: StepIds
    @OptionGroup var output: OutputOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let (step, job) = try ids.values()
        let progress = try await server.withClient { try await $0.get("/jobs/executions/\(job)/steps/\(step)/progress").json }
        output.show(progress) {
            let execution = progress["stepExecution"]
            let row = [
                ResourceText.cell(execution["id"]), ResourceText.cell(execution["stepName"]), Self.percent(progress["percentageComplete"]),
                Self.milliseconds(progress["duration"]), JobText.status(execution["status"], dead: progress["dead"]),
                ResourceText.cell(progress["percentageCompleteBasis"]),
            ]
            return Table(headers: ["ID", "Step Name", "Complete", "Duration", "Status", "Based On"], rows: [row]).render()
        }
    }

    /// A fraction as a percentage with one decimal (`42.5%`).
    static func percent(_ value: JSONValue) -> String {
        let fraction: Double
        switch value {
        case .integer(let number): fraction = Double(number)
        case .number(let number): fraction = number
        default: return ""
        }
        return String(format: "%.1f%%", fraction * 100)
    }

    /// Milliseconds as `1234 ms`.
    static func milliseconds(_ value: JSONValue) -> String {
        switch value {
        case .integer(let number): "\(number) ms"
        case .number(let number): "\(Int64(number.rounded())) ms"
        default: ""
        }
    }
}
