import Foundation
import SCModel
import SCOutput
import SCScenario

/// One live exploration: a run loop on its own thread, the commands the pages send it, and
/// everything the pages and the HTTP routes read (rows, events, status, the export).
///
/// The simulation thread owns the model and its `SimulationLoop`; nothing else touches
/// them. It takes commands from a queue, steps at the chosen speed, and publishes each
/// row into a shared log under a lock. It never waits for a viewer: a viewer reads the log
/// from its own cursor when it can, so a slow page receives rows later (in larger batches)
/// and only the latest status, but it does not slow the model. Every viewer sees one run.
///
/// Reproducibility: every change made after the first step is scheduled as a timeline
/// event (`SimulationLoop.schedule`) and recorded; a change before the first step is a
/// `--set` override of the starting scenario. `exportYAML` is the starting parameters with
/// the recorded events added to their timeline, so `scsim run` of it gives the same
/// time series, byte for byte.
// @unchecked: the simulation thread and the viewers' tasks share it; every mutable
// property is read and written while holding `condition`.
public final class ExplorerSession: @unchecked Sendable {
    /// A request from a page (or a test), carried out on the simulation thread in order.
    public enum Command: Sendable {
        /// Run continuously at the current speed.
        case start
        /// Stop after the current step.
        case pause
        /// Run this many steps, then pause.
        case step(Int)
        /// Back to step 0 of the starting scenario; the recorded changes are dropped.
        case reset
        /// Target steps per second; 0 runs as fast as the model goes.
        case speed(Double)
        /// Change a key: before the first step it changes the starting scenario, after it
        /// it is a timeline event at the next step. `value` is as it would be typed after
        /// `--set key=`.
        case set(key: String, value: String, viewer: Int?)
        /// Start over from new scenario text (a file the page loaded).
        case load(yaml: String, name: String, viewer: Int?)
        /// Start over from one of the shipped scenarios (a file name in `scenarioDirectory`).
        case open(name: String, viewer: Int?)
        /// Send this viewer what is known of one citizen: state, friends, score history.
        case citizen(id: Int, viewer: Int?)
    }

    /// How far a viewer has read.
    public struct Cursor: Sendable {
        var epoch = -1
        var index = 0
        var helloVersion = -1
        var parametersVersion = -1
        var statusVersion = -1
        var networkVersion = -1
        public init() {}
    }

    /// Worker threads for the model (output does not depend on it).
    public let threads: Int
    /// Where the shipped scenarios the page offers are (`*.yaml`), if anywhere.
    public let scenarioDirectory: String?
    /// Steps between network frames at least (more when the layout thread is busy).
    public let networkEvery: Int
    /// Citizens in the network view's sample at most.
    public let sampleSize: Int
    /// Log messages handed to a viewer at a time, so one slow viewer's catch-up does not
    /// hold the lock long.
    static let batchSize = 2000

    // MARK: State shared with viewers and HTTP handlers (guarded by `condition`)

    private let condition = NSCondition()
    private var commands: [Command] = []
    private var shuttingDown = false
    private var epoch = 0
    private var log: [String] = []
    private var csv = ""
    private var hello = ""
    private var helloVersion = 0
    private var parametersMessage = ""
    private var parametersVersion = 0
    private var status = ""
    private var statusVersion = 0
    private var networkMessage = ""
    private var networkVersion = 0
    private var viewers: [Int: Viewer] = [:]
    private var nextViewerID = 0
    private var exportText = ""
    private var manifestState: ManifestState

    private struct Viewer {
        var signal: AsyncStream<Void>.Continuation
        var privateMessages: [String] = []
    }

    /// What `/manifest.json` is made of, copied out of the simulation thread.
    private struct ManifestState {
        var source: String
        var overrides: [String]
        var parameters: ModelParameters
        var workerThreads: Int
        var startedAt = Date()
        var startClock = ProcessStats.now()
        var modelSeconds = 0.0
        var metricsSeconds = 0.0
        var rows = 0
        var stepsCompleted = 0
        var columns: [MetricDefinition] = []
        var status = "paused"
    }

    // MARK: State of the simulation thread only

