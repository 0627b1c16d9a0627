#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands a shell pattern (`in/*.csv`, `data/2026-??-*.jsonl`) to the paths it matches, with glob(3).
enum FileGlob {
    /// The paths matching `pattern`, sorted by their bytes (not by the locale); empty when none match.
    /// - Throws: ``BatchError/Code/readFailed`` when a directory cannot be read or memory runs out.
    static func paths(matching pattern: String) throws(BatchError) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        let status = pattern.withCString { glob($0, GLOB_ERR, nil, &result) }
        switch status {
        case 0:
            break
        case GLOB_NOMATCH:
            return []
        case GLOB_ABORTED:
            throw BatchError(.readFailed, "cannot list the files matching '\(pattern)': a directory could not be read (\(FlatFileIO.describe(errno)))")
        default:
            throw BatchError(.readFailed, "cannot list the files matching '\(pattern)': glob failed with status \(status)")
        }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let path = result.gl_pathv[index] { paths.append(String(cString: path)) }
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
