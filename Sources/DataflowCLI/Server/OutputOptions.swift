import ArgumentParser

/// `--json`: the server's JSON (pretty, keys sorted) instead of the shell's table or message.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the server's JSON (pretty, keys sorted) instead of a table or message.")
    var json = false

    /// Prints `document` as JSON with `--json`, else the text `text` makes.
    func show(_ document: JSONValue, text: () -> String) {
        print(json ? document.pretty() : text())
    }
}
