import HashTreeCollections
import Ledger
import ProgressiveAuction
import SurplusCore

/// The settings of a live data exchange: the body of `surplus exchange`'s scenario without
/// its sellers and buyers, who come as orders (papers 001, 002).
public struct ExchangeRules: Sendable, Hashable, Codable {
    /// epsilon > 0, the bid fee and reserve increment.
    public var epsilon: Double
    /// p^kappa > 0, the ISP's unit price; nil: no ISP fallback.
    public var ispPrice: Double?
    public var schedule: ExchangeSchedule?
    public var reserveRule: ReserveRule?
    public var paymentRule: PaymentRule?

    /// - Throws: ``InputError`` naming `epsilon` or `ispPrice`.
    public init(epsilon: Double, ispPrice: Double? = nil, schedule: ExchangeSchedule? = nil,
                reserveRule: ReserveRule? = nil, paymentRule: PaymentRule? = nil) throws {
        try Validate.positive(epsilon, "epsilon")
        if let ispPrice { try Validate.positive(ispPrice, "ispPrice") }
        self.epsilon = epsilon
        self.ispPrice = ispPrice
        self.schedule = schedule
        self.reserveRule = reserveRule
        self.paymentRule = paymentRule
    }

    /// The scenario `surplus exchange` would settle for these sellers and buyers.
    func scenario(sellers: [ExchangeSeller], buyers: [ExchangeBuyer]) -> ExchangeScenario {
        var scenario = ExchangeScenario(epsilon: epsilon, ispPrice: ispPrice, sellers: sellers, buyers: buyers)
        scenario.schedule = schedule
        scenario.reserveRule = reserveRule
        scenario.paymentRule = paymentRule
        return scenario
    }
}

/// A manual buyer's bid on one seller: `quantity` units at `unitPrice`.
public struct ManualBid: Codable, Sendable, Hashable {
    /// The most bids one order may hold (one per seller).
    public static let maximumCount = 1_000
    /// The seller: a participant with an offer in the session.
    public var seller: AccountID
    public var quantity: Double
    public var unitPrice: Double
    public init(seller: AccountID, quantity: Double, unitPrice: Double) {
        self.seller = seller
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    /// The same bid as the exchange engine takes it (the seller by its participant id).
    var engineBid: ExchangeBuyer.FixedBid { ExchangeBuyer.FixedBid(seller: seller.rawValue, quantity: quantity, unitPrice: unitPrice) }
}

/// An order on a live exchange: a seller's offer of D^j units or a buyer's bid for D_i
/// units worth `unitPrice` each, managed (the opt-out strategy, Algorithm 2, bids on its
/// behalf) or manual (its own `bids` per seller, held until it replaces them).
public struct ExchangeOrder: Sendable, Hashable, Codable {
    public enum Side: String, Sendable, Hashable, Codable { case offer, bid }
    public let id: OrderID
    public let participant: AccountID
    public var side: Side
    /// D^j for an offer, D_i for a bid.
    public var quantity: Double
    /// theta_i' for a bid; nil for an offer.
    public var unitPrice: Double?
    /// A manual buyer's bids (`[]`: none yet); nil for a managed bid or an offer.
    public var bids: [ManualBid]?
    /// How often the order was replaced (part of its hold's transfer id).
    public var version: Int
    /// A bid's hold and the funds it reserves.
    public var hold: TransferID?
    public var held: Amount?
}

/// A closed round of an exchange session.
public struct ExchangeRoundRecord: Sendable, Equatable, Codable {
    /// The round's number in the market (1, 2, ... across sessions).
    public var round: Int
    /// The session (1, 2, ...) and the round's number t within it.
    public var session: Int
    public var roundInSession: Int
    /// SHA-256 of the canonical encoding of the round's inputs (``ExchangeSession``).
    public var inputHash: String
    /// Every seller's book after this round's clearing (allocations, reserves), as the
    /// engine's trace records it; nil when the round had no seller or no buyer.
    public var books: ExchangeRound?
    public var settled: Bool
    /// The session's trades, when it settled in this round.
    public var trades: [LiveTrade]
    /// The engine's summary of the settled session (the JSON `surplus exchange` prints).
    public var summary: ExchangeSummary?
}

/// A command to an ``ExchangeSession``.
public enum ExchangeCommand: Sendable, Hashable {
    /// A seller puts D^j = `quantity` units on sale for this session.
    case offer(seller: AccountID, quantity: Double)
    /// A buyer wants `demand` units, worth `unitPrice` each: managed (`bids` nil; its hold
    /// reserves ceil(demand * min(unitPrice, p^kappa)) micro-units) or manual, bidding
    /// `bids` itself (at most `demand` units in all, one bid per seller with an offer on
    /// file; its hold reserves ceil(demand * min(max(unitPrice, its highest bid price), p^kappa))).
    case bid(buyer: AccountID, demand: Double, unitPrice: Double, bids: [ManualBid]? = nil)
    /// The owner changes an offer's quantity.
    case replaceOffer(OrderID, participant: AccountID, quantity: Double)
    /// The owner changes a bid, managed or manual as `bids` says (its hold is released and
    /// placed again for the new bid).
    case replaceBid(OrderID, participant: AccountID, demand: Double, unitPrice: Double, bids: [ManualBid]? = nil)
    /// The owner withdraws an order (a bid's hold is released).
    case cancel(OrderID, participant: AccountID)
    /// Runs one more round of Algorithm 3 on the orders on file; settles the session when
    /// the round changes no bid.
    case closeRound

