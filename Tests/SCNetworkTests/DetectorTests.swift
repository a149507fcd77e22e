import Foundation
import Testing
import SCRandom
@testable import SCNetwork

/// The authority's detectors on planted graphs whose answer is known (issue 16).
struct DetectorTests {
    /// Sparse random background: Erdos-Renyi with mean degree 6.
    static func background(_ n: Int, seed: UInt64) -> FriendshipGraph {
        ErdosRenyi.generate(nodeCount: n, meanDegree: 6, random: RandomStream(seed: seed))
    }

    /// `count` distinct citizens drawn at random.
    static func distinct(_ count: Int, below n: Int, random: RandomStream, excluding: Set<Int32> = []) -> [Int32] {
        var chosen = Set<Int32>(), list: [Int32] = []
        while list.count < count {
            let i = Int32(random.uniformInt(n))
            if !excluding.contains(i), chosen.insert(i).inserted { list.append(i) }
        }
        return list
    }

    /// Precision and recall of `flagged` against `truth`.
    static func precisionRecall(_ flagged: [Int32], _ truth: [Int32]) -> (Double, Double) {
        let t = Set(truth), hits = flagged.filter { t.contains($0) }.count
        return (flagged.isEmpty ? 0 : Double(hits) / Double(flagged.count), Double(hits) / Double(truth.count))
    }

    /// ROC AUC with ties counting 1/2, by sorting (independent of the model's O(n) walk).
    static func auc(suspicion: [Double], positive: (Int) -> Bool) -> Double {
        let order = suspicion.indices.sorted { suspicion[$0] < suspicion[$1] }
        var rank = [Double](repeating: 0, count: order.count)
        var k = 0
        while k < order.count {
            var j = k
            while j + 1 < order.count && suspicion[order[j + 1]] == suspicion[order[k]] { j += 1 }
            for q in k...j { rank[order[q]] = Double(k + j) / 2 + 1 }
            k = j + 1
        }
        var positives = 0.0, sum = 0.0
        for i in suspicion.indices where positive(i) { positives += 1; sum += rank[i] }
        let negatives = Double(suspicion.count) - positives
        return (sum - positives * (positives + 1) / 2) / (positives * negatives)
    }

    @Test(arguments: [DenseSubgraph.Weighting.uniform, .logDegree(c: 5)])
    func aPlantedCliqueOf30IsFoundExactly(weighting: DenseSubgraph.Weighting) {
        let n = 10_000
        var graph = Self.background(n, seed: 11)
        let clique = Self.distinct(30, below: n, random: RandomStream(seed: 12))
        for a in 0..<clique.count { for b in (a + 1)..<clique.count { graph.addEdge(Int(clique[a]), Int(clique[b])) } }
        let found = DenseSubgraph.findBlocks(graph, count: 3, weighting: weighting)
        let flagged = found.blocks.filter { $0.density > 6 }.flatMap(\.members)
        let (precision, recall) = Self.precisionRecall(flagged, clique)
        #expect(precision == 1 && recall == 1, "precision \(precision), recall \(recall), blocks \(found.blocks.map { ($0.members.count, $0.density) })")
        #expect(found.blocks[0].members == clique.sorted())
        #expect(found.blocks[0].edges == 435)
        #expect(DenseSubgraph.internalEdges(graph, members: clique) == 435)
    }

