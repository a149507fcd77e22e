import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdWSClient
import Logging
import SCModel
import SCOutput
import SCScenario
import ScsimKit
import ServiceLifecycle
import Testing
@testable import SCExplorer

/// The explorer's protocol end to end: a server in this process on a free port, driven
/// over a real WebSocket by `WebSocketClient`, then the exported scenario run by the run
/// machinery (`RunSession`, as `scsim run` runs it) and compared byte for byte.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ExplorerProtocolTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func explorationExportsAScenarioThatReproducesItsTimeSeries() async throws {
        try await ExplorerHarness.with(scenario: Self.repository + "/scenarios/tiny.yaml") { harness in
            // A second page watches the same run from the start to its end.
            async let watcher = harness.watch(untilDone: true)

            let first = try await harness.drive { page in try await Self.explore(page, harness) }

            let streamed = first.csv
            let served = try await harness.get("/timeseries.csv")
            #expect(streamed == served, "the rows streamed to the page are the served timeseries.csv")
            #expect(served.hasPrefix(first.result), "the time series paused at step 6 is the start of the whole one")
            #expect(served.split(separator: "\n").count == 1 + 40)
            let watched = try await watcher
            #expect(watched.csv == served, "a second page watching the same run gets the same rows")

            let exported = try await harness.get("/export")
            #expect(exported.contains("timeline:"))
            #expect(exported.contains("  - at: 3\n    set:\n      score.eta: 0.6\n"))
            #expect(exported.contains("  - at: 5\n    set:\n      tiers.penaltyIncome: 0.25\n"))
            #expect(exported.contains("  - at: 20\n"), "the scenario's own event stays")

            // The exported scenario, run as `scsim run` runs it, gives the same bytes.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scsim-explorer-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try exported.write(toFile: folder + "/explored.yaml", atomically: true, encoding: .utf8)
            let session = try RunSession.prepare(.init(scenarioPath: folder + "/explored.yaml", overrides: [], outDirectory: folder + "/run",
                                                       threads: 1, force: false))
            _ = try session.execute()
            let reproduced = try String(contentsOfFile: folder + "/run/timeseries.csv", encoding: .utf8)
            #expect(reproduced == served, "scsim run of the export reproduces the exploration byte for byte")

            // And without the changes the run differs (the test would catch a lost event).
            let plain = try RunSession.prepare(.init(scenarioPath: Self.repository + "/scenarios/tiny.yaml", overrides: [],
                                                     outDirectory: folder + "/plain", threads: 1, force: false))
            _ = try plain.execute()
            #expect(try String(contentsOfFile: folder + "/plain/timeseries.csv", encoding: .utf8) != served)
        }
    }

    /// The first page's session: steps, changes (good and bad), a pause, then the rest.
    static func explore(_ page: Page, _ harness: ExplorerHarness) async throws -> String {
        let hello = try await page.next(type: "hello")
        #expect(hello["name"]?.string == "tiny")
        let keys = try #require(hello["keys"]?.array)
        let eta = try #require(keys.first { $0["path"]?.string == "score.eta" })
        #expect(eta["changeable"]?.bool == true)
        _ = try await page.next(type: "columns")
        _ = try await page.next { $0["type"]?.string == "status" }

        // Three steps, then eta changes; it applies at step 3 as a timeline event.
        try await page.send(#"{"type":"step","value":3}"#)
        _ = try await page.next { $0["type"]?.string == "status" && $0["step"]?.int == 3 && $0["running"]?.bool == false }
        try await page.send(#"{"type":"set","key":"score.eta","value":0.6}"#)
        let event = try await page.next(type: "event") { $0["origin"]?.string == "explorer" }
        #expect(event["step"]?.int == 3)
        #expect(event["key"]?.string == "score.eta")
        #expect(event["value"]?.double == 0.6)

        // Bad input gets the command line's message, and the run goes on.
        try await page.send(#"{"type":"set","key":"score.eta","value":-1}"#)
        let outOfRange = try await page.next(type: "error")
        #expect(outOfRange["message"]?.string == "--set score.eta=-1: score.eta: must be a number in [0, 1000], got -1")
        try await page.send(#"{"type":"set","key":"adoption.peerRate","value":1}"#)
        let inconsistent = try await page.next(type: "error")
        #expect((inconsistent["message"]?.string)?.contains("adoption.baseRate + adoption.peerRate must be at most 1") == true)
        try await page.send(#"{"type":"set","key":"score.etaa","value":0.5}"#)
        let unknown = try await page.next(type: "error")
        #expect((unknown["message"]?.string)?.contains("score.eta") == true)
        try await page.send(#"{"type":"set","key":"population.size","value":500}"#)
        let fixed = try await page.next(type: "error")
        #expect((fixed["message"]?.string)?.contains("population.size is fixed at step 0") == true)
        try await page.send("not json")
        _ = try await page.next(type: "error")

        try await page.send(#"{"type":"step","value":2}"#)
        _ = try await page.next { $0["type"]?.string == "status" && $0["step"]?.int == 5 && $0["running"]?.bool == false }
        try await page.send(#"{"type":"set","key":"tiers.penaltyIncome","value":0.25}"#)
        _ = try await page.next(type: "event") { $0["key"]?.string == "tiers.penaltyIncome" }
        try await page.send(#"{"type":"step","value":1}"#)
        _ = try await page.next { $0["type"]?.string == "status" && $0["step"]?.int == 6 && $0["running"]?.bool == false }

        // Paused at step 6: the downloads are there at any moment.
        let partial = try await harness.get("/timeseries.csv")
        #expect(partial.split(separator: "\n").count == 1 + 6)
        let manifest = try JSONDecoder().decode(JSONValue.self, from: Data(try await harness.get("/manifest.json").utf8))
        #expect(manifest["steps_completed"]?.int == 6, "\(manifest)")

        try await page.send(#"{"type":"speed","value":0}"#)
        try await page.send(#"{"type":"start"}"#)
        _ = try await page.next { $0["type"]?.string == "status" && $0["done"]?.bool == true }
        try await page.send(#"{"type":"start"}"#)
        let over = try await page.next(type: "error")
        #expect((over["message"]?.string)?.contains("the run is over") == true)
        return partial
    }

    @Test func changesBeforeTheFirstStepChangeTheStartingScenario() async throws {
        try await ExplorerHarness.with(scenario: Self.repository + "/scenarios/tiny.yaml") { harness in
            _ = try await harness.drive { page in
                _ = try await page.next(type: "columns")
                try await page.send(#"{"type":"set","key":"population.size","value":200}"#)
                let hello = try await page.next(type: "hello") { ($0["agents"]?.int) == 200 }
                #expect(hello["overrides"] == .array([.string("population.size=200")]))
                try await page.send(#"{"type":"set","key":"population.size","value":1}"#)
                let error = try await page.next(type: "error")
                #expect((error["message"]?.string)?.contains("population.size: must be a whole number in [2, 1000000000], got 1") == true)
                try await page.send(#"{"type":"step"}"#)
                _ = try await page.next { $0["type"]?.string == "status" && $0["step"]?.int == 1 && $0["running"]?.bool == false }
                try await page.send(#"{"type":"reset"}"#)
                _ = try await page.next { $0["type"]?.string == "status" && $0["step"]?.int == 0 }
                return ""
            }
            let exported = try await harness.get("/export")
            #expect(exported.contains("  size: 200\n"))
            let parameters = try ScenarioLoader.parse(yaml: exported, source: "export", baseDirectory: "").parameters
            #expect(parameters.populationSize == 200)
            #expect(parameters.timeline.count == 1)
        }
    }

    /// Steps the page asks for, waiting for each network frame before the next request, so
    /// every frame is laid out (none dropped) and the positions are a function of the run.
    static let frameSteps = [0, 3, 6, 7]

    /// Drives a page through `frameSteps` and returns each `network` message, as text and read.
    static func networkFrames(_ page: Page) async throws -> [(text: String, message: JSONValue)] {
        let hello = try await page.next(type: "hello")
        #expect(hello["network"]?.bool == true)
        var frames: [(String, JSONValue)] = []
        var at = 0
        for step in frameSteps {
            if step > at { try await page.send(#"{"type":"step","value":\#(step - at)}"#) }
            at = step
            let frame = try await page.next(type: "network") { $0["step"]?.int == step }
            frames.append((page.lastText, frame))
        }
        return frames
    }

    /// The run as the server has it, rebuilt here: the same scenario, stepped to `step`.
    static func localRun(_ path: String, overrides: [String], to step: Int) throws -> Simulation {
        let parameters = try ExplorerScenario.load(path: path, overrides: overrides).parameters()
        let simulation = try Simulation(parameters: parameters, threads: 1)
        while simulation.step < step { simulation.advance() }
        return simulation
    }

    @Test func networkFramesHoldSampledCitizensAndTheirRealTiesAndAreDeterministic() async throws {
        let path = Self.repository + "/scenarios/tiny.yaml"
        let overrides = ["population.size=3000"]
        let sampleSize = 600
        let collected = FramesBox()
        for _ in 0..<2 {
            try await ExplorerHarness.with(scenario: path, overrides: overrides, sampleSize: sampleSize) { harness in
                let (frames, _) = try await harness.drive { page in
                    let frames = try await Self.networkFrames(page)
                    // A sampled citizen's details: its history from step 0, its real friends.
                    let last = frames.last!.message
                    let id = try #require(last["ids"]?.array?[5].int)
                    try await page.send(#"{"type":"citizen","id":\#(id)}"#)
                    let citizen = try await page.next(type: "citizen")
                    #expect(citizen["id"]?.int == id)
                    #expect(citizen["sampled"]?.bool == true)
                    #expect(citizen["history"]?["steps"]?.ints == Array(0...7))
                    #expect(citizen["history"]?["scores"]?.array?.count == 8)
                    let local = try Self.localRun(path, overrides: overrides, to: 7)
                    #expect(citizen["friends"]?.ints == local.graph.neighbors(of: id).map(Int.init))
                    #expect(citizen["strategy"]?.string == "\(local.population.strategy(of: id))")
                    let score = citizen["score"]?.double
                    #expect(score == (local.population.isEnrolled(id) ? local.population.score(of: id) : nil))
                    let lastScore = citizen["history"]?["scores"]?.array?.last?.double
                    #expect(lastScore.map { abs($0 - (score ?? .nan)) <= 0.0005 } ?? (score == nil))
                    try await page.send(#"{"type":"citizen","id":3000}"#)
                    let outOfRange = try await page.next(type: "error")
                    #expect(outOfRange["message"]?.string == "citizen: id must be a citizen's number in [0, 2999], got 3000")
                    return frames.map { ($0.text, $0.message) }
                }
                collected.append(frames)
            }
        }
        let runs = collected.runs
        // The same requests give the same frames, positions included, byte for byte.
        #expect(runs[0].map(\.text) == runs[1].map(\.text))

        for (step, frame) in zip(Self.frameSteps, runs[0].map(\.message)) {
            let local = try Self.localRun(path, overrides: overrides, to: step)
            let ids = try #require(frame["ids"]?.ints)
            #expect(frame["population"]?.int == 3000)
            #expect(frame["sampled"]?.int == ids.count)
            #expect(ids.count > sampleSize / 2 && ids.count <= sampleSize, "\(ids.count) sampled")
            #expect(ids.allSatisfy { $0 >= 0 && $0 < 3000 }, "ids in range")
            #expect(Set(ids).count == ids.count, "each citizen once")
            for name in ["x", "y", "score", "strategy", "flags", "degree"] {
                #expect(frame[name]?.array?.count == ids.count, "\(name): one per sampled citizen")
            }
            #expect(frame["x"]!.array!.allSatisfy { ($0.int ?? -1) >= 0 && ($0.int ?? -1) <= 10_000 })
            #expect(frame["y"]!.array!.allSatisfy { ($0.int ?? -1) >= 0 && ($0.int ?? -1) <= 10_000 })
            // Ties: each a real tie between two sampled citizens, each once, and all of them.
            let edges = try #require(frame["edges"]?.ints)
            #expect(edges.count % 2 == 0 && edges.count > 0)
            var seen = Set<[Int]>()
            for e in stride(from: 0, to: edges.count, by: 2) {
                let (a, b) = (edges[e], edges[e + 1])
                #expect(a < b && b < ids.count)
                #expect(local.graph.contains(ids[a], ids[b]), "step \(step): \(ids[a])-\(ids[b]) is not a tie")
                seen.insert([min(ids[a], ids[b]), max(ids[a], ids[b])])
            }
            #expect(seen.count == edges.count / 2, "each tie once")
            let sampled = Set(ids)
            var induced = 0
            for i in ids { for j in local.graph.neighbors(of: i) where Int(j) > i && sampled.contains(Int(j)) { induced += 1 } }
            #expect(induced == seen.count, "every tie among the sampled citizens is sent")
            // Each citizen's state as the run has it.
            let degrees = frame["degree"]!.ints!
            let flags = frame["flags"]!.ints!
            let strategies = frame["strategy"]!.ints!
            for (k, id) in ids.enumerated() {
                #expect(degrees[k] == local.graph.degree(of: id))
                #expect(strategies[k] == Int(local.population.strategy(of: id).rawValue))
                #expect((flags[k] & 1 != 0) == local.population.isEnrolled(id))
                #expect((flags[k] & 2 != 0) == (local.population.ring(of: id) != nil))
                #expect((flags[k] & 4 != 0) == (local.graph.degree(of: id) == 0))
            }
        }
        // The core (snowball) stays: most of step 0's sample is still there at step 7.
        let first = Set(runs[0][0].message["ids"]!.ints!)
        let last = Set(runs[0].last!.message["ids"]!.ints!)
        #expect(first.intersection(last).count >= sampleSize * 4 / 5 - 1)
    }

    @Test func theWatchListBringsIsolatedCitizensIntoTheSample() async throws {
        // A sparse random network: many citizens without a friend, most outside any snowball.
        let path = Self.repository + "/scenarios/tiny.yaml"
        try await ExplorerHarness.with(scenario: path, overrides: ["population.size=5000", "network.generator=erdos_renyi",
                                                                   "network.meanDegree=1.5"], sampleSize: 500) { harness in
            _ = try await harness.drive { page in
                let frame = try await page.next(type: "network")
                let flags = try #require(frame["flags"]?.ints)
                let degrees = try #require(frame["degree"]?.ints)
                let isolated = flags.filter { $0 & 4 != 0 }.count
                #expect(isolated >= 100, "the watch list (a fifth of the sample) is filled with isolated citizens: \(isolated)")
                #expect(zip(flags, degrees).allSatisfy { ($0 & 4 != 0) == ($1 == 0) })
                return 0
            }
        }
    }

    @Test func pickingAShippedScenarioOrABadFileOverTheSocket() async throws {
        try await ExplorerHarness.with(scenario: Self.repository + "/scenarios/tiny.yaml") { harness in
            _ = try await harness.drive { page in
                let hello = try await page.next(type: "hello")
                let names = hello["scenarios"]?.array?.compactMap { $0.string } ?? []
                #expect(names.contains("baseline.yaml") && names.contains("tiny.yaml"))
                try await page.send(#"{"type":"open","name":"../Package.swift"}"#)
                let refused = try await page.next(type: "error")
                #expect((refused["message"]?.string)?.hasPrefix("open: no shipped scenario named '../Package.swift'") == true)
                try await page.send(#"{"type":"open","name":"mandatory.yaml"}"#)
                let opened = try await page.next(type: "hello")
                #expect(opened["name"]?.string == "mandatory")
                #expect(opened["scenario"]?.string?.hasSuffix("scenarios/mandatory.yaml") == true)
                // A bad file gets the message `scsim check` gives (the same reader), and the run goes on.
                let bad = "name: bad\npopulation:\n  size: -3\nscore:\n  etaa: 0.5\n"
                var expected = ""
                do {
                    _ = try ScenarioLoader.parse(yaml: bad, source: "bad.yaml", baseDirectory: FileManager.default.currentDirectoryPath)
                } catch {
                    expected = "\(error)"
                }
                #expect(expected.contains("population.size") && expected.contains("score.etaa"))
                let request = try JSONEncoder().encode(["type": "load", "name": "bad.yaml", "yaml": bad])
                try await page.send(String(decoding: request, as: UTF8.self))
                let error = try await page.next(type: "error")
                #expect(error["message"]?.string == expected)
                try await page.send(#"{"type":"step"}"#)
                _ = try await page.next { $0["type"]?.string == "status" && $0["step"]?.int == 1 }
                let export = try await harness.get("/export")
                #expect(export.contains("name: \"mandatory\"\n"), "the run is still the picked scenario")
                return 0
            }
        }
    }

    @Test func largePopulationsGetTheNetworkColumnsEveryFifthStepUnlessTheScenarioSaysOtherwise() throws {
        ScsimKit.registerBuiltInModels()
        let path = Self.repository + "/scenarios/tiny.yaml"
        let small = try ExplorerScenario.load(path: path).forExploring()
        #expect(small.overrides.isEmpty)
        let large = try ExplorerScenario.load(path: path, overrides: ["population.size=60000"]).forExploring()
        #expect(large.overrides == ["population.size=60000", "output.networkMetricsEvery=5"])
        #expect(try large.parameters().networkMetricsEvery == 5)
        let chosen = try ExplorerScenario.load(path: path, overrides: ["population.size=60000", "output.networkMetricsEvery=1"]).forExploring()
        #expect(chosen.overrides == ["population.size=60000", "output.networkMetricsEvery=1"])
    }

    @Test func commandsAreReadFromJSON() {
        func command(_ text: String) -> String {
            switch ExplorerServer.command(from: text, viewer: 0) {
            case .success(let c): return "\(c)"
            case .failure(let p): return "error: " + p.message
            }
        }
        #expect(command(#"{"type":"start"}"#) == "start")
        #expect(command(#"{"type":"step","value":4}"#) == "step(4)")
        #expect(command(#"{"type":"step","value":0}"#).hasPrefix("error: step:"))
        #expect(command(#"{"type":"speed","value":2.5}"#) == "speed(2.5)")
        #expect(command(#"{"type":"set","key":"score.eta","value":0.6}"#).contains(#"value: "0.6""#))
        #expect(command(#"{"type":"set","key":"mandatory","value":true}"#).contains(#"value: "true""#))
        #expect(command(#"{"type":"set","key":"network.generator","value":"erdos_renyi"}"#).contains(#"value: "erdos_renyi""#))
        #expect(command(#"{"type":"set","key":"score.eta"}"#).hasPrefix("error: set score.eta: needs a \"value\""))
        #expect(command(#"{"type":"jump"}"#).hasPrefix("error: unknown message type 'jump'"))
        #expect(command(#"{"type":"citizen","id":12}"#) == "citizen(id: 12, viewer: Optional(0))")
        #expect(command(#"{"type":"citizen","id":"12"}"#).hasPrefix("error: citizen: needs \"id\""))
        #expect(command(#"{"type":"open","name":"baseline.yaml"}"#) == #"open(name: "baseline.yaml", viewer: Optional(0))"#)
        #expect(command(#"{"type":"open"}"#).hasPrefix("error: open: needs \"name\""))
        #expect(command("[1,2]").hasPrefix("error: not a message"))
    }
}

/// A server on a free port of this machine, with helpers to drive it as a page would.
struct ExplorerHarness: Sendable {
    let port: Int
    let session: ExplorerSession

    static func with(scenario path: String, overrides: [String] = [], sampleSize: Int = 2500,
                     _ body: @Sendable (ExplorerHarness) async throws -> Void) async throws {
        ScsimKit.registerBuiltInModels()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let session = try ExplorerSession(scenario: ExplorerScenario.load(path: path, overrides: overrides), threads: 2, speed: 0,
                                          scenarioDirectory: directory, sampleSize: sampleSize)
        session.launch()
        defer { session.shutdown() }
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = ExplorerServer(session: session, host: "127.0.0.1", port: 0).application { _, port in
            portContinuation.yield(port)
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError("the server did not start") }
            do {
                try await body(ExplorerHarness(port: port, session: session))
            } catch {
                session.shutdown()
                await group.triggerGracefulShutdown()
                throw error
            }
            session.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// GET `path`, as text.
    func get(_ path: String) async throws -> String {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        let status = (response as? HTTPURLResponse)?.statusCode
        guard status == 200 else { throw HarnessError("GET \(path): status \(status.map(String.init) ?? "none")") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Opens a page's WebSocket, runs `body` with it, and returns what `body` returns plus
    /// the time series rebuilt from the `columns` and `row` messages as received.
    func drive<T: Sendable>(_ body: @escaping @Sendable (Page) async throws -> T) async throws -> (result: T, csv: String) {
        let box = ResultBox<T>()
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws", configuration: .init(maxFrameSize: ExplorerServer.maxMessageSize),
                                          logger: Logger(label: "test-page")) { inbound, outbound, _ in
            let page = Page(inbound: inbound.messages(maxSize: 64 << 20).makeAsyncIterator(), outbound: outbound)
            let result = try await body(page)
            box.set(result, csv: page.csv)
            try await outbound.close(.normalClosure, reason: nil)
        }
        return try box.get()
    }

    /// A page that only watches: every message until the run is done (or the first status).
    func watch(untilDone: Bool) async throws -> (result: Int, csv: String) {
        try await drive { page in
            _ = try await page.next { $0["type"]?.string == "status" && (!untilDone || $0["done"]?.bool == true) }
            return 0
        }
    }
}

/// One WebSocket as a page sees it; keeps the rows it receives. Used by one task at a time.
final class Page: @unchecked Sendable {
    var inbound: WebSocketInboundMessageStream.AsyncIterator
    let outbound: WebSocketOutboundWriter
    private var header = ""
    private var rows: [String] = []
    /// The text of the last message returned by `next`.
    private(set) var lastText = ""

    init(inbound: WebSocketInboundMessageStream.AsyncIterator, outbound: WebSocketOutboundWriter) {
        self.inbound = inbound
        self.outbound = outbound
    }

    func send(_ text: String) async throws {
        try await outbound.write(.text(text))
    }

    /// The next message of `type` that passes `test`, skipping the others.
    func next(type: String, where test: (JSONValue) -> Bool = { _ in true }) async throws -> JSONValue {
        try await next { $0["type"]?.string == type && test($0) }
    }

    /// The next message that passes `test`, skipping (and recording) the others.
    func next(_ test: (JSONValue) -> Bool) async throws -> JSONValue {
        while let message = try await inbound.next() {
            guard case .text(let text) = message else { continue }
            let object = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            record(text, object)
            if test(object) {
                lastText = text
                return object
            }
        }
        throw HarnessError("the server closed the connection")
    }

    /// `columns` starts the table; each `row`'s values, as written in the message, are the
    /// CSV fields (numbers in the CSV's own form, null for an empty cell).
    private func record(_ text: String, _ object: JSONValue) {
        switch object["type"]?.string {
        case "columns":
            header = CSV.line((object["columns"]?.array ?? []).compactMap(\.string))
            rows = []
        case "row":
            guard let open = text.range(of: "\"values\":["), text.hasSuffix("]}") else { return }
            let list = text[open.upperBound..<text.index(text.endIndex, offsetBy: -2)]
            // (Text cells, such as the network method, hold no commas: split, then unquote them.)
            rows.append(list.split(separator: ",", omittingEmptySubsequences: false).map { field -> String in
                if field == "null" { return "" }
                if field.hasPrefix("\""), let text = try? JSONDecoder().decode(String.self, from: Data(field.utf8)) { return CSV.field(text) }
                return String(field)
            }.joined(separator: ","))
        default: break
        }
    }

    var csv: String { ([header] + rows).joined(separator: "\n") + "\n" }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

final class FramesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[(text: String, message: JSONValue)]] = []
    func append(_ frames: [(text: String, message: JSONValue)]) { lock.withLock { stored.append(frames) } }
    var runs: [[(text: String, message: JSONValue)]] { lock.withLock { stored } }
}

final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (T, String)?
    func set(_ result: T, csv: String) { lock.withLock { value = (result, csv) } }
    func get() throws -> (result: T, csv: String) {
        guard let value = lock.withLock({ value }) else { throw HarnessError("the WebSocket closed before the page was done") }
        return value
    }
}

/// Reading the server's messages (JSON objects) without `Any`.
extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }
    var string: String? { if case .string(let s) = self { return s }; return nil }
    var int: Int? { if case .integer(let x) = self { return x }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    var double: Double? {
        switch self {
        case .number(let x): return x
        case .integer(let x): return Double(x)
        default: return nil
        }
    }
    var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    /// A list of whole numbers (the others left out).
    var ints: [Int]? { array?.compactMap { $0.int } }
}
