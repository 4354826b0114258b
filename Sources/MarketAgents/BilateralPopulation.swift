import BilateralMarket
import Foundation
import Ledger
import LiveMarkets
import SurplusCore

/// How the clients of a ``BilateralPopulation`` bid.
public enum ClientBidRule: Sendable, Hashable {
    /// The mean field policy of eq. (5) for the agent's type, at its budget: k where the
    /// equilibrium's `ClientPolicy` bids, 0 elsewhere (what `PopulationSimulation` plays).
    case equilibrium
    /// Every client bids this price (0 or the market's k).
    case fixed(Double)
}

/// What a bilateral population does (paper 000, Secs. II and V-B).
public struct BilateralAgentSettings: Sendable, Hashable {
    /// N, the agents in the market at every period.
    public var agents: Int
    /// T, the periods the population runs (each closed by the administrator).
    public var periods: Int
    /// The first periods left out of the averages: the budgets start from Psi, not from the
    /// stationary law. Default: the first fifth.
    public var burnIn: Int
    public var bid: ClientBidRule

    public init(agents: Int = 500, periods: Int = 100, burnIn: Int? = nil, bid: ClientBidRule = .equilibrium) {
        self.agents = agents
        self.periods = periods
        self.burnIn = burnIn ?? periods / 5
        self.bid = bid
    }

    /// At most this many agents (each holds a participant account and a request per period).
    public static let maximumAgents = 100_000
    public static let maximumPeriods = 100_000

    /// - Throws: `InputError` naming `agents`, `periods`, `burnIn` or `price`.
    public func validate(price k: Double) throws {
        try Validate.count(agents, 2...Self.maximumAgents, "agents")
        try Validate.count(periods, 1...Self.maximumPeriods, "periods")
        guard burnIn >= 0, burnIn < periods else {
            throw InputError(field: "burnIn", value: burnIn, expected: "an integer in 0...periods - 1 = \(periods - 1)")
        }
        if case let .fixed(price) = bid, price != 0, price != k {
            throw InputError(field: "bid", value: price, expected: "0, the market's price k = \(InputError.format(k)), or equilibrium")
        }
    }
}

/// One period of a live bilateral population, as the agents saw it.
public struct LivePeriod: Sendable, Hashable, Codable {
    /// The market's period number (the round the close returned).
    public var round: Int
    public var clients: Int
    /// Clients that bid 0 (all of them, matched or not): the empirical z.
    public var zeroBids: Int
    /// Matched client-server pairs, and those that traded.
    public var pairs: Int
    public var trades: Int
    /// Mean budget (available balance) of the N agents at the start of the period.
    public var meanBudget: Double
    /// Zero bids and clients of each agent type.
    public var typeZeroBids: [Int]
    public var typeClients: [Int]

    /// Trades over matched pairs (1 without a pair: nobody was refused).
    public var tradeRatio: Double { pairs > 0 ? Double(trades) / Double(pairs) : 1 }
    public var zeroBidProbability: Double { clients > 0 ? Double(zeroBids) / Double(clients) : 0 }
}

/// What the agents submitted in one period and what the market did with it: for checks
/// that replay the period offline (``BilateralPopulation/run(options:observer:)``).
public struct PeriodLog: Sendable {
    public var round: Int
    /// Each agent's order: nil for a server's offer, else the client's price.
    public var orders: [(participant: String, price: Double?)]
    /// Every ordering agent's available balance when it ordered (in the period, nothing
    /// else moves it before the close).
    public var budgets: [String: Amount]
    public var report: RoundReport
}

