/// The explorer's page: one HTML file, one script, one style sheet, served by the binary.
///
/// No build step and nothing from the internet: the charts are drawn on Canvas by the
/// script below. The page keeps what it received in `window.scsim` (`rows`, `columns`,
/// `events`, `keys`, `status`), which the browser test reads. Protocol: docs/EXPLORER.md.
enum ExplorerPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>scsim explorer</title>
<link rel="stylesheet" href="/explorer.css">
</head>
<body>
<header>
  <h1>scsim explorer</h1>
  <span id="scenario-name" class="muted"></span>
  <span class="counter">step <b id="step-counter">0</b> / <span id="step-total">0</span></span>
  <span id="run-state" class="muted">connecting…</span>
  <span id="step-rate" class="muted"></span>
</header>
<nav id="toolbar">
  <button id="play" title="Run continuously at the chosen speed">&#9654; Play</button>
  <button id="pause" title="Stop after the current step">&#10074;&#10074; Pause</button>
  <button id="step" title="Run one step">Step</button>
  <button id="reset" title="Back to step 0 of the starting scenario; changes made during the run are dropped">Reset</button>
  <label>Speed <select id="speed">
    <option value="1">1 step/s</option><option value="2">2 steps/s</option><option value="5">5 steps/s</option>
    <option value="10">10 steps/s</option><option value="20">20 steps/s</option><option value="50">50 steps/s</option>
    <option value="100">100 steps/s</option><option value="0">as fast as it goes</option>
  </select></label>
  <span class="spacer"></span>
  <label title="Start over from one of the shipped scenarios">Scenario <select id="scenario-choice"></select></label>
  <label class="file" title="Start over from a scenario file on this computer">Load scenario… <input id="load-file" type="file" accept=".yaml,.yml"></label>
  <button id="export" title="Download a scenario whose timeline holds every change made while exploring">Export scenario</button>
  <a id="download-csv" href="/timeseries.csv" download>timeseries.csv</a>
  <a id="download-manifest" href="/manifest.json" download>manifest.json</a>
