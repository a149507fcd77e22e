import SCModel

extension RunSession {
    /// The event log and panel recorder `output.events` and `output.panel.every` ask for,
    /// with the run.sqlite it writes (nil when they ask for nothing). A run that keeps
    /// checkpoints writes the file in place; a resumed run continues it.
    func makeRecorder(folder: String) throws -> (recorder: ReferenceRecorder, database: RunDatabase)? {
        guard let simulation = simulation as? Simulation else { return nil }
        var database: RunDatabase?
        let recorder = try ReferenceRecorder.make(for: simulation) {
            let made = try RunDatabase(path: folder + "/" + RunDatabase.fileName, inPlace: options.checkpointEvery > 0,
                                       resumingAt: resumption?.fromStep)
            database = made
            return made
        }
        guard let recorder, let database else { return nil }
        return (recorder, database)
    }
}
