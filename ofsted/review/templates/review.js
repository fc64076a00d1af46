(function () {
  "use strict";
  // Keyboard shortcuts for a long queue (never while typing in a field).
  var items = Array.prototype.slice.call(document.querySelectorAll("#queue li[data-index] a"));
  var current = document.querySelector("#queue li.current");
  var position = current ? parseInt(current.getAttribute("data-index"), 10) : -1;
  function go(delta) {
    if (!items.length) { return; }
    var next = Math.min(items.length - 1, Math.max(0, position + delta));
    if (position < 0) { next = 0; }
    window.location.href = items[next].getAttribute("href");
  }
  function focus(id) {
    var el = document.getElementById(id);
    if (el) { el.focus(); if (el.select) { el.select(); } }
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if (event.key === "Escape") { if (typing) { target.blur(); } document.getElementById("help").hidden = true; return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var handled = true;
    switch (event.key) {
      case "j": go(1); break;
      case "k": go(-1); break;
      case "c": focus("confirm-reason"); break;
      case "e": var first = document.querySelector("#form-set .grid select, #form-set .grid input"); if (first) { first.focus(); } break;
      case "d": focus("drop-reason"); break;
      case "a": var add = document.getElementById("add"); if (add) { add.open = true; add.scrollIntoView(); } break;
      case "/": focus("filter-authority"); break;
      case "?": var help = document.getElementById("help"); help.hidden = !help.hidden; break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });
  var helpLink = document.getElementById("help-link");
  if (helpLink) { helpLink.addEventListener("click", function (e) { e.preventDefault(); var h = document.getElementById("help"); h.hidden = !h.hidden; }); }
  // Selecting words in the document gives an added fact its span, counted in code points like
  // the warehouse's offsets (Python str indices).
  var text = document.getElementById("doctext");
  function codePoints(s) { return Array.from(s).length; }
  function onSelect() {
    var sel = window.getSelection();
    if (!text || !sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
    var range = sel.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var start = codePoints(before.toString());
    var end = start + codePoints(range.toString());
    document.querySelectorAll(".add-form input[name=f_start_char]").forEach(function (el) { el.value = String(start); });
    document.querySelectorAll(".add-form input[name=f_end_char]").forEach(function (el) { el.value = String(end); });
    var shown = range.toString();
    document.getElementById("selection").textContent = "“" + (shown.length > 80 ? shown.slice(0, 79) + "…" : shown) + "” (characters " + start + "–" + end + ")";
  }
  if (text) { text.addEventListener("mouseup", onSelect); text.addEventListener("keyup", onSelect); }
})();
