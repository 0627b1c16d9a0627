import ArgumentParser

/// An id a job command works on: `--id N`, or `N` as Data Flow's shell also accepts it.
enum JobIdArgument {
    /// The id given once, by option or position.
    /// - Throws: A `ValidationError` (exit 2) naming `what` when none or two different ones are given.
    static func value(_ option: Int64?, _ positional: Int64?, _ what: String) throws -> Int64 {
        switch (option, positional) {
        case (let id?, nil), (nil, let id?): return id
        case (let first?, let second?) where first == second: return first
        case (_?, _?): throw ValidationError("give the \(what) once, with --id")
        case (nil, nil): throw ValidationError("give the \(what) with --id")
        }
    }
}

/// How the job commands show what the server says.
enum JobText {
    /// A status, with `(dead)` after it when the resource says its process is gone.
    static func status(_ status: JSONValue, dead: JSONValue) -> String {
        ResourceText.cell(status) + (dead.bool == true ? " (dead)" : "")
    }

    /// Data Flow shell's `Definition Status`.
    static func definition(_ defined: JSONValue) -> String {
        defined.bool == true ? "Created" : "Destroyed"
    }

    /// `more: --page N` when the page is not the last one.
    static func more(_ page: JSONValue) -> String? {
        let number = page["number"].integer ?? 0
        return number + 1 < page["totalPages"].integer ?? 0 ? "more: --page \(number + 1)" : nil
    }
}
