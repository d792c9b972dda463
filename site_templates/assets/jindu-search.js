/* jindu search: the header's search box, answered from the Pagefind index at pagefind/.
 *
 * The index holds tokens (jindu/site/vocabulary.py): the words of each text, cut with the
 * portfolio's vocabulary, and the character bigrams of each run of Chinese characters.
 * A query is asked twice: as typed (a whole word matches a word token) and with each
 * Chinese run of three or more characters as its bigrams (签约服务 → 签约 约服 服务), so a
 * term is found however the index's segmenter cut it. Pages the first asking found come
 * first; within each, a page whose title holds the whole query, then one whose text does.
 * A large portfolio's index comes in parts, listed in pagefind/jindu-parts.json and merged.
 * Results use Material's classes so they look like Material's search. Plan text is
 * untrusted: everything is put on the page as text nodes, never as HTML.
 */
(function () {
  "use strict";
  var input = document.getElementById("jd-search-input");
  if (!input) return;
  var script = document.currentScript;
  var root = new URL("..", script ? script.src : location.href); // assets/ sits at the site root
  var toggle = document.getElementById("__search");
  var box = document.getElementById("jd-search-results");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var LOAD = 40; // results whose data is loaded to rank them
  var SHOW = 30;
  var loading = null;
  var latest = 0;

  function words(name, n) {
    return (input.getAttribute("data-" + name) || "").replace("{n}", String(n));
  }

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(async function (pagefind) {
        await pagefind.options({ baseUrl: root.pathname, excerptLength: 0 });
        // A large portfolio's index comes in parts (site/search.py): the others are merged.
        var listed = await fetch(new URL("pagefind/jindu-parts.json", root)).then(function (r) {
          return r.ok ? r.json() : [];
        }, function () { return []; });
        for (var i = 0; i < listed.length; i++) {
          await pagefind.mergeIndex(new URL("pagefind/" + listed[i], root).href, { baseUrl: root.pathname });
        }
        return pagefind;
      });
    }
    return loading;
  }

  function spaced(query) {
    return query.replace(HAN, function (run) { return " " + run + " "; }).replace(/\s+/g, " ").trim();
  }

  function bigrams(query) {
    return query.replace(HAN, function (run) {
      if (run.length <= 2) return " " + run + " ";
      var pairs = [];
      for (var i = 0; i + 2 <= run.length; i++) pairs.push(run.slice(i, i + 2));
      return " " + pairs.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }

  function rank(data, query) {
    var q = query.toLowerCase();
    var title = (data.meta.title || "").toLowerCase();
    if (title === q) return 0;
    if (title.indexOf(q) >= 0) return 1;
    if ((data.meta.text || "").toLowerCase().indexOf(q) >= 0) return 2;
    return 3;
  }

  function snippet(text, query) {
    var p = document.createElement("p");
    if (!text) return p;
    var lower = text.toLowerCase();
    var q = query.toLowerCase();
    var at = lower.indexOf(q);
    var length = q.length;
    if (at < 0) {
      var parts = bigrams(query).toLowerCase().split(" ");
      for (var i = 0; i < parts.length && at < 0; i++) {
        if (parts[i]) { at = lower.indexOf(parts[i]); length = parts[i].length; }
      }
    }
    var start = Math.max(0, at - 30);
    var end = Math.min(text.length, (at < 0 ? 0 : at + length) + 80);
    if (start > 0) p.appendChild(document.createTextNode("…"));
    if (at < 0) {
      p.appendChild(document.createTextNode(text.slice(0, end)));
    } else {
      p.appendChild(document.createTextNode(text.slice(start, at)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(at, at + length);
      p.appendChild(mark);
      p.appendChild(document.createTextNode(text.slice(at + length, end)));
    }
    if (end < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function item(data, query) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var h = document.createElement("h1");
    h.textContent = data.meta.title || data.url;
    article.appendChild(h);
    if (data.meta.context) {
      var context = document.createElement("p");
      context.className = "jd-search-context";
      context.textContent = data.meta.context;
      article.appendChild(context);
    }
    if (data.meta.text) article.appendChild(snippet(data.meta.text, query));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function show(message, items) {
    meta.textContent = message;
    list.replaceChildren.apply(list, items || []);
  }

  async function search(query, ticket) {
    var pagefind = await load();
    var asked = [spaced(query)];
    if (bigrams(query) !== asked[0]) asked.push(bigrams(query));
    var seen = new Map();
    for (var i = 0; i < asked.length; i++) {
      var found = await pagefind.search(asked[i]);
      if (ticket !== latest) return;
      (found ? found.results : []).forEach(function (result, order) {
        if (!seen.has(result.id)) seen.set(result.id, { result: result, asked: i, order: order });
      });
    }
    var hits = Array.from(seen.values());
    var loaded = await Promise.all(hits.slice(0, LOAD).map(function (hit) { return hit.result.data(); }));
    if (ticket !== latest) return;
    var ranked = loaded.map(function (data, n) {
      return { data: data, key: [hits[n].asked, rank(data, query), n] };
    });
    ranked.sort(function (x, y) {
      for (var k = 0; k < 3; k++) if (x.key[k] !== y.key[k]) return x.key[k] - y.key[k];
      return 0;
    });
    if (!hits.length) return show(words("none"));
    var message = words("count", hits.length);
    if (hits.length > SHOW) message += "；" + words("more", SHOW);
    show(message, ranked.slice(0, SHOW).map(function (r) { return item(r.data, query); }));
  }

  var timer = null;
  function changed() {
    var query = input.value.trim();
    var ticket = ++latest;
    clearTimeout(timer);
    if (!query) return show(words("type"));
    timer = setTimeout(function () {
      if (!loading) meta.textContent = words("loading");
      search(query, ticket).catch(function () {
        if (ticket === latest) show(words("failed"));
      });
    }, 120);
  }

  input.addEventListener("focus", function () {
    if (toggle) toggle.checked = true;
    load().catch(function () { /* reported when a query is typed */ });
  });
  input.addEventListener("input", changed);
  input.form.addEventListener("reset", function () { setTimeout(changed, 0); });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
    } else if (event.key === "ArrowDown" && document.activeElement === input) {
      var first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
})();
