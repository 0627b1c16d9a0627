import Testing
@testable import DataflowServer

@Suite("Cron expression descriptions")
struct CronDescriptionTests {
    static let normalForms: [(String, String)] = [
        ("0 0 * * * *", "0 0 * * * *"),
        ("*/10 * * * * *", "*/10 * * * * *"),
        ("0 0 8-10 * * *", "0 0 8-10 * * *"),
        ("0 0 6,19 * * *", "0 0 6,19 * * *"),
        ("0 0/30 8-10 * * *", "0 0,30 8-10 * * *"),
        ("0 0/15 8-10 * * *", "0 */15 8-10 * * *"),
        ("0 0 9-17 * * MON-FRI", "0 0 9-17 * * MON-FRI"),
        ("0 0 0 25 12 ?", "0 0 0 25 DEC *"),
        ("0 0 0 L * *", "0 0 0 L * *"),
        ("0 0 0 L-3 * *", "0 0 0 L-3 * *"),
        ("0 0 0 1w * *", "0 0 0 1W * *"),
        ("0 0 0 lw * *", "0 0 0 LW * *"),
        ("0 0 0 * * 5L", "0 0 0 * * FRIL"),
        ("0 0 0 ? * 5#2", "0 0 0 * * FRI#2"),
        ("0 0 0 ? * mon#1", "0 0 0 * * MON#1"),
        ("0 0 0 15,L,10W * *", "0 0 0 15,L,10W * *"),
        ("5/20 * * * * *", "5/20 * * * * *"),
        ("0 10-40/15 * * * *", "0 10-40/15 * * * *"),
        ("0 0 1,3-4,*/12 * * *", "0 0 0,1,3,4,12 * * *"),
        ("0 0 0 1 */3 *", "0 0 0 1 */3 *"),
        ("0 0 0 1 FEB/3 *", "0 0 0 1 FEB/3 *"),
        ("0 0 0 1 jan-mar *", "0 0 0 1 JAN-MAR *"),
        ("0 0 0 * * 0,7", "0 0 0 * * SUN"),
        ("0 0 0 * * SUN-SAT", "0 0 0 * * *"),
        ("0 0 0 * * */2", "0 0 0 * * SUN,MON,WED,FRI"),
        ("0 0 * * */2", "0 0 * * SUN,TUE,THU,SAT"),
        ("0 0 * * SUN-SAT", "0 0 * * SUN-SAT"),
        ("0 0 1-31 * MON", "0 0 1-31 * MON"),
        ("0 0 ? * ?", "0 0 * * *"),
        ("@yearly", "0 0 0 1 JAN *"),
        ("@monthly", "0 0 0 1 * *"),
        ("@weekly", "0 0 0 * * SUN"),
        ("@daily", "0 0 0 * * *"),
        ("@hourly", "0 0 * * * *"),
        ("  30\t2 * *   1-5 ", "30 2 * * MON-FRI"),
    ]

    @Test("descriptions are normal forms")
    func normalForms() throws {
        for (text, normal) in Self.normalForms {
            #expect(try CronExpression(text).description == normal, "\(text)")
        }
    }

    @Test("a description parses back to an equal expression with the same description")
    func roundTrip() throws {
        var generator = CronExpressionGenerator(seed: 42)
        generator.quartz = true
        let texts = (0..<300).map { $0 % 2 == 0 ? generator.unix() : generator.spring() } + Self.normalForms.map(\.0)
        for text in texts {
            let expression = try CronExpression(text)
            let again = try CronExpression(expression.description)
            #expect(again == expression, "\(text) printed as \(expression.description)")
            #expect(again.description == expression.description)
        }
    }

    @Test("equal expressions are the same schedule written differently")
    func equality() throws {
        #expect(try CronExpression("@daily") == CronExpression("0 0 0 ? * *"))
        #expect(try CronExpression("0 0 0 * * 7") == CronExpression("0 0 0 * * sun"))
        #expect(try CronExpression("0 0-59/30 * * * *") == CronExpression("0 0,30 * * * *"))
        #expect(try CronExpression("0 0 0 * * *") != CronExpression("0 0 0 * * 1"))
        #expect(try CronExpression("0 0 * * * *") != CronExpression("0 * * * *"))
        #expect(try Set([CronExpression("@hourly"), CronExpression("0 0 * * * *")]).count == 1)
    }
}
