import Foundation
import Testing

/// `scsim bench`: the whole step (model, observation, writing) beside the model alone.
struct BenchCommandTests {
    @Test func reportsTheWholeStepBesideTheModel() throws {
        let json = try CLI.run(["bench", "--sizes", "300", "--steps", "3", "--threads", "1", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let row = try #require(rows.first)
        // The old keys keep their meanings; the new ones sit beside them.
        for key in ["seconds", "agent_steps_per_s", "metrics_seconds", "peak_rss_bytes", "model_seconds", "model_agent_steps_per_s",
                    "write_seconds", "whole_seconds", "whole_agent_steps_per_s", "setup_seconds", "network_seconds"] {
            #expect(row[key] != nil, "\(key) missing")
        }
        let number = { (key: String) in row[key] as? Double ?? .nan }
        #expect(number("agent_steps_per_s") == number("model_agent_steps_per_s"))
        #expect(number("whole_seconds") >= number("seconds"))
        #expect(abs(number("whole_seconds") - number("model_seconds") - number("metrics_seconds") - number("write_seconds")) < 1e-9)
        #expect(number("whole_agent_steps_per_s") <= number("model_agent_steps_per_s"))
        #expect(number("setup_seconds") >= number("network_seconds") && number("network_seconds") > 0)

        let table = try CLI.run(["bench", "--sizes", "300", "--steps", "2", "--threads", "1"])
        #expect(table.status == 0, "\(table.stderr)")
        let header = try #require(table.stdout.split(separator: "\n").first)
        #expect(header.contains("whole agent-steps/s") && header.contains("model agent-steps/s") && header.contains("set-up s"))
    }
}
