/// The numbers papers 001 and 002 print for Example 1 (002 Sec. 4.3, Table 1;
/// 001 Sec. IV-C), as printed, slips included. Read by the 001/002 section and its tests.
package enum Published001 {
    /// A price the papers print as `units` + epsilon.
    package struct EpsilonPrice: Sendable {
        package let units: Double
        /// As the papers write it.
        package let printed: String
        /// The price at a given epsilon.
        package func value(epsilon: Double) -> Double { units + epsilon }
    }

    /// One entry of the final allocation: `units` of `seller`'s data to `buyer`.
    package struct Allocation: Sendable {
        package let seller: String
        package let buyer: String
        package let units: Double
    }

    /// Table 1's final allocation; every pair not listed gets nothing.
    package static let finalAllocation = [
        Allocation(seller: "S1", buyer: "A", units: 25), Allocation(seller: "S1", buyer: "B", units: 40),
        Allocation(seller: "S2", buyer: "A", units: 25), Allocation(seller: "S2", buyer: "C", units: 26),
        Allocation(seller: "S2", buyer: "D", units: 20), Allocation(seller: "S2", buyer: "E", units: 14),
    ]

    /// "p^(j) = 1 + epsilon": every seller's final reserve and every buyer's unit price.
    package static let finalPrice = EpsilonPrice(units: 1, printed: "1 + epsilon")

    /// "At t = 4 the auction ends".
    package static let endRound = 4

    /// The round-by-round trace of 002 Sec. 4.3: tentative allocations, reserves
    /// and data left, D^(j), after the clearing of round t.
    package enum Trace {
        /// t = 1, B at S2 (a slip: rule (5) leaves B the 25 units E, D and C do not take).
        package static let round1AllocationOfBAtS2 = 20.0
        package static let round1ReserveOfS2 = EpsilonPrice(units: 1, printed: "1 + epsilon")
        package static let round2AllocationOfAAtS1 = 25.0
        package static let round2AllocationOfBAtS1 = 40.0
        package static let round2ReserveOfS1 = EpsilonPrice(units: 1, printed: "1 + epsilon")
        package static let round2RemainingAtS2 = 25.0
        /// A slip: S1 holds A's 25 and B's 40, all of its 65 units.
        package static let round3RemainingAtS1 = 50.0
        package static let round3RemainingAtS2 = 0.0
    }
}
