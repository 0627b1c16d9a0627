import Database

/// The paging links of a list page: where it is, how many there are, and the previous and
/// next pages with the page's filters kept.
struct Pager: Sendable {
    /// 1-based page number.
    var number: Int
    /// How many pages.
    var pages: Int
    /// How many rows match the filters.
    var total: Int64
    var previous: String?
    var next: String?
    var show: Bool

    /// - Parameters:
    ///   - path: The list's path.
    ///   - query: The filters, to keep in the links (empty values left out).
    init<Element>(_ page: Page<Element>, path: String, query: [(String, String)]) {
        number = page.number + 1
        total = page.totalElements
        pages = page.size > 0 ? Int((page.totalElements + Int64(page.size) - 1) / Int64(page.size)) : 0
        func link(_ number: Int) -> String {
            let pairs = query.filter { !$0.1.isEmpty } + [("page", String(number)), ("size", String(page.size))]
            return path + "?" + pairs.map { "\($0.0)=\(DashboardResponses.queryEscaped($0.1))" }.joined(separator: "&")
        }
        previous = page.number > 0 ? link(page.number - 1) : nil
        next = page.number + 1 < pages ? link(page.number + 1) : nil
        show = pages > 1
    }

    /// The page request of a list's `page` and `size` query parameters (size 1…100, default 20).
    static func request(page: String?, size: String?) -> PageRequest {
        let number = max(0, Int(page ?? "") ?? 0)
        let size = min(100, max(1, Int(size ?? "") ?? 20))
        return PageRequest(number: min(number, 1_000_000), size: size)
    }
}
