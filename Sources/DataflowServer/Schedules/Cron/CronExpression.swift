/// A cron expression: the times a task schedule fires, as Spring's `CronExpression` and Unix
/// cron write them.
///
/// Two forms are accepted:
/// - Spring's six fields, `second minute hour day-of-month month day-of-week`
///   (`0 0 9-17 * * MON-FRI`), and Spring's macros `@yearly` (`@annually`), `@monthly`,
///   `@weekly`, `@daily` (`@midnight`) and `@hourly`, which stand for six-field expressions;
/// - Unix cron's five fields, `minute hour day-of-month month day-of-week`, as Data Flow users
///   write them for Kubernetes CronJobs (`30 2 * * 1-5`); they fire at second 0.
///
/// Each field is `*` or a list of elements `a,b,...`; an element is a value `a`, a range `a-b`,
/// or a step `*/n`, `a/n` (from `a` to the field's end) or `a-b/n`. Months may be named `JAN`
/// to `DEC` and days of the week `SUN` to `SAT` (any case); 0 and 7 are both Sunday. The day
/// fields also accept `?` (as `*`), and Quartz's constructs as Spring reads them: `L` (the last
/// day of the month), `L-n` (n days before it), `nW` (the weekday nearest day n, never in
/// another month), `LW` (the last weekday), and in the day of the week `dL` (the last `d` of
/// the month: `5L`, `FRIL`) and `d#n` (the nth `d` of the month: `MON#1`).
///
/// **Day of month and day of week.** In the six-field form a day must match both fields, as in
/// Spring (`0 0 0 13 * FRI` fires on Friday the 13th). In the five-field form, when both fields
/// are restricted (neither is written `*` or `?`), a day matches if either matches, as in
/// Vixie cron, croniter and Kubernetes (`0 0 13 * FRI` fires on every 13th and every Friday).
///
/// **Time zones and daylight saving.** Fields match the wall clock of the zone passed to
/// ``next(after:in:)``. A wall time fires at the first instant the clock shows it or a later
/// time: a time skipped by a spring-forward gap fires when the gap ends (`0 30 2 * * *` fires at
/// 03:00 on the day Berlin's clocks go from 02:00 to 03:00), and times skipped together fire
/// once; a time repeated by a fall-back overlap fires once, at its first occurrence (the second
/// pass through the repeated hour fires nothing).
///
/// ```swift
/// let weekdays = try CronExpression("0 0 9-17 * * MON-FRI")
/// let berlin = TimeZone(identifier: "Europe/Berlin")!
/// let next = weekdays.next(after: .now, in: berlin)
/// print(weekdays)  // 0 0 9-17 * * MON-FRI
/// ```
public struct CronExpression: Hashable, Sendable, CustomStringConvertible {
    /// How an expression is written.
    public enum Form: Hashable, Sendable {
        /// Spring's six fields, seconds first (and Spring's macros).
        case spring
        /// Unix cron's five fields, minutes first; second 0.
        case unix
    }

    /// How the expression is written: its fields and its day-of-month and day-of-week rule.
    public let form: Form
    let seconds: CronBits
    let minutes: CronBits
    let hours: CronBits
    let daysOfMonth: CronDaysOfMonth
    let months: CronBits
    let daysOfWeek: CronDaysOfWeek
    /// Whether the Unix day-of-month field restricts the day (is not `*` or `?`); false for Spring's form.
    let daysOfMonthRestricted: Bool
    /// Whether the Unix day-of-week field restricts the day (is not `*` or `?`); false for Spring's form.
    let daysOfWeekRestricted: Bool

    /// Parses a cron expression: six fields, five fields or a macro (see ``CronExpression``).
    /// Whitespace around and between the fields is ignored.
    /// - Parameter text: The expression, for example `0 0/30 8-10 * * *` or `30 2 * * 1-5`.
    /// - Throws: ``CronExpressionError`` naming the field, the offending part and its position,
    ///   and what is accepted there.
    public init(_ text: String) throws(CronExpressionError) {
        self = try CronParser(expression: text).parse()
    }

    init(
        form: Form, seconds: CronBits, minutes: CronBits, hours: CronBits, daysOfMonth: CronDaysOfMonth, months: CronBits,
        daysOfWeek: CronDaysOfWeek, daysOfMonthRestricted: Bool, daysOfWeekRestricted: Bool
    ) {
        self.form = form
        self.seconds = seconds
        self.minutes = minutes
        self.hours = hours
        self.daysOfMonth = daysOfMonth
        self.months = months
        self.daysOfWeek = daysOfWeek
        self.daysOfMonthRestricted = daysOfMonthRestricted
        self.daysOfWeekRestricted = daysOfWeekRestricted
    }

    /// The days of `month` in `year` the expression fires on, as bits 1 to 31.
    func days(year: Int, month: Int) -> UInt32 {
        let ofMonth = daysOfMonth.days(year: year, month: month)
        let ofWeek = daysOfWeek.days(year: year, month: month)
        return daysOfMonthRestricted && daysOfWeekRestricted ? ofMonth | ofWeek : ofMonth & ofWeek
    }
}
