import Foundation
import TaskRuntime

/// A task application for the end-to-end tests: the real lifecycle, with the work chosen by
/// the first argument.
///
///     task-fixture ok | exit N | exit-on-eof N | fail MESSAGE | throw MESSAGE | wait [graceful | stubborn] [--db URL] [--spring.cloud.task.*=...]
///
/// `wait` prints `started <execution id>` and waits until a signal stops it (cancellation, or
/// with `graceful` a stop handler that lets it finish on its own; with `stubborn` a stop handler
/// that prints `stop requested` and never finishes, so only a second signal ends it). `exit-on-eof` prints
/// `started <execution id>`, reads standard input to its end, then ends with exit code N: the
/// test decides when the task ends without a signal.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "ok"
let operand = arguments.count > 1 ? arguments[1] : ""

await TaskApplication(name: "task-fixture").main(arguments: arguments) { task in
    switch mode {
    case "ok":
        FileHandle.standardOutput.write(Data("started \(task.execution.executionId)\n".utf8))
    case "exit":
        task.setExitCode(Int32(operand) ?? 99)
    case "exit-on-eof":
        FileHandle.standardOutput.write(Data("started \(task.execution.executionId)\n".utf8))
        // A blocking read to end of file, off the cooperative pool.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                _ = FileHandle.standardInput.readDataToEndOfFile()
                continuation.resume()
            }
        }
        task.setExitCode(Int32(operand) ?? 99)
    case "fail":
        task.fail(operand)
    case "throw":
        throw FixtureError(description: operand)
    case "wait":
        let stopped = AsyncStream<Void>.makeStream()
        if operand == "graceful" {
            task.onStopSignal { _, name in
                task.setExitMessage("graceful stop after \(name)")
                stopped.continuation.finish()
            }
        }
        if operand == "stubborn" {
            task.onStopSignal { _, _ in FileHandle.standardOutput.write(Data("stop requested\n".utf8)) }
        }
        FileHandle.standardOutput.write(Data("started \(task.execution.executionId)\n".utf8))
        if operand == "graceful" {
            for await _ in stopped.stream {}
        } else if operand == "stubborn" {
            // Ignores cancellation too: only the process's exit ends this.
            while true { try? await Task.sleep(for: .seconds(3600)) }
        } else {
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
    default:
        throw FixtureError(description: "unknown mode \(mode)")
    }
}
