// The admin dashboard: reads the admin API with the session cookie (same origin) and draws it; charts by uPlot.
"use strict";

const charts = [
  { key: "Count", title: "Count", unit: "requests", sum: true, about: "The total number of requests the stage answered in each period (API Gateway's Count)." },
  { key: "Latency", title: "Latency", unit: "ms", sum: false, about: "The average time from a request's arrival at the gateway to its answer, in milliseconds, gateway work and backend call together (API Gateway's Latency)." },
  { key: "IntegrationLatency", title: "Integration latency", unit: "ms", sum: false, about: "The average time of the backend call, from relaying the request to receiving the answer, in milliseconds (API Gateway's IntegrationLatency)." },
  { key: "4XXError", title: "4XX errors", unit: "requests", sum: true, about: "Requests answered with a 4xx status, caused by the client: bad input, missing or refused credentials, throttling (API Gateway's 4XXError)." },
  { key: "5XXError", title: "5XX errors", unit: "requests", sum: true, about: "Requests answered with a 5xx status: a dead (502) or slow (504) backend, or a gateway failure (API Gateway's 5XXError)." },
  { key: "CacheHitCount", title: "Cache hits", unit: "requests", sum: true, cache: true, about: "Requests answered from the response cache (API Gateway's CacheHitCount)." },
  { key: "CacheMissCount", title: "Cache misses", unit: "requests", sum: true, cache: true, about: "Requests the response cache could not answer, sent to the backend (API Gateway's CacheMissCount)." },
];
const rangeSeconds = { "1h": 3600, "3h": 10800, "12h": 43200, "1d": 86400, "3d": 259200, "1w": 604800 };
const plots = new Map();

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value; else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}

