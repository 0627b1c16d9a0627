import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An SVG document read back with Foundation's XML parser, for checking what a chart drew:
/// parsing fails on anything that is not well-formed XML.
struct SVGElement: Equatable {
    var name: String
    var attributes: [String: String]
    var children: [SVGElement] = []
    var text = ""

    /// The element and all its descendants named `name`, in document order.
    func all(_ name: String) -> [SVGElement] {
        (self.name == name ? [self] : []) + children.flatMap { $0.all(name) }
    }

    /// The first descendant (or self) with `name` whose class list holds `className`.
    func first(_ name: String, class className: String) -> SVGElement? {
        all(name).first { $0.classes.contains(className) }
    }

    /// The element's class list.
    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }

    /// The text of its `<title>` child, if it has one.
    var title: String? { children.first { $0.name == "title" }?.text }

    /// All text inside the element.
    var allText: String { text + children.map(\.allText).joined() }

    /// Parses `svg`.
    static func parse(_ svg: String) throws -> SVGElement {
        let builder = TreeBuilder()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw ParseFailure(message: "\(parser.parserError.map(String.init(describing:)) ?? "no root element") in \(svg)")
        }
        return root
    }

    struct ParseFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [SVGElement] = []
        var root: SVGElement?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            stack.append(SVGElement(name: elementName, attributes: attributeDict))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            let element = stack.removeLast()
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        }
    }
}
