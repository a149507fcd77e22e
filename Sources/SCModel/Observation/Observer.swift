import SCNetwork
import SCRandom

extension Simulation {
    /// Phase 11: the time-series row for the step just run.
    ///
    /// Runs on one thread in citizen order, so every sum is thread-independent. The costly
    /// network columns (clustering, transitivity, components, giant fraction) are computed
    /// only when `includeNetwork` is true and left empty otherwise.
    public func observe(includeNetwork: Bool) -> Observation {
        let pop = population
        let n = pop.count
        let tally = stepTally
        var enrolledCount = 0, benefit = 0, penalty = 0
        var padders = 0, evaders = 0, colluders = 0, isolated = 0
        var opinionSum = 0.0
        var gamerSum = 0.0, gamerCount = 0, honestSum = 0.0, honestCount = 0
        var enrolledDegreeSum = 0
        for i in 0..<n {
            opinionSum += pop.dissent[i]
            let degree = graph.degree(of: i)
            if degree == 0 { isolated += 1 }
            switch Strategy(rawValue: pop.strategy[i]) {
            case .padder: padders += 1
            case .evader: evaders += 1
            case .colluder: colluders += 1
            default: break
            }
            guard pop.enrolled[i] != 0 else { continue }
            enrolledCount += 1
            enrolledDegreeSum += degree
            let s = pop.score[i]
            if pop.tier[i] == Tier.benefit.rawValue { benefit += 1 }
            if pop.tier[i] == Tier.penalty.rawValue { penalty += 1 }
            if pop.strategy[i] == Strategy.honest.rawValue { honestSum += s; honestCount += 1 } else { gamerSum += s; gamerCount += 1 }
        }
        // Rank by score, ties broken by citizen id (MODEL.md 7.11).
        let score = pop.score, enrolledColumn = pop.enrolled
        timed("observation_ranking") { ranking.rank(count: n, score: { score[$0] }, include: { enrolledColumn[$0] != 0 }) }
        let distribution = ranking.scores.withUnsafeBufferPointer { ScoreDistribution(sortedScores: $0) }

        var lowIsolated: MetricValue = .missing, lowDegreeRatio: MetricValue = .missing
        if enrolledCount > 0 {
            let decile = max(1, enrolledCount / 10)
            var zero = 0, degreeSum = 0
            for citizen in ranking.citizens[0..<decile] {
                let d = graph.degree(of: Int(citizen))
                if d == 0 { zero += 1 }
                degreeSum += d
            }
            lowIsolated = .real(Double(zero) / Double(decile))
            let enrolledMeanDegree = Double(enrolledDegreeSum) / Double(enrolledCount)
            if enrolledMeanDegree > 0 { lowDegreeRatio = .real(Double(degreeSum) / Double(decile) / enrolledMeanDegree) }
        }

        func fraction(_ part: Int, _ whole: Int) -> MetricValue { whole > 0 ? .real(Double(part) / Double(whole)) : .missing }
        let opinionMean = opinionSum / Double(n)
        let dissentShare = fraction(tally.dissentPosts, tally.genuinePosts)
        let gap: MetricValue = dissentShare.number.map { .real(opinionMean - $0) } ?? .missing

        var assortativity: Double?
        timed("observation_assortativity") {
            // Per-block sums on the workers, added in block order: thread-independent.
            let runner = self.runner
            assortativity = Assortativity.pearson(graph: graph, values: UnsafeBufferPointer(start: pop.score.base, count: n),
                                                  included: UnsafeBufferPointer(start: pop.enrolled.base, count: n),
                                                  blockSize: runner.blockSize) { _, body in
                runner.forEachBlock(step: UInt64(step), phase: .observation) { ctx in body(ctx.block) }
            }
        }

        var clustering: MetricValue = .missing, transitivity: MetricValue = .missing
        var clusteringSE: MetricValue = .missing, transitivitySE: MetricValue = .missing
        var components: MetricValue = .missing, giant: MetricValue = .missing
        let sampled = usesSampledClustering
        if includeNetwork {
            if sampled {
                let random = RandomStream(kind: parameters.generator,
                                          key: StreamKey(seed: UInt64(parameters.seed), step: UInt64(step - 1), phase: Phase.observation.rawValue, block: 0))
                var estimate: (averageClustering: ClusteringSampler.Estimate, transitivity: ClusteringSampler.Estimate)!
                timed("observation_clustering") {
                    estimate = ClusteringSampler.estimate(graph, samples: parameters.clusteringSamples, random: random)
                }
                clustering = .real(estimate.averageClustering.value)
                clusteringSE = .real(estimate.averageClustering.standardError)
                transitivity = .real(estimate.transitivity.value)
                transitivitySE = .real(estimate.transitivity.standardError)
            } else {
                let triangles = triangleCensus()
                clustering = .real(triangles.averageClustering)
                transitivity = .real(triangles.transitivity)
                clusteringSE = .real(0)
                transitivitySE = .real(0)
            }
            var census: ComponentSummary!
            timed("observation_components") {
                let runner = self.runner
                census = ComponentCensus.compute(graph, workers: runner.threads) { body in
                    runner.forEachWorker { w, _ in body(w) }
                }
            }
            components = .integer(census.count)
            giant = .real(Double(census.largest) / Double(n))
        }

        var row: [MetricValue] = []
        row.reserveCapacity(TimeSeriesColumn.allCases.count)
        for column in TimeSeriesColumn.allCases {
            switch column {
            case .step: row.append(.integer(step - 1))
            case .enrolledFrac: row.append(.real(Double(enrolledCount) / Double(n)))
            case .scoreMean: row.append(distribution.map { .real($0.mean) } ?? .missing)
            case .scoreSD: row.append(distribution.map { .real($0.standardDeviation) } ?? .missing)
            case .scoreP10: row.append(distribution.map { .real($0.p10) } ?? .missing)
            case .scoreP50: row.append(distribution.map { .real($0.p50) } ?? .missing)
            case .scoreP90: row.append(distribution.map { .real($0.p90) } ?? .missing)
            case .scoreGini: row.append(distribution.map { .real($0.gini) } ?? .missing)
            case .benefitFrac: row.append(fraction(benefit, enrolledCount))
            case .penaltyFrac: row.append(fraction(penalty, enrolledCount))
            case .approvedPurchaseFrac: row.append(fraction(tally.approvedPurchases, tally.visiblePurchases))
            case .disapprovedPurchaseFrac: row.append(fraction(tally.disapprovedPurchases, tally.visiblePurchases))
            case .hiddenPurchases: row.append(.integer(tally.hiddenPurchases))
            case .fakePurchases: row.append(.integer(tally.fakePurchases))
            case .fakePosts: row.append(.integer(tally.fakePosts))
            case .dissentPostFrac: row.append(dissentShare)
            case .opinionMean: row.append(.real(opinionMean))
            case .falsificationGap: row.append(gap)
            case .edges: row.append(.integer(graph.edgeCount))
            case .meanDegree: row.append(.real(2 * Double(graph.edgeCount) / Double(n)))
            case .clusteringAvg: row.append(clustering)
            case .transitivity: row.append(transitivity)
            case .scoreAssortativity: row.append(assortativity.map { .real($0) } ?? .missing)
            case .components: row.append(components)
            case .giantFrac: row.append(giant)
            case .isolatedFrac: row.append(.real(Double(isolated) / Double(n)))
            case .lowIsolatedFrac: row.append(lowIsolated)
            case .lowDegreeRatio: row.append(lowDegreeRatio)
            case .tiesAdded: row.append(.integer(tiesAdded))
            case .tiesRemoved: row.append(.integer(tiesRemoved))
            case .padderFrac: row.append(.real(Double(padders) / Double(n)))
            case .evaderFrac: row.append(.real(Double(evaders) / Double(n)))
            case .colluderFrac: row.append(.real(Double(colluders) / Double(n)))
            case .audits: row.append(.integer(tally.audits))
            case .caught: row.append(.integer(tally.caught))
            case .gamerScorePremium:
                row.append(gamerCount > 0 && honestCount > 0 ? .real(gamerSum / Double(gamerCount) - honestSum / Double(honestCount)) : .missing)
            case .networkMetrics: row.append(.text(includeNetwork ? (sampled ? "sampled" : "exact") : "skipped"))
            case .adopted: row.append(.integer(tally.adopted))
            case .visiblePurchases: row.append(.integer(tally.visiblePurchases))
            case .genuinePosts: row.append(.integer(tally.genuinePosts))
            case .clusteringAvgSE: row.append(clusteringSE)
            case .transitivitySE: row.append(transitivitySE)
            }
        }
        return Observation(values: row)
    }

