import Foundation

/// One page of a list, as Data Flow's REST API asks for it: a 0-based page number, a size and
/// sort orders (`sort=START_TIME,desc`).
///
/// Lists that are read deep into their history should prefer keyset paging (`beforeId`),
/// which costs the same on every page; page numbers cost an index walk to their offset.
public struct PageRequest: Sendable, Hashable {
    /// The 0-based page number.
    public var number: Int
    /// Elements per page.
    public var size: Int
    /// Sort orders, most significant first; empty means the list's default (newest first).
    public var sort: [SortOrder]

    /// The largest page size served (Data Flow's shell asks for 2,000 in one call).
    public static let maximumSize = 10_000

    /// Creates a request; the number and size are clamped to sensible values.
    public init(number: Int = 0, size: Int = 20, sort: [SortOrder] = []) {
        self.number = max(0, number)
        self.size = min(max(1, size), Self.maximumSize)
        self.sort = sort
    }

    /// The number of elements before this page.
    public var offset: Int { number.multipliedReportingOverflow(by: size).overflow ? Int.max : number * size }
}

/// One sort order: a property (a column name such as `START_TIME`, or its camel-case form
/// `startTime`) and a direction.
public struct SortOrder: Sendable, Hashable, CustomStringConvertible {
    /// The property as given.
    public var property: String
    /// Ascending (`asc`) or descending (`desc`).
    public var ascending: Bool

    /// Creates an order.
    public init(_ property: String, ascending: Bool = true) {
        self.property = property
        self.ascending = ascending
    }

    /// Parses Spring Data's form: `PROPERTY`, `PROPERTY,asc` or `PROPERTY,desc` (any case).
    /// - Returns: nil for an empty property or an unknown direction.
    public static func parse(_ text: String) -> SortOrder? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let property = parts.first, !property.isEmpty, parts.count <= 2 else { return nil }
        guard parts.count == 2 else { return SortOrder(property) }
        switch parts[1].lowercased() {
        case "asc": return SortOrder(property, ascending: true)
        case "desc": return SortOrder(property, ascending: false)
        default: return nil
        }
    }

    /// `PROPERTY,asc` or `PROPERTY,desc`.
    public var description: String { "\(property),\(ascending ? "asc" : "desc")" }
}

/// One page of results with the totals Data Flow's `page` object carries.
public struct Page<Element: Sendable>: Sendable {
    /// The elements of this page, in order.
    public var elements: [Element]
    /// The 0-based page number.
    public var number: Int
    /// The requested page size.
    public var size: Int
    /// How many elements all pages hold together.
    public var totalElements: Int64

    /// Creates a page.
    public init(elements: [Element], number: Int, size: Int, totalElements: Int64) {
        self.elements = elements
        self.number = number
        self.size = size
        self.totalElements = totalElements
    }

    /// How many pages there are (0 for an empty list).
    public var totalPages: Int {
        size > 0 ? Int((totalElements + Int64(size) - 1) / Int64(size)) : 0
    }

    /// The same page with each element transformed.
    public func map<T: Sendable>(_ transform: (Element) throws -> T) rethrows -> Page<T> {
        Page<T>(elements: try elements.map(transform), number: number, size: size, totalElements: totalElements)
    }
}
