/* Tally dashboard: shared helpers. Every piece of stored text reaches the page through
 * textContent (`el` and `svg` below); nothing from the server is ever parsed as HTML, so a
 * report or note holding markup shows as the characters it is.
 */
"use strict";

window.Tally = (function () {
  const TOKEN_KEY = "tally.token";

  // ---------- small DOM helpers (text only) ----------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function $(id) { return document.getElementById(id); }

  function showMessage(text, kind) {
    const box = $("message");
    box.textContent = text || "";
    box.className = "message" + (kind ? " " + kind : "");
    box.hidden = !text;
  }

  // ---------- formatting ----------

  function range(low, high) {
    if (low === null || low === undefined) {
      return high === null || high === undefined ? "unknown" : "up to " + high.toLocaleString("en");
    }
    if (high === null || high === undefined) return "at least " + low.toLocaleString("en");
    return low === high ? low.toLocaleString("en")
      : low.toLocaleString("en") + "–" + high.toLocaleString("en");
  }

  function dateText(when) {
    if (!when || !when.start) return "unknown date";
    let text = when.start;
    if (when.end && when.end !== when.start) text += " to " + when.end;
    if (when.precision && when.precision !== "day") text += " (" + when.precision + ")";
    if (when.qualifier) text = when.qualifier + " " + text;
    return text;
  }

  function placeText(place) {
    if (!place) return "unknown place";
    const parts = [place.name, place.admin1, place.country_code].filter(Boolean);
    return parts.length ? parts.join(", ") : "unknown place";
  }

  function words(value) {
    return value ? String(value).replace(/_/g, " ") : "unknown";
  }

  function listOf(data, key) {
    if (Array.isArray(data)) return data;
    if (data && Array.isArray(data[key])) return data[key];
    if (data && Array.isArray(data.items)) return data.items;
    if (data && Array.isArray(data.rows)) return data.rows;
    return [];
  }

  // ---------- API ----------

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, options) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    const init = { method: "GET", headers };
    if (options && options.body !== undefined && options.body !== null) {
      init.method = options.method || "POST";
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    const response = await fetch("api" + path, init);
    let data = null;
    const type = response.headers.get("content-type") || "";
    if (type.includes("json")) data = await response.json();
    if (!response.ok) {
      const detail = data && (data.detail || data.message || data.error);
      const text = typeof detail === "string" ? detail
        : detail ? JSON.stringify(detail) : response.status + " " + response.statusText;
      throw new ApiError(response.status, text);
    }
    if (options && options.withTotal) return { data, total: Number(response.headers.get("X-Total-Count")) };
    return data;
  }

  return { TOKEN_KEY, el, svg, clear, $, showMessage, range, dateText, placeText, words, listOf, ApiError, api };
})();
