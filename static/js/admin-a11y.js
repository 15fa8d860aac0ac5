// Django admin's autocomplete widgets (select2) render a search box without a name, a list holding a
// <span>, and a combobox labelled by its (empty) selection. Give each the label of the field it
// replaces, and keep the list a list when select2 redraws it. Enhancement only: the admin works without it.
(function () {
  "use strict";

  function labelFor(container) {
    var select = container.previousElementSibling;
    if (!select || !select.id) return null;
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) return null;
    if (!label.id) label.id = select.id + "_label";
    return label;
  }

  function fix(container) {
    var label = labelFor(container);
    if (!label) return;
    var name = label.textContent.replace(/[:*]\s*$/, "").trim();
    container.querySelectorAll(".select2-search__field").forEach(function (input) {
      input.setAttribute("aria-label", name);
    });
    container.querySelectorAll('[role="combobox"]').forEach(function (box) {
      var rendered = box.querySelector(".select2-selection__rendered");
      var ids = [label.id];
      if (rendered && rendered.id && rendered.textContent.trim()) ids.push(rendered.id);
      box.setAttribute("aria-labelledby", ids.join(" "));
    });
    container.querySelectorAll('[role="textbox"].select2-selection__rendered').forEach(function (box) {
      if (!box.textContent.trim()) box.setAttribute("aria-label", name);
      else box.removeAttribute("aria-label");
    });
    container.querySelectorAll("ul.select2-selection__rendered > span").forEach(function (span) {
      span.setAttribute("role", "listitem");
    });
  }

  function fixAll() {
    document.querySelectorAll(".select2-container").forEach(fix);
  }

  window.addEventListener("load", function () {
    fixAll();
    new MutationObserver(function (mutations) {
      var containers = new Set();
      mutations.forEach(function (mutation) {
        var element = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentElement;
        var container = element && element.closest(".select2-container");
        if (container) containers.add(container);
      });
      containers.forEach(fix);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
