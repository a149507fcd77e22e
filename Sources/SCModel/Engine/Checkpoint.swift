import Crypto
import Foundation
import SCNetwork

/// A whole run's state after a step, to continue it later byte-identically.
///
/// Random streams need no saving: each is keyed by (seed, step, phase, block) and
/// restarts from its key. What is saved is everything a later step reads: the parameters
/// in force (timeline events already applied, later ones still listed), every citizen
/// column, each neighbour list in its exact order (the order decides which draw goes to
/// which friend), the rings with their members in order, and the last step's counters
/// (so its time-series row can be made again). `extra` carries the caller's bookkeeping,
/// such as how much of the time series belongs to the checkpoint.
///
/// Layout: the 8 bytes `SCSIMCK1`, a UInt64 header length, the JSON header, then the raw
/// sections in a fixed order (columns, degrees, neighbours, rings, counters), native
/// byte order, and last the SHA-256 of everything before it (format 2).
///
/// A checkpoint is read only after its checksum matches, and every count and id in it is
/// checked before it is used (sizes against the population, neighbour and ring-member ids
/// in range, enumerated columns within their cases), so a damaged file is refused with an
/// `ArchiveError`, never trusted or crashed on.
public struct Checkpoint {
    public static let magic = Array("SCSIMCK1".utf8)
    public static let formatVersion = 2
    /// Bytes of the trailing SHA-256.
    static let checksumLength = SHA256.byteCount

    /// The bytes of a checkpoint of `simulation`.
    public static func encode(_ simulation: Simulation, extra: [String: Any]) throws -> Data {
        let pop = simulation.population
        var header: [String: Any] = [
            "format": formatVersion,
            "step": simulation.step,
            "everyone_enrolled": simulation.everyoneEnrolled,
            "ties_added": simulation.tiesAdded,
            "ties_removed": simulation.tiesRemoved,
            "population": pop.count,
            "categories": pop.categoryCount,
            "blocks": simulation.runner.blockCount,
            "parameters": simulation.parameters.archive(),
            "extra": extra,
        ]
        // The friendship market's contracts (7.17), only when there are any: a file without
        // them is laid out as before.
        if !simulation.contracts.isEmpty {
            // The price as its bit pattern in hexadecimal: JSON doubles lose the last bit here.
            header["contracts"] = simulation.contracts.map {
                [Int($0.buyer), Int($0.seller), $0.expiry, String($0.price.bitPattern, radix: 16)] as [Any]
            }
        }
        if let counts = stepCounts(simulation) { header["step_counts"] = counts }
        let headerData = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        var data = Data(magic)
        append(UInt64(headerData.count), to: &data)
        data.append(headerData)
        forEachColumn(pop) { base, bytes in data.append(UnsafeRawBufferPointer(start: base, count: bytes).bindMemory(to: UInt8.self)) }
        var degrees: [Int32] = [], neighbours: [Int32] = []
        degrees.reserveCapacity(pop.slotCount)
        neighbours.reserveCapacity(2 * simulation.graph.edgeCount)
        // Every vertex, reserved sybil slots included (7.19).
        for i in 0..<pop.slotCount {
            let list = simulation.graph.neighbors(of: i)
            degrees.append(Int32(list.count))
            neighbours.append(contentsOf: list)
        }
        appendArray(degrees, to: &data)
        appendArray(neighbours, to: &data)
        append(UInt64(simulation.rings.count), to: &data)
        for members in simulation.rings.members {
            append(UInt64(members.count), to: &data)
            appendArray(members, to: &data)
        }
        for b in 0..<simulation.runner.blockCount {
            let t = simulation.tallies[b]
            appendArray([t.visiblePurchases, t.approvedPurchases, t.disapprovedPurchases, t.hiddenPurchases, t.fakePurchases,
                         t.genuinePosts, t.dissentPosts, t.fakePosts, t.audits, t.caught, t.adopted].map(Int64.init), to: &data)
        }
        seal(&data)
        return data
    }

    /// Appends the SHA-256 of `data` to it.
    static func seal(_ data: inout Data) {
        data.append(contentsOf: SHA256.hash(data: data))
    }

