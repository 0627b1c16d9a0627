import Database

/// Where a paged list is: "page 2 of 7" with links to the pages before and after that keep the
/// list's filters. Dashboard URLs number pages from 1 (`?page=2`).
struct PagerView: Sendable {
    /// The page shown, from 1.
    var number: Int
    /// How many pages there are (at least 1, so an empty list is "page 1 of 1").
    var pages: Int
    /// The link to the page before, if any.
    var previousHref: String?
    /// The link to the page after, if any.
    var nextHref: String?
    /// The link to the page shown (what a live region fetches again).
    var href: String

    /// The pager of `page`, linking to `path` with `query` (the filters) and the page number.
    init<Element: Sendable>(_ page: Page<Element>, path: String, query: [(String, String)]) {
        number = page.number + 1
        pages = max(1, page.totalPages)
        func link(_ number: Int) -> String {
            let pairs = query.filter { !$0.1.isEmpty } + (number > 1 ? [("page", String(number))] : [])
            guard !pairs.isEmpty else { return path }
            return path + "?" + pairs.map { "\($0.0)=\(DashboardResponses.queryEscaped($0.1))" }.joined(separator: "&")
        }
        previousHref = number > 1 ? link(min(number - 1, pages)) : nil
        nextHref = number < pages ? link(number + 1) : nil
        href = link(number)
    }

    /// `1 task execution matches.`, `3 task executions match.`
    static func matches(_ total: Int64, _ noun: String) -> String {
        total == 1 ? "1 \(noun) matches." : "\(total) \(noun)s match."
    }

    /// The page a request asks for (`?page=`, from 1) as a ``PageRequest`` of `size`.
    static func request(_ page: Substring?, size: Int = 20) -> PageRequest {
        PageRequest(number: max(1, page.flatMap { Int($0) } ?? 1) - 1, size: size)
    }
}

/// One `<option>` of a `<select>`.
struct SelectOption: Sendable {
    /// The value sent.
    var value: String
    /// The text shown.
    var label: String
    /// Whether it is chosen.
    var selected: Bool

    /// The options of `values` (each its own label), `chosen` selected, after a first "any" option
    /// with the empty value when `any` is given.
    static func list(_ values: [String], chosen: String?, any: String? = nil) -> [SelectOption] {
        (any.map { [SelectOption(value: "", label: $0, selected: (chosen ?? "").isEmpty)] } ?? [])
            + values.map { SelectOption(value: $0, label: $0, selected: $0 == chosen) }
    }
}
