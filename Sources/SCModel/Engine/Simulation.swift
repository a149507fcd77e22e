import SCNetwork
import SCRandom


/// One run of the reference model: the citizens, their network, and the step scheduler.
///
/// `advance()` runs one step's phases in MODEL.md section 3's order. Every phase either
/// runs over blocks of citizens in parallel (`BlockRunner`) and writes only the block's own
/// citizens, or is a short sequential pass applied in ascending citizen order; so a run's
/// output depends on the scenario and seed, never on the thread count.
public final class Simulation {
    /// Parameters in force (timeline events change them).
    public internal(set) var parameters: ModelParameters
    /// The citizens' state columns.
    public let population: Population
    /// The friendship network.
    public internal(set) var graph: FriendshipGraph
    /// Collusion rings.
    public internal(set) var rings = RingRegistry()
    /// Steps completed so far; the next step to run has this number.
    public private(set) var step = 0
    /// Ties added and removed during the step just run.
    public internal(set) var tiesAdded = 0
    public internal(set) var tiesRemoved = 0

    let runner: BlockRunner
    /// The goods catalogue's per-category constants, for the consumption phase.
    let goods: GoodsTable
    /// Index of the most approved category (first in catalogue order on ties), for fakes.
    var mostApprovedCategory: Int { goods.mostApproved }
    /// Per-block counters for this step.
    let tallies: UnsafeMutablePointer<StepTally>
    /// Per-block tie and ring changes for this step.
    let outboxes: [BlockOutbox]
    /// Timeline events by step (the scenario's, plus any a driver schedules).
    var eventsByStep: [Int: [PolicyEvent]]
    /// The step's phases, in order (`ReferencePhases.standard` unless changed).
    public private(set) var phases: [any StepPhase<Simulation>] = ReferencePhases.standard
    /// Stream ids in use: the model's registry plus those of inserted phases.
    public private(set) var streams = Phase.registry
    /// The time series' columns, in order (`ReferenceMetrics.standard` unless changed).
    public private(set) var metrics: [Metric<ReferenceRow>] = ReferenceMetrics.standard
    /// Names of `metrics`, cached for the rows.
    public private(set) var columnNames: [String] = ReferenceMetrics.standard.columnNames()
    /// Whether everyone is enrolled (lets the mandatory check skip its loop).
    var everyoneEnrolled = false
    /// Reused buffers for the observation phase's ranking of scores.
    var ranking = ScoreRanking()
    /// The same for the money groups' ranking by wealth.
    var wealthRanking = ScoreRanking()
    /// The step whose posts `population.friendPostTotals` sums (-1: none yet). The
    /// expression phase of step t uses the totals only when this is t - 1, and otherwise
    /// visits friends.
    var friendTotalsStep = -1
    /// Whether `population.expMinusBuyRate` holds e^-lambda_i (filled at the first
    /// consumption phase, after initialisation or a restore has set `buyRate`).
    var buyRateExpFilled = false
    /// Citizens' purchase tilts, kept from step to step (nil above its memory limit).
    lazy var incentiveTilts = IncentiveTilts(citizens: population.count, goods: goods, incentive: parameters.buyIncentive)
    /// Sybil farms (MODEL.md 7.19): what vendors did during the step just run, the sales
    /// whose referral bonus this step's scoring pays, and the running totals.
    public internal(set) var sybilTally = SybilTally()
    var sybilSales: [MarketContract] = []
    public internal(set) var sybilTotals = SybilTally()
    /// The last round of the authority's graph detector (MODEL.md 7.12), if any.
    public internal(set) var detectionRound: DetectionRound?
    /// What informants did during the step just run (MODEL.md 7.13).
    public internal(set) var informantTally = InformantTally()
    /// Who was reported this step (one byte per citizen), while informants are scheduled.
    var reportedMarks: Column<UInt8>?
    /// Citizens who started resisting during the step just run (MODEL.md 7.14).
    public internal(set) var resistersJoined = 0
    /// Per-block money flows of this step (MODEL.md 7.16).
    let moneyTallies: UnsafeMutablePointer<MoneyTally>
    /// The friendship market's open contracts, in the order they were made (MODEL.md 7.17).
    public internal(set) var contracts: [MarketContract] = []
    /// What the market did during the step just run.
    public internal(set) var marketTally = MarketTally()
    /// Thefts and recoveries during the step just run (MODEL.md 7.18).
    public internal(set) var theftTally = TheftTally()
    /// Reused by the exact triangle census.
    var triangleCounter: TriangleCounter?
    /// Triangles at each citizen, kept up to date from the graph's journal of tie changes.
    var triangleBook: TriangleBookkeeping?
    /// Component labels, kept up to date the same way.
    var componentBook: ComponentBookkeeping?
    /// With sybil slots: the enrolled citizens' mask for assortativity, sybils left out.
    var citizensOnlyMask: [UInt8] = []
    /// Reused by every component recount.
    let componentBuffers = ComponentCensus.Buffers()
    /// Reused by the sampled clustering's choice of wedge centres.
    let wedgeCentres = WedgeCentres()
    /// The step's events, while `output.events` asks for a log (nil otherwise: each event
    /// site is one branch on it).
    public internal(set) var eventLog: EventLog?