</nav>
<div id="errors"></div>
<main>
  <aside id="controls"><p class="muted">Waiting for the server…</p></aside>
  <section id="charts">
    <div class="chart wide" id="network-panel">
      <h2>Network <span id="network-info" class="muted"></span></h2>
      <div class="network-row">
        <div class="network-box"><canvas id="network"></canvas><div id="network-tip" hidden></div></div>
        <div id="citizen-panel"><p class="muted">Hover over a citizen for its score history, friends and strategy; click to keep it.</p></div>
      </div>
      <div id="network-legend"></div>
    </div>
    <div class="chart"><h2>Scores</h2><canvas id="chart-scores"></canvas></div>
    <div class="chart"><h2>Conformity</h2><canvas id="chart-conformity"></canvas></div>
    <div class="chart"><h2>Ostracism</h2><canvas id="chart-ostracism"></canvas></div>
    <div class="chart"><h2>Gaming</h2><canvas id="chart-gaming"></canvas></div>
    <div class="chart wide"><h2>Any column <select id="column-choice"></select> <span id="column-help" class="muted"></span></h2><canvas id="chart-custom"></canvas></div>
    <div id="export-panel" hidden>
      <h2>Exported scenario <span class="muted">(scsim run of it reproduces this run's timeseries.csv)</span></h2>
      <pre id="export-yaml"></pre>
    </div>
  </section>
</main>
<script src="/explorer.js"></script>
</body>
</html>
"""#

    static let style = #"""
:root { --fg: #1d2430; --muted: #6b7485; --line: #d8dde6; --bg: #f6f7f9; --accent: #2f6fdb; --bad: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: baseline; gap: 1.2em; padding: .6em 1em; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.15em; margin: 0; }
.counter { font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
#toolbar { display: flex; align-items: center; gap: .5em; padding: .5em 1em; background: #fff; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
#toolbar .spacer { flex: 1; }
button, select, .file { font: inherit; padding: .3em .7em; border: 1px solid var(--line); border-radius: 5px; background: #fff; cursor: pointer; }
button:hover, .file:hover { border-color: var(--accent); }
button:disabled { opacity: .45; cursor: default; }
.file input { display: none; }
#toolbar a { color: var(--accent); }
#errors div { margin: .4em 1em; padding: .45em .8em; background: #fdecea; border: 1px solid #f3b8b2; color: var(--bad); border-radius: 5px; white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 12.5px; }
#errors div button { float: right; padding: 0 .4em; }
main { display: grid; grid-template-columns: 330px 1fr; gap: 1em; padding: 1em; }
aside { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .5em .8em; max-height: calc(100vh - 140px); overflow: auto; }
aside details { border-bottom: 1px solid var(--line); padding: .3em 0; }
aside summary { cursor: pointer; font-weight: 600; }
.key { margin: .45em 0 .6em; }
.key label { display: flex; justify-content: space-between; gap: .5em; font-family: ui-monospace, monospace; font-size: 12px; }
.key .value { color: var(--accent); }
.key .input { display: flex; gap: .4em; align-items: center; }
.key input[type=range] { flex: 1; min-width: 0; }
.key .input input.exact { width: 6.5em; flex: none; }
.key input[type=number], .key input[type=text], .key select { width: 100%; font: inherit; font-size: 12.5px; }
.key .help { font-size: 11.5px; color: var(--muted); }
.key.fixed .help::after { content: " (fixed at step 0)"; }
.key.changed label { font-weight: 700; }
#charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1em; align-content: start; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .4em .6em; }
.chart.wide, #export-panel { grid-column: 1 / -1; }
.chart h2, #export-panel h2 { font-size: 1em; margin: .1em 0 .3em; }
.chart canvas { width: 100%; height: 230px; display: block; }
#export-panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .4em .8em; }
#network-panel .network-row { display: flex; gap: .8em; }
.network-box { position: relative; flex: 1; min-width: 0; }
#network { width: 100%; height: 520px; display: block; cursor: crosshair; }
#network-tip { position: absolute; pointer-events: none; background: rgba(29,36,48,.92); color: #fff; font-size: 12px; padding: .3em .5em; border-radius: 4px; white-space: nowrap; }
#citizen-panel { width: 300px; flex: none; font-size: 12.5px; max-height: 520px; overflow: auto; }
#citizen-panel h3 { font-size: 1em; margin: .2em 0; }
#citizen-panel table { border-collapse: collapse; }
#citizen-panel td { padding: 1px 6px 1px 0; vertical-align: top; }
#citizen-panel canvas { width: 100%; height: 110px; display: block; }
#citizen-panel .friends span { cursor: pointer; margin-right: .4em; color: var(--muted); }
#citizen-panel .friends span.sampled { color: var(--accent); font-weight: 600; }
#network-legend { font-size: 12px; color: var(--muted); display: flex; flex-wrap: wrap; gap: .3em 1.2em; align-items: center; margin-top: .3em; }
#network-legend canvas { vertical-align: middle; width: 120px; height: 10px; display: inline; }
#export-yaml { max-height: 320px; overflow: auto; font-size: 12px; background: var(--bg); padding: .5em; }
"""#

    static let script = #"""
"use strict";
// scsim explorer page. Everything received is kept in window.scsim (the browser test reads it).
const scsim = window.scsim = {
  hello: null, columns: [], definitions: [], rows: [], events: [], keys: [], values: {}, started: false,
  status: null, errors: [], ws: null, epoch: -1,
  network: null, networkFrames: 0, networkDrawn: 0, citizen: null, selected: null,
  send(message) { if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify(message)); },
};

// The dashboard's four groups (as in the analysis package's dashboard).
const GROUPS = {
  scores: ["score_mean", "score_p10", "score_p90"],
  conformity: ["dissent_post_frac", "opinion_mean", "approved_purchase_frac"],
  ostracism: ["isolated_frac", "low_isolated_frac", "score_assortativity"],
  gaming: ["padder_frac", "evader_frac", "colluder_frac", "caught"],
};
const COLOURS = ["#2f6fdb", "#d9480f", "#2b8a3e", "#862e9c", "#c92a2a", "#0b7285"];
const $ = (id) => document.getElementById(id);

// ---- connection ----
function connect() {
  const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
  scsim.ws = ws;
  ws.onmessage = (e) => receive(JSON.parse(e.data));
  ws.onclose = () => { $("run-state").textContent = "disconnected; reconnecting…"; setTimeout(connect, 1000); };
}

function receive(m) {
  switch (m.type) {
    case "hello": scsim.hello = m; scsim.keys = m.keys; buildControls(); fillScenarioChoice(); break;
    case "columns":
      scsim.epoch = m.epoch; scsim.columns = m.columns; scsim.definitions = m.definitions;
      scsim.rows = []; scsim.events = []; fillColumnChoice();
      scsim.network = null; scsim.citizen = null; scsim.selected = null; hovered = -1; networkDirty = true; showCitizen(); break;
    case "row": scsim.rows.push({ step: m.step, values: m.values }); break;
    case "event": scsim.events.push(m); break;
    case "parameters": scsim.values = m.values; scsim.started = m.started; updateControls(); break;
    case "status": scsim.status = m; showStatus(); break;
    case "error": showError(m.message); break;
    case "network":
      if (m.epoch !== scsim.epoch) break;
      scsim.network = prepareNetwork(m); scsim.networkFrames++; networkDirty = true;
      if (scsim.selected !== null && scsim.selected !== undefined) askCitizen(scsim.selected, true);
      break;
    case "citizen": if (m.epoch === scsim.epoch) { scsim.citizen = m; showCitizen(); } break;
  }
  redrawSoon();
}

// ---- status and toolbar ----
let rateMark = null;
function showStatus() {
  const s = scsim.status;
  $("step-counter").textContent = s.step;
  $("step-total").textContent = s.totalSteps;
  $("run-state").textContent = s.done ? "finished" : s.running ? "running" : "paused";
  $("play").disabled = s.done || s.running;
  $("pause").disabled = !s.running;
  $("step").disabled = s.done;
  const speed = String(s.speed);
  if ($("speed").value !== speed && [...$("speed").options].some(o => o.value === speed)) $("speed").value = speed;
  const now = performance.now();
  if (!rateMark || s.step < rateMark.step) rateMark = { step: s.step, time: now };
  else if (now - rateMark.time > 1000) {
    const rate = (s.step - rateMark.step) * 1000 / (now - rateMark.time);
    $("step-rate").textContent = s.running ? rate.toFixed(1) + " steps/s" : "";
    rateMark = { step: s.step, time: now };
  }
}

function showError(message) {
  scsim.errors.push(message);
  const box = document.createElement("div");
  box.className = "error";
  box.textContent = message;
  const close = document.createElement("button");
  close.textContent = "×";
  close.onclick = () => box.remove();
  box.prepend(close);
  $("errors").prepend(box);
  while ($("errors").children.length > 4) $("errors").lastChild.remove();
}

$("play").onclick = () => scsim.send({ type: "start" });
$("pause").onclick = () => scsim.send({ type: "pause" });
$("step").onclick = () => scsim.send({ type: "step", value: 1 });
$("reset").onclick = () => scsim.send({ type: "reset" });
$("speed").onchange = () => scsim.send({ type: "speed", value: Number($("speed").value) });
function fillScenarioChoice() {
  const choice = $("scenario-choice"), h = scsim.hello;
  choice.textContent = "";
  const current = h.scenario.split("/").pop();
  const names = h.scenarios.includes(current) ? h.scenarios : ["(" + current + ")"].concat(h.scenarios);
  for (const name of names) { const o = document.createElement("option"); o.value = o.textContent = name; choice.appendChild(o); }
  choice.value = h.scenarios.includes(current) ? current : names[0];
  choice.disabled = h.scenarios.length === 0;
}
$("scenario-choice").onchange = () => {
  const name = $("scenario-choice").value;
  if (scsim.hello.scenarios.includes(name)) scsim.send({ type: "open", name: name });
};
$("load-file").onchange = async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  scsim.send({ type: "load", name: file.name, yaml: await file.text() });
  e.target.value = "";
};
$("export").onclick = async () => {
  const response = await fetch("/export", { cache: "no-store" });
  const text = await response.text();
  scsim.exported = text;
  $("export-yaml").textContent = text;
  $("export-panel").hidden = false;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
  const disposition = response.headers.get("content-disposition") || "";
  link.download = (disposition.match(/filename="([^"]+)"/) || [null, "scenario-explored.yaml"])[1];
  document.body.appendChild(link); link.click(); link.remove();
};

// ---- controls from the parameter catalogue ----
function groupOf(path) { return path.includes(".") ? path.split(".")[0] : "run and policy"; }
function format(x) {
  if (typeof x !== "number") return String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toPrecision(3) : String(Math.round(x * 1e4) / 1e4);
}

function buildControls() {
  const aside = $("controls");
  aside.textContent = "";
  const h = scsim.hello;
  $("scenario-name").textContent = h.name + " (" + h.model + ", " + h.agents + " agents, " + h.scenario + ")";
  const intro = document.createElement("p");
  intro.className = "muted";
  intro.textContent = "Changes before the first step change the starting scenario; after it, they apply at the next step as timeline events.";
  aside.appendChild(intro);
  const groups = new Map();
  for (const key of h.keys) {
    if (key.model && key.model !== h.model) continue;
    const g = groupOf(key.path);
    if (!groups.has(g)) {
      const details = document.createElement("details");
      const summary = document.createElement("summary");
      summary.textContent = g;
      details.appendChild(summary);
      details.open = ["run and policy", "score"].includes(g);
      groups.set(g, details);
      aside.appendChild(details);
    }
    groups.get(g).appendChild(control(key));
  }
  updateControls();
}

function control(key) {
  const d = key.domain;
  const div = document.createElement("div");
  div.className = "key" + (key.changeable ? "" : " fixed");
  div.dataset.path = key.path;
  const label = document.createElement("label");
  const name = document.createElement("span");
  name.textContent = key.path;
  const shown = document.createElement("span");
  shown.className = "value";
  label.append(name, shown);
  div.appendChild(label);
  let input, exact = null;
  // A slider when the range has a lower end: up to its upper end, or (open above) to a
  // round number past twice the starting value; a number box beside it takes any value.
  // Every key has finite ends (so that the engine runs anywhere inside them); ends more
  // than 100 times the value's scale away are treated as open, as they were before.
  const numeric = d.kind === "number" || d.kind === "integer";
  const scale = Math.max(1, Math.abs(Number(key.value)));
  const low = d.min !== null && d.min >= -100 * scale ? d.min : null;
  const high = d.max !== null && d.max <= 100 * scale ? d.max : null;
  const top = numeric && low !== null
    ? (high !== null ? high : Math.min(d.max !== null ? d.max : Infinity, roundUp(Math.max(1, 2 * Math.abs(Number(key.value)), low + 1))))
    : null;
  const slider = top !== null && (d.kind === "number" || top - d.min <= 1000);
  if (d.kind === "boolean") {
    input = document.createElement("input");
    input.type = "checkbox";
    input.onchange = () => set(key, input.checked);
  } else if (d.kind === "choice") {
    input = document.createElement("select");
    for (const c of d.choices) { const o = document.createElement("option"); o.value = o.textContent = c; input.appendChild(o); }
    input.onchange = () => set(key, input.value);
  } else if (slider) {
    input = document.createElement("input");
    input.type = "range";
    input.min = d.min; input.max = top;
    input.step = d.kind === "integer" ? 1 : niceStep(top - d.min);
    input.oninput = () => { shown.textContent = format(Number(input.value)); };
    input.onchange = () => set(key, Number(input.value));
    exact = document.createElement("input");
    exact.type = "number";
    exact.step = "any";
    exact.className = "exact";
    exact.dataset.exact = key.path;
    exact.onchange = () => { if (exact.value !== "") set(key, Number(exact.value)); };
  } else if (numeric) {
    input = document.createElement("input");
    input.type = "number";
    input.step = "any";
    input.onchange = () => { if (input.value !== "") set(key, Number(input.value)); };
  } else {
    input = document.createElement("input");
    input.type = "text";
    input.onchange = () => set(key, input.value);
  }
  input.dataset.key = key.path;
  input.id = "key-" + key.path.replace(/\./g, "-");
  input.title = key.summary + " Allowed: " + d.text + ".";
  const row = document.createElement("div");
  row.className = "input";
  row.appendChild(input);
  if (exact) row.appendChild(exact);
  div.appendChild(row);
  const help = document.createElement("div");
  help.className = "help";
  help.textContent = key.summary + " (" + d.text + ")";
  div.appendChild(help);
  div.show = (value) => {
    shown.textContent = format(value);
    if (exact && document.activeElement !== exact) exact.value = value;
    if (document.activeElement === input && input.type !== "range" && input.type !== "checkbox") return;
    if (input.type === "checkbox") input.checked = value === true;
    else {
      if (input.type === "range" && Number(value) > Number(input.max)) input.max = roundUp(Number(value));
      input.value = value;
    }
  };
  div.input = input;
  div.key = key;
  return div;
}

function niceStep(span) {
  const raw = span / 200, p = Math.pow(10, Math.floor(Math.log10(raw)));
  return [1, 2, 5, 10].map(m => m * p).find(s => s >= raw);
}

function roundUp(x) {
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  return [1, 2, 5, 10].map(m => m * p).find(s => s >= x);
}

function set(key, value) { scsim.send({ type: "set", key: key.path, value: value }); }

function updateControls() {
  const initial = {};
  for (const k of scsim.keys) initial[k.path] = k.value;
  for (const div of document.querySelectorAll(".key")) {
    const path = div.dataset.path;
    if (!(path in scsim.values)) continue;
    div.show(scsim.values[path]);
    const fixed = scsim.started && !div.key.changeable;
    for (const input of div.querySelectorAll("input, select")) input.disabled = fixed;
    div.classList.toggle("changed", JSON.stringify(scsim.values[path]) !== JSON.stringify(initial[path]));
  }
}

// ---- charts ----
function fillColumnChoice() {
  const choice = $("column-choice");
  const previous = choice.value;
  choice.textContent = "";
  for (const name of scsim.columns) {
    const o = document.createElement("option");
    o.value = o.textContent = name;
    choice.appendChild(o);
  }
  choice.value = scsim.columns.includes(previous) ? previous : (scsim.columns.includes("score_sd") ? "score_sd" : scsim.columns[1] || "");
  showColumnHelp();
}
function showColumnHelp() {
  const d = scsim.definitions.find(x => x.name === $("column-choice").value);
  $("column-help").textContent = d ? d.label + (d.unit ? " (" + d.unit + ")" : "") : "";
  $("column-help").title = d ? d.definition : "";
}
$("column-choice").onchange = () => { showColumnHelp(); redrawSoon(); };

let drawPending = false;
function redrawSoon() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => { drawPending = false; drawAll(); });
}
window.addEventListener("resize", () => { networkDirty = true; redrawSoon(); });

