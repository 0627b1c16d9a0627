import Database
import Foundation

/// How a command line reports the error that ended it, the same in every executable: one line
/// on standard error (`error: what failed and what to do`) and the exit code of the error's
/// ``ErrorCategory``.
package enum FailureReport {
    /// Prints `error: <one line>` to standard error.
    /// - Returns: The exit code: 2 for bad input, else 1.
    @discardableResult
    package static func report(_ error: any Error) -> Int32 {
        FileHandle.standardError.write(Data("error: \(ErrorText.line(error))\n".utf8))
        return ErrorCategory.of(error).exitCode
    }
}
