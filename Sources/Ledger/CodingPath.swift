/// The field a decoding error names: the coding path as a user reads it (`transfers[2].amount`),
/// or `defaultField` at the top level.
func fieldName(_ path: [any CodingKey], default defaultField: String) -> String {
    var field = ""
    for key in path {
        if let index = key.intValue { field += "[\(index)]" } else { field += (field.isEmpty ? "" : ".") + key.stringValue }
    }
    return field.isEmpty ? defaultField : field
}