    /// Whether `data` ends with the SHA-256 of the rest (a whole, undamaged checkpoint).
    public static func checksumMatches(_ data: Data) -> Bool {
        guard data.count >= magic.count + 8 + checksumLength else { return false }
        let end = data.startIndex + data.count - checksumLength
        return Data(SHA256.hash(data: data[data.startIndex..<end])) == data[end...]
    }

    /// Rebuilds a simulation from `data`, running on `threads` threads (any number: the
    /// continuation is the same). Returns it with the caller's `extra`.
    ///
    /// `adjust` may change the parameters before the simulation is built (for example the
    /// number of steps, when a finished run is extended).
    public static func decode(_ data: Data, threads: Int, adjust: (inout ModelParameters) throws -> Void = { _ in })
        throws -> (simulation: Simulation, extra: [String: Any]) {
        guard data.starts(with: magic) else { throw ArchiveError("not an scsim checkpoint") }
        guard checksumMatches(data) else {
            throw ArchiveError("the checkpoint is damaged (its SHA-256 checksum does not match its contents), "
                + "or was written by an scsim older than checkpoint format \(formatVersion)")
        }
        var reader = Reader(data: data.prefix(data.count - checksumLength))
        _ = try reader.bytes(magic.count)
        let headerLength = try reader.count(UInt64.self, atMost: reader.remaining, "header length")
        guard let header = try? JSONSerialization.jsonObject(with: Data(try reader.bytes(headerLength))) as? [String: Any] else {
            throw ArchiveError("checkpoint header is unreadable")
        }
        guard header["format"] as? Int == formatVersion else {
            throw ArchiveError("checkpoint is from another format version (\(header["format"] ?? "none"), expected \(formatVersion))")
        }
        guard let step = header["step"] as? Int, step >= 0, let count = header["population"] as? Int, count >= 0,
              let archive = header["parameters"] as? [String: Any], let blocks = header["blocks"] as? Int, blocks >= 0,
              let everyoneEnrolled = header["everyone_enrolled"] as? Bool,
              let tiesAdded = header["ties_added"] as? Int, let tiesRemoved = header["ties_removed"] as? Int else {
            throw ArchiveError("checkpoint header lacks a field or has one out of range")
        }
        var parameters = try ModelParameters(archive: archive)
        try adjust(&parameters)
        guard parameters.populationSize == count else { throw ArchiveError("checkpoint population does not match its parameters") }
        if let categories = header["categories"] as? Int, categories != parameters.goods.count {
            throw ArchiveError("checkpoint category count does not match its parameters")
        }
        // Every section must fit in what is left before anything is allocated for it.
        guard count <= reader.remaining else { throw ArchiveError("checkpoint population exceeds the file") }

        // Columns come before the graph in the file; read them into a scratch population first.
        let scratch = Population(count: count, sybilSlots: parameters.sybilCapacity, categoryCount: parameters.goods.count,
                                 optional: Population.OptionalColumns(parameters))
        // The graph's vertices: citizens and reserved sybil slots (7.19).
        let vertices = parameters.slotCount
        var failure: Error?
        forEachColumn(scratch) { base, bytes in
            guard failure == nil else { return }
            do { try reader.copy(into: base, count: bytes) } catch { failure = error }
        }
        if let failure { throw failure }
        let degrees: [Int32] = try reader.array(vertices)
        var edgeEnds = 0
        for degree in degrees {
            guard degree >= 0, Int(degree) < max(vertices, 1) else { throw ArchiveError("checkpoint has a degree out of range") }
            edgeEnds += Int(degree)
        }
        let neighbours: [Int32] = try reader.array(edgeEnds)
        guard neighbours.allSatisfy({ $0 >= 0 && Int($0) < vertices }) else {
            throw ArchiveError("checkpoint has a neighbour id out of range")
        }
        var graph = FriendshipGraph(nodeCount: vertices, reservedDegree: 4)
        var offset = 0
        for i in 0..<vertices {
            for k in 0..<Int(degrees[i]) { graph.appendNeighbour(neighbours[offset + k], to: i) }
            offset += Int(degrees[i])
        }
        let ringCount = try reader.count(UInt64.self, atMost: count, "ring count")
        var rings: [[Int32]] = []
        rings.reserveCapacity(ringCount)
        for _ in 0..<ringCount {
            let size = try reader.count(UInt64.self, atMost: count, "ring size")
            let members: [Int32] = try reader.array(size)
            guard members.allSatisfy({ $0 >= 0 && Int($0) < count }) else {
                throw ArchiveError("checkpoint has a ring member id out of range")
            }
            rings.append(members)
        }
        try validateColumns(scratch, ringCount: ringCount)
        let tallyWidth = 11
        guard blocks <= reader.remaining / (tallyWidth * MemoryLayout<Int64>.stride) else {
            throw ArchiveError("checkpoint block count exceeds the file")
        }
        var tallies: [[Int64]] = []
        for _ in 0..<blocks { tallies.append(try reader.array(tallyWidth)) }
        guard reader.remaining == 0 else { throw ArchiveError("checkpoint has \(reader.remaining) bytes after its last section") }

        let simulation = Simulation(parameters: parameters, graph: graph, threads: threads)
        guard blocks == simulation.runner.blockCount else { throw ArchiveError("checkpoint block layout differs") }
        zipColumns(scratch, simulation.population) { from, to, bytes in to.copyMemory(from: from, byteCount: bytes) }
        for members in rings { _ = simulation.rings.makeRing(members) }
        for (b, v) in tallies.enumerated() {
            simulation.tallies[b] = StepTally(visiblePurchases: Int(v[0]), approvedPurchases: Int(v[1]), disapprovedPurchases: Int(v[2]),
                                              hiddenPurchases: Int(v[3]), fakePurchases: Int(v[4]), genuinePosts: Int(v[5]),
                                              dissentPosts: Int(v[6]), fakePosts: Int(v[7]), audits: Int(v[8]), caught: Int(v[9]),
                                              adopted: Int(v[10]))
        }
        simulation.restore(step: step, everyoneEnrolled: everyoneEnrolled, tiesAdded: tiesAdded, tiesRemoved: tiesRemoved)
        if let counts = header["step_counts"] as? [String: Any] { try restoreStepCounts(counts, into: simulation) }
        for entry in header["contracts"] as? [[Any]] ?? [] {
            guard entry.count == 4, let buyer = entry[0] as? Int, let seller = entry[1] as? Int, let expiry = entry[2] as? Int,
                  let bits = (entry[3] as? String).flatMap({ UInt64($0, radix: 16) }), case let price = Double(bitPattern: bits),
                  (0..<count).contains(buyer), (0..<count).contains(seller),
                  price.isFinite, price >= 0 else {
                throw ArchiveError("checkpoint has a malformed market contract")
            }
            simulation.contracts.append(MarketContract(buyer: Int32(buyer), seller: Int32(seller), expiry: expiry, price: price))
        }
        return (simulation, header["extra"] as? [String: Any] ?? [:])
    }

