import Reproduction
import SurplusCore
import Testing

@Suite struct ReproductionOptionsTests {
    @Test func threadsMustBePositive() {
        #expect(throws: InputError.self) { try RunOptions(threads: 0) }
    }
}
