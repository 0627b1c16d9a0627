import ArgumentParser

/// The task execution a command works on: `--id N`, or `N` as Data Flow's shell also accepts it.
struct ExecutionId: ParsableArguments {
    @Option(name: .customLong("id"), help: "The task execution id.")
    var option: Int64?

    @Argument(help: .hidden)
    var positional: Int64?

    /// The id given.
    /// - Throws: A `ValidationError` (exit 2) when none or two different ones are given.
    func value() throws -> Int64 {
        switch (option, positional) {
        case (let id?, nil), (nil, let id?): return id
        case (let first?, let second?) where first == second: return first
        case (_?, _?): throw ValidationError("give the task execution id once, with --id")
        case (nil, nil): throw ValidationError("give the task execution id with --id")
        }
    }
}

extension DatabaseExecutions {
    /// Whether a command that can do both reads the database (`--db` given) or asks the server.
    /// - Throws: A `ValidationError` (exit 2) when both `--db` and `--server` are given.
    static func readsDatabase(_ database: DatabaseOptions, _ server: ServerOptions) throws -> Bool {
        if database.isGiven && server.url != nil {
            throw ValidationError("give --db (read the database) or --server (ask the server), not both")
        }
        return database.isGiven
    }
}
