import SCModel
import SCScenario
import Testing

/// Each kind of bad input names the right key path and the right line.
@Suite struct ScenarioProblemTests {
    @Test func yamlSyntaxErrorUsesYamsLine() throws {
        let problem = try #require(onlyProblem("""
            steps: 520
            score:
              eta: 0.5
               mid: 600
            """))
        #expect(problem.line == 4)
        #expect(problem.keyPath == "")
        #expect(problem.message.hasPrefix("YAML syntax error: "))
        #expect(problem.description.hasPrefix("test.yaml:4: YAML syntax error: "))
    }

    @Test func topLevelMustBeAMapping() throws {
        let problem = try #require(onlyProblem("""
            - steps: 520
            - seed: 1
            """))
        #expect(problem.line == 1)
        #expect(problem.message.contains("top level must be a mapping"))
        #expect(problem.message.contains("got a list"))
    }

    @Test func emptyFileIsAProblem() throws {
        let problem = try #require(onlyProblem("# nothing but a comment\n"))
        #expect(problem.message.contains("empty"))
    }

    @Test func unknownKeySuggestsTheNearestValidKey() throws {
        let problem = try #require(onlyProblem("""
            steps: 520
            score:
              eat: 0.6
            """))
        #expect(problem.line == 3)
        #expect(problem.keyPath == "score.eat")
        #expect(problem.message == "unknown key; did you mean 'score.eta'?")
        #expect(problem.description == "test.yaml:3: score.eat: unknown key; did you mean 'score.eta'?")
    }

    @Test func keyInTheWrongGroupSuggestsByItsLastComponent() throws {
        let problems = problems("""
            eta: 0.6
            score:
              unfriendStrength: 4
            """)
        #expect(problems.map(\.keyPath) == ["eta", "score.unfriendStrength"])
        #expect(problems.map(\.line) == [1, 3])
        #expect(problems[0].message.hasSuffix("did you mean 'score.eta'?"))
        #expect(problems[1].message.hasSuffix("did you mean 'ties.unfriendStrength'?"))
    }

    @Test func misspeltGroupIsReportedAtItsLeaves() throws {
        let problem = try #require(onlyProblem("""
            scor:
              eta: 0.6
            """))
        #expect(problem.keyPath == "scor.eta")
        #expect(problem.line == 2)
        #expect(problem.message.hasSuffix("did you mean 'score.eta'?"))
    }

    @Test func groupGivenAValue() throws {
        let problem = try #require(onlyProblem("score: 0.6"))
        #expect(problem.keyPath == "score")
        #expect(problem.line == 1)
        #expect(problem.message.contains("is a group of keys"))
    }

    @Test func duplicateKeyInOneMappingIsReportedAtTheRepeat() throws {
        let problem = try #require(onlyProblem("""
            score:
              eta: 0.5
              mid: 600
              eta: 0.6
            """))
        #expect(problem.keyPath == "score.eta")
        #expect(problem.line == 4)
        #expect(problem.message == "duplicate key: already set on line 2")
    }

    @Test func duplicateKeyDoesNotHideOtherProblems() throws {
        let found = problems("""
            steps: 520
            steps: 100
            score:
              eta: -1
              eta: 2
              eta: 3
            goods:
              - {name: a, approval: 1, name: b}
            """)
        #expect(found.map(\.keyPath) == ["steps", "score.eta", "score.eta", "score.eta", "goods[0].name"])
        #expect(found.map(\.line) == [2, 4, 5, 6, 8])
        #expect(found[1].message == "must be a number in [0, 1000], got -1")
        #expect(found[2].message.hasPrefix("duplicate key"))
    }

    @Test func duplicateKeyWrittenNestedAndDotted() throws {
        let problem = try #require(onlyProblem("""
            score.eta: 0.5
            score:
              eta: 0.6
            """))
        #expect(problem.keyPath == "score.eta")
        #expect(problem.line == 3)
        #expect(problem.message == "duplicate key: already set on line 1")
    }

    @Test func wrongType() throws {
        let problem = try #require(onlyProblem("""
            population:
              enrolledShare: high
            """))
        #expect(problem.keyPath == "population.enrolledShare")
        #expect(problem.line == 2)
        #expect(problem.message == "must be a number in [0, 1], got text 'high'")
    }

    @Test func quotedNumberIsText() throws {
        let problem = try #require(onlyProblem("score: {eta: \"0.6\"}"))
        #expect(problem.message == "must be a number in [0, 1000], got text '0.6'")
    }

    @Test func nullAndStructuresAreNotValues() throws {
        let found = problems("""
            seed:
            score:
              eta: [0.5]
              mid: {a: 1}
            """)
        #expect(found.map(\.keyPath) == ["seed", "score.eta", "score.mid"])
        #expect(found.map(\.line) == [1, 3, 4])
        #expect(found[0].message.hasSuffix("got nothing (null)"))
        #expect(found[1].message.hasSuffix("got a list"))
        #expect(found[2].message.hasSuffix("got a mapping"))
    }

    @Test func outOfRange() throws {
        let problem = try #require(onlyProblem("""
            name: bad
            score:
              eta: -1
            """))
        #expect(problem.description == "test.yaml:3: score.eta: must be a number in [0, 1000], got -1")
    }

    @Test func wholeNumberExpected() throws {
        let problem = try #require(onlyProblem("steps: 10.5"))
        #expect(problem.keyPath == "steps")
        #expect(problem.message.contains("whole number"))
    }

    @Test func choiceOutsideItsWords() throws {
        let problem = try #require(onlyProblem("""
            network:
              generator: small_world
            """))
        #expect(problem.line == 2)
        #expect(problem.message.hasPrefix("must be one of watts_strogatz, "))
    }

    @Test func everyProblemIsCollectedInLineOrder() throws {
        let found = problems("""
            steps: many
            score:
              eta: -1
            tiers:
              benefitThreshold: lots
            unknownThing: 1
            """)
        #expect(found.map(\.line) == [1, 3, 5, 6])
        #expect(found.map(\.keyPath) == ["steps", "score.eta", "tiers.benefitThreshold", "unknownThing"])
    }

    // MARK: - Timeline

    @Test func timelineEventAfterTheLastStep() throws {
        let problem = try #require(onlyProblem("""
            steps: 520
            timeline:
              - at: 100
                set: {mandatory: true}
              - at: 260
                set: {penalties: true}
              - at: 600
                set: {score.eta: 0.6}
            """))
        #expect(problem.keyPath == "timeline[2].at")
        #expect(problem.line == 7)
        #expect(problem.message == "must be a step in [0, 519] (steps is 520), got 600")
    }

    @Test func timelineStepProblemsNameTheEventAsWrittenNotAsSorted() throws {
        let problem = try #require(onlyProblem("""
            steps: 10
            timeline:
              - at: 12
                set: {mandatory: true}
              - at: 2
                set: {penalties: true}
            """))
        #expect(problem.keyPath == "timeline[0].at")
        #expect(problem.line == 3)
    }

    @Test func timelineCannotChangeFixedKeys() throws {
        let problem = try #require(onlyProblem("""
            timeline:
              - at: 10
                set:
                  mandatory: true
                  population:
                    size: 500
            """))
        #expect(problem.keyPath == "timeline[0].set.population.size")
        #expect(problem.line == 6)
        #expect(problem.message == "population.size is fixed at step 0 and cannot be changed by a timeline event")
    }

    @Test func timelineKeysAreCheckedLikeFileKeys() throws {
        let found = problems("""
            timeline:
              - at: 10
                set:
                  score.eat: 0.6
                  audit: {rate: 2}
                  goods: []
            """)
        #expect(found.map(\.keyPath) == ["timeline[0].set.score.eat", "timeline[0].set.audit.rate", "timeline[0].set.goods"])
        #expect(found.map(\.line) == [4, 5, 6])
        #expect(found[0].message.hasSuffix("did you mean 'score.eta'?"))
        #expect(found[1].message == "must be a number in [0, 1], got 2")
        #expect(found[2].message.contains("cannot be changed by a timeline event"))
    }

    @Test func malformedTimelineEntries() throws {
        let found = problems("""
            timeline:
              - at: ten
                set: {mandatory: true}
              - set: {mandatory: true}
              - at: 5
              - at: 6
                set: 1
                when: now
              - mandatory
            """)
        #expect(found.map(\.keyPath) == ["timeline[0].at", "timeline[1]", "timeline[2]", "timeline[3].set", "timeline[3].when", "timeline[4]"])
        #expect(found.map(\.line) == [2, 4, 5, 7, 8, 9])
        #expect(found[0].message == "must be a whole number (the step of the event), got text 'ten'")
        #expect(found[1].message.hasPrefix("missing 'at'"))
        #expect(found[2].message.hasPrefix("missing 'set'"))
        #expect(found[4].message.contains("unknown key in a timeline event"))
    }

    @Test func timelineMustBeAList() throws {
        let problem = try #require(onlyProblem("""
            steps: 100
            timeline:
              at: 10
            """))
        #expect(problem.keyPath == "timeline")
        #expect(problem.line == 2)
    }

    // MARK: - Goods

    @Test func malformedGoodsEntries() throws {
        let found = problems("""
            goods:
              - {name: rice, approval: 1}
              - {name: tea, approval: high}
              - {approval: 0}
              - {name: 5, approval: 0, prize: 2}
              - soap
            """)
        #expect(found.map(\.keyPath) == ["goods[1].approval", "goods[2]", "goods[3].name", "goods[3].prize", "goods[4]"])
        #expect(found.map(\.line) == [3, 4, 5, 5, 6])
        #expect(found[0].message == "must be a number in [-1, 1], got text 'high'")
        #expect(found[1].message == "missing 'name'")
        #expect(found[3].message.hasSuffix("did you mean 'price'?"))
    }

    @Test func goodsRangeAndUniquenessAreReportedAgainstTheirLines() throws {
        let found = problems("""
            goods:
              - {name: soap, approval: 0}
              - name: tea
                approval: 3
              - name: soap
                approval: 1
                price: -2
            """)
        #expect(found.map(\.keyPath) == ["goods[1].approval", "goods[2].name", "goods[2].price"])
        #expect(found.map(\.line) == [4, 5, 7])
        #expect(found[1].message == "'soap' is listed twice")
    }

    @Test func goodsMustBeAList() throws {
        let problem = try #require(onlyProblem("goods: rice"))
        #expect(problem.keyPath == "goods")
        #expect(problem.line == 1)
    }

    @Test func emptyGoodsList() throws {
        let problem = try #require(onlyProblem("goods: []"))
        #expect(problem.keyPath == "goods")
        #expect(problem.message == "must list at least one category")
    }
}

/// Problems that need a little more set-up than one inline file.
@Suite struct ScenarioProblemEdgeTests {
    @Test func duplicateInsideABlockListItemAndATimelineSet() throws {
        let found = problems("""
            goods:
              - name: a
                approval: 1
                name: b
            timeline:
              - at: 3
                set:
                  mandatory: true
                  mandatory: false
            """)
        #expect(found.map(\.keyPath) == ["goods[0].name", "timeline[0].set.mandatory"])
        #expect(found.map(\.line) == [4, 9])
    }

    @Test func unreadableDocumentAddsNoConsistencyNoise() throws {
        let found = problems("steps: [1\n", overrides: ["population.size=4"])
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("YAML syntax error") == true)
    }

    @Test func errorDescriptionIsOneLinePerProblem() throws {
        do {
            _ = try ScenarioLoader.parse(yaml: "score: {eta: -1}\nseed: x\n", source: "scenarios/bad.yaml", baseDirectory: "", overrides: ["steps=0"])
            Issue.record("expected problems")
        } catch let error as ScenarioError {
            #expect(error.description == """
                scenarios/bad.yaml:1: score.eta: must be a number in [0, 1000], got -1
                scenarios/bad.yaml:2: seed: must be a whole number in [0, 4294967295], got text 'x'
                --set steps=0: steps: must be a whole number in [1, 100000000], got 0
                """)
            #expect(error.localizedDescription == error.description)
        }
    }

    @Test func directoryIsNotAScenario() {
        #expect {
            try ScenarioLoader.load(path: packageRoot().appendingPathComponent("scenarios").path)
        } throws: { error in
            (error as? ScenarioError)?.problems.first?.message == "cannot read the scenario file (a folder, not a regular file)"
        }
    }
}
