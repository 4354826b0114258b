import BilateralMarket
import HashTreeCollections
import Ledger
import SurplusCore

/// The settings of a live bilateral market (paper 000): the validated parameters of
/// `surplus mfe` (`MarketScenario.parameters()`), the seed its matchings are drawn from, and
/// the client policy that bids `equilibrium` follow.
public struct BilateralRules: Sendable, Hashable {
    public let parameters: MarketParameters
    public let seed: UInt64
    /// The equilibrium policy theta_c of the market's (first) type, e.g.
    /// `MeanFieldEquilibrium.types[0].policy`; nil: `equilibrium` bids are refused.
    public let policy: ClientPolicy?

    public init(parameters: MarketParameters, seed: UInt64, policy: ClientPolicy? = nil) {
        self.parameters = parameters
        self.seed = seed
        self.policy = policy
    }
}

/// A client's bid in a period: the unified price k, 0, or what the equilibrium policy bids at
/// the client's budget when the period closes (eq. (5)).
public enum BilateralBid: Sendable, Hashable, Codable {
    case price(Double)
    case equilibrium
}

/// An order of a bilateral period: a server's offer to serve one unit, or a client's bid.
public struct BilateralOrder: Sendable, Hashable, Codable {
    public let id: OrderID
    public let participant: AccountID
    /// nil for a server's offer.
    public var bid: BilateralBid?
    /// How often the bid was replaced (part of its hold's transfer id).
    public var version = 0
    /// A bid's hold of min(k, funds) and the funds it reserves; nil when it holds nothing.
    public var hold: TransferID?
    public var held: Amount?
}

/// A matched pair of a closed period and what it did.
public struct MatchedPair: Sendable, Hashable, Codable {
    public var client: AccountID
    public var server: AccountID
    /// What the client bid: k or 0 (an `equilibrium` bid resolved at its budget).
    public var clientBid: Double
    /// Whether the pair traded: the client bid k and its credit model let it pay (eq. (5)).
    public var traded: Bool
    /// d = (k - b)^+ and the interest on it, in micro-units (0 without a trade).
    public var overdraft: Amount
    public var interest: Amount
}

/// A closed period of a bilateral market.
public struct BilateralPeriodRecord: Sendable, Hashable, Codable {
    public var period: Int
    /// SHA-256 of the canonical encoding of the period's inputs (``BilateralMarketPeriod``).
    public var inputHash: String
    public var pairs: [MatchedPair]
    public var unmatchedClients: [AccountID]
    public var unmatchedServers: [AccountID]
    public var trades: [LiveTrade]
}

/// A command to a ``BilateralMarketPeriod``.
public enum BilateralCommand: Sendable, Hashable {
    /// A server offers to serve one unit this period at k.
    case offer(server: AccountID)
    /// A client bids this period: k or 0 (`price`), or `equilibrium`. `funds` is the client's
    /// spendable balance now (`AccountState.available`, read in the transaction that posts the
    /// outcome): a bid that may pay k holds min(k, funds), the part of k the client pays from
    /// its own budget in every credit model (the rest is the loan d); nil holds nothing.
    case bid(client: AccountID, BilateralBid, funds: Amount? = nil)
    /// The owner changes its bid; `funds` as for `bid`, counting the funds its hold releases.
    case replaceBid(OrderID, participant: AccountID, BilateralBid, funds: Amount? = nil)
    /// The owner withdraws an offer or a bid.
    case cancel(OrderID, participant: AccountID)
    /// Matches and settles the period. `budgets` holds every participant's spendable
    /// balance (`AccountState.available`) read in the transaction that will post the outcome;
    /// a client's budget b is that plus its bid's own hold, which the close releases.
    case closePeriod(budgets: [AccountID: Amount])

    /// Whether the command closes the open period.
    public var closesRound: Bool {
        if case .closePeriod = self { true } else { false }
    }
}

