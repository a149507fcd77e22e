import Foundation

/// `manifest.json` of a snapshot folder (`snapshots/step-NNNNNN/`): the run's identity, the
/// step, the counts and the files beside it.
///
/// Every field is written, absent values as `null`, so that a reader can decode it strictly.
/// The identity arrives from the run as a dictionary (the `SnapshotWritable` hook's
/// `identity`); the keys scsim's runs give are typed fields, and any other key an embedder
/// passes is kept in `otherIdentity` and written beside them.
public struct SnapshotManifest: Codable, Equatable, Sendable {
    public struct Files: Codable, Equatable, Sendable {
        public var edges = "edges.csv"
        public var citizens = "citizens.csv"
        public var graphml = "network.graphml"
        public init() {}
    }

    public var scsimVersion: String?
    public var gitCommit: String?
    public var scenarioFile: String?
    public var name: String?
    public var seed: Int?
    public var overrides: [String]?
    /// The step after which the snapshot was taken.
    public var step: Int
    public var citizens: Int
    public var edges: Int
    public var files = Files()
    /// Identity keys other than the ones above, as given.
    public var otherIdentity: [String: JSONValue] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case scsimVersion = "scsim_version", gitCommit = "git_commit", scenarioFile = "scenario_file", name, seed, overrides
        case step, citizens, edges, files
    }

    public init(identity: [String: Any], step: Int, citizens: Int, edges: Int) {
        scsimVersion = identity["scsim_version"] as? String
        gitCommit = identity["git_commit"] as? String
        scenarioFile = identity["scenario_file"] as? String
        name = identity["name"] as? String
        seed = identity["seed"] as? Int
        overrides = identity["overrides"] as? [String]
        self.step = step
        self.citizens = citizens
        self.edges = edges
        let named = Set(CodingKeys.allCases.map(\.rawValue))
        for (key, value) in identity where !named.contains(key) { otherIdentity[key] = JSONValue(value) }
    }

    struct OtherKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scsimVersion = try c.decode(String?.self, forKey: .scsimVersion)
        gitCommit = try c.decode(String?.self, forKey: .gitCommit)
        scenarioFile = try c.decode(String?.self, forKey: .scenarioFile)
        name = try c.decode(String?.self, forKey: .name)
        seed = try c.decode(Int?.self, forKey: .seed)
        overrides = try c.decode([String]?.self, forKey: .overrides)
        step = try c.decode(Int.self, forKey: .step)
        citizens = try c.decode(Int.self, forKey: .citizens)
        edges = try c.decode(Int.self, forKey: .edges)
        files = try c.decode(Files.self, forKey: .files)
        let named = Set(CodingKeys.allCases.map(\.rawValue))
        let others = try decoder.container(keyedBy: OtherKey.self)
        for key in others.allKeys where !named.contains(key.stringValue) {
            otherIdentity[key.stringValue] = try others.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scsimVersion, forKey: .scsimVersion)
        try c.encode(gitCommit, forKey: .gitCommit)
        try c.encode(scenarioFile, forKey: .scenarioFile)
        try c.encode(name, forKey: .name)
        try c.encode(seed, forKey: .seed)
        try c.encode(overrides, forKey: .overrides)
        try c.encode(step, forKey: .step)
        try c.encode(citizens, forKey: .citizens)
        try c.encode(edges, forKey: .edges)
        try c.encode(files, forKey: .files)
        var others = encoder.container(keyedBy: OtherKey.self)
        for (key, value) in otherIdentity { try others.encode(value, forKey: OtherKey(stringValue: key)) }
    }

    /// Pretty-printed JSON with sorted keys, as `manifest.json` is written.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