/// N participants driving a live bilateral market over a ``MarketClient`` (paper 000):
///
/// 1. At the start of every period after the first, each agent leaves with probability
///    1 - beta (Sec. II, "Regeneration"): the administrator withdraws its available balance
///    and a newcomer takes its place, a new participant whose budget, drawn from Psi, the
///    administrator deposits; its type is drawn by the types' shares (Sec. VI). The first
///    period's N agents are newcomers too.
/// 2. Every agent reads its account (the budget b of eq. (1): its available balance).
/// 3. Each agent is a client with its type's p_c, else a server. A server offers; a client
///    bids k or 0 by ``ClientBidRule``: under `equilibrium`, the policy of eq. (5) that
///    `MeanFieldEquilibrium` solved for its type, at b. The bid is computed here, from the
///    same `ClientPolicy` the population simulation plays, rather than sent as
///    `{strategy: "equilibrium"}`: the server resolves that with its first type's policy
///    only, while a market of several types (Sec. VI) needs each type's.
/// 4. The administrator closes the period; the market pairs clients and servers at random
///    and settles each trade by eq. (1). The surplus s of a served client is posted by the
///    market itself (from the world account, `LiveMarkets`), so the agents add nothing.
///
/// Requests of one step go out concurrently (the client bounds them); each creating
/// request has an idempotency key unique to this run, period and agent, reused by retries.
public struct BilateralPopulation: Sendable {
    public let client: any MarketClient
    public let market: String
    public let parameters: MarketParameters
    /// Each type's equilibrium policy, in the order of `parameters.types`.
    public let policies: [ClientPolicy]
    public let settings: BilateralAgentSettings
    /// Makes this run's idempotency keys unique (a fresh one per run).
    public let runID: String

    public init(
        client: any MarketClient, market: String, parameters: MarketParameters, policies: [ClientPolicy],
        settings: BilateralAgentSettings, runID: String = UUID().uuidString
    ) throws {
        try settings.validate(price: parameters.price)
        guard policies.count == parameters.types.count else {
            throw InputError(
                field: "policies", value: policies.count, expected: "one policy per agent type (\(parameters.types.count))")
        }
        self.client = client
        self.market = market
        self.parameters = parameters
        self.policies = policies
        self.settings = settings
        self.runID = runID
    }

    struct Agent: Sendable {
        var credentials: ParticipantCredentials
        var type: Int
    }

    /// Runs the periods; `options.progress` hears after each one, `observer` sees each
    /// period's orders, budgets and closed round. `pause` is waited between two periods
    /// (a demo's pace; none by default).
    ///
    /// - Throws: ``MarketClientError`` when the server refuses a request (or stays
    ///   unreachable through the retries), `CancellationError` once cancelled.
    public func run(
        options: RunOptions, pause: Duration = .zero, observer: (@Sendable (PeriodLog) -> Void)? = nil
    ) async throws -> LivePopulationRun {
        let started = ContinuousClock.now
        let requestsBefore = client.requestCount
        var agents: [Agent?] = Array(repeating: nil, count: settings.agents)
        var series: [LivePeriod] = []
        for period in 1...settings.periods {
            try options.checkCancellation()
            if period > 1, pause > .zero { try await Task.sleep(for: pause) }
            var random = options.stream(.liveAgents, UInt64(period))
            // Who leaves, who arrives (with which type and budget), and everyone's role.
            var plan: [(leaves: Bool, type: Int, budget: Amount, client: Bool)] = []
            for index in agents.indices {
                let leaves = agents[index] == nil || random.nextUnit() >= parameters.beta
                var type = agents[index]?.type ?? 0
                var budget = Amount.zero
                if leaves {
                    type = drawType(&random)
                    budget = try drawBudget(&random)
                }
                let isClient = random.nextUnit() < parameters.types[type].clientProbability
                plan.append((leaves, type, budget, isClient))
            }
            // Departures and arrivals, then every agent's budget.
            let current = agents
            let budgets = try await withThrowingTaskGroup(of: (Int, Agent, Amount).self) { group in
                for index in current.indices {
                    let step = plan[index], previous = current[index]
                    group.addTask {
                        if step.leaves {
                            if let previous { try await depart(previous, period: period, index: index) }
                            let agent = try await arrive(type: step.type, budget: step.budget, period: period, index: index)
                            return (index, agent, step.budget)
                        }
                        guard let previous else { throw CancellationError() }
                        return (index, previous, try await client.account(of: previous.credentials).available)
                    }
                }
                var budgets = Array(repeating: Amount.zero, count: current.count)
                for try await (index, agent, budget) in group {
                    agents[index] = agent
                    budgets[index] = budget
                }
                return budgets
            }
            // Orders.
            let present = agents.compactMap { $0 }
            guard present.count == plan.count else { throw CancellationError() }
            var orders: [(participant: String, price: Double?)] = []
            var statistics = LivePeriod(
                round: 0, clients: 0, zeroBids: 0, pairs: 0, trades: 0,
                meanBudget: Statistics.mean(budgets.map { Self.tokens($0) }),
                typeZeroBids: Array(repeating: 0, count: parameters.types.count),
                typeClients: Array(repeating: 0, count: parameters.types.count))
            for (index, agent) in present.enumerated() {
                guard plan[index].client else {
                    orders.append((agent.credentials.id, nil))
                    continue
                }
                let price = bid(type: agent.type, budget: budgets[index])
                orders.append((agent.credentials.id, price))
                statistics.clients += 1
                statistics.typeClients[agent.type] += 1
                if price == 0 {
                    statistics.zeroBids += 1
                    statistics.typeZeroBids[agent.type] += 1
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, order) in orders.enumerated() {
                    let agent = present[index]
                    group.addTask {
                        let request: OrderRequest = order.price.map { .bilateralBid(price: $0) } ?? .bilateralOffer
                        _ = try await client.place(
                            request, in: market, as: agent.credentials, key: key(period, "order", index))
                    }
                }
                try await group.waitForAll()
            }
            // The close.
            let report = try await client.closeRound(of: market, key: key(period, "close", 0))
            statistics.round = report.number
            statistics.pairs = report.pairs?.count ?? 0
            statistics.trades = report.pairs?.filter(\.traded).count ?? report.trades.count
            series.append(statistics)
            if let observer {
                var byID: [String: Amount] = [:]
                for (index, agent) in present.enumerated() { byID[agent.credentials.id] = budgets[index] }
                observer(PeriodLog(round: report.number, orders: orders, budgets: byID, report: report))
            }
            options.report("agents", period, of: settings.periods)
        }
        let seconds = (ContinuousClock.now - started).seconds
        let requests = client.requestCount - requestsBefore
        return LivePopulationRun(
            market: market, agents: settings.agents, burnIn: settings.burnIn, series: series, requests: requests,
            seconds: seconds, correlationLength: Int((1 / (1 - parameters.beta)).rounded()),
            typeNames: parameters.types.map(\.name))
    }

