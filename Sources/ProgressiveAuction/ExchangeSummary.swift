/// A settled exchange by participant id, with the readings it was settled
/// under (the JSON of `surplus exchange`; field names are a contract).
public struct ExchangeSummary: Codable, Sendable, Equatable {
    public var trades: [ExchangeTrade]
    /// Final p_*^j by seller id.
    public var reservePrices: [String: Double]
    /// Demand left unmet after the ISP fallback, by buyer id.
    public var unmetDemand: [String: Double]
    /// Data left unsold, by seller id.
    public var unsoldSupply: [String: Double]
    public var utilities: [String: Double]
    public var rounds: Int
    public var converged: Bool
    public var terminationRule: TerminationRule
    public var cycleDetectedAtRound: Int?
    public var patienceExhaustedAtRound: Int?
    public var welfare: Double
    public var optimalWelfare: Double
    /// `ExchangeOutcome.efficiency`.
    public var efficiency: Double
    public var epsilon: Double
    public var ispPrice: Double?
    public var schedule: ExchangeSchedule
    public var reserveRule: ReserveRule
    public var paymentRule: PaymentRule
    public var brokers: Bool
    /// The brokers' profit (0 when brokers are off or never act).
    public var brokerProfit: Double
    public var trace: [ExchangeRound]?

    public init(market: ExchangeMarket, options: ExchangeMarket.Options, outcome o: ExchangeOutcome) {
        trades = o.trades
        reservePrices = Dictionary(uniqueKeysWithValues: o.reservePrices.map { ($0.seller, $0.price) })
        unmetDemand = Dictionary(uniqueKeysWithValues: o.unmetDemand.map { ($0.buyer, $0.quantity) })
        unsoldSupply = Dictionary(uniqueKeysWithValues: o.unsoldSupply.map { ($0.seller, $0.quantity) })
        utilities = Dictionary(uniqueKeysWithValues: o.utilities.map { ($0.buyer, $0.utility) })
        rounds = o.rounds
        converged = o.converged
        terminationRule = o.terminationRule
        cycleDetectedAtRound = o.cycleDetectedAtRound
        patienceExhaustedAtRound = o.patienceExhaustedAtRound
        welfare = o.welfare
        optimalWelfare = o.optimalWelfare
        efficiency = o.efficiency
        epsilon = market.epsilon
        ispPrice = market.ispPrice
        schedule = options.schedule
        reserveRule = options.reserveRule
        paymentRule = options.paymentRule
        brokers = options.brokers
        brokerProfit = o.brokerProfit
        trace = o.trace
    }
}