    /// Whether clustering and transitivity are estimated from sampled wedges this run.
    public var usesSampledClustering: Bool {
        switch parameters.networkMetricsMode {
        case "sampled": return true
        case "exact": return false
        default: return population.count > parameters.exactNetworkLimit
        }
    }

    /// Clustering and transitivity by the forward algorithm (`TriangleCounter`), counted
    /// block by block on the worker threads; the integer counts and then the block tallies,
    /// added in block order, do not depend on the thread count.
    func triangleCensus() -> (averageClustering: Double, transitivity: Double) {
        let n = population.count
        if triangleCounter == nil || triangleCounter!.nodeCount != n {
            triangleCounter = TriangleCounter(nodeCount: n, workers: runner.threads)
        }
        let counter = triangleCounter!
        let tallies = UnsafeMutablePointer<TriangleCensus.Tally>.allocate(capacity: runner.blockCount)
        tallies.initialize(repeating: TriangleCensus.Tally(), count: runner.blockCount)
        defer { tallies.deallocate() }
        graph.withAdjacency { adjacency in
            counter.prepare(adjacency)
            runner.forEachBlock(step: UInt64(step), phase: .observation) { ctx in
                counter.count(citizens: ctx.citizens, worker: ctx.worker)
            }
            runner.forEachBlock(step: UInt64(step), phase: .observation) { ctx in
                tallies[ctx.block] = counter.tally(citizens: ctx.citizens, adjacency)
            }
        }
        var total = TriangleCensus.Tally()
        for b in 0..<runner.blockCount { total.add(tallies[b]) }
        return total.summary(nodeCount: n)
    }

    /// Whether the step just run gets a row, and whether that row gets the costly network
    /// columns: every `output.metricsEvery` steps, every `output.networkMetricsEvery`
    /// steps, and always at the last step.
    public func observationPlan(lastStep: Int) -> (row: Bool, network: Bool) {
        let t = step - 1
        let last = t == lastStep
        let row = last || t % parameters.metricsEvery == 0
        let network = last || t % parameters.networkMetricsEvery == 0
        return (row, row && network)
    }
}
