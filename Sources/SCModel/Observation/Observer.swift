import SCNetwork
import SCRandom

extension Simulation {
    /// Phase 11: the time-series row for the step just run, one value per registered
    /// metric (`metrics`), in their order.
    ///
    /// Runs on one thread in citizen order, so every sum is thread-independent. The costly
    /// network columns (clustering, transitivity, components, giant fraction) are computed
    /// only when `includeNetwork` is true and left empty otherwise.
    public func observe(includeNetwork: Bool) -> Observation {
        let row = rowContext(includeNetwork: includeNetwork)
        return Observation(columns: columnNames, values: metrics.map { $0.value(row) })
    }

    /// The quantities the reference model's metrics read, gathered in one pass over the
    /// citizens (and, when `includeNetwork`, the costly passes over the graph).
    public func rowContext(includeNetwork: Bool) -> ReferenceRow {
        let pop = population
        let n = pop.count
        let tally = stepTally
        var enrolledCount = 0, benefit = 0, penalty = 0
        var padders = 0, evaders = 0, colluders = 0, isolated = 0
        var opinionSum = 0.0
        var gamerSum = 0.0, gamerCount = 0, honestSum = 0.0, honestCount = 0
        var enrolledDegreeSum = 0
        let dissent = pop.dissent.base, strategy = pop.strategy.base, enrolled = pop.enrolled.base
        let scoreColumn = pop.score.base, tier = pop.tier.base
        graph.withAdjacency { adjacency in
            let degrees = adjacency.degree
            for i in 0..<n {
                opinionSum += dissent[i]
                let degree = Int(degrees[i])
                if degree == 0 { isolated += 1 }
                let kind = strategy[i]
                if kind == Strategy.padder.rawValue { padders += 1 }
                if kind == Strategy.evader.rawValue { evaders += 1 }
                if kind == Strategy.colluder.rawValue { colluders += 1 }
                guard enrolled[i] != 0 else { continue }
                enrolledCount += 1
                enrolledDegreeSum += degree
                let s = scoreColumn[i]
                if tier[i] == Tier.benefit.rawValue { benefit += 1 }
                if tier[i] == Tier.penalty.rawValue { penalty += 1 }
                if kind == Strategy.honest.rawValue {
                    honestSum += s; honestCount += 1
                } else if kind != Strategy.resister.rawValue {
                    gamerSum += s; gamerCount += 1
                }
            }
        }
        // Rank by score, ties broken by citizen id (MODEL.md 7.11).
        let score = pop.score, enrolledColumn = pop.enrolled
        let runner = self.runner
        timed("observation_ranking") {
            ranking.rank(count: n, workers: runner.threads, runWorkers: { body in runner.forEachWorker { w, _ in body(w) } },
                         score: score.base, include: enrolledColumn.base)
        }
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

        var assortativity: Double?
        timed("observation_assortativity") {
            // Per-block sums on the workers, added in block order: thread-independent.
            let slots = pop.slotCount
            // With sybil farms (7.19) the graph has a vertex per slot; the mask leaves the
            // sybils out, so the coefficient is over ties between enrolled citizens.
            // (A kept buffer: the enrolled flags copied, the sybils' slots zero.)
            if slots > n {
                if citizensOnlyMask.count != slots { citizensOnlyMask = [UInt8](repeating: 0, count: slots) }
                citizensOnlyMask.withUnsafeMutableBufferPointer { mask in
                    mask.baseAddress!.update(from: pop.enrolled.base, count: n)
                }
            }
            let step = self.step
            assortativity = citizensOnlyMask.withUnsafeBufferPointer { mask in
                Assortativity.pearson(graph: graph, values: UnsafeBufferPointer(start: pop.score.base, count: slots),
                                      included: slots > n ? mask : UnsafeBufferPointer(start: pop.enrolled.base, count: n),
                                      blockSize: runner.blockSize) { _, body in
                    runner.forEachBlock(step: UInt64(step), phase: .observation) { ctx in body(ctx.block) }
                }
            }
        }

        var network: ReferenceRow.NetworkCensus?
        let sampled = usesSampledClustering
        if includeNetwork {
            var census = ReferenceRow.NetworkCensus()
            let changes = networkChangesSinceLastCensus(forTriangles: !sampled)
            var componentsReplayed: Bool?
            var censused: ComponentSummary?
            if sampled {
                triangleBook?.invalidate()
                let random = RandomStream(kind: parameters.generator,
                                          key: StreamKey(seed: UInt64(parameters.seed), step: UInt64(step - 1), phase: Phase.observation.rawValue, block: 0))
                var estimate: (averageClustering: ClusteringSampler.Estimate, transitivity: ClusteringSampler.Estimate)!
                let estimateClustering = {
                    estimate = ClusteringSampler.estimate(self.graph, nodeCount: self.population.count, samples: self.parameters.clusteringSamples,
                                                          random: random, centres: self.wedgeCentres)
                }
                // Side by side, the component census is timed here too (bench --phases).
                timed("observation_clustering") {
                    if runner.threads > 1 {
                        censused = censusBesideSampledClustering(changes: changes, isolated: isolated, estimateClustering)
                    } else {
                        estimateClustering()
                    }
                }
                census.clustering = estimate.averageClustering.value
                census.clusteringSE = estimate.averageClustering.standardError
                census.transitivity = estimate.transitivity.value
                census.transitivitySE = estimate.transitivity.standardError
                census.sampled = true
            } else {
                var triangles: (averageClustering: Double, transitivity: Double)!
                // Side by side, the component replay is timed here too (bench --phases).
                timed("observation_triangles") {
                    componentsReplayed = replayBooksSideBySide(changes)
                    triangles = trackedTriangleCensus(changes: changes, replayed: componentsReplayed != nil)
                }
                census.clustering = triangles.averageClustering
                census.transitivity = triangles.transitivity
            }
            if censused == nil {
                timed("observation_components") {
                    censused = trackedComponentCensus(changes: changes, isolated: isolated, replayed: componentsReplayed)
                }
            }
            let components = censused!
            census.components = components.count
            census.largestComponent = components.largest
            census.secondLargestComponent = components.secondLargest
            census.isolated = components.isolated
            network = census
        }

        return ReferenceRow(simulation: self, step: step - 1, citizens: n, tally: tally, enrolled: enrolledCount,
                            benefit: benefit, penalty: penalty, padders: padders, evaders: evaders, colluders: colluders,
                            isolated: isolated, opinionMean: opinionSum / Double(n),
                            gamerScoreSum: gamerSum, gamers: gamerCount, honestScoreSum: honestSum, honest: honestCount,
                            scores: distribution, lowIsolated: lowIsolated, lowDegreeRatio: lowDegreeRatio,
                            assortativity: assortativity, network: network, edges: graph.edgeCount,
                            tiesAdded: tiesAdded, tiesRemoved: tiesRemoved)
    }

