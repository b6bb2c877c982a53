/* Tally dashboard: plain JavaScript over the JSON API under /api (no build step).
 *
 * The views (sign-in, overview, incident list, claims, incident page) and their routing by
 * the URL's hash. Helpers are in common.js, the overview's charts in charts.js. Every piece
 * of stored text reaches the page through textContent, never as HTML.
 */
"use strict";

(function () {
  const { TOKEN_KEY, el, clear, $, showMessage, range, dateText, placeText, words, listOf, ApiError, api } = window.Tally;
  const charts = window.Tally.charts;
  const REVIEW_ROLES = ["analyst", "editor", "admin"];
  // Milliseconds between refreshes of the jobs view while a job is queued or running.
  const JOBS_REFRESH_MS = 1500;
  const CONTEXT_CHARS = 280;

  const state = { me: null, config: {}, map: null, outlines: null, markers: null, incidents: null };

  function failed(error) {
    if (error instanceof ApiError && error.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showView("token");
      showMessage("The server did not accept the token (" + error.message + "). Enter a valid token.", "error");
      return;
    }
    showMessage("Could not load data: " + error.message, "error");
  }

  // ---------- session ----------

  async function loadConfig() {
    // Server settings for the page (tile URL, whether the public view is on); optional.
    try { state.config = (await api("/config")) || {}; } catch (error) { state.config = {}; }
    if (!state.config.tile_url && document.body.dataset.tileUrl) state.config.tile_url = document.body.dataset.tileUrl;
    state.configLoaded = true;
  }

  async function loadSession() {
    // Who the token belongs to; without a token (the public view) the server answers "public".
    const signedIn = !!sessionStorage.getItem(TOKEN_KEY);
    state.me = null;
    try { state.me = await api("/me"); } catch (error) {
      if (signedIn && error instanceof ApiError && error.status === 401) throw error;
    }
    const who = $("who");
    for (const link of ['a[href="#/claims"]', 'a[href="#/jobs"]']) {
      document.querySelector(link).hidden = !REVIEW_ROLES.includes(role());
    }
    who.textContent = !state.me ? "" : signedIn ? "Signed in as " + state.me.name + " (" + state.me.role + ")"
      : "Public view: published incidents only";
    $("sign-out").hidden = !sessionStorage.getItem(TOKEN_KEY);
    $("sign-in").hidden = !!sessionStorage.getItem(TOKEN_KEY);
  }

  function role() { return state.me ? state.me.role : null; }

  // ---------- views and routing ----------

  const VIEWS = ["token", "overview", "incidents", "claims", "jobs", "incident"];

  function showView(name) {
    for (const view of VIEWS) $("view-" + view).hidden = view !== name;
  }

  async function route() {
    showMessage("");
    const hash = location.hash.replace(/^#\/?/, "");
    if (!state.configLoaded) await loadConfig();
    if (!sessionStorage.getItem(TOKEN_KEY) && !(state.config.public_view || state.config.public)) {
      showView("token");
      $("token-input").focus();
      return;
    }
    try {
      if (!state.sessionLoaded) { await loadSession(); state.sessionLoaded = true; }
      if (hash.startsWith("incident/")) await showIncident(decodeURIComponent(hash.slice(9)));
      else if (hash === "incidents") await showIncidents();
      else if (hash === "claims") await showClaims();
      else if (hash === "jobs") await showJobs();
      else await showOverview();
    } catch (error) {
      failed(error);
    }
  }

  function go(hash) {
    if (location.hash === hash) route(); else location.hash = hash;
  }

  // ---------- overview: map, timeline, breakdowns ----------

  const PAGE = 5000;

  async function incidents(query) {
    // Every incident matching `query`, fetched a page at a time (the server caps a page).
    const all = [];
    for (let offset = 0; ; offset += PAGE) {
      const sep = query ? "&" : "";
      const { data, total } = await api("/incidents?" + (query || "") + sep + "limit=" + PAGE + "&offset=" + offset,
        { withTotal: true });
      const rows = listOf(data, "incidents");
      all.push(...rows);
      if (!rows.length || !(total > all.length)) return all;
    }
  }

  async function showOverview() {
    showView("overview");
    const all = await incidents("");
    state.incidents = all;
    const located = all.filter(charts.located);
    const total = all.reduce((n, i) => n + (i.fatalities_low || 0), 0);
    const totalHigh = all.reduce((n, i) => n + (i.fatalities_high || 0), 0);
    $("overview-summary").textContent = all.length.toLocaleString("en") + (all.length === 1 ? " incident, " : " incidents, ")
      + located.length.toLocaleString("en") + " with a location; reported fatalities "
      + range(total, totalHigh) + " (sum of each incident's lowest and highest figure).";
    await charts.drawMap(state, located, id => go("#/incident/" + encodeURIComponent(id)));
    charts.drawTimeline(all);
    await charts.drawBreakdowns();
  }

  // ---------- incident list ----------

  async function showIncidents() {
    showView("incidents");
    const form = $("filter-form");
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) if (String(value).trim()) params.set(key, String(value).trim());
    const rows = await incidents(params.toString());
    const box = clear($("incident-table"));
    box.appendChild(el("p", { role: "status", text: rows.length + " incident" + (rows.length === 1 ? "" : "s") }));
    if (!rows.length) return;
    const body = el("tbody");
    for (const incident of rows) {
      body.appendChild(el("tr", {},
        el("td", {}, el("a", { href: "#/incident/" + encodeURIComponent(incident.id), text: String(incident.id) })),
        el("td", { text: dateText(incident.date) }),
        el("td", { text: placeText(incident.place) }),
        el("td", { text: words(incident.sub_event_type || incident.event_type) }),
        el("td", { text: (incident.perpetrators || []).join("; ") || "unknown" }),
        el("td", { class: "num", text: range(incident.fatalities_low, incident.fatalities_high) }),
        el("td", { text: incident.status || "" })));
    }
    box.appendChild(el("table", { class: "list" },
      el("thead", {}, el("tr", {}, ["Incident", "Date", "Place", "Type", "Perpetrators", "Fatalities", "Status"]
        .map(h => el("th", { scope: "col", text: h })))), body));
  }

  // ---------- claims ----------

  async function showClaims() {
    showView("claims");
    const rows = listOf(await api("/reconcile"), "reconciliations");
    const box = clear($("claims"));
    if (!rows.length) { box.appendChild(el("p", { text: "No claims recorded." })); return; }
    const body = el("tbody");
    for (const row of rows) {
      const links = el("span", {}, (row.incidents || []).map((id, n) => [n ? ", " : "",
        el("a", { href: "#/incident/" + encodeURIComponent(id), text: String(id) })]));
      body.appendChild(el("tr", {},
        el("td", { text: row.summary || "" }),
        el("td", { class: "num", text: range(row.claimed_low, row.claimed_high) + " " + (row.what || "") }),
        el("td", { text: row.source || "not stated" }),
        el("td", { class: "num", text: String(row.documented_incidents) }),
        el("td", { class: "num", text: range(row.fatalities_low, row.fatalities_high) }),
        el("td", { class: "num", text: row.gap_low ? "at least " + row.gap_low.toLocaleString("en") : "none" }),
        el("td", {}, links)));
    }
    box.appendChild(el("table", { class: "list claims" },
      el("thead", {}, el("tr", {}, ["Claim", "Claimed", "Source", "Documented incidents", "Documented fatalities",
        "Claimed but not documented", "Incidents"].map(h => el("th", { scope: "col", text: h })))), body));
  }

  // ---------- background ingests ----------

  async function showJobs() {
    showView("jobs");
    clearTimeout(state.jobsTimer);
    const jobs = listOf(await api("/jobs"), "jobs");
    const box = clear($("jobs"));
    if (!jobs.length) {
      box.appendChild(el("p", { text: "No ingest since the server started (jobs are forgotten when it restarts)." }));
      return;
    }
    const body = el("tbody");
    for (const job of jobs) {
      const progress = job.total ? Math.round(100 * job.done / job.total) : 100;
      const errors = job.errors || [];
      body.appendChild(el("tr", { class: "job job-" + job.state, "data-job": job.id },
        el("td", {}, el("code", { text: job.id })),
        el("td", { text: job.user }),
        el("td", { class: "state", text: job.state }),
        el("td", {}, el("progress", { max: job.total || 1, value: job.done,
          "aria-label": "Job " + job.id + ": " + job.done + " of " + job.total + " documents" }),
          " " + job.done + " of " + job.total + " (" + progress + "%)"),
        el("td", { class: "num", text: job.stored + " new, " + job.already_stored + " already stored, "
          + job.duplicates + " copies" }),
        el("td", { class: "num", text: String((job.incidents || []).length) }),
        el("td", {}, errors.length ? el("details", {}, el("summary", { text: errors.length + " refused" }),
          el("ul", {}, errors.map(e => el("li", { text: e })))) : "none"),
        el("td", { text: String(job.created_at || "").replace("T", " ").slice(0, 19) }),
        el("td", { text: job.finished_at ? String(job.finished_at).replace("T", " ").slice(0, 19) : "" })));
    }
    box.appendChild(el("table", { class: "list jobs" },
      el("thead", {}, el("tr", {}, ["Job", "By", "State", "Progress", "Documents", "Incidents touched", "Errors",
        "Started (UTC)", "Finished (UTC)"].map(h => el("th", { scope: "col", text: h })))), body));
    if (jobs.some(j => j.state === "queued" || j.state === "running")) {
      state.jobsTimer = setTimeout(() => { if (location.hash === "#/jobs") showJobs().catch(failed); }, JOBS_REFRESH_MS);
    }
  }

  // ---------- incident page ----------

  async function showIncident(id) {
    showView("incident");
    const body = clear($("incident-body"));
    $("incident-title").textContent = "Incident " + id;
    const incident = await api("/incidents/" + encodeURIComponent(id));
    let history = [];
    try { history = listOf(await api("/incidents/" + encodeURIComponent(id) + "/history"), "history"); } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw error;
    }
    incident.texts = await documentTexts(incident);
    body.appendChild(fields(incident));
    body.appendChild(reportsSection(incident));
    body.appendChild(historySection(history));
    const actions = window.Tally.review.section(incident, {
      role: role(), editable: state.config.editable_fields || [], refresh: route, failed });
    if (actions) body.appendChild(actions);
    $("incident-title").focus();
  }

  async function documentTexts(incident) {
    // Each report's full text (analysts and above), to show its evidence in context.
    const texts = {};
    const ids = [...new Set((incident.reports || []).map(r => r.document_id))];
    for (const id of ids) {
      try { texts[id] = (await api("/documents/" + encodeURIComponent(id))).text; } catch (error) {
        if (error instanceof ApiError && error.status === 401) throw error;
      }
    }
    return texts;
  }

  function row(label, value) {
    return [el("dt", { text: label }), el("dd", {}, value)];
  }

  function fields(incident) {
    const victims = (incident.victims || []).map(v => {
      const count = range(v.count_low, v.count_high);
      const extra = [v.children ? "children" : "", v.women ? "women" : ""].filter(Boolean).join(", ");
      return v.description + " (" + words(v.category) + (count !== "unknown" ? ", " + count : "")
        + (extra ? ", including " + extra : "") + ")";
    });
    const chain = incident.attribution_chain || [];
    const best = incident.fatalities_best === null || incident.fatalities_best === undefined ? "none"
      : incident.fatalities_best.toLocaleString("en")
        + (incident.best_estimate_policy ? " (" + incident.best_estimate_policy + " report)" : "");
    const place = incident.place;
    const list = el("dl", { class: "fields" },
      row("Status", el("span", { class: "status status-" + incident.status, text: incident.status || "unknown" })),
      "published" in incident ? row("Published", incident.published ? "yes: shown to viewers" : "no: team only") : null,
      row("Event type", words(incident.event_type) + " / " + words(incident.sub_event_type)),
      row("Method", words(incident.method)),
      row("Perpetrators", (incident.perpetrators || []).join("; ") || "unknown"),
      row("Victims", victims.join("; ") || "unknown"),
      row("Fatalities", range(incident.fatalities_low, incident.fatalities_high) + "; best estimate " + best),
      row("Date", dateText(incident.date)),
      row("Place", placeText(place) + (place && place.precision ? " (precision " + place.precision + ")" : "")
        + (place && typeof place.latitude === "number" ? "; " + place.latitude.toFixed(4) + ", " + place.longitude.toFixed(4) : "")
        + (place && place.note ? "; " + place.note : "")),
      row("Grave violations", (incident.grave_violations || []).map(words).join("; ") || "none flagged"),
      "attribution_chain" in incident
        ? row("Attribution chain", chain.length ? el("ol", { class: "chain" }, chain.map(name => el("li", { text: name })))
          : "the report itself (no source named)") : null,
      row("Sources named", (incident.sources || []).map(s => s.name + (s.kind && s.kind !== "unknown" ? " (" + words(s.kind) + ")" : "")).join("; ") || "none"),
      row("Independent sources", String(incident.independent_sources ?? "unknown")),
      incident.edited && incident.edited.length ? row("Set by a reviewer", incident.edited.join(", ")) : null);
    return el("section", { class: "panel", "aria-labelledby": "fields-title" },
      el("h3", { id: "fields-title", text: "Fields" }), list);
  }

  function documentText(incident, documentId) {
    if (incident.texts && typeof incident.texts[documentId] === "string") return incident.texts[documentId];
    const docs = incident.documents || {};
    if (Array.isArray(docs)) {
      const found = docs.find(d => d.id === documentId);
      return found ? found.text : null;
    }
    const found = docs[documentId];
    return found ? (typeof found === "string" ? found : found.text) : null;
  }

  function reportDocument(incident, report) {
    const docs = incident.documents;
    if (report.document && typeof report.document === "object") return report.document;
    if (Array.isArray(docs)) return docs.find(d => d.id === report.document_id) || null;
    if (docs && docs[report.document_id] && typeof docs[report.document_id] === "object") return docs[report.document_id];
    return null;
  }

  function inContext(span, text) {
    // The evidence sentence with up to CONTEXT_CHARS of its document either side, the
    // sentence itself in <mark>. Without the document text, the sentence alone.
    const block = el("blockquote", { class: "evidence" });
    if (text && Number.isInteger(span.start) && Number.isInteger(span.end) && text.slice(span.start, span.end)) {
      let from = Math.max(0, span.start - CONTEXT_CHARS), to = Math.min(text.length, span.end + CONTEXT_CHARS);
      if (from > 0) { const gap = text.indexOf(" ", from); if (gap > -1 && gap < span.start) from = gap + 1; }
      if (to < text.length) { const gap = text.lastIndexOf(" ", to); if (gap > span.end) to = gap; }
      block.appendChild(document.createTextNode((from > 0 ? "… " : "") + text.slice(from, span.start)));
      block.appendChild(el("mark", { text: text.slice(span.start, span.end) }));
      block.appendChild(document.createTextNode(text.slice(span.end, to) + (to < text.length ? " …" : "")));
    } else {
      block.appendChild(el("mark", { text: span.text || "" }));
    }
    return block;
  }

  function reportsSection(incident) {
    const section = el("section", { class: "panel", "aria-labelledby": "reports-title" },
      el("h3", { id: "reports-title", text: "Reports and evidence" }));
    const reports = incident.reports || [];
    const evidence = incident.evidence || [];
    const content = el("div", { class: "reports" });
    const shownDocs = new Set();
    const render = () => {
      if (!("reports" in incident)) {
        content.appendChild(el("p", { text: "Reports and evidence sentences are shown to analysts and editors only." }));
      } else if (!reports.length) {
        content.appendChild(el("p", { text: "No report is linked to this incident." }));
      }
      reports.forEach((report, n) => {
        const doc = reportDocument(incident, report) || {};
        const title = doc.title || report.title || report.document_id;
        const meta = [doc.publisher || report.publisher, doc.published || report.published].filter(Boolean).join(", ");
        const item = el("article", { class: "report" },
          el("h4", { text: "Report " + (n + 1) + ": " + title }),
          meta ? el("p", { class: "meta", text: meta }) : null,
          doc.url || report.url ? el("p", { class: "meta" }, "Source address: ",
            el("span", { class: "url", text: doc.url || report.url })) : null,
          el("p", { text: "Fatalities in this report: " + range(report.fatalities_low, report.fatalities_high) }),
          el("p", { text: "Attribution: " + ((report.sources || []).join(" ← ") || "the report itself") }));
        const text = doc.text || report.text || documentText(incident, report.document_id);
        // Evidence spans carry their document, not their report: show each document's once.
        const spans = shownDocs.has(report.document_id) ? []
          : (report.evidence || evidence.filter(s => s.document_id === report.document_id));
        const repeated = shownDocs.has(report.document_id);
        shownDocs.add(report.document_id);
        if (repeated) item.appendChild(el("p", { class: "note", text: "Same document as an earlier report; its evidence is shown there." }));
        else if (!spans.length) item.appendChild(el("p", { class: "note", text: "No evidence sentence stored." }));
        for (const span of spans) item.appendChild(inContext(span, text));
        content.appendChild(item);
      });
    };
    if (incident.graphic) {
      const warning = el("div", { class: "content-warning", role: "note" },
        el("p", {}, el("strong", { text: "Content warning. " }),
          "The reports for this incident describe violence in detail. The text is hidden until you choose to read it."));
      const reveal = el("button", { type: "button", id: "reveal-graphic", class: "reveal",
        text: "Show the report text" });
      reveal.addEventListener("click", () => {
        warning.remove();
        render();
        content.hidden = false;
        const first = content.querySelector("h4");
        if (first) { first.tabIndex = -1; first.focus(); }
      });
      warning.appendChild(reveal);
      section.appendChild(warning);
      content.hidden = true;
    } else {
      render();
    }
    section.appendChild(content);
    return section;
  }

  function valueText(value) {
    if (value === null || value === undefined) return "none";
    if (typeof value === "string") return value;
    if (Array.isArray(value)) return value.map(valueText).join(", ");
    return JSON.stringify(value);
  }

  function changeText(entry) {
    const parts = [];
    const fresh = entry.new || {};
    const old = entry.old || {};
    if (typeof fresh.note === "string") return "Note: " + fresh.note;
    if (entry.status && !entry.new) return "status: " + entry.status;  // the viewer's history
    for (const key of Object.keys(fresh)) {
      const before = key in old ? valueText(old[key]) + " → " : "";
      parts.push(words(key) + ": " + before + valueText(fresh[key]));
    }
    return parts.join("; ");
  }

  function historySection(history) {
    const section = el("section", { class: "panel", "aria-labelledby": "history-title" },
      el("h3", { id: "history-title", text: "History" }));
    if (!history.length) { section.appendChild(el("p", { text: "No changes recorded." })); return section; }
    const list = el("ol", { class: "history", id: "history-list" });
    for (const entry of history) {
      const when = entry.at ? String(entry.at).replace("T", " ").slice(0, 19) : "";
      list.appendChild(el("li", { class: "history-entry" },
        el("span", { class: "when", text: when }), " ",
        el("strong", { text: words(entry.action) }), entry.actor ? [" by ", el("span", { text: entry.actor })] : null,
        changeText(entry) ? el("div", { class: "change", text: changeText(entry) }) : null,
        entry.reason ? el("div", { class: "reason", text: "Reason: " + entry.reason }) : null));
    }
    section.appendChild(list);
    return section;
  }

  // ---------- start ----------

  $("token-form").addEventListener("submit", event => {
    event.preventDefault();
    const token = $("token-input").value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    $("token-input").value = "";
    state.sessionLoaded = false;
    route();
  });
  $("sign-in").addEventListener("click", () => {
    showView("token");
    $("token-input").focus();
  });
  $("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    state.me = null;
    state.sessionLoaded = false;
    $("who").textContent = "";
    $("sign-out").hidden = true;
    showView("token");
    showMessage("Signed out.", "ok");
  });
  $("jobs-refresh").addEventListener("click", () => showJobs().catch(failed));
  $("filter-form").addEventListener("submit", event => { event.preventDefault(); showIncidents().catch(failed); });
  $("filter-form").addEventListener("reset", () => setTimeout(() => showIncidents().catch(failed), 0));
  window.addEventListener("hashchange", route);
  route();
})();
