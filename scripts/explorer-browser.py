#!/usr/bin/env python3
"""The explorer in headless Chromium: the step rate a page receives, how fast it answers
at a million citizens, and the README's screenshots.

    scripts/explorer-browser.py speed --size 100000 --rounds 3 [--seconds 10]
    scripts/explorer-browser.py speed --size 1000000 --rounds 2
    scripts/explorer-browser.py figures            # writes docs/figures/explorer*.png

`speed` starts `scsim serve scenarios/baseline.yaml --set population.size=N --speed 0`
(as fast as the model goes) for each round, opens the page, presses Play and, after a
warm-up, counts for `--seconds` what the page itself holds: rows in window.scsim.rows
(the charts' data), network frames received (window.scsim.networkFrames) and drawn
(window.scsim.networkDrawn), and animation frames the page managed (its own
responsiveness). Then, while it runs, it moves score.eta (a `set`, as the slider sends)
and presses Pause, and reports how many steps and seconds each took to take effect.

The binary is $SCSIM_BIN, else .build/release/scsim. Needs selenium, Debian's chromium
and chromium-driver (as analysis/tests/test_explorer_browser.py).
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("SCSIM_BIN") or REPO / ".build" / "release" / "scsim")


class Server:
    def __init__(self, *arguments: str):
        self.process = subprocess.Popen([str(BIN), "serve", *arguments, "--port", "0"], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, cwd=REPO)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in self.process.stdout], daemon=True).start()
        self.url = re.search(r"(http://\S+/)", lines.get(timeout=600)).group(1)

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)


def browser(width=1500, height=1100):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--disable-gpu",
                     "--hide-scrollbars", "--force-device-scale-factor=1"]:
        options.add_argument(argument)
    driver = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver), options=options)


def wait(driver, condition, what, timeout=600):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(lambda d: condition(d), message=f"timed out waiting for {what}")


PROBE = """
window.probe = {frames: 0};
(function tick() { window.probe.frames++; requestAnimationFrame(tick); })();
"""

STATE = "return {rows: scsim.rows.length, last: scsim.rows.length ? scsim.rows[scsim.rows.length - 1].step : -1, " \
        "frames: scsim.networkFrames, drawn: scsim.networkDrawn, sampled: scsim.network ? scsim.network.ids.length : 0, " \
        "step: scsim.status.step, animation: window.probe.frames, now: performance.now()}"


def speed_round(size: int, seconds: float, warmup: float) -> dict:
    server = Server("scenarios/baseline.yaml", "--set", f"population.size={size}", "--set", "steps=100000", "--speed", "0")
    driver = browser()
    try:
        driver.get(server.url)
        wait(driver, lambda d: d.execute_script("return !!(window.scsim && scsim.status && scsim.network)"), "the page and its first frame")
        driver.execute_script(PROBE)
        driver.find_element(By.ID, "play").click()
        time.sleep(warmup)
        a = driver.execute_script(STATE)
        time.sleep(seconds)
        b = driver.execute_script(STATE)
        elapsed = (b["now"] - a["now"]) / 1000
        result = {
            "size": size,
            "steps_per_s": (b["last"] - a["last"]) / elapsed,
            "rows_per_s": (b["rows"] - a["rows"]) / elapsed,
            "frames_per_s": (b["frames"] - a["frames"]) / elapsed,
            "animation_fps": (b["animation"] - a["animation"]) / elapsed,
            "drawn": b["drawn"], "sampled": b["sampled"],
        }
        # A parameter change while it runs: the step it applies at, against the step shown when sent.
        shown = driver.execute_script("return scsim.status.step")
        sent = time.time()
        driver.execute_script("scsim.send({type: 'set', key: 'score.eta', value: 0.55})")
        event = wait(driver, lambda d: d.execute_script("return scsim.events.find(e => e.origin === 'explorer') || false"), "the change")
        result["set_seconds"] = time.time() - sent
        result["set_steps_after_shown"] = event["step"] - shown
        # Pause: steps run after the step shown when pressed, and the time to stop.
        shown = driver.execute_script("return scsim.status.step")
        sent = time.time()
        driver.find_element(By.ID, "pause").click()
        wait(driver, lambda d: d.execute_script("return scsim.status.running === false"), "the pause")
        result["pause_seconds"] = time.time() - sent
        result["pause_steps_after_shown"] = driver.execute_script("return scsim.status.step") - shown
        return result
    finally:
        driver.quit()
        server.stop()


def speed(arguments):
    results = []
    for r in range(arguments.rounds):
        load = os.getloadavg()[0]
        result = speed_round(arguments.size, arguments.seconds, arguments.warmup)
        result["load"] = load
        results.append(result)
        print(f"round {r + 1}: {result['size']:,} citizens: page received {result['steps_per_s']:.1f} steps/s "
              f"({result['rows_per_s']:.1f} rows/s), {result['frames_per_s']:.2f} network frames/s "
              f"({result['drawn']} of {result['sampled']} drawn), page at {result['animation_fps']:.0f} animation frames/s; "
              f"set applied at shown step +{result['set_steps_after_shown']} after {result['set_seconds']:.2f} s, "
              f"pause stopped at shown step +{result['pause_steps_after_shown']} after {result['pause_seconds']:.2f} s "
              f"(load average {load:.1f} on {os.cpu_count()} cores)", flush=True)
    rates = [r["steps_per_s"] for r in results]
    print(f"median {statistics.median(rates):.1f} steps/s (rounds: {', '.join(f'{x:.1f}' for x in rates)})")


def figures(arguments):
    out = REPO / "docs" / "figures"
    server = Server("scenarios/ostracism.yaml", "--speed", "0", "--threads", "2")
    driver = browser(1500, 1250)
    try:
        driver.get(server.url)
        wait(driver, lambda d: d.execute_script("return !!(window.scsim && scsim.status && scsim.network)"), "the page")
        driver.execute_script("scsim.send({type: 'step', value: arguments[0]})", arguments.steps)
        wait(driver, lambda d: d.execute_script("return scsim.status.step === arguments[0] && scsim.network.step === arguments[0]", arguments.steps),
             "the steps and their frame")
        time.sleep(1)
        # Keep an isolated low scorer if there is one, else the lowest scorer with friends.
        driver.execute_script("""
            const n = scsim.network; let best = -1;
            for (let k = 0; k < n.ids.length; k++) if ((n.flags[k] & 12) === 12) { best = k; break; }
            if (best < 0) for (let k = 0; k < n.ids.length; k++) if (n.score[k] !== null && n.degree[k] > 0 && (best < 0 || n.score[k] < n.score[best])) best = k;
            scsim.selected = n.ids[best]; scsim.send({type: 'citizen', id: n.ids[best]});""")
        wait(driver, lambda d: d.execute_script("return scsim.citizen && scsim.citizen.id === scsim.selected"), "the citizen")
        driver.execute_script("window.dispatchEvent(new Event('resize'))")
        time.sleep(1)
        panel = driver.find_element(By.ID, "network-panel")
        panel.screenshot(str(out / "explorer-network.png"))
        driver.save_screenshot(str(out / "explorer.png"))
        print("wrote", out / "explorer-network.png", "and", out / "explorer.png")
    finally:
        driver.quit()
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("speed")
    s.add_argument("--size", type=int, default=100_000)
    s.add_argument("--rounds", type=int, default=3)
    s.add_argument("--seconds", type=float, default=10)
    s.add_argument("--warmup", type=float, default=3)
    s.set_defaults(run=speed)
    f = commands.add_parser("figures")
    f.add_argument("--steps", type=int, default=200)
    f.set_defaults(run=figures)
    arguments = parser.parse_args()
    arguments.run(arguments)


if __name__ == "__main__":
    main()
