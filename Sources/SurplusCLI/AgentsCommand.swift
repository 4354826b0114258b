import ArgumentParser
import BilateralMarket
import Dispatch
import Foundation
import MarketAgents
import MarketAgentsHTTP
import ProgressiveAuction
import Synchronization
import SurplusCore
import TextFormatting

/// `surplus agents`: a population of participants driving a live market over HTTP, beside
/// the theory for the same market (bilateral: paper 000; exchange: papers 001, 002).
struct AgentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "Drive a live market (surplus serve) with a population of agents; compare with mfe and simulate.",
        discussion: """
            Bilateral: N agents, each period a client with probability p_c (bidding by the equilibrium policy of \
            eq. (5) at its budget) or a server; each leaves with probability 1 - beta and a newcomer funded from Psi \
            takes its place. Exchange: the sellers and managed buyers of --scenario, rounds closed until the session settles.
            """)

    @Option(parsing: .unconditional, help: "The server's address, e.g. http://127.0.0.1:8080.")
    var server: String
    @Option(name: .customLong("admin-key"), parsing: .unconditional, help: "The server's admin key (default: $SURPLUS_ADMIN_KEY).")
    var adminKey: String?
    @Option(parsing: .unconditional, help: "An existing market to drive (its parameters come from the server).")
    var market: String?
    @Option(parsing: .unconditional, help: "Create a new market of this kind: bilateral or exchange.")
    var kind: MarketKind?
    @Option(parsing: .unconditional, help: "Bilateral: number of agents N (default \(BilateralAgentSettings().agents)).")
    var agents: Int?
    @Option(parsing: .unconditional, help: "Bilateral: periods T (default \(BilateralAgentSettings().periods)); exchange: the most rounds closed (default 1000).")
    var periods: Int?
    @Option(name: .customLong("burn-in"), parsing: .unconditional, help: "Bilateral: periods left out of the averages (default: the first fifth).")
    var burnIn: Int?
    @Option(parsing: .unconditional, help: "Bilateral: the clients' bid, equilibrium (eq. (5) at their budget; default), 0 or the price k.")
    var bid: String = "equilibrium"
    @Option(parsing: .unconditional, help: "The most requests in flight at once (default 32).")
    var concurrency: Int = 32
    @OptionGroup var marketOptions: MarketOptions
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: SummaryFormatOptions

    /// What the JSON records besides the result.
    struct Parameters: Encodable {
        let server: String
        let market: String
        let kind: MarketKind
        let agents: Int?
        let periods: Int?
        let burnIn: Int?
        let bid: String?
        let concurrency: Int
        let bilateral: MarketParameters?
        let exchange: ExchangeScenario?
    }

    func validate() throws {
        guard (market == nil) != (kind == nil) else {
            throw ValidationError("give either --market ID (an existing market) or --kind bilateral|exchange (a new one)")
        }
        guard (1...1_024).contains(concurrency) else {
            throw ValidationError("--concurrency \(concurrency) is invalid: expected an integer in 1...1024")
        }
        if bid != "equilibrium", Double(bid) == nil {
            throw ValidationError("--bid '\(bid)' is invalid: expected equilibrium, 0 or the market's price k")
        }
    }

    func run() throws {
        let started = ContinuousClock.now
        guard let url = URL(string: server), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw InputError(field: "--server", value: "'\(server)'", expected: "an http:// or https:// address such as http://127.0.0.1:8080")
        }
        guard let key = adminKey ?? ProcessInfo.processInfo.environment["SURPLUS_ADMIN_KEY"], !key.isEmpty else {
            throw InputError(field: "--admin-key", value: "none", expected: "the server's admin key (--admin-key or SURPLUS_ADMIN_KEY)")
        }
        let options = try runArguments.options()
        let client = ContractClient(
            transport: HTTPTransport(server: url, connections: concurrency), adminKey: key, maximumConcurrentRequests: concurrency)
        let command = self
        let outcome = try AsyncBridge.wait { try await command.drive(client, options: options) }
        Terminal.finishProgress()
        switch outcome {
        case let .bilateral(result, parameters):
            try Terminal.emit(
                runArguments.document(result, of: Self.self, parameters: parameters, started: started,
                                      rates: ["requestsPerSecond": result.live.requestsPerSecond]),
                format: output.outputFormat, table: { Self.render(result, bid: bid, seed: runArguments.seed) })
        case let .exchange(result, parameters):
            try Terminal.emit(
                runArguments.document(result, of: Self.self, parameters: parameters, started: started,
                                      rates: ["requestsPerSecond": result.requestsPerSecond]),
                format: output.outputFormat, table: { Self.render(result) })
        }
    }

    enum Outcome: Sendable {
        case bilateral(LiveMeetsTheory, Parameters)
        case exchange(ExchangeLiveRun, Parameters)
    }

    /// Creates or reads the market, then drives it.
    func drive(_ client: ContractClient, options: RunOptions) async throws -> Outcome {
        let runID = UUID().uuidString
        let definition: MarketDefinition
        var marketID = market ?? ""
        if let market {
            try refuseMarketOptions()
            definition = try await client.market(market).definition()
            if case .bilateral = definition, marketOptions.scenario != nil {
                throw InputError(field: "--scenario", value: "given", expected: "no scenario with a bilateral --market (its parameters come from the server)")
            }
        } else {
            definition = try newDefinition()
        }
        let settings = BilateralAgentSettings(
            agents: agents ?? BilateralAgentSettings().agents, periods: periods ?? BilateralAgentSettings().periods,
            burnIn: burnIn, bid: bid == "equilibrium" ? .equilibrium : .fixed(Double(bid) ?? 0))
        if case let .bilateral(scenario, _) = definition { try settings.validate(price: try scenario.parameters().price) }
        if market == nil {
            let name = "surplus agents \(definition.kind.rawValue) market"
            marketID = try await client.createMarket(name: name, definition, key: IdempotencyKey(run: runID, "market")).id
        }
        switch definition {
        case let .bilateral(scenario, _):
            let result = try await LiveMeetsTheory.run(
                client: client, market: marketID, scenario: scenario, settings: settings, solver: marketOptions.settings(),
                options: options)
            return .bilateral(result, parameters(marketID, .bilateral, bilateral: try scenario.parameters(), settings: settings))
        case .exchange:
            let scenario = try exchangeScenario()
            let population = try ExchangePopulation(
                client: client, market: marketID, scenario: scenario, maximumRounds: periods ?? 1_000)
            return .exchange(try await population.run(options: options), parameters(marketID, .exchange, exchange: scenario))
        }
    }

    private func parameters(
        _ market: String, _ kind: MarketKind, bilateral: MarketParameters? = nil, settings: BilateralAgentSettings? = nil,
        exchange: ExchangeScenario? = nil
    ) -> Parameters {
        Parameters(
            server: server, market: market, kind: kind, agents: settings?.agents, periods: settings?.periods ?? periods,
            burnIn: settings?.burnIn, bid: settings == nil ? nil : bid, concurrency: concurrency, bilateral: bilateral,
            exchange: exchange)
    }

    private func newDefinition() throws -> MarketDefinition {
        switch kind ?? .bilateral {
        case .bilateral:
            let scenario = try marketOptions.loadScenario()
            _ = try scenario.parameters()
            return .bilateral(scenario, seed: runArguments.seed)
        case .exchange:
            return .exchange(try ExchangePopulation.rules(of: try exchangeScenario()))
        }
    }

    private func exchangeScenario() throws -> ExchangeScenario {
        guard let path = marketOptions.scenario else {
            throw InputError(field: "--scenario", value: "none", expected: "an exchange scenario file (sellers and buyers), e.g. Scenarios/data-exchange-example.json")
        }
        return try Terminal.readScenario(ExchangeScenario.self, path: path)
    }

    /// An existing market keeps its parameters: options that would change them are errors.
    private func refuseMarketOptions() throws {
        let m = marketOptions
        let given: [(String, Bool)] = [
            ("--model", m.model != nil), ("--interest", m.interest != nil), ("--price", m.price != nil),
            ("--initial-budget", m.initialBudget != nil), ("--beta", m.beta != nil),
            ("--client-probability", m.clientProbability != nil), ("--alpha", m.alpha != nil), ("--surplus", m.surplus != nil),
            ("--serve-cost", m.serveCost != nil), ("--lose-cost", m.loseCost != nil),
        ]
        if let (option, _) = given.first(where: { $0.1 }) {
            throw InputError(field: option, value: "given", expected: "no market parameter with --market (the market's own come from the server)")
        }
    }

    // MARK: Tables

    static func render(_ r: LiveMeetsTheory, bid: String, seed: UInt64) -> String {
        let live = r.live
        func withError(_ value: Double, _ error: Double?, percent: Bool) -> String {
            let text = percent ? Format.percent(value, 2) : Format.fixed(value, 4)
            guard let error else { return text }
            return text + " +- " + (percent ? Format.percent(error, 3) : Format.fixed(error, 4))
        }
        var text = "live market \(live.market): \(live.agents) agents, \(live.periods) periods (burn-in \(live.burnIn)), seed \(seed), clients bid \(bid)\n"
        text += "\(live.requests) requests in \(Format.duration(live.seconds)), \(Format.fixed(live.requestsPerSecond, 0)) per second; "
        text += "ledger balanced: \(r.ledgerBalanced ? "yes" : "NO")\n\n"
        var table = TextTable(header: ["", "live", "mean field (mfe)", "simulated (simulate)", "live - mean field"])
        func gap(_ a: Double, _ b: Double, _ error: Double?, percent: Bool) -> String {
            let d = a - b
            let text = percent ? Format.percent(d, 3) : Format.fixed(d, 4)
            guard let error, error > 0 else { return text }
            return text + " (" + Format.fixed(d / error, 1) + " SE)"
        }
        table.append([
            "trade ratio", withError(live.tradeRatio, live.tradeRatioStandardError, percent: true),
            Format.percent(r.meanField.tradeRatio, 2),
            withError(r.simulated.tradeRatio, r.simulated.tradeRatioStandardError, percent: true),
            gap(live.tradeRatio, r.meanField.tradeRatio, live.tradeRatioStandardError, percent: true),
        ])
        table.append([
            "z", withError(live.zeroBidProbability, live.zeroBidStandardError, percent: false),
            Format.fixed(r.meanField.zeroBidProbability, 4),
            withError(r.simulated.zeroBidProbability, r.simulated.zeroBidStandardError, percent: false),
            gap(live.zeroBidProbability, r.meanField.zeroBidProbability, live.zeroBidStandardError, percent: false),
        ])
        table.append([
            "mean budget", withError(live.meanBudget, live.meanBudgetStandardError, percent: false),
            Format.fixed(r.meanField.meanBudget, 4), Format.fixed(r.simulated.meanBudget, 4),
            gap(live.meanBudget, r.meanField.meanBudget, live.meanBudgetStandardError, percent: false),
        ])
        if live.types.count > 1 {
            for (k, t) in live.types.enumerated() {
                let field = r.meanField.types.indices.contains(k) ? r.meanField.types[k].zeroBidProbability : .nan
                let simulated = r.simulated.types.indices.contains(k) ? r.simulated.types[k].zeroBidProbability : .nan
                table.append([
                    "z (\(t.name))", withError(t.zeroBidProbability, t.zeroBidStandardError, percent: false),
                    Format.fixed(field, 4), Format.fixed(simulated, 4),
                    gap(t.zeroBidProbability, field, t.zeroBidStandardError, percent: false),
                ])
            }
        }
        text += table.render()
        text += "\ntrade ratio: trades over matched pairs; z: share of all clients that bid 0; mean budget at the start of a period.\n"
        text += "+- is one standard error by batch means: the \(live.periods - live.burnIn) periods after the burn-in in \(live.batches) batches of \(live.batchLength)"
        text += live.batchesAreLong ? " (each at least a mean lifetime 1/(1 - beta)).\n" : " (shorter than a mean lifetime 1/(1 - beta): the error is understated).\n"
        text += "simulate: \(r.simulated.agents) agents, \(r.simulated.periods) periods, the same burn-in and seed; its error is its batch means over 10 batches.\n"
        if bid != "equilibrium" { text += "note: the clients bid a fixed price, not the equilibrium policy the mean field and simulate play.\n" }
        return text
    }

    static func render(_ r: ExchangeLiveRun) -> String {
        var text = "live exchange \(r.market): settled in round \(r.settledRound) after \(r.rounds) round closes; "
        text += "\(r.requests) requests, \(Format.fixed(r.requestsPerSecond, 0)) per second\n"
        text += "live trades \(r.matchesOffline ? "equal" : "DIFFER FROM") the offline settlement (surplus exchange)"
        text += r.sameOrder ? "\n\n" : "; the participants' ids do not sort in the scenario's order, so the live engine saw another order\n\n"
        var table = TextTable(header: ["buyer", "seller", "quantity", "unit price", "payment", "offline payment"])
        for (k, trade) in r.trades.enumerated() {
            let offline = r.offlineTrades.indices.contains(k) ? r.offlineTrades[k].payment.description : "-"
            table.append([trade.buyer, trade.seller, Format.fixed(trade.quantity, 3), Format.fixed(trade.unitPrice, 4),
                          trade.payment.description, offline])
        }
        return text + table.render()
    }
}

extension MarketKind: ExpressibleByArgument {}

/// Runs async work from a synchronous command and waits for it (the command line's
/// `run()` is synchronous; the agents' requests are async).
enum AsyncBridge {
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        guard let result = outcome.withLock({ $0 }) else { throw CancellationError() }
        return try result.get()
    }
}
