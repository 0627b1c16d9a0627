import Crypto
import Foundation
import Testing

@testable import BatchRuntime

@Suite("Domain values")
struct DomainTests {
    @Test("JOB_KEY matches Spring's test vectors")
    func jobKeyVectors() throws {
        var parameters = JobParameters()
        #expect(parameters.jobKey == "d41d8cd98f00b204e9800998ecf8427e")
        parameters["run.id"] = JobParameter(.long(1))
        #expect(parameters.jobKey == "947cce338b790a4bb6cf8425e98bcf94")
        parameters["chunk.size"] = JobParameter(.long(500), identifying: false)
        #expect(parameters.jobKey == "947cce338b790a4bb6cf8425e98bcf94", "non-identifying parameters do not change the key")
    }

    @Test("JOB_KEY sorts names in Java order and writes Java toString forms")
    func jobKeyText() throws {
        let parameters = try JobParameters(parsing: [
            "b=x", "a=2.5,java.lang.Double", "Z=2024-01-31,java.time.LocalDate", "t=2024-01-31T10:00,java.time.LocalDateTime",
        ])
        // Built by hand from Spring's rules: uppercase sorts before lowercase, as UTF-16 does.
        let expected = "Z={value=2024-01-31, type=class java.time.LocalDate, identifying=true};"
            + "a={value=2.5, type=class java.lang.Double, identifying=true};"
            + "b={value=x, type=class java.lang.String, identifying=true};"
            + "t={value=2024-01-31T10:00, type=class java.time.LocalDateTime, identifying=true};"
        let md5 = Insecure_MD5(expected)
        #expect(parameters.jobKey == md5)
    }

    @Test("Java text forms of doubles, times and instants")
    func javaText() throws {
        #expect(JavaText.double(1) == "1.0")
        #expect(JavaText.double(0.001) == "0.001")
        #expect(JavaText.double(1e7) == "1.0E7")
        #expect(JavaText.double(1.5e-5) == "1.5E-5")
        #expect(JavaText.double(-123456789.5) == "-1.234567895E8")
        #expect(LocalTime("10:00:00")!.description == "10:00")
        #expect(LocalTime("10:00:05.250")!.description == "10:00:05.250")
        #expect(LocalTime("10:00:05.000001")!.description == "10:00:05.000001")
        #expect(LocalDate("2024-02-30") == nil)
        let instant = JavaText.parseInstant("2024-01-31T10:00:00Z")!
        #expect(JavaText.isoInstant(instant) == "2024-01-31T10:00:00Z")
        #expect(JavaText.utilDate(instant) == "Wed Jan 31 10:00:00 UTC 2024")
        #expect(JavaText.parseInstant("2024-01-31T12:00:00+02:00") == instant)
    }

    @Test("command-line parameter notation")
    func parameterParsing() throws {
        let parameters = try JobParameters(parsing: [
            "input.file=/data/a,b.csv", "chunk.size=500,java.lang.Long,false", "schedule.date=2022-12-12,java.time.LocalDate",
            "vendor.id=3902483920,java.lang.Long,false", "rate=0.5,double",
        ])
        #expect(parameters["input.file"] == JobParameter(.string("/data/a,b.csv")))
        #expect(parameters["chunk.size"] == JobParameter(.long(500), identifying: false))
        #expect(parameters["schedule.date"] == JobParameter(.localDate(LocalDate(year: 2022, month: 12, day: 12)!)))
        #expect(parameters["vendor.id"]?.identifying == false)
        #expect(parameters["rate"]?.javaType == "java.lang.Double")
        #expect(try parameters.long("chunk.size") == 500)
    }

    @Test("bad parameter notation is refused with the argument in the message", arguments: [
        "novalue", "=x", "n=abc,java.lang.Long", "d=2024-13-01,java.time.LocalDate", "x=1,java.lang.Integer",
    ])
    func badParameters(_ argument: String) throws {
        let error = #expect(throws: BatchError.self) { try JobParameters(parsing: [argument]) }
        #expect(error?.code == .invalidParameters)
        #expect(error?.message.contains(argument) == true)
    }

