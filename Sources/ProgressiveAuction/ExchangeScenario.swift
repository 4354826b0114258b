import SurplusCore

/// `surplus exchange --scenario`: the market and its optional readings, decoded
/// strictly (unknown fields are errors); field names are a contract.
public struct ExchangeScenario: Codable, Sendable, Equatable {
    public var epsilon: Double
    /// p^kappa; absent: no ISP fallback.
    public var ispPrice: Double?
    public var sellers: [ExchangeSeller]
    public var buyers: [ExchangeBuyer]
    /// Optional named readings; absent: the defaults of `ExchangeMarket.Options`.
    public var schedule: ExchangeSchedule?
    public var reserveRule: ReserveRule?
    public var paymentRule: PaymentRule?
    /// Optional: let Sec. 5 brokers move spare data from cheap to dear sellers
    /// (absent: the default of `ExchangeMarket.Options`, off).
    public var brokers: Bool?

    public init(epsilon: Double, ispPrice: Double?, sellers: [ExchangeSeller], buyers: [ExchangeBuyer]) {
        self.epsilon = epsilon
        self.ispPrice = ispPrice
        self.sellers = sellers
        self.buyers = buyers
    }

    /// The validated market.
    public func market() throws -> ExchangeMarket {
        try ExchangeMarket(sellers: sellers, buyers: buyers, epsilon: epsilon, ispPrice: ispPrice)
    }

    /// `ExchangeMarket.Options` with the scenario's overrides of its defaults.
    public func options(recordTrace: Bool = false) -> ExchangeMarket.Options {
        var options = ExchangeMarket.Options(recordTrace: recordTrace)
        if let schedule { options.schedule = schedule }
        if let reserveRule { options.reserveRule = reserveRule }
        if let paymentRule { options.paymentRule = paymentRule }
        if let brokers { options.brokers = brokers }
        return options
    }

    /// Buyer-seller pairs of a market whose round-by-round trace is kept.
    public static let maximumTracedPairs = 10_000

    /// Validates and settles the exchange (progress to `run.progress`).
    public func settle(recordTrace: Bool = false, run: RunOptions = .serial) throws -> ExchangeSummary {
        let market = try market()
        if recordTrace, sellers.count * buyers.count > Self.maximumTracedPairs {
            throw InputError(
                field: "trace", value: "\(buyers.count) buyers x \(sellers.count) sellers",
                expected: "at most \(Self.maximumTracedPairs) buyer-seller pairs: the trace keeps every bid of every round")
        }
        let options = options(recordTrace: recordTrace)
        return ExchangeSummary(market: market, options: options, outcome: market.settle(options: options, progress: run.progress))
    }
}
