/// The parameters as a flat JSON-ready dictionary and back, for checkpoints.
///
/// Flat on purpose (`"score.eta": 0.3`): it goes through `ParameterCatalog` in both
/// directions, so every key the catalogue knows survives, with its exact value (numbers as
/// JSON doubles round-trip exactly), and nothing else is needed to rebuild the run.
extension ModelParameters {
    /// Every catalogue key, the goods and the timeline.
    public func archive() -> [String: Any] {
        var values: [String: Any] = [:]
        for spec in ParameterCatalog.all { values[spec.path] = ModelParameters.archiveValue(spec.value(in: self)) }
        return [
            "values": values,
            "goods": goods.map {
                ["name": $0.name, "approval": ModelParameters.archiveValue(.number($0.approval)),
                 "price": ModelParameters.archiveValue(.number($0.price))] as [String: Any]
            },
            "timeline": timeline.map { event -> [String: Any] in
                ["at": event.step,
                 "set": event.assignments.map { ["path": $0.path, "value": ModelParameters.archiveValue($0.value)] as [String: Any] }]
            },
        ]
    }

    /// Rebuilds parameters from `archive()`'s output.
    public init(archive: [String: Any]) throws {
        self.init()
        guard let values = archive["values"] as? [String: Any] else { throw ArchiveError("parameters lack their values") }
        for spec in ParameterCatalog.all {
            guard let raw = values[spec.path] else { continue }
            let value = try ModelParameters.parameterValue(raw, domain: spec.domain)
            if let problem = spec.assign(value, to: &self) { throw ArchiveError("\(spec.path): \(problem)") }
        }
        goods = try (archive["goods"] as? [[String: Any]] ?? []).map { entry in
            guard let name = entry["name"] as? String, let approval = entry["approval"],
                  case .number(let a) = try ModelParameters.parameterValue(approval, domain: .number(.any)),
                  let price = entry["price"], case .number(let c) = try ModelParameters.parameterValue(price, domain: .number(.any)) else {
                throw ArchiveError("bad goods entry")
            }
            return Good(name: name, approval: a, price: c)
        }
        timeline = try (archive["timeline"] as? [[String: Any]] ?? []).map { entry in
            guard let at = entry["at"] as? Int, let settings = entry["set"] as? [[String: Any]] else { throw ArchiveError("bad timeline entry") }
            return PolicyEvent(step: at, assignments: try settings.map { setting in
                guard let path = setting["path"] as? String, let spec = ParameterCatalog.spec(for: path), let raw = setting["value"] else {
                    throw ArchiveError("bad timeline assignment")
                }
                return ParameterAssignment(path: path, value: try ModelParameters.parameterValue(raw, domain: spec.domain))
            })
        }
    }

    static func archiveValue(_ value: ParameterValue) -> Any {
        switch value {
        // The bit pattern, in hex: JSON text does not always round-trip the last bit of a double.
        case .number(let x): return ["number": String(x.bitPattern, radix: 16)]
        case .integer(let x): return ["integer": x]
        case .boolean(let x): return ["boolean": x]
        case .text(let x): return ["text": x]
        }
    }

    static func parameterValue(_ raw: Any, domain: ParameterDomain) throws -> ParameterValue {
        guard let tagged = raw as? [String: Any], let (tag, payload) = tagged.first else { throw ArchiveError("bad value \(raw)") }
        switch tag {
        case "number": if let hex = payload as? String, let bits = UInt64(hex, radix: 16) { return .number(Double(bitPattern: bits)) }
        case "integer": if let x = payload as? Int { return .integer(x) }
        case "boolean": if let x = payload as? Bool { return .boolean(x) }
        case "text": if let x = payload as? String { return .text(x) }
        default: break
        }
        throw ArchiveError("bad value \(raw)")
    }
}

/// A checkpoint or archive that cannot be read.
public struct ArchiveError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
