/* Site search that works from disk (file://) as well as from a host: the index is a
   classic script (search-index.js) that sets window.SEARCH_INDEX, built with the site.
   Each entry: [url, title, summary, topic, risks, claims, headings]. Every word of the
   query must appear (as the start of a word) somewhere; title matches rank first. */
(function () {
  "use strict";
  var WEIGHTS = [0, 12, 3, 4, 3, 2, 2];
  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var index = window.SEARCH_INDEX || [];
  if (!form || !input || !status || !list) { return; }

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var folded = index.map(function (doc) { return doc.map(fold); });

  function matches(text, word) {
    var at = text.indexOf(word);
    while (at !== -1) {
      if (at === 0 || /[^a-z0-9]/.test(text.charAt(at - 1))) { return true; }
      at = text.indexOf(word, at + 1);
    }
    return false;
  }

  function search(query) {
    var words = fold(query).split(/[^a-z0-9%]+/).filter(Boolean);
    if (!words.length) { return null; }
    var found = [];
    folded.forEach(function (doc, i) {
      var score = 0;
      for (var w = 0; w < words.length; w++) {
        var best = 0;
        for (var f = 1; f < doc.length; f++) {
          if (matches(doc[f], words[w])) { best = Math.max(best, WEIGHTS[f]); }
        }
        if (!best) { return; }
        score += best;
      }
      found.push({ doc: index[i], score: score });
    });
    found.sort(function (a, b) {
      return b.score - a.score || a.doc[1].localeCompare(b.doc[1]);
    });
    return found;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  function show(query) {
    list.textContent = "";
    var results = search(query);
    if (results === null) { status.textContent = ""; return; }
    if (!results.length) {
      status.textContent = "No results for \u201c" + query + "\u201d. Try another word, or browse the topics and the claims checked.";
      return;
    }
    status.textContent = results.length + (results.length === 1 ? " result" : " results") +
      " for \u201c" + query + "\u201d";
    results.slice(0, 100).forEach(function (result) {
      var doc = result.doc;
      var item = element("li", "result");
      var heading = element("h2", "result-title");
      var link = element("a", "", doc[1]);
      link.href = doc[0];
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(element("p", "", doc[2]));
      item.appendChild(element("p", "result-topic", "Topic: " + doc[3]));
      list.appendChild(item);
    });
  }

  function remember(query) {
    try {
      var url = new URL(window.location.href);
      if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url.toString());
    } catch (e) { /* some browsers refuse this for file:// pages; search still works */ }
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { show(input.value.trim()); remember(input.value.trim()); }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value.trim());
    remember(input.value.trim());
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    show(initial.trim());
  }
}());
