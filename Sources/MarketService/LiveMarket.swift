import BilateralMarket
import Foundation
import HashTreeCollections
import Ledger
import LiveMarkets
import SurplusCore

/// A command as the service records it (``StoredCommand/body``): what the participant or the
/// admin asked, and for a bilateral close the budgets read in its transaction. Replaying the
/// recorded commands in order through ``LiveMarket/apply(_:sequence:)`` rebuilds the market.
struct RecordedCommand: Codable, Sendable, Hashable {
    enum Action: String, Codable, Sendable { case offer, bid, replace, cancel, close }
    var action: Action
    var participant: AccountID?
    /// The order's number in its market (replace, cancel).
    var order: Int?
    var offer: OfferRequest?
    var bid: BidRequest?
    /// A bilateral close: every participant's available balance, read in the commit.
    var budgets: [String: Amount]?
    /// A bilateral bid: the client's available balance (plus what its old hold releases, for a
    /// replacement), read in the commit; the bid holds min(k, funds).
    var funds: Amount?

    var body: Data { ServiceJSON.encode(self) }
}

/// How a market is defined in the store (``StoredMarket/definition``): the request that
/// created it and the equilibrium policy derived from it once (bilateral).
struct MarketDefinition: Codable, Sendable {
    var request: CreateMarketRequest
    var policy: ClientPolicy?
}

/// One market as the service keeps it: its state machine, the last applied sequence, and the
/// views built from its events (every order ever placed, every trade).
struct LiveMarket: Sendable {
    enum Machine: Sendable {
        case exchange(ExchangeSession)
        case bilateral(BilateralMarketPeriod)
    }

    let id: MarketID
    let number: Int
    let name: String
    let parameters: MarketParameters
    private(set) var machine: Machine
    /// The last command applied (0 before any).
    private(set) var sequence = 0
    /// Every order placed, by number.
    private(set) var orders: TreeDictionary<Int, OrderView> = [:]
    /// The numbers of the orders open now.
    private var openNumbers: TreeSet<Int> = []
    /// Trades, oldest first.
    private(set) var trades = History<TradeView>()

    var kind: MarketKind { parameters.kind }

    /// The market of a definition: parameters validated, the state machine empty.
    init(stored: StoredMarket) throws {
        let definition = try StrictJSON.decode(MarketDefinition.self, from: stored.definition)
        id = try stored.id
        number = stored.number
        name = stored.name
        parameters = definition.request.parameters
        switch definition.request.parameters {
        case let .exchange(rules):
            machine = .exchange(ExchangeSession(market: id, rules: try LiveMarket.validated(rules)))
        case let .bilateral(bilateral):
            let rules = BilateralRules(parameters: try bilateral.scenario.parameters(), seed: bilateral.seed ?? 1, policy: definition.policy)
            machine = .bilateral(BilateralMarketPeriod(market: id, rules: rules))
        }
    }

    /// The rules with `ExchangeRules.init`'s checks (decoding does not run them).
    static func validated(_ rules: ExchangeRules) throws -> ExchangeRules {
        try ExchangeRules(epsilon: rules.epsilon, ispPrice: rules.ispPrice, schedule: rules.schedule,
                          reserveRule: rules.reserveRule, paymentRule: rules.paymentRule)
    }

    /// The definition of a new market: parameters checked, the equilibrium policy solved once
    /// (bilateral: `MeanFieldEquilibrium.solve` of the market's first type).
    static func definition(of request: CreateMarketRequest) throws -> MarketDefinition {
        try Validate.count(request.name.count, 1...100, "name")
        switch request.parameters {
        case let .exchange(rules):
            _ = try validated(rules)
            return MarketDefinition(request: request, policy: nil)
        case let .bilateral(bilateral):
            let parameters = try bilateral.scenario.parameters()
            let equilibrium = try MeanFieldEquilibrium.solve(parameters, options: .serial)
            return MarketDefinition(request: request, policy: equilibrium.types.first?.policy)
        }
    }

    // MARK: Views

    /// The round (exchange) or period (bilateral) now open.
    var currentRound: Int {
        switch machine {
        case let .exchange(session): session.currentRound
        case let .bilateral(period): period.currentPeriod
        }
    }

    var roundsClosed: Int { currentRound - 1 }

