/// A rule that spans several keys, broken: which key to blame and why.
public struct ConsistencyProblem: Equatable, Sendable, CustomStringConvertible {
    /// The key path a user should edit.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

extension ModelParameters {
    /// Checks the rules that no single key's domain can express. Each key's own range is
    /// checked by `ParameterCatalog` when it is read; this runs after all keys are read.
    public func consistencyProblems() -> [ConsistencyProblem] {
        var problems: [ConsistencyProblem] = []
        func fail(_ path: String, _ message: String) { problems.append(ConsistencyProblem(path: path, message: message)) }

        if let problem = SafeFileName.problem(name) { fail("name", problem) }
        let shares = shareHonest + sharePadder + shareEvader + shareColluder
        if abs(shares - 1) > 1e-9 {
            fail("population.strategies", "the shares honest + padder + evader + colluder must sum to 1, they sum to \(formatNumber((shares * 1e12).rounded() / 1e12))")
        }
        problems += changeableRuleProblems()
        if !metricGroups.isEmpty && model != ReferenceModel.name {
            fail("output.metrics", "the \(model) model has no optional column groups; leave output.metrics out")
        }
        if (!eventCategories.isEmpty || panelEvery > 0) && model != ReferenceModel.name {
            fail(eventCategories.isEmpty ? "output.panel.every" : "output.events", "the \(model) model keeps no event log or panel; leave it out")
        }
        if panelCitizenIDs == nil {
            fail("output.panel.ids", "must list citizen ids in 0 ... \(populationSize - 1), got '\(panelIDs)'")
        }
        if marketScheduled && !moneyEnabled {
            fail("market.shopRate", "the friendship market needs money: set money.enabled: true")
        }
        if sybilsScheduled {
            if !moneyEnabled {
                fail("sybils.capacity", "sybil farms sell friendship for money: set money.enabled: true")
            } else if model != ReferenceModel.name {
                fail("sybils.capacity", "the \(model) model has no sybil farms; leave sybils.capacity at 0")
            } else if detectionScheduled {
                fail("sybils.capacity", "the graph detector (detection.every) does not run with sybil farms yet; leave one of them off")
            }
            if populationSize + sybilCapacity >= Int(Int32.max) {
                fail("sybils.capacity", "population.size + sybils.capacity must be below 2^31 - 1")
            }
        }
        if model != ReferenceModel.name && (moneyEnabled || theftScheduled) {
            fail(moneyEnabled ? "money.enabled" : "theft.rate", "the \(model) model has no money or stolen accounts; leave these keys at their defaults")
        }
        if refusalSeeds > populationSize {
            fail("refusal.seeds", "must be at most population.size (\(populationSize)), got \(refusalSeeds)")
        }
        if model != ReferenceModel.name && (informantsScheduled || refusalEnabled || scoreVisibility != .publicScores) {
            fail(refusalEnabled ? "refusal.enabled" : informantsScheduled ? "informants.reportRate" : "score.visibility",
                 "the \(model) model has no informants, refusal or score visibility; leave these keys at their defaults")
        }
        if detectionScheduled && model != ReferenceModel.name {
            fail("detection.every", "the \(model) model has no graph detector; leave detection.every at 0")
        }
        switch networkGenerator {
        case .wattsStrogatz:
            if networkK % 2 != 0 { fail("network.k", "must be even (k/2 neighbours on each side), got \(networkK)") }
            if networkK >= populationSize { fail("network.k", "must be below population.size (\(populationSize)), got \(networkK)") }
        case .barabasiAlbert:
            if networkM >= populationSize { fail("network.m", "must be below population.size (\(populationSize)), got \(networkM)") }
        case .stochasticBlock:
            if networkBlocks > populationSize { fail("network.blocks", "must be at most population.size (\(populationSize)), got \(networkBlocks)") }
        case .erdosRenyi:
            if networkMeanDegree > Double(populationSize - 1) {
                fail("network.meanDegree", "must be at most population.size - 1 (\(populationSize - 1)), got \(formatNumber(networkMeanDegree))")
            }
        case .edgeList:
            if networkPath.isEmpty { fail("network.path", "is required when network.generator is edge_list") }
        }
        if let plugin = ModelRegistry.plugin(named: model) { problems += plugin.consistencyProblems(self) }
        if goods.isEmpty { fail("goods", "must list at least one category") }
        var goodNames = Set<String>()  // a set, not a scan of the earlier goods: linear in the catalogue
        for (index, good) in goods.enumerated() {
            if good.name.isEmpty { fail("goods[\(index)].name", "must not be empty") }
            if !(good.approval >= -1 && good.approval <= 1) { fail("goods[\(index)].approval", "must be in [-1, 1], got \(formatNumber(good.approval))") }
            if !(good.price >= 0) || !good.price.isFinite { fail("goods[\(index)].price", "must be >= 0, got \(formatNumber(good.price))") }
            if !goodNames.insert(good.name).inserted { fail("goods[\(index)].name", "'\(good.name)' is listed twice") }
        }
        for (index, event) in timeline.enumerated() {
            if event.step < 0 || event.step >= steps {
                fail("timeline[\(index)].at", "must be a step in [0, \(steps - 1)] (steps is \(steps)), got \(event.step)")
            }
        }
        problems += timelineRuleProblems()
        return problems
    }

