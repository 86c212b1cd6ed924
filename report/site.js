/* Chiffres clés — the few behaviours of the HTML site of the built-in engine (no framework):
 *
 * - on a narrow screen the contents (« Sommaire ») fold behind a button (aria-expanded), and
 *   the page's list of tables is closed;
 * - search over the whole publication: the index (search-index.js, written at render time by
 *   chiffres_cles.render.search) is loaded as a script on first use, so that the search works
 *   on a web server and from the files opened on disk alike; the words typed are looked for at
 *   the start of the words of table titles, row and column labels (with the codes of centres and
 *   EPN), chart titles and descriptions, headings and text, accents and case ignored; the
 *   results come best first (title, then row labels, then text), the numbered tables first
 *   among equals.
 */
(function () {
  "use strict";

  var NARROW = "(max-width: 60rem)";
  var MAX_SHOWN = 40;

  function narrow() {
    return window.matchMedia && window.matchMedia(NARROW).matches;
  }

  // -- contents behind a button on a narrow screen -----------------------------------------
  function setupMenu() {
    var button = document.querySelector(".cc-menu");
    var nav = document.getElementById("cc-sommaire");
    if (!button || !nav) return;
    button.hidden = false;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      document.body.classList.toggle("cc-nav-open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow() && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
    var toc = document.querySelector(".cc-page-toc details");
    if (toc && narrow()) toc.open = false;
  }

  // -- search ----------------------------------------------------------------------------------
  function normalise(text) {
    return (" " + String(text)).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae")
      .replace(/[^a-z0-9]+/g, " ");
  }

  function setupSearch() {
    var form = document.querySelector(".cc-search");
    var panel = document.getElementById("cc-resultats");
    if (!form || !panel) return;
    var input = form.querySelector("input");
    var list = panel.querySelector(".cc-results-list");
    var count = panel.querySelector(".cc-results-count");
    var status = document.getElementById("cc-search-status");
    var root = form.getAttribute("data-root") || "";
    var index = null, loading = false, waiting = null, timer = null;
    form.hidden = false;

    function prepare(data) {
      data.items.forEach(function (item) {
        item.nTitle = normalise(item.t);
        item.nText = normalise(item.x || "");
        item.nRows = (item.r || []).map(normalise);
      });
      return data;
    }

    function load(then) {
      if (index) return then();
      waiting = then;
      if (loading) return;
      loading = true;
      var script = document.createElement("script");
      script.src = root + "search-index.js";
      script.onload = function () {
        index = prepare(window.ccSearchIndex || { pages: [], items: [] });
        if (waiting) waiting();
      };
      script.onerror = function () {
        loading = false;
        say("L’index de recherche est introuvable.");
      };
      document.head.appendChild(script);
    }

    function say(text) {
      count.textContent = text;
      if (status) status.textContent = text;
    }

    function has(text, token) {
      return text.indexOf(" " + token) >= 0;
    }

    // A long text cut around the first word that starts with one of the tokens.
    function excerpt(text, tokens, room) {
      if (text.length <= room) return text;
      var flat = " ", map = [0];
      for (var i = 0; i < text.length; i++) {
        var n = normalise(text[i]).slice(1) || " ";
        for (var k = 0; k < n.length; k++) { flat += n[k]; map.push(i); }
      }
      var at = -1;
      tokens.forEach(function (token) {
        var found = flat.indexOf(" " + token);
        if (found >= 0 && (at < 0 || found < at)) at = found;
      });
      var hit = at < 0 ? 0 : map[Math.min(at + 1, map.length - 1)];
      var start = Math.max(0, hit - Math.floor(room / 3));
      var space = text.indexOf(" ", start);
      if (start > 0 && space >= 0 && space < hit) start = space + 1;   // from the start of a word
      var end = Math.min(text.length, start + room);
      return (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "");
    }

    function rank(item) {
      if (/^t\d+$/.test(item.a || "")) return 0;
      return /^g\d+$/.test(item.a || "") ? 1 : 2;
    }

    function find(query) {
      var tokens = normalise(query).split(" ").filter(Boolean);
      if (!tokens.length) return [];
      var found = [];
      index.items.forEach(function (item, order) {
        var score = 0, rows = [], inText = false;
        for (var i = 0; i < tokens.length; i++) {
          var token = tokens[i];
          if (has(item.nTitle, token)) { score += 3; continue; }
          var inRows = false;
          for (var j = 0; j < item.nRows.length; j++) {
            if (has(item.nRows[j], token)) {
              inRows = true;
              if (rows.indexOf(j) < 0) rows.push(j);
            }
          }
          if (inRows) { score += 2; continue; }
          if (has(item.nText, token)) { score += 1; inText = true; continue; }
          return;
        }
        found.push({ item: item, score: score, order: order, rows: rows, inText: inText });
      });
      // the best first; among equals, the publication's tables, then its charts, then the rest
      found.sort(function (a, b) {
        return b.score - a.score || rank(a.item) - rank(b.item) || a.order - b.order;
      });
      return found;
    }

    function element(tag, className, text) {
      var el = document.createElement(tag);
      if (className) el.className = className;
      if (text) el.textContent = text;
      return el;
    }

    function show(query) {
      var found = find(query);
      var tokens = normalise(query).split(" ").filter(Boolean);
      list.textContent = "";
      found.slice(0, MAX_SHOWN).forEach(function (hit) {
        var item = hit.item, page = index.pages[item.p];
        var li = element("li");
        var a = element("a", null, item.t);
        a.href = root + page[0] + (item.a ? "#" + item.a : "");
        li.appendChild(a);
        li.appendChild(element("span", "cc-result-where", item.k + " · " + page[1]));
        if (hit.rows.length) {
          var labels = hit.rows.slice(0, 4).map(function (j) { return excerpt(item.r[j], tokens, 120); });
          var more = hit.rows.length > 4 ? " …" : "";
          var rows = hit.rows.length > 1 ? "Lignes : " : "Ligne : ";
          li.appendChild(element("span", "cc-result-rows", rows + labels.join(" ; ") + more));
        } else if (hit.inText && item.x) {
          li.appendChild(element("span", "cc-result-rows", excerpt(item.x, tokens, 160)));
        }
        list.appendChild(li);
      });
      var shown = Math.min(found.length, MAX_SHOWN);
      var text;
      if (!found.length) text = "Aucun résultat pour « " + query + " ».";
      else if (found.length === 1) text = "1 résultat pour « " + query + " ».";
      else text = found.length + " résultats pour « " + query + " »" +
        (shown < found.length ? " (les " + shown + " premiers)." : ".");
      say(text);
      panel.hidden = false;
    }

    function run() {
      var query = input.value.trim();
      if (query.length < 2) {
        panel.hidden = true;
        list.textContent = "";
        return;
      }
      load(function () { show(query); });
    }

    function close() {
      panel.hidden = true;
    }

    input.addEventListener("focus", function () { load(function () {}); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    panel.querySelector(".cc-results-close").addEventListener("click", function () {
      close();
      input.focus();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); input.focus(); }
    });
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) close();
    });
  }

  function start() {
    setupMenu();
    setupSearch();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
