import ProgressiveAuction
import Reports
import SurplusCore
import TextFormatting

extension DataExchangeReproduction {
    /// Example 1 of 002 (Sec. 4.3, Table 1) and 001 (Sec. IV-C), `ExchangeMarket.exampleOne`,
    /// settled under the synchronous schedule (the papers' trace).
    struct ExampleOne {
        let market: ExchangeMarket
        let outcome: ExchangeOutcome
        let trace: [ExchangeRound]
        let priorityUnmetA: Double
        let priorityUnsold: Double
        let priorityEfficiency: Double

        init() throws {
            market = try .exampleOne()
            outcome = market.settle(options: .init(schedule: .synchronous, recordTrace: true))
            trace = outcome.trace ?? []
            let priority = market.settle(options: .init(schedule: .priority))
            priorityUnmetA = priority.unmetDemand.first { $0.buyer == "A" }?.quantity ?? 0
            priorityUnsold = priority.unsoldSupply.reduce(0) { $0 + $1.quantity }
            priorityEfficiency = priority.efficiency
        }

        var epsilon: Double { market.epsilon }
        var buyerIDs: [String] { market.buyers.map(\.id) }
        var sellerIDs: [String] { market.sellers.map(\.id) }

        /// Units `buyer` bought from `seller` in the settled exchange.
        func traded(_ seller: String, _ buyer: String) -> Double {
            outcome.trades.filter { $0.seller == seller && $0.buyer == buyer }.reduce(0) { $0 + $1.quantity }
        }

        /// What `buyer` paid per unit over all its trades.
        func unitPrice(_ buyer: String) -> Double {
            let mine = outcome.trades.filter { $0.buyer == buyer }
            return mine.reduce(0) { $0 + $1.payment } / mine.reduce(0) { $0 + $1.quantity }
        }

        /// Seller `seller`'s auction after the clearing of round t (nil if the run ended before).
        func state(_ t: Int, _ seller: String) -> ExchangeRound.SellerState? {
            trace.first { $0.round == t }?.sellers.first { $0.seller == seller }
        }

        /// Tentative allocation of `buyer` at `seller` after the clearing of round t.
        func allocated(_ t: Int, _ seller: String, _ buyer: String) -> Double {
            guard let s = state(t, seller) else { return .nan }
            return s.bids.filter { $0.buyer == buyer }.reduce(0) { $0 + $1.allocated }
        }

        /// Example 1's final allocation in the layout of Table 1: a row per seller, a column per buyer,
        /// with each seller's reserve and the unit price each buyer paid.
        var allocationTable: ReportTable {
            let rows = sellerIDs.map { seller in
                [seller] + buyerIDs.map { Format.fixed(traded(seller, $0), 0) }
                    + [outcome.reservePrices.first { $0.seller == seller }.map { Format.fixed($0.price, 2) } ?? "-"]
            }
            let prices = ["unit price paid"] + buyerIDs.map { Format.fixed(unitPrice($0), 3) } + [""]
            return ReportTable(
                title: "Example 1, settled by Surplus (synchronous schedule): units each seller gives each buyer",
                header: ["seller"] + buyerIDs + ["reserve p_*^j"], rows: rows + [prices])
        }

        static let exact = "allocations and reserves are sums of a few whole units and of 1 + epsilon; 1e-9 allows for floating-point rounding"

