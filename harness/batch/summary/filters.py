"""The one script of summary.html: offline filters over the per-app and per-SDK tables.

It is a fixed string of ours (never built from the store), allowed by its SHA-256 in the page's
Content-Security-Policy, so no other script can run there. It only shows and hides rows that
the page already holds, by text (app, package, SDK names), state and rule; at 10,000 apps a
keystroke filters in tens of milliseconds.
"""

from __future__ import annotations

import base64
import hashlib

SCRIPT = """
(function () {
  function rowsOf(id) {
    return Array.prototype.slice.call(document.querySelectorAll('#' + id + ' > tr'));
  }
  function filter(rows, test, counter) {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = test(rows[i]);
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    counter.textContent = shown + ' / ' + rows.length;
  }
  function has(list, word) { return (' ' + (list || '') + ' ').indexOf(' ' + word + ' ') >= 0; }
  var apps = rowsOf('apps-body'), sdks = rowsOf('sdks-body');
  var text = document.getElementById('f-text'), state = document.getElementById('f-state');
  var rule = document.getElementById('f-rule'), count = document.getElementById('f-count');
  var sdkText = document.getElementById('f-sdk'), sdkCount = document.getElementById('f-sdk-count');
  function applyApps() {
    var q = text.value.trim().toLowerCase(), s = state.value, r = rule.value;
    filter(apps, function (row) {
      return (!q || (row.getAttribute('data-text') || '').indexOf(q) >= 0)
        && (!s || row.getAttribute('data-state') === s)
        && (!r || has(row.getAttribute('data-rules'), r));
    }, count);
  }
  function applySdks() {
    var q = sdkText.value.trim().toLowerCase(), r = rule.value;
    filter(sdks, function (row) {
      return (!q || (row.getAttribute('data-text') || '').indexOf(q) >= 0)
        && (!r || row.getAttribute('data-rule') === r);
    }, sdkCount);
  }
  text.addEventListener('input', applyApps);
  state.addEventListener('change', applyApps);
  rule.addEventListener('change', function () { applyApps(); applySdks(); });
  sdkText.addEventListener('input', applySdks);
  applyApps();
  applySdks();
})();
"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
