/// The yearly savings estimate of the rooftop-PV case study (paper 000, Sec. VI).
///
/// The paper prices one agent's year in the market as
///
///     (H_client (s - k) + H_server (k - c_serve)) x dollarsPerUnit x trade ratio
///
/// with H_client = 1115 hours in which an Austin agent is a client, H_server = 692
/// (the hours in which an El Paso agent is a client, so the Austin agent serves),
/// one currency unit = 2.5 cents, and the market's trade ratio: about $112.8.
/// Under net metering it charges each client hour 10/100 dollars (-$111.5 for
/// Austin's 1115 hours, -$69.2 for El Paso's 692). Note that 10/100 is s read in
/// cents, whereas the market figure prices s in 2.5-cent units (s x 0.025 = $0.25
/// per hour); `netMeteringCostPerClientHour` keeps the printed 0.10 and the README
/// says so.
public struct SavingsStudy: Codable, Sendable, Hashable {
    /// Hours a year in which the agent is a client.
    public var clientHours: Double
    /// Hours a year in which the agent serves.
    public var serverHours: Double
    /// Dollars per currency unit (0.025 in the paper).
    public var dollarsPerUnit: Double
    /// Dollars per client hour under net metering (0.10 as printed in the paper).
    public var netMeteringCostPerClientHour: Double

    public init(clientHours: Double, serverHours: Double, dollarsPerUnit: Double, netMeteringCostPerClientHour: Double) {
        self.clientHours = clientHours
        self.serverHours = serverHours
        self.dollarsPerUnit = dollarsPerUnit
        self.netMeteringCostPerClientHour = netMeteringCostPerClientHour
    }

    /// The yearly result in `market` (the surplus s and server cost c_serve of its first
    /// type, its price k) at trade ratio `tradeRatio`.
    public func evaluate(_ market: MarketParameters, tradeRatio: Double) -> Savings {
        let surplus = market.types.first?.surplus ?? 0, serveCost = market.types.first?.serveCost ?? 0
        let perTrade = clientHours * (surplus - market.price) + serverHours * (market.price - serveCost)
        return Savings(
            marketSavingsPerYear: perTrade * dollarsPerUnit * tradeRatio,
            netMeteringClientCostPerYear: -clientHours * netMeteringCostPerClientHour,
            netMeteringServerCostPerYear: -serverHours * netMeteringCostPerClientHour)
    }

    /// Dollars a year.
    public struct Savings: Codable, Sendable, Hashable {
        /// Savings of an agent that trades in the market.
        public var marketSavingsPerYear: Double
        /// Net metering, agent with `clientHours` as a client (the paper's Austin figure).
        public var netMeteringClientCostPerYear: Double
        /// Net metering, agent with `serverHours` as a client (the paper's El Paso figure).
        public var netMeteringServerCostPerYear: Double
    }
}
