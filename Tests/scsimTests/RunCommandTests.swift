import Foundation
import SCModel
import ScsimKit
import Testing

/// `scsim run` end to end on the tiny scenario (300 citizens, 40 steps).
struct RunCommandTests {
    @Test func writesTimeSeriesAndManifest() throws {
        let out = CLI.temporaryFolder() + "/run"
        let result = try CLI.run(["run", "scenarios/tiny.yaml", "--out", out, "--set", "score.eta=0.45", "--seed", "11", "--threads", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        // Not a terminal: a one-line summary on stderr, nothing on stdout.
        #expect(result.stderr.contains("tiny: 40 steps x 300 citizens"))
        let lines = CLI.read(out + "/timeseries.csv").split(separator: "\n")
        #expect(lines.count == 41)
        let header = lines[0].split(separator: ",").map(String.init)
        let modelColumns = ["step", "enrolled_frac", "score_mean", "score_sd", "score_p10", "score_p50", "score_p90", "score_gini",
                            "benefit_frac", "penalty_frac", "approved_purchase_frac", "disapproved_purchase_frac", "hidden_purchases",
                            "fake_purchases", "fake_posts", "dissent_post_frac", "opinion_mean", "falsification_gap", "edges",
                            "mean_degree", "clustering_avg", "transitivity", "score_assortativity", "components", "giant_frac",
                            "isolated_frac", "low_isolated_frac", "low_degree_ratio", "ties_added", "ties_removed", "padder_frac",
                            "evader_frac", "colluder_frac", "audits", "caught", "gamer_score_premium"]
        #expect(Array(header.prefix(modelColumns.count)) == modelColumns)
        #expect(lines[1].hasPrefix("0,") && lines[40].hasPrefix("39,"))
        // The timeline makes everyone enrolled from step 20: enrolled_frac = 1.
        #expect(lines[21].split(separator: ",")[1] == "1.0")

        let manifest = try CLI.manifest(out)
        #expect(manifest["seed"] as? Int == 11)
        #expect(manifest["steps"] as? Int == 40)
        #expect(manifest["scsim_version"] as? String == "0.1.0")
        #expect(manifest["threads"] as? Int == 2)
        // 300 citizens fill one block of 1024, so one worker does the work.
        #expect(manifest["worker_threads"] as? Int == 1)
        let scenario = manifest["scenario"] as? [String: Any]
        #expect((scenario?["score"] as? [String: Any])?["eta"] as? Double == 0.45)
        #expect(scenario?["seed"] as? Int == 11)
        #expect((manifest["overrides"] as? [String]) == ["score.eta=0.45", "seed=11"])
        for key in ["started_at", "finished_at", "wall_seconds", "agent_steps_per_second", "git_commit", "scenario_file"] {
            #expect(manifest[key] != nil, "manifest lacks \(key)")
        }
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == ["manifest.json", "timeseries.csv"])
    }

    @Test func byteIdenticalOnOneAndTwoThreads() throws {
        let base = CLI.temporaryFolder()
        for threads in ["1", "2"] {
            let r = try CLI.run(["run", "scenarios/tiny.yaml", "--out", base + "/t" + threads, "--threads", threads, "--quiet",
                                 "--set", "random.blockSize=32"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.isEmpty)
        }
        let one = try Data(contentsOf: URL(fileURLWithPath: base + "/t1/timeseries.csv"))
        let two = try Data(contentsOf: URL(fileURLWithPath: base + "/t2/timeseries.csv"))
        #expect(!one.isEmpty && one == two)
    }

    @Test func refusesANonEmptyFolderUnlessForced() throws {
        let out = CLI.temporaryFolder()
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: out + "/timeseries.csv"))
        let refused = try CLI.run(["run", "scenarios/tiny.yaml", "--out", out, "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("not empty"))
        #expect(CLI.read(out + "/timeseries.csv") == "keep me")
        let forced = try CLI.run(["run", "scenarios/tiny.yaml", "--out", out, "--quiet", "--force", "--steps", "25"])
        #expect(forced.status == 0)
        #expect(CLI.read(out + "/timeseries.csv").split(separator: "\n").count == 26)
    }

    @Test func metricsEveryThinsTheRows() throws {
        let out = CLI.temporaryFolder() + "/thin"
        let r = try CLI.run(["run", "scenarios/tiny.yaml", "--out", out, "--quiet", "--set", "output.metricsEvery=10",
                             "--set", "output.networkMetricsEvery=20"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = CLI.read(out + "/timeseries.csv").split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        // Steps 0, 10, 20, 30 and the last, 39.
        #expect(rows.map { String($0[0]) } == ["0", "10", "20", "30", "39"])
        let networkColumn = ReferenceMetrics.standard.columnNames().firstIndex(of: "network_metrics")!
        let clustering = ReferenceMetrics.standard.columnNames().firstIndex(of: "clustering_avg")!
        #expect(rows.map { String($0[networkColumn]) } == ["exact", "skipped", "exact", "skipped", "exact"])
        #expect(rows[1][clustering].isEmpty && !rows[2][clustering].isEmpty)
    }
}

/// Bad input: exit code 2, a message naming the problem, and nothing written.
struct BadInputTests {
    func expectRejected(_ arguments: [String], mentioning fragments: [String]) throws {
        let out = CLI.temporaryFolder() + "/never"
        let r = try CLI.run(arguments + ["--out", out])
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        for fragment in fragments { #expect(r.stderr.contains(fragment), "\(fragment) not in \(r.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    func scenario(_ text: String) throws -> String {
        let path = CLI.temporaryFolder() + "/bad.yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func unknownKeyWrongTypeOutOfRange() throws {
        let path = try scenario("name: bad\nsteps: 10\nscore:\n  etta: 0.5\naudit:\n  rate: 2\npopulation:\n  size: many\n")
        try expectRejected(["run", path], mentioning: ["bad.yaml:4: score.etta", "did you mean 'score.eta'", "bad.yaml:6: audit.rate",
                                                     "bad.yaml:8: population.size"])
    }

    @Test func sharesAndTimeline() throws {
        let path = try scenario("""
            steps: 10
            population:
              strategies: {honest: 0.9, padder: 0.2}
            timeline:
              - at: 12
                set: {score.eta: 0.6}
            """)
        try expectRejected(["run", path], mentioning: ["population.strategies", "sum to 1", "timeline[0].at", "[0, 9]"])
    }

    @Test func badOverrideAndTimelineBeyondSteps() throws {
        try expectRejected(["run", "scenarios/tiny.yaml", "--set", "score.eta=high"], mentioning: ["score.eta"])
        try expectRejected(["run", "scenarios/tiny.yaml", "--threads", "0"], mentioning: ["--threads"])
        try expectRejected(["run", "no-such-scenario.yaml"], mentioning: ["no-such-scenario.yaml"])
    }

    /// `--seed -1` and friends: the value is out of range, with what is allowed (defect 9).
    @Test func negativeNumbersAreOutOfRangeNotMissing() throws {
        let cases: [(String, [String])] = [
            ("--seed", ["--seed is out of range", "[0, 4294967295]", "got -1"]),
            ("--steps", ["--steps is out of range", "[1, 100000000]", "got -1"]),
            ("--checkpoint-every", ["--checkpoint-every is out of range", "0 (never) or more", "got -1"]),
            ("--snapshot-every", ["--snapshot-every is out of range", "0 (never) or more", "got -1"]),
            ("--threads", ["--threads is out of range", "at least 1", "got -1"]),
        ]
        for (option, fragments) in cases {
            try expectRejected(["run", "scenarios/tiny.yaml", option, "-1"], mentioning: fragments)
        }
        try expectRejected(["run", "scenarios/tiny.yaml", "--checkpoint-every", "-5"], mentioning: ["--checkpoint-every is out of range", "got -5"])
        try expectRejected(["run", "scenarios/tiny.yaml", "--seed", "4294967296"], mentioning: ["--seed is out of range", "got 4294967296"])
        // The equals form means the same.
        try expectRejected(["run", "scenarios/tiny.yaml", "--seed=-1"], mentioning: ["--seed is out of range"])
        let r = try CLI.run(["run", "scenarios/tiny.yaml", "--seed", "-1"])
        #expect(!r.stderr.contains("Missing value"), "\(r.stderr)")
        // bench too (it writes nothing).
        for (arguments, fragments) in [(["--steps", "-1"], ["--steps is out of range", "at least 1", "got -1"]),
                                       (["--sizes", "-5"], ["--sizes is out of range", "got '-5'"]),
                                       (["--threads", "-2"], ["--threads is out of range", "got '-2'"])] {
            let bench = try CLI.run(["bench"] + arguments)
            #expect(bench.status == 2, "\(arguments): \(bench.stderr)")
            for fragment in fragments { #expect(bench.stderr.contains(fragment), "\(fragment) not in \(bench.stderr)") }
        }
    }

    /// A file whose own steps are shorter than its timeline stays an error, also with a
    /// shorter --steps (defect 13).
    @Test func timelineBeyondTheFilesOwnStepsStaysAnError() throws {
        let path = try scenario("name: short\nsteps: 10\npopulation: {size: 100}\ntimeline:\n  - at: 12\n    set: {mandatory: true}\n")
        try expectRejected(["run", path], mentioning: ["bad.yaml:5: timeline[0].at", "[0, 9]"])
        try expectRejected(["run", path, "--steps", "5"], mentioning: ["bad.yaml:5: timeline[0].at", "[0, 4]"])
    }

    @Test func badEdgeListNamesTheLine() throws {
        let folder = CLI.temporaryFolder()
        try "# ties\n0 1\n1 2\n2 x\n".write(toFile: folder + "/edges.txt", atomically: true, encoding: .utf8)
        try "name: edges\nsteps: 5\npopulation: {size: 10}\nnetwork: {generator: edge_list, path: edges.txt}\n"
            .write(toFile: folder + "/s.yaml", atomically: true, encoding: .utf8)
        try expectRejected(["run", folder + "/s.yaml"], mentioning: ["edges.txt:4"])
    }

    @Test func goodEdgeListRuns() throws {
        let folder = CLI.temporaryFolder()
        try "# ring of 10\n0 1\n1 2\n2 3\n3 4\n4 5\n5 6\n6 7\n7 8\n8 9\n9 0\n1 0\n".write(toFile: folder + "/edges.txt", atomically: true, encoding: .utf8)
        try "name: edges\nsteps: 1\npopulation: {size: 10, strategies: {honest: 1, padder: 0, evader: 0, colluder: 0}}\nnetwork: {generator: edge_list, path: edges.txt}\nties: {driftRate: 0, proposeRate: 0, lookProbability: 0}\n"
            .write(toFile: folder + "/s.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", folder + "/s.yaml", "--out", folder + "/out", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = CLI.read(folder + "/out/timeseries.csv").split(separator: "\n")
        let edges = ReferenceMetrics.standard.columnNames().firstIndex(of: "edges")!
        // The duplicate "1 0" is ignored: 10 ties, a single cycle (clustering 0, 1 component).
        #expect(rows[1].split(separator: ",", omittingEmptySubsequences: false)[edges] == "10")
    }
}

/// `--steps` shorter than the scenario's timeline (defect 13).
struct ShortenedRunTests {
    /// `scsim run scenarios/mandatory.yaml --steps 100`: runs, warning that the event at
    /// step 260 will not happen.
    @Test func shorterStepsOnTheCommandLineRunsAndWarns() throws {
        let out = CLI.temporaryFolder() + "/short"
        let r = try CLI.run(["run", "scenarios/mandatory.yaml", "--steps", "100", "--set", "population.size=300", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: scenarios/mandatory.yaml:20: timeline[0].at:"), "\(r.stderr)")
        #expect(r.stderr.contains("step 260 will not happen") && r.stderr.contains("100 steps"), "\(r.stderr)")
        #expect(CLI.read(out + "/timeseries.csv").split(separator: "\n").count == 101)
        // The manifest records the run as made: 100 steps, no timeline.
        let manifest = try CLI.manifest(out)
        #expect(manifest["steps"] as? Int == 100)
        #expect(((manifest["scenario"] as? [String: Any])?["timeline"] as? [Any])?.isEmpty == true)
        // `check` with the same overrides says the same.
        let check = try CLI.run(["check", "scenarios/mandatory.yaml", "--set", "steps=100"])
        #expect(check.status == 0 && check.stdout.hasPrefix("ok: ") && check.stderr.contains("step 260 will not happen"), "\(check.stderr)")
    }

    /// Cutting before one event of two keeps the earlier one.
    @Test func tinyCutAtItsEventStepRuns() throws {
        let out = CLI.temporaryFolder() + "/cut"
        let r = try CLI.run(["run", "scenarios/tiny.yaml", "--steps", "10", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("step 20 will not happen") && r.stderr.contains("tiny: 10 steps x 300 citizens"), "\(r.stderr)")
    }
}

/// `scsim check` and `scsim keys`.
struct OtherCommandTests {
    @Test func checkAcceptsEveryShippedScenario() throws {
        for name in ["baseline", "mandatory", "no-friend-weight", "ostracism", "crackdown", "tiny"] {
            let r = try CLI.run(["check", "scenarios/\(name).yaml"])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stdout.hasPrefix("ok: "))
        }
    }

    @Test func checkResolvedRoundTrips() throws {
        let r = try CLI.run(["check", "scenarios/mandatory.yaml", "--resolved"])
        #expect(r.status == 0)
        let path = CLI.temporaryFolder() + "/resolved.yaml"
        try r.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["check", path]).status == 0)
    }

    /// `check --resolved` writes booleans as true/false, as a person writes them (defect 10).
    @Test func checkResolvedWritesBooleansAsWords() throws {
        let r = try CLI.run(["check", "scenarios/mandatory.yaml", "--resolved"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("mandatory: false") && r.stdout.contains("mandatory: true"), "\(r.stdout)")
        #expect(!r.stdout.contains("mandatory: 0") && !r.stdout.contains("mandatory: 1"))
    }

    @Test func keysMatchesTheReferenceDocument() throws {
        let r = try CLI.run(["keys"])
        #expect(r.status == 0)
        #expect(r.stdout == CLI.read(CLI.packageRoot.path + "/docs/SCENARIO_KEYS.md"))
    }

    @Test func helpAndVersionExitZero() throws {
        #expect(try CLI.run(["--help"]).status == 0)
        let v = try CLI.run(["--version"])
        #expect(v.status == 0 && v.stdout.contains("0.1.0"))
    }
}

/// `--snapshot-every`: the network and citizens at chosen steps.
struct SnapshotTests {
    @Test func writesEdgesCitizensAndGraphML() throws {
        let out = CLI.temporaryFolder() + "/snap"
        let r = try CLI.run(["run", "scenarios/tiny.yaml", "--out", out, "--quiet", "--snapshot-every", "15"])
        #expect(r.status == 0, "\(r.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: out + "/snapshots").sorted()
        // Steps 0, 15, 30 and the last step, 39.
        #expect(folders == ["step-000000", "step-000015", "step-000030", "step-000039"])
        let last = out + "/snapshots/step-000039"
        let edges = CLI.read(last + "/edges.csv").split(separator: "\n")
        let citizens = CLI.read(last + "/citizens.csv").split(separator: "\n")
        #expect(edges.first == "source,target" && citizens.first == "id,score,dissent,strategy,enrolled,tier,degree,ring")
        #expect(citizens.count == 301)
        // Degrees in citizens.csv add up to twice the ties in edges.csv, and match the time series.
        let degreeSum = citizens.dropFirst().map { Int($0.split(separator: ",", omittingEmptySubsequences: false)[6])! }.reduce(0, +)
        #expect(degreeSum == 2 * (edges.count - 1))
        let rows = CLI.read(out + "/timeseries.csv").split(separator: "\n")
        let edgeColumn = ReferenceMetrics.standard.columnNames().firstIndex(of: "edges")!
        #expect(Int(rows.last!.split(separator: ",", omittingEmptySubsequences: false)[edgeColumn])! == edges.count - 1)
        // After step 20 everyone is enrolled (mandatory), so every score is present.
        #expect(citizens.dropFirst().allSatisfy { !$0.split(separator: ",", omittingEmptySubsequences: false)[1].isEmpty })
        let graphml = CLI.read(last + "/network.graphml")
        #expect(graphml.contains("edgedefault=\"undirected\""))
        #expect(graphml.components(separatedBy: "<edge ").count - 1 == edges.count - 1)
        let manifest = try CLI.manifest(last)
        #expect(manifest["step"] as? Int == 39 && manifest["seed"] as? Int == 7)
    }
}

/// `--snapshot-at`: snapshots after listed steps and on each side of timeline events.
struct SnapshotAtTests {
    static func enrolled(_ folder: String) -> Int {
        CLI.read(folder + "/citizens.csv").split(separator: "\n").dropFirst()
            .filter { $0.split(separator: ",", omittingEmptySubsequences: false)[4] == "1" }.count
    }

    @Test func eventsAddTheStepsEitherSideOfEachTimelineEvent() throws {
        // tiny.yaml: one event, mandatory enrolment at step 20.
        let out = CLI.temporaryFolder() + "/events"
        let r = try CLI.run(["run", "scenarios/tiny.yaml", "--out", out, "--quiet", "--threads", "1", "--snapshot-at", "events,5"])
        #expect(r.status == 0, "\(r.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: out + "/snapshots").sorted()
        #expect(folders == ["step-000005", "step-000019", "step-000020"])
        // Before the event some citizens are outside the system; one step later none is.
        #expect(Self.enrolled(out + "/snapshots/step-000019") < 300)
        #expect(Self.enrolled(out + "/snapshots/step-000020") == 300)
        // The same snapshots as listing the steps by hand.
        let listed = CLI.temporaryFolder() + "/listed"
        #expect(try CLI.run(["run", "scenarios/tiny.yaml", "--out", listed, "--quiet", "--threads", "1", "--snapshot-at", "19,20"]).status == 0)
        for step in ["step-000019", "step-000020"] {
            #expect(CLI.read(out + "/snapshots/" + step + "/edges.csv") == CLI.read(listed + "/snapshots/" + step + "/edges.csv"))
            #expect(CLI.read(out + "/snapshots/" + step + "/citizens.csv") == CLI.read(listed + "/snapshots/" + step + "/citizens.csv"))
        }
    }

    @Test func timelineStepsAtTheEdges() {
        let event = { (step: Int) in PolicyEvent(step: step, assignments: []) }
        #expect(RunSession.timelineSnapshotSteps([event(0), event(20), event(21)], steps: 40) == [0, 19, 20, 21])
        // An event at the last step has no step after it to run; one past the end adds nothing.
        #expect(RunSession.timelineSnapshotSteps([event(39), event(40)], steps: 40) == [38, 39])
        #expect(RunSession.timelineSnapshotSteps([], steps: 40).isEmpty)
    }

    @Test func refusesEventsWithoutATimelineAndUnknownWords() throws {
        let none = try CLI.run(["run", "scenarios/baseline.yaml", "--out", CLI.temporaryFolder() + "/x", "--quiet",
                                "--steps", "3", "--set", "population.size=100", "--snapshot-at", "events"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("--snapshot-at events: the scenario has no timeline event"))
        let cut = try CLI.run(["run", "scenarios/tiny.yaml", "--out", CLI.temporaryFolder() + "/y", "--quiet",
                               "--steps", "10", "--snapshot-at", "events"])
        #expect(cut.status == 2)
        #expect(cut.stderr.contains("no timeline event within its 10 steps"))
        let word = try CLI.run(["run", "scenarios/tiny.yaml", "--out", CLI.temporaryFolder() + "/z", "--quiet", "--snapshot-at", "event"])
        #expect(word.status == 2)
        #expect(word.stderr.contains("or the word events"))
    }
}

/// `output.metrics` and `--metrics` (issue 12 item 14): the default CSV keeps the standard
/// columns; a group appends exactly its own, leaving every standard cell unchanged.
struct MetricGroupRunTests {
    static let groupColumns = ["low_behaviour_isolated_frac", "low_behaviour_degree_ratio", "clustering_avg_noring", "transitivity_noring"]

    @Test func defaultColumnsUnchangedAndGroupAppended() throws {
        let folder = CLI.temporaryFolder()
        let plain = try CLI.run(["run", "scenarios/tiny.yaml", "--out", folder + "/plain", "--quiet", "--steps", "12"])
        #expect(plain.status == 0, "\(plain.stderr)")
        let base = CLI.read(folder + "/plain/timeseries.csv").split(separator: "\n").map(String.init)
        #expect(base[0].split(separator: ",").map(String.init) == ReferenceMetrics.standard.columnNames())

        let scenario = folder + "/with-group.yaml"
        try """
        name: tiny
        seed: 7
        steps: 12
        population: {size: 300}
        network: {generator: watts_strogatz}
        output:
          metrics: [unconfounded]
        """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let viaScenario = try CLI.run(["run", scenario, "--out", folder + "/scenario", "--quiet"])
        let viaOption = try CLI.run(["run", "scenarios/tiny.yaml", "--out", folder + "/option", "--quiet", "--steps", "12", "--metrics", "unconfounded"])
        #expect(viaScenario.status == 0, "\(viaScenario.stderr)")
        #expect(viaOption.status == 0, "\(viaOption.stderr)")
        for run in ["scenario", "option"] {
            let lines = CLI.read(folder + "/\(run)/timeseries.csv").split(separator: "\n").map(String.init)
            #expect(lines.count == base.count)
            #expect(lines[0] == base[0] + "," + Self.groupColumns.joined(separator: ","))
            for (row, standard) in zip(lines.dropFirst(), base.dropFirst()) {
                #expect(row.hasPrefix(standard + ","))
                #expect(row.split(separator: ",", omittingEmptySubsequences: false).count == lines[0].split(separator: ",").count)
            }
            let manifest = try CLI.manifest(folder + "/\(run)")
            let columns = (manifest["columns"] as? [String]) ?? []
            #expect(columns.isEmpty || columns.suffix(4) == ArraySlice(Self.groupColumns))
        }
    }

    @Test func unknownGroupIsRefused() throws {
        let result = try CLI.run(["run", "scenarios/tiny.yaml", "--out", CLI.temporaryFolder() + "/x", "--quiet", "--metrics", "nosuch"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("output.metrics") && result.stderr.contains("nosuch"))
    }
}