    /// Seconds spent building the step-0 network (generating it or reading its edge list),
    /// for `scsim bench`; 0 for a simulation given its graph.
    public private(set) var networkSeconds = 0.0

    /// Builds the population and network of step 0 (MODEL.md section 5).
    ///
    /// - Throws: `EdgeListError` when an edge-list file cannot be read or has a bad line.
    public convenience init(parameters: ModelParameters, threads: Int = 1) throws {
        let seed = UInt64(parameters.seed)
        let networkStream = RandomStream(kind: parameters.generator,
                                         key: StreamKey(seed: seed, step: StreamKey.initialisationStep, phase: Phase.initialNetwork.rawValue, block: 0))
        let clock = ContinuousClock(), started = clock.now
        let graph = try parameters.networkSpec.build(nodeCount: parameters.populationSize, random: networkStream)
        let networkSeconds = SimulationLoop.seconds(clock.now - started)
        self.init(parameters: parameters, graph: graph, threads: threads)
        self.networkSeconds = networkSeconds
        drawInitialTraits()
        formRings()
        assignTiers()
        drawRefusalThresholds()
        drawWages()
    }

    /// A simulation over a given network with every citizen's state zeroed, for tests that
    /// set the state by hand. Call `drawInitialTraits()`, `formRings()` and `assignTiers()`
    /// to initialise as a scenario would.
    public init(parameters: ModelParameters, graph: FriendshipGraph, threads: Int = 1) {
        precondition(graph.nodeCount == parameters.populationSize || graph.nodeCount == parameters.slotCount,
                     "graph and population sizes differ")
        GSLRuntime.prepare()
        self.parameters = parameters
        // Sybil farms (7.19): the graph gets the reserved slots as vertices after the
        // citizens, each citizen's list kept in its order.
        self.graph = graph.nodeCount == parameters.slotCount ? graph : Simulation.withSybilSlots(graph, slots: parameters.sybilCapacity)
        population = Population(count: parameters.populationSize, sybilSlots: parameters.sybilCapacity, categoryCount: parameters.goods.count,
                                optional: Population.OptionalColumns(parameters))
        runner = BlockRunner(citizenCount: parameters.populationSize, slotCount: parameters.slotCount, blockSize: parameters.blockSize, threads: threads,
                             seed: UInt64(parameters.seed), generator: parameters.generator, categoryCount: parameters.goods.count)
        goods = GoodsTable(approvals: parameters.goods.map(\.approval), prices: parameters.goods.map(\.price))
        tallies = .allocate(capacity: runner.blockCount)
        tallies.initialize(repeating: StepTally(), count: runner.blockCount)
        moneyTallies = .allocate(capacity: runner.blockCount)
        moneyTallies.initialize(repeating: MoneyTally(), count: runner.blockCount)
        outboxes = (0..<runner.blockCount).map { _ in BlockOutbox() }
        eventsByStep = Dictionary(grouping: parameters.timeline, by: \.step)
        // The optional column groups `output.metrics` switches on follow the standard columns.
        metrics = ReferenceMetrics.standard + MetricGroups.metrics(for: parameters.columnGroups)
        columnNames = metrics.columnNames()
        if !parameters.eventCategories.isEmpty {
            eventLog = EventLog(categories: parameters.eventCategories, blockCount: runner.blockCount)
        }
    }

    deinit {
        reportedMarks?.free()
        moneyTallies.deinitialize(count: runner.blockCount)
        moneyTallies.deallocate()
        tallies.deinitialize(count: runner.blockCount)
        tallies.deallocate()
    }

    /// Sets the step counter (checkpoint restore only).
    func restoredStep(_ value: Int) { step = value }

