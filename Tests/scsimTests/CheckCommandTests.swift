import Foundation
import Testing

/// `scsim check` reads the edge list of an `edge_list` network (issue 12, defect 2).
struct CheckCommandTests {
    /// A scenario on an edge list in a fresh folder; returns the scenario's path.
    func scenario(edges: String?) throws -> String {
        let folder = CLI.temporaryFolder()
        if let edges { try edges.write(toFile: folder + "/edges.txt", atomically: true, encoding: .utf8) }
        try "name: edges\nsteps: 5\npopulation: {size: 10}\nnetwork: {generator: edge_list, path: edges.txt}\n"
            .write(toFile: folder + "/s.yaml", atomically: true, encoding: .utf8)
        return folder + "/s.yaml"
    }

    @Test func missingEdgeListIsAnError() throws {
        let r = try CLI.run(["check", try scenario(edges: nil)])
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stderr.contains("edges.txt: cannot read the edge list (No such file or directory)"), "\(r.stderr)")
        #expect(!r.stdout.contains("ok"))
    }

    @Test func everyBadLineIsListed() throws {
        let r = try CLI.run(["check", try scenario(edges: "# ties\n0 1\n1 x\n2 3\n4 4\n5 99\n")])
        #expect(r.status == 2, "\(r.stdout)")
        for fragment in ["edges.txt:3: expected two citizen ids", "edges.txt:5: citizen 4 is tied to itself", "edges.txt:6: citizen id 99 is out of range 0...9"] {
            #expect(r.stderr.contains(fragment), "\(fragment) not in \(r.stderr)")
        }
        #expect(!r.stdout.contains("ok"))
    }

    @Test func goodEdgeListIsOk() throws {
        let r = try CLI.run(["check", try scenario(edges: "0 1\n1 2\n2 3\n")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok: ") && r.stdout.contains("3 ties"), "\(r.stdout)")
    }

    /// Hostile YAML (issue 13): an alias bomb and thousands of mistakes exit 2 quickly with a
    /// screenful naming the file and line, not a minute of megabytes.
    @Test func hostileYAMLExitsTwoWithABoundedMessage() throws {
        let folder = CLI.temporaryFolder()
        var bomb = ["steps: 10", "a0: &a0 {" + (0..<9).map { "k\($0): 1" }.joined(separator: ", ") + "}"]
        for level in 1...5 {
            bomb.append("a\(level): &a\(level) {" + (0..<9).map { "k\($0): *a\(level - 1)" }.joined(separator: ", ") + "}")
        }
        try (bomb.joined(separator: "\n") + "\n").write(toFile: folder + "/bomb.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", folder + "/bomb.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bomb.yaml:"), "\(r.stderr.prefix(500))")
        #expect(r.stderr.contains("aliases repeat more than 10000 values"), "\(r.stderr.prefix(500))")
        #expect(r.stderr.utf8.count < 2_000, "\(r.stderr.utf8.count) bytes")

        try (0..<5_000).map { "unknown\($0): 1" }.joined(separator: "\n").write(toFile: folder + "/many.yaml", atomically: true, encoding: .utf8)
        let many = try CLI.run(["check", folder + "/many.yaml"])
        #expect(many.status == 2)
        #expect(many.stderr.contains("many.yaml:1: unknown0: unknown key"), "\(many.stderr.prefix(500))")
        #expect(many.stderr.contains("and 4950 more problems"), "\(many.stderr.suffix(300))")
        #expect(many.stderr.split(separator: "\n").count < 60)

        try "steps: 017\n".write(toFile: folder + "/octal.yaml", atomically: true, encoding: .utf8)
        let octal = try CLI.run(["check", folder + "/octal.yaml"])
        #expect(octal.status == 2)
        #expect(octal.stderr.contains("octal.yaml:1: steps: must be a whole number"), "\(octal.stderr)")
    }
}
