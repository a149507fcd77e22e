import Foundation
import GRDB
import SCModel
import Testing
@testable import SCOutput

/// Issue 14: the event log, the citizen panel and the group series, checked against what
/// the model itself counts, on small runs.
struct LookingInsideTests {
    final class MemorySink: RecordSink {
        var events: [(step: Int, event: RawEvent)] = []
        var panel: [PanelRow] = []
        var byStep: [Int: [RawEvent]] = [:]
        func record(step: Int, events: [RawEvent], panel: [PanelRow]) throws {
            self.events += events.map { (step, $0) }
            byStep[step, default: []] += events
            self.panel += panel
        }
        func finish() throws {}
    }

    /// With `buying`, money, the friendship market, theft and sybil farms are on too (their
    /// ties, trades and sybils logged).
    static func parameters(threads: Int = 1, buying: Bool = false) -> ModelParameters {
        var p = ModelParameters()
        if buying {
            p.moneyEnabled = true
            p.marketShopRate = 0.5
            p.marketSellerMinScore = 620
            p.marketContractWeeks = 4
            p.theftRate = 0.02
            p.sybilCapacity = 20
            p.sybilCreateRate = 2
            p.sybilSellMinScore = 620
            p.sybilShopRate = 0.5
            p.sybilCatchRate = 0.05
            p.networkMetricsMode = .sampled
        }
        p.populationSize = 400
        p.steps = 40
        p.blockSize = 64
        p.shareHonest = 0.7
        p.sharePadder = 0.1
        p.shareEvader = 0.1
        p.shareColluder = 0.1
        p.auditRate = 0.3
        p.imitationRate = 0.3
        p.penalties = true
        p.eventCategories = EventCategory.names
        p.panelEvery = 1
        p.metricGroups = MetricGroups.names
        return p
    }

    /// Steps a run, calling `each` before and after each step.
    static func run(_ p: ModelParameters, threads: Int = 1,
                    each: (Simulation, _ before: Bool) -> Void = { _, _ in }) throws -> (Simulation, MemorySink, [[MetricValue]]) {
        let simulation = try Simulation(parameters: p, threads: threads)
        let sink = MemorySink()
        let loop = SimulationLoop(model: simulation, totalSteps: p.steps)
        loop.recorders = [ReferenceRecorder(simulation: simulation, sink: sink)]
        var rows: [[MetricValue]] = []
        while !loop.isDone {
            each(simulation, true)
            let report = loop.step()
            if let row = report.row { rows.append(row) }
            each(simulation, false)
        }
        return (simulation, sink, rows)
    }

