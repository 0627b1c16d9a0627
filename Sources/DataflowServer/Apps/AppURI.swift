import Foundation

/// Where a registered app is, checked when it is registered: a local executable (`file:` URI or
/// a path) the local platform can run, or a container image (`docker:`) kept for the
/// Kubernetes platform.
enum AppURI {
    /// What a URI names.
    enum Target: Equatable {
        case executable(path: String)
        case docker(image: String)
    }

    /// Parses and checks `text`: an executable must exist, be a regular file and be executable.
    /// - Returns: The target and the URI as stored (a path becomes a `file:` URI).
    static func check(_ text: String, relativeTo directory: String = FileManager.default.currentDirectoryPath) throws
        -> (target: Target, uri: String)
    {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("docker:") {
            let image = String(trimmed.dropFirst("docker:".count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard !image.isEmpty else { throw ServerError(.badRequest, "'\(text)' names no image: write docker:<repository>/<image>:<tag>") }
            return (.docker(image: image), "docker:\(image)")
        }
        let path: String
        if trimmed.lowercased().hasPrefix("file:") {
            guard let url = URL(string: trimmed), url.isFileURL, !url.path.isEmpty else {
                throw ServerError(.badRequest, "'\(text)' is not a file URI: write file:/absolute/path/to/executable")
            }
            path = url.path
        } else if trimmed.contains("://") || (trimmed.first.map { $0 != "/" && $0 != "." } == true && trimmed.contains(":")) {
            throw ServerError(
                .badRequest,
                "cannot register '\(text)': the local platform runs executables; give a file: URI or a path to one (or a docker: URI for Kubernetes)")
        } else {
            path = trimmed.hasPrefix("/") ? trimmed : URL(fileURLWithPath: trimmed, relativeTo: URL(fileURLWithPath: directory)).standardizedFileURL.path
        }
        try checkExecutable(path, uri: text)
        return (.executable(path: path), URL(fileURLWithPath: path).absoluteString)
    }

    /// Fails with the reason when `path` cannot be run: missing, a directory, not executable.
    static func checkExecutable(_ path: String, uri: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ServerError(.badRequest, "'\(uri)': \(path) does not exist; give the path of an executable file")
        }
        guard !isDirectory.boolValue else {
            throw ServerError(.badRequest, "'\(uri)': \(path) is a directory; give the path of an executable file")
        }
        guard access(path, X_OK) == 0 else {
            throw ServerError(.badRequest, "'\(uri)': \(path) is not executable; run chmod +x \(path)")
        }
    }

    /// The version in a file name such as `timestamp-task-2.1.0` or `timestamp-2.1.0.jar`, or nil.
    static func version(inFileName path: String) -> String? {
        var name = (path as NSString).lastPathComponent
        if let dot = name.range(of: ".jar", options: [.backwards, .anchored]) { name.removeSubrange(dot) }
        guard let dash = name.range(of: #"-[0-9][0-9A-Za-z.\-_]*$"#, options: .regularExpression) else { return nil }
        return String(name[dash].dropFirst())
    }
}
