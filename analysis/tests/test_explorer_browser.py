"""The explorer in a real browser: headless Chromium (Debian's chromium + chromium-driver,
driven by Selenium) against `scsim serve scenarios/tiny.yaml` on a free port.

Loads the page, presses Play, checks that the step counter advances and that the charts'
data (window.scsim.rows, what the Canvas charts draw) grows, moves the score.eta slider,
pauses, exports, and checks that the exported scenario's timeline holds the change. A
screenshot is kept: in $SCSIM_SCREENSHOT_DIR when set (CI keeps it as an artifact), else
in the test's temporary folder (its path is printed).

Skipped, with the reason, when selenium, chromium or chromedriver is missing
(`.ci/setup` installs all three).
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

webdriver = pytest.importorskip(
    "selenium.webdriver",
    reason="selenium is not installed (pip install -e 'analysis[test]'; .ci/setup installs it)",
)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver") or ("/usr/lib/chromium/chromedriver" if Path("/usr/lib/chromium/chromedriver").exists() else None)
    if not browser or not driver:
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver; .ci/setup installs them)")
    return browser, driver


@pytest.fixture
def explorer(scsim_bin):
    """`scsim serve` on a free port; yields the page's address, then stops it with SIGINT."""
    process = subprocess.Popen(
        [str(scsim_bin), "serve", str(REPO / "scenarios" / "tiny.yaml"), "--port", "0", "--speed", "3", "--threads", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        try:
            first = lines.get(timeout=60)
        except queue.Empty:
            pytest.fail("scsim serve printed no address within 60 s")
        match = re.search(r"(http://\S+/)", first)
        assert match, f"scsim serve printed {first!r}, not an address"
        yield match.group(1)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("scsim serve did not stop within 30 s of Ctrl-C")
    assert code == 0, f"scsim serve exited with {code}: {process.stderr.read()}"


@pytest.fixture
def browser(tmp_path):
    binary, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1100", "--disable-gpu"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver, condition, what: str, timeout: float = 60):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d), message=f"timed out waiting for {what}")


def test_play_change_a_slider_pause_and_export(explorer, browser, tmp_path):
    driver = browser
    driver.get(explorer)
    _wait(driver, lambda d: d.execute_script("return window.scsim && window.scsim.hello && window.scsim.status !== null"), "the page to connect")
    slider = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "input[data-key='score.eta']"), "the score.eta slider")
    assert slider.get_attribute("type") == "range"
    assert driver.execute_script("return window.scsim.rows.length") == 0
    assert driver.find_element(By.ID, "step-counter").text == "0"

    driver.find_element(By.ID, "play").click()
    _wait(driver, lambda d: int(d.find_element(By.ID, "step-counter").text) >= 3, "the step counter to advance")
    seen = driver.execute_script("return window.scsim.rows.length")
    assert seen >= 1
    _wait(driver, lambda d: d.execute_script("return window.scsim.rows.length") > seen, "the charts' data to grow")
    rows = driver.execute_script("return window.scsim.rows.map(r => r.step)")
    assert rows == list(range(len(rows))), "rows arrive in step order, one per step"
    columns = driver.execute_script("return window.scsim.columns")
    mean = columns.index("score_mean")
    assert all(isinstance(v, (int, float)) for v in driver.execute_script("return window.scsim.rows.map(r => r.values[arguments[0]])", mean))
    # The scores chart has drawn its line (the first series' colour, #2f6fdb).
    drawn = driver.execute_script(
        """const c = document.getElementById('chart-scores'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
           let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] === 0x2f && d[i+1] === 0x6f && d[i+2] === 0xdb) n++; return n;""")
    assert drawn > 20, "the scores chart shows no line"

    # Move the slider one notch with the keyboard (as a person would), while it runs.
    before = float(slider.get_attribute("value"))
    slider.send_keys(Keys.ARROW_RIGHT)
    event = _wait(
        driver,
        lambda d: d.execute_script("return window.scsim.events.find(e => e.origin === 'explorer' && e.key === 'score.eta') || false"),
        "the server to record the score.eta change",
    )
    assert event["value"] > before

    driver.find_element(By.ID, "pause").click()
    _wait(driver, lambda d: d.execute_script("return window.scsim.status.running === false"), "the run to pause")
    paused_at = driver.execute_script("return window.scsim.status.step")
    time.sleep(0.5)
    assert driver.execute_script("return window.scsim.status.step") == paused_at, "the run goes on after Pause"
    assert paused_at < 40
    assert driver.execute_script("return window.scsim.errors") == []

    driver.find_element(By.ID, "export").click()
    exported = _wait(driver, lambda d: d.find_element(By.ID, "export-yaml").text or False, "the exported scenario")
    timeline = exported[exported.index("timeline:"):]
    value = driver.execute_script("return String(arguments[0])", event["value"])
    assert f"- at: {event['step']}\n    set:\n      score.eta: {value}" in timeline
    assert "- at: 20" in timeline, "the scenario's own event stays in the timeline"

    folder = Path(os.environ.get("SCSIM_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / "explorer.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_network_view_scenario_picker_and_a_bad_file(explorer, browser, scsim_bin, tmp_path):
    """The network canvas draws the server's sample (checked through the data the page holds
    and the pixels it drew), hovering a citizen brings its history and friends, picking a
    shipped scenario switches the run, and a bad YAML file shows `scsim check`'s message
    while the run goes on."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(explorer)
    _wait(driver, lambda d: d.execute_script("return !!(window.scsim && window.scsim.network)"), "the first network frame")
    # tiny.yaml has 300 citizens: the sample is all of them, every one drawn.
    net = driver.execute_script(
        "const n = scsim.network; return {ids: n.ids, edges: n.edges.length / 2, population: n.population, drawn: scsim.networkDrawn, step: n.step}")
    assert net["population"] == 300 and sorted(net["ids"]) == list(range(300))
    assert net["edges"] > 300, "the ties among the sampled citizens arrived"
    _wait(driver, lambda d: d.execute_script("return scsim.networkDrawn") == 300, "all 300 citizens drawn")
    coloured = driver.execute_script(
        """const c = document.getElementById('network'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
           let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200) n++; return n;""")
    assert coloured > 300 * 4, f"the network canvas shows too little ({coloured} opaque pixels)"

    # Frames keep coming while it runs, for later steps.
    driver.find_element(By.ID, "play").click()
    _wait(driver, lambda d: d.execute_script("return scsim.network.step") >= 6, "a network frame of a later step")
    driver.find_element(By.ID, "pause").click()
    _wait(driver, lambda d: d.execute_script("return scsim.status.running === false"), "the run to pause")
    paused = driver.execute_script("return scsim.status.step")
    _wait(driver, lambda d: d.execute_script("return scsim.network.step") == paused, "the frame of the step it paused at")

    # Hover over one citizen: the page asks the server, which sends its history and friends.
    canvas = driver.find_element(By.ID, "network")
    target = driver.execute_script(
        """const n = scsim.network, v = scsim.view, c = document.getElementById('network'), r = c.getBoundingClientRect();
           const k = n.ids.indexOf(n.ids.find((id, k) => n.degree[k] > 0));
           return {id: n.ids[k], x: v.x0 + n.x[k] * v.scale - r.width / 2, y: v.y0 + n.y[k] * v.scale - r.height / 2};""")
    ActionChains(driver).move_to_element_with_offset(canvas, round(target["x"]), round(target["y"])).perform()
    citizen = _wait(driver, lambda d: d.execute_script("return scsim.citizen && scsim.citizen.id === arguments[0] ? scsim.citizen : false", target["id"]),
                    "the hovered citizen's details")
    assert citizen["history"]["steps"] == list(range(paused + 1)), "its score at every step so far"
    assert len(citizen["friends"]) == citizen["degree"] > 0
    assert citizen["strategy"] in ["honest", "padder", "evader", "colluder"]
    assert driver.find_element(By.ID, "citizen-panel").text.startswith(f"Citizen {target['id']}")
    ActionChains(driver).click().perform()
    _wait(driver, lambda d: d.execute_script("return scsim.selected") == target["id"], "the click to keep the citizen")
    folder = Path(os.environ.get("SCSIM_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(folder / "explorer-network.png"))

    # Pick a shipped scenario: the run switches (new name, step 0, 10,000 citizens sampled).
    Select(driver.find_element(By.ID, "scenario-choice")).select_by_value("mandatory.yaml")
    _wait(driver, lambda d: d.execute_script("return scsim.hello.name === 'mandatory' && scsim.status.step === 0"), "the mandatory scenario")
    assert driver.execute_script("return scsim.rows.length") == 0
    frame = _wait(driver, lambda d: d.execute_script("return scsim.network && scsim.network.population === 10000 && {n: scsim.network.ids.length, drawn: scsim.networkDrawn}"),
                  "the new run's network frame")
    assert 1000 <= frame["n"] <= 2500
    _wait(driver, lambda d: d.execute_script("return scsim.networkDrawn === scsim.network.ids.length"), "the new sample drawn")

    # A bad file from this computer: the message `scsim check` gives, and the run goes on.
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\npopulation:\n  size: -3\nscore:\n  etaa: 0.5\n")
    check = subprocess.run([str(scsim_bin), "check", str(bad)], capture_output=True, text=True)
    assert check.returncode == 2
    expected = check.stderr.strip().removeprefix("error: ").replace(str(bad), "bad.yaml")
    upload = driver.find_element(By.ID, "load-file")
    driver.execute_script("arguments[0].style.display = 'block'", upload)
    upload.send_keys(str(bad))
    shown = _wait(driver, lambda d: d.execute_script("return scsim.errors.length ? scsim.errors[scsim.errors.length - 1] : false"), "the error")
    assert shown == expected
    assert expected in driver.find_element(By.ID, "errors").text
    driver.find_element(By.ID, "step").click()
    _wait(driver, lambda d: d.execute_script("return scsim.status.step === 1 && scsim.rows.length === 1"), "a step after the bad file")
    assert driver.execute_script("return scsim.hello.name") == "mandatory"
