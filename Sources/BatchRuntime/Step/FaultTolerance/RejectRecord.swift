/// One skipped item as a reject file holds it: a JSON object on a line of its own,
/// `{"phase":"read","reason":"ledger.csv:18: expected 2 fields, found 3"}` or
/// `{"phase":"write","reason":"...","item":"Entry(id: 25, amount: -5)"}`.
///
/// The reject file is written with the chunk that skipped its items, before that chunk's
/// transaction commits, and its length is saved in the step's checkpoint; a restart cuts the
/// file back to the committed length before it goes on. So after any crash every skipped item
/// is in the file exactly once.
public struct RejectRecord: Sendable, Hashable {
    /// Where the item failed.
    public enum Phase: String, Sendable, Hashable {
        case read, process, write
    }

    /// Where the item failed.
    public var phase: Phase
    /// Why: the error, with the input's file and line where the reader knows them.
    public var reason: String
    /// The item as `String(describing:)` gives it; nil for a record that could not be read.
    public var item: String?

    /// A record.
    public init(phase: Phase, reason: String, item: String? = nil) {
        self.phase = phase
        self.reason = reason
        self.item = item
    }

    /// The record as one line of JSON, without the newline.
    public var jsonLine: String {
        var text = #"{"phase":"\#(phase.rawValue)","reason":"#
        JSONText.appendString(reason, to: &text)
        if let item {
            text += #","item":"#
            JSONText.appendString(item, to: &text)
        }
        return text + "}"
    }
}
