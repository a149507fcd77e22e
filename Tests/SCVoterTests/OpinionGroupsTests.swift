import SCVoter
import Testing

/// The holder lists stay consistent through any sequence of moves.
@Suite struct OpinionGroupsTests {
    @Test func startsGroupedInVertexOrder() {
        let groups = OpinionGroups(opinion: [1, 0, 1, 2, 1], opinionCount: 4)
        #expect(groups.holders == [[1], [0, 2, 4], [3], []])
        #expect(groups.position == [0, 0, 1, 0, 2])
        #expect(groups.nonEmptyCount == 3)
        #expect(groups.communitySizes() == [3, 1, 1])
        #expect(groups.invariantViolations().isEmpty)
    }

    @Test func moveSwapsTheLastHolderIntoTheGap() {
        var groups = OpinionGroups(opinion: [1, 0, 1, 2, 1], opinionCount: 4)
        groups.move(0, to: 3)
        #expect(groups.holders[1] == [4, 2])
        #expect(groups.holders[3] == [0])
        #expect(groups.nonEmptyCount == 4)
        groups.move(3, to: 1)  // opinion 2 dies out
        #expect(groups.nonEmptyCount == 3)
        #expect(groups.size(of: 1) == 3)
        groups.move(3, to: 1)  // already there: nothing happens
        #expect(groups.size(of: 1) == 3)
        #expect(groups.invariantViolations().isEmpty)
    }

    @Test func manyMovesKeepTheInvariants() {
        var groups = OpinionGroups(opinion: (0..<50).map { Int32($0 % 7) }, opinionCount: 7)
        var x = 12345
        for _ in 0..<2000 {
            x = (x &* 1103515245 &+ 12345) & 0x7fff_ffff
            groups.move(x % 50, to: (x / 50) % 7)
        }
        #expect(groups.invariantViolations().isEmpty)
        #expect(groups.communitySizes().reduce(0, +) == 50)
    }
}