    /// The step's counts of the optional mechanics (informants, refusal, money, market,
    /// theft), so that the checkpoint's own row can be made again on resume; nil when none
    /// is on (the file is then laid out as before). Doubles travel as bit patterns.
    static func stepCounts(_ sim: Simulation) -> [String: Any]? {
        let pop = sim.population
        var counts: [String: Any] = [:]
        func bits(_ x: Double) -> String { String(x.bitPattern, radix: 16) }
        if pop.caution.count > 0 {
            let t = sim.informantTally
            counts["informants"] = [t.reports, t.falseReports, t.dissenters, t.dissentersReported, bits(t.rewardsPaid)] as [Any]
        }
        if pop.threshold.count > 0 { counts["resisters_joined"] = sim.resistersJoined }
        if pop.wage.count > 0 || pop.compromised.count > 0 {
            counts["money"] = (0..<sim.runner.blockCount).map { b -> [Any] in
                let m = sim.moneyTallies[b]
                return [bits(m.wages), bits(m.spending), m.forgone, m.theftPurchases, bits(m.marketPaid), bits(m.paidToThieves)]
            }
        }
        if pop.boughtTies.count > 0 {
            let t = sim.marketTally
            counts["market"] = [t.trades, t.renewals, t.ended, bits(t.priceSum), bits(t.paid), bits(t.paidToThieves)] as [Any]
        }
        if pop.compromised.count > 0 {
            let t = sim.theftTally
            counts["theft"] = [t.thefts, t.recoveries, bits(t.lossSum)] as [Any]
        }
        if pop.slotCount > pop.count {
            let t = sim.sybilTally, total = sim.sybilTotals
            counts["sybils"] = [t.created, t.sold, t.caught, bits(t.paid), total.created, total.sold, total.caught, bits(total.paid)] as [Any]
        }
        return counts.isEmpty ? nil : counts
    }