    var openOrders: Int {
        switch machine {
        case let .exchange(session): session.orders.count
        case let .bilateral(period): period.orders.count
        }
    }

    var view: MarketView {
        MarketView(id: id, kind: kind, name: name, parameters: parameters, round: currentRound, openOrders: openOrders,
                   roundsClosed: roundsClosed)
    }

    /// The participants of the open period, whose budgets a bilateral close reads.
    var budgetHolders: [AccountID] {
        guard case let .bilateral(period) = machine else { return [] }
        return period.orders.values.map(\.participant).sorted()
    }

    /// The accounts a command's commit reads: a bilateral close, its participants' budgets; a
    /// bilateral bid, the bidder's funds (what it may hold).
    func accountsToRead(for command: RecordedCommand) -> [AccountID] {
        guard kind == .bilateral else { return [] }
        switch command.action {
        case .close: return budgetHolders
        case .bid, .replace: return command.participant.map { [$0] } ?? []
        case .offer, .cancel: return []
        }
    }

    /// `command` with what its commit read: a bilateral close's budgets, a bilateral bid's funds.
    func completed(_ command: RecordedCommand, accounts: [AccountID: AccountState]) -> RecordedCommand {
        guard case let .bilateral(period) = machine else { return command }
        var command = command
        switch command.action {
        case .close:
            var budgets: [String: Amount] = [:]
            for id in budgetHolders { budgets[id.rawValue] = accounts[id]?.available ?? .zero }
            command.budgets = budgets
        case .bid, .replace:
            guard let participant = command.participant, let available = accounts[participant]?.available else { break }
            let released = command.order.flatMap { period.orders[OrderID($0)]?.held } ?? .zero
            command.funds = available.adding(released) ?? available
        case .offer, .cancel:
            break
        }
        return command
    }

    // MARK: Applying commands

    /// Applies the recorded command that has sequence `sequence` (the state machine sees the
    /// command id `s<sequence>`), and updates the order and trade views.
    /// - Throws: the state machine's `InputError` or `LiveMarketError`: nothing changes.
    mutating func apply(_ command: RecordedCommand, sequence: Int) throws -> CommandOutcome {
        let id = try CommandID("s\(sequence)")
        let round = currentRound
        var next = self
        let outcome: CommandOutcome
        switch machine {
        case var .exchange(session):
            outcome = try session.apply(try next.exchangeCommand(command, session), id: id)
            next.machine = .exchange(session)
        case var .bilateral(period):
            outcome = try period.apply(try next.bilateralCommand(command, period), id: id)
            next.machine = .bilateral(period)
        }
        next.sequence = sequence
        next.record(outcome, command: command, round: round)
        self = next
        return outcome
    }

    private func participant(_ command: RecordedCommand) throws -> AccountID {
        guard let participant = command.participant else { throw InputError(field: "participant", value: "null", expected: "a participant") }
        return participant
    }

    private func orderID(_ command: RecordedCommand) throws -> OrderID {
        guard let number = command.order else { throw InputError(field: "order", value: "null", expected: "an order number") }
        return OrderID(number)
    }

    private func exchangeCommand(_ command: RecordedCommand, _ session: ExchangeSession) throws -> ExchangeCommand {
        switch command.action {
        case .offer:
            guard let quantity = command.offer?.quantity else { throw missing("quantity", "the units on sale") }
            return .offer(seller: try participant(command), quantity: quantity)
        case .bid:
            let (demand, unitPrice, bids) = try exchangeBid(command.bid)
            return .bid(buyer: try participant(command), demand: demand, unitPrice: unitPrice, bids: bids)
        case .replace:
            let order = try orderID(command)
            guard let existing = session.orders[order] else { throw LiveMarketError.unknownOrder(order) }
            if existing.side == .offer {
                guard let quantity = command.offer?.quantity else { throw missing("quantity", "the units on sale") }
                return .replaceOffer(order, participant: try participant(command), quantity: quantity)
            }
            let current = existing.unitPrice.map { (demand: existing.quantity, unitPrice: $0) }
            let (demand, unitPrice, bids) = try exchangeBid(command.bid, current: current)
            return .replaceBid(order, participant: try participant(command), demand: demand, unitPrice: unitPrice, bids: bids)
        case .cancel:
            return .cancel(try orderID(command), participant: try participant(command))
        case .close:
            return .closeRound
        }
    }

