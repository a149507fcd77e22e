import SCNetwork
import SCRandom

/// One round of the authority's graph detector, scored against the truth (ring
/// membership when the round ran), for the `detection` columns.
public struct DetectionRound: Sendable, Equatable {
    /// The step whose end the round ran at.
    public var step: Int
    public var method: DetectionMethod
    /// Citizens flagged, and of them ring members (true positives).
    public var flagged = 0
    public var truePositives = 0
    /// Ring members when the round ran (the positives).
    public var positives = 0
    /// Peeling: blocks found and blocks flagged (over the density threshold); nil for SybilRank.
    public var blocksFound: Int?
    public var blocksFlagged: Int?
    /// ROC AUC of the detector's ranking against ring membership (nil without both classes).
    public var auc: Double?
    /// Flagged citizens outside every ring.
    public var innocents = 0
    /// Innocents who were enrolled, so lost `detection.penalty` points.
    public var innocentsPenalised = 0
    /// Enrolled innocents by score decile (among enrolled citizens, before the penalty; 0 lowest).
    public var innocentsByScoreDecile = [Int](repeating: 0, count: 10)
    /// Innocents by degree band (before any tie is cut): see `degreeBands`.
    public var innocentsByDegree = [Int](repeating: 0, count: DetectionRound.degreeBands.count)
    /// Mean degree of innocents and of all citizens (before any tie is cut).
    public var innocentMeanDegree: Double?
    public var meanDegree = 0.0
    /// Ties removed by `detection.cutTies`.
    public var tiesCut = 0

    /// Degree bands for the innocents: 0, 1-4, 5-9, 10-19, 20 and more.
    public static let degreeBands: [(label: String, lower: Int, upper: Int?)] = [
        ("0", 0, 0), ("1_4", 1, 4), ("5_9", 5, 9), ("10_19", 10, 19), ("20plus", 20, nil),
    ]

    /// The band of degree d.
    public static func band(ofDegree d: Int) -> Int {
        degreeBands.lastIndex { d >= $0.lower } ?? 0
    }

    public var precision: Double? { flagged > 0 ? Double(truePositives) / Double(flagged) : nil }
    public var recall: Double? { positives > 0 ? Double(truePositives) / Double(positives) : nil }
    public var f1: Double? {
        // 2 TP / (flagged + positives): defined whenever either is non-zero.
        flagged + positives > 0 ? 2 * Double(truePositives) / Double(flagged + positives) : nil
    }

    public init(step: Int, method: DetectionMethod) {
        self.step = step
        self.method = method
    }
}

/// Scoring a detector's ranking against the truth.
public enum DetectionScoring {
    /// ROC AUC of a ranking: the probability that a random positive is ranked more suspect
    /// than a random negative, ties counting one half. `order` lists every citizen once,
    /// least suspect first; `tied(a, b)` says whether two neighbours in `order` are
    /// equally suspect. nil when either class is empty.
    ///
    /// - Complexity: O(n).
    public static func auc(order: [Int32], positive: (Int) -> Bool, tied: (Int, Int) -> Bool) -> Double? {
        var negativesBelow = 0.0, numerator = 0.0, positives = 0.0
        var k = 0
        while k < order.count {
            var groupPositives = 0.0, groupNegatives = 0.0
            var j = k
            repeat {
                if positive(Int(order[j])) { groupPositives += 1 } else { groupNegatives += 1 }
                j += 1
            } while j < order.count && tied(Int(order[j - 1]), Int(order[j]))
            numerator += groupPositives * negativesBelow + 0.5 * groupPositives * groupNegatives
            negativesBelow += groupNegatives
            positives += groupPositives
            k = j
        }
        guard positives > 0, negativesBelow > 0 else { return nil }
        return numerator / (positives * negativesBelow)
    }
}

