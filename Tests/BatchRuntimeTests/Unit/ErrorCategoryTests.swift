import BatchRuntime
import Testing

/// The one classification: every module's error to its exit code and its HTTP status.
@Suite("error classification")
struct ErrorCategoryTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let error: any Error & Sendable
        let category: ErrorCategory
        let exitCode: Int32
        let status: Int
        var testDescription: String { "\(ErrorText.line(error)) → \(category)" }
    }

    static let database: [Row] = [
        Row(error: DatabaseError(.invalidURL, "bad URL"), category: .badInput, exitCode: 2, status: 400),
        Row(error: DatabaseError(.dataException, "too long"), category: .badInput, exitCode: 2, status: 400),
        Row(error: DatabaseError(.uniqueViolation, "dup"), category: .conflict, exitCode: 1, status: 409),
        Row(error: DatabaseError(.foreignKeyViolation, "in use"), category: .conflict, exitCode: 1, status: 409),
        Row(error: DatabaseError(.connectionFailed, "refused"), category: .unavailable, exitCode: 1, status: 503),
        Row(error: DatabaseError(.connectionLost, "gone"), category: .unavailable, exitCode: 1, status: 503),
        Row(error: DatabaseError(.poolTimeout, "busy pool"), category: .unavailable, exitCode: 1, status: 503),
        Row(error: DatabaseError(.busy, "locked"), category: .unavailable, exitCode: 1, status: 503),
        Row(error: DatabaseError(.ioError, "disk full"), category: .unavailable, exitCode: 1, status: 503),
        Row(error: DatabaseError(.readOnly, "read-only"), category: .unavailable, exitCode: 1, status: 503),
        Row(error: DatabaseError(.databaseNotFound, "no file"), category: .unavailable, exitCode: 1, status: 503),
        Row(error: DatabaseError(.checksumMismatch, "changed"), category: .unavailable, exitCode: 1, status: 503),
        Row(error: DatabaseError(.syntaxError, "bug"), category: .internal, exitCode: 1, status: 500),
        Row(error: DatabaseError(.decodingFailed, "bug"), category: .internal, exitCode: 1, status: 500),
    ]

    static let task: [Row] = [
        Row(error: TaskError(.invalidArguments, "bad id"), category: .badInput, exitCode: 2, status: 400),
        Row(error: TaskError(.commandFailed, "cannot run"), category: .badInput, exitCode: 2, status: 400),
        Row(error: TaskError(.noSuchExecution, "no row"), category: .notFound, exitCode: 1, status: 404),
        Row(error: TaskError(.alreadyEnded, "ended"), category: .conflict, exitCode: 1, status: 409),
        Row(error: TaskError(.alreadyRunning, "locked"), category: .conflict, exitCode: 1, status: 409),
        Row(error: TaskError(.stillRunning, "running"), category: .conflict, exitCode: 1, status: 409),
        Row(
            error: TaskError(.repositoryFailed, "no db", cause: DatabaseError(.connectionFailed, "refused")),
            category: .unavailable, exitCode: 1, status: 503),
        Row(
            error: TaskError(.repositoryFailed, "bad url", cause: DatabaseError(.invalidURL, "bad")),
            category: .badInput, exitCode: 2, status: 400),
        Row(error: TaskError(.repositoryFailed, "no cause"), category: .unavailable, exitCode: 1, status: 503),
    ]

    static let batch: [Row] = [
        Row(error: BatchError(.noSuchJob, "no job"), category: .badInput, exitCode: 2, status: 400),
        Row(error: BatchError(.invalidParameters, "bad"), category: .badInput, exitCode: 2, status: 400),
        Row(error: BatchError(.invalidDeclaration, "bad"), category: .badInput, exitCode: 2, status: 400),
        Row(error: BatchError(.noSuchExecution, "none"), category: .notFound, exitCode: 1, status: 404),
        Row(error: BatchError(.alreadyRunning, "running"), category: .conflict, exitCode: 1, status: 409),
        Row(error: BatchError(.alreadyComplete, "done"), category: .conflict, exitCode: 1, status: 409),
        Row(error: BatchError(.stillRunning, "alive"), category: .conflict, exitCode: 1, status: 409),
        Row(error: BatchError(.optimisticLockingFailure, "changed"), category: .conflict, exitCode: 1, status: 409),
        Row(error: BatchError(.notRestartable, "no"), category: .notRestartable, exitCode: 1, status: 422),
        Row(error: BatchError(.notRunning, "stopped"), category: .notRestartable, exitCode: 1, status: 422),
        Row(error: BatchError(.startLimitExceeded, "limit"), category: .notRestartable, exitCode: 1, status: 422),
        Row(error: BatchError(.readFailed, "bad line"), category: .internal, exitCode: 1, status: 500),
        Row(error: BatchError(.writeFailed, "bad write"), category: .internal, exitCode: 1, status: 500),
        Row(
            error: BatchError(.repositoryFailed, "no db", cause: DatabaseError(.busy, "locked")),
            category: .unavailable, exitCode: 1, status: 503),
    ]

    struct Foreign: Error {}

    @Test("each module's error has its category, exit code and HTTP status", arguments: database + task + batch)
    func classification(_ row: Row) {
        #expect(ErrorCategory.of(row.error) == row.category)
        #expect(ErrorCategory.of(row.error).exitCode == row.exitCode)
        #expect(ErrorCategory.of(row.error).httpStatus == row.status)
    }

    @Test("an error from outside swift-batch is internal and shows its type")
    func foreign() {
        #expect(ErrorCategory.of(Foreign()) == .internal)
        #expect(ErrorText.line(Foreign()).hasPrefix("Foreign"))
        #expect(ErrorText.line(BatchError(.readFailed, "a\nb")) == "a b")
    }
}