    static func restoreStepCounts(_ counts: [String: Any], into sim: Simulation) throws {
        func int(_ v: Any) throws -> Int {
            guard let x = v as? Int, x >= 0 else { throw ArchiveError("checkpoint has a malformed step count") }
            return x
        }
        func real(_ v: Any) throws -> Double {
            guard let s = v as? String, let b = UInt64(s, radix: 16), case let x = Double(bitPattern: b), x.isFinite else {
                throw ArchiveError("checkpoint has a malformed step count")
            }
            return x
        }
        func fields(_ key: String, _ n: Int) throws -> [Any]? {
            guard let v = counts[key] else { return nil }
            guard let a = v as? [Any], a.count == n else { throw ArchiveError("checkpoint has malformed \(key) counts") }
            return a
        }
        if let a = try fields("informants", 5) {
            var t = InformantTally()
            t.reports = try int(a[0]); t.falseReports = try int(a[1]); t.dissenters = try int(a[2])
            t.dissentersReported = try int(a[3]); t.rewardsPaid = try real(a[4])
            sim.informantTally = t
        }
        if let n = counts["resisters_joined"] { sim.resistersJoined = try int(n) }
        if let blocks = counts["money"] {
            guard let rows = blocks as? [[Any]], rows.count == sim.runner.blockCount, rows.allSatisfy({ $0.count == 6 }) else {
                throw ArchiveError("checkpoint has malformed money counts")
            }
            for (b, r) in rows.enumerated() {
                var m = MoneyTally()
                m.wages = try real(r[0]); m.spending = try real(r[1]); m.forgone = try int(r[2]); m.theftPurchases = try int(r[3])
                m.marketPaid = try real(r[4]); m.paidToThieves = try real(r[5])
                sim.moneyTallies[b] = m
            }
        }
        if let a = try fields("market", 6) {
            var t = MarketTally()
            t.trades = try int(a[0]); t.renewals = try int(a[1]); t.ended = try int(a[2])
            t.priceSum = try real(a[3]); t.paid = try real(a[4]); t.paidToThieves = try real(a[5])
            sim.marketTally = t
        }
        if let a = try fields("sybils", 8) {
            sim.sybilTally = SybilTally(created: try int(a[0]), sold: try int(a[1]), caught: try int(a[2]), paid: try real(a[3]))
            sim.sybilTotals = SybilTally(created: try int(a[4]), sold: try int(a[5]), caught: try int(a[6]), paid: try real(a[7]))
        }
        if let a = try fields("theft", 3) {
            var t = TheftTally()
            t.thefts = try int(a[0]); t.recoveries = try int(a[1]); t.lossSum = try real(a[2])
            sim.theftTally = t
        }
    }

    /// Refuses strategies outside their cases and ring ids outside the rings (the columns a
    /// later step uses to index or to decode).
    static func validateColumns(_ pop: Population, ringCount: Int) throws {
        let strategies = UInt8(Strategy.allCases.count)
        // Every slot: a citizen may copy a sybil's strategy (7.19).
        for i in 0..<pop.slotCount {
            guard pop.strategy[i] < strategies, pop.strategyBefore[i] < strategies else {
                throw ArchiveError("checkpoint has a strategy out of range (citizen \(i))")
            }
            guard pop.ring[i] >= -1, Int(pop.ring[i]) < ringCount else {
                throw ArchiveError("checkpoint has a ring id out of range (citizen \(i))")
            }
        }
        // Caution and thresholds are probabilities the phases compare against: NaN or out of
        // [0, 1] would change the run without failing.
        for i in 0..<pop.caution.count where !(pop.caution[i] >= 0 && pop.caution[i] <= 1) {
            throw ArchiveError("checkpoint has a caution out of [0, 1] (citizen \(i))")
        }
        for i in 0..<pop.threshold.count where !(pop.threshold[i] >= 0 && pop.threshold[i] <= 1) {
            throw ArchiveError("checkpoint has a refusal threshold out of [0, 1] (citizen \(i))")
        }
    }

