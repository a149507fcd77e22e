import Testing
import SCNetwork
@testable import SCModel

/// The authority's graph detectors inside the model (MODEL.md 7.12).
struct DetectionTests {
    /// 1,500 citizens, rings of 20 (a ring is a clique, denser than the lattice), 15 blocks.
    func parameters(_ method: DetectionMethod, cut: Bool = true) -> ModelParameters {
        var p = ModelParameters()
        p.populationSize = 1500
        p.steps = 24
        p.blockSize = 100
        p.seed = 3
        p.enrolledShare = 0.6
        p.shareHonest = 0.9
        p.sharePadder = 0.02
        p.shareEvader = 0.02
        p.shareColluder = 0.06
        p.ringSize = 20
        p.detectionEvery = 4
        p.detectionMethod = method
        p.detectionCutTies = cut
        p.detectionWeighting = .logdegree
        p.detectionSeeds = 30
        p.detectionFlagShare = 0.06
        return p
    }

    @Test(arguments: [DetectionMethod.peeling, .sybilrank])
    func sameOutputOnOneAndTwoThreads(method: DetectionMethod) throws {
        let one = try Fixtures.csv(parameters(method), threads: 1)
        let two = try Fixtures.csv(parameters(method), threads: 2)
        #expect(one == two)
        #expect(one.count == 24)
    }

    @Test func columnsAreThereWhenDetectionIsOnAndEmptyBetweenRounds() throws {
        let p = parameters(.peeling)
        let sim = try Simulation(parameters: p, threads: 2)
        #expect(sim.columnNames.suffix(DetectionMetrics.metrics.count) == DetectionMetrics.metrics.map(\.definition.name)[...])
        #expect(MetricGroups.definitions(p)?.map(\.name) == sim.columnNames)
        var rows: [Observation] = []
        for _ in 0..<p.steps {
            sim.advance()
            rows.append(sim.observe(includeNetwork: false))
        }
        for (t, row) in rows.enumerated() {
            let roundStep = (t + 1) % 4 == 0
            #expect((row["detection_flagged"] != .missing) == roundStep, "step \(t)")
        }
        // Rings of 20 are cliques of density 9.5 in a lattice of density 5: peeling finds them.
        // Once their ties are cut, later rounds find little: precision is empty when nobody
        // is flagged, recall never (rings keep their members).
        let precision = rows.column("detection_precision"), recall = rows.column("detection_recall")
        #expect(recall.count == 6 && !precision.isEmpty)
        #expect(precision.first! > 0.9 && recall.first! > 0.9, "first round: precision \(precision.first!), recall \(recall.first!)")
        print("peeling in the model, per round: precision \(precision), recall \(recall), flagged \(rows.column("detection_flagged"))")
        // The cut ties were removed from the graph and counted.
        #expect(rows.column("detection_ties_cut").sum > 0)
        #expect(sim.graph.invariantViolations().isEmpty)
    }

    @Test func sybilRankRoundsAreScored() throws {
        let rows = try Fixtures.rows(parameters(.sybilrank, cut: false))
        let auc = rows.column("detection_auc")
        #expect(auc.count == 6)
        #expect(auc.allSatisfy { $0 > 0 && $0 <= 1 })
        let flagged = rows.column("detection_flagged")
        #expect(flagged.allSatisfy { $0 == 90 })
        // Deciles and degree bands partition the innocents (penalised / all flagged).
        for row in rows where row["detection_flagged"] != .missing {
            let deciles = (1...10).compactMap { row["detection_innocents_score_d\($0)"].number }.sum
            let bands = DetectionRound.degreeBands.compactMap { row["detection_innocents_deg\($0.label)"].number }.sum
            #expect(deciles == row["detection_innocents_penalised"].number)
            #expect(bands == row["detection_innocents"].number)
        }
    }

    @Test func flaggedEnrolledCitizensLoseThePenalty() {
        // Two K5 blocks joined by a path; every citizen enrolled at 700.
        var edges: [(Int, Int)] = []
        for a in 0..<5 { for b in (a + 1)..<5 { edges.append((a, b)) } }
        edges += [(4, 5), (5, 6), (6, 7), (7, 8), (8, 9)]
        let sim = Fixtures.neutral(10, edges: edges, scores: Array(repeating: 700, count: 10)) { p in
            p.detectionEvery = 1
            p.detectionPenalty = 120
            p.detectionDensityThreshold = 1.5
            p.detectionCutTies = true
        }
        for i in 0..<3 { sim.population.ring[i] = 0 }
        sim.runDetection(step: 0)
        let round = sim.detectionRound!
        #expect(round.flagged == 5 && round.truePositives == 3 && round.positives == 3 && round.innocents == 2)
        #expect(round.precision == 0.6 && round.recall == 1)
        #expect(round.blocksFlagged == 1)
        #expect((0..<5).allSatisfy { sim.population.score[$0] == 580 })
        #expect((5..<10).allSatisfy { sim.population.score[$0] == 700 })
        #expect(round.tiesCut == 10 && sim.graph.edgeCount == 5 && sim.tiesRemoved == 10)
        #expect(round.innocentsByDegree[DetectionRound.band(ofDegree: 4)] + round.innocentsByDegree[DetectionRound.band(ofDegree: 5)] == 2)
    }

    @Test func defaultsLeaveTheStandardColumns() throws {
        let p = ModelParameters()
        #expect(!p.detectionScheduled && p.columnGroups.isEmpty)
        var timed = p
        timed.timeline = [PolicyEvent(step: 5, assignments: [ParameterAssignment(path: "detection.every", value: .integer(2))])]
        #expect(timed.columnGroups == ["detection"])
        #expect(ParameterCatalog.shared.filter { $0.path.hasPrefix("detection.") }.allSatisfy { $0.addedAfterFirstIdentity && $0.isDefault(in: p) })
    }

    @Test func aucCountsTiesAsHalf() {
        // Least suspect first: 0 (neg), {1 pos, 2 neg} tied, 3 (pos).
        let positive: Set<Int> = [1, 3]
        let auc = DetectionScoring.auc(order: [0, 1, 2, 3], positive: { positive.contains($0) }, tied: { a, b in a == 1 && b == 2 })
        // Pairs (pos, neg): (1,0) 1, (1,2) 1/2, (3,0) 1, (3,2) 1 -> 3.5 / 4.
        #expect(auc == 0.875)
        #expect(DetectionScoring.auc(order: [0, 1], positive: { _ in true }, tied: { _, _ in false }) == nil)
    }
}