/// A live bilateral market (paper 000) as a value-type state machine: offers and bids in,
/// one matching and settlement per period, events and ledger transfers out. See
/// <doc:LiveMarkets> for the postings of each credit model.
///
/// **Matching.** Closing period p lists the clients (bidders) and the servers (offerers)
/// sorted by participant id, and pairs them with `RandomMatching.pairs` (the shuffle the
/// population simulation pairs with) on stream p of the market's seed
/// (``matchingStream(seed:period:)``): the same submissions give the same pairs, whatever
/// their order. A pair trades when the client bids k and `MarketParameters.canBid` allows it
/// at its budget; the budgets move by `MarketParameters.trade` (eq. (1)).
///
/// **Input hash.** SHA-256 of the canonical encoding (`CanonicalEncoder`) of the market id,
/// the seed, the period, every order (participant, role, bid) in the sorted order, and the
/// budgets of the period's participants in the same order.
public struct BilateralMarketPeriod: Sendable {
    public let market: MarketID
    public let rules: BilateralRules
    /// Every closed period, oldest first.
    public private(set) var periods = History<BilateralPeriodRecord>()
    /// The open orders of the current period, by id.
    public private(set) var orders: TreeDictionary<OrderID, BilateralOrder> = [:]
    /// Each open order's id by its participant (one order per participant and period).
    private var orderOf: TreeDictionary<AccountID, OrderID> = [:]
    private var nextOrder = 1
    private var log = CommandLog()

    public init(market: MarketID, rules: BilateralRules) {
        self.market = market
        self.rules = rules
    }

    /// The number of the period now open (1, 2, ...).
    public var currentPeriod: Int { periods.count + 1 }

    /// The random stream that pairs period `period` of a market with seed `seed`.
    public static func matchingStream(seed: UInt64, period: Int) -> RandomStream {
        RunOptions.serial(seed: seed).stream(.liveMatching, UInt64(max(0, period)))
    }

    /// Applies `command` sent with `id` (a replay in the open period or the one closed last
    /// changes nothing: `CommandLog`; a refusal changes nothing).
    /// - Throws: ``InputError`` naming the bad field, or ``LiveMarketError``.
    public mutating func apply(_ command: BilateralCommand, id: CommandID) throws -> CommandOutcome {
        let fingerprint = Self.fingerprint(command)
        if let first = try log.replay(id, fingerprint: fingerprint) { return first }
        var next = self
        let outcome = try next.execute(command)
        next.log.record(id, fingerprint: fingerprint, outcome: outcome, closesRound: command.closesRound)
        self = next
        return outcome
    }

    private mutating func execute(_ command: BilateralCommand) throws -> CommandOutcome {
        switch command {
        case let .offer(server):
            return try place(server, bid: nil)
        case let .bid(client, bid, funds):
            try check(bid)
            return try place(client, bid: bid, funds: funds)
        case let .replaceBid(id, participant, bid, funds):
            guard var order = orders[id], order.bid != nil else { throw LiveMarketError.unknownOrder(id) }
            guard order.participant == participant else { throw LiveMarketError.notOwner(order: id, participant: participant) }
            try check(bid)
            let release = try releaseHold(of: order)
            order.version += 1
            order.bid = bid
            let hold = try holdBid(&order, funds: funds)
            orders[id] = order
            return CommandOutcome(events: [.orderReplaced(order: id, participant: participant)], postings: release + hold, order: id)
        case let .cancel(id, participant):
            guard let order = orders[id] else { throw LiveMarketError.unknownOrder(id) }
            guard order.participant == participant else { throw LiveMarketError.notOwner(order: id, participant: participant) }
            orders[id] = nil
            orderOf[participant] = nil
            return CommandOutcome(events: [.orderCancelled(order: id, participant: participant)], postings: try releaseHold(of: order), order: id)
        case let .closePeriod(budgets):
            return try close(budgets: budgets)
        }
    }