    /// Three blocks of 25 fraudsters (ties inside with probability 0.7); each fraudster
    /// also befriends 40 random honest citizens (camouflage), so fraudsters look no denser
    /// than hubs by degree alone. Fifty honest hubs with 300 random friends each sit in
    /// the background. Weighted peeling flags the three blocks, and nobody else.
    @Test func camouflagedBlocksAreFoundByWeightedPeeling() {
        let n = 10_000
        var graph = Self.background(n, seed: 21)
        let random = RandomStream(seed: 22)
        let fraud = Self.distinct(75, below: n, random: random)
        let fraudSet = Set(fraud)
        let hubs = Self.distinct(50, below: n, random: random, excluding: fraudSet)
        for h in hubs {
            for _ in 0..<300 {
                let v = random.uniformInt(n)
                if !fraudSet.contains(Int32(v)) { graph.addEdge(Int(h), v) }
            }
        }
        for b in 0..<3 {
            let block = Array(fraud[(25 * b)..<(25 * b + 25)])
            for x in 0..<25 { for y in (x + 1)..<25 where random.uniform() < 0.7 { graph.addEdge(Int(block[x]), Int(block[y])) } }
        }
        for f in fraud {
            var added = 0
            while added < 40 {
                let v = Int32(random.uniformInt(n))
                if !fraudSet.contains(v), graph.addEdge(Int(f), Int(v)) { added += 1 }
            }
        }
        let weighted = DenseSubgraph.findBlocks(graph, count: 5, weighting: .logDegree(c: 5))
        let flagged = weighted.blocks.filter { $0.density > 6 }.flatMap(\.members)
        let (precision, recall) = Self.precisionRecall(flagged, fraud)
        #expect(precision == 1 && recall == 1,
                "weighted: precision \(precision), recall \(recall), blocks \(weighted.blocks.map { ($0.members.count, $0.density) })")
        // The peel order ranks fraudsters above everyone else.
        let position = weighted.peelPosition.map(Double.init)
        let rankAUC = Self.auc(suspicion: position) { fraudSet.contains(Int32($0)) }
        #expect(rankAUC > 0.99, "peel-order AUC \(rankAUC)")
        let plain = DenseSubgraph.findBlocks(graph, count: 5)
        let plainFlagged = plain.blocks.filter { $0.density > 6 }.flatMap(\.members)
        print("camouflage: weighted precision/recall \((precision, recall)), peel AUC \(rankAUC); uniform \(Self.precisionRecall(plainFlagged, fraud))")
    }

    /// An honest region (Erdos-Renyi, 5,000 citizens, mean degree 10) and a sybil region
    /// (1,000, mean degree 10) joined by `attackEdges` random ties; 20 honest seeds.
    @Test(arguments: [10, 30])
    func sybilRankPutsTheHonestRegionAbove(attackEdges: Int) {
        let honest = 5_000, sybils = 1_000, n = honest + sybils
        var graph = FriendshipGraph(nodeCount: n)
        let random = RandomStream(seed: 31)
        let honestPart = ErdosRenyi.generate(nodeCount: honest, meanDegree: 10, random: random)
        for (a, b) in honestPart.edges() { graph.addEdge(Int(a), Int(b)) }
        let sybilPart = ErdosRenyi.generate(nodeCount: sybils, meanDegree: 10, random: random)
        for (a, b) in sybilPart.edges() { graph.addEdge(honest + Int(a), honest + Int(b)) }
        var attacks = 0
        while attacks < attackEdges {
            if graph.addEdge(random.uniformInt(honest), honest + random.uniformInt(sybils)) { attacks += 1 }
        }
        let seeds = Self.distinct(20, below: honest, random: random)
        let iterations = SybilRank.iterations(nodeCount: n)
        #expect(iterations == 13)
        let trust = SybilRank.rank(graph, seeds: seeds, iterations: iterations)
        let auc = Self.auc(suspicion: trust.map { -$0 }) { $0 >= honest }
        #expect(auc > (attackEdges == 10 ? 0.95 : 0.9), "AUC \(auc) at \(attackEdges) attack edges per \(sybils) sybils")
        // Flagging the lowest-ranked 1,000 catches most sybils.
        let lowest = trust.indices.sorted { trust[$0] != trust[$1] ? trust[$0] < trust[$1] : $0 < $1 }.prefix(sybils)
        let caught = lowest.filter { $0 >= honest }.count
        #expect(Double(caught) / Double(sybils) > 0.9, "\(caught) of \(sybils) sybils in the lowest-ranked \(sybils)")
        // Trust is conserved: the total over citizens, sum of x(v) d_v, stays 1.
        let total = trust.indices.reduce(0.0) { $0 + trust[$1] * Double(graph.degree(of: $1)) }
        #expect(abs(total - 1) < 1e-9)
        print("sybilrank: \(attackEdges) attack edges per \(sybils) sybils: AUC \(auc), \(caught) sybils in the lowest \(sybils)")
    }

    @Test func sybilRankSplitsOverRangesWithTheSameResult() {
        let graph = Self.background(3_000, seed: 41)
        let seeds: [Int32] = [1, 50, 900]
        let whole = SybilRank.rank(graph, seeds: seeds, iterations: 12)
        var x = SybilRank.initialTrust(graph, seeds: seeds)
        var y = [Double](repeating: 0, count: 3_000)
        for _ in 0..<12 {
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    for lo in stride(from: 0, to: 3_000, by: 700) {
                        SybilRank.propagate(graph, from: xp.baseAddress!, into: yp.baseAddress!, citizens: lo..<min(3_000, lo + 700))
                    }
                }
            }
            swap(&x, &y)
        }
        #expect(x == whole)
    }

    /// The peel's objective is at least half the optimum, found by trying every subset, on
    /// random graphs of 4 to 12 citizens, unweighted and with FRAUDAR's weights.
    @Test func peelingIsWithinHalfOfTheBruteForceOptimum() {
        let random = RandomStream(seed: 51)
        var worst = (uniform: 1.0, weighted: 1.0)
        for trial in 0..<120 {
            let n = 4 + trial % 9
            let p = [0.2, 0.35, 0.5, 0.7][trial % 4]
            var graph = FriendshipGraph(nodeCount: n)
            var ties: [(Int, Int)] = []
            for a in 0..<n { for b in (a + 1)..<n where random.uniform() < p { graph.addEdge(a, b); ties.append((a, b)) } }
            guard !ties.isEmpty else { continue }
            let inverse = (0..<n).map { 1 / log(Double(graph.degree(of: $0)) + 5) }
            var optimum = (uniform: 0.0, weighted: 0.0)
            for mask in 1..<(1 << n) {
                let size = Double(mask.nonzeroBitCount)
                var e = 0.0, w = 0.0
                for (a, b) in ties where mask & (1 << a) != 0 && mask & (1 << b) != 0 {
                    e += 1
                    w += 0.5 * (inverse[a] + inverse[b])
                }
                optimum.uniform = max(optimum.uniform, e / size)
                optimum.weighted = max(optimum.weighted, w / size)
            }
            let uniform = DenseSubgraph.peel(graph).block
            let weighted = DenseSubgraph.peel(graph, weighting: .logDegree(c: 5)).block
            #expect(uniform.objective >= optimum.uniform / 2 - 1e-12, "n \(n): \(uniform.objective) vs optimum \(optimum.uniform)")
            #expect(weighted.objective >= optimum.weighted / 2 - 1e-12, "n \(n): \(weighted.objective) vs optimum \(optimum.weighted)")
            // The reported objective is the block's own.
            #expect(Double(uniform.edges) / Double(uniform.members.count) == uniform.objective)
            #expect(DenseSubgraph.internalEdges(graph, members: uniform.members) == uniform.edges)
            worst.uniform = min(worst.uniform, uniform.objective / optimum.uniform)
            worst.weighted = min(worst.weighted, weighted.objective / optimum.weighted)
        }
        #expect(worst.uniform >= 0.5 && worst.weighted >= 0.5, "worst ratios \(worst)")
        print("peeling vs brute-force optimum, worst ratio: uniform \(worst.uniform), weighted \(worst.weighted)")
    }

    @Test func blocksAfterTheFirstComeFromTheRestOfTheGraph() {
        // Two disjoint cliques, K6 and K5, and a path: the first peel takes K6 (density
        // 2.5), the second K5 (2), the third a path piece.
        var ties: [(Int, Int)] = []
        for a in 0..<6 { for b in (a + 1)..<6 { ties.append((a, b)) } }
        for a in 6..<11 { for b in (a + 1)..<11 { ties.append((a, b)) } }
        ties += [(11, 12), (12, 13)]
        let graph = GraphFixtures.graph(14, ties)
        let found = DenseSubgraph.findBlocks(graph, count: 5)
        #expect(found.blocks.map(\.members) == [Array(0..<6), Array(6..<11), [11, 12, 13]].map { $0.map(Int32.init) })
        #expect(found.blocks.map(\.density) == [2.5, 2, 2.0 / 3])
        #expect(Set(found.peelPosition).count == 14)
    }

    @Test func emptyAndTielessGraphs() {
        #expect(DenseSubgraph.findBlocks(FriendshipGraph(nodeCount: 0), count: 3).blocks.isEmpty)
        #expect(DenseSubgraph.findBlocks(FriendshipGraph(nodeCount: 5), count: 3).blocks.isEmpty)
        #expect(SybilRank.rank(FriendshipGraph(nodeCount: 4), seeds: [0], iterations: 3) == [0, 0, 0, 0])
    }
}
