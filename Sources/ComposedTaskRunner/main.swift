import Foundation
import TaskRuntime

// The runner's whole main: read the graph, build the job, run it as a batch application.
let arguments = Array(CommandLine.arguments.dropFirst())
LoggingOnce.shared.bootstrap(level: .info)
switch ComposedTaskRunner.application(arguments: arguments, environment: ProcessInfo.processInfo.environment) {
case .success(let application):
    await application.main(arguments: arguments)
case .failure(let error):
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
}
