// Live Markdown preview on the doctor's answer form (progressive enhancement: without
// JavaScript the form's "Preview" button posts action=preview and the page comes back with
// the preview). When the doctor stops typing, the same POST is sent with fetch and only the
// preview region of the answer is swapped in; the server has already sanitized it (nh3).
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-preview]");
  var region = document.querySelector(".answer-preview-region");
  if (!form || !region || !window.fetch || !window.DOMParser) return;
  var body = form.querySelector("textarea[name=body]");
  if (!body) return;
  var timer = null;
  var controller = null;
  var lastSent = null;
  var stopped = false;
  // Not form.action: the submit buttons are named "action", which shadows that property.
  var url = new URL(form.getAttribute("action") || window.location.href, document.baseURI);
  url.hash = "";

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector(".answer-preview-region");
    // Not the answer form (a log-in page after the session ended, an error page): keep what we have.
    if (!fresh) return;
    // Moved nodes from a DOMParser document never run scripts; CSP forbids inline ones anyway.
    region.replaceChildren.apply(region, Array.prototype.slice.call(fresh.childNodes).map(function (node) {
      return document.adoptNode(node);
    }));
  }

  function preview() {
    var text = body.value;
    if (stopped || text === lastSent) return;
    lastSent = text;
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var data = new FormData(form);
    data.set("action", "preview");
    fetch(url.href, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        // Too many previews (429) or a server error: the Preview button still works.
        if (response.status === 429) stopped = true;
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null && body.value === text) swap(html);
      })
      .catch(function () { lastSent = null; });
  }

  body.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(preview, 400);
  });
})();
