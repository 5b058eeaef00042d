/* The dependency graph page: draws the map with Cytoscape, applies the
   filters live, and shows a node's side panel when it is picked.

   Everything here also works without this script: the form reloads the page
   with the filters and the chosen node, and the table lists the same
   dependencies. The data comes from the page's JSON endpoint; the side panel
   is a server-rendered fragment, so it reads the same with or without script. */
(function () {
  "use strict";

  var configNode = document.getElementById("wb-graph-config");
  var container = document.getElementById("wb-graph");
  if (!configNode || !container || typeof cytoscape !== "function") {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var form = document.getElementById("wb-graph-form");
  var panel = document.getElementById("wb-panel");
  var status = document.getElementById("wb-graph-status");
  var nodeSelect = form.querySelector("[name=node]");
  var kindSelect = form.querySelector("[name=kind]");
  var partySelect = form.querySelector("[name=party]");
  var vitalBox = form.querySelector("[name=vital]");
  var layoutSelect = document.getElementById("wb-layout");
  var cy = null;

  // Shape and colour both say the kind: colour alone would not do.
  var SHAPES = {
    process: "round-rectangle",
    people: "diamond",
    system: "rectangle",
    service: "ellipse",
    infrastructure: "hexagon"
  };
  var COLOURS = {
    process: "#cfe3f6",
    people: "#f6e3c6",
    system: "#dfe9d0",
    service: "#e6dcf1",
    infrastructure: "#e4e4e4"
  };

  function say(text) {
    status.textContent = text;
  }

  // -- layout: kinds as horizontal layers ---------------------------------

  var PER_ROW = 16;
  var X_GAP = 120;
  var ROW_GAP = 70;
  var LAYER_GAP = 130;

  function layeredPositions(nodes, edges) {
    var layers = [[], [], [], [], []];
    nodes.forEach(function (n) { layers[n.layer].push(n.id); });
    var neighbours = {};
    nodes.forEach(function (n) { neighbours[n.id] = []; });
    edges.forEach(function (e) {
      neighbours[e.source].push(e.target);
      neighbours[e.target].push(e.source);
    });
    var order = {};
    layers.forEach(function (ids) {
      ids.sort();
      ids.forEach(function (id, i) { order[id] = i / Math.max(1, ids.length - 1); });
    });
    // A few barycentre sweeps: each node moves towards the mean position of
    // its neighbours, which untangles most crossings between layers.
    for (var sweep = 0; sweep < 6; sweep++) {
      layers.forEach(function (ids) {
        var centre = {};
        ids.forEach(function (id) {
          var ns = neighbours[id];
          if (!ns.length) { centre[id] = order[id]; return; }
          var sum = 0;
          ns.forEach(function (u) { sum += order[u]; });
          centre[id] = sum / ns.length;
        });
        ids.sort(function (a, b) { return centre[a] - centre[b]; });
        ids.forEach(function (id, i) { order[id] = i / Math.max(1, ids.length - 1); });
      });
    }
    var positions = {};
    var y = 0;
    layers.forEach(function (ids) {
      if (!ids.length) { return; }
      var rows = Math.ceil(ids.length / PER_ROW);
      var perRow = Math.ceil(ids.length / rows);
      ids.forEach(function (id, i) {
        var row = Math.floor(i / perRow);
        var col = i % perRow;
        var inRow = Math.min(perRow, ids.length - row * perRow);
        // Stagger alternate rows so that labels of stacked rows do not line up.
        var x = (col - (inRow - 1) / 2) * X_GAP + (row % 2) * X_GAP / 2;
        positions[id] = { x: x, y: y + row * ROW_GAP };
      });
      y += (rows - 1) * ROW_GAP + LAYER_GAP;
    });
    return positions;
  }

  function runLayout(name, data) {
    if (name === "cose") {
      cy.layout({ name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 80 }).run();
    } else if (name === "breadthfirst") {
      cy.layout({
        name: "breadthfirst",
        directed: true,
        roots: cy.nodes("[layer = 0]"),
        spacingFactor: 0.9,
        animate: false
      }).run();
    } else {
      var positions = layeredPositions(data.nodes, data.edges);
      cy.layout({
        name: "preset",
        positions: function (node) { return positions[node.id()]; },
        animate: false
      }).run();
    }
    cy.fit(cy.elements(":visible"), 20);
  }

  // -- filters ------------------------------------------------------------

  function visible(n) {
    if (kindSelect.value && n.data("kind") !== kindSelect.value) { return false; }
    if (partySelect.value && n.data("party") !== partySelect.value) { return false; }
    return !vitalBox.checked || n.data("serves_vital");
  }

  function applyFilters() {
    var shown = 0;
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var on = visible(n);
        n.toggleClass("wb-hidden", !on);
        if (on) { shown += 1; }
      });
    });
    var rows = document.querySelectorAll("#wb-dep-table tbody tr");
    // The table on the page was filtered by the server for the filters it got;
    // rows it left out cannot come back without a reload, so the script only
    // hides rows, and the form's button reloads for the rest.
    rows.forEach(function (tr) {
      var n = cy.getElementById(tr.getAttribute("data-node"));
      tr.hidden = n.nonempty() && !visible(n);
    });
    cy.fit(cy.nodes(":visible"), 20);
    say(status.getAttribute("data-shown").replace("{n}", shown));
  }

  // -- picking a node -----------------------------------------------------

  function highlight(id) {
    cy.batch(function () {
      cy.elements().removeClass("wb-faded wb-picked wb-near");
      if (!id) { return; }
      var node = cy.getElementById(id);
      if (node.empty()) { return; }
      var near = node.closedNeighborhood();
      cy.elements().not(near).addClass("wb-faded");
      near.addClass("wb-near");
      node.addClass("wb-picked");
    });
    var picked = cy.getElementById(id || "");
    if (picked.nonempty()) {
      // Close enough to read the labels of the node and its neighbours.
      cy.animate({ fit: { eles: picked.closedNeighborhood(), padding: 40 }, duration: 300 });
    }
  }

  function pick(id, options) {
    options = options || {};
    highlight(id);
    if (nodeSelect.value !== id) { nodeSelect.value = id; }
    var url = new URL(window.location.href);
    if (id) { url.searchParams.set("node", id); } else { url.searchParams.delete("node"); }
    window.history.replaceState(null, "", url.toString());
    if (!id) { return; }
    fetch(config.node.replace(/\/_\/$/, "/" + encodeURIComponent(id) + "/"), {
      credentials: "same-origin"
    })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        // A fragment rendered by this site with every map text escaped.
        panel.innerHTML = html;
        var title = document.getElementById("wb-panel-title");
        say(title ? title.textContent : "");
        if (options.focus) { panel.focus(); }
      })
      .catch(function () {
        say(status.getAttribute("data-failed"));
      });
  }

  // -- drawing --------------------------------------------------------------

  function elements(data) {
    var out = [];
    data.nodes.forEach(function (n) {
      var mark = (n.spof ? "⚠ " : "") + (n.vital ? "★ " : "");
      out.push({
        group: "nodes",
        data: {
          id: n.id,
          label: mark + n.label,
          kind: n.kind,
          layer: n.layer,
          party: n.party,
          vital: n.vital,
          spof: n.spof,
          serves_vital: n.serves_vital
        }
      });
    });
    data.edges.forEach(function (e) {
      out.push({
        group: "edges",
        data: { id: e.id, source: e.source, target: e.target, group: e.size > 1 }
      });
    });
    return out;
  }

  var STYLE = [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "font-size": 11,
        "text-wrap": "ellipsis",
        "text-max-width": 110,
        "text-valign": "bottom",
        "text-margin-y": 3,
        color: "#1a1a1a",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": 1,
        "min-zoomed-font-size": 6,
        width: 26,
        height: 20,
        "border-width": 1,
        "border-color": "#3b3b3b"
      }
    }
  ];
  Object.keys(SHAPES).forEach(function (kind) {
    STYLE.push({
      selector: "node[kind = '" + kind + "']",
      style: { shape: SHAPES[kind], "background-color": COLOURS[kind] }
    });
  });
  STYLE.push(
    { selector: "node[?vital]", style: { "font-weight": "bold", width: 34, height: 24 } },
    {
      selector: "node[?spof]",
      style: { "border-width": 6, "border-style": "double", "border-color": "#8b0000" }
    },
    {
      selector: "edge",
      style: {
        width: 1.2,
        "line-color": "#7a7a7a",
        "target-arrow-color": "#7a7a7a",
        "target-arrow-shape": "triangle",
        "arrow-scale": 0.8,
        "curve-style": "straight"
      }
    },
    { selector: "edge[?group]", style: { "line-style": "dashed" } },
    { selector: ".wb-hidden", style: { display: "none" } },
    { selector: ".wb-faded", style: { opacity: 0.15 } },
    {
      selector: "edge.wb-near",
      style: { width: 2.5, "line-color": "#1f3a5f", "target-arrow-color": "#1f3a5f" }
    },
    {
      selector: "node.wb-picked",
      style: { "overlay-color": "#1f3a5f", "overlay-opacity": 0.25, "overlay-padding": 6 }
    }
  );

  function draw(data) {
    container.textContent = "";
    var start = layeredPositions(data.nodes, data.edges);
    var els = elements(data);
    els.forEach(function (el) {
      if (el.group === "nodes") { el.position = start[el.data.id]; }
    });
    cy = cytoscape({
      container: container,
      elements: els,
      style: STYLE,
      layout: { name: "preset" },
      minZoom: 0.1,
      maxZoom: 3,
      boxSelectionEnabled: false,
      autoungrabify: false
    });
    runLayout(layoutSelect.value, data);
    cy.on("tap", "node", function (event) { pick(event.target.id()); });
    // Of a large map the server chose the part drawn: a new choice is a new
    // part, asked for with the form ("Toon"), not filtered here.
    if (!config.partial) {
      [kindSelect, partySelect, vitalBox].forEach(function (control) {
        control.addEventListener("change", applyFilters);
      });
      nodeSelect.addEventListener("change", function () { pick(nodeSelect.value); });
    }
    layoutSelect.addEventListener("change", function () { runLayout(layoutSelect.value, data); });
    document.getElementById("wb-layout-choice").hidden = false;
    var zoom = document.getElementById("wb-zoom");
    zoom.hidden = false;
    zoom.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) { return; }
      var how = button.getAttribute("data-zoom");
      if (how === "fit") {
        cy.animate({ fit: { eles: cy.elements(":visible"), padding: 20 }, duration: 300 });
        return;
      }
      var factor = how === "in" ? 1.4 : 1 / 1.4;
      cy.animate({
        zoom: { level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } },
        duration: 200
      });
    });
    applyFilters();
    if (nodeSelect.value) { highlight(nodeSelect.value); }
  }

  // Links to a node (side panel, table) pick it in place instead of reloading.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-node]") : null;
    if (!link || !cy) { return; }
    event.preventDefault();
    pick(link.getAttribute("data-node"), { focus: true });
  });

  fetch(config.data, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    })
    .then(function (data) {
      // Nothing chosen yet on a large map: the page says why there is no drawing.
      if (data.nodes.length) { draw(data); }
    })
    .catch(function () {
      say(status.getAttribute("data-failed"));
    });
})();