function drawAll() {
  if (networkDirty) { networkDirty = false; drawNetwork(); }
  for (const [group, names] of Object.entries(GROUPS)) drawChart($("chart-" + group), names.filter(n => scsim.columns.includes(n)));
  const chosen = $("column-choice").value;
  drawChart($("chart-custom"), chosen ? [chosen] : []);
}

function drawChart(canvas, names) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 48, r: 10, t: 22, b: 22 };
  const iw = w - pad.l - pad.r, ih = h - pad.t - pad.b;
  const series = names.map((n, i) => ({ name: n, index: scsim.columns.indexOf(n), colour: COLOURS[i % COLOURS.length] }));
  const rows = scsim.rows;
  const total = scsim.status ? scsim.status.totalSteps : 1;
  const xmax = Math.max(1, total - 1);
  let ymin = Infinity, ymax = -Infinity;
  for (const s of series) for (const r of rows) {
    const v = r.values[s.index];
    if (typeof v === "number") { if (v < ymin) ymin = v; if (v > ymax) ymax = v; }
  }
  if (!isFinite(ymin)) { ymin = 0; ymax = 1; }
  if (ymin === ymax) { ymin -= 0.5; ymax += 0.5; }
  const span = ymax - ymin; ymin -= span * 0.05; ymax += span * 0.05;
  const X = (step) => pad.l + iw * step / xmax;
  const Y = (v) => pad.t + ih * (1 - (v - ymin) / (ymax - ymin));
  // axes and ticks
  ctx.strokeStyle = "#d8dde6"; ctx.fillStyle = "#6b7485"; ctx.lineWidth = 1; ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "right"; ctx.textBaseline = "middle";
  for (const v of ticks(ymin, ymax, 5)) {
    const y = Math.round(Y(v)) + 0.5;
    ctx.beginPath(); ctx.moveTo(pad.l, y); ctx.lineTo(w - pad.r, y); ctx.stroke();
    ctx.fillText(format(v), pad.l - 4, y);
  }
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  for (const s of ticks(0, xmax, 6)) {
    if (s < 0 || s > xmax || !Number.isInteger(s)) continue;
    ctx.fillText(String(s), X(s), h - pad.b + 4);
  }
  // policy events: dashed vertical lines, labelled
  ctx.setLineDash([4, 3]); ctx.textAlign = "left"; ctx.textBaseline = "top";
  for (const e of scsim.events) {
    const x = Math.round(X(e.step)) + 0.5;
    ctx.strokeStyle = e.origin === "scenario" ? "#9aa3b2" : "#e8590c";
    ctx.beginPath(); ctx.moveTo(x, pad.t); ctx.lineTo(x, pad.t + ih); ctx.stroke();
    ctx.fillStyle = ctx.strokeStyle;
    const text = Object.entries(e.set || { [e.key]: e.value }).map(([k, v]) => k + "=" + format(v)).join(", ");
    ctx.fillText(text.length > 40 ? text.slice(0, 39) + "…" : text, x + 3, pad.t + 2);
  }
  ctx.setLineDash([]);
  // series
  ctx.lineWidth = 1.6;
  for (const s of series) {
    ctx.strokeStyle = s.colour; ctx.beginPath();
    let pen = false;
    for (const r of rows) {
      const v = r.values[s.index];
      // An empty cell (a network column between its rows) is joined over, not a gap.
      if (typeof v !== "number") continue;
      const x = X(r.step), y = Y(v);
      if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
  }
  // legend with the latest values
  ctx.textAlign = "left"; ctx.textBaseline = "middle";
  let lx = pad.l + 4;
  const last = rows[rows.length - 1];
  for (const s of series) {
    ctx.fillStyle = s.colour; ctx.fillRect(lx, 6, 10, 3);
    const text = s.name + (last && typeof last.values[s.index] === "number" ? " " + format(last.values[s.index]) : "");
    ctx.fillStyle = "#1d2430"; ctx.fillText(text, lx + 14, 8);
    lx += ctx.measureText(text).width + 28;
  }
  if (rows.length === 0) { ctx.fillStyle = "#6b7485"; ctx.textAlign = "center"; ctx.fillText("press Play or Step", pad.l + iw / 2, pad.t + ih / 2); }
}

