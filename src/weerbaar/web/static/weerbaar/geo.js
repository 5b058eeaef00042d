/* The geographic map: a Leaflet map with one labelled marker per place.

   Tiles come from the configured tile server; without one (or when tiles do
   not load) the markers still stand in their place on a plain background.
   Nodes at the same place (a town hall holds a server room, a crisis room and
   a network) share one marker that counts them by state, instead of stacking
   unreadable labels. Marker text is set with textContent, never as HTML. */
(function () {
  "use strict";

  var configNode = document.getElementById("wb-geo-config");
  var container = document.getElementById("wb-geo");
  if (!configNode || !container || typeof L === "undefined") {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var text = config.text;
  var SYMBOLS = { down: "✕", up: "✓", none: "•" };

  container.textContent = "";
  // Leaflet's own zoom buttons are titled in English; ours speak the page's language.
  var map = L.map(container, { scrollWheelZoom: false, zoomControl: false });
  L.control.zoom({ zoomInTitle: text.zoomIn, zoomOutTitle: text.zoomOut }).addTo(map);
  if (config.tiles) {
    L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
  } else if (config.attribution) {
    map.attributionControl.addAttribution(config.attribution);
  }

  function span(className, content) {
    var node = document.createElement("span");
    if (className) { node.className = className; }
    node.textContent = content;
    return node;
  }

  // The worst state at a place colours its marker: down beats up beats none.
  function stateOf(group) {
    if (group.some(function (m) { return m.state === "down"; })) { return "down"; }
    if (group.some(function (m) { return m.state === "up"; })) { return "up"; }
    return "none";
  }

  function counts(group) {
    var byState = {};
    group.forEach(function (m) { byState[m.state] = (byState[m.state] || 0) + 1; });
    return ["down", "up", "none"].filter(function (s) { return byState[s]; }).map(function (s) {
      return { state: s, count: byState[s] };
    });
  }

  function pill(group) {
    var outer = document.createElement("span");
    outer.className = "wb-marker__pill wb-marker__pill--" + stateOf(group);
    if (group.length === 1) {
      var m = group[0];
      outer.appendChild(span("wb-marker__symbol", SYMBOLS[m.state]));
      outer.appendChild(span("wb-marker__label", (m.vital ? "★ " : "") + m.label));
      return outer;
    }
    var parts = counts(group);
    parts.forEach(function (c) {
      var label = parts.length > 1 ? SYMBOLS[c.state] + " " + c.count : SYMBOLS[c.state];
      outer.appendChild(span("wb-marker__symbol", label));
    });
    outer.appendChild(span("wb-marker__label", text.group.replace("{n}", group.length)));
    return outer;
  }

  function summary(group) {
    return group.map(function (m) { return m.label + ": " + m.state_label; }).join("; ");
  }

  function popup(group) {
    var list = document.createElement("ul");
    list.className = "wb-popup";
    group.forEach(function (m) {
      var item = document.createElement("li");
      item.appendChild(span("wb-marker__symbol", SYMBOLS[m.state] + " "));
      item.appendChild(span("", (m.vital ? "★ " : "") + m.label + " (" + m.kind_label + "): "));
      item.appendChild(span("wb-state wb-state--" + m.state, m.state_label));
      list.appendChild(item);
    });
    return list;
  }

  var places = {};
  var order = [];
  config.markers.forEach(function (m) {
    var key = m.lat.toFixed(4) + "," + m.lon.toFixed(4);
    if (!places[key]) { places[key] = []; order.push(key); }
    places[key].push(m);
  });
  var points = [];
  order.forEach(function (key) {
    var group = places[key];
    var at = [group[0].lat, group[0].lon];
    points.push(at);
    L.marker(at, {
      icon: L.divIcon({ className: "wb-marker", html: pill(group), iconSize: null }),
      title: summary(group),
      alt: summary(group),
      keyboard: true,
      riseOnHover: true,
      // Places with something down on top: those are what the reader looks for.
      zIndexOffset: stateOf(group) === "down" ? 1000 : 0
    })
      .bindPopup(popup(group))
      .addTo(map);
  });
  // Zoomed out, names would cover each other: markers then show their state
  // symbol only, and the names come back when zooming in (or in the list).
  var NAMES_FROM_ZOOM = 14;
  function names() {
    container.classList.toggle("wb-geo--far", map.getZoom() < NAMES_FROM_ZOOM);
  }
  map.on("zoomend", names);
  if (points.length === 1) {
    map.setView(points[0], 14);
  } else if (points.length) {
    map.fitBounds(L.latLngBounds(points), { padding: [40, 40], maxZoom: 15 });
  }
  names();
})();