    @Test(arguments: [false, true])
    func tieEventsReplayIntoTheNextEdgeList(buying: Bool) throws {
        var edges = Set<UInt64>()
        var replayed: [Set<UInt64>] = [], actual: [Set<UInt64>] = []
        var counts: [(added: Int, removed: Int)] = []
        let key = { (a: Int, b: Int) in a < b ? UInt64(a) << 32 | UInt64(b) : UInt64(b) << 32 | UInt64(a) }
        var trades: [(bought: Int, renewed: Int, ended: Int)] = [], thefts: [(taken: Int, recovered: Int)] = []
        var sybils: [SybilTally] = []
        let (_, sink, _) = try Self.run(Self.parameters(buying: buying)) { sim, before in
            let now = Set(sim.graph.edges().map { key(Int($0.0), Int($0.1)) })
            if before { edges = now } else {
                actual.append(now); counts.append((sim.tiesAdded, sim.tiesRemoved))
                trades.append((sim.marketTally.trades, sim.marketTally.renewals, sim.marketTally.ended))
                thefts.append((sim.theftTally.thefts, sim.theftTally.recoveries))
                sybils.append(sim.sybilTally)
            }
        }
        var stepEdges = Set<UInt64>()
        for t in 0..<actual.count {
            stepEdges = t == 0 ? edgesAtStart(sink) : replayed[t - 1]
            var added = 0, removed = 0
            for e in sink.byStep[t] ?? [] {
                if e.kind == .tieRemoved { #expect(stepEdges.remove(key(Int(e.citizen), Int(e.other))) != nil); removed += 1 }
                if e.kind == .tieAdded { #expect(stepEdges.insert(key(Int(e.citizen), Int(e.other))).inserted); added += 1 }
            }
            replayed.append(stepEdges)
            #expect(stepEdges == actual[t], "step \(t)")
            #expect(added == counts[t].added && removed == counts[t].removed, "step \(t)")
        }
        #expect(sink.events.contains { $0.event.reason == .unfriend })
        #expect(sink.events.contains { $0.event.reason == .triadic })
        // Trades and thefts are logged one for one with what the phases counted.
        for t in 0..<actual.count {
            let events = sink.byStep[t] ?? []
            func count(_ kind: EventKind, _ reason: EventReason) -> Int { events.filter { $0.kind == kind && $0.reason == reason }.count }
            #expect(count(.trade, .bought) == trades[t].bought && count(.trade, .renewed) == trades[t].renewed
                    && count(.trade, .ended) == trades[t].ended, "step \(t)")
            #expect(count(.theft, .taken) == thefts[t].taken && count(.theft, .recovered) == thefts[t].recovered, "step \(t)")
            #expect(count(.sybil, .created) == sybils[t].created && count(.sybil, .sold) == sybils[t].sold
                    && count(.sybil, .caught) == sybils[t].caught, "step \(t)")
            #expect(count(.sybil, .sold) == count(.tieAdded, .sold), "step \(t)")
        }
        if buying {
            #expect(sink.events.contains { $0.event.kind == .tieAdded && $0.event.reason == .bought })
            #expect(sink.events.contains { $0.event.kind == .tieRemoved && $0.event.reason == .ended })
            #expect(sink.events.contains { $0.event.kind == .theft && $0.event.reason == .recovered })
            #expect(sink.events.contains { $0.event.kind == .sybil && $0.event.reason == .sold })
            #expect(sink.events.contains { $0.event.kind == .tieRemoved && $0.event.reason == .caught })
        }
        _ = edges

        func edgesAtStart(_ sink: MemorySink) -> Set<UInt64> {
            // The graph at step 0 is rebuilt from the same parameters.
            let fresh = try! Simulation(parameters: Self.parameters(buying: buying), threads: 1)
            return Set(fresh.graph.edges().map { key(Int($0.0), Int($0.1)) })
        }
    }

    @Test func auditStrategyEnrolmentAndTierEventsAddUpToTheColumns() throws {
        var before: (strategies: [Int], enrolled: Int, tiers: [Int]) = ([], 0, [])
        var tallies: [StepTally] = [], after: [(strategies: [Int], enrolled: Int, tiers: [Int])] = [], befores = [(strategies: [Int], enrolled: Int, tiers: [Int])]()
        func state(_ sim: Simulation) -> (strategies: [Int], enrolled: Int, tiers: [Int]) {
            let pop = sim.population
            var s = [0, 0, 0, 0], tiers = [0, 0, 0], e = 0
            for i in 0..<pop.count { s[Int(pop.strategy[i])] += 1; tiers[Int(pop.tier[i])] += 1; e += Int(pop.enrolled[i]) }
            return (s, e, tiers)
        }
        let (_, sink, _) = try Self.run(Self.parameters()) { sim, isBefore in
            if isBefore { before = state(sim); befores.append(before) } else { after.append(state(sim)); tallies.append(sim.stepTally) }
        }
        var totalAudits = 0, totalChanges = 0
        for t in 0..<after.count {
            let events = sink.byStep[t] ?? []
            let audits = events.filter { $0.kind == .audit }
            #expect(audits.count == tallies[t].audits)
            #expect(audits.filter { $0.reason == .caught || $0.reason == .reformed }.count == tallies[t].caught)
            #expect(audits.allSatisfy { ($0.reason == .caught || $0.reason == .reformed) == ($0.value > 0) })
            totalAudits += audits.count
            var strategies = befores[t].strategies, tiers = befores[t].tiers, enrolled = befores[t].enrolled
            for e in events where e.kind == .strategy { strategies[Int(e.from)] -= 1; strategies[Int(e.to)] += 1; totalChanges += 1 }
            for e in events where e.kind == .tier { tiers[Int(e.from)] -= 1; tiers[Int(e.to)] += 1 }
            for e in events where e.kind == .enrolment { enrolled += e.reason == .withdrawn ? -1 : 1 }
            #expect(strategies == after[t].strategies, "step \(t)")
            #expect(tiers == after[t].tiers, "step \(t)")
            #expect(enrolled == after[t].enrolled, "step \(t)")
            #expect(events.filter { $0.kind == .enrolment && $0.reason == .voluntary }.count == tallies[t].adopted)
        }
        #expect(totalAudits > 0 && totalChanges > 0)
    }

