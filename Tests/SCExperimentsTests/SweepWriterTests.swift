import Foundation
import Testing
@testable import SCExperiments

/// Issue 13: one writer per sweep database, and a damaged merge input named as such.
@Suite struct SweepWriterTests {
    @Test func aSecondWriterOfTheSameDatabaseIsRefused() throws {
        let definition = try Fixtures.definition(SweepDatabaseTests.text)
        let names = try SweepRunner.columns(of: definition).map(\.name)
        let path = Fixtures.folder() + "/db.sqlite"
        let first = try SweepDatabase.open(for: definition, at: path, columns: names)
        #expect {
            _ = try SweepDatabase.open(for: definition, at: path, columns: names)
        } throws: { error in
            guard let error = error as? SweepError, case .databaseInUse = error else { return false }
            return error.isBadInput && error.description.contains("another scsim is writing")
        }
        // A merge into a database being written is refused too.
        let copy = Fixtures.folder() + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        #expect {
            _ = try SweepMerger.merge([copy], into: path)
        } throws: { error in
            guard let error = error as? SweepError, case .databaseInUse = error else { return false }
            return true
        }
        first.finish()
        // Released: the next writer gets it.
        try SweepDatabase.open(for: definition, at: path, columns: names).finish()
    }

    @Test func aDamagedMergeInputIsNamed() throws {
        let definition = try Fixtures.definition(SweepDatabaseTests.text)
        let folder = Fixtures.folder()
        let good = folder + "/good.sqlite", bad = folder + "/bad.sqlite", target = folder + "/all.sqlite"
        try Fixtures.run(definition, into: good)
        try FileManager.default.copyItem(atPath: good, toPath: bad)
        // Overwrite the pages after the first two (the schema and the sweep table stay readable).
        let handle = try #require(FileHandle(forUpdatingAtPath: bad))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 3 * 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(size) - 3 * 4096))
        try handle.close()
        for inputs in [[good, bad], [bad, good]] {
            #expect {
                _ = try SweepMerger.merge(inputs, into: target)
            } throws: { error in
                let text = "\(error)"
                return text.hasPrefix(bad) && !text.contains(target) && !text.contains("partial")
            }
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }
}
