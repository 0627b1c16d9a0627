import ArgumentParser

/// `dataflow job`: job executions and instances through the server, as Data Flow's shell has them.
struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Job executions and instances through the server: list, display, stop, restart, abandon, purge.",
        subcommands: [
            JobExecutionCommand.self,
            JobInstanceCommand.self,
            JobPurgeCommand.self,
        ]
    )
}

/// `dataflow job execution`: job executions and their steps.
struct JobExecutionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execution",
        abstract: "List, display, stop, restart and abandon job executions; their steps and progress.",
        subcommands: [
            JobExecutionListCommand.self,
            JobExecutionDisplayCommand.self,
            JobExecutionStepCommand.self,
            JobExecutionStopCommand.self,
            JobExecutionRestartCommand.self,
            JobExecutionAbandonCommand.self,
        ]
    )
}

/// `dataflow job execution step`: the step executions of a job execution.
struct JobExecutionStepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "List and display the step executions of a job execution, and a running step's progress.",
        subcommands: [
            JobStepListCommand.self,
            JobStepDisplayCommand.self,
            JobStepProgressCommand.self,
        ]
    )
}

/// `dataflow job instance`: job instances.
struct JobInstanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instance",
        abstract: "Display a job instance with its executions.",
        subcommands: [
            JobInstanceDisplayCommand.self,
        ]
    )
}
