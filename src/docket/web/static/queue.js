/* Review queue: j/k (or arrow keys) move the selection, Enter or o opens the case. No inline script. */
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tr.queue-row"));
  if (!rows.length) { return; }
  var at = 0;
  function select(i) {
    rows[at].classList.remove("selected");
    rows[at].removeAttribute("aria-selected");
    at = Math.max(0, Math.min(rows.length - 1, i));
    rows[at].classList.add("selected");
    rows[at].setAttribute("aria-selected", "true");
    var link = rows[at].querySelector("a");
    if (link) { link.focus({ preventScroll: false }); }
  }
  document.addEventListener("keydown", function (e) {
    var tag = (e.target && e.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || e.altKey || e.ctrlKey || e.metaKey) { return; }
    if (e.key === "j" || e.key === "ArrowDown") { select(at + 1); e.preventDefault(); }
    else if (e.key === "k" || e.key === "ArrowUp") { select(at - 1); e.preventDefault(); }
    else if (e.key === "o" || (e.key === "Enter" && tag !== "A")) {
      window.location.href = rows[at].dataset.href; e.preventDefault();
    }
  });
  select(0);
})();