    @Test func theLogAndPanelDoNotDependOnTheThreadCount() throws {
        let one = try Self.run(Self.parameters(), threads: 1)
        let two = try Self.run(Self.parameters(), threads: 2)
        #expect(one.1.events.count > 100)
        #expect(one.1.events.map(\.step) == two.1.events.map(\.step))
        #expect(one.1.events.map(\.event) == two.1.events.map(\.event))
        #expect(one.1.panel == two.1.panel)
        #expect(one.2.map { $0.map(\.description) } == two.2.map { $0.map(\.description) })
    }

    @Test func thePanelEqualsTheSnapshot() throws {
        var p = Self.parameters()
        p.panelEvery = 7
        p.steps = 15
        let folder = NSTemporaryDirectory() + "scsim-panel-\(UUID().uuidString)"
        let (_, sink, _) = try Self.run(p) { sim, before in
            let t = sim.step - 1
            if !before && (t % 7 == 0 || t == 14) { try! SnapshotWriter.write(sim, runFolder: folder, identity: [:]) }
        }
        #expect(Set(sink.panel.map(\.step)) == [0, 7, 14])
        for t in [0, 7, 14] {
            let lines = try String(contentsOfFile: SnapshotWriter.folder(in: folder, step: t) + "/citizens.csv", encoding: .utf8)
                .split(separator: "\n").dropFirst()
            let rows = sink.panel.filter { $0.step == t }
            #expect(rows.count == lines.count)
            for (row, line) in zip(rows, lines) {
                let text = [String(row.citizen), row.score.map { String($0) } ?? "", String(row.dissent), RawEvent.strategyName(row.strategy),
                            row.enrolled ? "1" : "0", RawEvent.tierName(row.tier), String(row.degree), row.ring.map(String.init) ?? ""]
                #expect(text.joined(separator: ",") == String(line))
            }
        }
    }