function ticks(a, b, n) {
  const raw = (b - a) / n, p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map(m => m * p).find(s => s >= raw);
  const out = [];
  for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

// ---- the network view: a sample laid out by the server, drawn here ----
let networkDirty = true, hovered = -1, lastAsk = 0, askTimer = null, view = null;
const STRATEGIES = ["honest", "padder", "evader", "colluder"];
const FLAG = { enrolled: 1, ring: 2, isolated: 4, low: 8, penalty: 16, benefit: 32 };
const PALETTE = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];  // viridis stops

function prepareNetwork(m) {
  // The colour scale: the sample's 2nd to 98th percentile of scores (shown in the legend).
  const scores = m.score.filter(v => v !== null).sort((a, b) => a - b);
  m.colourLow = scores.length ? scores[Math.floor(scores.length * 0.02)] : 0;
  m.colourHigh = scores.length ? scores[Math.min(scores.length - 1, Math.floor(scores.length * 0.98))] : 1;
  if (m.colourHigh <= m.colourLow) m.colourHigh = m.colourLow + 1;
  m.index = new Map(m.ids.map((id, k) => [id, k]));
  m.counts = { gamers: 0, ring: 0, isolatedLow: 0, isolated: 0, low: 0, edges: m.edges.length / 2 };
  for (let k = 0; k < m.ids.length; k++) {
    if (m.strategy[k] !== 0) m.counts.gamers++;
    if (m.flags[k] & FLAG.ring) m.counts.ring++;
    if (m.flags[k] & FLAG.isolated) m.counts.isolated++;
    if (m.flags[k] & FLAG.low) m.counts.low++;
    if ((m.flags[k] & FLAG.isolated) && (m.flags[k] & FLAG.low)) m.counts.isolatedLow++;
  }
  return m;
}

