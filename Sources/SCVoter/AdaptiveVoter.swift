import SCModel
import SCNetwork
import SCRandom

/// The adaptive (coevolving) voter model of Holme and Newman (2006, Phys. Rev. E 74,
/// 056108), run on the engine's services: the friendship graph, the network generators,
/// GSL streams keyed by (seed, step, phase, block), the network metrics and the run
/// machinery (`SimulationModel`). Only the rules below are its own.
///
/// N vertices start on the scenario's network (Holme and Newman: Erdos-Renyi with mean
/// degree 4) with opinions drawn uniformly from G = N / gamma. One vertex update picks a
/// vertex i uniformly among those with at least one tie; with probability phi one of i's
/// ties, chosen uniformly, has its far end moved to a vertex chosen uniformly among the
/// other holders of i's opinion; otherwise i adopts the opinion of a neighbour chosen
/// uniformly. The run ends at consensus: no tie joins two different opinions.
///
/// One step of the time series is a sweep of N updates (the paper's time unit is one
/// update); the step in which consensus is reached stops at that update, and `updates`
/// counts them exactly. The graph stays simple: the new end of a moved tie is drawn again
/// while it is already a neighbour of i (networkx's convention when rewiring), and the
/// move is rejected only when i is tied to every other holder of its opinion
/// (docs/VALIDATION.md explains the choice).
public final class AdaptiveVoter {
    /// Parameters of the run (`voter.phi`, `voter.gamma`, the network keys, seed, output).
    public let parameters: ModelParameters
    /// Steps (sweeps) completed so far.
    public private(set) var step = 0
    /// Vertex updates done so far (the paper's time).
    public private(set) var updates = 0
    /// The network, the opinions and this step's counts.
    var state: VoterState

    /// phi, the tie-move probability.
    let movesProbability: Double
    let random: RandomStream

    /// Builds step 0: the scenario's network and uniformly drawn opinions.
    ///
    /// - Throws: `EdgeListError` when an edge-list network cannot be read.
    public convenience init(parameters: ModelParameters) throws {
        let seed = UInt64(parameters.seed)
        let networkStream = RandomStream(kind: parameters.generator,
                                         key: StreamKey(seed: seed, step: StreamKey.initialisationStep, phase: VoterPhase.initialNetwork, block: 0))
        let graph = try parameters.networkSpec.build(nodeCount: parameters.populationSize, random: networkStream)
        let opinionStream = RandomStream(kind: parameters.generator,
                                         key: StreamKey(seed: seed, step: StreamKey.initialisationStep, phase: VoterPhase.initialOpinions.rawValue, block: 0))
        let count = AdaptiveVoter.opinionCount(parameters)
        let opinion = (0..<parameters.populationSize).map { _ in Int32(opinionStream.uniformInt(count)) }
        self.init(parameters: parameters, graph: graph, opinion: opinion, opinionCount: count)
    }

    /// A model over a given network and opinions, for tests that set the state by hand.
    public init(parameters: ModelParameters, graph: FriendshipGraph, opinion: [Int32], opinionCount: Int) {
        precondition(graph.nodeCount == opinion.count, "graph and opinion counts differ")
        GSLRuntime.prepare()
        self.parameters = parameters
        state = VoterState(graph: graph, groups: OpinionGroups(opinion: opinion, opinionCount: opinionCount))
        movesProbability = parameters.voterPhi
        random = RandomStream(kind: parameters.generator)
    }

    /// G = N / gamma rounded, at least 1.
    public static func opinionCount(_ parameters: ModelParameters) -> Int {
        max(1, Int((Double(parameters.populationSize) / parameters.voterGamma).rounded()))
    }

