import Foundation

/// The whole validation suite: generators, then the adaptive voter model.
public enum ValidationSuite {
    /// Runs every selected check. `progress` hears each section's name as it starts.
    public static func run(_ configuration: ValidationConfiguration, progress: ((String) -> Void)? = nil) -> ValidationReport {
        let c = configuration
        let started = Date()
        var checks: [ValidationCheck] = []
        var sections: [(String, Double)] = []
        func section(_ name: String, _ body: () -> [ValidationCheck]) {
            progress?(name)
            let t0 = Date()
            let made = body().filter { c.wants($0.id) }
            checks += made
            if !made.isEmpty { sections.append((name, Date().timeIntervalSince(t0))) }
        }
        var voter = VoterChecks.Data()
        section("Erdos-Renyi") {
            (c.needs("er.clustering") ? [NetworkChecks.erdosRenyiClustering(c)] : [])
                + (c.needs("er.giant") ? NetworkChecks.erdosRenyiGiant(c) : [])
        }
        section("Watts-Strogatz") { c.needs("ws") ? NetworkChecks.wattsStrogatz(c) : [] }
        section("Barabasi-Albert") { c.needs("ba") ? NetworkChecks.barabasiAlbert(c) : [] }
        section("Adaptive voter, phi = 0.04 / 0.96") { VoterChecks.extremes(c, data: &voter) }
        section("Adaptive voter, phi_c") { VoterChecks.criticalPoint(c, data: &voter) }
        var cascades: [RefusalChecks.CascadePoint] = []
        section("Threshold rule (Granovetter)") { c.needs("refusal.granovetter") ? RefusalChecks.granovetter(c) : [] }
        section("Threshold rule (Watts)") { c.needs("refusal.watts") ? RefusalChecks.watts(c, points: &cascades) : [] }
        var report = ValidationReport(checks: checks, sectionSeconds: sections, seconds: Date().timeIntervalSince(started),
                                      configuration: c, voter: voter)
        report.cascades = cascades
        return report
    }
}
