import ArgumentParser

/// The task definition a command works on: `NAME`, or `--name NAME` as Data Flow's shell also
/// accepts it.
struct DefinitionName: ParsableArguments {
    @Argument(help: ArgumentHelp("The task definition's name (or --name NAME).", valueName: "name"))
    var positional: String?

    @Option(name: .customLong("name"), help: .hidden)
    var option: String?

    /// The name given.
    /// - Throws: A `ValidationError` (exit 2) when none or two different ones are given.
    func value() throws -> String {
        switch (positional, option) {
        case (let name?, nil), (nil, let name?): return name
        case (let first?, let second?) where first == second: return first
        case (_?, _?): throw ValidationError("give the task definition's name once, not both '\(positional!)' and --name '\(option!)'")
        case (nil, nil): throw ValidationError("give the task definition's name")
        }
    }
}