        func comparisons() -> [Comparison] {
            let eps = epsilon
            var out: [Comparison] = []
            let published = Published001.finalAllocation
            for p in published {
                out.append(.number(
                    "Example 1 final allocation: \(p.seller) to \(p.buyer)", location: "002 Sec. 4.3 (Table 1); 001 Sec. IV-C",
                    published: p.units, surplus: traded(p.seller, p.buyer), tolerance: 1e-9, format: .plain(2),
                    why: Self.exact, whyDiffers: "the synchronous opt-out dynamics settle elsewhere with these rules"))
            }
            let listed = Set(published.map { "\($0.seller)/\($0.buyer)" })
            let other = outcome.trades.filter { !listed.contains("\($0.seller)/\($0.buyer)") }.reduce(0) { $0 + $1.quantity }
            out.append(.number(
                "Example 1 final allocation: every other seller-buyer pair (ISP included)", location: "002 Sec. 4.3",
                published: 0, surplus: other, tolerance: 1e-9, format: .plain(2),
                why: Self.exact, whyDiffers: "data went to pairs the paper's final allocation does not list"))
            let price = Published001.finalPrice
            let printedPrice = "\(price.printed) = \(Format.fixed(price.value(epsilon: eps), 2))"
            for (s, r) in outcome.reservePrices {
                out.append(.number(
                    "Example 1 final reserve price p_*^j of \(s)", location: "002 Sec. 4.3, eq. (20)",
                    published: price.value(epsilon: eps), printed: printedPrice, surplus: r,
                    tolerance: 1e-9, format: .plain(2), why: Self.exact,
                    whyDiffers: "the highest losing bid of (20) is not A's price 1 under the chosen reserve rule"))
            }
            for b in buyerIDs {
                out.append(.number(
                    "Example 1 unit price paid by \(b)", location: "002 Sec. 4.3 (\"p^(j) = \(price.printed)\")",
                    published: price.value(epsilon: eps), printed: printedPrice, surplus: unitPrice(b),
                    tolerance: 1e-9, format: .plain(3),
                    why: "rule (6) with the seller's reserve as a bidder for its own data; " + Self.exact,
                    whyDiffers: "A values data at 1 < 1 + epsilon, and rule (6) never charges a unit more than the buyer's own bid "
                        + "(payment rule `reserveAsBidder`): charging A 1 + epsilon, as the trace's \"A bids p^(1)\" implies, "
                        + "would give A negative utility and contradict the papers' own individual-rationality claim (Sec. 4.3.1)"))
            }
            out.append(.number(
                "Example 1 end of the auction t", location: "002 Sec. 4.3 (\"At t = 4 the auction ends\")",
                published: Double(Published001.endRound), surplus: Double(outcome.rounds + 1), tolerance: 0, format: .plain(0),
                why: "\(outcome.rounds) clearings, the last with no re-bid, plus the round that confirms it, as the papers count (`ExchangeOutcome.rounds` + 1)",
                whyDiffers: "the synchronous run took \(outcome.rounds) clearings (+1 confirming round)"))
            out += traceComparisons()
            return out
        }

        /// The round-by-round trace printed in 002 Sec. 4.3 (t = 1, 2, 3).
        func traceComparisons() -> [Comparison] {
            let location = "002 Sec. 4.3 trace; 001 Sec. IV-C"
            let eps = epsilon
            typealias Trace = Published001.Trace
            let remaining = { (t: Int, s: String) in state(t, s)?.remaining ?? .nan }
            return [
                .number(
                    "trace t = 1: B's tentative allocation at S2", location: location,
                    published: Trace.round1AllocationOfBAtS2, surplus: allocated(1, "S2", "B"), tolerance: 1e-9, format: .plain(2), why: Self.exact,
                    whyDiffers: "rule (5) serves E, D and C first (14 + 20 + 26 = 60 of 85) and gives B, the next price (1.2), "
                        + "the 85 - 60 = 25 units left; 20 would leave 5 units unsold while A and B still bid: a slip of the trace"),
                .number(
                    "trace t = 1: S2's reserve price", location: location,
                    published: Trace.round1ReserveOfS2.value(epsilon: eps), printed: Trace.round1ReserveOfS2.printed,
                    surplus: state(1, "S2")?.reservePrice ?? .nan,
                    tolerance: 1e-9, format: .plain(2), why: "A (price 1) is the highest excluded bid; " + Self.exact,
                    whyDiffers: "the highest losing bid differs under the chosen reserve rule"),
                .number(
                    "trace t = 2: A's tentative allocation at S1", location: location,
                    published: Trace.round2AllocationOfAAtS1, surplus: allocated(2, "S1", "A"), tolerance: 1e-9, format: .plain(2), why: Self.exact,
                    whyDiffers: "the t = 1 responses differ from the paper's"),
                .number(
                    "trace t = 2: B's tentative allocation at S1", location: location,
                    published: Trace.round2AllocationOfBAtS1, surplus: allocated(2, "S1", "B"), tolerance: 1e-9, format: .plain(2), why: Self.exact,
                    whyDiffers: "the t = 1 responses differ from the paper's"),
                .number(
                    "trace t = 2: S1's reserve price", location: location,
                    published: Trace.round2ReserveOfS1.value(epsilon: eps), printed: Trace.round2ReserveOfS1.printed,
                    surplus: state(2, "S1")?.reservePrice ?? .nan,
                    tolerance: 1e-9, format: .plain(2), why: "A (price 1) is the partly served bid; " + Self.exact,
                    whyDiffers: "the highest losing bid differs under the chosen reserve rule"),
                .number(
                    "trace t = 2: data left at S2, D^(2)", location: location,
                    published: Trace.round2RemainingAtS2, surplus: remaining(2, "S2"), tolerance: 1e-9, format: .plain(2), why: "85 - 60; " + Self.exact,
                    whyDiffers: "the t = 1 responses differ from the paper's"),
                .number(
                    "trace t = 3: data left at S1, D^(1)", location: location,
                    published: Trace.round3RemainingAtS1, surplus: remaining(3, "S1"), tolerance: 1e-9, format: .plain(2), why: Self.exact,
                    whyDiffers: "S1 holds A's 25 and B's 40, all of its 65 units, as the paper's own t = 3 bid vector "
                        + "s^(1) = [(25, p), (40, p), 0, 0, 0] says: 65 - 40 - 25 = 0 left; 50 is a slip of the trace"),
                .number(
                    "trace t = 3: data left at S2, D^(2)", location: location,
                    published: Trace.round3RemainingAtS2, surplus: remaining(3, "S2"), tolerance: 1e-9, format: .plain(2), why: "A takes the 25 units left; " + Self.exact,
                    whyDiffers: "the t = 2 responses differ from the paper's"),
            ]
        }

