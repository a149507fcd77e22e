import SCNetwork
@testable import SCModel

/// Small, hand-built simulations for phase tests.
enum Fixtures {
    /// Parameters for `n` citizens with everything random switched off where possible.
    static func quietParameters(_ n: Int) -> ModelParameters {
        var p = ModelParameters()
        p.populationSize = n
        p.steps = 10
        p.blockSize = 64
        return p
    }

    /// A graph on `n` nodes with the given ties.
    static func graph(_ n: Int, _ edges: [(Int, Int)]) -> FriendshipGraph {
        var g = FriendshipGraph(nodeCount: n, reservedDegree: 4)
        for (a, b) in edges { g.addEdge(a, b) }
        return g
    }

    /// A simulation over `edges` with every citizen enrolled, honest, sensitivity 1, and
    /// neutral behaviour (credit 0.8, P = 0.1, H = 0.4, so b_i = 0).
    static func neutral(_ n: Int, edges: [(Int, Int)], scores: [Double], configure: (inout ModelParameters) -> Void = { _ in }) -> Simulation {
        var p = quietParameters(n)
        configure(&p)
        let sim = Simulation(parameters: p, graph: graph(n, edges))
        let pop = sim.population
        for i in 0..<n {
            pop.enrolled[i] = 1
            pop.sensitivity[i] = 1
            pop.credit[i] = 0.8
            pop.reliability[i] = 1
            pop.purchaseSignal[i] = 0.1
            pop.postSignal[i] = 0.4
            pop.score[i] = scores[i]
            pop.dissent[i] = 0.3
            pop.core[i] = 0.3
            pop.buyRate[i] = 3
            for c in 0..<pop.categoryCount { pop.taste[i * pop.categoryCount + c] = 1 / Double(pop.categoryCount) }
        }
        return sim
    }

    /// The time series of a whole run as CSV lines.
    static func csv(_ p: ModelParameters, threads: Int) throws -> [String] {
        let sim = try Simulation(parameters: p, threads: threads)
        var lines: [String] = []
        for _ in 0..<p.steps {
            sim.advance()
            lines.append(sim.observe(includeNetwork: true).values.map(\.description).joined(separator: ","))
        }
        return lines
    }

    /// Runs `p` and returns the rows.
    static func rows(_ p: ModelParameters) throws -> [Observation] {
        let sim = try Simulation(parameters: p, threads: 2)
        var rows: [Observation] = []
        for _ in 0..<p.steps {
            sim.advance()
            rows.append(sim.observe(includeNetwork: true))
        }
        return rows
    }
}

extension Array where Element == Observation {
    /// Numeric values of one column (missing cells skipped).
    func column(_ name: String) -> [Double] { compactMap { $0[name].number } }
}

extension Array where Element == Double {
    var mean: Double { isEmpty ? .nan : reduce(0, +) / Double(count) }
    var sum: Double { reduce(0, +) }
}
