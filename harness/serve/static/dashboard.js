// The campaign overview, live: polls /api/overview and updates the page in place.
// Served from the package (no CDN, no inline script: the CSP forbids it). App-controlled
// strings only ever reach the page through textContent, never as HTML.
"use strict";

(function () {
  const POLL_MS = 2000;
  const MAX_SHOWN = 300;
  // The server's rule (harness.untrusted.visible, then clip): controls and bidi marks in app
  // or device strings are shown as escapes, never acted on, and the length is bounded.
  const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

  function shown(value) {
    const escaped = String(value).replace(ACTIVE, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x100
        ? "\\x" + code.toString(16).padStart(2, "0")
        : "\\u" + code.toString(16).padStart(4, "0");
    });
    return escaped.length <= MAX_SHOWN ? escaped : escaped.slice(0, MAX_SHOWN - 1) + "\u2026";
  }

  function text(id, value) {
    const el = document.getElementById(id);
    if (el) el.textContent = String(value);
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "\u2014";
    const s = Math.floor(seconds);
    if (s < 60) return s + " s";
    if (s < 3600) return Math.floor(s / 60) + " min " + (s % 60) + " s";
    return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min";
  }

  function when(epoch) {
    const d = new Date(epoch * 1000);
    const p = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + " " +
      p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds());
  }

  function rows(tableId, items, cells) {
    const body = document.querySelector("#" + tableId + " tbody");
    if (!body) return;
    const fresh = document.createElement("tbody");
    for (const item of items) {
      const tr = document.createElement("tr");
      for (const value of cells(item)) {
        const td = document.createElement("td");
        td.textContent = value === null || value === undefined ? "\u2014" : shown(value);
        tr.appendChild(td);
      }
      fresh.appendChild(tr);
    }
    body.replaceWith(fresh);
  }

  function bar(done, total) {
    const el = document.querySelector("#progress .done");
    if (el) el.style.width = (total ? (100 * done) / total : 0).toFixed(1) + "%";
  }

  function show(o) {
    text("updated", when(o.generated_at));
    text("n-done", o.states.done);
    text("n-running", o.states.running);
    text("n-failed", o.states.failed);
    text("n-queued", o.states.queued);
    text("n-rate", o.throughput_per_min);
    text("n-eta", duration(o.eta_s));
    text("by-state", Object.keys(o.states.by_state).sort()
      .map((k) => k + " " + o.states.by_state[k]).join(" \u00b7 "));
    bar(o.states.done, o.apps);
    rows("hosts", o.hosts, (h) => [h.host, h.devices, h.ok, h.quarantined, h.running, h.apps_done]);
    rows("devices", o.devices, (d) => [
      d.name, d.state, d.running_app, d.apps_done, d.consecutive_failures, d.reason,
    ]);
    document.body.dataset.polls = String(Number(document.body.dataset.polls || "0") + 1);
  }

  async function poll() {
    try {
      const answer = await fetch("/api/overview", { credentials: "same-origin" });
      if (answer.ok) show(await answer.json());
    } catch (e) {
      // the server is restarting or gone: keep the last figures, try again
    }
    setTimeout(poll, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const el = document.querySelector("#progress .done");
    if (el) el.style.width = el.dataset.w + "%";
    if (document.body.dataset.page === "overview") setTimeout(poll, POLL_MS);
  });
})();