    /// Whether the command closes the open round.
    public var closesRound: Bool {
        if case .closeRound = self { true } else { false }
    }
}

/// A live data exchange (papers 001, 002) as a value-type state machine: orders and round
/// closes in, events and ledger transfers out. See <doc:LiveMarkets> for the postings.
///
/// **Rounds.** A session collects offers and bids, managed or manual. Closing its t-th round
/// runs the exchange engine (`ExchangeMarket.settle`, the code `surplus exchange` runs:
/// Algorithm 3's clearing, Algorithm 2's re-bids for managed buyers, manual bids held as
/// they are) on the orders on file for at most t rounds from t = 0 (step-wise: the session
/// keeps the engine's `ExchangeRun` and advances it one round per close). When
/// the engine reports that round t changed no bid, the session settles: PSP payments (rule
/// (6)), the ISP fallback for unmet demand (Remark 4), holds released, unsold data expired;
/// the next session starts with empty books. So a session whose orders do not change settles
/// exactly as `surplus exchange` settles the same scenario; an order placed, replaced or
/// cancelled mid-session restarts the dynamics from t = 0 on the new orders.
///
/// **Determinism.** Orders enter the engine sorted by participant id (sellers and buyers),
/// so the order of submission does not matter. Each closed round records the SHA-256 of the
/// canonical encoding (`CanonicalEncoder`) of: the market id, the rules, the session, t,
/// and every order (participant, side, quantity, unit price) in that order.
public struct ExchangeSession: Sendable {
    public let market: MarketID
    public let rules: ExchangeRules
    /// The current session, from 1.
    public private(set) var session = 1
    /// Rounds closed in the current session.
    public private(set) var roundInSession = 0
    /// Every closed round, oldest first.
    public private(set) var rounds = History<ExchangeRoundRecord>()
    /// The open orders of the current session, by id.
    public private(set) var orders: TreeDictionary<OrderID, ExchangeOrder> = [:]
    /// Each open order's id by its participant (one order per participant and session).
    private var orderOf: TreeDictionary<AccountID, OrderID> = [:]
    private var nextOrder = 1
    private var log = CommandLog()
    /// The engine's run of this session after `roundInSession` rounds, kept so that a close
    /// advances it by one round instead of running t rounds from t = 0 (the same state,
    /// `ExchangeRun`). Not part of the market's state: a session rebuilt by replaying its
    /// commands rebuilds it, and any order placed, replaced or cancelled resets
    /// `roundInSession` to 0, which retires it.
    private var run: ExchangeRun?

    public init(market: MarketID, rules: ExchangeRules) {
        self.market = market
        self.rules = rules
    }

    /// The number the next closed round will have.
    public var currentRound: Int { rounds.count + 1 }

    /// Applies `command` sent with `id`. A command whose id was applied before (in the open
    /// round or the one closed last: `CommandLog`) changes nothing and returns the first
    /// outcome; a refused one changes nothing at all.
    /// - Throws: ``InputError`` naming the bad field, or ``LiveMarketError``.
    public mutating func apply(_ command: ExchangeCommand, id: CommandID) throws -> CommandOutcome {
        let fingerprint = Self.fingerprint(command)
        if let first = try log.replay(id, fingerprint: fingerprint) { return first }
        var next = self
        let outcome = try next.execute(command)
        next.log.record(id, fingerprint: fingerprint, outcome: outcome, closesRound: command.closesRound)
        self = next
        return outcome
    }

