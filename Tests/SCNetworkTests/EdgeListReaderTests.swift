import Foundation
import Testing
@testable import SCNetwork

struct EdgeListReaderTests {
    /// Writes `text` to a fresh temporary file and passes its path to `body`.
    func withFile<R>(_ text: String, _ body: (String) throws -> R) throws -> R {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scsim-edges-\(UUID().uuidString).txt")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    /// The error `parse` throws for `text`, or nil.
    func failure(_ text: String, nodeCount: Int = 10) -> EdgeListError? {
        do {
            _ = try EdgeListReader.parse(text: text, nodeCount: nodeCount, source: "edges.txt")
            return nil
        } catch let error as EdgeListError {
            return error
        } catch {
            return nil
        }
    }

    @Test func goodFileWithCommentsBlanksAndRepeats() throws {
        let text = """
            # A small network: two groups.
            0 1
            1\t2   # tab-separated, with a trailing comment

            2 0
            1 0
            0 1
               3    4\r
            # 5 is nobody's friend
            """
        let graph = try withFile(text) { try EdgeListReader.read(path: $0, nodeCount: 6) }
        // 1 0 and the second 0 1 repeat the first tie and are ignored.
        #expect(GraphFixtures.pairs(graph) == [[0, 1], [0, 2], [1, 2], [3, 4]])
        #expect(graph.degree(of: 5) == 0)
        #expect(graph.invariantViolations().isEmpty)
        // The ties are added in file order.
        #expect(graph.neighbors(of: 0) == [1, 2])
    }

    @Test func emptyAndCommentOnlyTextGiveNoTies() throws {
        #expect(try EdgeListReader.parse(text: "", nodeCount: 3).edgeCount == 0)
        #expect(try EdgeListReader.parse(text: "# nothing\n\n   \n", nodeCount: 3).edgeCount == 0)
    }

    @Test func byteOrderMarkAndMissingFinalNewline() throws {
        let graph = try EdgeListReader.parse(text: "\u{FEFF}0 1\n+1 2", nodeCount: 3)
        #expect(GraphFixtures.pairs(graph) == [[0, 1], [1, 2]])
    }

    @Test func nonIntegerField() {
        let error = failure("0 1\n\n3 x   # note\n")
        #expect(error == EdgeListError(path: "edges.txt", line: 3, message: #"expected two citizen ids, found "3 x""#))
        #expect(error?.description == #"edges.txt:3: expected two citizen ids, found "3 x""#)
        #expect(failure("1.5 2")?.message == #"expected two citizen ids, found "1.5 2""#)
        #expect(failure("- 2")?.message == #"expected two citizen ids, found "- 2""#)
    }

    @Test func wrongNumberOfFields() {
        #expect(failure("0 1\n1 2 3\n") == EdgeListError(path: "edges.txt", line: 2, message: #"expected two citizen ids, found "1 2 3""#))
        #expect(failure("# header\n7\n") == EdgeListError(path: "edges.txt", line: 2, message: #"expected two citizen ids, found "7""#))
    }

    @Test func idOutOfRange() {
        #expect(failure("0 1\n2 10\n") == EdgeListError(path: "edges.txt", line: 2, message: "citizen id 10 is out of range 0...9"))
        #expect(failure("-1 2") == EdgeListError(path: "edges.txt", line: 1, message: "citizen id -1 is out of range 0...9"))
        #expect(failure("1 99999999999999999999")?.message == "citizen id 99999999999999999999 is out of range 0...9")
        #expect(failure("0 1", nodeCount: 0)?.message == "citizen id 0 is out of range (the population is empty)")
    }

    @Test func selfLoop() {
        let error = failure("0 1\r\n1 2\r\n4 4\r\n")
        #expect(error == EdgeListError(path: "edges.txt", line: 3, message: "citizen 4 is tied to itself (self-loops are not allowed)"))
        #expect(error?.description == "edges.txt:3: citizen 4 is tied to itself (self-loops are not allowed)")
    }

    @Test func errorInFileNamesThePath() throws {
        let (path, error) = try withFile("0 1\n1 two\n") { path -> (String, EdgeListError?) in
            do {
                _ = try EdgeListReader.read(path: path, nodeCount: 5)
                return (path, nil)
            } catch {
                return (path, error as? EdgeListError)
            }
        }
        #expect(error?.description == "\(path):2: expected two citizen ids, found \"1 two\"")
    }

    @Test func missingFileHasNoLineNumber() {
        let path = "/nonexistent-scsim-dir/edges.txt"
        #expect(throws: EdgeListError(path: path, line: 0, message: "cannot read the edge list (No such file or directory)")) {
            try EdgeListReader.read(path: path, nodeCount: 3)
        }
        let error = EdgeListError(path: path, line: 0, message: "cannot read the edge list (No such file or directory)")
        #expect(error.description == "/nonexistent-scsim-dir/edges.txt: cannot read the edge list (No such file or directory)")
    }

