import SCRandom

/// Which friendship network a run starts from, as a scenario names it.
///
/// The scenario layer parses a `network:` section into one of these cases; the engine only
/// calls `build(nodeCount:random:)`. Keeping the choice a plain value (not a protocol of
/// generator objects) means a scenario can be compared, printed and stored in a manifest,
/// and adding a generator is one case plus one file.
public enum NetworkSpec: Equatable, Sendable {
    /// A ring lattice of degree `k` with each tie rewired with probability `rewire`
    /// (Watts and Strogatz 1998): high clustering with short paths.
    case wattsStrogatz(k: Int, rewire: Double)
    /// G(n, p) with p chosen to give the mean degree (Erdos and Renyi 1959): the
    /// structureless baseline.
    case erdosRenyi(meanDegree: Double)
    /// Preferential attachment with `m` ties per newcomer (Barabasi and Albert 1999):
    /// hubs and a heavy-tailed degree distribution.
    case barabasiAlbert(m: Int)
    /// Equal-sized communities with tie probability `pIn` inside and `pOut` across
    /// (Holland, Laskey and Leinhardt 1983): segregated groups.
    case stochasticBlock(blocks: Int, pIn: Double, pOut: Double)
    /// A fixed network read from a file of id pairs, for empirical networks.
    case edgeList(path: String)

    /// Builds the network on `nodeCount` citizens, drawing only from `random`.
    ///
    /// The same spec, node count and stream state always give the same graph, tie for
    /// tie and in the same neighbour order, so a run is reproducible from its seed.
    ///
    /// - Throws: `NetworkSpecError` for parameters the generator cannot honour, and
    ///   `EdgeListError` for an unreadable or malformed edge list.
    public func build(nodeCount: Int, random: RandomStream) throws -> FriendshipGraph {
        try validate(nodeCount: nodeCount)
        switch self {
        case let .wattsStrogatz(k, rewire):
            return WattsStrogatz.generate(nodeCount: nodeCount, k: k, rewire: rewire, random: random)
        case let .erdosRenyi(meanDegree):
            return ErdosRenyi.generate(nodeCount: nodeCount, meanDegree: meanDegree, random: random)
        case let .barabasiAlbert(m):
            return BarabasiAlbert.generate(nodeCount: nodeCount, m: m, random: random)
        case let .stochasticBlock(blocks, pIn, pOut):
            return StochasticBlock.generate(nodeCount: nodeCount, blocks: blocks, pIn: pIn, pOut: pOut, random: random)
        case let .edgeList(path):
            return try EdgeListReader.read(path: path, nodeCount: nodeCount)
        }
    }

    /// Checks the parameters against `nodeCount` without building anything.
    ///
    /// The generators themselves only `precondition` their arguments; this is where a bad
    /// scenario becomes a readable error instead of a crash. The scenario layer may call it
    /// early to report every problem before a run starts.
    ///
    /// - Throws: `NetworkSpecError` naming the offending parameter.
    public func validate(nodeCount: Int) throws {
        func fail(_ message: String) throws -> Never { throw NetworkSpecError(message: message) }
        guard nodeCount >= 0 else { try fail("population must not be negative, got \(nodeCount)") }
        switch self {
        case let .wattsStrogatz(k, rewire):
            if k < 0 || k % 2 != 0 { try fail("watts-strogatz k must be an even number >= 0, got \(k)") }
            if k > nodeCount { try fail("watts-strogatz k = \(k) exceeds the population of \(nodeCount)") }
            if !(0...1).contains(rewire) { try fail("watts-strogatz rewire probability must be in 0...1, got \(rewire)") }
        case let .erdosRenyi(meanDegree):
            if !(meanDegree >= 0) { try fail("erdos-renyi mean degree must be >= 0, got \(meanDegree)") }
            if nodeCount > 1 && meanDegree > Double(nodeCount - 1) {
                try fail("erdos-renyi mean degree \(meanDegree) exceeds population - 1 = \(nodeCount - 1)")
            }
        case let .barabasiAlbert(m):
            if m < 1 { try fail("barabasi-albert m must be >= 1, got \(m)") }
            if m >= nodeCount { try fail("barabasi-albert m = \(m) must be below the population of \(nodeCount)") }
        case let .stochasticBlock(blocks, pIn, pOut):
            if blocks < 1 { try fail("stochastic-block blocks must be >= 1, got \(blocks)") }
            if blocks > max(1, nodeCount) { try fail("stochastic-block blocks = \(blocks) exceeds the population of \(nodeCount)") }
            if !(0...1).contains(pIn) { try fail("stochastic-block pIn must be in 0...1, got \(pIn)") }
            if !(0...1).contains(pOut) { try fail("stochastic-block pOut must be in 0...1, got \(pOut)") }
        case .edgeList:
            break  // The file is checked line by line as it is read.
        }
    }
}

/// A network parameter that cannot produce a graph (for example an odd lattice degree).
public struct NetworkSpecError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong, phrased for the person who wrote the scenario.
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
