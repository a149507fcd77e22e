import SCModel
import SCNetwork
import SCRandom
import SCVoter
import Testing

/// The adaptive voter model's rules, bookkeeping and reproducibility.
@Suite struct AdaptiveVoterTests {
    static func parameters(n: Int = 400, phi: Double, seed: Int = 3) -> ModelParameters {
        var p = ModelParameters()
        p.model = "adaptive_voter"
        p.populationSize = n
        p.seed = seed
        p.networkGenerator = .erdosRenyi
        p.networkMeanDegree = 4
        p.voterPhi = phi
        p.voterGamma = 10
        return p
    }

    /// Discordant ties counted from scratch.
    static func recount(_ model: AdaptiveVoter) -> Int {
        model.graph.edges().filter { model.groups.opinion[Int($0.0)] != model.groups.opinion[Int($0.1)] }.count
    }

    @Test func startsWithGOpinionsOnTheScenarioNetwork() throws {
        let model = try AdaptiveVoter(parameters: Self.parameters(phi: 0.5))
        #expect(VoterPhase.initialNetwork == SCModel.Phase.initialNetwork.rawValue)
        #expect(model.groups.opinionCount == 40)
        #expect(model.agentCount == 400 && model.workerThreads == 1)
        #expect(abs(2 * Double(model.graph.edgeCount) / 400 - 4) < 0.6)
        #expect(model.discordantTies == Self.recount(model))
        #expect(model.columnNames.first == "step" && model.columnNames.contains("largest_community_frac"))
        // The initial network comes from the reference model's network stream (before the
        // reference model adds its collusion rings).
        let p = Self.parameters(phi: 0.5)
        let stream = RandomStream(kind: p.generator, key: StreamKey(seed: UInt64(p.seed), step: StreamKey.initialisationStep,
                                                                    phase: SCModel.Phase.initialNetwork.rawValue, block: 0))
        let expected = try p.networkSpec.build(nodeCount: p.populationSize, random: stream)
        #expect(expected.edges().map { [$0.0, $0.1] } == model.graph.edges().map { [$0.0, $0.1] })
    }

    @Test(arguments: [0.0, 0.3, 0.7, 1.0])
    func bookkeepingHoldsEveryStep(phi: Double) throws {
        let model = try AdaptiveVoter(parameters: Self.parameters(n: 200, phi: phi))
        let edges = model.graph.edgeCount
        let initialGraph = model.graph.edges().map { [$0.0, $0.1] }
        let initialOpinions = model.groups.opinion
        var steps = 0
        while !model.isFinished && steps < 2000 {
            model.advance()
            steps += 1
            #expect(model.discordantTies == Self.recount(model))
            #expect(model.graph.edgeCount == edges)
            if steps % 50 == 0 {
                #expect(model.graph.invariantViolations().isEmpty)
                #expect(model.groups.invariantViolations().isEmpty)
            }
        }
        #expect(model.graph.invariantViolations().isEmpty)
        #expect(model.groups.invariantViolations().isEmpty)
        if phi == 0 { #expect(model.graph.edges().map { [$0.0, $0.1] } == initialGraph, "phi = 0 never moves a tie") }
        if phi == 1 { #expect(model.groups.opinion == initialOpinions, "phi = 1 never changes an opinion") }
        if phi < 1 { #expect(model.isFinished, "reaches consensus") }
    }

    @Test func stopsAtConsensusWithinASweep() throws {
        let model = try AdaptiveVoter(parameters: Self.parameters(n: 300, phi: 0.5))
        while !model.isFinished { model.advance() }
        #expect(model.discordantTies == 0)
        #expect(model.updates <= model.step * 300 && model.updates > (model.step - 1) * 300)
        let row = model.observeRow(includeNetwork: true)
        #expect(row.count == model.columnNames.count)
        let census = model.communityCensus
        #expect(census.sizes.reduce(0, +) == 300)
        #expect(row[model.columnNames.firstIndex(of: "largest_community")!] == .integer(census.largest))
        #expect(row[model.columnNames.firstIndex(of: "consensus")!] == .integer(1))
        #expect(model.observationSchedule.plan(step: model.step - 1, lastStep: 1_000_000, finished: model.isFinished).row)
    }

    @Test func sameSeedSameRunOtherSeedOtherRun() throws {
        func finish(_ seed: Int) throws -> (CommunityCensus, Int, [[Int32]]) {
            let model = try AdaptiveVoter(parameters: Self.parameters(n: 300, phi: 0.45, seed: seed))
            while !model.isFinished { model.advance() }
            return (model.communityCensus, model.updates, model.graph.edges().map { [$0.0, $0.1] })
        }
        let a = try finish(5), b = try finish(5), c = try finish(6)
        #expect(a.0 == b.0 && a.1 == b.1 && a.2 == b.2)
        #expect(a.1 != c.1 || a.2 != c.2)
    }

    @Test func tieMovesGoToAnotherHolderOfTheSameOpinion() {
        // Path 0-1-2-3 with opinions A B A A: phi = 1, so only moves. Vertex 1 (B) holds its
        // opinion alone, so its moves are rejected; every move made joins two A holders.
        var graph = FriendshipGraph(nodeCount: 4, reservedDegree: 4)
        graph.addEdge(0, 1); graph.addEdge(1, 2); graph.addEdge(2, 3)
        var p = Self.parameters(n: 4, phi: 1)
        p.seed = 9
        let model = AdaptiveVoter(parameters: p, graph: graph, opinion: [0, 1, 0, 0], opinionCount: 2)
        #expect(model.discordantTies == 2)
        for _ in 0..<200 where !model.isFinished { model.advance() }
        #expect(model.isFinished)
        #expect(model.groups.opinion == [0, 1, 0, 0])
        #expect(model.graph.degree(of: 1) == 0, "B's ties all moved to A holders")
        #expect(model.graph.edgeCount == 3 && model.graph.invariantViolations().isEmpty)
        for (i, j) in model.graph.edges() { #expect(model.groups.opinion[Int(i)] == model.groups.opinion[Int(j)]) }
    }

    @Test func adoptionOnlyAtPhiZeroReachesOneOpinionOnAConnectedGraph() {
        // A triangle with three opinions: the voter model ends with one.
        var graph = FriendshipGraph(nodeCount: 3, reservedDegree: 2)
        graph.addEdge(0, 1); graph.addEdge(1, 2); graph.addEdge(0, 2)
        let model = AdaptiveVoter(parameters: Self.parameters(n: 3, phi: 0), graph: graph, opinion: [0, 1, 2], opinionCount: 3)
        for _ in 0..<1000 where !model.isFinished { model.advance() }
        #expect(model.isFinished && model.communityCensus.sizes == [3])
        #expect(model.graph.edgeCount == 3)
    }

    @Test func censusSummaries() {
        let census = CommunityCensus(sizes: [2, 5, 3], vertexCount: 10)
        #expect(census.sizes == [5, 3, 2] && census.largest == 5)
        #expect(census.largestFraction == 0.5 && census.secondFraction == 0.3)
        #expect(abs(census.meanSize - 10.0 / 3.0) < 1e-12)
        #expect(census.vertexMeanSize == 3.8)
        #expect(census.histogram == [0, 0, 1, 1, 0, 1])
    }
}
