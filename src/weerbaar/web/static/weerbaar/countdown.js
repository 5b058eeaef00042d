// Reporting deadlines count down without a reload (progressive enhancement:
// the server writes the same text, correct when the page was made).
// Every [data-wb-countdown] (its value: the deadline, ISO 8601) shows its
// remaining time as the server writes it (weerbaar.incident.deadlines.countdown:
// "2d 03:15", "-0:45"). A deadline's minutes turn at its own seconds, not the
// clock's, so the script looks every second and writes only what changed.
// Screen readers hear nothing per minute: the one status line says only when
// a deadline becomes due soon or passes, once per change.
(function () {
  "use strict";
  var table = document.querySelector("[data-wb-countdowns]");
  if (!table) { return; }
  var status = document.querySelector("[data-wb-countdown-status]");
  var LEAD = 6 * 60; // minutes: weerbaar.incident.deadlines.REMINDER_LEAD

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function text(minutes) {
    var sign = minutes < 0 ? "-" : "";
    var m = Math.abs(minutes);
    var days = Math.floor(m / 1440);
    var rest = m % 1440;
    var hours = Math.floor(rest / 60);
    var mins = rest % 60;
    return days ? sign + days + "d " + pad(hours) + ":" + pad(mins)
      : sign + hours + ":" + pad(mins);
  }

  function minutesLeft(due) {
    // Whole minutes towards zero, as the server's floor of |delta|.
    var ms = due - Date.now();
    var whole = Math.floor(Math.abs(ms) / 60000);
    return ms < 0 ? -whole : whole;
  }

  function tick() {
    var said = [];
    table.querySelectorAll("[data-wb-countdown]").forEach(function (cell) {
      var due = Date.parse(cell.getAttribute("data-wb-countdown"));
      if (isNaN(due)) { return; }
      var left = minutesLeft(due);
      var row = cell.closest("[data-state]");
      var before = row ? row.getAttribute("data-state") : "";
      // By the exact time, as the server's Deadline.state: whole minutes would
      // say "due soon" up to 59 seconds early.
      var ms = due - Date.now();
      var state = ms <= 0 ? "overdue" : (ms <= LEAD * 60000 ? "due-soon" : "open");
      var shown = state === "overdue"
        ? table.getAttribute("data-overdue") + " (" + text(left) + ")" : text(left);
      if (cell.textContent !== shown) {
        cell.replaceChildren();
        if (state === "overdue") {
          var strong = document.createElement("strong");
          strong.textContent = shown;
          cell.appendChild(strong);
        } else {
          cell.textContent = shown;
        }
      }
      if (row && state !== before) {
        row.setAttribute("data-state", state);
        if (state !== "open") {
          var label = row.querySelector("th");
          var word = table.getAttribute(state === "overdue" ? "data-overdue" : "data-soon");
          said.push((label ? label.textContent : "") + ": " + word);
        }
      }
    });
    if (status && said.length) { status.textContent = said.join("; "); }
  }

  window.setInterval(tick, 1000);
}());