    /// An exchange bid's D_i, theta_i' and, for a manual buyer, its bids (nil: managed).
    /// `{demand, unitPrice, strategy}` with `bids` for a manual one; a re-bid of an order
    /// (`current`) may send only `{bids}`, which keeps its demand and price and makes or
    /// keeps it manual.
    private func exchangeBid(_ bid: BidRequest?, current: (demand: Double, unitPrice: Double)? = nil)
        throws -> (Double, Double, [ManualBid]?)
    {
        guard let bid else { throw missing("demand", "the units wanted") }
        if bid.price != nil { throw InputError(field: "price", value: "a price", expected: "no price on an exchange bid (use unitPrice)") }
        let strategy = bid.strategy ?? (bid.bids != nil ? .manual : .managed)
        if strategy == .equilibrium {
            throw InputError(field: "strategy", value: "'equilibrium'", expected: "managed or manual on an exchange")
        }
        if strategy == .managed, bid.bids != nil {
            throw InputError(field: "bids", value: "a list", expected: "no bids on a managed bid (strategy manual places its own)")
        }
        let keeps = bid.bids != nil && bid.demand == nil && bid.unitPrice == nil ? current : nil
        guard let demand = bid.demand ?? keeps?.demand else { throw missing("demand", "the units wanted") }
        guard let unitPrice = bid.unitPrice ?? keeps?.unitPrice else { throw missing("unitPrice", "the value of a unit") }
        return (demand, unitPrice, strategy == .manual ? bid.bids ?? [] : nil)
    }

    private func bilateralCommand(_ command: RecordedCommand, _ period: BilateralMarketPeriod) throws -> BilateralCommand {
        switch command.action {
        case .offer:
            if command.offer?.quantity != nil {
                throw InputError(field: "quantity", value: "a quantity", expected: "no quantity: a bilateral server serves one unit a period")
            }
            return .offer(server: try participant(command))
        case .bid:
            return .bid(client: try participant(command), try bilateralBid(command.bid), funds: command.funds)
        case .replace:
            let order = try orderID(command)
            guard let existing = period.orders[order] else { throw LiveMarketError.unknownOrder(order) }
            guard existing.bid != nil else {
                throw InputError(field: "order", value: "'\(id)-\(order)'", expected: "a bid (a bilateral offer has nothing to replace)")
            }
            return .replaceBid(order, participant: try participant(command), try bilateralBid(command.bid), funds: command.funds)
        case .cancel:
            return .cancel(try orderID(command), participant: try participant(command))
        case .close:
            var budgets: [AccountID: Amount] = [:]
            for (key, amount) in command.budgets ?? [:] { budgets[try AccountID(key, field: "budgets")] = amount }
            return .closePeriod(budgets: budgets)
        }
    }

    private func bilateralBid(_ bid: BidRequest?) throws -> BilateralBid {
        guard let bid else { throw missing("price", "0 or the market's price k") }
        for (field, present) in [("demand", bid.demand != nil), ("unitPrice", bid.unitPrice != nil), ("bids", bid.bids != nil)] where present {
            throw InputError(field: field, value: "a value", expected: "no \(field) on a bilateral bid (price or strategy only)")
        }
        switch (bid.price, bid.strategy) {
        case let (price?, nil): return .price(price)
        case (nil, .equilibrium?): return .equilibrium
        case (nil, nil): throw missing("price", "0 or the market's price k, or strategy equilibrium")
        case (_, let strategy?) where strategy != .equilibrium:
            throw InputError(field: "strategy", value: "'\(strategy.rawValue)'", expected: "equilibrium on a bilateral market")
        default: throw InputError(field: "price", value: "a price", expected: "either a price or strategy equilibrium, not both")
        }
    }

    private func missing(_ field: String, _ expected: String) -> InputError {
        InputError(field: field, value: "missing", expected: expected)
    }