    private func check(_ bid: BilateralBid) throws(InputError) {
        switch bid {
        case let .price(price):
            guard price == 0 || price == rules.parameters.price else {
                throw InputError(field: "price", value: price, expected: "0 or the market's price k = \(InputError.format(rules.parameters.price))")
            }
        case .equilibrium:
            guard rules.policy != nil else {
                throw InputError(field: "strategy", value: "'equilibrium'", expected: "a price (this market has no equilibrium policy)")
            }
        }
    }

    private mutating func place(_ participant: AccountID, bid: BilateralBid?, funds: Amount? = nil) throws -> CommandOutcome {
        try checkParticipant(participant)
        if let existing = orderOf[participant] {
            throw LiveMarketError.orderExists(participant: participant, order: existing)
        }
        var order = BilateralOrder(id: OrderID(nextOrder), participant: participant, bid: bid)
        let hold = try holdBid(&order, funds: funds)
        orders[order.id] = order
        orderOf[participant] = order.id
        nextOrder += 1
        return CommandOutcome(events: [.orderAccepted(order: order.id, participant: participant)], postings: hold, order: order.id)
    }

    /// The hold of what a bid may pay from the client's own funds: min(k, funds) for a bid
    /// of k or `equilibrium` (which may bid k); nothing for a bid of 0, without `funds`, or
    /// when the client has nothing to hold.
    private func holdBid(_ order: inout BilateralOrder, funds: Amount?) throws -> [Transfer] {
        order.hold = nil
        order.held = nil
        let mayPay = switch order.bid {
        case let .price(price)?: price > 0
        case .equilibrium?: true
        case nil: false
        }
        guard mayPay, let funds, funds > .zero else { return [] }
        let amount = min(try MoneyRounding.nearest(rules.parameters.price, field: "price"), funds)
        let id = try CanonicalEncoder.transferID(market: market, "hold", order.id.number, order.version)
        order.hold = id
        order.held = amount
        return [try Transfer(id: id, .hold(debit: order.participant, credit: .bank, amount: amount),
                             memo: "hold \(market) order \(order.id) v\(order.version)")]
    }

    /// The void of a bid's hold (none without one).
    private func releaseHold(of order: BilateralOrder) throws -> [Transfer] {
        guard let hold = order.hold else { return [] }
        let id = try CanonicalEncoder.transferID(market: market, "release", order.id.number, order.version)
        return [try Transfer(id: id, .voidHold(hold), memo: "release \(market) order \(order.id) v\(order.version)")]
    }

    // MARK: The period's close