    @Test("BatchStatus order and upgrade follow Spring")
    func statuses() {
        #expect(BatchStatus.allCases.map(\.rawValue) == [
            "COMPLETED", "STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "ABANDONED", "UNKNOWN",
        ])
        #expect(BatchStatus.failed.ordinal == 5)
        #expect(BatchStatus.started.upgraded(to: .completed) == .completed)
        #expect(BatchStatus.completed.upgraded(to: .started) == .completed)
        #expect(BatchStatus.completed.upgraded(to: .failed) == .failed)
        #expect(BatchStatus.stopped.upgraded(to: .failed) == .failed)
        #expect(BatchStatus.starting.upgraded(to: .started) == .started)
        #expect(BatchStatus.stopping.isRunning && !BatchStatus.stopped.isRunning)
    }

    @Test("ExitStatus combines by severity and joins descriptions")
    func exitStatuses() {
        let combined = ExitStatus("COMPLETED", description: "a").and(ExitStatus("FAILED", description: "b"))
        #expect(combined.exitCode == "FAILED" && combined.exitDescription == "a; b")
        #expect(ExitStatus.failed.and(.completed).exitCode == "FAILED")
        #expect(ExitStatus.failed.and(ExitStatus("CUSTOM")).exitCode == "CUSTOM")
        #expect(ExitStatus.stopped.and(.noop).exitCode == "STOPPED")
        #expect(ExitStatus.executing.and(.completed).exitCode == "COMPLETED")
    }

    @Test("execution contexts round-trip through their JSON form")
    func contextJSON() throws {
        var context = ExecutionContext()
        context["reader.offset"] = .int(Int64.max)
        context["rate"] = .double(2)
        context["name"] = .string("Zürich \"quoted\"\n\t东京 🚀 \u{1}")
        context["done"] = .bool(true)
        let json = context.json
        #expect(json.hasPrefix("{\"@class\":\"java.util.HashMap\","))
        #expect(json.contains("\"rate\":2.0"))
        let decoded = try ExecutionContext(json: json)
        #expect(decoded == context)
        #expect(decoded.int("reader.offset") == Int64.max)
        let spring = try ExecutionContext(json: #"{"@class":"java.util.HashMap","a.read.count":["java.lang.Long",7],"b":"x"}"#)
        #expect(spring.int("a.read.count") == 7 && spring.string("b") == "x")
        #expect(throws: BatchError.self) { try ExecutionContext(json: "{\"a\":") }
    }

    @Test("long contexts split into SHORT_CONTEXT and SERIALIZED_CONTEXT as Spring does")
    func contextSplit() {
        let short = String(repeating: "x", count: 2500)
        #expect(ExecutionContextStore.split(short).serialized == nil)
        let long = String(repeating: "y", count: 2501)
        let (head, whole) = ExecutionContextStore.split(long)
        #expect(head.count == 2496 && head.hasSuffix(" ...") && head.hasPrefix(String(repeating: "y", count: 2492)))
        #expect(whole == long)
    }

    @Test("the progress line shows counts, rate, elapsed time, and an ETA when the input size is known")
    func progressLine() {
        var progress = RunControl.Progress(stepName: "import", read: 250_000, written: 249_000, readHere: 200_000)
        #expect(ProgressReporter.line(progress, elapsed: .seconds(4)) == "import: read 250000, written 249000, 50000 items/s, 0:04")
        progress.estimate = ProgressEstimate(done: 25, total: 100)
        #expect(ProgressReporter.line(progress, elapsed: .seconds(4)).hasSuffix("0:04, 25.0%, ETA 0:12"))
        #expect(ProgressReporter.clock(3725) == "1:02:05")
    }

    @Test("RunIdIncrementer starts at 1 and counts up")
    func incrementer() {
        let first = RunIdIncrementer().next(after: JobParameters())
        #expect(first["run.id"] == JobParameter(.long(1)))
        #expect(RunIdIncrementer().next(after: first)["run.id"] == JobParameter(.long(2)))
    }
}

/// md5 hex of a string, for building expected job keys by hand.
func Insecure_MD5(_ text: String) -> String {
    Insecure.MD5.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
}
