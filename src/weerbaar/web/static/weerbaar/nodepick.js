// Node ids on a large map, suggested while typing (progressive enhancement:
// without JavaScript the field takes ids as typed and the node search page
// finds them). An input with data-wb-node-search gets a <datalist>, filled
// from the search's JSON (?format=json&q=...): the browser shows it as the
// input's list of suggestions, a combobox to assistive technology. For a
// field of several ids (data-wb-multiple) the suggestions complete the last
// id typed, keeping those before it.
(function () {
  "use strict";
  var WAIT = 250; // ms after the last key before asking
  var count = 0;

  function attach(input) {
    var list = document.createElement("datalist");
    count += 1;
    list.id = "wb-node-suggestions-" + count;
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    var multiple = input.hasAttribute("data-wb-multiple");
    var timer = null;
    var asked = "";

    function split(value) {
      // "a, b, zaa" -> ["a, b, ", "zaa"]
      var m = multiple ? /^(.*[,\s])?([^,\s]*)$/.exec(value) : null;
      return m ? [m[1] || "", m[2]] : ["", value.trim()];
    }

    function ask() {
      var parts = split(input.value);
      var q = parts[1];
      if (q.length < 2 || q === asked) { return; }
      asked = q;
      var url = input.getAttribute("data-wb-node-search") + "?format=json&q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          if (split(input.value)[1] !== q) { return; } // typed on meanwhile
          list.replaceChildren();
          data.results.forEach(function (node) {
            var option = document.createElement("option");
            option.value = parts[0] + node.id;
            option.label = node.label;
            option.textContent = node.label;
            list.appendChild(option);
          });
        })
        .catch(function () { /* no suggestions; typing ids still works */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, WAIT);
    });
  }

  document.querySelectorAll("input[data-wb-node-search]").forEach(attach);
}());
