import Foundation
import Testing

@testable import BatchRuntime

@Suite("ValidatingItemProcessor")
struct ValidatingItemProcessorTests {
    static func positive(_ order: Order) throws {
        guard order.amount > 0 else { throw BatchError(.processFailed, "amount must be positive, was \(order.amount)") }
    }

    @Test("a valid item passes unchanged; an invalid one fails with the validator's reason")
    func failing() throws {
        let processor = ValidatingItemProcessor<Order>(validator: Self.positive)
        #expect(try processor.process(Order(id: 1, amount: 3)) == Order(id: 1, amount: 3))
        let error = #expect(throws: BatchError.self) { try processor.process(Order(id: 7, amount: -3)) }
        #expect(error?.code == .processFailed)
        #expect(error?.message == "invalid item Order(id: 7, amount: -3.0, note: nil): amount must be positive, was -3.0")
        #expect((error?.cause as? BatchError)?.message == "amount must be positive, was -3.0")
    }

    @Test("a filtering processor drops invalid items instead")
    func filtering() throws {
        let processor = ValidatingItemProcessor<Order>(rejecting: .filter, validator: Self.positive)
        #expect(try processor.process(Order(id: 1, amount: 3))?.id == 1)
        #expect(try processor.process(Order(id: 2, amount: 0)) == nil)
    }

    @Test("any error type gives the reason, and long items are cut in the message")
    func otherErrors() throws {
        let processor = ValidatingItemProcessor<String> { text in
            if text.count > 10 { throw Boom(description: "too long") }
        }
        let error = #expect(throws: BatchError.self) { try processor.process(String(repeating: "x", count: 300)) }
        #expect(error?.message == "invalid item \(String(repeating: "x", count: 200))...: \(BatchError.describe(Boom(description: "too long")))")
        #expect(error?.cause is Boom)
    }
}
