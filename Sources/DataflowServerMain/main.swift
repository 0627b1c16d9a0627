import DataflowServer
import Foundation

// The server's whole main: read the configuration, run, exit with the outcome.
let code = await DataflowServerCommand.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
exit(code)
