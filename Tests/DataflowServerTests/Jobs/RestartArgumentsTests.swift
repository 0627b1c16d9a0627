import BatchRuntime
import Testing

@testable import DataflowServer

/// The arguments a restart relaunches a task with (Data Flow's `restartExecutionArgs`, improved).
@Suite("Restart arguments: original arguments, identifying parameters by the prefix rule, both notations, overrides")
struct RestartArgumentsTests {
    /// `input.file` given by the user, `run.id` added by the app's incrementer, `chunk.size` not identifying.
    static let parameters = try! JobParameters(parsing: [
        "input.file=/data/tx.csv", "chunk.size=200,java.lang.Long,false", "run.id=3,java.lang.Long",
    ])

    static func build(
        _ original: [String], parameters: JobParameters = parameters, overrides: [String] = [],
        notation: RestartArguments.Notation = .spring
    ) throws -> [String] {
        try RestartArguments.build(
            original: original, jobName: "importTransactions", parameters: parameters, overrides: RestartArguments.split(overrides),
            notation: notation)
    }

    @Test("identifying parameters that no argument starts with are added in Spring Batch 5's notation; the job is named")
    func identifyingOnly() throws {
        let arguments = try Self.build(["input.file=/data/tx.csv", "chunk.size=200,java.lang.Long,false", "--verbose"])
        #expect(arguments == [
            "input.file=/data/tx.csv", "chunk.size=200,java.lang.Long,false", "--verbose", "run.id=3,java.lang.Long,true",
            "--spring.batch.job.name=importTransactions",
        ])
    }

    @Test("the prefix rule: a parameter whose name starts an argument is not added again (Data Flow's startsWith)")
    func prefixRule() throws {
        // `run.id` starts `run.id.extra=x`, so Data Flow (and we) count it as given.
        let arguments = try Self.build(["run.id.extra=x"])
        #expect(!arguments.contains("run.id=3,java.lang.Long,true"))
        #expect(arguments.contains("input.file=/data/tx.csv,java.lang.String,true"))
        // A name starting with '-' (Spring Batch 4's non-identifying marker) is never added.
        var legacy = JobParameters()
        legacy["-old"] = JobParameter(.string("x"))
        #expect(try Self.build([], parameters: legacy) == ["--spring.batch.job.name=importTransactions"])
    }

    @Test("the JSON notation of Spring's JsonJobParametersConverter, which the apps parse back to the same parameters")
    func jsonNotation() throws {
        let arguments = try Self.build([], notation: .json)
        #expect(arguments == [
            #"input.file={"value":"/data/tx.csv","type":"java.lang.String","identifying":"true"}"#,
            #"run.id={"value":"3","type":"java.lang.Long","identifying":"true"}"#,
            "--spring.batch.job.name=importTransactions",
        ])
        let parsed = try JobParameters(parsing: arguments.filter { !$0.hasPrefix("--") })
        #expect(parsed == Self.parameters.identifying)
        #expect(parsed.jobKey == Self.parameters.jobKey, "the same job instance")
        let spring = try JobParameters(parsing: try Self.build([]).filter { !$0.hasPrefix("--") })
        #expect(spring == parsed)
    }

    @Test("the original launch's job name gives way: only the job restarted reruns")
    func jobName() throws {
        let arguments = try Self.build(["--spring.batch.job.name=other", "--spring.batch.job.names=a,b", "--SPRING_BATCH_JOB_NAME=x", "--other.flag=1"])
        #expect(arguments.filter { $0.lowercased().contains("job.name") || $0.contains("JOB_NAME") } == ["--spring.batch.job.name=importTransactions"])
        #expect(arguments.contains("--other.flag=1"))
    }

    @Test("without a manifest, the recorded arguments lose the launch contract's --spring.cloud.task.* ones")
    func recordedArguments() {
        let recorded = [
            "input.file=/x.csv", "--spring.cloud.task.executionid=4", "--spring.cloud.task.name=import", "--spring.cloud.task.parentExecutionId=1",
            "--format=yyyy",
        ]
        #expect(RestartArguments.original(manifest: nil, recorded: recorded) == ["input.file=/x.csv", "--format=yyyy"])
        #expect(RestartArguments.original(manifest: ["a=1"], recorded: recorded) == ["a=1"])
    }

    @Test("overrides change non-identifying parameters: a bare value keeps the type, the argument that set it is replaced")
    func overrides() throws {
        let arguments = try Self.build(["input.file=/data/tx.csv", "chunk.size=200,java.lang.Long,false"], overrides: ["chunk.size=500"])
        #expect(arguments == [
            "input.file=/data/tx.csv", "chunk.size=500,java.lang.Long,false", "run.id=3,java.lang.Long,true",
            "--spring.batch.job.name=importTransactions",
        ])
        let added = try Self.build([], overrides: ["note=retry, after the fix,java.lang.String,false", "limit=7,java.lang.Long,false"])
        #expect(added.contains("note=retry, after the fix,java.lang.String,false"))
        #expect(added.contains("limit=7,java.lang.Long,false"))
        let json = try Self.build([], overrides: [#"note={"value":"a,b=c","identifying":"false"}"#], notation: .json)
        #expect(json.contains(#"note={"value":"a,b=c","type":"java.lang.String","identifying":"false"}"#))
        // An identifying parameter given with its own value changes nothing and is allowed.
        #expect(try Self.build([], overrides: ["run.id=3"]) == Self.build([]))
    }

    @Test("overrides that would change the job instance are refused with 400", arguments: [
        "input.file=/other.csv", "run.id=4", "run.id=3,java.lang.Long,false", "chunk.size=200,java.lang.Long,true",
        "fresh=1", "fresh=1,java.lang.Long", "chunk.size=many", "=x", "-x=1",
    ])
    func refusedOverrides(_ override: String) throws {
        let error = #expect(throws: ServerError.self) { try Self.build([], overrides: [override]) }
        #expect(error?.code == .badRequest, "\(String(describing: error))")
    }

    @Test("a refusal names the parameter but masks a secret-looking value")
    func maskedRefusal() throws {
        let parameters = try JobParameters(parsing: ["api.password=hunter2"])
        let error = #expect(throws: ServerError.self) { try Self.build([], parameters: parameters, overrides: ["api.password=other"]) }
        #expect(error?.message.contains("api.password") == true)
        #expect(error?.message.contains("hunter2") == false, "\(String(describing: error))")
    }

    @Test("lists split where a name= follows a comma; values keep their commas; JSON values never split")
    func splitting() {
        #expect(RestartArguments.split(["a=1,b=2,java.lang.Long,false", "c=x,y"]) == ["a=1", "b=2,java.lang.Long,false", "c=x,y"])
        #expect(RestartArguments.split([#"j={"value":"p,q=r","type":"java.lang.String"},k=1"#]) == [
            #"j={"value":"p,q=r","type":"java.lang.String"}"#, "k=1",
        ])
        #expect(RestartArguments.split(["", " "]) == [])
    }
}