    private mutating func execute(_ command: ExchangeCommand) throws -> CommandOutcome {
        switch command {
        case let .offer(seller, quantity):
            try checkNewOrder(seller)
            try Self.checkQuantity(quantity, "quantity")
            return place(ExchangeOrder(id: OrderID(nextOrder), participant: seller, side: .offer, quantity: quantity,
                                       unitPrice: nil, version: 0, hold: nil, held: nil), postings: [])
        case let .bid(buyer, demand, unitPrice, bids):
            try checkNewOrder(buyer)
            var order = ExchangeOrder(id: OrderID(nextOrder), participant: buyer, side: .bid, quantity: 0,
                                      unitPrice: nil, version: 0, hold: nil, held: nil)
            let hold = try holdBid(&order, demand: demand, unitPrice: unitPrice, bids: bids)
            return place(order, postings: [hold])
        case let .replaceOffer(id, participant, quantity):
            var order = try owned(id, by: participant, side: .offer)
            try Self.checkQuantity(quantity, "quantity")
            order.quantity = quantity
            order.version += 1
            return replace(order, postings: [])
        case let .replaceBid(id, participant, demand, unitPrice, bids):
            var order = try owned(id, by: participant, side: .bid)
            let release = try releaseHold(of: order)
            order.version += 1
            let hold = try holdBid(&order, demand: demand, unitPrice: unitPrice, bids: bids)
            return replace(order, postings: release + [hold])
        case let .cancel(id, participant):
            let order = try owned(id, by: participant, side: nil)
            orders[id] = nil
            orderOf[participant] = nil
            roundInSession = 0
            return CommandOutcome(events: [.orderCancelled(order: id, participant: participant)],
                                  postings: try releaseHold(of: order), order: id)
        case .closeRound:
            return try closeRound()
        }
    }

    // MARK: Orders

    private func checkNewOrder(_ participant: AccountID) throws {
        try checkParticipant(participant)
        guard ![ExchangeMarket.ispID, ExchangeMarket.brokerID].contains(participant.rawValue) else {
            throw InputError(field: "participant", value: "'\(participant)'", expected: "an id other than ISP or broker, which the exchange uses itself")
        }
        if let existing = orderOf[participant] {
            throw LiveMarketError.orderExists(participant: participant, order: existing)
        }
    }

    private func owned(_ id: OrderID, by participant: AccountID, side: ExchangeOrder.Side?) throws -> ExchangeOrder {
        guard let order = orders[id], side == nil || order.side == side else { throw LiveMarketError.unknownOrder(id) }
        guard order.participant == participant else { throw LiveMarketError.notOwner(order: id, participant: participant) }
        return order
    }

    private mutating func place(_ order: ExchangeOrder, postings: [Transfer]) -> CommandOutcome {
        orders[order.id] = order
        orderOf[order.participant] = order.id
        nextOrder += 1
        roundInSession = 0
        return CommandOutcome(events: [.orderAccepted(order: order.id, participant: order.participant)], postings: postings, order: order.id)
    }

    private mutating func replace(_ order: ExchangeOrder, postings: [Transfer]) -> CommandOutcome {
        orders[order.id] = order
        roundInSession = 0
        return CommandOutcome(events: [.orderReplaced(order: order.id, participant: order.participant)], postings: postings, order: order.id)
    }

    /// Sets the bid's demand and price and returns the hold of the funds it may need: every
    /// unit costs at most min(theta_i', p^kappa) (rule (6) never charges above the bid, which
    /// the engine caps at the ISP's price, and the ISP sells at p^kappa).
    /// A manual buyer's bids may cost up to their own prices, so its hold covers the
    /// highest of them too.
    private func holdBid(_ order: inout ExchangeOrder, demand: Double, unitPrice: Double, bids: [ManualBid]?) throws -> Transfer {
        try Self.checkQuantity(demand, "demand")
        try Validate.positive(unitPrice, "unitPrice")
        var highest = unitPrice
        if let bids {
            try checkManualBids(bids, demand: demand)
            highest = max(highest, bids.map(\.unitPrice).max() ?? 0)
        }
        let amount = try MoneyRounding.ceiling(demand * min(highest, rules.ispPrice ?? .infinity), field: "demand")
        order.bids = bids
        let id = try CanonicalEncoder.transferID(market: market, "hold", order.id.number, order.version)
        order.quantity = demand
        order.unitPrice = unitPrice
        order.hold = id
        order.held = amount
        return try Transfer(id: id, .hold(debit: order.participant, credit: .isp, amount: amount),
                            memo: "hold \(market) order \(order.id) v\(order.version)")
    }

