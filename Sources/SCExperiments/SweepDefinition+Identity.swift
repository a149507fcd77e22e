import Crypto
import Foundation
import SCModel
import SCScenario

extension SweepDefinition {
    /// The definition as resolved, as a JSON object: what makes two sweeps the same.
    ///
    /// The base scenario (with the `set` block, every default filled in), the varied keys,
    /// the design, every point's values, the replicate count and the base seed. The name
    /// and the file's path are left out: a sweep file renamed or moved is the same sweep.
    ///
    /// A Morris, Saltelli or OFAT design adds `design_settings` (method, settings, and the
    /// intervals sampled), which `scsim-sa` reads to analyse the runs; the older designs
    /// leave it out, so their sweeps keep their identities.
    public var resolvedDefinition: [String: Any] {
        var object: [String: Any] = [
            "format": 1,
            "base_scenario": ScenarioSerializer.identityObject(baseParameters),
            "parameters": parameters.map(\.path),
            "design": design.description,
            "points": points.map { $0.values.map(SweepDefinition.jsonValue) },
            "replicates": replicates,
            "seed": baseSeed,
        ]
        if let settings = design.settingsObject(parameters) {
            object["design_settings"] = settings
        }
        return object
    }

    /// SHA-256 of the resolved definition's canonical JSON (sorted keys): the identity a
    /// database records, so that resuming, sharding and merging refuse another sweep's runs.
    public var identity: String {
        SweepDefinition.sha256Hex(SweepDefinition.canonicalJSON(resolvedDefinition))
    }

    /// The SHA-256 digest (swift-crypto) of `bytes` as 64 lowercase hex digits.
    static func sha256Hex<D: DataProtocol>(_ bytes: D) -> String {
        SHA256.hash(data: bytes).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// `identity`'s first 12 digits and the name, for messages.
    public var label: String { "'\(name)', definition \(identity.prefix(12))" }

    static func canonicalJSON(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    static func jsonValue(_ value: ParameterValue) -> Any {
        switch value {
        case .number(let x): return x
        case .integer(let x): return x
        case .boolean(let x): return x
        case .text(let x): return x
        }
    }
}