    /// The network; ties move, their number never changes.
    public var graph: FriendshipGraph { state.graph }
    /// Opinions and their holder lists.
    public var groups: OpinionGroups { state.groups }
    /// Ties joining two different opinions; consensus when 0.
    public var discordantTies: Int { state.discordantTies }
    /// This step's opinion changes.
    public var adoptions: Int { state.adoptions }
    /// This step's tie moves.
    public var tieMoves: Int { state.tieMoves }
    /// This step's rejected tie moves (the new end was already a neighbour, or i is its
    /// opinion's only holder).
    public var rejectedMoves: Int { state.rejectedMoves }

    /// Whether no tie joins two different opinions (the absorbing state).
    public var atConsensus: Bool { state.discordantTies == 0 }

    /// Runs one step: N vertex updates, or fewer if consensus comes first.
    ///
    /// All draws come from the stream keyed (seed, step, `VoterPhase.updates`, 0).
    public func advance() {
        random.reseed(StreamKey(seed: UInt64(parameters.seed), step: UInt64(step), phase: VoterPhase.updates.rawValue, block: 0))
        updates += state.sweep(limit: state.graph.nodeCount, phi: movesProbability, random: random)
        step += 1
    }
}

/// Everything the rules change, in one value so that a sweep works on it through a single
/// `inout` access rather than one dynamic exclusivity check per read of a class property.
struct VoterState {
    var graph: FriendshipGraph
    var groups: OpinionGroups
    var discordantTies = 0
    var adoptions = 0
    var tieMoves = 0
    var rejectedMoves = 0

    init(graph: FriendshipGraph, groups: OpinionGroups) {
        self.graph = graph
        self.groups = groups
        for (i, j) in graph.edges() where groups.opinion[Int(i)] != groups.opinion[Int(j)] { discordantTies += 1 }
    }

    /// Up to `limit` vertex updates, stopping at consensus; returns the number done.
    mutating func sweep(limit: Int, phi: Double, random: RandomStream) -> Int {
        adoptions = 0
        tieMoves = 0
        rejectedMoves = 0
        var done = 0
        while done < limit && discordantTies > 0 {
            update(phi: phi, random: random)
            done += 1
        }
        return done
    }

    /// One vertex update (the paper's time step).
    mutating func update(phi: Double, random: RandomStream) {
        let n = graph.nodeCount
        // A uniform vertex among those with ties, by rejection (ties exist: discordantTies > 0).
        var i = random.uniformInt(n)
        while graph.degree[i] == 0 { i = random.uniformInt(n) }
        let moveTie = random.uniform() < phi
        let first = graph.start[i], degree = Int(graph.degree[i])
        let j = Int(graph.slots[first + random.uniformInt(degree)])
        let mine = Int(groups.opinion[i])
        if moveTie {
            // The new end: uniform among the other holders of i's opinion that are not
            // already its neighbours (redrawn, as networkx's rewiring does); the move is
            // rejected only when i is already tied to every other holder.
            let holders = groups.size(of: mine)
            let mineCode = Int32(mine)
            var tiedHolders = 0
            for slot in first..<(first + degree) where groups.opinion[Int(graph.slots[slot])] == mineCode { tiedHolders += 1 }
            guard tiedHolders < holders - 1 else { rejectedMoves += 1; return }
            let own = Int(groups.position[i])
            var k: Int
            repeat {
                var index = random.uniformInt(holders - 1)
                if index >= own { index += 1 }
                k = Int(groups.holders[mine][index])
            } while graph.contains(i, k)
            if Int(groups.opinion[j]) != mine { discordantTies -= 1 }
            graph.removeEdge(i, j)
            graph.addEdge(i, k)
            tieMoves += 1
        } else {
            let theirs = Int(groups.opinion[j])
            guard theirs != mine else { return }
            let mineCode = Int32(mine), theirsCode = Int32(theirs)
            for slot in first..<(first + degree) {
                let w = groups.opinion[Int(graph.slots[slot])]
                if w == mineCode { discordantTies += 1 } else if w == theirsCode { discordantTies -= 1 }
            }
            groups.move(i, to: theirs)
            adoptions += 1
        }
    }
}
