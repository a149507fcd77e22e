import ArgumentParser
import Foundation
import SCValidation

/// `scsim validate`: reproduces published results with the engine's own parts.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the network generators and the adaptive voter model against published results."
    )

    @Option(help: .hidden)
    var probe: String?

    func run() throws {
        if let probe {
            let parts = probe.split(separator: ",").map { Double($0)! }
            let experiment = VoterExperiment(vertices: Int(parts[0]), phi: parts[1])
            let start = Date()
            var fractions: [Double] = []
            var updates = 0
            for r in 0..<Int(parts[2]) {
                let outcome = experiment.run(seed: UInt64(r + 1))
                fractions.append(outcome.communities.largestFraction)
                updates += outcome.updates
            }
            let e = Estimate(fractions)
            print("N=\(experiment.vertices) phi=\(experiment.phi) S/N=\(e) updates/run=\(updates / Int(parts[2])) seconds=\(Date().timeIntervalSince(start))")
        }
    }
}
