/* Tally dashboard: the overview's map (Leaflet over Natural Earth outlines), timeline (plain
 * SVG) and breakdowns (tables with bars). Text goes in through textContent only.
 */
"use strict";

window.Tally.charts = (function () {
  const { el, svg, clear, $, range, dateText, placeText, words, listOf, ApiError, api } = window.Tally;

  function located_(incident) {
    const place = incident.place;
    return place && typeof place.latitude === "number" && typeof place.longitude === "number";
  }

  async function drawMap(state, located, open) {
    if (!state.map) {
      state.map = L.map("map", { worldCopyJump: true, minZoom: 1, attributionControl: true });
      state.map.setView([20, 20], 2);
      if (state.config.tile_url) {
        L.tileLayer(state.config.tile_url).addTo(state.map);
        $("map-note").textContent = "";
      } else {
        $("map-note").textContent = "Country outlines: Natural Earth (public domain). No tile server is configured.";
      }
      try {
        const response = await fetch("vendor/world-atlas/countries-110m.json");
        const topo = await response.json();
        const countries = topojson.feature(topo, topo.objects.countries);
        state.outlines = L.geoJSON(countries, {
          interactive: false,
          style: { color: "#7a8794", weight: 0.8, fillColor: "#eef1f4", fillOpacity: state.config.tile_url ? 0 : 1 },
        }).addTo(state.map);
        state.outlines.bringToBack();
      } catch (error) {
        $("map-note").textContent = "Country outlines could not be loaded: " + error.message;
      }
      state.markers = L.layerGroup().addTo(state.map);
    }
    state.markers.clearLayers();
    const points = [];
    for (const incident of located) {
      const lat = incident.place.latitude, lon = incident.place.longitude;
      const dead = incident.fatalities_high || incident.fatalities_low || 0;
      const marker = L.circleMarker([lat, lon], {
        radius: 5 + Math.min(12, Math.sqrt(dead) * 1.5),
        color: "#8a1c1c", weight: 1.5, fillColor: "#c0392b", fillOpacity: 0.55,
        className: "incident-marker",
      });
      const tip = el("div", {},
        el("strong", { text: placeText(incident.place) }), el("br"),
        dateText(incident.date), el("br"),
        "Fatalities: " + range(incident.fatalities_low, incident.fatalities_high));
      marker.bindTooltip(tip);
      marker.on("click", () => open(incident.id));
      marker.addTo(state.markers);
      points.push([lat, lon]);
    }
    state.map.invalidateSize();
    if (points.length) state.map.fitBounds(points, { padding: [30, 30], maxZoom: 6 });
  }

  function periodKey(when, byYear) {
    if (!when || !when.start) return null;
    return byYear ? when.start.slice(0, 4) : when.start.slice(0, 7);
  }

  function periods(first, last, byYear) {
    const out = [];
    let [y, m] = first.split("-").map(Number);
    const [ly, lm] = last.split("-").map(Number);
    while (y < ly || (y === ly && (byYear || m <= lm))) {
      out.push(byYear ? String(y) : y + "-" + String(m).padStart(2, "0"));
      if (byYear) y += 1; else { m += 1; if (m > 12) { m = 1; y += 1; } }
    }
    return out;
  }

  function drawTimeline(all) {
    const box = clear($("timeline"));
    const dated = all.filter(i => i.date && i.date.start);
    if (!dated.length) {
      box.appendChild(el("p", { text: "No incident has a known date." }));
      return;
    }
    const starts = dated.map(i => i.date.start).sort();
    const months = (Number(starts.at(-1).slice(0, 4)) - Number(starts[0].slice(0, 4))) * 12
      + Number(starts.at(-1).slice(5, 7)) - Number(starts[0].slice(5, 7));
    const byYear = months > 48;
    const keys = periods(starts[0].slice(0, 7), starts.at(-1).slice(0, 7), byYear);
    const bins = new Map(keys.map(k => [k, { n: 0, low: 0, high: 0, best: 0 }]));
    for (const incident of dated) {
      const bin = bins.get(periodKey(incident.date, byYear));
      if (!bin) continue;
      bin.n += 1;
      bin.low += incident.fatalities_low || 0;
      bin.high += incident.fatalities_high || incident.fatalities_low || 0;
      bin.best += incident.fatalities_best || incident.fatalities_low || 0;
    }
    const W = 640, H = 300, left = 48, right = 12, top = 12, mid = 120, bottom = 40;
    const plotW = W - left - right;
    const step = plotW / keys.length;
    const maxN = Math.max(1, ...[...bins.values()].map(b => b.n));
    const maxF = Math.max(1, ...[...bins.values()].map(b => b.high));
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "timeline-svg",
      "aria-labelledby": "timeline-desc" });
    chart.appendChild(svg("desc", { id: "timeline-desc" },
      `Incidents and fatalities per ${byYear ? "year" : "month"} from ${keys[0]} to ${keys.at(-1)}: `
      + `${dated.length} dated incidents; busiest period ${maxN} incidents; highest fatality figure in one period ${maxF}.`));
    // incidents (bars)
    const nH = mid - top - 14;
    chart.appendChild(svg("text", { x: left, y: top + 8, class: "axis-title" }, "Incidents"));
    chart.appendChild(svg("text", { x: left - 6, y: top + 14, class: "axis", "text-anchor": "end" }, String(maxN)));
    chart.appendChild(svg("line", { x1: left, x2: W - right, y1: mid, y2: mid, class: "baseline" }));
    keys.forEach((key, index) => {
      const bin = bins.get(key);
      if (!bin.n) return;
      const h = (bin.n / maxN) * nH;
      const bar = svg("rect", { x: left + index * step + step * 0.15, y: mid - h, width: Math.max(1, step * 0.7),
        height: h, class: "timeline-bar" });
      bar.appendChild(svg("title", {}, `${key}: ${bin.n} incident${bin.n === 1 ? "" : "s"}`));
      chart.appendChild(bar);
    });
    // fatalities (band low..high, line best)
    const fTop = mid + 20, fBase = H - bottom, fH = fBase - fTop;
    const x = index => left + index * step + step / 2;
    const y = value => fBase - (value / maxF) * fH;
    chart.appendChild(svg("text", { x: left, y: fTop - 4, class: "axis-title" }, "Fatalities (low–high)"));
    chart.appendChild(svg("text", { x: left - 6, y: fTop + 6, class: "axis", "text-anchor": "end" }, String(maxF)));
    chart.appendChild(svg("text", { x: left - 6, y: fBase, class: "axis", "text-anchor": "end" }, "0"));
    const upper = keys.map((k, i) => `${x(i)},${y(bins.get(k).high)}`);
    const lower = keys.map((k, i) => `${x(i)},${y(bins.get(k).low)}`).reverse();
    const band = svg("polygon", { points: upper.concat(lower).join(" "), class: "timeline-band" });
    band.appendChild(svg("title", {}, "Reported fatalities, lowest to highest figure"));
    chart.appendChild(band);
    chart.appendChild(svg("polyline", { points: keys.map((k, i) => `${x(i)},${y(bins.get(k).best)}`).join(" "),
      class: "timeline-best" }));
    keys.forEach((key, index) => {
      const bin = bins.get(key);
      if (!bin.n) return;
      const dot = svg("circle", { cx: x(index), cy: y(bin.best), r: 3, class: "timeline-point" });
      dot.appendChild(svg("title", {}, `${key}: fatalities ${range(bin.low, bin.high)}, best estimate ${bin.best}`));
      chart.appendChild(dot);
    });
    chart.appendChild(svg("line", { x1: left, x2: W - right, y1: fBase, y2: fBase, class: "baseline" }));
    const every = Math.max(1, Math.ceil(keys.length / 8));
    keys.forEach((key, index) => {
      if (index % every) return;
      chart.appendChild(svg("text", { x: x(index), y: H - bottom + 16, class: "axis", "text-anchor": "middle" }, key));
    });
    box.appendChild(chart);
    const table = el("table", { class: "list" },
      el("thead", {}, el("tr", {}, [byYear ? "Year" : "Month", "Incidents", "Fatalities (low–high)", "Best estimate"]
        .map(h => el("th", { scope: "col", text: h })))),
      el("tbody", {}, keys.filter(k => bins.get(k).n).map(k => el("tr", {},
        el("th", { scope: "row", text: k }), el("td", { class: "num", text: String(bins.get(k).n) }),
        el("td", { class: "num", text: range(bins.get(k).low, bins.get(k).high) }),
        el("td", { class: "num", text: String(bins.get(k).best) })))));
    box.appendChild(el("details", { class: "as-table" }, el("summary", { text: "The timeline as a table" }), table));
  }

  const BREAKDOWNS = [["perpetrator", "By actor", "Actor"], ["method", "By method", "Method"],
    ["victim_category", "By victim category", "Victim category"]];

  async function drawBreakdowns() {
    const box = clear($("breakdowns"));
    for (const [by, title, column] of BREAKDOWNS) {
      const section = el("section", { class: "breakdown", "data-by": by }, el("h4", { text: title }));
      box.appendChild(section);
      let rows;
      try { rows = listOf(await api("/stats?by=" + by), "rows"); } catch (error) {
        if (error instanceof ApiError && error.status === 401) throw error;
        section.appendChild(el("p", { class: "error", text: "Not available: " + error.message }));
        continue;
      }
      rows.sort((a, b) => (b.incidents - a.incidents) || String(a[by]).localeCompare(String(b[by])));
      const max = Math.max(1, ...rows.map(r => r.incidents));
      const table = el("table", { class: "bars" },
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", text: column }),
          el("th", { scope: "col", text: "Incidents" }),
          el("th", { scope: "col", text: "Fatalities" }))));
      const body = el("tbody");
      for (const row of rows) {
        const meter = el("span", { class: "meter", "aria-hidden": "true" });
        meter.style.width = Math.round((row.incidents / max) * 100) + "%";
        body.appendChild(el("tr", {},
          el("th", { scope: "row", text: words(row[by]) }),
          el("td", { class: "num" }, el("span", { class: "meter-box" }, meter), " ", String(row.incidents)),
          el("td", { class: "num", text: range(row.fatalities_low, row.fatalities_high) })));
      }
      table.appendChild(body);
      section.appendChild(rows.length ? table : el("p", { text: "No incidents." }));
      if (by !== "method") {
        section.appendChild(el("p", { class: "note", text: "An incident with several "
          + (by === "perpetrator" ? "actors" : "victim categories") + " counts under each of them." }));
      }
    }
  }

  return { located: located_, drawMap, drawTimeline, drawBreakdowns };
})();
