import Foundation
import SCModel
import SCScenario
import SCVoter
import Testing

/// The scenarios in scenarios/ load cleanly and ask what their comments say they ask.
@Suite struct ShippedScenarioTests {
    static let names = ["baseline", "mandatory", "no-friend-weight", "ostracism", "crackdown", "tiny", "adaptive-voter", "detection", "informants", "refusal", "private-scores",
                         "friendship-market", "stolen-accounts", "trust-for-sale", "sybil-farm"]

    static func load(_ name: String) throws -> LoadedScenario {
        try ScenarioLoader.load(path: packageRoot().appendingPathComponent("scenarios/\(name).yaml").path)
    }

    @Test(arguments: names)
    func loadsWithNoProblems(name: String) throws {
        let scenario = try Self.load(name)
        #expect(scenario.parameters.name == name)
        #expect(scenario.text.hasPrefix("#"), "starts with a comment saying what it asks")
        #expect(scenario.text.contains("scsim run scenarios/\(name).yaml"))
    }

    @Test func everyShippedFileIsTested() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: packageRoot().appendingPathComponent("scenarios").path)
        #expect(Set(files.filter { $0.hasSuffix(".yaml") }) == Set(Self.names.map { "\($0).yaml" }))
    }

    @Test func baselineIsTheVoluntaryPilotAtDefaults() throws {
        let p = try Self.load("baseline").parameters
        var expected = ModelParameters()
        expected.name = "baseline"
        expected.seed = 42
        #expect(p == expected)
        #expect(p.populationSize == 10_000 && p.steps == 520 && !p.mandatory && p.timeline.isEmpty)
    }

    @Test func mandatoryAtStep260() throws {
        let p = try Self.load("mandatory").parameters
        #expect(p.populationSize == 10_000 && p.steps == 520 && p.seed == 42)
        #expect(p.mandatory == false)
        #expect(p.timeline == [PolicyEvent(step: 260, assignments: [
            ParameterAssignment(path: "mandatory", value: .boolean(true)),
            ParameterAssignment(path: "penalties", value: .boolean(true)),
        ])])
    }

    @Test func detectionPeelsQuarterlyForRingsOf20() throws {
        let p = try Self.load("detection").parameters
        #expect(p.detectionEvery == 13 && p.detectionMethod == .peeling && p.detectionWeighting == .logdegree)
        #expect(p.ringSize == 20 && p.shareColluder == 0.04 && p.mandatory)
        #expect(p.columnGroups == ["detection"])
    }

    @Test func informantsArePaidFromYearFive() throws {
        let p = try Self.load("informants").parameters
        #expect(p.mandatory && !p.penalties && p.informantReportRate == 0)
        #expect(p.informantsScheduled && p.columnGroups == ["informants"])
        #expect(p.timeline.map(\.step) == [260])
        #expect(p.timeline[0].assignments.contains(ParameterAssignment(path: "informants.reportRate", value: .number(0.2))))
    }

    @Test func refusalSeedsTwentyResistersWhenTheScoreBecomesMandatory() throws {
        let p = try Self.load("refusal").parameters
        #expect(p.refusalEnabled && p.refusalStart == 260 && p.refusalSeeds == 20)
        #expect(p.refusalThresholdMean == 0.2 && p.refusalThresholdSD == 0.05)
        #expect(p.columnGroups == ["refusal", "credit"] && p.timeline.map(\.step) == [260])
    }

    @Test func privateScoresIsOstracismWithScoresHidden() throws {
        var p = try Self.load("private-scores").parameters
        #expect(p.scoreVisibility == .privateScores && p.judgementNoise == 50)
        var ostracism = try Self.load("ostracism").parameters
        // The same run but for visibility (and its name).
        p.scoreVisibility = .publicScores
        p.name = ostracism.name
        ostracism.seed = p.seed
        #expect(p == ostracism)
    }

    @Test func sybilFarmSellsFakeFriendsFromWeekZero() throws {
        let p = try Self.load("sybil-farm").parameters
        #expect(p.moneyEnabled && p.sybilCapacity == 500 && p.sybilStart == 0 && p.sybilCreateRate == 2 && p.sybilPrice == 2)
        #expect(p.marketShopRate == 0 && p.theftRate == 0)
        #expect(p.timeline.map(\.step) == [260] && p.consistencyProblems().isEmpty)
        #expect(p.columnGroups == ["credit", "money", "sybils"])
    }

    @Test func trustForSaleIsTheMarketAndTheftMadeMandatory() throws {
        let market = try Self.load("friendship-market").parameters, theft = try Self.load("stolen-accounts").parameters
        let sybils = try Self.load("sybil-farm").parameters
        let both = try Self.load("trust-for-sale").parameters
        #expect(market.moneyEnabled && market.marketShopRate == 0.05 && market.theftRate == 0)
        #expect(theft.moneyEnabled && theft.theftRate == 0.001 && theft.marketShopRate == 0)
        #expect(both.marketShopRate == market.marketShopRate && both.marketFee == market.marketFee
                && both.marketContractWeeks == market.marketContractWeeks && both.theftRate == theft.theftRate
                && both.theftNoticeRate == theft.theftNoticeRate)
        #expect(both.timeline.map(\.step) == [260] && !both.mandatory)
        #expect(both.sybilCapacity == sybils.sybilCapacity && both.sybilCreateRate == sybils.sybilCreateRate
                && both.sybilPrice == sybils.sybilPrice && both.sybilShopRate == sybils.sybilShopRate
                && both.sybilCatchRate == sybils.sybilCatchRate)
        #expect(both.columnGroups == ["credit", "money", "market", "theft", "sybils"])
    }

    @Test func noFriendWeightIsTheControl() throws {
        let p = try Self.load("no-friend-weight").parameters
        #expect(p.eta == 0)
        #expect(p.populationSize == 10_000 && p.steps == 520 && p.seed == 42)
        #expect(p.timeline.isEmpty)
    }

    @Test func ostracismHasAStrongFriendWeightAndTeeth() throws {
        let p = try Self.load("ostracism").parameters
        #expect(p.eta == 0.6)
        #expect(p.unfriendStrength == 4)
        #expect(p.timeline.map(\.step) == [104])
        #expect(p.timeline[0].assignments.map(\.path) == ["mandatory", "penalties"])
    }

    @Test func crackdownRaisesAuditsMidRun() throws {
        let p = try Self.load("crackdown").parameters
        #expect(p.auditRate == ModelParameters().auditRate)
        #expect(p.timeline == [PolicyEvent(step: 260, assignments: [
            ParameterAssignment(path: "audit.rate", value: .number(0.1)),
            ParameterAssignment(path: "audit.detection", value: .number(0.8)),
        ])])
    }

    @Test func tinyIsSmallAndHasAnEvent() throws {
        let p = try Self.load("tiny").parameters
        #expect(p.populationSize == 300)
        #expect(p.steps == 40)
        #expect(!p.timeline.isEmpty)
        #expect(p.timeline.allSatisfy { $0.step < p.steps })
    }

    @Test func adaptiveVoterIsHolmeNewmansSetting() throws {
        let p = try Self.load("adaptive-voter").parameters
        #expect(p.model == "adaptive_voter")
        #expect(p.populationSize == 3200 && p.networkGenerator == .erdosRenyi && p.networkMeanDegree == 4)
        #expect(p.voterPhi == 0.458 && p.voterGamma == 10)
        #expect(p.timeline.isEmpty)
    }
}