extension Simulation {
    /// Phase 9b (MODEL.md 7.12): the authority's graph detector. At the end of every
    /// `detection.every`-th step it runs on the current friendship graph: peeling flags the
    /// blocks denser than `detection.densityThreshold`, SybilRank the lowest-ranked
    /// `detection.flagShare` of citizens. Each flagged enrolled citizen loses
    /// `detection.penalty` points (down to `score.min`); with `detection.cutTies` the ties
    /// among a flagged block's members go too. The round is scored against ring
    /// membership (`detectionRound`). Sequential apart from SybilRank's iterations, which
    /// run over the citizen blocks, each writing its own citizens: the same result for
    /// any thread count. Draws (SybilRank's seeds only) come from one stream, (seed, step,
    /// detection, 0).
    func runDetection(step t: Int) {
        let p = parameters
        guard p.detectionEvery > 0, (t + 1) % p.detectionEvery == 0 else { return }
        let pop = population
        let n = pop.count
        var round = DetectionRound(step: t, method: p.detectionMethod)
        // Block label of each flagged citizen (-1: not flagged); ties within a label are cut.
        var label = [Int32](repeating: -1, count: n)
        let order: [Int32]
        var trust: [Double] = []
        switch p.detectionMethod {
        case .peeling:
            let weighting: DenseSubgraph.Weighting = p.detectionWeighting == .none ? .uniform : .logDegree(c: p.detectionWeightConstant)
            let found = DenseSubgraph.findBlocks(graph, count: p.detectionBlocks, weighting: weighting)
            var flaggedBlocks = 0
            for (b, block) in found.blocks.enumerated() where block.density > p.detectionDensityThreshold {
                flaggedBlocks += 1
                for m in block.members { label[Int(m)] = Int32(b) }
            }
            round.blocksFound = found.blocks.count
            round.blocksFlagged = flaggedBlocks
            var removal = [Int32](repeating: 0, count: n)
            for i in 0..<n { removal[Int(found.peelPosition[i])] = Int32(i) }
            order = removal
        case .sybilrank:
            trust = sybilRankTrust(step: t)
            var ids = (0..<Int32(n)).map { $0 }
            trust.withUnsafeBufferPointer { x in
                ids.sort { a, b in x[Int(a)] != x[Int(b)] ? x[Int(a)] < x[Int(b)] : a < b }
            }
            let k = min(n, Int((p.detectionFlagShare * Double(n)).rounded(.down)))
            for i in ids[0..<k] { label[Int(i)] = 0 }
            // Least suspect first: highest trust first.
            order = ids.reversed()
        }
        let ring = pop.ring
        round.auc = DetectionScoring.auc(order: order, positive: { ring[$0] >= 0 },
                                         tied: { a, b in !trust.isEmpty && trust[a] == trust[b] })
        scoreRound(&round, label: label)
        // The penalty, then the cut.
        for i in 0..<n where label[i] >= 0 && pop.enrolled[i] != 0 {
            pop.score[i] = max(p.scoreMin, pop.score[i] - p.detectionPenalty)
        }
        if p.detectionCutTies { round.tiesCut = cutTies(label: label) }
        detectionRound = round
    }

    /// Precision, recall, innocents by score decile and degree band of the flagged set
    /// (`label[i] >= 0`), from the state before the penalty and the cut.
    private func scoreRound(_ round: inout DetectionRound, label: [Int32]) {
        let pop = population
        let n = pop.count
        var enrolledScores: [Double] = []
        var degreeSum = 0, innocentDegreeSum = 0
        for i in 0..<n {
            if pop.enrolled[i] != 0 { enrolledScores.append(pop.score[i]) }
            degreeSum += graph.degree(of: i)
            if pop.ring[i] >= 0 { round.positives += 1 }
        }
        enrolledScores.sort()
        round.meanDegree = n > 0 ? Double(degreeSum) / Double(n) : 0
        for i in 0..<n where label[i] >= 0 {
            round.flagged += 1
            if pop.ring[i] >= 0 { round.truePositives += 1; continue }
            round.innocents += 1
            let d = graph.degree(of: i)
            innocentDegreeSum += d
            round.innocentsByDegree[DetectionRound.band(ofDegree: d)] += 1
            guard pop.enrolled[i] != 0 else { continue }
            round.innocentsPenalised += 1
            // Decile by the share of enrolled scores strictly below this one.
            let below = lowerBound(enrolledScores, pop.score[i])
            round.innocentsByScoreDecile[min(9, below * 10 / enrolledScores.count)] += 1
        }
        if round.innocents > 0 { round.innocentMeanDegree = Double(innocentDegreeSum) / Double(round.innocents) }
    }