    /// The scenario as given (the page's changes before the first step added as overrides).
    private var scenario: ExplorerScenario
    /// Its overrides with the explorer's own (`ExplorerScenario.forExploring`): what the run uses.
    private var effectiveOverrides: [String] = []
    private var start: ModelParameters
    private var model: any SimulationModel
    private var loop: SimulationLoop
    private var recorded: [PolicyEvent] = []
    private var running = false
    private var speed: Double
    private var stepsToRun = 0
    private var nextDue = Date()
    private var thread: Thread?
    /// The network view (reference model only): the sample, and the step of its last frame.
    private var sampler: NetworkSampler?
    private var lastFrameStep = -1
    /// The last row's `score_p10` (who counts as a low scorer), and its column.
    private var lowScore: Double?
    private var lowScoreColumn: Int?
    private var layoutWorker: NetworkLayoutWorker!

    /// Builds step 0 of `scenario` (on the caller's thread, so a bad scenario or edge list
    /// is reported before the server starts).
    ///
    /// - Parameter speed: steps per second to start with (0: as fast as the model goes).
    /// - Throws: `ScenarioError`, `EdgeListError` or a model's error for bad input.
    /// - Parameter scenarioDirectory: the shipped scenarios the page offers (`*.yaml` there).
    /// - Parameter networkEvery: steps between network frames at least.
    /// - Parameter sampleSize: citizens in the network view's sample at most.
    public init(scenario: ExplorerScenario, threads: Int, speed: Double = 10, scenarioDirectory: String? = nil,
                networkEvery: Int = 3, sampleSize: Int = 2500) throws {
        self.threads = threads
        self.speed = speed
        self.scenarioDirectory = scenarioDirectory
        self.networkEvery = max(1, networkEvery)
        self.sampleSize = max(1, sampleSize)
        self.scenario = scenario
        let effective = try scenario.forExploring()
        effectiveOverrides = effective.overrides
        let parameters = try effective.parameters()
        start = parameters
        model = try RunSession.makeModel(parameters, threads: threads)   // refuses a population that cannot fit
        loop = SimulationLoop(model: model, totalSteps: parameters.steps)
        manifestState = ManifestState(source: scenario.source, overrides: effective.overrides, parameters: parameters,
                                      workerThreads: model.workerThreads)
        layoutWorker = NetworkLayoutWorker { [weak self] epoch, message in self?.publishNetwork(message, epoch: epoch) }
        condition.lock()
        publishNewRun()
        condition.unlock()
        startNetworkView()
    }

