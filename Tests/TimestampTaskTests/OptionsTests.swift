import Testing

@testable import timestamp_task

@Suite("timestamp-task options")
struct OptionsTests {
    @Test("the default format, --format and Spring's --timestamp.format")
    func format() throws {
        #expect(try TimestampTask.options([]) == "yyyy-MM-dd HH:mm:ss.SSS")
        #expect(try TimestampTask.options(["--format", "HH:mm"]) == "HH:mm")
        #expect(try TimestampTask.options(["--timestamp.format=yyyy"]) == "yyyy")
    }

    @Test("framework and database arguments are accepted, others are not")
    func frameworkArguments() throws {
        let pattern = try TimestampTask.options([
            "--spring.cloud.task.name=t", "--spring.datasource.url", "jdbc:postgresql://h/db", "--db=sqlite::memory:",
            "--format=ss",
        ])
        #expect(pattern == "ss")
        #expect(throws: TimestampTask.UsageError.self) { try TimestampTask.options(["--fromat=yyyy"]) }
        #expect(throws: TimestampTask.UsageError.self) { try TimestampTask.options(["--format"]) }
    }
}
