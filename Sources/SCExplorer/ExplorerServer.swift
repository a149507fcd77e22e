import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import SCModel
import ServiceLifecycle

/// `scsim serve`: the explorer's web server. One page (`/`), its script and style, the
/// WebSocket (`/ws`, protocol in docs/EXPLORER.md) and the downloads (`/export`,
/// `/timeseries.csv`, `/manifest.json`), all over one `ExplorerSession`.
public struct ExplorerServer: Sendable {
    public let session: ExplorerSession
    public let host: String
    public let port: Int

    /// Largest WebSocket message accepted or sent in one frame (a loaded scenario file).
    static let maxMessageSize = 4 << 20

    public init(session: ExplorerSession, host: String = "127.0.0.1", port: Int = 8080) {
        self.session = session
        self.host = host
        self.port = port
    }

    /// The Hummingbird application; `onRunning` gets the address once the server listens
    /// (with the real port when `port` is 0).
    public func application(onRunning: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in })
        -> some ApplicationProtocol {
        let router = Router(context: BasicWebSocketRequestContext.self)
        let session = self.session
        router.get("/") { _, _ in Self.asset(ExplorerPage.html, type: "text/html; charset=utf-8") }
        router.get("/explorer.js") { _, _ in Self.asset(ExplorerPage.script, type: "text/javascript; charset=utf-8") }
        router.get("/explorer.css") { _, _ in Self.asset(ExplorerPage.style, type: "text/css; charset=utf-8") }
        router.get("/export") { _, _ in
            let name = session.scenarioName.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            return Self.asset(session.exportYAML, type: "application/yaml; charset=utf-8",
                              download: "\(name.isEmpty ? "scenario" : name)-explored.yaml")
        }
        router.get("/timeseries.csv") { _, _ in
            Self.asset(session.timeSeriesCSV, type: "text/csv; charset=utf-8", download: "timeseries.csv")
        }
        router.get("/manifest.json") { _, _ in
            let data = try session.manifestJSON()
            return Self.asset(String(decoding: data, as: UTF8.self), type: "application/json", download: "manifest.json")
        }
        router.ws("/ws") { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, _ in
            try await Self.serve(session: session, inbound: inbound, outbound: outbound)
        }
        var logger = Logger(label: "scsim-explorer")
        logger.logLevel = .warning
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router,
                                           configuration: .init(ws: .init(maxFrameSize: Self.maxMessageSize))),
            configuration: .init(address: .hostname(host, port: port), serverName: "scsim"),
            onServerRunning: { channel in
                await onRunning(host, channel.localAddress?.port ?? port)
            },
            logger: logger
        )
    }

    /// Starts the simulation thread and serves until SIGINT or SIGTERM (Ctrl-C), blocking
    /// the calling thread; `announce` gets the page's address once the server listens.
    ///
    /// - Throws: `ExplorerServerError` when the address cannot be bound.
    public func runUntilInterrupted(announce: @escaping @Sendable (String) -> Void) throws {
        session.launch()
        let shown = host.contains(":") ? "[\(host)]" : host
        let app = application { _, port in announce("http://\(shown):\(port)/") }
        var logger = Logger(label: "scsim-explorer")
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let session = self.session
        // On Ctrl-C the viewers are let go first, so that the server's graceful shutdown
        // does not wait for pages that stay open.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "scsim-explorer-signals")
        let sources = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
        for source in sources {
            source.setEventHandler {
                session.shutdown()
                Task { await group.triggerGracefulShutdown() }
            }
            source.resume()
        }
        let done = DispatchSemaphore(value: 0)
        let failure = ErrorBox()
        Task {
            do { try await group.run() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        for source in sources { source.cancel() }
        session.shutdown()
        if let error = failure.error {
            throw ExplorerServerError(description: "cannot serve on \(host):\(port): \(error)")
        }
    }

    /// One viewer: a task that forwards what the session publishes, and this task reading
    /// the page's commands. Ends when the page goes away (or the server stops).
    static func serve(session: ExplorerSession, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (id, wakeups) = session.attach()
        defer { session.detach(id) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var cursor = ExplorerSession.Cursor()
                for await _ in wakeups {
                    for message in session.pending(for: id, cursor: &cursor) {
                        try await outbound.writeTextMessage(message)
                    }
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: Self.maxMessageSize) {
                    guard case .text(let text) = message else { continue }
                    Self.receive(text, from: id, session: session)
                }
            }
            // Either side ending (the page closed, or the session shut down) ends the viewer.
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Reads one command from a page; malformed input gets an error message back.
    static func receive(_ text: String, from viewer: Int, session: ExplorerSession) {
        switch ExplorerServer.command(from: text, viewer: viewer) {
        case .success(let command): session.submit(command)
        case .failure(let problem): session.submitError(problem.message, to: viewer)
        }
    }

    struct ProtocolProblem: Error { let message: String }

    /// The command a page's message asks for, or what is wrong with the message.
    static func command(from text: String, viewer: Int?) -> Result<ExplorerSession.Command, ProtocolProblem> {
        let message: ClientMessage
        do {
            message = try JSONDecoder().decode(ClientMessage.self, from: Data(text.utf8))
        } catch {
            return .failure(ProtocolProblem(message: "not a message of the explorer's protocol (a JSON object with a \"type\"): \(text.prefix(200))"))
        }
        switch message.type {
        case "start", "play": return .success(.start)
        case "pause": return .success(.pause)
        case "reset": return .success(.reset)
        case "step":
            switch message.value {
            case nil, .null: return .success(.step(1))
            case .integer(let n) where n >= 1 && n <= 1_000_000: return .success(.step(n))
            default: return .failure(ProtocolProblem(message: "step: value must be a whole number of steps in [1, 1000000]"))
            }
        case "speed":
            switch message.value {
            case .integer(let n) where n >= 0: return .success(.speed(Double(n)))
            case .number(let x) where x >= 0 && x.isFinite: return .success(.speed(x))
            case nil, .null: return .success(.speed(0))
            default: return .failure(ProtocolProblem(message: "speed: value must be steps per second, 0 or more (0: as fast as it goes)"))
            }
        case "set":
            guard let key = message.key, !key.isEmpty else {
                return .failure(ProtocolProblem(message: "set: needs a \"key\", for example {\"type\":\"set\",\"key\":\"score.eta\",\"value\":0.6}"))
            }
            guard let value = message.value?.argumentText else {
                return .failure(ProtocolProblem(message: "set \(key): needs a \"value\": a number, true or false, or text"))
            }
            return .success(.set(key: key, value: value, viewer: viewer))
        case "load":
            guard let yaml = message.yaml else { return .failure(ProtocolProblem(message: "load: needs \"yaml\", the scenario text")) }
            return .success(.load(yaml: yaml, name: message.name ?? "(loaded scenario)", viewer: viewer))
        case "open":
            guard let name = message.name, !name.isEmpty else {
                return .failure(ProtocolProblem(message: "open: needs \"name\", a shipped scenario's file name, for example {\"type\":\"open\",\"name\":\"baseline.yaml\"}"))
            }
            return .success(.open(name: name, viewer: viewer))
        case "citizen":
            guard case .integer(let id)? = message.id else {
                return .failure(ProtocolProblem(message: "citizen: needs \"id\", a citizen's number, for example {\"type\":\"citizen\",\"id\":12}"))
            }
            return .success(.citizen(id: id, viewer: viewer))
        default:
            return .failure(ProtocolProblem(message: "unknown message type '\(message.type)'; the types are start, pause, step, reset, speed, set, load, open, citizen"))
        }
    }

    static func asset(_ text: String, type: String, download: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        if let download { headers[.contentDisposition] = "attachment; filename=\"\(download)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The server could not start or stopped on an error (exit code 1).
public struct ExplorerServerError: Error, CustomStringConvertible {
    public let description: String
}

/// Carries an error out of a task to the thread that waits for it.
// @unchecked: `stored` is read and written only under `lock`.
private final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
