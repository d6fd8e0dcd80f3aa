// The explorer page: controls, the address, the scheduler of runs, the
// scorecard and the charts. The engine runs in a Web Worker; a second
// instance on this thread only writes variants (milliseconds), so a
// variant is known even while the worker runs.
"use strict";
(() => {
const data = JSON.parse(document.getElementById("data").textContent);
const lang = data.lang;
const T = {
  en: {
    title: "thuis explorer: try the levers of " + data.base,
    intro: data.description,
    legend: "Grey: the scenario unchanged. Blue: with your changes. Lines are the first run (seed 1, what thuis run gives); bands are the range of all runs so far, each with its own seed. Parameters stay fixed, so a band shows chance, not the uncertainty of the assumptions (a sweep, thuis sweep, shows that).",
    levers: "Levers", assumptions: "Key assumptions",
    leversNote: "What policy does. Levers act from 2023, the plan's start; the history before is the calibrated one.",
    assumptionsNote: "How the world works, as the model assumes it. A changed assumption holds from 2023, as the levers do, so the calibrated history stays as it was; night shelter places are set as a factor on every region's places. The CBS short-stay limit is a definition: it holds from the start of the run (2009).",
    groups: {housing: "Homes", prevention: "Prevention: share of each inflow that does not become homeless", afbouw: "Afbouw of shelter", "wonen-eerst": "Wonen Eerst", assumptions: ""},
    download: "Download as scenario", copy: "Copy link", reset: "Reset all", copied: "Link copied",
    unchanged: "unchanged", was: "unchanged: ", by: "by ", from: "from ",
    scorecard: "Targets", target: "target", year: "year", threshold: "threshold",
    base: "unchanged", variant: "changed", reached: "reached", notReached: "not reached",
    inRuns: (k, n) => k + " of " + n + " runs",
    scoreNote: "Value and reached: the first run (seed 1). Below: in how many of the runs so far the target is reached.",
    sameAsBase: "No changes: move a lever.",
    loading: "Loading the engine…",
    running: (what, seed, n) => "Running " + what + ": run " + seed + " of " + n + "…",
    first: (s) => "First result in " + s + " s.",
    done: (n, s) => "All " + n + " runs done; the first in " + s + " s.",
    failed: "Failed: ",
    badAddress: (id) => "The address holds \"" + id + "\", which is no control with a number; it is ignored.",
    charts: {cbs: "Homeless people, CBS count", rough_sleeping: "Sleeping rough (ETHOS 1)", lack_of_shelter: "Sleeping rough for lack of shelter", large: "Large-scale shelter: open places", small: "Small-scale shelter: open places"},
    footer: (v, g) => "thuis " + v + ", engine built with " + g + ". This page runs the model itself, offline; nothing is sent anywhere.",
    digest: "SHA-256 of the first run's timeseries.csv, flows.csv and stays.csv: ",
    yes: "yes", no: "no",
  },
  nl: {
    title: "thuis verkenner: probeer de knoppen van " + data.base,
    intro: data.description,
    legend: "Grijs: het scenario ongewijzigd. Blauw: met uw wijzigingen. Lijnen zijn de eerste run (seed 1, wat thuis run geeft); banden zijn de spreiding van alle runs tot nu toe, elk met een eigen seed. De parameters liggen vast, dus een band toont toeval, niet de onzekerheid van de aannames (die toont een sweep, thuis sweep).",
    levers: "Beleidsknoppen", assumptions: "Belangrijkste aannames",
    leversNote: "Wat beleid doet. De knoppen werken vanaf 2023, de start van het plan; de geschiedenis daarvoor is de gekalibreerde.",
    assumptionsNote: "Hoe de wereld werkt, zoals het model aanneemt. Een gewijzigde aanname geldt vanaf 2023, net als de beleidsknoppen, dus de gekalibreerde geschiedenis blijft zoals hij was; de plaatsen in de nachtopvang worden als factor op de plaatsen van elke regio gezet. De CBS-grens voor een kort verblijf is een definitie: die geldt vanaf het begin van de run (2009).",
    groups: {housing: "Woningen", prevention: "Preventie: aandeel van elke instroom dat niet dakloos wordt", afbouw: "Afbouw van de opvang", "wonen-eerst": "Wonen Eerst", assumptions: ""},
    download: "Download als scenario", copy: "Kopieer link", reset: "Alles terug", copied: "Link gekopieerd",
    unchanged: "ongewijzigd", was: "ongewijzigd: ", by: "in ", from: "vanaf ",
    scorecard: "Doelen", target: "doel", year: "jaar", threshold: "grens",
    base: "ongewijzigd", variant: "gewijzigd", reached: "gehaald", notReached: "niet gehaald",
    inRuns: (k, n) => k + " van " + n + " runs",
    scoreNote: "Waarde en gehaald: de eerste run (seed 1). Daaronder: in hoeveel van de runs tot nu toe het doel gehaald wordt.",
    sameAsBase: "Geen wijzigingen: verschuif een knop.",
    loading: "Het rekenmodel wordt geladen…",
    running: (what, seed, n) => "Bezig met " + what + ": run " + seed + " van " + n + "…",
    first: (s) => "Eerste resultaat na " + s + " s.",
    done: (n, s) => "Alle " + n + " runs klaar; de eerste na " + s + " s.",
    failed: "Mislukt: ",
    badAddress: (id) => "Het adres bevat \"" + id + "\", geen knop met een getal; dat wordt genegeerd.",
    charts: {cbs: "Dakloze mensen, CBS-telling", rough_sleeping: "Buitenslapers (ETHOS 1)", lack_of_shelter: "Buitenslapers bij gebrek aan opvang", large: "Grootschalige opvang: open plaatsen", small: "Kleinschalige opvang: open plaatsen"},
    footer: (v, g) => "thuis " + v + ", rekenmodel gebouwd met " + g + ". Deze pagina rekent het model zelf door, offline; er wordt niets verstuurd.",
    digest: "SHA-256 van timeseries.csv, flows.csv en stays.csv van de eerste run: ",
    yes: "ja", no: "nee",
  },
}[lang];
const label = (t) => t[lang] || t.en;
const $ = (id) => document.getElementById(id);
const nf = new Intl.NumberFormat(lang === "nl" ? "nl-NL" : "en-GB");

// format writes a value as the scorecard does (model/target Format).
function format(v, unit) {
  if (unit === "share") return (v * 100).toLocaleString(lang === "nl" ? "nl-NL" : "en-GB", {minimumFractionDigits: 1, maximumFractionDigits: 1}) + "%";
  if (unit === "ratio") return v.toLocaleString(lang === "nl" ? "nl-NL" : "en-GB", {minimumFractionDigits: 2, maximumFractionDigits: 2});
  if (unit === "year") return String(v);
  return nf.format(Math.round(v));
}
function controlText(c, v) {
  if (c.options) return label(c.options[v]);
  if (c.unit === "share") return format(v, "share");
  if (c.unit === "factor") return v.toLocaleString(lang === "nl" ? "nl-NL" : "en-GB", {maximumFractionDigits: 2});
  if (c.unit === "year") return String(v);
  return nf.format(v);
}

// --- settings and the address ---------------------------------------------
const byId = new Map(data.controls.map((c) => [c.id, c]));
let settings = {};
function readAddress() {
  const s = {};
  const bad = [];
  for (const part of location.hash.replace(/^#/, "").split("&")) {
    if (!part) continue;
    const [id, v] = part.split("=");
    const c = byId.get(decodeURIComponent(id));
    const n = Number(v);
    if (!c || v === undefined || v === "" || !Number.isFinite(n)) { bad.push(decodeURIComponent(part)); continue; }
    s[c.id] = n;
  }
  return {settings: s, bad};
}
function writeAddress() {
  const parts = Object.keys(settings).map((id) => encodeURIComponent(id) + "=" + settings[id]);
  const hash = parts.length ? "#" + parts.join("&") : "";
  if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
}
function valueOf(c) { return c.id in settings ? settings[c.id] : c.default; }

// --- controls ---------------------------------------------------------------
const inputs = new Map();
function buildControls() {
  for (const panel of ["levers", "assumptions"]) {
    const el = $("panel-" + panel);
    el.innerHTML = "";
    const h = document.createElement("h2");
    h.textContent = T[panel];
    el.append(h);
    const note = document.createElement("p");
    note.className = "note";
    note.textContent = T[panel + "Note"];
    el.append(note);
    let group = null;
    for (const c of data.controls.filter((c) => c.panel === panel)) {
      if (c.group !== group) {
        group = c.group;
        if (T.groups[group]) {
          const g = document.createElement("h3");
          g.textContent = T.groups[group];
          el.append(g);
        }
      }
      const div = document.createElement("div");
      div.className = "control";
      div.dataset.id = c.id;
      const lab = document.createElement("label");
      lab.htmlFor = "c-" + c.id;
      lab.textContent = label(c.label) + (c.when && c.kind === 1 ? " (" + (c.stepped ? T.from : T.by) + c.when.slice(0, 4) + ")" : "");
      div.append(lab);
      const row = document.createElement("div");
      row.className = "row";
      let input;
      if (c.options) {
        input = document.createElement("select");
        c.options.forEach((o, i) => {
          const opt = document.createElement("option");
          opt.value = String(i);
          opt.textContent = label(o);
          input.append(opt);
        });
      } else {
        input = document.createElement("input");
        input.type = "range";
        input.min = c.min; input.max = c.max; input.step = c.step;
      }
      input.id = "c-" + c.id;
      const out = document.createElement("output");
      out.htmlFor = input.id;
      row.append(input);
      if (!c.options) row.append(out);
      div.append(row);
      const was = document.createElement("div");
      was.className = "was";
      was.textContent = T.was + controlText(c, c.default);
      div.append(was);
      el.append(div);
      inputs.set(c.id, {c, input, out, div});
      const onInput = (e) => {
        const v = Number(input.value);
        if (v === c.default) delete settings[c.id];
        else settings[c.id] = v;
        if (c.id === "wonen-eerst" && v === 0) delete settings["wonen-eerst-from"];
        showControls();
        changed(e.type === "change");
      };
      input.addEventListener("input", onInput);
      input.addEventListener("change", onInput);
    }
  }
}
function showControls() {
  for (const {c, input, out, div} of inputs.values()) {
    const v = valueOf(c);
    if (document.activeElement !== input || c.options) input.value = String(v);
    if (out) out.textContent = controlText(c, v);
    div.classList.toggle("changed", c.id in settings);
    if (c.id === "wonen-eerst-from") {
      const off = valueOf(byId.get("wonen-eerst")) === 0;
      input.disabled = off;
      div.classList.toggle("disabled", off);
    }
  }
}

// --- the engine ---------------------------------------------------------------
let module = null, workerURL = null;
const timings = {}; // milliseconds since the page began to load
async function loadEngine() {
  const b64 = $("engine").textContent.trim();
  const bin = atob(b64);
  const gz = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) gz[i] = bin.charCodeAt(i);
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"));
  const wasm = await new Response(stream).arrayBuffer();
  timings.decompress = performance.now();
  module = await WebAssembly.compile(wasm);
  timings.compile = performance.now();
  workerURL = URL.createObjectURL(new Blob([$("glue").textContent, "\n", $("worker").textContent], {type: "text/javascript"}));
  worker = new Worker1(); // initialises while this thread does
  // The instance on this thread writes variants.
  const go = new Go();
  const inst = await WebAssembly.instantiate(module, go.importObject);
  go.run(inst);
  const init = JSON.parse(thuisInit(data.base));
  if (init.error) throw new Error(init.error);
  timings.local = performance.now();
}
function variantOf(s) {
  const r = JSON.parse(thuisVariant(JSON.stringify(s)));
  if (r.error) throw new Error(r.error);
  return r.yaml;
}

// Worker1 runs one message at a time. A run nobody wants any more is
// canceled (it ends within a tenth of a second); the worker lives on, and
// with it the checkpoints of the unchanged scenario's runs, from which a
// changed scenario's runs continue.
class Worker1 {
  constructor() {
    this.w = new Worker(workerURL);
    this.busy = null;
    this.ready = new Promise((resolve, reject) => {
      this.w.onmessage = (e) => {
        if (e.data.type === "init") {
          if (e.data.reply.error) reject(new Error(e.data.reply.error)); else { this.isReady = true; resolve(); }
          this.w.onmessage = (e) => this.reply(e.data);
        }
      };
      this.w.onerror = (e) => reject(new Error(e.message || "worker failed"));
    });
    this.w.postMessage({type: "init", module, base: data.base});
  }
  reply(m) {
    const b = this.busy;
    this.busy = null;
    if (m.memory) memory = Math.max(memory, m.memory);
    if (b) b.resolve(m);
  }
  async call(msg) {
    await this.ready;
    return new Promise((resolve) => {
      this.busy = {resolve, msg};
      this.w.postMessage(msg);
    });
  }
  // cancel cancels the run under way; its call resolves {canceled: true}.
  cancel() {
    if (this.busy && this.busy.msg.type === "run") this.w.postMessage({type: "cancel"});
  }
}
let worker = null;
let memory = 0; // the most memory the engine in the worker has had, in bytes

// --- runs ---------------------------------------------------------------
// results: yaml -> Map(seed -> run); digests: yaml -> digest of seed 1.
const results = new Map();
const digests = new Map();
let baseYaml = "", current = {yaml: "", since: 0, firstMs: null};
let generation = 0, scheduling = false, running = null;

function runsOf(yaml) {
  if (!results.has(yaml)) results.set(yaml, new Map());
  return results.get(yaml);
}
// nextJob is the next run to make: seed by seed, the changed scenario's
// and the unchanged one's. The engine keeps a checkpoint of the unchanged
// scenario's runs of the first data.checkpoint_seeds seeds, from which the
// changed scenario's continue: for those seeds after the first (which the
// page made on opening) the unchanged scenario's run goes first.
function nextJob() {
  for (let seed = 1; seed <= data.runs; seed++) {
    const cur = !runsOf(current.yaml).has(seed), base = current.yaml !== baseYaml && !runsOf(baseYaml).has(seed);
    if (base && cur && seed > 1 && seed <= data.checkpoint_seeds) return {yaml: baseYaml, seed};
    if (cur) return {yaml: current.yaml, seed};
    if (base) return {yaml: baseYaml, seed};
  }
  return null;
}
async function schedule() {
  if (scheduling) return;
  scheduling = true;
  try {
    for (;;) {
      const gen = generation;
      const job = nextJob();
      if (!job) { status(T.done(data.runs, secs(current.firstMs))); break; }
      status(T.running(job.yaml === current.yaml && current.yaml !== baseYaml ? T.variant : T.base, job.seed, data.runs) + (current.firstMs !== null ? " " + T.first(secs(current.firstMs)) : ""));
      running = job;
      const m = await worker.call({type: "run", id: gen, yaml: job.yaml, seed: job.seed});
      running = null;
      if (m.reply.canceled) continue; // for a newer change
      if (m.reply.error) { status(T.failed + m.reply.error, true); break; }
      m.reply.run.ms = m.ms;
      runsOf(job.yaml).set(job.seed, m.reply.run);
      if (job.yaml === current.yaml && job.seed === 1 && current.firstMs === null) {
        current.firstMs = performance.now() - current.since;
      }
      render();
      // The digest (a few hundred milliseconds) after the result is shown.
      if (job.seed === 1 && !digests.has(job.yaml)) {
        const d = await worker.call({type: "digest", id: gen});
        if (!d.reply.error) digests.set(job.yaml, d.reply.digest);
        render();
      }
    }
  } finally {
    scheduling = false;
  }
}
function secs(ms) { return ms === null ? "–" : (ms / 1000).toLocaleString(lang === "nl" ? "nl-NL" : "en-GB", {maximumFractionDigits: 1}); }
function status(text, error) {
  const el = $("status");
  el.textContent = text;
  el.classList.toggle("error", !!error);
}

// A slider being dragged sends many input events: each waits 150 ms for
// the next before it is applied. A change event (the slider let go, a
// choice made, a value typed) is final and applies at once. The time to
// the first result counts from the change itself.
let changeTimer = null, changedAt = null;
function changed(final) {
  $("notice").hidden = true;
  writeAddress();
  clearTimeout(changeTimer);
  changedAt = performance.now();
  if (final) apply();
  else changeTimer = setTimeout(apply, 150);
}
function apply() {
  let yaml;
  try {
    yaml = variantOf(settings);
  } catch (err) {
    status(T.failed + err.message, true);
    return;
  }
  if (yaml === current.yaml) return;
  generation++;
  current = {yaml, since: changedAt === null ? performance.now() : changedAt, firstMs: runsOf(yaml).has(1) ? 0 : null};
  changedAt = null;
  // A run in progress of anything else is canceled, so the first result
  // comes as soon as one run allows; the unchanged scenario's runs that
  // are lost are made again later.
  if (running && running.yaml !== yaml) worker.cancel();
  render();
  schedule();
}

// --- scorecard ---------------------------------------------------------------
function render() {
  renderScorecard();
  renderCharts();
  const d = digests.get(current.yaml);
  $("footer").textContent = T.footer(data.version, data.go_version) + (d ? " " + T.digest + d : "");
  window.thuisExplorer.ready = runsOf(current.yaml).has(1);
}
function cards(yaml) {
  const runs = runsOf(yaml);
  const first = runs.get(1);
  return {first: first ? JSON.parse(first.scorecard) : null, all: [...runs.values()].map((r) => JSON.parse(r.scorecard))};
}
function cell(card, all, id, unit) {
  if (!card) return "<td class=\"num\">…</td>";
  const o = card.find((o) => o.id === id);
  const k = all.filter((c) => c.find((o) => o.id === id).reached).length;
  return "<td class=\"num\">" + format(o.value, unit) + " <span class=\"" + (o.reached ? "yes\">✓ " + T.reached : "no\">✗ " + T.notReached) + "</span><br><span class=\"note\">" + T.inRuns(k, all.length) + "</span></td>";
}
function renderScorecard() {
  const same = current.yaml === baseYaml;
  const b = cards(baseYaml), v = cards(current.yaml);
  let html = "<tr><th>" + T.target + "</th><th>" + T.year + "</th><th>" + T.threshold + "</th><th><span class=\"key\" style=\"background:var(--base)\"></span>" + T.base + "</th>" + (same ? "" : "<th><span class=\"key\" style=\"background:var(--variant)\"></span>" + T.variant + "</th>") + "</tr>";
  data.targets.forEach((t) => {
    html += "<tr data-target=\"" + t.id + "\"><td>" + escapeHTML(t.name) + "</td><td class=\"num\">" + t.year + "</td><td class=\"num\">" + escapeHTML(t.comparator) + " " + format(t.threshold, t.unit) + "</td>" + cell(b.first, b.all, t.id, t.unit) + (same ? "" : cell(v.first, v.all, t.id, t.unit)) + "</tr>";
  });
  $("scorecard").innerHTML = html;
  $("scorecard-note").textContent = T.scoreNote + (same ? " " + T.sameAsBase : "");
}
function escapeHTML(s) { return s.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c])); }