    /// The engine's checks of a manual buyer's bids (`ExchangeBuyer.FixedBid.check`), with
    /// the sellers who have an offer on file, and at most `ManualBid.maximumCount` bids.
    private func checkManualBids(_ bids: [ManualBid], demand: Double) throws {
        try Validate.count(bids.count, 0...ManualBid.maximumCount, "bids")
        let offering = Set(orders.values.filter { $0.side == .offer }.map(\.participant.rawValue))
        try ExchangeBuyer.FixedBid.check(bids.map(\.engineBid), demand: demand, field: "bids",
                                         sellers: "a participant with an offer in this session", isSeller: offering.contains)
    }

    /// The most units one order may offer or demand: far beyond any data plan, and small
    /// enough that the engine's sums stay exact to well below a micro-unit of payment.
    public static let maximumQuantity = 1e12

    private static func checkQuantity(_ quantity: Double, _ field: String) throws {
        try Validate.positive(quantity, field)
        try Validate.inRange(quantity, 0...maximumQuantity, field)
    }

    /// The void of a bid's hold (none for an offer).
    private func releaseHold(of order: ExchangeOrder) throws -> [Transfer] {
        guard let hold = order.hold else { return [] }
        let id = try CanonicalEncoder.transferID(market: market, "release", order.id.number, order.version)
        return [try Transfer(id: id, .voidHold(hold), memo: "release \(market) order \(order.id) v\(order.version)")]
    }

    // MARK: Rounds

    /// The orders of one side, in the canonical order: by participant id.
    private func sorted(_ side: ExchangeOrder.Side) -> [ExchangeOrder] {
        orders.values.filter { $0.side == side }.sorted { $0.participant < $1.participant }
    }

    private func inputHash(offers: [ExchangeOrder], bids: [ExchangeOrder], roundInSession t: Int) -> String {
        var encoder = CanonicalEncoder()
        encoder.append("surplus.live.exchange.round")
        encoder.append(market.rawValue)
        encoder.append(rules.epsilon)
        encoder.append(rules.ispPrice)
        encoder.append(rules.schedule?.rawValue ?? "")
        encoder.append(rules.reserveRule?.rawValue ?? "")
        encoder.append(rules.paymentRule?.rawValue ?? "")
        encoder.append(session)
        encoder.append(t)
        encoder.beginList(offers.count + bids.count)
        for order in offers + bids {
            encoder.append(order.participant)
            encoder.append(order.side.rawValue)
            encoder.append(order.quantity)
            encoder.append(order.unitPrice)
            if let bids = order.bids { Self.append(bids, to: &encoder) }
        }
        return encoder.sha256
    }

    private mutating func closeRound() throws -> CommandOutcome {
        let offers = sorted(.offer), bids = sorted(.bid)
        let t = roundInSession + 1
        let round = currentRound
        var record = ExchangeRoundRecord(
            round: round, session: session, roundInSession: t, inputHash: inputHash(offers: offers, bids: bids, roundInSession: t),
            books: nil, settled: false, trades: [], summary: nil)
        var events: [LiveEvent] = []
        var postings: [Transfer] = []
        if !offers.isEmpty && !bids.isEmpty {
            var run = try self.run.flatMap { $0.rounds == roundInSession ? $0 : nil } ?? newRun(offers: offers, bids: bids)
            run.advance()
            record.books = run.trace?.last
            run.dropTrace()
            self.run = run
            if run.finished {
                let outcome = run.outcome
                record.settled = true
                var summary = ExchangeSummary(market: run.market, options: run.options, outcome: outcome)
                summary.trace = nil  // the books of each round are in `books`
                record.summary = summary
                record.trades = try trades(of: outcome, round: round)
                postings = try settlement(bids: bids, trades: record.trades)
            }
        }
        events.append(.roundClosed(round: round, inputHash: record.inputHash))
        rounds.append(record)
        if record.settled {
            events += record.trades.map { .trade($0) }
            events.append(.settled(round: round, session: session))
            orders = [:]
            orderOf = [:]
            run = nil
            session += 1
            roundInSession = 0
        } else {
            roundInSession = t
        }
        events.append(.roundOpened(round: currentRound))
        return CommandOutcome(events: events, postings: postings)
    }

