import SCModel

/// The catalogue's dotted paths folded back into nested groups, in catalogue order.
///
/// The serializer writes both its nested YAML and its nested JSON from this one tree, so
/// the two cannot disagree on how keys nest.
struct KeyTree {
    /// A named value or a named group of further entries.
    struct Entry {
        let name: String
        var child: Child
    }

    indirect enum Child {
        case value(ParameterValue)
        case group([Entry])
    }

    /// Top-level entries in the order they were first inserted.
    private(set) var children: [Entry] = []

    /// Every scalar key with its value in `parameters`.
    init(_ parameters: ModelParameters) {
        for spec in ParameterCatalog.all {
            Self.insert(spec.path.split(separator: ".").map(String.init)[...], spec.value(in: parameters), into: &children)
        }
    }

    private static func insert(_ components: ArraySlice<String>, _ value: ParameterValue, into entries: inout [Entry]) {
        guard let first = components.first else { return }
        let rest = components.dropFirst()
        let position = entries.firstIndex { $0.name == first }
        if rest.isEmpty {
            if let position { entries[position].child = .value(value) } else { entries.append(Entry(name: first, child: .value(value))) }
            return
        }
        var subentries: [Entry] = []
        if let position, case .group(let existing) = entries[position].child { subentries = existing }
        insert(rest, value, into: &subentries)
        if let position { entries[position].child = .group(subentries) } else { entries.append(Entry(name: first, child: .group(subentries))) }
    }
}
