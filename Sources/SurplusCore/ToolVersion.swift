/// The version of Surplus: what `surplus --version` prints and every JSON result,
/// sweep manifest and server response carries, so a number can be traced to the code
/// that computed it.
public enum ToolVersion {
    public static let current = "0.6.0"
}
