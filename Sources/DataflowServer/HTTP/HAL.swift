import Foundation

/// A HAL link (`{"href": "..."}`), as Spring HATEOAS writes it.
struct Link: Encodable, Sendable, Hashable {
    var href: String
    var templated: Bool?

    init(_ href: String, templated: Bool? = nil) {
        self.href = href
        self.templated = templated
    }
}

/// HAL's `_links`: relation name to link, written in the order given.
struct Links: Encodable, Sendable {
    var relations: [(String, Link)]

    init(_ relations: [(String, Link)]) {
        self.relations = relations
    }

    /// Just `self`.
    static func this(_ href: String) -> Links { Links([("self", Link(href))]) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        for (name, link) in relations { try container.encode(link, forKey: DynamicKey(name)) }
    }
}

/// A coding key made at run time (relation and collection names).
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Spring Data's page metadata.
struct PageMetadata: Encodable, Sendable {
    var size: Int
    var totalElements: Int64
    var totalPages: Int
    var number: Int
}

/// A HAL collection page: `_embedded.<name>` (absent when empty, as Spring HATEOAS writes an
/// empty page), `_links` (self, first, prev, next, last) and `page`.
struct PagedResources<Resource: Encodable & Sendable>: Encodable, Sendable {
    var collection: String
    var elements: [Resource]
    var links: Links
    var page: PageMetadata?

    enum Keys: String, CodingKey { case _embedded, _links, page }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        if !elements.isEmpty {
            var embedded = container.nestedContainer(keyedBy: DynamicKey.self, forKey: ._embedded)
            try embedded.encode(elements, forKey: DynamicKey(collection))
        }
        try container.encode(links, forKey: ._links)
        try container.encodeIfPresent(page, forKey: .page)
    }
}

/// Times as Data Flow 2.11 writes them: ISO-8601 with milliseconds and a numeric UTC offset
/// (`2024-03-13T10:02:28.000+00:00`).
enum WireTime {
    static func string(_ date: Date) -> String {
        let text = date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
    }

    /// The JSON encoder of every response.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(string(date))
        }
        return encoder
    }
}
