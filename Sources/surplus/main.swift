import Foundation
import SurplusCLI

exit(Surplus.main(arguments: Array(CommandLine.arguments.dropFirst())))