    /// Updates the order and trade views from an accepted command's outcome.
    private mutating func record(_ outcome: CommandOutcome, command: RecordedCommand, round: Int) {
        for event in outcome.events {
            switch event {
            case let .orderAccepted(order, _), let .orderReplaced(order, _):
                if let view = openOrderView(order, round: orders[order.number]?.round ?? round) { orders[order.number] = view }
                openNumbers.insert(order.number)
            case let .orderCancelled(order, _):
                openNumbers.remove(order.number)
                orders[order.number]?.state = .cancelled
                if orders[order.number]?.side == .bid { orders[order.number]?.held = .zero }
            case let .trade(trade):
                trades.append(TradeView(trade))
            case .roundClosed, .noMatch, .roundOpened, .settled:
                break
            }
        }
        // Orders a close settled: those open before it and gone after it.
        if command.action == .close {
            for number in openNumbers where openOrderView(OrderID(number), round: 0) == nil {
                openNumbers.remove(number)
                orders[number]?.state = .settled
                if orders[number]?.side == .bid { orders[number]?.held = .zero }
            }
        }
    }

    /// The view of an open order of the state machine; nil when it is not open.
    private func openOrderView(_ order: OrderID, round: Int) -> OrderView? {
        let id = "\(self.id)-\(order)"
        switch machine {
        case let .exchange(session):
            guard let o = session.orders[order] else { return nil }
            let isBid = o.side == .bid
            return OrderView(id: id, market: self.id, participant: o.participant, side: isBid ? .bid : .offer, state: .open, round: round,
                             quantity: isBid ? nil : o.quantity, demand: isBid ? o.quantity : nil, unitPrice: o.unitPrice, price: nil,
                             strategy: isBid ? (o.bids == nil ? .managed : .manual) : nil, held: isBid ? (o.held ?? .zero) : nil,
                             bids: o.bids)
        case let .bilateral(period):
            guard let o = period.orders[order] else { return nil }
            var price: Double?
            var strategy: BidStrategy?
            switch o.bid {
            case let .price(p)?: price = p
            case .equilibrium?: strategy = .equilibrium
            case nil: break
            }
            return OrderView(id: id, market: self.id, participant: o.participant, side: o.bid == nil ? .offer : .bid, state: .open,
                             round: round, quantity: nil, demand: nil, unitPrice: nil, price: price, strategy: strategy,
                             held: o.bid == nil ? nil : (o.held ?? .zero), bids: nil)
        }
    }
}

extension LiveMarket {
    /// The closed round `number` (1 = the first), or nil.
    func round(_ number: Int) -> RoundView? {
        switch machine {
        case let .exchange(session):
            guard session.rounds.indices.contains(number - 1) else { return nil }
            let record = session.rounds[number - 1]
            var view = RoundView(market: id, kind: .exchange, number: record.round, inputHash: record.inputHash, settled: record.settled,
                                 trades: record.trades.map(TradeView.init))
            view.session = record.session
            view.roundInSession = record.roundInSession
            let sellers = record.books?.sellers ?? []
            view.allocations = sellers.flatMap { seller in
                seller.bids.filter { $0.allocated > 0 }.map {
                    RoundView.Allocation(buyer: $0.buyer, seller: seller.seller, quantity: $0.allocated, unitPrice: $0.price)
                }
            }
            view.reservePrices = sellers.map { RoundView.ReservePrice(seller: $0.seller, price: $0.reservePrice) }
            view.unmetDemand = (record.summary?.unmetDemand ?? [:]).sorted { $0.key < $1.key }
                .map { RoundView.UnmetDemand(buyer: $0.key, quantity: $0.value) }
            return view
        case let .bilateral(period):
            guard period.periods.indices.contains(number - 1) else { return nil }
            let record = period.periods[number - 1]
            var view = RoundView(market: id, kind: .bilateral, number: record.period, inputHash: record.inputHash, settled: true,
                                 trades: record.trades.map(TradeView.init))
            view.pairs = record.pairs.map { RoundView.Pair(client: $0.client, server: $0.server, clientBid: $0.clientBid, traded: $0.traded) }
            view.unmatchedClients = record.unmatchedClients
            view.unmatchedServers = record.unmatchedServers
            let clients = record.pairs.count + record.unmatchedClients.count
            view.clients = clients
            view.servers = record.pairs.count + record.unmatchedServers.count
            view.tradeRatio = clients > 0 ? Double(record.trades.count) / Double(clients) : nil
            view.zeroBids = record.pairs.filter { $0.clientBid == 0 }.count
            return view
        }
    }
}
