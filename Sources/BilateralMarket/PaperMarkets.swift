import SurplusCore

extension MarketParameters {
    /// The settings of paper 000, Sec. V-B, the computing-cluster market of Table I:
    /// beta = 0.98, p_s = p_c = 0.5, alpha = 1.1, s = 8, c_serve = 6, c_lose = 0.5,
    /// k = 7, Psi = U[0,5] (Table I also has U[5,10]). They are the defaults of
    /// `MarketParameters` and of every missing field of a `MarketScenario`.
    public enum SectionVB {
        /// Table I's middle column, the model the text discusses first.
        public static let model = CreditModel.bank
        /// Eq. (1) as printed: the reading under which Table I reproduces.
        public static let interest = InterestReading.equation1
        public static let price = 7.0
        public static let beta = 0.98
        public static let clientProbability = 0.5
        public static let alpha = 1.1
        public static let surplus = 8.0
        public static let serveCost = 6.0
        public static let loseCost = 0.5
        public static let initialBudget = BudgetRange(low: 0, high: 5)
        /// The two budget laws of Table I's columns: U[0,5] and the "sufficient" U[5,10].
        public static let tableIBudgets = [initialBudget, BudgetRange(low: 5, high: 10)]
    }

    /// A market with the settings of Sec. V-B for credit model `model`, budget law
    /// Psi = U[`budget`] and price k.
    public static func sectionVB(
        _ model: CreditModel, budget: BudgetRange = SectionVB.initialBudget, price: Double = SectionVB.price,
        interest: InterestReading = SectionVB.interest
    ) throws -> MarketParameters {
        try MarketParameters(model: model, interest: interest, price: price, initialBudget: budget)
    }

    /// The six markets of Table I in its order: each budget law of
    /// `SectionVB.tableIBudgets`, under the Hard, Bank and Loan models.
    public static func tableI() throws -> [MarketParameters] {
        try SectionVB.tableIBudgets.flatMap { budget in
            try CreditModel.allCases.map { try sectionVB($0, budget: budget) }
        }
    }

    /// The rooftop-PV market of Sec. VI: Austin agents are clients 60% of the daytime
    /// hours, El Paso agents 40% (the normalized weather frequencies 0.28 and 0.17);
    /// s = 10 and c_serve = 5 (2.5-cent units), k = 7.5, Psi = U[5,10]. The paper gives
    /// neither the credit model, beta, alpha, c_lose nor the type shares: the Bank model
    /// and Sec. V-B's beta, alpha and c_lose are used, with equal shares.
    public static func sectionVI() throws -> MarketParameters {
        try MarketParameters(
            model: .bank, price: 7.5, surplus: 10, serveCost: 5, initialBudget: BudgetRange(low: 5, high: 10),
            types: [
                AgentType(name: "Austin", share: 0.5, clientProbability: 0.6),
                AgentType(name: "El Paso", share: 0.5, clientProbability: 0.4),
            ])
    }
}

extension SavingsStudy {
    /// Sec. VI's yearly figures: 1115 client hours (Austin) and 692 (El Paso, the hours an
    /// Austin agent serves), one currency unit = 2.5 cents, net metering at 10/100 dollars
    /// per client hour as printed. The hours come from the paper's weather traces.
    public static let sectionVI = SavingsStudy(
        clientHours: 1115, serverHours: 692, dollarsPerUnit: 0.025, netMeteringCostPerClientHour: 0.10)
}
