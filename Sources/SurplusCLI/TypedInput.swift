import SurplusCore

/// What the user typed, used to name an input error the way they wrote it: a module
/// names a field as the scenario file does (`menuPoints`, `types[1].share`,
/// `initialBudget.low`); when that field came from an option (`--menu-points`), the line
/// says `--menu-points`, and when it came from a file, it says `FILE: types[1].share`.
struct TypedInput {
    let arguments: [String]

    init(_ arguments: [String]) { self.arguments = arguments }

    func naming(_ error: InputError) -> InputError {
        let field = error.field
        guard !field.hasPrefix("-") else { return error }
        let head = String(field.prefix { $0 != "." && $0 != "[" })
        let option = "--" + Self.kebab(head)
        if typed(option) {
            let part = field.dropFirst(head.count).drop { $0 == "." }
            return InputError(field: part.isEmpty ? option : "\(option) \(part)", value: error.value, expected: error.expected)
        }
        if let file = fileArgument() {
            return InputError(field: "\(file): \(field)", value: error.value, expected: error.expected)
        }
        return error
    }

    /// Whether `option` was given, as `--name VALUE` or `--name=VALUE`.
    func typed(_ option: String) -> Bool {
        arguments.contains { $0 == option || $0.hasPrefix(option + "=") }
    }

    /// The scenario or graph file given, if any (a generator spec is not a file).
    func fileArgument() -> String? {
        for option in ["--scenario", "--graph"] {
            for (k, argument) in arguments.enumerated() {
                if argument == option, k + 1 < arguments.count, Self.isFile(arguments[k + 1]) { return arguments[k + 1] }
                if argument.hasPrefix(option + "="), Self.isFile(String(argument.dropFirst(option.count + 1))) {
                    return String(argument.dropFirst(option.count + 1))
                }
            }
        }
        return nil
    }

    static func isFile(_ text: String) -> Bool { text.hasSuffix(".json") || text.hasSuffix(".csv") }

    /// `menuPoints` -> `menu-points`.
    static func kebab(_ name: String) -> String {
        var out = ""
        for c in name {
            if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}
