import Database
import Foundation

/// Page responses as Spring HATEOAS's assembler writes them: the resources under
/// `_embedded.<collection>` (absent on an empty page), `self` always, and `first`, `prev`,
/// `next`, `last` when there is more than one page, each link keeping the request's filters.
enum Paging {
    static func resources<Element, Resource: Encodable & Sendable>(
        _ page: Page<Element>, _ resources: [Resource], collection: String, path: String, base: RequestBase,
        parameters: RequestParameters
    ) -> PagedResources<Resource> {
        let filters = parameters.pairs.filter { !["page", "size", "sort"].contains($0.0) }
        let sort = parameters.all("sort").filter { !$0.isEmpty }
        func link(_ number: Int) -> Link {
            var items = filters.map { URLQueryItem(name: $0.0, value: $0.1) }
            items += [URLQueryItem(name: "page", value: String(number)), URLQueryItem(name: "size", value: String(page.size))]
            items += sort.map { URLQueryItem(name: "sort", value: $0) }
            var components = URLComponents()
            components.queryItems = items
            return Link(base.url + path + "?" + (components.percentEncodedQuery ?? ""))
        }
        var relations: [(String, Link)] = []
        let pages = page.totalPages
        if pages > 1 { relations.append(("first", link(0))) }
        if page.number > 0, pages > 0 { relations.append(("prev", link(min(page.number - 1, pages - 1)))) }
        relations.append(("self", link(page.number)))
        if page.number + 1 < pages { relations.append(("next", link(page.number + 1))) }
        if pages > 1 { relations.append(("last", link(pages - 1))) }
        return PagedResources(
            collection: collection, elements: resources, links: Links(relations),
            page: PageMetadata(size: page.size, totalElements: page.totalElements, totalPages: pages, number: page.number))
    }
}
