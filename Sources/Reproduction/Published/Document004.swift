/// What document 004 (the CMAP poster) states, as the report quotes it: the claims of its
/// analysis section and its one number. The poster prints no table, graph size or weights.
package enum Published004 {
    /// Where every claim and the number stand.
    package static let location = "Sec. 6"

    /// "CMAP behaves like Coordinate Ascent. When agents allocate one-after-another, it converges."
    package static let sequentialConverges = "when agents allocate one after another, it converges"
    /// "When agent allocate at the same time, it can oscillate and diverge."
    package static let simultaneousOscillatesAndDiverges = "when agents allocate at the same time, it can oscillate and diverge"
    /// The same claim, for the oscillation alone.
    package static let simultaneousOscillates = "when agents allocate at the same time, it can oscillate"
    /// "Behaviour is identical for k >= 1."
    package static let identicalForEveryCommunity = "behaviour is identical for k >= 1"
    /// "The numerical implementation gets to 98% of the equilibrium."
    package static let reachesShareOfEquilibrium = "the numerical implementation gets to 98% of the equilibrium"
    /// "It is outperformed by a self-maximizing strategy (proportional response)."
    package static let outperformedByProportionalResponse = "it is outperformed by a self-maximizing strategy (proportional response)"

    /// The share of the equilibrium the numerical implementation gets to, and how the poster prints it.
    package static let shareOfEquilibrium = (value: 0.98, printed: "98%")
}
