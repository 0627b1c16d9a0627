import Foundation
import Mustache

/// The dashboard's HTML templates (Mustache, from the module's `dashboard/templates`
/// resources), parsed once at start.
///
/// Mustache, through swift-mustache (Hummingbird's own), rather than HTML written in Swift:
/// the markup stays readable HTML that a designer can change, every `{{value}}` is HTML-escaped
/// unless written `{{{value}}}`, and the templates hold no logic, so what a page shows is
/// decided in Swift view models that tests can check without a browser.
struct DashboardTemplates: Sendable {
    private let library: MustacheLibrary

    /// Parses every template.
    /// - Throws: ``ServerError`` when the resources are missing or a template does not parse.
    static func load() throws -> DashboardTemplates {
        guard let directory = Bundle.module.url(forResource: "dashboard", withExtension: nil)?.appendingPathComponent("templates") else {
            throw ServerError(.internalError, "The dashboard's templates are missing from the server's resources")
        }
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }
        for file in names {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                throw ServerError(.internalError, "The dashboard template \(file) does not parse: \(error)")
            }
        }
        return DashboardTemplates(library: library)
    }

    /// `model` rendered with the template `name` (as a ``MustacheTree``).
    func render(_ model: Any, _ name: String) -> String {
        library.render(MustacheTree.make(model) ?? model, withTemplate: name) ?? "<p>missing template \(name)</p>"
    }
}