    /// The cross-key rules over keys a timeline event may change: checked at step 0 and
    /// again after each step's events (`timelineRuleProblems()`).
    func changeableRuleProblems() -> [ConsistencyProblem] {
        var problems: [ConsistencyProblem] = []
        func fail(_ path: String, _ message: String) { problems.append(ConsistencyProblem(path: path, message: message)) }
        if adoptionBaseRate + adoptionPeerRate > 1 {
            fail("adoption.peerRate", "adoption.baseRate + adoption.peerRate must be at most 1, it is \(formatNumber(adoptionBaseRate + adoptionPeerRate))")
        }
        if scoreMin >= scoreMax {
            fail("score.min", "must be below score.max (\(formatNumber(scoreMax))), got \(formatNumber(scoreMin))")
        }
        if startScore < scoreMin || startScore > scoreMax {
            fail("adoption.startScore", "must be within [score.min, score.max] = [\(formatNumber(scoreMin)), \(formatNumber(scoreMax))], got \(formatNumber(startScore))")
        }
        if case .fixed(let x) = friendless, x < scoreMin || x > scoreMax {
            fail("score.friendless", "a fixed number must be within [score.min, score.max] = [\(formatNumber(scoreMin)), \(formatNumber(scoreMax))], got \(formatNumber(x))")
        }
        return problems
    }

    /// The same rules as at step 0, for the parameters after each step's timeline events
    /// (all events of one step apply together, so a step may move score.min and score.max
    /// past each other in two events). A rule that an event breaks is blamed on that step's
    /// last event, as `timeline[I].set.KEY` when the event sets the key, else
    /// `timeline[I].set`; one already broken before is not repeated.
    func timelineRuleProblems() -> [ConsistencyProblem] {
        var problems: [ConsistencyProblem] = []
        var state = self
        var broken = Set(changeableRuleProblems().map(\.path))
        for (index, event) in timeline.enumerated() {
            for assignment in event.assignments {
                _ = ParameterCatalog.spec(for: assignment.path)?.assign(assignment.value, to: &state)
            }
            guard index == timeline.count - 1 || timeline[index + 1].step != event.step else { continue }
            let now = state.changeableRuleProblems()
            for problem in now where !broken.contains(problem.path) {
                let path = "timeline[\(index)].set" + (event.assignments.contains { $0.path == problem.path } ? ".\(problem.path)" : "")
                problems.append(ConsistencyProblem(path: path, message: "after the events at step \(event.step): \(problem)"))
            }
            broken = Set(now.map(\.path))
        }
        return problems
    }
}

extension ModelParameters {
    /// The ids `output.panel.ids` lists, ascending without repeats (empty: none listed), or
    /// nil when one is not a whole number in 0 ... N-1.
    public var panelCitizenIDs: [Int]? {
        var ids: [Int] = []
        for word in MetricGroups.words(panelIDs) {
            guard let id = Int(word), id >= 0, id < populationSize else { return nil }
            ids.append(id)
        }
        return Array(Set(ids)).sorted()
    }
}