// --- charts ---------------------------------------------------------------
const W = 420, H = 220, L = 52, R = 10, TOP = 10, B = 24;
function renderCharts() {
  const el = $("charts");
  el.innerHTML = "";
  const same = current.yaml === baseYaml;
  for (const key of ["cbs", "rough_sleeping", "lack_of_shelter", "large", "small"]) {
    const sets = [{yaml: baseYaml, color: "var(--base)"}];
    if (!same) sets.push({yaml: current.yaml, color: "var(--variant)"});
    const series = sets.map((s) => {
      const runs = [...runsOf(s.yaml).values()];
      const first = runsOf(s.yaml).get(1);
      return {color: s.color, first: first ? first.series[key] : null, runs: runs.map((r) => r.series[key]), dates: runs.length ? runs[0].series.dates : null};
    });
    const dates = (series.find((s) => s.dates) || {}).dates;
    const div = document.createElement("div");
    div.className = "chart";
    div.innerHTML = "<h3>" + T.charts[key] + "</h3>" + (dates ? svg(dates, series) : "<p class=\"note\">…</p>");
    el.append(div);
  }
}
function svg(dates, series) {
  const n = dates.length;
  let max = 0;
  for (const s of series) for (const r of s.runs) for (const v of r) max = Math.max(max, v);
  max = niceMax(max);
  const x = (i) => L + (W - L - R) * i / (n - 1);
  const y = (v) => TOP + (H - TOP - B) * (1 - v / max);
  let out = "<svg viewBox=\"0 0 " + W + " " + H + "\" role=\"img\">";
  for (let k = 0; k <= 4; k++) {
    const v = max * k / 4;
    out += "<line x1=\"" + L + "\" x2=\"" + (W - R) + "\" y1=\"" + y(v) + "\" y2=\"" + y(v) + "\" stroke=\"#eaecf0\"/>";
    out += "<text x=\"" + (L - 4) + "\" y=\"" + (y(v) + 4) + "\" text-anchor=\"end\">" + nf.format(v) + "</text>";
  }
  dates.forEach((d, i) => {
    if (d.endsWith("-01-01") && Number(d.slice(0, 4)) % 2 === 1 && x(i) < W - R - 12) {
      out += "<text x=\"" + x(i) + "\" y=\"" + (H - 6) + "\" text-anchor=\"middle\">" + d.slice(0, 4) + "</text>";
    }
    if (d === "2023-01-01" || d === "2025-01-01" || d === "2030-01-01") {
      out += "<line x1=\"" + x(i) + "\" x2=\"" + x(i) + "\" y1=\"" + TOP + "\" y2=\"" + (H - B) + "\" stroke=\"#98a2b3\" stroke-dasharray=\"3 3\"/>";
    }
  });
  for (const s of series) {
    if (s.runs.length > 1) {
      const lo = [], hi = [];
      for (let i = 0; i < n; i++) {
        let a = Infinity, b = -Infinity;
        for (const r of s.runs) { a = Math.min(a, r[i]); b = Math.max(b, r[i]); }
        lo.push(a); hi.push(b);
      }
      let p = "M" + hi.map((v, i) => x(i).toFixed(1) + "," + y(v).toFixed(1)).join("L");
      p += "L" + lo.map((v, i) => [i, v]).reverse().map(([i, v]) => x(i).toFixed(1) + "," + y(v).toFixed(1)).join("L") + "Z";
      out += "<path d=\"" + p + "\" fill=\"" + s.color + "\" fill-opacity=\"0.18\" stroke=\"none\"/>";
    }
    if (s.first) {
      out += "<path d=\"M" + s.first.map((v, i) => x(i).toFixed(1) + "," + y(v).toFixed(1)).join("L") + "\" fill=\"none\" stroke=\"" + s.color + "\" stroke-width=\"2\"/>";
    }
  }
  return out + "</svg>";
}
function niceMax(v) {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v * 1.05) return m * p;
  return 10 * p;
}