    /// Starts the simulation thread.
    public func launch() {
        let thread = Thread { [self] in self.main() }
        thread.name = "scsim-explorer-simulation"
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    /// Stops the simulation thread after its current step and ends every viewer's stream.
    public func shutdown() {
        condition.lock()
        shuttingDown = true
        layoutWorker.stop()
        for viewer in viewers.values { viewer.signal.finish() }
        viewers.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a command for the simulation thread.
    public func submit(_ command: Command) {
        condition.lock()
        commands.append(command)
        condition.broadcast()
        condition.unlock()
    }

    /// Sends an error to one viewer (a message it sent that is not a command).
    public func submitError(_ message: String, to viewer: Int) {
        send(error: message, to: viewer)
    }

    // MARK: Viewers

    /// Registers a viewer: its id (for `pending` and errors) and a stream that wakes it
    /// whenever there is something new to read. The stream keeps only the latest wake-up,
    /// so the simulation thread never blocks on it.
    public func attach() -> (id: Int, wakeups: AsyncStream<Void>) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        condition.lock()
        let id = nextViewerID
        nextViewerID += 1
        if shuttingDown {
            continuation.finish()
        } else {
            viewers[id] = Viewer(signal: continuation)
            continuation.yield()
        }
        condition.unlock()
        return (id, stream)
    }

    /// Forgets a viewer (its page closed).
    public func detach(_ id: Int) {
        condition.lock()
        viewers.removeValue(forKey: id)?.signal.finish()
        condition.unlock()
    }

    /// The messages a viewer has not read yet, in order: the scenario (`hello`) when it
    /// changed, the run's log from the cursor (from the start after a reset), the latest
    /// parameters and status when they changed, then messages for this viewer alone.
    /// Wakes the viewer again when more of the log is left.
    public func pending(for id: Int, cursor: inout Cursor) -> [String] {
        condition.lock()
        defer { condition.unlock() }
        var out: [String] = []
        if cursor.helloVersion != helloVersion {
            cursor.helloVersion = helloVersion
            out.append(hello)
        }
        if cursor.epoch != epoch {
            cursor.epoch = epoch
            cursor.index = 0
        }
        let end = min(log.count, cursor.index + Self.batchSize)
        if cursor.index < end {
            out.append(contentsOf: log[cursor.index..<end])
            cursor.index = end
        }
        if cursor.parametersVersion != parametersVersion {
            cursor.parametersVersion = parametersVersion
            out.append(parametersMessage)
        }
        if cursor.statusVersion != statusVersion {
            cursor.statusVersion = statusVersion
            out.append(status)
        }
        if cursor.networkVersion != networkVersion && !networkMessage.isEmpty {
            cursor.networkVersion = networkVersion
            out.append(networkMessage)
        }
        if var viewer = viewers[id] {
            out.append(contentsOf: viewer.privateMessages)
            viewer.privateMessages.removeAll()
            viewers[id] = viewer
            if end < log.count { viewer.signal.yield() }
        }
        return out
    }

    // MARK: What the HTTP routes serve

    /// The run's `timeseries.csv` so far: the header, then one line per row.
    public var timeSeriesCSV: String {
        condition.lock()
        defer { condition.unlock() }
        return csv
    }

    /// A scenario file that reproduces the exploration: the starting parameters with every
    /// change made during the run in the timeline.
    public var exportYAML: String {
        condition.lock()
        defer { condition.unlock() }
        return exportText
    }

    /// The run's manifest now (status `running`, `paused` or `finished`).
    public func manifestJSON() throws -> Data {
        condition.lock()
        let state = manifestState
        condition.unlock()
        var manifest = RunManifest(scenarioFile: state.source, overrides: state.overrides, parameters: state.parameters,
                                   threads: threads, workerThreads: state.workerThreads,
                                   startedAt: ProcessStats.timestamp(state.startedAt), finishedAt: ProcessStats.timestamp(),
                                   wallSeconds: ProcessStats.now() - state.startClock, modelSeconds: state.modelSeconds,
                                   metricsSeconds: state.metricsSeconds, rows: state.rows,
                                   peakResidentBytes: ProcessStats.peakResidentBytes())
        manifest.stepsCompleted = state.stepsCompleted
        manifest.columns = state.columns
        manifest.status = state.status
        return try manifest.jsonData()
    }

    /// The scenario's name, for the export's file name.
    public var scenarioName: String {
        condition.lock()
        defer { condition.unlock() }
        return manifestState.parameters.name
    }

    // MARK: The simulation thread

    private func main() {
        while true {
            condition.lock()
            while commands.isEmpty && !shuttingDown {
                let wantsStep = (running || stepsToRun > 0) && !loop.isDone
                if !wantsStep {
                    condition.wait()
                } else if stepsToRun == 0 && speed > 0 && Date() < nextDue {
                    _ = condition.wait(until: nextDue)
                } else {
                    break
                }
            }
            if shuttingDown {
                condition.unlock()
                return
            }
            let batch = commands
            commands.removeAll()
            condition.unlock()

            for command in batch { handle(command) }
            let due = stepsToRun > 0 || (running && (speed <= 0 || Date() >= nextDue))
            if due && !loop.isDone { stepOnce() }
        }
    }

    private func handle(_ command: Command) {
        switch command {
        case .start:
            if loop.isDone {
                publishStatus(error: "the run is over (\(model.step) steps); reset to run it again")
                return
            }
            running = true
            stepsToRun = 0
            nextDue = Date()
            publishStatus()
        case .pause:
            running = false
            stepsToRun = 0
            publishStatus()
            offerFrameIfDue(stopped: true)
        case .step(let count):
            if loop.isDone {
                publishStatus(error: "the run is over (\(model.step) steps); reset to run it again")
                return
            }
            running = false
            stepsToRun += max(1, count)
            publishStatus()
        case .reset:
            do {
                try rebuild(from: scenario)
            } catch {
                send(error: "\(error)", to: nil)
            }
        case .speed(let value):
            speed = value.isFinite ? max(0, value) : 0
            nextDue = Date()
            publishStatus()
        case .set(let key, let value, let viewer):
            set(key, to: value, viewer: viewer)
        case .load(let yaml, let name, let viewer):
            let loaded = ExplorerScenario(text: yaml, source: name, baseDirectory: FileManager.default.currentDirectoryPath)
            do {
                try rebuild(from: loaded)
            } catch {
                send(error: "\(error)", to: viewer)
            }
        case .open(let name, let viewer):
            let names = Self.scenarioNames(in: scenarioDirectory)
            guard let directory = scenarioDirectory, names.contains(name) else {
                send(error: "open: no shipped scenario named '\(name)'"
                     + (names.isEmpty ? " (no scenario folder)" : "; the shipped ones are " + names.joined(separator: ", ")), to: viewer)
                return
            }
            do {
                try rebuild(from: ExplorerScenario.load(path: URL(fileURLWithPath: directory).appendingPathComponent(name).path))
            } catch {
                send(error: "\(error)", to: viewer)
            }
        case .citizen(let id, let viewer):
            guard id >= 0 && id < model.agentCount else {
                send(error: "citizen: id must be a citizen's number in [0, \(model.agentCount - 1)], got \(id)", to: viewer)
                return
            }
            send(text: citizenMessage(id), to: viewer)
        }
    }

    private func stepOnce() {
        let started = Date()
        let report = loop.step()
        if stepsToRun > 0 { stepsToRun -= 1 }
        if speed > 0 { nextDue = max(nextDue, started).addingTimeInterval(1 / speed) }
        if loop.isDone { running = false; stepsToRun = 0 }
        if let row = report.row, let column = lowScoreColumn, column < row.count {
            if case .real(let x) = row[column], x.isFinite { lowScore = x }
        }
        if let sampler, let simulation = model as? Simulation { sampler.record(simulation) }
        condition.lock()
        if let row = report.row {
            let t = model.step - 1
            log.append(JSON.object([("type", .string("row")), ("step", .integer(t)), ("values", .array(row.map(JSON.init)))]).text)
            csv += CSV.line(row)
            csv += "\n"
            manifestState.rows += 1
        }
        manifestState.modelSeconds = loop.modelSeconds
        manifestState.metricsSeconds = loop.observeSeconds
        manifestState.stepsCompleted = model.step
        updateStatusLocked()
        // After the first step the fixed keys are fixed; before a step with events the
        // values in force change.
        if model.step == 1 || (start.timeline + recorded).contains(where: { $0.step == model.step }) { updateParametersLocked() }
        wakeAllLocked()
        condition.unlock()
        offerFrameIfDue(stopped: !running && stepsToRun == 0)
    }

    // MARK: The network view (the simulation thread)

    /// Chooses a new sample for the run just built and offers its step-0 frame.
    private func startNetworkView() {
        lastFrameStep = -1
        lowScore = nil
        lowScoreColumn = model.columnNames.firstIndex(of: "score_p10")
        layoutWorker.dropPending()
        if let simulation = model as? Simulation {
            sampler = NetworkSampler(simulation: simulation, capacity: sampleSize)
            offerFrameIfDue(stopped: true)
        } else {
            sampler = nil
        }
    }

    /// Offers a frame to the layout thread when `networkEvery` steps have passed since the
    /// last one and the layout thread is free, or when the run has just stopped (so a
    /// paused page shows the current state). Never waits.
    private func offerFrameIfDue(stopped: Bool) {
        guard let sampler, let simulation = model as? Simulation, lastFrameStep != model.step else { return }
        let due = model.step - lastFrameStep >= networkEvery && layoutWorker.isIdle
        guard due || stopped else { return }
        lastFrameStep = model.step
        layoutWorker.offer(sampler.frame(simulation, epoch: epoch, lowScore: lowScore))
    }

    /// From the layout thread: the laid-out frame, unless its run has been replaced.
    private func publishNetwork(_ message: String, epoch frameEpoch: Int) {
        condition.lock()
        if frameEpoch == epoch && !shuttingDown {
            networkMessage = message
            networkVersion += 1
            wakeAllLocked()
        }
        condition.unlock()
    }

    /// What the page shows about one citizen: its state now, its friends, and its score
    /// history while in the sample.
    private func citizenMessage(_ id: Int) -> String {
        var fields: [(String, JSON)] = [("type", .string("citizen")), ("epoch", .integer(epoch)), ("id", .integer(id)),
                                        ("step", .integer(model.step))]
        guard let simulation = model as? Simulation else {
            fields.append(("model", .string(model.parameters.model)))
            return JSON.object(fields).text
        }
        let population = simulation.population
        let enrolled = population.isEnrolled(id)
        let friends = simulation.graph.neighbors(of: id)
        let ring = population.ring(of: id)
        let history = sampler?.history(of: id) ?? []
        let shownFriends = 200
        fields += [
            ("sampled", .bool(sampler?.isSampled(id) ?? false)),
            ("enrolled", .bool(enrolled)),
            ("score", enrolled ? .number(population.score(of: id)) : .null),
            ("strategy", .string("\(population.strategy(of: id))")),
            ("ring", ring.map { .integer($0) } ?? .null),
            ("ringSize", ring.map { .integer(simulation.rings.members[$0].count) } ?? .null),
            ("tier", .string("\(population.tier(of: id))")),
            ("dissent", .number(population.dissent(of: id))),
            ("degree", .integer(friends.count)),
            ("friends", .array(friends.prefix(shownFriends).map { .integer(Int($0)) })),
            ("friendsSampled", .array(friends.prefix(shownFriends).map { .bool(sampler?.isSampled(Int($0)) ?? false) })),
            ("history", .object([
                ("steps", .array(history.map { .integer($0.step) })),
                ("scores", .array(history.map { $0.score.isNaN ? .null : .number((Double($0.score) * 1000).rounded() / 1000) })),
            ])),
        ]
        return JSON.object(fields).text
    }

    /// The shipped scenarios the page offers: `*.yaml` files in `directory`, by name.
    static func scenarioNames(in directory: String?) -> [String] {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }

    /// Changes a key: before the first step, as an override of the starting scenario (the
    /// model is built again); after it, as a timeline event at the next step.
    private func set(_ key: String, to value: String, viewer: Int?) {
        let argument = "\(key)=\(value)"
        guard model.step > 0 else {
            var changed = scenario
            changed.overrides.removeAll { $0.hasPrefix(key + "=") }  // the latest value of a key is enough
            changed.overrides.append(argument)
            do {
                try rebuild(from: changed)
            } catch {
                send(error: "\(error)", to: viewer)
            }
            return
        }
        if loop.isDone {
            send(error: "the run is over (\(model.step) steps): \(key) cannot change any more; reset to explore again", to: viewer)
            return
        }
        // Typed and checked by the reader `--set` goes through, on the parameters in force
        // at the next step, so a value out of range or against a consistency rule gets the
        // command line's message.
        var inForce = parametersAtNextStep()
        inForce.timeline = []
        let typed: ModelParameters
        do {
            typed = try ScenarioLoader.parse(yaml: ScenarioSerializer.yaml(inForce), source: scenario.source, baseDirectory: "",
                                             overrides: [argument]).parameters
        } catch {
            send(error: "\(error)", to: viewer)
            return
        }
        guard let spec = ParameterCatalog.spec(for: key) else {
            send(error: "--set \(argument): \(key): not a scenario key", to: viewer)
            return
        }
        guard spec.changeableDuringRun else {
            send(error: "\(key) is fixed at step 0 and cannot be changed by a timeline event (reset, then change it before the first step)",
                 to: viewer)
            return
        }
        let event = PolicyEvent(step: model.step, assignments: [ParameterAssignment(path: spec.path, value: spec.value(in: typed))])
        // The export must load: check the scenario it would write.
        let candidate = exportParameters(with: recorded + [event])
        do {
            _ = try ScenarioLoader.parse(yaml: ScenarioSerializer.yaml(candidate), source: "the exported scenario", baseDirectory: "")
            try loop.schedule(event)
        } catch {
            send(error: "\(error)", to: viewer)
            return
        }
        recorded.append(event)
        condition.lock()
        log.append(eventMessage(event, origin: "explorer"))
        exportText = Self.export(candidate, source: scenario.source, changes: recorded.count)
        manifestState.parameters = candidate
        updateParametersLocked()
        wakeAllLocked()
        condition.unlock()
    }

    /// The model's parameters with the events due at the next step applied (the scenario's
    /// first, then the recorded ones, as the policy phase will apply them).
    private func parametersAtNextStep() -> ModelParameters {
        var parameters = model.parameters
        let next = model.step
        for event in start.timeline + recorded where event.step == next {
            for assignment in event.assignments {
                _ = ParameterCatalog.spec(for: assignment.path)?.assign(assignment.value, to: &parameters)
            }
        }
        return parameters
    }

    /// The starting parameters with `events` added to the timeline, sorted stably by step
    /// (the scenario's own events first within a step, as they apply in the run).
    private func exportParameters(with events: [PolicyEvent]) -> ModelParameters {
        var parameters = start
        parameters.timeline = (start.timeline + events).enumerated()
            .sorted { ($0.element.step, $0.offset) < ($1.element.step, $1.offset) }
            .map(\.element)
        return parameters
    }

    static func export(_ parameters: ModelParameters, source: String, changes: Int) -> String {
        let header = "# Exported by scsim serve from \(source.replacingOccurrences(of: "\n", with: " ")); the timeline holds the \(changes) change\(changes == 1 ? "" : "s") made while exploring.\n"
        return header + ScenarioSerializer.yaml(parameters)
    }

    /// Builds step 0 of `scenario` and makes it the run every viewer sees.
    private func rebuild(from newScenario: ExplorerScenario) throws {
        let effective = try newScenario.forExploring()
        let parameters = try effective.parameters()
        let newModel = try RunSession.makeModel(parameters, threads: threads)
        scenario = newScenario
        effectiveOverrides = effective.overrides
        start = parameters
        model = newModel
        loop = SimulationLoop(model: newModel, totalSteps: parameters.steps)
        recorded = []
        running = false
        stepsToRun = 0
        condition.lock()
        manifestState = ManifestState(source: newScenario.source, overrides: effective.overrides, parameters: parameters,
                                      workerThreads: newModel.workerThreads)
        publishNewRun()
        condition.unlock()
        startNetworkView()
    }

    // MARK: Publishing (the caller holds the lock)

    private func publishNewRun() {
        epoch += 1
        let definitions = model.metricDefinitions
        manifestState.columns = definitions
        let columns = JSON.object([
            ("type", .string("columns")),
            ("epoch", .integer(epoch)),
            ("columns", .array(definitions.map { .string($0.name) })),
            ("definitions", .array(definitions.map { d -> JSON in
                .object([("name", .string(d.name)), ("label", .string(d.label)), ("unit", .string(d.unit)), ("definition", .string(d.definition))])
            })),
        ]).text
        log = [columns] + start.timeline.map { eventMessage($0, origin: "scenario") }
        networkMessage = ""
        csv = CSV.line(model.columnNames) + "\n"
        exportText = Self.export(start, source: scenario.source, changes: 0)
        hello = helloMessage()
        helloVersion += 1
        updateParametersLocked()
        updateStatusLocked()
        wakeAllLocked()
    }

    private func eventMessage(_ event: PolicyEvent, origin: String) -> String {
        // One message per event; `key`/`value` name its first assignment, `set` all of them.
        let first = event.assignments.first
        return JSON.object([
            ("type", .string("event")), ("step", .integer(event.step)),
            ("key", first.map { JSON.string($0.path) } ?? JSON.null), ("value", first.map { JSON($0.value) } ?? JSON.null),
            ("set", .object(event.assignments.map { ($0.path, JSON($0.value)) })),
            ("origin", .string(origin)),
        ]).text
    }

    private func helloMessage() -> String {
        let modelKeys = Dictionary(ModelRegistry.all.flatMap { plugin in plugin.parameterSpecs.map { ($0.path, plugin.name) } },
                                   uniquingKeysWith: { a, _ in a })
        let keys: [JSON] = ParameterCatalog.all.map { spec in
            var fields: [(String, JSON)] = [
                ("path", .string(spec.path)),
                ("domain", Self.domain(spec.domain)),
                ("summary", .string(spec.summary)),
                ("changeable", .bool(spec.changeableDuringRun)),
                ("value", JSON(spec.value(in: start))),
            ]
            if let owner = modelKeys[spec.path] { fields.append(("model", .string(owner))) }
            return .object(fields)
        }
        return JSON.object([
            ("type", .string("hello")),
            ("scenario", .string(scenario.source)),
            ("overrides", .array(effectiveOverrides.map { .string($0) })),
            ("name", .string(start.name)),
            ("model", .string(start.model)),
            ("steps", .integer(start.steps)),
            ("agents", .integer(model.agentCount)),
            ("threads", .integer(model.workerThreads)),
            ("network", .bool(model is Simulation)),
            ("sampleSize", .integer(min(sampleSize, model.agentCount))),
            ("scenarios", .array(Self.scenarioNames(in: scenarioDirectory).map { .string($0) })),
            ("keys", .array(keys)),
        ]).text
    }

    static func domain(_ domain: ParameterDomain) -> JSON {
        func range(_ kind: String, _ r: NumberRange) -> JSON {
            .object([("kind", .string(kind)),
                     ("min", r.lower.map { JSON.number($0) } ?? .null), ("minOpen", .bool(!r.lowerInclusive)),
                     ("max", r.upper.map { JSON.number($0) } ?? .null), ("maxOpen", .bool(!r.upperInclusive)),
                     ("text", .string(domain.description))])
        }
        switch domain {
        case .number(let r): return range("number", r)
        case .integer(let r): return range("integer", r)
        case .boolean: return .object([("kind", .string("boolean")), ("text", .string(domain.description))])
        case .choice(let words):
            return .object([("kind", .string("choice")), ("choices", .array(words.map { .string($0) })), ("text", .string(domain.description))])
        case .text, .friendless, .groups:
            return .object([("kind", .string("text")), ("text", .string(domain.description))])
        }
    }

    private func updateParametersLocked() {
        let inForce = model.step == 0 ? start : parametersAtNextStep()
        parametersMessage = JSON.object([
            ("type", .string("parameters")),
            ("started", .bool(model.step > 0)),
            ("values", .object(ParameterCatalog.all.map { ($0.path, JSON($0.value(in: inForce))) })),
        ]).text
        parametersVersion += 1
    }

    private func updateStatusLocked() {
        let done = loop.isDone
        manifestState.status = done ? "finished" : running ? "running" : "paused"
        status = JSON.object([
            ("type", .string("status")), ("epoch", .integer(epoch)),
            ("step", .integer(model.step)), ("totalSteps", .integer(loop.totalSteps)),
            ("running", .bool(running || stepsToRun > 0)), ("speed", .number(speed)), ("done", .bool(done)),
            ("changes", .integer(recorded.count)),
        ]).text
        statusVersion += 1
    }

    private func wakeAllLocked() {
        for viewer in viewers.values { viewer.signal.yield() }
    }

    private func publishStatus(error: String? = nil) {
        condition.lock()
        updateStatusLocked()
        wakeAllLocked()
        condition.unlock()
        if let error { send(error: error, to: nil) }
    }

    /// An error for one viewer (the one that asked), or for all when `viewer` is nil.
    private func send(error message: String, to viewer: Int?) {
        send(text: JSON.object([("type", .string("error")), ("message", .string(message))]).text, to: viewer)
    }

    /// A message for one viewer, or for all when `viewer` is nil.
    private func send(text: String, to viewer: Int?) {
        condition.lock()
        for id in viewers.keys where viewer == nil || viewer == id {
            viewers[id]?.privateMessages.append(text)
            viewers[id]?.signal.yield()
        }
        condition.unlock()
    }
}
