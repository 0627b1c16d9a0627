import Testing

@testable import timestamp_task

@Suite("timestamp-task options")
struct OptionsTests {
    @Test("the default format, --format and Spring's --timestamp.format")
    func format() throws {
        #expect(try TimestampTask.pattern([], environment: [:]) == "yyyy-MM-dd HH:mm:ss.SSS")
        #expect(try TimestampTask.pattern(["--format", "HH:mm"], environment: [:]) == "HH:mm")
        #expect(try TimestampTask.pattern(["--timestamp.format=yyyy"], environment: [:]) == "yyyy")
    }

    @Test("timestamp.format from SPRING_APPLICATION_JSON (Data Flow's app properties) or the environment; an argument wins")
    func formatFromEnvironment() throws {
        let json = ["SPRING_APPLICATION_JSON": #"{"timestamp":{"format":"yyyy"},"greeting":"hi"}"#]
        #expect(try TimestampTask.pattern([], environment: json) == "yyyy")
        #expect(try TimestampTask.pattern([], environment: ["TIMESTAMP_FORMAT": "MM"]) == "MM")
        #expect(try TimestampTask.pattern(["--format=ss"], environment: json) == "ss")
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