function colourOf(net, k) {
  const v = net.score[k];
  if (v === null) return "#c3c8d1";
  let t = (v - net.colourLow) / (net.colourHigh - net.colourLow);
  t = Math.max(0, Math.min(1, t)) * (PALETTE.length - 1);
  const i = Math.min(PALETTE.length - 2, Math.floor(t)), f = t - i, a = PALETTE[i], b = PALETTE[i + 1];
  return "rgb(" + [0, 1, 2].map(c => Math.round(a[c] + (b[c] - a[c]) * f)).join(",") + ")";
}

function drawNetwork() {
  const canvas = $("network"), ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const net = scsim.network;
  scsim.networkDrawn = 0;
  if (!net) {
    ctx.fillStyle = "#6b7485"; ctx.font = "13px system-ui, sans-serif"; ctx.textAlign = "center";
    const text = scsim.hello && !scsim.hello.network ? "The network view follows the reference model's citizens (this run's model: " + scsim.hello.model + ")." : "waiting for the server's layout…";
    ctx.fillText(text, w / 2, h / 2);
    $("network-info").textContent = ""; $("network-legend").textContent = "";
    return;
  }
  const size = Math.min(w, h) - 24, scale = size / 10000;
  view = scsim.view = { x0: (w - size) / 2, y0: (h - size) / 2, scale: scale };
  const X = (k) => view.x0 + net.x[k] * scale, Y = (k) => view.y0 + net.y[k] * scale;
  const n = net.ids.length, radius = n > 1500 ? 2.6 : n > 500 ? 3.4 : 4.5;
  const focus = scsim.selected !== null && net.index.has(scsim.selected) ? net.index.get(scsim.selected) : hovered;
  // ties
  ctx.lineWidth = 0.6; ctx.strokeStyle = "rgba(80, 90, 110, 0.22)"; ctx.beginPath();
  for (let e = 0; e < net.edges.length; e += 2) {
    const a = net.edges[e], b = net.edges[e + 1];
    ctx.moveTo(X(a), Y(a)); ctx.lineTo(X(b), Y(b));
  }
  ctx.stroke();
  if (focus >= 0) {
    ctx.lineWidth = 1.6; ctx.strokeStyle = "rgba(232, 89, 12, 0.9)"; ctx.beginPath();
    for (let e = 0; e < net.edges.length; e += 2) {
      const a = net.edges[e], b = net.edges[e + 1];
      if (a === focus || b === focus) { ctx.moveTo(X(a), Y(a)); ctx.lineTo(X(b), Y(b)); }
    }
    ctx.stroke();
  }
  // citizens: colour by score; shape by strategy; marks for ring members and isolated low scorers
  for (let k = 0; k < n; k++) {
    const x = X(k), y = Y(k), f = net.flags[k];
    ctx.fillStyle = colourOf(net, k);
    shape(ctx, net.strategy[k], x, y, net.strategy[k] === 0 ? radius : radius * 1.35);
    ctx.fill();
    if (net.strategy[k] !== 0) { ctx.lineWidth = 0.8; ctx.strokeStyle = "#1d2430"; ctx.stroke(); }
    if (f & FLAG.ring) { ctx.lineWidth = 1.4; ctx.strokeStyle = "#c92a2a"; ctx.beginPath(); ctx.arc(x, y, radius * 2, 0, 2 * Math.PI); ctx.stroke(); }
    if ((f & FLAG.isolated) && (f & FLAG.low)) {
      ctx.lineWidth = 1.4; ctx.strokeStyle = "#e8590c"; ctx.beginPath();
      ctx.moveTo(x - radius * 2.4, y - radius * 2.4); ctx.lineTo(x + radius * 2.4, y + radius * 2.4);
      ctx.moveTo(x - radius * 2.4, y + radius * 2.4); ctx.lineTo(x + radius * 2.4, y - radius * 2.4); ctx.stroke();
    }
    scsim.networkDrawn++;
  }
  if (focus >= 0) {
    ctx.lineWidth = 2; ctx.strokeStyle = "#e8590c"; ctx.beginPath(); ctx.arc(X(focus), Y(focus), radius * 2.6, 0, 2 * Math.PI); ctx.stroke();
  }
  const c = net.counts;
  $("network-info").textContent = "step " + net.step + ": " + n + " of " + net.population + " citizens, " + c.edges + " ties among them; " +
    c.gamers + " gamers, " + c.ring + " in rings, " + c.isolated + " isolated (" + c.isolatedLow + " of them low scorers)";
  drawLegend(net);
}

