import Foundation
import Testing

@testable import BatchRuntime

/// Both of Spring Batch 5's command-line notations, as Data Flow's restart writes them.
@Suite("Job parameter notations: name=value,type,identifying and Spring's JSON notation")
struct JobParameterNotationTests {
    static let samples: [JobParameter] = [
        JobParameter(.string("a,b \"quoted\" ü")), JobParameter(.long(-7), identifying: false), JobParameter(.double(0.5)),
        JobParameter(.localDate(LocalDate("2022-12-12")!), identifying: false), JobParameter(.localDateTime(LocalDateTime("2024-01-31T10:00")!)),
        JobParameter(.localTime(LocalTime("10:00:05")!)), JobParameter(.date(JavaText.parseInstant("2024-01-31T10:00:00Z")!)),
        JobParameter(.string("")), JobParameter(.string("x,java.lang.Long")),
    ]

    @Test("every type round-trips through both notations")
    func roundTrip() throws {
        for parameter in Self.samples {
            #expect(try JobParameters.parse("p=\(parameter.description)").1 == parameter, "\(parameter.description)")
            #expect(try JobParameters.parse("p=\(parameter.jsonNotation)").1 == parameter, "\(parameter.jsonNotation)")
        }
    }

    @Test("the JSON notation as Spring writes and documents it")
    func springJSON() throws {
        #expect(JobParameter(.long(500), identifying: false).jsonNotation == #"{"value":"500","type":"java.lang.Long","identifying":"false"}"#)
        let documented = try JobParameters.parse(#"schedule.date={"value": "2022-12-12", "type":"java.time.LocalDate", "identifying": "false"}"#)
        #expect(documented.0 == "schedule.date")
        #expect(documented.1 == JobParameter(.localDate(LocalDate("2022-12-12")!), identifying: false))
        // type and identifying are optional (String, true); identifying as Java's Boolean.parseBoolean.
        #expect(try JobParameters.parse(#"n={"value":"x"}"#).1 == JobParameter(.string("x")))
        #expect(try JobParameters.parse(#"n={"value":"x","identifying":"no"}"#).1 == JobParameter(.string("x"), identifying: false))
        #expect(try JobParameters.parse(#"n={"value":"1","identifying":true,"type":"long"}"#).1 == JobParameter(.long(1)))
    }

    @Test("a value that merely looks like JSON stays a string")
    func notJSON() throws {
        #expect(try JobParameters.parse(#"n={"other":1}"#).1 == JobParameter(.string(#"{"other":1}"#)))
        #expect(try JobParameters.parse("n={not json}").1 == JobParameter(.string("{not json}")))
    }

    @Test("a bad type or value in JSON notation is refused, naming the argument")
    func badJSON() {
        for argument in [#"n={"value":"x","type":"java.lang.Long"}"#, #"n={"value":"1","type":"java.lang.Integer"}"#] {
            let error = #expect(throws: BatchError.self) { try JobParameters.parse(argument) }
            #expect(error?.code == .invalidParameters)
            #expect(error?.message.contains(argument) == true)
        }
    }
}