    @Test func groupSeriesEqualARecomputationFromThePanel() throws {
        let p = Self.parameters()
        let (sim, sink, rows) = try Self.run(p)
        let columns = sim.columnNames
        func value(_ row: [MetricValue], _ name: String) -> Double? {
            guard let k = columns.firstIndex(of: name) else { Issue.record("no column \(name)"); return nil }
            if case .real(let x) = row[k] { return x }
            if case .integer(let x) = row[k] { return Double(x) }
            return nil
        }
        for t in [0, 13, 39] {
            let panel = sink.panel.filter { $0.step == t }, row = rows[t]
            for s in Strategy.allCases {
                let mine = panel.filter { $0.strategy == s.rawValue }, enrolled = mine.filter(\.enrolled)
                #expect(value(row, "strategy_\(s)_count") == Double(mine.count))
                if !enrolled.isEmpty {
                    let mean = enrolled.map { $0.score! }.reduce(0, +) / Double(enrolled.count)
                    #expect(abs(value(row, "strategy_\(s)_score_mean")! - mean) < 1e-9)
                    let payoff = enrolled.map { $0.payoff! }.reduce(0, +) / Double(enrolled.count)
                    #expect(abs(value(row, "strategy_\(s)_payoff_mean")! - payoff) < 1e-9)
                    let penalty = Double(enrolled.filter { $0.tier == Tier.penalty.rawValue }.count) / Double(enrolled.count)
                    #expect(value(row, "strategy_\(s)_penalty_frac") == penalty)
                }
            }
            let enrolled = panel.filter(\.enrolled).sorted { ($0.score!, $0.citizen) < ($1.score!, $1.citizen) }
            let n = enrolled.count
            for d in 1...10 {
                let decile = enrolled[((d - 1) * n / 10)..<(d * n / 10)]
                let mean = Double(decile.map(\.degree).reduce(0, +)) / Double(decile.count)
                #expect(abs(value(row, "decile\(d)_degree_mean")! - mean) < 1e-12)
                #expect(value(row, "decile\(d)_isolated_frac") == Double(decile.filter { $0.degree == 0 }.count) / Double(decile.count))
                // Ties lost, from the event log.
                let members = Set(decile.map(\.citizen))
                let lost = (sink.byStep[t] ?? []).filter { $0.kind == .tieRemoved }
                    .reduce(0) { $0 + (members.contains(Int($1.citizen)) ? 1 : 0) + (members.contains(Int($1.other)) ? 1 : 0) }
                #expect(abs(value(row, "decile\(d)_ties_removed_mean")! - Double(lost) / Double(decile.count)) < 1e-12)
            }
            let friendless = panel.filter { $0.enrolled && $0.degree == 0 }
            #expect(value(row, "friendless_enrolled") == Double(friendless.count))
            let ringSizes = Dictionary(grouping: panel.compactMap(\.ring), by: { $0 }).mapValues(\.count)
            #expect(value(row, "rings_count") == Double(ringSizes.count))
            #expect(value(row, "ring_members") == Double(ringSizes.values.reduce(0, +)))
            #expect(value(row, "ring_size_max") == Double(ringSizes.values.max() ?? 0))
            #expect(value(row, "component_singletons") == Double(panel.filter { $0.degree == 0 }.count))
        }
    }

    @Test func offByDefault() throws {
        let simulation = try Simulation(parameters: ModelParameters(), threads: 1)
        #expect(simulation.eventLog == nil)
        #expect(simulation.columnNames == ReferenceMetrics.standard.columnNames())
    }

    @Test func panelSampleAndIDs() throws {
        var p = Self.parameters()
        p.panelSample = 25
        let sample = ReferenceRecorder.panelCitizens(p)
        #expect(sample.count == 25 && sample == sample.sorted() && sample == ReferenceRecorder.panelCitizens(p))
        p.panelIDs = "7,3,7"
        #expect(ReferenceRecorder.panelCitizens(p) == [3, 7])
        p.panelIDs = "3,400"
        #expect(p.consistencyProblems().contains { $0.path == "output.panel.ids" })
    }

    @Test func runSessionWritesRunSqlite() throws {
        let folder = NSTemporaryDirectory() + "scsim-looking-\(UUID().uuidString)"
        let scenario = folder + ".yaml"
        try """
        name: looking
        seed: 3
        steps: 12
        population: {size: 300}
        output:
          events: all
          panel: {every: 5, ids: [1, 2, 250]}
        """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let session = try RunSession.prepare(.init(scenarioPath: scenario, overrides: [], outDirectory: folder, threads: 2, force: false))
        let manifest = try session.execute()
        #expect(manifest.document.files["run"] == "run.sqlite")
        let db = try DatabaseQueue(path: folder + "/run.sqlite")
        try db.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM panel") == 12)
            #expect(try Int.fetchAll(db, sql: "SELECT DISTINCT step FROM panel ORDER BY step") == [0, 5, 10, 11])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events")! > 0)
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            #expect(indexes == ["events_citizen", "events_step", "panel_citizen_step"])
        }
        #expect(!FileManager.default.fileExists(atPath: AtomicFile.temporaryPath(for: folder + "/run.sqlite")))
    }
}
