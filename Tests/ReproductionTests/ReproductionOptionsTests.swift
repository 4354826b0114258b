import Reproduction
import SurplusCore
import Testing

@Suite struct ReproductionOptionsTests {
    @Test func threadsMustBePositive() {
        #expect(throws: CoreError.self) { try ReproductionOptions(threads: 0) }
    }
}