function shape(ctx, strategy, x, y, r) {
  ctx.beginPath();
  if (strategy === 1) ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);                        // padder: square
  else if (strategy === 2) { ctx.moveTo(x, y - r * 1.1); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8); ctx.closePath(); }  // evader: triangle
  else if (strategy === 3) { ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.1, y); ctx.lineTo(x, y + r * 1.2); ctx.lineTo(x - r * 1.1, y); ctx.closePath(); }  // colluder: diamond
  else ctx.arc(x, y, r, 0, 2 * Math.PI);                                                            // honest: disc
}

let legendKey = "";
function drawLegend(net) {
  const key = net.colourLow + "/" + net.colourHigh + "/" + net.lowScore;
  if (key === legendKey) return;
  legendKey = key;
  const legend = $("network-legend");
  legend.textContent = "";
  const bar = document.createElement("canvas");
  bar.width = 120; bar.height = 10;
  const b = bar.getContext("2d");
  for (let i = 0; i < 120; i++) {
    b.fillStyle = colourOf({ score: [net.colourLow + (net.colourHigh - net.colourLow) * i / 119], colourLow: net.colourLow, colourHigh: net.colourHigh }, 0);
    b.fillRect(i, 0, 1, 10);
  }
  const scale = document.createElement("span");
  scale.append("score " + format(net.colourLow) + " ", bar, " " + format(net.colourHigh) + " (grey: not enrolled)");
  const items = [scale, "● honest", "■ padder", "▲ evader", "◆ colluder", "red ring: collusion ring member",
    "orange ×: isolated low scorer (no friend, score ≤ " + (net.lowScore === null ? "p10" : format(net.lowScore)) + ")"];
  for (const item of items) { const s = document.createElement("span"); s.append(item); legend.appendChild(s); }
}