    /// Whether clustering and transitivity are estimated from sampled wedges this run.
    public var usesSampledClustering: Bool {
        switch parameters.networkMetricsMode {
        case .sampled: return true
        case .exact: return false
        case .auto: return population.count > parameters.exactNetworkLimit
        }
    }

    /// The net tie changes since the last network census, or nil when they are not known
    /// (the first census, a graph restored or replaced, or too many changes to be worth
    /// replaying); the journal then starts afresh, so the next census knows them.
    ///
    /// Without the exact triangle census (above `exactNetworkLimit` citizens) only the
    /// component labels could use them, and only after a quiet batch
    /// (`ComponentBookkeeping.defaultMaximumRemovals`, n / 64 at that size); a journal too
    /// long for that is dropped unsorted.
    func networkChangesSinceLastCensus(forTriangles: Bool) -> NetTieChanges? {
        if !forTriangles && graph.journal.entries.count > population.count / 32 {
            graph.journal.start(limit: max(4096, graph.edgeCount / 4))
            return nil
        }
        let changes = graph.journal.take()
        if changes == nil || changes!.count > graph.edgeCount / 4 {
            graph.journal.start(limit: max(4096, graph.edgeCount / 4))
            return nil
        }
        return changes
    }

    /// Clustering and transitivity from triangle counts kept up to date tie change by tie
    /// change (`TriangleBookkeeping`), recounted in full only when the changes are not
    /// known; the tally is the recount's arithmetic, block by block in block order, so the
    /// result is the same to the bit.
    ///
    /// `replayed`: the book has already taken this row's changes (`replayBooksSideBySide`).
    func trackedTriangleCensus(changes: NetTieChanges?, replayed: Bool = false) -> (averageClustering: Double, transitivity: Double) {
        let n = population.count
        if triangleBook == nil || triangleBook!.nodeCount != n { triangleBook = TriangleBookkeeping(nodeCount: n) }
        let book = triangleBook!
        if !replayed {
            if let changes, book.isCounted {
                graph.withAdjacency { book.apply(changes, $0) }
            } else {
                graph.withAdjacency { adjacency in
                    let counter = preparedTriangleCounter(adjacency)
                    book.load { counter.triangles(at: $0) }
                }
            }
        }
        return graph.withAdjacency { adjacency in clusteringTally { book.tally(citizens: $0, adjacency) } }
    }

