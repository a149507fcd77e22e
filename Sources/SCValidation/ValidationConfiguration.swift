/// How much work each part of the suite does: `quick` fits in a debug test run, `full`
/// makes the table in docs/VALIDATION.md.
public struct ValidationConfiguration: Sendable {
    /// Every realisation's seed is derived from this.
    public var seed: UInt64 = 2006
    /// Threads for independent realisations (results do not depend on it).
    public var threads: Int = 1
    /// Check ids to run, by prefix (empty: all).
    public var only: [String] = []

    // Erdos-Renyi (Erdos and Renyi 1959).
    public var erClusteringNodes = 2000
    public var erClusteringMeanDegree = 10.0
    public var erClusteringRuns = 50
    public var erGiantNodes = 10_000
    public var erGiantMeanDegrees: [Double] = [1.5, 2, 4]
    public var erGiantRuns = 40

    // Watts-Strogatz (Watts and Strogatz 1998).
    public var wsNodes = 1000
    public var wsK = 10
    public var wsRewires: [Double] = [0.001, 0.01, 0.1, 1]
    public var wsRuns = 20
    /// Breadth-first searches per graph for L; nil: from every vertex (exact).
    public var wsPathSources: Int? = nil

    // Barabasi-Albert (Barabasi and Albert 1999).
    public var baNodes = 100_000
    public var baM = 3
    public var baMinimumDegree = 20
    public var baRuns = 10

    // Adaptive voter model (Holme and Newman 2006).
    /// N for the phi = 0.04 and 0.96 checks and the community-size distributions.
    public var voterExtremeNodes = 3200
    public var voterExtremeRuns = 20
    /// Sizes and phi values of the finite-size scaling of S.
    public var voterSizes = [200, 400, 800, 1600]
    public var voterPhis: [Double] = [0.40, 0.42, 0.44, 0.46, 0.48, 0.50, 0.52, 0.54, 0.56]
    public var voterRuns = 200
    /// Bootstrap resamples for the uncertainty of phi_c.
    public var bootstrapResamples = 400

    // Collective refusal's threshold rule (Watts 2002).
    public var wattsNodes = 10_000
    /// Mean degrees of the cascade-window curve (Figure 1), and which of them are checked
    /// inside the window (frequency above `wattsInsideBound`) and well outside it (below
    /// `wattsOutsideBound`); the others are only plotted.
    public var wattsMeanDegrees: [Double] = [0.5, 1, 1.5, 2, 3, 4, 5, 6, 7, 8, 10, 12]
    public var wattsInsideWindow: [Double] = [2, 3, 4]
    public var wattsOutsideWindow: [Double] = [0.5, 12]
    public var wattsInsideBound = 0.1
    public var wattsOutsideBound = 0.02
    public var wattsRuns = 400
    /// The share of nodes a cascade must reach to count as global.
    public var wattsGlobalShare = 0.1

    public init() {}

    /// The full suite (minutes in release on two cores).
    public static func full(threads: Int) -> ValidationConfiguration {
        var c = ValidationConfiguration()
        c.threads = threads
        return c
    }

    /// A reduced suite for `swift test` (about 30 s in a debug build): smaller graphs and
    /// fewer realisations; the tolerances follow from the run counts the same way.
    public static func quick(threads: Int) -> ValidationConfiguration {
        var c = ValidationConfiguration()
        c.threads = threads
        c.erClusteringNodes = 1000
        c.erClusteringRuns = 10
        c.erGiantNodes = 2000
        c.erGiantMeanDegrees = [2, 4]
        c.erGiantRuns = 10
        c.wsRewires = [0.01, 0.1, 1]
        c.wsRuns = 5
        c.wsPathSources = 100
        c.baNodes = 20_000
        c.baMinimumDegree = 12
        c.baRuns = 5
        c.voterExtremeNodes = 400
        c.voterExtremeRuns = 10
        c.voterSizes = [100, 200, 400]
        c.voterPhis = [0.40, 0.44, 0.48, 0.52, 0.56]
        c.voterRuns = 30
        c.bootstrapResamples = 200
        c.wattsMeanDegrees = [0.5, 2, 3, 4, 12]
        c.wattsRuns = 60
        // With 60 seeds and none cascading, 3.5 Agresti-Coull SE is 0.076: the bound
        // outside the window must sit above that.
        c.wattsOutsideBound = 0.1
        return c
    }

    /// The stems of every check id the suite can make (ids with a number in them, such as
    /// `er.giant.c1.5` or `ws.C.p0.01`, are listed up to the number).
    public static let checkIDStems = [
        "er.clustering", "er.giant.c", "ws.C0", "ws.L0", "ws.C.p", "ws.L.p", "ba.exponent", "ba.exponent.exact",
        "voter.phi0.04.giant", "voter.distribution", "voter.phi0.96.size", "voter.phi0.96.nogiant", "voter.phic",
    ]

    /// The `only` prefixes that select no check: neither a beginning of a check id nor a
    /// check id with its number (`voter.phi` is a beginning, `er.giant.c4` an id with its
    /// number, `no-such-check` neither).
    public var unknownOnlyPrefixes: [String] {
        only.filter { prefix in !Self.checkIDStems.contains { $0.hasPrefix(prefix) || prefix.hasPrefix($0) } }
    }

    /// Whether the check `id` is selected by `only`.
    func wants(_ id: String) -> Bool { only.isEmpty || only.contains { id.hasPrefix($0) } }

    /// Whether some selected check may lie in the group `prefix` (so its runs are needed):
    /// `only` = `ws.C0` needs the `ws` section, `only` = `voter` needs `voter.phic`.
    func needs(_ prefix: String) -> Bool { only.isEmpty || only.contains { $0.hasPrefix(prefix) || prefix.hasPrefix($0) } }
}
