import Foundation
import Testing

@testable import TaskRuntime

@Suite("Launch contract")
struct TaskSettingsTests {
    @Test("arguments as a Data Flow server passes them")
    func serverArguments() throws {
        let arguments = [
            "--spring.cloud.task.executionid=7", "--spring.cloud.task.name=nightly",
            "--spring.cloud.task.parent-execution-id=3", "--spring.cloud.task.external-execution-id=pod-abc",
            "--spring.cloud.task.single-instance-enabled=true", "--spring.datasource.url=jdbc:postgresql://db/x", "a=b",
        ]
        let settings = try TaskSettings(arguments: arguments, environment: [:], defaultName: "app")
        #expect(settings.executionId == 7)
        #expect(settings.taskName == "nightly")
        #expect(settings.parentExecutionId == 3)
        #expect(settings.externalExecutionId == "pod-abc")
        #expect(settings.singleInstanceEnabled)
        #expect(settings.failOnJobFailure)
        #expect(settings.arguments == arguments)
    }

    @Test("relaxed binding: environment variables, camel case, and arguments over the environment")
    func relaxedBinding() throws {
        let environment = [
            "SPRING_CLOUD_TASK_EXECUTIONID": "11", "SPRING_CLOUD_TASK_NAME": "from-env",
            "SPRING_CLOUD_TASK_PARENTEXECUTIONID": "5", "SPRING_CLOUD_TASK_SINGLEINSTANCEENABLED": "TRUE",
            "SPRING_CLOUD_TASK_BATCH_FAILONJOBFAILURE": "false",
        ]
        let fromEnvironment = try TaskSettings(arguments: [], environment: environment, defaultName: "app")
        #expect(fromEnvironment.executionId == 11)
        #expect(fromEnvironment.taskName == "from-env")
        #expect(fromEnvironment.parentExecutionId == 5)
        #expect(fromEnvironment.singleInstanceEnabled)
        #expect(!fromEnvironment.failOnJobFailure)
        let overridden = try TaskSettings(
            arguments: ["--spring.cloud.task.name", "from-args", "--spring.cloud.task.parentExecutionId=9",
                        "--spring.cloud.task.executionid=1", "--spring.cloud.task.executionid=12"],
            environment: environment, defaultName: "app")
        #expect(overridden.taskName == "from-args")
        #expect(overridden.parentExecutionId == 9)
        #expect(overridden.executionId == 12, "the last executionid argument wins, as the server appends its own")
    }

    @Test("the default name, spring.application.name, and the recording switch")
    func names() throws {
        #expect(try TaskSettings(arguments: [], environment: [:], defaultName: "app").taskName == "app")
        #expect(
            try TaskSettings(arguments: ["--spring.application.name=boot"], environment: [:], defaultName: "app").taskName == "boot")
        let off = try TaskSettings(
            arguments: ["--spring.cloud.task.autoconfiguration.enabled=false"], environment: [:], defaultName: "app")
        #expect(!off.recordingEnabled)
    }

    @Test("malformed values are errors that name the property", arguments: [
        (["--spring.cloud.task.executionid=abc"], "--spring.cloud.task.executionid must be a positive integer"),
        (["--spring.cloud.task.executionid=-4"], "must be a positive integer"),
        (["--spring.cloud.task.parent-execution-id=x"], "--spring.cloud.task.parent-execution-id must be a positive integer"),
        (["--spring.cloud.task.single-instance-enabled=yes"], "must be true or false"),
        (["--spring.cloud.task.name=" + String(repeating: "n", count: 101)], "is 101 characters long; TASK_EXECUTION.TASK_NAME holds at most 100"),
        (["--spring.cloud.task.name="], "the task name is empty"),
    ])
    func malformed(arguments: [String], message: String) {
        #expect {
            try TaskSettings(arguments: arguments, environment: [:], defaultName: "app")
        } throws: { error in
            let error = error as? TaskError
            return error?.code == .invalidArguments && error?.message.contains(message) == true
        }
    }

    @Test("a 100-character name is accepted")
    func longestName() throws {
        let name = String(repeating: "é", count: 100)
        #expect(try TaskSettings(arguments: ["--spring.cloud.task.name=\(name)"], environment: [:], defaultName: "x").taskName == name)
    }
}
