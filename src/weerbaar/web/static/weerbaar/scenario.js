/* The scenario pages: the cascade player, and the progress of a background job.

   The player reads the simulation from the scenario's JSON endpoint and shows
   what is down at T+h: a sentence read out by screen readers (aria-live), the
   list of down nodes and a small chart with a cursor. Without this script the
   page's form shows the same for a chosen moment. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return key in values ? String(values[key]) : "";
    });
  }

  // -- the player -----------------------------------------------------------

  function startPlayer(config) {
    var text = config.text;
    var controls = document.getElementById("wb-player-controls");
    var fallback = document.getElementById("wb-player-fallback");
    var slider = document.getElementById("wb-t");
    var play = document.getElementById("wb-play");
    var prev = document.getElementById("wb-prev");
    var next = document.getElementById("wb-next");
    var now = document.getElementById("wb-now");
    var list = document.getElementById("wb-down-list");
    var holder = document.getElementById("wb-mini-holder");
    var geoLink = document.getElementById("wb-geo-link");
    var data = null;
    var events = [];
    var current = 0;
    var step = 1;
    var timer = null;
    var spoken = "";
    var cursor = null;
    var xOf = null;

    // A count as |number writes it on the page: thousands grouped the
    // language's way ("1.234" in Dutch, "1,234" in English).
    function count(n) {
      return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, text.group);
    }

    function duration(hours) {
      var minutes = hours < 24 ? Math.round(hours * 60) : Math.round(hours) * 60;
      var days = Math.floor(minutes / 1440);
      var rest = minutes - days * 1440;
      var whole = Math.floor(rest / 60);
      var mins = rest - whole * 60;
      var parts = [];
      if (days) { parts.push(fill(days === 1 ? text.day_one : text.day_many, { n: days })); }
      if (whole) { parts.push(fill(whole === 1 ? text.hour_one : text.hour_many, { n: whole })); }
      if (mins) { parts.push(fill(text.minute, { n: mins })); }
      return parts.join(" ") || fill(text.hour_many, { n: 0 });
    }

    function moment(hours) {
      return hours === 0 ? "T" : "T+" + duration(hours);
    }

    function downAt(t) {
      var out = [];
      Object.keys(data.simulation.down).forEach(function (id) {
        var hit = data.simulation.down[id].some(function (iv) {
          return iv[0] <= t && (iv[1] === null || t < iv[1]);
        });
        if (hit) { out.push(id); }
      });
      return out;
    }

    function sentence(t, down) {
      if (!down.length) { return moment(t) + ": " + text.nothing; }
      var vital = down.filter(function (id) { return data.nodes[id].vital; }).length;
      var first = down.length === 1 ? text.down_one : fill(text.down_many, { n: count(down.length) });
      var second = vital === 1 ? text.vital_one : fill(text.vital_many, { n: count(vital) });
      return moment(t) + ": " + first + ", " + second;
    }

    function niceStep(span) {
      var steps = [0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 72, 168];
      for (var i = 0; i < steps.length; i++) {
        if (span / steps[i] <= 120) { return steps[i]; }
      }
      return steps[steps.length - 1];
    }

    function show(t, options) {
      options = options || {};
      current = Math.max(0, Math.min(t, data.window));
      if (!options.fromSlider) { slider.value = String(current); }
      slider.setAttribute("aria-valuetext", moment(current));
      var down = downAt(current);
      down.sort(function (a, b) {
        var na = data.nodes[a];
        var nb = data.nodes[b];
        if (na.vital !== nb.vital) { return na.vital ? -1 : 1; }
        return na.label.localeCompare(nb.label);
      });
      var line = sentence(current, down);
      // While playing, speak only when what is down changes: a screen reader
      // cannot keep up with a sentence every few hundred milliseconds.
      var gist = line.slice(line.indexOf(":"));
      if (!options.playing || gist !== spoken) {
        now.textContent = line;
        spoken = gist;
      }
      list.textContent = "";
      if (!down.length) {
        var none = document.createElement("li");
        none.textContent = text.nothing;
        list.appendChild(none);
      }
      down.forEach(function (id) {
        var node = data.nodes[id];
        var li = document.createElement("li");
        li.textContent = (node.vital ? "★ " : "") + node.label;
        if (node.vital) { li.className = "wb-vital"; }
        list.appendChild(li);
      });
      if (cursor) {
        var x = xOf(current);
        cursor.setAttribute("x1", x);
        cursor.setAttribute("x2", x);
      }
      var url = new URL(geoLink.href, window.location.href);
      url.searchParams.set("t", String(Math.round(current * 100) / 100));
      geoLink.href = url.toString();
    }

    function stop() {
      if (timer !== null) { window.clearInterval(timer); timer = null; }
      play.textContent = play.getAttribute("data-play");
      show(current);
    }

    function start() {
      if (current >= data.window) { current = 0; }
      play.textContent = play.getAttribute("data-pause");
      timer = window.setInterval(function () {
        if (current >= data.window) { stop(); return; }
        show(current + step, { playing: true });
      }, 300);
    }

    function jump(direction) {
      stop();
      var target = null;
      if (direction > 0) {
        target = events.find(function (e) { return e > current + 1e-9; });
      } else {
        for (var i = events.length - 1; i >= 0; i--) {
          if (events[i] < current - 1e-9) { target = events[i]; break; }
        }
      }
      if (target !== null && target !== undefined) { show(target); }
    }

    function el(name, attrs, parent) {
      var node = document.createElementNS(SVG, name);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      if (parent) { parent.appendChild(node); }
      return node;
    }

    function chart() {
      var width = 420;
      var height = 170;
      var left = 36;
      var right = 10;
      var top = 10;
      var bottom = 136;
      var counts = events.map(function (t) {
        var down = downAt(t);
        var vital = down.filter(function (id) { return data.nodes[id].vital; }).length;
        return { t: t, down: down.length, vital: vital };
      });
      var most = Math.max(1, Math.max.apply(null, counts.map(function (c) { return c.down; })));
      xOf = function (t) { return left + (t / data.window) * (width - left - right); };
      function yOf(n) { return bottom - (n / most) * (bottom - top); }
      var svg = el("svg", {
        viewBox: "0 0 " + width + " " + height,
        class: "wb-mini",
        role: "img",
        "aria-label": text.chart
      });
      function steps(key) {
        var d = "M " + xOf(0) + " " + yOf(0);
        counts.forEach(function (c, i) {
          var end = i + 1 < counts.length ? counts[i + 1].t : data.window;
          d += " V " + yOf(c[key]) + " H " + xOf(end);
        });
        return d;
      }
      el("path", { d: steps("down") + " V " + yOf(0) + " Z", class: "wb-mini__area" }, svg);
      el("path", { d: steps("vital"), class: "wb-mini__vital" }, svg);
      el("line", { x1: left, x2: width - right, y1: bottom, y2: bottom, class: "wb-mini__axis" }, svg);
      el("line", { x1: left, x2: left, y1: top, y2: bottom, class: "wb-mini__axis" }, svg);
      var labels = [
        [left - 4, top + 4, count(most), "end"],
        [left - 4, bottom, "0", "end"],
        [left, bottom + 16, "T", "start"],
        [width - right, bottom + 16, moment(data.window), "end"]
      ];
      labels.forEach(function (l) {
        el("text", { x: l[0], y: l[1], "text-anchor": l[3], class: "wb-mini__text" }, svg)
          .textContent = l[2];
      });
      cursor = el("line", { x1: left, x2: left, y1: top, y2: bottom, class: "wb-mini__cursor" }, svg);
      holder.textContent = "";
      holder.appendChild(svg);
    }

    function ready(result) {
      data = result;
      var seen = { 0: true };
      events = [0];
      Object.keys(data.simulation.down).forEach(function (id) {
        data.simulation.down[id].forEach(function (iv) {
          [iv[0], iv[1]].forEach(function (t) {
            if (t !== null && t <= data.window && !seen[t]) { seen[t] = true; events.push(t); }
          });
        });
      });
      events.sort(function (a, b) { return a - b; });
      step = niceStep(data.window);
      slider.min = "0";
      slider.max = String(data.window);
      slider.step = String(step);
      chart();
      fallback.hidden = true;
      controls.hidden = false;
      show(Math.min(config.t, data.window));
      slider.addEventListener("input", function () {
        if (timer !== null) { stop(); }
        show(parseFloat(slider.value), { fromSlider: true });
      });
      play.addEventListener("click", function () {
        if (timer === null) { start(); } else { stop(); }
      });
      prev.addEventListener("click", function () { jump(-1); });
      next.addEventListener("click", function () { jump(1); });
    }

    fetch(config.result, { credentials: "same-origin" })
      .then(function (response) {
        if (response.status !== 200) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(ready)
      .catch(function () { now.textContent = text.failed; });
  }

  // -- a background job's progress ---------------------------------------------

  function pollJob(box) {
    var textNode = document.getElementById("wb-job-text");
    var bar = document.getElementById("wb-job-progress");
    var url = box.getAttribute("data-status");
    function tick() {
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (job) {
          if (job.status === "done" || job.status === "failed") {
            window.location.reload();
            return;
          }
          var line = job.status_label.charAt(0).toUpperCase() + job.status_label.slice(1);
          if (job.total) {
            line += ": " + fill(box.getAttribute("data-progress"), { done: job.done, total: job.total });
          }
          textNode.textContent = line;
          bar.value = job.percent;
          bar.textContent = job.percent + "%";
          window.setTimeout(tick, 2000);
        })
        .catch(function () { window.setTimeout(tick, 5000); });
    }
    window.setTimeout(tick, 2000);
  }

  var playerConfig = document.getElementById("wb-player-config");
  if (playerConfig) { startPlayer(JSON.parse(playerConfig.textContent)); }
  var job = document.getElementById("wb-job");
  var waiting = job && ["queued", "running"].indexOf(job.getAttribute("data-state")) >= 0;
  // Only a job still waiting is polled: a finished page reloading itself would loop.
  if (waiting) { pollJob(job); }
})();
