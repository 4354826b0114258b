/// Welfare as a share of the optimum, the efficiency every mechanism reports
/// (PSP and the exchange against their LP optimum, a network against its equilibrium).
public enum Efficiency {
    /// welfare / optimum; 1 when the optimum is 0 or less (nothing could be gained, so nothing was lost).
    public static func ratio(_ welfare: Double, of optimum: Double) -> Double {
        optimum > 0 ? welfare / optimum : 1
    }
}