    /// k or 0: the client's bid at its budget.
    func bid(type: Int, budget: Amount) -> Double {
        switch settings.bid {
        case let .fixed(price): price
        case .equilibrium: policies[type].bids(budget: Self.tokens(budget)) ? parameters.price : 0
        }
    }

    private func depart(_ agent: Agent, period: Int, index: Int) async throws {
        let available = try await client.account(of: agent.credentials).available
        if available > .zero {
            try await client.withdraw(from: agent.credentials.id, amount: available, key: key(period, "leave", index))
        }
    }

    private func arrive(type: Int, budget: Amount, period: Int, index: Int) async throws -> Agent {
        let name = "agent \(index + 1) of period \(period)"
        let credentials = try await client.createParticipant(name: name, key: key(period, "join", index))
        if budget > .zero {
            try await client.deposit(to: credentials.id, amount: budget, key: key(period, "fund", index))
        }
        return Agent(credentials: credentials, type: type)
    }

    private func key(_ period: Int, _ purpose: String, _ index: Int) -> IdempotencyKey {
        IdempotencyKey(run: runID, "\(period)-\(purpose)-\(index)")
    }

    /// A newcomer's type, by the types' shares.
    private func drawType(_ random: inout RandomStream) -> Int {
        guard parameters.types.count > 1 else { return 0 }
        var u = random.nextUnit()
        for (t, type) in parameters.types.enumerated() {
            u -= type.share
            if u < 0 { return t }
        }
        return parameters.types.count - 1
    }

    /// A newcomer's budget from Psi = U[low, high], to the nearest micro-unit.
    private func drawBudget(_ random: inout RandomStream) throws -> Amount {
        let law = parameters.initialBudget
        return try MoneyRounding.nearest(law.low + (law.high - law.low) * random.nextUnit(), field: "initialBudget")
    }

    static func tokens(_ amount: Amount) -> Double { Double(amount.microUnits) / Double(Amount.microUnitsPerToken) }
}

extension StreamName {
    /// The draws of a live population's period p (departures, types, budgets, roles).
    static let liveAgents = StreamName(0x4147_454E_5453_0000, "live agents, one stream per period")
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
