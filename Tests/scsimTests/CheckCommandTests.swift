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
}