    /// SybilRank's degree-normalised trust after the round's iterations, from
    /// `detection.seeds` seeds drawn uniformly without replacement among citizens outside
    /// every ring (all of them when there are fewer). The iterations run over the citizen
    /// blocks on the worker threads.
    func sybilRankTrust(step t: Int) -> [Double] {
        let p = parameters
        let pop = population
        let n = pop.count
        var candidates = 0
        for i in 0..<n where pop.ring[i] < 0 { candidates += 1 }
        var seeds: [Int32] = []
        if candidates <= p.detectionSeeds {
            for i in 0..<n where pop.ring[i] < 0 { seeds.append(Int32(i)) }
        } else {
            let random = RandomStream(kind: p.generator, key: StreamKey(seed: UInt64(p.seed), step: UInt64(t), phase: Phase.detection.rawValue, block: 0))
            var chosen = [UInt8](repeating: 0, count: n)
            while seeds.count < p.detectionSeeds {
                let i = random.uniformInt(n)
                guard pop.ring[i] < 0, chosen[i] == 0 else { continue }
                chosen[i] = 1
                seeds.append(Int32(i))
            }
        }
        let iterations = p.detectionIterations > 0 ? p.detectionIterations : SybilRank.iterations(nodeCount: n)
        var current = SybilRank.initialTrust(graph, seeds: seeds)
        var next = [Double](repeating: 0, count: n)
        let g = graph
        let stream = StreamID(Phase.detection.rawValue, drawsRandomNumbers: false)
        for _ in 0..<iterations {
            current.withUnsafeBufferPointer { x in
                next.withUnsafeMutableBufferPointer { y in
                    let from = x.baseAddress!, into = y.baseAddress!
                    runner.forEachBlock(step: UInt64(t), stream: stream) { ctx in
                        SybilRank.propagate(g, from: from, into: into, citizens: ctx.citizens)
                    }
                }
            }
            swap(&current, &next)
        }
        return current
    }

    /// Removes every tie whose two ends carry the same label (>= 0), in ascending order of
    /// the lower end, keeping the friend post totals exact. Returns the ties removed.
    private func cutTies(label: [Int32]) -> Int {
        var pairs: [(Int, Int)] = []
        graph.withAdjacency { adjacency in
            for u in 0..<adjacency.nodeCount where label[u] >= 0 {
                var mine: [Int] = []
                for v in adjacency.neighbors(u) where Int(v) > u && label[Int(v)] == label[u] { mine.append(Int(v)) }
                mine.sort()
                for v in mine { pairs.append((u, v)) }
            }
        }
        for (u, v) in pairs where graph.removeEdge(u, v) {
            tiesRemoved += 1
            adjustFriendTotals(u, v, sign: -1)
        }
        return pairs.count
    }

    private func lowerBound(_ sorted: [Double], _ x: Double) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// The authority's graph detector (MODEL.md 7.12), after the audit. An entry of
/// `ReferencePhases.standard`; does nothing unless `detection.every` > 0.
public struct DetectionPhase: StepPhase {
    public init() {}
    public var name: String { "detection" }
    public var stream: StreamID { Phase.detection.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runDetection(step: step) }
}
