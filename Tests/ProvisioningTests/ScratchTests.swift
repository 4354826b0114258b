import Testing
@testable import Provisioning

@Test func scratch() throws {
    let m = try PoolModel.slidesExample(players: 100)
    let opts = try MonteCarloOptions(replications: 100, seed: 1)
    print("FB", FirstBest.solve(m, monteCarlo: opts))
    let p = try PostedMechanism.solve(m)
    print("P*", p, 100.0*100/64, 100.0/48, 3*100.0*100/128)
    let sb = try SecondBest.solve(m, monteCarlo: opts)
    print("SB", sb, (sb.welfare - 3*100.0*100/128)/100, 7.0/384)
    for c in ParticipantCounting.allCases {
        let a = try EqualContribution.postSize(m, counting: c, reference: p)
        let b = try EqualContribution.postFee(m, counting: c, reference: p)
        print(c, (a.welfare - p.welfare)/100, (b.welfare - p.welfare)/100)
    }
    let tm = try TariffProblem.slidesExample().solve()
    print("tariff", tm.exclusionThreshold, tm.welfarePerAgent, tm.centralWelfarePerAgent, tm.multiplier, tm.capacitySlack)
    for r in Bridge.FeeRule.allCases { print(try Bridge.audit(r)) }
    print(Bridge.firstBestWelfare(), try Bridge.secondBestThresholdByRoot())
    let it = try IterativeResponse.simulate(m, fee: p.fee, initialSize: p.size * 0.2)
    print(it.rounds.count, it.converged, it.finalSize, it.finalWelfare)
}