// The admin API as the session may read it (the cookie goes to /dashboard only).
async function api(path) {
  const response = await fetch("/dashboard/api" + path, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (response.status === 401) { showSignIn(); throw new Error("signed out"); }
  if (!response.ok) throw new Error(`${path}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return response.json();
}

function showSignIn() {
  document.getElementById("app").hidden = true;
  document.getElementById("signin").hidden = false;
  document.getElementById("signin-failed").hidden = new URLSearchParams(location.search).get("signin") !== "failed";
  document.getElementById("token").focus();
}

function when(value) {
  if (value === null || value === undefined) return "";
  return new Date(value).toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function fill(body, rows, columns, empty) {
  body.replaceChildren();
  if (rows.length === 0) {
    body.append(el("tr", {}, el("td", { colspan: columns, class: "empty", text: empty })));
  }
  for (const row of rows) body.append(row);
}

function problem(text) {
  const node = document.getElementById("problem");
  node.hidden = !text;
  node.textContent = text || "";
}

function cell(text, number) { return el("td", number ? { class: "number", text } : { text }); }

function renderStages(stages, deployments) {
  const known = new Map(deployments.deployments.map(d => [d.id + "/" + d.stage, d]));
  const cards = document.getElementById("stage-cards");
  cards.replaceChildren();
  for (const stage of stages.stages) {
    const current = stage.name === stages.current;
    const deployment = current ? deployments.current : (known.get(stage.deploymentId + "/" + stage.name) || { id: stage.deploymentId });
    const url = /^https?:\/\//.test(stage.invokeUrl || "") ? el("a", { href: stage.invokeUrl, text: stage.invokeUrl }) : el("span", { class: "muted", text: "unknown" });
    cards.append(el("article", { class: "card", "data-stage": stage.name },
      el("h3", {}, stage.name, current ? el("span", { class: "tag", text: "this process" }) : ""),
      el("dl", {},
        el("dt", { text: "Invoke URL" }), el("dd", {}, url),
        el("dt", { text: "Stage description" }), el("dd", { text: stage.description || "" }),
        el("dt", { text: "Active deployment" }), el("dd", { class: "mono", text: deployment.id }),
        el("dt", { text: "Deployment description" }), el("dd", { text: deployment.description || "" }),
        el("dt", { text: "Created" }), el("dd", { text: when(deployment.created) || "not published (a plain build)" }),
        el("dt", { text: "Last updated" }), el("dd", { text: when(stage.lastUpdated) }),
        el("dt", { text: "Commit" }), el("dd", { class: "mono", text: deployment.commit || "" }))));
  }
}

function renderDeployments(deployments) {
  const rows = deployments.deployments.map(d => el("tr", {},
    el("td", { class: "mono" }, d.id, d.active ? el("span", { class: "tag", text: "active" }) : ""),
    cell(d.stage), cell(d.description || ""), cell(when(d.created)), el("td", { class: "mono", text: d.commit || "" }), cell(when(d.recorded))));
  fill(document.getElementById("deployment-rows"), rows, 6, "No deployment recorded yet: publishing records one (deployments record).");
}

function renderRoutes(routes) {
  document.getElementById("apis").textContent = routes.apis.map(a => `${a.title} ${a.version}`).join(", ");
  const rows = routes.routes.map(r => el("tr", {}, el("td", { class: "mono", text: r.method }), el("td", { class: "mono", text: r.resource }), cell(r.api)));
  fill(document.getElementById("route-rows"), rows, 3, "No routes.");
}

function renderAlarms(alarms) {
  const rows = alarms.alarms.map(a => el("tr", { "data-alarm": a.name },
    cell(a.name), el("td", { class: "state-" + a.state, text: a.state }),
    cell(`${a.metric} ${a.comparison} ${a.threshold} over ${a.periodSeconds} s${a.resource ? " on " + a.resource : ""}`),
    cell(a.value === undefined ? "" : String(a.value), true)));
  fill(document.getElementById("alarm-rows"), rows, 4, "No alarms configured (Gateway:Alarms).");
}

function renderRouteMetrics(data) {
  const ms = value => value === null ? "" : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
  const rows = data.routes.map(r => el("tr", { "data-resource": r.resource },
    el("td", { class: "mono", text: r.method }), r.resource ? el("td", { class: "mono", text: r.resource }) : el("td", { class: "muted", text: "no route (404, 405)" }),
    cell(String(r.count), true), cell(String(r["4XXError"]), true), cell(String(r["5XXError"]), true), cell(ms(r.latencyAverage), true), cell(ms(r.latencyP99), true)));
  fill(document.getElementById("route-metric-rows"), rows, 7, "No requests in this range.");
}

// One x value per period of the range (seconds); counts are 0 where nothing was counted, averages a gap.
function timeline(history) {
  const period = history.periodSeconds;
  const now = Math.floor(Date.now() / 1000);
  const first = Math.floor((now - rangeSeconds[history.range]) / period) * period + period;
  const xs = [];
  for (let t = first; t <= now; t += period) xs.push(t);
  return xs;
}

function seriesValues(xs, points, sum) {
  const byTime = new Map(points.map(([ms, value]) => [Math.floor(ms / 1000), value]));
  return xs.map(t => byTime.has(t) ? byTime.get(t) : (sum ? 0 : null));
}

function chartFigure(chart) {
  const aboutId = "about-" + chart.key;
  const info = el("button", { type: "button", class: "info", "aria-label": "What " + chart.title + " means", "aria-expanded": "false", "aria-controls": aboutId, title: chart.about, text: "i" });
  const about = el("p", { id: aboutId, class: "about", hidden: true, text: chart.about });
  info.addEventListener("click", () => { about.hidden = !about.hidden; info.setAttribute("aria-expanded", String(!about.hidden)); });
  const plot = el("div", { class: "plot" });
  const tooltip = el("div", { class: "tooltip", role: "status", hidden: true });
  const figure = el("figure", { class: "chart", "data-metric": chart.key },
    el("figcaption", {}, el("span", { class: "chart-title", text: chart.title }), el("span", { class: "unit", text: chart.unit }), info), about, plot, tooltip);
  return { figure, plot, tooltip };
}

// Markers only where something was counted: a lone average between gaps is then still seen, zeros stay a line.
function markedPoints(u, seriesIdx) {
  const marked = [];
  u.data[seriesIdx].forEach((value, i) => { if (value !== null && value !== 0) marked.push(i); });
  return marked;
}

function draw(chart, xs, ys) {
  let entry = plots.get(chart.key);
  if (!entry) {
    entry = chartFigure(chart);
    document.getElementById("charts").append(entry.figure);
    plots.set(chart.key, entry);
  }
  entry.figure.hidden = false;
  const data = [xs, ys];
  const width = Math.max(320, entry.plot.clientWidth || 540);
  if (entry.uplot) {
    entry.uplot.setData(data);
    return;
  }
  const tooltip = entry.tooltip;
  const format = v => chart.unit === "ms" ? `${v.toFixed(v < 10 ? 2 : 1)} ms` : `${v} ${v === 1 ? "request" : "requests"}`;
  entry.uplot = new uPlot({
    width, height: 220,
    legend: { show: false },
    cursor: { points: { size: 8 } },
    // Half a period either side: the first and last points are not cut in half by the plot's edges.
    scales: { x: { time: true, range: (u, min, max) => { const half = (u.data[0][1] - u.data[0][0]) / 2 || 30; return [min - half, max + half]; } }, y: { range: (u, min, max) => [0, Math.max(max || 0, 1) * 1.1] } },
    axes: [{}, { size: 56, values: (u, splits) => splits.map(v => chart.unit === "ms" ? `${+v.toFixed(2)} ms` : String(+v.toFixed(2))) }],
    series: [{}, { label: chart.title, stroke: "#2f6fdf", fill: "rgba(47,111,223,0.12)", width: 2, spanGaps: false, points: { show: true, filter: markedPoints } }],
    hooks: {
      setCursor: [u => {
        const i = u.cursor.idx;
        const value = i === null || i === undefined ? null : u.data[1][i];
        if (value === null || value === undefined || u.cursor.left < 0) { tooltip.hidden = true; return; }
        tooltip.textContent = `${when(u.data[0][i] * 1000)} · ${format(value)}`;
        tooltip.hidden = false;
        const left = u.over.offsetLeft + u.valToPos(u.data[0][i], "x");
        const top = u.over.offsetTop + u.valToPos(value, "y");
        tooltip.style.left = Math.min(left + 10, entry.plot.clientWidth - tooltip.offsetWidth) + "px";
        tooltip.style.top = Math.max(0, top - 34) + entry.plot.offsetTop + "px";
      }],
    },
  }, data, entry.plot);
}

let metricsAsked = 0;

async function loadMetrics() {
  const asked = ++metricsAsked;
  const stage = encodeURIComponent(document.getElementById("stage").value);
  const range = document.getElementById("range").value;
  const [history, routes] = await Promise.all([
    api(`/metrics/history?stage=${stage}&range=${range}`),
    api(`/metrics/routes?stage=${stage}&range=${range}`),
  ]);
  if (asked !== metricsAsked) return; // a newer choice of stage or range is on its way
  const xs = timeline(history);
  // The cache pair is shown once the cache has answered or missed anything in the range (caching is on).
  const cachingOn = [...history.series.CacheHitCount, ...history.series.CacheMissCount].some(([, value]) => value > 0);
  for (const chart of charts) {
    if (chart.cache && !cachingOn) {
      if (plots.has(chart.key)) plots.get(chart.key).figure.hidden = true;
      continue;
    }
    draw(chart, xs, seriesValues(xs, history.series[chart.key], chart.sum));
  }
  renderRouteMetrics(routes);
  document.getElementById("updated").textContent = "Updated " + when(Date.now());
}

async function load() {
  try {
    if (!(await api("/session")).signedIn) { showSignIn(); return; }
    const [stages, deployments, routes, alarms] = await Promise.all([api("/stages"), api("/deployments"), api("/routes"), api("/alarms")]);
    document.getElementById("signin").hidden = true;
    document.getElementById("app").hidden = false;
    if (location.search) history.replaceState(null, "", "/");
    renderStages(stages, deployments);
    renderDeployments(deployments);
    renderRoutes(routes);
    renderAlarms(alarms);
    const select = document.getElementById("stage");
    const chosen = select.value || stages.current;
    const names = [...new Set([stages.current, ...stages.stages.map(s => s.name), ...deployments.deployments.map(d => d.stage)])];
    select.replaceChildren(...names.map(name => el("option", { value: name, text: name })));
    select.value = names.includes(chosen) ? chosen : stages.current;
    await loadMetrics();
    problem(null);
  } catch (error) {
    if (error.message !== "signed out") problem("The admin API did not answer: " + error.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("refresh").addEventListener("click", load);
  document.getElementById("stage").addEventListener("change", () => loadMetrics().catch(e => problem(e.message)));
  document.getElementById("range").addEventListener("change", () => loadMetrics().catch(e => problem(e.message)));
  window.addEventListener("resize", () => {
    for (const entry of plots.values()) if (entry.uplot) entry.uplot.setSize({ width: Math.max(320, entry.plot.clientWidth), height: 220 });
  });
  load();
});
