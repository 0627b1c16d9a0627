import Foundation
import Mustache
import Synchronization

/// A view model turned into nested `[String: Any]` dictionaries and arrays before it is
/// rendered, so that every name a template looks up is one dictionary read.
///
/// Written by hand because swift-mustache reads a property of a plain value through `Mirror`
/// at each lookup: it reflects every field of the value to find one by name, and for a name
/// the innermost value lacks (`csrf`, `can.restart` inside a row) it reflects each enclosing
/// value in turn. A page of ten running jobs with their steps spent 40% of its time there.
/// Here each value is reflected once. What a template sees is the same: a nil optional is
/// absent (so the lookup goes on outward, as before), an array stays an array, and strings,
/// numbers, booleans, dates, enums and anything that renders itself are kept as they are.
enum MustacheTree {
    /// `value` with every struct and class (but those that render themselves) as a dictionary
    /// of its stored properties, recursively.
    static func make(_ value: Any) -> Any? {
        switch kind(of: value) {
        case .leaf:
            return value
        case .optional:
            guard let wrapped = Mirror(reflecting: value).children.first?.value else { return nil }
            return make(wrapped)
        case .collection:
            return Mirror(reflecting: value).children.compactMap { make($0.value) }
        case .fields:
            let children = Mirror(reflecting: value).children
            var fields: [String: Any] = [:]
            fields.reserveCapacity(children.count)
            for child in children {
                guard let label = child.label, let field = make(child.value) else { continue }
                fields[label] = field
            }
            return fields
        }
    }

    /// How a value of some type is turned into a tree.
    enum Kind: Sendable {
        /// Kept as it is.
        case leaf
        case optional
        /// An array or a set: its elements in order.
        case collection
        /// A struct or class: its stored properties by name.
        case fields
    }

    /// Kinds by type, worked out once per type: the protocol checks cost more than the lookups
    /// they save when repeated for every value.
    private static let kinds = Mutex<[ObjectIdentifier: Kind]>([:])

    static func kind(of value: Any) -> Kind {
        let type = ObjectIdentifier(Swift.type(of: value))
        if let known = kinds.withLock({ $0[type] }) { return known }
        let kind = classify(value)
        kinds.withLock { $0[type] = kind }
        return kind
    }

    private static func classify(_ value: Any) -> Kind {
        let style = Mirror(reflecting: value).displayStyle
        // First: a cast looks through an optional, so `Int64?` holding 5 would pass as an
        // integer below, and the kind is kept for every value of the type, nil ones too.
        if style == .optional { return .optional }
        switch value {
        case is String, is Substring, is Bool, is any BinaryInteger, is any BinaryFloatingPoint, is Date, is UUID, is URL,
            is any MustacheParent, is any MustacheCustomRenderable, is MustacheLambda, is any CustomStringConvertible & AnyObject:
            return .leaf
        default:
            break
        }
        switch style {
        case .collection, .set: return .collection
        case .struct, .class: return value is any CustomStringConvertible ? .leaf : .fields
        default: return .leaf
        }
    }
}