function citizenAt(event) {
  const net = scsim.network;
  if (!net || !view) return -1;
  const rect = $("network").getBoundingClientRect();
  const mx = event.clientX - rect.left, my = event.clientY - rect.top;
  let best = -1, bestD = 64;  // within 8 px
  for (let k = 0; k < net.ids.length; k++) {
    const dx = view.x0 + net.x[k] * view.scale - mx, dy = view.y0 + net.y[k] * view.scale - my, d = dx * dx + dy * dy;
    if (d < bestD) { bestD = d; best = k; }
  }
  return best;
}

function askCitizen(id, now) {
  // At most a few requests a second while the pointer moves; the server answers between steps.
  clearTimeout(askTimer);
  const wait = now ? 0 : Math.max(0, 120 - (performance.now() - lastAsk));
  askTimer = setTimeout(() => { lastAsk = performance.now(); scsim.send({ type: "citizen", id: id }); }, wait);
}

$("network").addEventListener("mousemove", (event) => {
  const k = citizenAt(event), tip = $("network-tip");
  if (k !== hovered) { hovered = k; networkDirty = true; redrawSoon(); if (k >= 0 && scsim.selected === null) askCitizen(scsim.network.ids[k], false); }
  if (k < 0) { tip.hidden = true; return; }
  const net = scsim.network, f = net.flags[k];
  const marks = [f & FLAG.ring ? "ring member" : "", f & FLAG.isolated ? "isolated" : "", f & FLAG.low ? "low scorer" : ""].filter(Boolean);
  tip.textContent = "citizen " + net.ids[k] + ": score " + (net.score[k] === null ? "(not enrolled)" : format(net.score[k])) +
    ", " + STRATEGIES[net.strategy[k]] + ", " + net.degree[k] + " friends" + (marks.length ? " (" + marks.join(", ") + ")" : "");
  const rect = $("network").getBoundingClientRect();
  tip.style.left = (event.clientX - rect.left + 12) + "px"; tip.style.top = (event.clientY - rect.top + 12) + "px";
  tip.hidden = false;
});
$("network").addEventListener("mouseleave", () => { hovered = -1; $("network-tip").hidden = true; networkDirty = true; redrawSoon(); });
$("network").addEventListener("click", (event) => {
  const k = citizenAt(event);
  scsim.selected = k >= 0 ? scsim.network.ids[k] : null;
  if (k >= 0) askCitizen(scsim.selected, true); else { scsim.citizen = null; showCitizen(); }
  networkDirty = true; redrawSoon();
});

