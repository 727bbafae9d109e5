/* Site search that works from disk (file://) as well as from a host, loading only the parts
   of the index a query needs. Every part is a classic script, as a page opened from disk
   cannot fetch files: meta.js says which shards exist; a shard t/xx.js holds the terms
   that start with xx, each with its documents (document number × 2, plus 1 when the term
   is in the title; the numbers written as differences); a chunk d/n.js holds the address,
   title and topic of a run of documents; text/name.js holds one document's words, for the
   snippet under its result. Every word of a query must begin a word of the document;
   documents with the words in their title come first. */
(function () {
  "use strict";
  var SHOWN = 10;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  if (!form || !input || !status || !list) { return; }

  var loaded = {};    // script address -> data, once it has run
  var waiting = {};   // script address -> callbacks to run when it has
  var meta = null;
  var current = null; // the query being shown: {words, found, shown}

  function store(address, data) {
    loaded[address] = data;
    (waiting[address] || []).forEach(function (done) { done(data); });
    delete waiting[address];
  }
  window.sitegenSearch = {
    meta: function (name, data) { meta = data; store("meta.js", data); },
    shard: function (name, data) { store("t/" + name + ".js", data); },
    chunk: function (name, data) { store("d/" + name + ".js", data); },
    text: function (name, data) { store(name, data); }
  };

  function load(address, done) {
    if (Object.prototype.hasOwnProperty.call(loaded, address)) { done(loaded[address]); return; }
    if (waiting[address]) { waiting[address].push(done); return; }
    waiting[address] = [done];
    var script = document.createElement("script");
    script.src = address;
    script.onerror = function () { store(address, null); };
    document.head.appendChild(script);
  }

  function loadAll(addresses, done) {
    var left = addresses.length;
    var found = {};
    if (!left) { done(found); return; }
    addresses.forEach(function (address) {
      load(address, function (data) {
        found[address] = data;
        left -= 1;
        if (!left) { done(found); }
      });
    });
  }

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function wordsOf(query) {
    var seen = {};
    return fold(query).split(/[^a-z0-9]+/).filter(function (w) {
      if (w.length < 2 || seen[w]) { return false; }
      seen[w] = true;
      return true;
    });
  }

  /* The documents holding a term that begins with `word`: number -> 1 if in the title. */
  function postings(shard, word) {
    var found = {};
    if (!shard) { return found; }
    Object.keys(shard).forEach(function (term) {
      if (term.lastIndexOf(word, 0) !== 0) { return; }
      var n = 0;
      shard[term].forEach(function (delta) {
        n += delta;
        var doc = n >> 1;
        found[doc] = Math.max(found[doc] || 0, n & 1);
      });
    });
    return found;
  }

  function search(words, shards) {
    var scores = null;
    words.forEach(function (word) {
      var found = postings(shards["t/" + word.slice(0, 2) + ".js"], word);
      var next = {};
      Object.keys(scores || found).forEach(function (doc) {
        if (Object.prototype.hasOwnProperty.call(found, doc)) {
          next[doc] = (scores ? scores[doc] : 0) + found[doc];
        }
      });
      scores = next;
    });
    return Object.keys(scores || {}).map(Number).sort(function (a, b) {
      return scores[b] - scores[a] || a - b;
    });
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  /* A short piece of text around the first word found, with every word found marked. */
  function snippet(text, words) {
    var folded = fold(text);
    var at = -1;
    words.forEach(function (w) {
      var i = folded.search(new RegExp("(^|[^a-z0-9])" + w));
      if (i !== -1 && (at === -1 || i < at)) { at = i; }
    });
    var start = Math.max(0, at - 80);
    var end = Math.min(text.length, Math.max(at, 0) + 160);
    while (start > 0 && text.charAt(start - 1) !== " ") { start -= 1; }
    while (end < text.length && text.charAt(end) !== " ") { end += 1; }
    var p = element("p", "result-snippet");
    var piece = text.slice(start, end);
    var foldedPiece = folded.slice(start, end);
    var pattern = new RegExp("(^|[^a-z0-9])(" + words.join("|") + ")[a-z0-9]*", "g");
    var last = 0;
    var match;
    if (start > 0) { p.appendChild(document.createTextNode("\u2026 ")); }
    while ((match = pattern.exec(foldedPiece)) !== null) {
      var from = match.index + match[1].length;
      var to = match.index + match[0].length;
      p.appendChild(document.createTextNode(piece.slice(last, from)));
      p.appendChild(element("mark", "", piece.slice(from, to)));
      last = to;
    }
    p.appendChild(document.createTextNode(piece.slice(last)));
    if (end < text.length) { p.appendChild(document.createTextNode(" \u2026")); }
    return p;
  }

  function showMore() {
    var query = current;
    var next = query.found.slice(query.shown, query.shown + SHOWN);
    var chunks = {};
    next.forEach(function (doc) { chunks["d/" + Math.floor(doc / meta.chunk) + ".js"] = true; });
    loadAll(Object.keys(chunks), function (data) {
      var rows = next.map(function (doc) {
        var chunk = data["d/" + Math.floor(doc / meta.chunk) + ".js"] || [];
        return chunk[doc % meta.chunk];
      }).filter(Boolean);
      loadAll(rows.map(function (row) { return row[3]; }), function (texts) {
        if (current !== query) { return; }
        var first = null;
        rows.forEach(function (row) {
          var text = texts[row[3]] || ["", ""];
          var item = element("li", "result");
          var heading = element("h2", "result-title");
          var link = element("a", "", row[1]);
          link.href = row[0];
          heading.appendChild(link);
          item.appendChild(heading);
          item.appendChild(snippet(text[1] || text[0], query.words));
          item.appendChild(element("p", "result-topic", "Topic: " + row[2]));
          list.appendChild(item);
          first = first || link;
        });
        query.shown += next.length;
        if (more) { more.hidden = query.shown >= query.found.length; }
        if (query.moved && first) { first.focus(); }
      });
    });
  }

  function show(query) {
    list.textContent = "";
    if (more) { more.hidden = true; }
    var words = wordsOf(query);
    if (!words.length) { status.textContent = ""; current = null; return; }
    var shardNames = {};
    words.forEach(function (w) { shardNames["t/" + w.slice(0, 2) + ".js"] = true; });
    var mine = current = { words: words, found: [], shown: 0 };
    load("meta.js", function () {
      var wanted = Object.keys(shardNames).filter(function (address) {
        return meta && meta.shards.indexOf(address.slice(2, -3)) !== -1;
      });
      loadAll(wanted, function (shards) {
        if (current !== mine) { return; }
        mine.found = wanted.length === Object.keys(shardNames).length ? search(words, shards) : [];
        var n = mine.found.length;
        status.textContent = n
          ? n + (n === 1 ? " result" : " results") + " for \u201c" + query + "\u201d"
          : "No results for \u201c" + query + "\u201d. Try another word, or browse the topics and the claims checked.";
        if (n) { showMore(); }
      });
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
  if (more) {
    more.addEventListener("click", function () {
      if (current) { current.moved = true; showMore(); }
    });
  }

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    show(initial.trim());
  }
}());
