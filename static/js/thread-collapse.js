// Long reply threads under an answer: show the two newest top-level replies and hide the
// earlier ones behind a "Show N earlier replies" button placed before the list, so the
// replies it reveals follow it in reading and tab order. Without JavaScript every reply is
// shown. Included once per long thread, so it only touches threads it has not seen yet.
(function () {
  "use strict";

  function setUp(section) {
    section.setAttribute("data-collapse-ready", "");
    var list = section.querySelector(":scope > .thread__list");
    if (!list) return;
    var keep = parseInt(section.dataset.collapseKeep, 10) || 2;
    var replies = Array.prototype.filter.call(list.children, function (child) {
      return child.matches("li.reply");
    });
    var earlier = replies.slice(0, Math.max(0, replies.length - keep));
    if (earlier.length === 0) return;

    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary btn-sm thread__toggle";
    if (!list.id) list.id = section.id ? section.id + "-list" : "";
    if (list.id) button.setAttribute("aria-controls", list.id);

    function set(expanded) {
      earlier.forEach(function (reply) { reply.hidden = !expanded; });
      button.setAttribute("aria-expanded", expanded ? "true" : "false");
      button.textContent = expanded ? section.dataset.collapseHide : section.dataset.collapseShow;
    }

    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    list.parentNode.insertBefore(button, list);

    // A link to a reply (the redirect after posting one, a notification) must not land on a hidden one.
    function revealTarget() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (target && earlier.some(function (reply) { return reply.contains(target); })) {
        set(true);
        target.scrollIntoView();
      }
    }
    set(false);
    revealTarget();
    window.addEventListener("hashchange", revealTarget);
  }

  document.querySelectorAll("section.thread[data-collapse-keep]:not([data-collapse-ready])").forEach(setUp);
})();
