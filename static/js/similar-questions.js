// While the patient types a title, list similar published questions (progressive enhancement:
// without JavaScript the same suggestions appear as a step before posting).
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  if (!form) return;
  var input = form.querySelector("input[name=title]");
  var box = form.querySelector(".similar-live");
  var list = form.querySelector(".similar-live__list");
  if (!input || !box || !list) return;
  var timer = null;
  var lastQuery = "";

  function show(results) {
    list.replaceChildren();
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title;
      link.target = "_blank";
      item.appendChild(link);
      list.appendChild(item);
    });
    box.hidden = results.length === 0;
  }

  function lookup() {
    var query = input.value.trim();
    if (query === lastQuery) return;
    lastQuery = query;
    if (query.length < 8) { show([]); return; }
    var url = form.dataset.similarUrl + "?title=" + encodeURIComponent(query);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === query) show(data.results || []); })
      .catch(function () { show([]); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 300);
  });
})();