// --- buttons ---------------------------------------------------------------
function download() {
  let yaml;
  try { yaml = variantOf(settings); } catch (err) { status(T.failed + err.message, true); return; }
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([yaml], {type: "application/yaml"}));
  a.download = data.file;
  document.body.append(a);
  a.click();
  a.remove();
}

// --- start ---------------------------------------------------------------
window.thuisExplorer = {
  ready: false,
  // For tests and the curious: the current variant's file, and its runs.
  state: () => ({yaml: current.yaml, baseYaml, firstMs: current.firstMs, settings: {...settings},
    first: runsOf(current.yaml).get(1) || null, baseFirst: runsOf(baseYaml).get(1) || null,
    runs: runsOf(current.yaml).size, timings, running: running && {base: running.yaml === baseYaml, seed: running.seed}, memory,
    digest: digests.get(current.yaml) || null, baseDigest: digests.get(baseYaml) || null}),
};
async function start() {
  document.title = T.title;
  $("title").textContent = T.title;
  $("intro").textContent = T.intro;
  $("legend").textContent = T.legend;
  $("download").textContent = T.download;
  $("copy-link").textContent = T.copy;
  $("reset").textContent = T.reset;
  $("scorecard-title").textContent = T.scorecard;
  $("footer").textContent = T.footer(data.version, data.go_version);
  buildControls();
  const a = readAddress();
  settings = a.settings;
  showControls();
  status(T.loading);
  try {
    await loadEngine();
    await worker.ready;
    timings.worker = performance.now();
    baseYaml = variantOf({});
  } catch (err) {
    status(T.failed + err.message, true);
    return;
  }
  $("download").onclick = download;
  $("copy-link").onclick = async () => {
    try { await navigator.clipboard.writeText(location.href); status(T.copied); } catch (err) { status(location.href); }
  };
  $("reset").onclick = () => { settings = {}; showControls(); changed(true); };
  window.addEventListener("hashchange", () => {
    const a = readAddress();
    settings = a.settings;
    showControls();
    apply();
    notice(a.bad);
  });
  current = {yaml: "", since: performance.now(), firstMs: null};
  apply();
  notice(a.bad);
}
// notice shows what of the address was not understood, until the next change.
function notice(bad) {
  const el = $("notice");
  el.textContent = bad.map(T.badAddress).join(" ");
  el.hidden = bad.length === 0;
}
start();
})();