    /// Average clustering and transitivity from per-block tallies made on the workers and
    /// added in block order (thread-independent).
    func clusteringTally(_ block: (Range<Int>) -> TriangleCensus.Tally) -> (averageClustering: Double, transitivity: Double) {
        let tallies = UnsafeMutablePointer<TriangleCensus.Tally>.allocate(capacity: runner.blockCount)
        tallies.initialize(repeating: TriangleCensus.Tally(), count: runner.blockCount)
        defer { tallies.deallocate() }
        runner.forEachBlock(step: UInt64(step), phase: .observation) { ctx in
            tallies[ctx.block] = block(ctx.citizens)
        }
        var total = TriangleCensus.Tally()
        for b in 0..<runner.blockCount { total.add(tallies[b]) }
        return total.summary(nodeCount: population.count)
    }

    /// Components from labels kept up to date from each batch of tie changes
    /// (`ComponentBookkeeping`) while batches have few removals (at most n / 8 up to 2^14
    /// citizens, or 2^17 on two threads with exact triangles, where the replay runs beside
    /// theirs; n / 64 above; the baseline's steps remove about n / 17), and recounted in
    /// full (union-find, its first pass on the workers; on one thread beside the sampled
    /// clustering) otherwise, or when a replay gives up. The book costs 44 bytes a citizen
    /// and pays only when the next batch can be replayed, so it is kept only after a batch
    /// that could have been: a run whose every step removes many ties never holds it.
    ///
    /// With sybil slots in the graph the census is of the citizens' own network: ties to
    /// sybils left out, so a citizen whose only friends are sybils is a component (and an
    /// isolate) of its own here, though not in isolated_frac.
    ///
    /// `replayed`: whether the book's replay of `changes`, already made
    /// (`replayBooksSideBySide`), succeeded; nil when it is still to be made.
    ///
    /// `alone`: counted on this thread only (on a worker, beside other work).
    func trackedComponentCensus(changes: NetTieChanges?, isolated allIsolated: Int, replayed: Bool? = nil, alone: Bool = false) -> ComponentSummary {
        let n = population.count
        let runner = self.runner
        let workers = alone ? 1 : runner.threads
        let runWorkers: ((Int) -> Void) -> Void = { body in
            if alone { body(0) } else { runner.forEachWorker { w, _ in body(w) } }
        }
        var isolated = allIsolated
        if graph.nodeCount > n {
            isolated = graph.withAdjacency { adjacency in (0..<n).reduce(0) { adjacency.hasFriend($1, below: n) ? $0 : $0 + 1 } }
        }
        if let changes, let book = componentBook, book.isCounted, replayed ?? graph.withAdjacency({ book.apply(changes, $0) }) {
            return book.summary(isolated: isolated)
        }
        // On two threads with exact triangles the replay runs beside the triangles'.
        let besideTriangles = runner.threads > 1 && !usesSampledClustering
        let limit = componentBook?.maximumRemovals ?? ComponentBookkeeping.defaultMaximumRemovals(nodeCount: n, besideTriangles: besideTriangles)
        let quiet = changes.map { $0.removed.count <= limit } ?? (componentBook != nil)
        guard quiet else {
            componentBook = nil
            return ComponentCensus.compute(graph, nodeCount: n, workers: workers, buffers: componentBuffers, runWorkers: runWorkers)
        }
        if componentBook == nil || componentBook!.nodeCount != n { componentBook = ComponentBookkeeping(nodeCount: n, besideTriangles: besideTriangles) }
        ComponentCensus.recount(graph, into: componentBook!, workers: workers, buffers: componentBuffers, runWorkers: runWorkers)
        return componentBook!.summary(isolated: isolated)
    }

