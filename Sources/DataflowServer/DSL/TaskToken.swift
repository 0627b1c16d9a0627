/// A token of the task DSL, with its place in the text in UTF-16 code units (as Data Flow's
/// Java tokenizer counts).
struct TaskToken: Equatable, Sendable {
    /// The kinds of token; the names are Data Flow's `TokenKind`s.
    enum Kind: Equatable, Sendable {
        case identifier, literalString
        case doubleMinus, equals, andAnd, doublePipe, arrow
        case openParen, closeParen, star, colon, gt, lt, semicolon, dot

        /// The characters of a fixed token; empty for identifiers and literals.
        var symbol: String {
            switch self {
            case .identifier, .literalString: ""
            case .doubleMinus: "--"
            case .equals: "="
            case .andAnd: "&&"
            case .doublePipe: "||"
            case .arrow: "->"
            case .openParen: "("
            case .closeParen: ")"
            case .star: "*"
            case .colon: ":"
            case .gt: ">"
            case .lt: "<"
            case .semicolon: ";"
            case .dot: "."
            }
        }

        /// How Data Flow names the kind in "Expected '…'" messages: `identifier`, `gt(>)`.
        var expectedName: String {
            let name = switch self {
            case .identifier: "identifier"
            case .literalString: "literal_string"
            case .doubleMinus: "double_minus"
            case .equals: "equals"
            case .andAnd: "andand"
            case .doublePipe: "doublepipe"
            case .arrow: "arrow"
            case .openParen: "open_paren"
            case .closeParen: "close_paren"
            case .star: "star"
            case .colon: "colon"
            case .gt: "gt"
            case .lt: "lt"
            case .semicolon: "semicolon"
            case .dot: "dot"
            }
            return symbol.isEmpty ? name : name + "(" + symbol + ")"
        }
    }

    /// The kind.
    let kind: Kind
    /// The text of an identifier or literal (a literal keeps its quotes); else the symbol.
    let text: String
    /// The offset of the first code unit.
    let start: Int
    /// The offset after the last code unit.
    let end: Int

    init(_ kind: Kind, text: String? = nil, start: Int, end: Int) {
        self.kind = kind
        self.text = text ?? kind.symbol
        self.start = start
        self.end = end
    }
}
