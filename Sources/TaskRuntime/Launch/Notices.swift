import Foundation

/// How a command line tells its user what it did to their database beyond its own tables
/// (``MigrationReport/notices``: a journal mode switched, tables added beside another
/// program's): one `note:` line each on standard error, so standard output keeps only results.
package enum Notices {
    /// Prints each notice as `note: <notice>` on standard error.
    package static func show(_ notices: [String]) {
        for notice in notices { FileHandle.standardError.write(Data("note: \(notice)\n".utf8)) }
    }
}