function showCitizen() {
  const panel = $("citizen-panel"), c = scsim.citizen;
  panel.textContent = "";
  if (!c) {
    const p = document.createElement("p"); p.className = "muted";
    p.textContent = "Hover over a citizen for its score history, friends and strategy; click to keep it.";
    panel.appendChild(p); return;
  }
  const title = document.createElement("h3");
  title.textContent = "Citizen " + c.id + (scsim.selected === c.id ? " (kept; click empty space to let go)" : "");
  panel.appendChild(title);
  if (c.strategy === undefined) { panel.append("No citizen view for the " + c.model + " model."); return; }
  const table = document.createElement("table");
  const rows = [["score", c.score === null ? "not enrolled" : c.score.toFixed(1)], ["strategy", c.strategy], ["tier", c.tier],
    ["ring", c.ring === null ? "none" : "#" + c.ring + " (" + c.ringSize + " members)"], ["dissent", format(c.dissent)],
    ["friends", String(c.degree)], ["at step", String(c.step)]];
  for (const [k, v] of rows) { const tr = table.insertRow(); tr.insertCell().textContent = k; tr.insertCell().textContent = v; }
  panel.appendChild(table);
  const chart = document.createElement("canvas");
  panel.appendChild(chart);
  const note = document.createElement("div"); note.className = "muted";
  note.textContent = c.sampled ? "score over the last " + c.history.steps.length + " steps" : "not in the sample: no history kept";
  panel.appendChild(note);
  requestAnimationFrame(() => drawHistory(chart, c.history));
  const friends = document.createElement("div"); friends.className = "friends";
  friends.append("friends" + (c.friends.length < c.degree ? " (first " + c.friends.length + ")" : "") + ": ");
  c.friends.forEach((id, i) => {
    const s = document.createElement("span"); s.textContent = id;
    if (c.friendsSampled[i]) { s.className = "sampled"; s.title = "in the sample"; }
    s.onclick = () => { scsim.selected = id; askCitizen(id, true); networkDirty = true; redrawSoon(); };
    friends.appendChild(s);
  });
  if (c.friends.length === 0) friends.append("none");
  panel.appendChild(friends);
}

function drawHistory(canvas, history) {
  const ratio = window.devicePixelRatio || 1, w = canvas.clientWidth, h = canvas.clientHeight;
  canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const points = history.steps.map((s, i) => [s, history.scores[i]]).filter(p => p[1] !== null);
  ctx.fillStyle = "#6b7485"; ctx.font = "11px system-ui, sans-serif";
  if (points.length === 0) { ctx.fillText("no score yet", 4, h / 2); return; }
  let lo = Math.min(...points.map(p => p[1])), hi = Math.max(...points.map(p => p[1]));
  if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
  const s0 = history.steps[0], s1 = Math.max(s0 + 1, history.steps[history.steps.length - 1]);
  const X = (s) => 40 + (w - 46) * (s - s0) / (s1 - s0), Y = (v) => 6 + (h - 22) * (1 - (v - lo) / (hi - lo));
  const label = (v) => Math.abs(v) >= 100 ? v.toFixed(0) : format(v);
  ctx.textAlign = "right"; ctx.fillText(label(hi), 36, 10); ctx.fillText(label(lo), 36, h - 16);
  ctx.textAlign = "left"; ctx.fillText("step " + s0, 40, h - 3); ctx.textAlign = "right"; ctx.fillText(String(s1), w - 4, h - 3);
  ctx.strokeStyle = "#2f6fdb"; ctx.lineWidth = 1.5; ctx.beginPath();
  points.forEach((p, i) => { if (i === 0) ctx.moveTo(X(p[0]), Y(p[1])); else ctx.lineTo(X(p[0]), Y(p[1])); });
  ctx.stroke();
}

connect();
"""#
}
