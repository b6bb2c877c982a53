/* Tally dashboard: the review forms of the incident page (status, note, edit, merge, split,
 * publish), one per API review operation, for analysts and editors.
 *
 * Each form sends the incident version the page was drawn from, so that a change someone
 * made meanwhile is refused (409) rather than overwritten; every refusal or error the API
 * gives is shown in the page, in the review panel's status line, as the API words it.
 */
"use strict";

window.Tally.review = (function () {
  const { el, showMessage, ApiError, api } = window.Tally;
  const EDITOR_ROLES = ["editor", "admin"];
  const ANALYST_STATUSES = ["unverified", "corroborated", "contested"];
  const EDITOR_STATUSES = ["unverified", "corroborated", "contested", "confirmed", "discounted"];
  // What each editable field takes (`tally.review.parse_value`); the server checks it again.
  const FIELD_HINTS = {
    event_type: "An ACLED event type, e.g. Violence against civilians.",
    sub_event_type: "An ACLED sub-event type, e.g. Attack.",
    method: "How: e.g. shooting, shelling, air strike.",
    perpetrators: "Names separated by semicolons (;).",
    date: "YYYY-MM-DD, YYYY-MM or YYYY.",
    place: "The place's name (the map point is dropped).",
    admin1: "The first-level administrative area.",
    country_code: "Two letters, ISO 3166-1 (e.g. IQ).",
    fatalities_low: "A whole number, 0 or more.",
    fatalities_high: "A whole number, 0 or more.",
    fatalities_best: "A whole number between the low and high figures.",
  };

  function field(id, label, control, hint) {
    return [el("label", { for: id, text: label }), control,
      hint ? el("p", { class: "hint", id: id + "-hint", text: hint }) : null];
  }

  function reasonInput(id, required) {
    return el("input", { id, name: "reason", required: required || null, autocomplete: "off" });
  }

  function currentValue(incident, name) {
    const place = incident.place || {};
    if (name === "place") return place.name || "";
    if (name === "admin1" || name === "country_code") return place[name] || "";
    if (name === "date") return (incident.date && incident.date.start) || "";
    const value = incident[name];
    if (Array.isArray(value)) return value.join("; ");
    return value === null || value === undefined ? "" : String(value);
  }

  // ---------- the forms ----------

  function statusForm(ctx) {
    const statuses = EDITOR_ROLES.includes(ctx.role) ? EDITOR_STATUSES : ANALYST_STATUSES;
    const select = el("select", { id: "status-select", name: "status" },
      statuses.map(s => el("option", { value: s, selected: s === ctx.incident.status, text: s })));
    const reason = reasonInput("status-reason");
    const form = el("form", { class: "stack", id: "status-form" }, el("h4", { text: "Change status" }),
      field("status-select", "New status", select),
      field("status-reason", "Reason for the status (kept in the history)", reason),
      el("button", { type: "submit", text: "Set status" }));
    ctx.on(form, "/status", () => ({ status: select.value, reason: reason.value.trim() || null,
      version: ctx.incident.version || null }), () => "Status set to " + select.value + ".");
    return form;
  }

  function noteForm(ctx) {
    const note = el("textarea", { id: "note-text", name: "text", rows: 3, required: true });
    const form = el("form", { class: "stack", id: "note-form" }, el("h4", { text: "Add a note" }),
      field("note-text", "Note", note),
      el("button", { type: "submit", text: "Add note" }));
    ctx.on(form, "/note", () => ({ text: note.value.trim() }), () => "Note added.");
    return form;
  }

  function editForm(ctx) {
    const names = ctx.editable.length ? ctx.editable : Object.keys(FIELD_HINTS);
    const select = el("select", { id: "edit-field", name: "field", "aria-describedby": "edit-field-hint" },
      names.map(name => el("option", { value: name, text: name.replace(/_/g, " ") })));
    const value = el("input", { id: "edit-value", name: "value", autocomplete: "off", "aria-describedby": "edit-value-hint" });
    const hint = el("p", { class: "hint", id: "edit-value-hint" });
    const reason = reasonInput("edit-reason", true);
    const show = () => {
      value.value = currentValue(ctx.incident, select.value);
      hint.textContent = (FIELD_HINTS[select.value] || "") + " Leave empty to hand the field back to the reports.";
    };
    select.addEventListener("change", show);
    const form = el("form", { class: "stack", id: "edit-form" }, el("h4", { text: "Edit a field" }),
      el("label", { for: "edit-field", text: "Field to set" }), select,
      el("p", { class: "hint", id: "edit-field-hint", text: "A value set by hand is kept over what later reports say." }),
      el("label", { for: "edit-value", text: "New value" }), value, hint,
      field("edit-reason", "Reason for the change (kept in the history)", reason),
      el("button", { type: "submit", text: "Save field" }));
    show();
    ctx.on(form, "/edit", () => ({ field: select.value, value: value.value.trim() || null,
      reason: reason.value.trim(), version: ctx.incident.version || null }),
    () => "Field " + select.value.replace(/_/g, " ") + " saved.");
    return form;
  }

  function mergeForm(ctx) {
    const other = el("input", { id: "merge-other", name: "other", inputmode: "numeric", pattern: "[0-9]+",
      required: true, autocomplete: "off", "aria-describedby": "merge-other-hint" });
    const reason = reasonInput("merge-reason", true);
    const form = el("form", { class: "stack", id: "merge-form" }, el("h4", { text: "Merge another incident into this one" }),
      field("merge-other", "Incident number to merge in", other,
        "Its reports move here; it stays in the history, marked as merged into this one."),
      field("merge-reason", "Reason for the merge (kept in the history)", reason),
      el("button", { type: "submit", text: "Merge into this incident" }));
    ctx.on(form, "/merge", () => ({ other: other.value.trim(), reason: reason.value.trim(),
      version: ctx.incident.version || null }), () => "Incident " + other.value.trim() + " merged into this one.");
    return form;
  }

  function splitForm(ctx) {
    const reports = ctx.incident.reports || [];
    const form = el("form", { class: "stack", id: "split-form" }, el("h4", { text: "Split a report out" }));
    if (reports.length < 2) {
      form.appendChild(el("p", { class: "note", text: "This incident holds one report: there is nothing to split out." }));
      return form;
    }
    const titles = {};
    for (const doc of ctx.incident.documents || []) titles[doc.id] = doc.title;
    const select = el("select", { id: "split-report", name: "event" }, reports.map((report, n) =>
      el("option", { value: report.event_id, text: "Report " + (n + 1) + ": " + (titles[report.document_id] || report.document_id) })));
    const whole = el("input", { type: "checkbox", id: "split-document", name: "document" });
    const reason = reasonInput("split-reason", true);
    form.append(...[
      field("split-report", "Report to move into a new incident", select),
      el("div", { class: "check" }, whole,
        el("label", { for: "split-document", text: " Move every report of its document (and of copies of it)" })),
      field("split-reason", "Reason for the split (kept in the history)", reason,
        "The report never returns to this incident, nor does a later copy of it."),
      el("button", { type: "submit", text: "Split out" })].flat().filter(Boolean));
    ctx.on(form, "/split", () => {
      const report = reports.find(r => r.event_id === select.value) || reports[0];
      return { ...(whole.checked ? { document: report.document_id } : { event: report.event_id }),
        reason: reason.value.trim(), version: ctx.incident.version || null };
    }, data => "Split out into incident " + (data && data.id) + ".");
    return form;
  }

  function publishForm(ctx) {
    const publish = !ctx.incident.published;
    const reason = reasonInput("publish-reason");
    const form = el("form", { class: "stack", id: "publish-form" },
      el("h4", { text: publish ? "Publish" : "Withdraw from publication" }),
      el("p", { class: "note", text: publish ? "Viewers (and the public view, where it is on) will see this incident's coded fields."
        : "Viewers will no longer see this incident." }),
      field("publish-reason", "Reason for " + (publish ? "publishing" : "withdrawing") + " (kept in the history)", reason),
      el("button", { type: "submit", text: publish ? "Publish" : "Withdraw" }));
    ctx.on(form, "/publish", () => ({ published: publish, reason: reason.value.trim() || null }),
      () => publish ? "Published." : "Withdrawn.");
    return form;
  }

  // ---------- the panel ----------

  async function send(form, result, path, body, done, hooks) {
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    result.textContent = "";
    result.className = "message";
    try {
      const data = await api(path, { body });
      await hooks.refresh();
      showMessage(done(data), "ok");
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) { hooks.failed(error); return; }
      result.textContent = "Not saved: " + error.message;
      result.className = "message error";
      result.focus();
    } finally {
      button.disabled = false;
    }
  }

  /* The review panel for `incident`, or null for a role that may not review.
   * hooks: { role, editable (field names), refresh (redraws the page), failed (a 401) }. */
  function section(incident, hooks) {
    if (!["analyst", "editor", "admin"].includes(hooks.role)) return null;
    const base = "/incidents/" + encodeURIComponent(incident.id);
    const result = el("p", { class: "message", id: "review-result", role: "alert", tabindex: "-1" });
    const ctx = {
      incident, role: hooks.role, editable: hooks.editable || [],
      on(form, path, body, done) {
        form.addEventListener("submit", event => {
          event.preventDefault();
          send(form, result, base + path, body(), done, hooks);
        });
      },
    };
    const forms = el("div", { class: "forms" }, statusForm(ctx), noteForm(ctx), editForm(ctx), mergeForm(ctx), splitForm(ctx));
    if (EDITOR_ROLES.includes(hooks.role)) forms.appendChild(publishForm(ctx));
    return el("section", { class: "panel", "aria-labelledby": "actions-title" },
      el("h3", { id: "actions-title", text: "Review" }), result, forms);
  }

  return { section };
})();
