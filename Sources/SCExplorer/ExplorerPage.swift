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
  <label class="file" title="Start over from a scenario file">Load scenario… <input id="load-file" type="file" accept=".yaml,.yml"></label>
  <button id="export" title="Download a scenario whose timeline holds every change made while exploring">Export scenario</button>
  <a id="download-csv" href="/timeseries.csv" download>timeseries.csv</a>
  <a id="download-manifest" href="/manifest.json" download>manifest.json</a>
</nav>
<div id="errors"></div>
<main>
  <aside id="controls"><p class="muted">Waiting for the server…</p></aside>
  <section id="charts">
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
#export-yaml { max-height: 320px; overflow: auto; font-size: 12px; background: var(--bg); padding: .5em; }
"""#

    static let script = #"""
"use strict";
// scsim explorer page. Everything received is kept in window.scsim (the browser test reads it).
const scsim = window.scsim = {
  hello: null, columns: [], definitions: [], rows: [], events: [], keys: [], values: {}, started: false,
  status: null, errors: [], ws: null, epoch: -1,
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
    case "hello": scsim.hello = m; scsim.keys = m.keys; buildControls(); break;
    case "columns":
      scsim.epoch = m.epoch; scsim.columns = m.columns; scsim.definitions = m.definitions;
      scsim.rows = []; scsim.events = []; fillColumnChoice(); break;
    case "row": scsim.rows.push({ step: m.step, values: m.values }); break;
    case "event": scsim.events.push(m); break;
    case "parameters": scsim.values = m.values; scsim.started = m.started; updateControls(); break;
    case "status": scsim.status = m; showStatus(); break;
    case "error": showError(m.message); break;
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
  const numeric = d.kind === "number" || d.kind === "integer";
  const top = numeric && d.min !== null ? (d.max !== null ? d.max : roundUp(Math.max(1, 2 * Math.abs(Number(key.value)), d.min + 1))) : null;
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
window.addEventListener("resize", redrawSoon);

function drawAll() {
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
      if (typeof v !== "number") { pen = false; continue; }
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

connect();
"""#
}