    /// Every column of a population as (base address, byte count), in a fixed order.
    static func forEachColumn(_ pop: Population, _ body: (UnsafeMutableRawPointer, Int) -> Void) {
        func visit<T>(_ column: Column<T>) { body(UnsafeMutableRawPointer(column.base), column.count * MemoryLayout<T>.stride) }
        visit(pop.dissent); visit(pop.core); visit(pop.sensitivity); visit(pop.reliability); visit(pop.buyRate)
        visit(pop.taste); visit(pop.credit); visit(pop.score); visit(pop.scoreNext); visit(pop.purchaseSignal)
        visit(pop.postSignal); visit(pop.strategy); visit(pop.strategyBefore); visit(pop.enrolled); visit(pop.enrolledBefore)
        visit(pop.joinedThisStep); visit(pop.tier); visit(pop.caught); visit(pop.ring); visit(pop.genuinePosts)
        visit(pop.posts.0); visit(pop.posts.1); visit(pop.gamingActions)
        // Empty unless their mechanics are on: a file without them is laid out as before.
        visit(pop.caution); visit(pop.threshold)
        visit(pop.wage); visit(pop.wealth); visit(pop.boughtTies); visit(pop.soldTies); visit(pop.compromised); visit(pop.scoreAtTheft)
    }

    static func zipColumns(_ a: Population, _ b: Population, _ body: (UnsafeRawPointer, UnsafeMutableRawPointer, Int) -> Void) {
        var sources: [(UnsafeMutableRawPointer, Int)] = []
        forEachColumn(a) { sources.append(($0, $1)) }
        var k = 0
        forEachColumn(b) { target, bytes in
            body(UnsafeRawPointer(sources[k].0), target, min(bytes, sources[k].1))
            k += 1
        }
    }

    static func append<T>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value) { data.append(contentsOf: $0) }
    }

    static func appendArray<T>(_ values: [T], to data: inout Data) {
        values.withUnsafeBytes { data.append(contentsOf: $0) }
    }

    /// Reads the sections back in order, failing cleanly on a truncated file.
    struct Reader {
        let data: Data
        var position = 0

        init(data: Data) { self.data = data }

        /// Bytes not read yet.
        var remaining: Int { data.count - position }

        /// A stored count, refused unless it is at most `limit` (so a damaged count can
        /// neither trap on conversion nor ask for a huge allocation).
        mutating func count(_: UInt64.Type, atMost limit: Int, _ what: String) throws -> Int {
            let raw = try value(UInt64.self)
            guard let value = Int(exactly: raw), value <= limit else { throw ArchiveError("checkpoint \(what) is out of range") }
            return value
        }

        mutating func bytes(_ count: Int) throws -> [UInt8] {
            guard count >= 0, count <= remaining else { throw ArchiveError("checkpoint is truncated") }
            defer { position += count }
            return [UInt8](data[data.startIndex + position ..< data.startIndex + position + count])
        }

        mutating func copy(into target: UnsafeMutableRawPointer, count: Int) throws {
            guard count >= 0, count <= remaining else { throw ArchiveError("checkpoint is truncated") }
            data.withUnsafeBytes { raw in target.copyMemory(from: raw.baseAddress! + position, byteCount: count) }
            position += count
        }

        mutating func value<T>(_: T.Type) throws -> T {
            let size = MemoryLayout<T>.size
            guard size <= remaining else { throw ArchiveError("checkpoint is truncated") }
            defer { position += size }
            return data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: T.self) }
        }

        mutating func array<T>(_ count: Int) throws -> [T] {
            guard count >= 0, count <= remaining / max(MemoryLayout<T>.stride, 1) else { throw ArchiveError("checkpoint is truncated") }
            let size = count * MemoryLayout<T>.stride
            guard size <= remaining else { throw ArchiveError("checkpoint is truncated") }
            defer { position += size }
            return [T](unsafeUninitializedCapacity: count) { buffer, initialised in
                data.withUnsafeBytes { raw in
                    UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: raw.baseAddress! + position, byteCount: size)
                }
                initialised = count
            }
        }
    }
}

extension Simulation {
    /// Sets the step counter and flags of a simulation rebuilt from a checkpoint.
    func restore(step: Int, everyoneEnrolled: Bool, tiesAdded: Int, tiesRemoved: Int) {
        self.restoredStep(step)
        self.everyoneEnrolled = everyoneEnrolled
        self.tiesAdded = tiesAdded
        self.tiesRemoved = tiesRemoved
    }
}