    /// The engine's run from t = 0 on the orders on file (`surplus exchange`'s scenario for
    /// them, with the trace kept for each round's books).
    private func newRun(offers: [ExchangeOrder], bids: [ExchangeOrder]) throws -> ExchangeRun {
        // A manual bid at a seller who has since withdrawn its offer lapses.
        let sellers = Set(offers.map(\.participant))
        let scenario = rules.scenario(
            sellers: offers.map { ExchangeSeller(id: $0.participant.rawValue, quantity: $0.quantity) },
            buyers: bids.map { order in
                ExchangeBuyer(
                    id: order.participant.rawValue, demand: order.quantity, unitPrice: order.unitPrice ?? 0,
                    bids: order.bids?.filter { sellers.contains($0.seller) }.map(\.engineBid))
            })
        return ExchangeRun(market: try scenario.market(), options: scenario.options(recordTrace: true))
    }

    /// The engine's trades by participant, payments in micro-units (``MoneyRounding/payment(_:field:)``).
    private func trades(of outcome: ExchangeOutcome, round: Int) throws -> [LiveTrade] {
        try outcome.trades.enumerated().map { k, trade in
            var seller = AccountID.isp
            if trade.seller != ExchangeMarket.ispID { seller = try AccountID(trade.seller) }
            return LiveTrade(
                number: k + 1, market: market, round: round, buyer: try AccountID(trade.buyer), seller: seller,
                quantity: trade.quantity, unitPrice: trade.unitPrice,
                payment: try MoneyRounding.payment(trade.payment, field: "trades[\(k)].payment"))
        }
    }

    /// The settlement batch: every bid's hold voided (in order of participant id), then one
    /// posting per paid trade, buyer to seller or ISP, in the engine's order of trades.
    private func settlement(bids: [ExchangeOrder], trades: [LiveTrade]) throws -> [Transfer] {
        var postings = try bids.flatMap { try releaseHold(of: $0) }
        for trade in trades where trade.payment > .zero {
            let id = try CanonicalEncoder.transferID(market: market, "trade", trade.round, trade.number)
            postings.append(try Transfer(
                id: id, .post(debit: trade.buyer, credit: trade.seller, amount: trade.payment),
                memo: "trade \(market) round \(trade.round) #\(trade.number)"))
        }
        return postings
    }

    /// A manual buyer's bids in the canonical encoding: their count, then each bid's
    /// seller, quantity and price, in the order given.
    private static func append(_ bids: [ManualBid], to encoder: inout CanonicalEncoder) {
        encoder.beginList(bids.count)
        for bid in bids {
            encoder.append(bid.seller)
            encoder.append(bid.quantity)
            encoder.append(bid.unitPrice)
        }
    }

    private static func fingerprint(_ command: ExchangeCommand) -> String {
        var encoder = CanonicalEncoder()
        switch command {
        case let .offer(seller, quantity):
            encoder.append("offer"); encoder.append(seller); encoder.append(quantity)
        case let .bid(buyer, demand, unitPrice, bids):
            encoder.append("bid"); encoder.append(buyer); encoder.append(demand); encoder.append(unitPrice)
            if let bids { append(bids, to: &encoder) }
        case let .replaceOffer(id, participant, quantity):
            encoder.append("replaceOffer"); encoder.append(id.number); encoder.append(participant); encoder.append(quantity)
        case let .replaceBid(id, participant, demand, unitPrice, bids):
            encoder.append("replaceBid"); encoder.append(id.number); encoder.append(participant)
            encoder.append(demand); encoder.append(unitPrice)
            if let bids { append(bids, to: &encoder) }
        case let .cancel(id, participant):
            encoder.append("cancel"); encoder.append(id.number); encoder.append(participant)
        case .closeRound:
            encoder.append("closeRound")
        }
        return encoder.sha256
    }
}
