import SCModel

extension ScenarioReader {
    /// Sorts the timeline into place, runs the cross-key checks (when the document could be
    /// read at all) and orders the problems.
    ///
    /// Events are sorted stably by step, so two events at one step apply in the order
    /// written. Consistency problems name key paths; each is reported against the
    /// override that set the key if there is one, else against the key's line in the file
    /// (or its nearest parent's). Paths into `goods` and `timeline` are renumbered to the
    /// positions in the file, which sorting and skipped bad entries may have changed.
    mutating func finish() {
        let sorted = events.enumerated()
            .sorted { ($0.element.event.step, $0.offset) < ($1.element.event.step, $1.offset) }
            .map(\.element)
        parameters.timeline = sorted.map(\.event)
        timelineFileIndex = sorted.map(\.fileIndex)
        dropEventsAfterShortenedRun()

        for problem in documentRead ? parameters.consistencyProblems() : [] {
            if problem.path == "goods", goodsHadBadEntry { continue }  // already reported entry by entry
            let path = filePath(for: problem.path)
            if let override = appliedOverrides.last(where: { $0.key == path || $0.key.hasPrefix(path + ".") }) {
                problems.append(ScenarioProblem(source: override.source, line: nil, keyPath: path, message: problem.message))
            } else {
                report(path, line: lines.line(for: path), problem.message)
            }
        }

        let fromFile = problems.filter { $0.source == source }
        let fromOverrides = problems.filter { $0.source != source }
        let byLine = fromFile.enumerated().sorted { a, b in
            (a.element.line ?? Int.max, a.offset) < (b.element.line ?? Int.max, b.offset)
        }.map(\.element)
        problems = byLine + fromOverrides
        problems = ScenarioProblem.limited(problems, to: Self.problemsShown, alsoDropped: problemsDropped, source: source)
    }

    /// A `steps` override shorter than the file's own `steps` (`scsim run --steps 100`)
    /// drops the timeline events from its end up to the file's `steps`, each with a
    /// warning: the run is shortened on purpose and those events cannot happen. An event
    /// beyond the file's own `steps` is left in place, so that it is reported as the
    /// file's mistake by `consistencyProblems()`.
    mutating func dropEventsAfterShortenedRun() {
        guard dropsEventsAfterShortenedRun, let fileSteps = stepsBeforeOverrides, parameters.steps < fileSteps,
              let override = appliedOverrides.last(where: { $0.key == "steps" })
        else { return }
        let given = override.source.hasPrefix("--set ") ? String(override.source.dropFirst("--set ".count)) : override.source
        var kept: [PolicyEvent] = []
        var keptFileIndex: [Int] = []
        for (event, fileIndex) in zip(parameters.timeline, timelineFileIndex) {
            guard event.step >= parameters.steps, event.step < fileSteps else {
                kept.append(event)
                keptFileIndex.append(fileIndex)
                continue
            }
            let path = "timeline[\(fileIndex)].at"
            warnings.append(ScenarioProblem(
                source: source, line: lines.line(for: path), keyPath: path,
                message: "the event at step \(event.step) will not happen: the run has \(parameters.steps) steps (\(given) on the command line), so it ends at step \(parameters.steps - 1)"))
        }
        parameters.timeline = kept
        timelineFileIndex = keptFileIndex
    }

    /// `timeline[0].at` of the sorted timeline as `timeline[N].at` of the file's list.
    func filePath(for path: String) -> String {
        for (list, fileIndex) in [("goods", goodsFileIndex), ("timeline", timelineFileIndex)] {
            let opening = list + "["
            guard path.hasPrefix(opening), let close = path.firstIndex(of: "]"),
                  let index = Int(path[path.index(path.startIndex, offsetBy: opening.count)..<close]),
                  fileIndex.indices.contains(index)
            else { continue }
            return "\(list)[\(fileIndex[index])]" + path[path.index(after: close)...]
        }
        return path
    }
}