        /// Bars per buyer, one series per seller: Example 1's final allocation.
        func tradesFigure() -> Figure {
            let series = sellerIDs.map { s in
                Series(s, style: .bars, y: buyerIDs.map { traded(s, $0) })
            }
            return Figure(
                id: "001-exchange-trades",
                caption: """
                    Example 1 (002 Sec. 4.3, Table 1): units each buyer bought from each seller when the synchronous \
                    exchange settles, to set beside the paper's final allocation \(Self.publishedAllocationText) (the bar \
                    heights are Surplus's; the comparisons table gives each difference).
                    """,
                chart: Chart(
                    title: "Example 1: final allocation",
                    x: Axis("buyer", categories: buyerIDs),
                    y: Axis("data bought", unit: "units", lowerBound: 0),
                    series: series))
        }

        /// Table 1's final allocation as the caption lists it: "S1: A 25, B 40; S2: ...".
        static var publishedAllocationText: String {
            let sellers = Published001.finalAllocation.map(\.seller).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            return sellers.map { seller in
                seller + ": " + Published001.finalAllocation.filter { $0.seller == seller }
                    .map { "\($0.buyer) \(Format.fixed($0.units, 0))" }.joined(separator: ", ")
            }.joined(separator: "; ")
        }

        /// Data left unallocated and reserve prices after each clearing.
        func traceFigure() -> Figure {
            typealias T = Published001.Trace
            let n = { (x: Double) in Format.fixed(x, 0) }
            let s2Supply = market.sellers.first { $0.id == "S2" }?.quantity ?? 0
            let rounds = trace.filter { !$0.sellers.isEmpty }
            let t = rounds.map { Double($0.round) }
            let series = sellerIDs.map { s in
                Series("\(s): data left", style: .line, x: t, y: rounds.map { r in r.sellers.first { $0.seller == s }?.remaining ?? 0 })
            }
            return Figure(
                id: "001-exchange-trace",
                caption: """
                    Example 1's trace (002 Sec. 4.3): data each seller has not allocated, even tentatively, after the \
                    clearing of round t. The paper prints \(n(T.round2RemainingAtS2)) left at S2 for t = 2, \
                    \(n(T.round3RemainingAtS2)) at S2 and \(n(T.round3RemainingAtS1)) at S1 for t = 3, and its t = 1 line \
                    gives B \(n(T.round1AllocationOfBAtS2)) of S2's \(n(s2Supply)) units; look at when each line reaches 0. \
                    The last round drawn is the clearing after which nobody re-bids; the papers count one more round \
                    ("t = \(Published001.endRound)").
                    """,
                chart: Chart(
                    title: "Example 1: data left after each clearing",
                    x: Axis("clearing round t", discrete: true),
                    y: Axis("data not allocated", unit: "units", lowerBound: 0),
                    series: series))
        }
    }
}