    /// On two or more threads, the sampled clustering (`estimateClustering`, one sequential
    /// stream of draws) on one worker and the component census, counted on one thread, on
    /// another; returns the census. At a million citizens the two take about as long as each
    /// other (25 and 20 ms a row), where the census on two workers after the sampling took
    /// 40. Both only read the graph; the census writes only its own book and forest.
    func censusBesideSampledClustering(changes: NetTieChanges?, isolated: Int, _ estimateClustering: () -> Void) -> ComponentSummary {
        var components: ComponentSummary?
        withoutActuallyEscaping(estimateClustering) { estimateClustering in
            runner.forEachWorker { w, _ in
                if w == 0 {
                    estimateClustering()
                } else if w == 1 {
                    components = trackedComponentCensus(changes: changes, isolated: isolated, alone: true)
                }
            }
        }
        return components!
    }

    /// On two or more threads, with both the triangle counts and the component labels
    /// kept, replays `changes` into the two books at once, one on each of two workers
    /// (each replay is sequential, and neither reads the other's book), and returns
    /// whether the component replay succeeded; nil, having done nothing, otherwise. At
    /// 10,000 citizens the two replays are most of the network columns' time, and
    /// side by side they take as long as the longer.
    func replayBooksSideBySide(_ changes: NetTieChanges?) -> Bool? {
        let n = population.count
        guard let changes, runner.threads > 1, let triangles = triangleBook, triangles.isCounted, triangles.nodeCount == n,
              let components = componentBook, components.isCounted, components.nodeCount == n,
              changes.removed.count <= components.maximumRemovals else { return nil }
        var replayed = false
        graph.withAdjacency { adjacency in
            runner.forEachWorker { w, _ in
                if w == 0 { triangles.apply(changes, adjacency) } else if w == 1 { replayed = components.apply(changes, adjacency) }
            }
        }
        return replayed
    }

    /// Clustering and transitivity by the forward algorithm (`TriangleCounter`), counted
    /// block by block on the worker threads; the integer counts and then the block tallies,
    /// added in block order, do not depend on the thread count.
    func triangleCensus() -> (averageClustering: Double, transitivity: Double) {
        graph.withAdjacency { triangleCensus(of: $0) }
    }

    /// The same census of any graph on the citizens given as an adjacency view (the
    /// friendship graph, or a filtered copy of it such as the graph without ring ties).
    func triangleCensus(of adjacency: AdjacencyView) -> (averageClustering: Double, transitivity: Double) {
        let counter = preparedTriangleCounter(adjacency)
        return clusteringTally { counter.tally(citizens: $0, adjacency) }
    }

    /// The reusable triangle counter, with every triangle of `adjacency` counted.
    func preparedTriangleCounter(_ adjacency: AdjacencyView) -> TriangleCounter {
        let n = population.count
        if triangleCounter == nil || triangleCounter!.nodeCount != n {
            triangleCounter = TriangleCounter(nodeCount: n, workers: runner.threads)
        }
        let counter = triangleCounter!
        counter.prepare(adjacency)
        runner.forEachBlock(step: UInt64(step), phase: .observation) { ctx in
            counter.count(citizens: ctx.citizens, worker: ctx.worker)
        }
        return counter
    }

    /// When this model observes: `output.metricsEvery` and `output.networkMetricsEvery`.
    public var observationSchedule: ObservationSchedule {
        parameters.observationSchedule
    }
}