    /// Worker threads in use (at most one per block).
    public var threads: Int { runner.threads }

    /// Runs one step: the phase list (phases 0 to 10 of MODEL.md section 3 by default).
    /// Observation (phase 11) is `observe()`.
    public func advance() {
        let t = step
        for b in 0..<runner.blockCount { tallies[b] = StepTally(); moneyTallies[b] = MoneyTally() }
        marketTally = MarketTally()
        theftTally = TheftTally()
        if population.slotCount > population.count { sybilTally = SybilTally(); sybilSales.removeAll(keepingCapacity: true) }
        tiesAdded = 0
        tiesRemoved = 0
        eventLog?.beginStep()
        for phase in phases {
            timed(phase.name) { phase.run(self, step: t) }
        }
        step += 1
    }

    /// Adds a phase to the step, after the phase named `after` (at the end when nil).
    ///
    /// - Throws: `PhaseListError` when the phase's stream id is already in use or `after`
    ///   names no phase.
    public func insertPhase(_ phase: any StepPhase<Simulation>, after: String? = nil) throws {
        var index = phases.count
        if let after {
            guard let found = phases.firstIndex(where: { $0.name == after }) else {
                throw PhaseListError("no phase named '\(after)'; the phases are \(phases.map(\.name).joined(separator: ", "))")
            }
            index = found + 1
        }
        try streams.claim(phase.stream.rawValue, for: phase.name)
        phases.insert(phase, at: index)
    }

    /// Appends a column to the time series (before the first row is written).
    ///
    /// - Throws: `PhaseListError` when a column of that name exists.
    public func addMetric(_ metric: Metric<ReferenceRow>) throws {
        guard !columnNames.contains(metric.definition.name) else {
            throw PhaseListError("a column named '\(metric.definition.name)' exists already")
        }
        metrics.append(metric)
        columnNames.append(metric.definition.name)
    }

    /// Applies `assignments` at the start of step `at` (phase 0), as a timeline event would:
    /// how a long-lived driver changes the policy while the run goes on.
    public func schedule(_ event: PolicyEvent) {
        eventsByStep[event.step, default: []].append(event)
    }

    /// Calls `body` once per block of citizens, in parallel across the worker threads, with
    /// the block's own stream (seed, step, `stream`, block): the block-parallel contract of
    /// `StepPhase` for phases written outside this module. `body` must write only the
    /// block's citizens.
    public func forEachBlock(step: Int, stream: StreamID, _ body: (CitizenBlock) -> Void) {
        runner.forEachBlock(step: UInt64(step), stream: stream) { ctx in
            body(CitizenBlock(index: ctx.block, citizens: ctx.citizens, random: ctx.random))
        }
    }

    /// Seconds spent in each phase so far, by phase name, when `recordsPhaseTimes` is on
    /// (for `scsim bench`). Parts of a phase worth watching on their own are listed too,
    /// as "phase_part" (their time is also in the phase's).
    public internal(set) var phaseSeconds: [String: Double] = [:]
    /// Whether `advance()` times its phases (two clock reads per phase).
    public var recordsPhaseTimes = false

    @inline(__always)
    func timed(_ name: String, _ body: () -> Void) {
        guard recordsPhaseTimes else { return body() }
        let start = ContinuousClock.now
        body()
        phaseSeconds[name, default: 0] += SimulationLoop.seconds(ContinuousClock.now - start)
    }

    /// This step's counters, summed over blocks in order.
    public var stepTally: StepTally {
        var total = StepTally()
        for b in 0..<runner.blockCount { total.add(tallies[b]) }
        return total
    }

    /// The stream key of an initialisation task that runs on one stream.
    func initialisationKey(_ phase: Phase) -> StreamKey {
        StreamKey(seed: UInt64(parameters.seed), step: StreamKey.initialisationStep, phase: phase.rawValue, block: 0)
    }
}

extension ModelParameters {
    /// The network generator and its parameters, as the graph module takes them.
    public var networkSpec: NetworkSpec {
        switch networkGenerator {
        case .erdosRenyi: return .erdosRenyi(meanDegree: networkMeanDegree)
        case .barabasiAlbert: return .barabasiAlbert(m: networkM)
        case .stochasticBlock: return .stochasticBlock(blocks: networkBlocks, pIn: networkPIn, pOut: networkPOut)
        case .edgeList: return .edgeList(path: networkPath)
        case .wattsStrogatz: return .wattsStrogatz(k: networkK, rewire: networkRewire)
        }
    }
}