    private mutating func close(budgets: [AccountID: Amount]) throws -> CommandOutcome {
        let period = currentPeriod
        let sorted = orders.values.sorted { $0.participant < $1.participant }
        let clients = sorted.filter { $0.bid != nil }, servers = sorted.filter { $0.bid == nil }
        let heldBy = Dictionary(sorted.compactMap { order in order.held.map { (order.participant, $0) } }, uniquingKeysWith: { a, _ in a })
        /// b: the spendable balance plus the bid's own hold, which the close releases first.
        func budget(_ id: AccountID) throws -> Amount {
            guard let available = budgets[id] else { throw LiveMarketError.missingBudget(id) }
            guard available >= .zero else { throw InputError(field: "budgets.\(id)", value: available.description, expected: "a budget >= 0") }
            guard let b = available.adding(heldBy[id] ?? .zero) else {
                throw InputError(field: "budgets.\(id)", value: available.description, expected: "a budget that fits the ledger")
            }
            return b
        }
        var encoder = CanonicalEncoder()
        encoder.append("surplus.live.bilateral.period")
        encoder.append(market.rawValue)
        encoder.append(UInt64(rules.seed))
        encoder.append(period)
        encoder.beginList(sorted.count)
        for order in sorted {
            encoder.append(order.participant)
            switch order.bid {
            case nil: encoder.append("server")
            case let .price(price)?: encoder.append("client"); encoder.append(price)
            case .equilibrium?: encoder.append("client"); encoder.append("equilibrium")
            }
            encoder.append(try budget(order.participant))
        }
        var record = BilateralPeriodRecord(
            period: period, inputHash: encoder.sha256, pairs: [], unmatchedClients: [], unmatchedServers: [], trades: [])

        var rng = Self.matchingStream(seed: rules.seed, period: period)
        let pairs = RandomMatching.pairs(clients: clients.count, servers: servers.count, using: &rng)
        var events: [LiveEvent] = [.roundClosed(round: period, inputHash: record.inputHash)]
        var postings = try clients.flatMap { try releaseHold(of: $0) }
        let settlement = try PairSettlement(market: market, parameters: rules.parameters, period: period)
        for (client, server) in pairs.map({ (clients[$0.client], servers[$0.server]) }) {
            let b = try budget(client.participant)
            let bidsK = try bidsPrice(client.bid, budget: b)
            var pair = MatchedPair(client: client.participant, server: server.participant, clientBid: bidsK ? rules.parameters.price : 0,
                                   traded: false, overdraft: .zero, interest: .zero)
            if bidsK, try rules.parameters.canBid(budget: Self.tokens(b)) {
                let trade = try settlement.settle(client: client.participant, budget: b, server: server.participant,
                                                  number: record.trades.count + 1)
                pair.traded = true
                pair.overdraft = trade.overdraft
                pair.interest = trade.interest
                record.trades.append(trade.trade)
                postings += trade.postings
                events.append(.trade(trade.trade))
            } else {
                events.append(.noMatch(round: period, client: client.participant, server: server.participant))
            }
            record.pairs.append(pair)
        }
        let matchedClients = Set(pairs.map { $0.client }), matchedServers = Set(pairs.map { $0.server })
        record.unmatchedClients = clients.indices.filter { !matchedClients.contains($0) }.map { clients[$0].participant }
        record.unmatchedServers = servers.indices.filter { !matchedServers.contains($0) }.map { servers[$0].participant }
        events += record.unmatchedClients.map { .noMatch(round: period, client: $0, server: nil) }
        periods.append(record)
        orders = [:]
        orderOf = [:]
        events.append(.roundOpened(round: currentPeriod))
        return CommandOutcome(events: events, postings: postings)
    }

    /// Whether the client bids k: its price, or the equilibrium policy at its budget.
    private func bidsPrice(_ bid: BilateralBid?, budget: Amount) throws -> Bool {
        switch bid {
        case let .price(price)?: price > 0
        case .equilibrium?: rules.policy?.bids(budget: Self.tokens(budget)) ?? false
        case nil: false
        }
    }

    static func tokens(_ amount: Amount) -> Double { Double(amount.microUnits) / Double(Amount.microUnitsPerToken) }

    private static func fingerprint(_ command: BilateralCommand) -> String {
        var encoder = CanonicalEncoder()
        func append(_ bid: BilateralBid) {
            switch bid {
            case let .price(price): encoder.append("price"); encoder.append(price)
            case .equilibrium: encoder.append("equilibrium")
            }
        }
        func append(_ funds: Amount?) {
            encoder.append(funds != nil)
            if let funds { encoder.append(funds) }
        }
        switch command {
        case let .offer(server):
            encoder.append("offer"); encoder.append(server)
        case let .bid(client, bid, funds):
            encoder.append("bid"); encoder.append(client); append(bid); append(funds)
        case let .replaceBid(id, participant, bid, funds):
            encoder.append("replaceBid"); encoder.append(id.number); encoder.append(participant); append(bid); append(funds)
        case let .cancel(id, participant):
            encoder.append("cancel"); encoder.append(id.number); encoder.append(participant)
        case let .closePeriod(budgets):
            encoder.append("closePeriod")
            let sorted = budgets.sorted { $0.key < $1.key }
            encoder.beginList(sorted.count)
            for (id, amount) in sorted { encoder.append(id); encoder.append(amount) }
        }
        return encoder.sha256
    }
}

extension StreamName {
    /// The pairing of a live bilateral market's period p: stream p of the market's seed.
    static let liveMatching = StreamName(0x4C49_5645_0000_0000, "live bilateral matchings, one stream per period")
}