    @Test func directoryIsUnreadable() {
        let path = FileManager.default.temporaryDirectory.path
        #expect(throws: EdgeListError(path: path, line: 0, message: "cannot read the edge list (a folder, not a regular file)")) {
            try EdgeListReader.read(path: path, nodeCount: 3)
        }
    }
}

/// Issue 13: /dev/zero or a FIFO as an edge list read forever or until memory ran out; a
/// line of megabytes was echoed whole.
struct EdgeListSpecialFileTests {
    @Test func aDeviceIsRefusedAtOnce() {
        #expect(throws: EdgeListError(path: "/dev/zero", line: 0, message: "cannot read the edge list (a device, not a regular file)")) {
            try EdgeListReader.read(path: "/dev/zero", nodeCount: 3)
        }
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let path = FileManager.default.temporaryDirectory.path + "/scsim-fifo-\(UUID().uuidString)"
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(throws: EdgeListError(path: path, line: 0, message: "cannot read the edge list (a FIFO (named pipe), not a regular file)")) {
                try EdgeListReader.read(path: path, nodeCount: 3)
            }
        }
        #expect(elapsed < .seconds(2))
    }

    @Test func aLineLongerThanTheLimitIsReportedWithoutItsText() {
        let long = String(repeating: "7", count: 10 << 20)
        do {
            _ = try EdgeListReader.parse(text: "0 1\n\(long)\n1 2\n", nodeCount: 3, source: "e.txt")
            Issue.record("accepted")
        } catch let error as EdgeListError {
            #expect(error.description.utf8.count < 400, "\(error.description.prefix(400))")
            #expect(error.description.contains("e.txt:2: the line is 10485760 bytes long, more than the 4096"), "\(error.description.prefix(400))")
        } catch {
            Issue.record("\(error)")
        }
    }
}

/// Every bad line is reported, up to a limit, like scenario problems (issue 12, defect 2).
struct EdgeListAllProblemsTests {
    func failure(_ text: String, nodeCount: Int = 10) -> EdgeListError? {
        do {
            _ = try EdgeListReader.parse(text: text, nodeCount: nodeCount, source: "edges.txt")
            return nil
        } catch {
            return error as? EdgeListError
        }
    }

    @Test func everyBadLineIsListedInFileOrder() throws {
        let error = try #require(failure("0 1\n1 x\n2 3\n4 4\n\n5 99\n6 7 8\n"))
        #expect(error.problems.map(\.line) == [2, 4, 6, 7])
        #expect(error.omitted == 0)
        // The first problem stays the error's line and message.
        #expect(error.line == 2 && error.message == #"expected two citizen ids, found "1 x""#)
        #expect(error.description == """
            edges.txt:2: expected two citizen ids, found "1 x"
            edges.txt:4: citizen 4 is tied to itself (self-loops are not allowed)
            edges.txt:6: citizen id 99 is out of range 0...9
            edges.txt:7: expected two citizen ids, found "6 7 8"
            """)
    }

    @Test func aLongListStopsAtTheLimitAndCountsTheRest() throws {
        let limit = EdgeListError.listedProblemLimit
        let text = (0..<(limit + 7)).map { "\($0) \($0)" }.joined(separator: "\n")
        let error = try #require(failure(text, nodeCount: 1000))
        #expect(error.problems.count == limit)
        #expect(error.omitted == 7)
        let lines = error.description.split(separator: "\n")
        #expect(lines.count == limit + 1)
        #expect(lines.last == "edges.txt: 7 more bad lines not listed (\(limit + 7) in all)")
    }
}
