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
/// counts them exactly. A tie move whose new end is already a neighbour of i (including
/// the old end itself) is rejected and the update does nothing, so the graph stays simple
/// and the new end is still drawn uniformly (docs/VALIDATION.md explains the choice).
public final class AdaptiveVoter {
    /// Parameters of the run (`voter.phi`, `voter.gamma`, the network keys, seed, output).
    public let parameters: ModelParameters
    /// The network; ties move, their number never changes.
    public private(set) var graph: FriendshipGraph
    /// Opinions and their holder lists.
    public private(set) var groups: OpinionGroups
    /// Steps (sweeps) completed so far.
    public private(set) var step = 0
    /// Vertex updates done so far (the paper's time).
    public private(set) var updates = 0
    /// Ties joining two different opinions; consensus when 0.
    public private(set) var discordantTies = 0
    /// This step's counts: opinion adoptions that changed an opinion, tie moves made, and
    /// tie moves rejected (the new end was already a neighbour, or i is its opinion's only holder).
    public private(set) var adoptions = 0
    public private(set) var tieMoves = 0
    public private(set) var rejectedMoves = 0

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
        self.graph = graph
        groups = OpinionGroups(opinion: opinion, opinionCount: opinionCount)
        movesProbability = parameters.voterPhi
        random = RandomStream(kind: parameters.generator)
        for (i, j) in graph.edges() where opinion[Int(i)] != opinion[Int(j)] { discordantTies += 1 }
    }

    /// G = N / gamma rounded, at least 1.
    public static func opinionCount(_ parameters: ModelParameters) -> Int {
        max(1, Int((Double(parameters.populationSize) / parameters.voterGamma).rounded()))
    }

    /// Whether no tie joins two different opinions (the absorbing state).
    public var atConsensus: Bool { discordantTies == 0 }

    /// Runs one step: N vertex updates, or fewer if consensus comes first.
    ///
    /// All draws come from the stream keyed (seed, step, `VoterPhase.updates`, 0).
    public func advance() {
        adoptions = 0
        tieMoves = 0
        rejectedMoves = 0
        random.reseed(StreamKey(seed: UInt64(parameters.seed), step: UInt64(step), phase: VoterPhase.updates.rawValue, block: 0))
        let n = graph.nodeCount
        var done = 0
        while done < n && discordantTies > 0 {
            update()
            done += 1
        }
        updates += done
        step += 1
    }

    /// One vertex update (the paper's time step).
    func update() {
        let n = graph.nodeCount
        // A uniform vertex among those with ties, by rejection (ties exist: discordantTies > 0).
        var i = random.uniformInt(n)
        while graph.degree[i] == 0 { i = random.uniformInt(n) }
        let moveTie = random.uniform() < movesProbability
        let first = graph.start[i], degree = Int(graph.degree[i])
        let j = Int(graph.slots[first + random.uniformInt(degree)])
        let mine = Int(groups.opinion[i])
        if moveTie {
            // The new end: uniform among the other holders of i's opinion.
            let holders = groups.size(of: mine)
            guard holders >= 2 else { rejectedMoves += 1; return }
            var index = random.uniformInt(holders - 1)
            if index >= Int(groups.position[i]) { index += 1 }
            let k = Int(groups.holders[mine][index])
            guard !graph.contains(i, k) else { rejectedMoves += 1; return }
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
