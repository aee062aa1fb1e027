// The search page: the site's only script. It runs the Pagefind index that `reader build`
// writes into pagefind/. A classic script, not a module, so that opened from a file it still
// runs and can say why search cannot work there, without an error.
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var MAX_RESULTS = 20;
  var TYPING_PAUSE_MS = 250;

  if (!form || !input || !status || !list) {
    return;
  }

  if (window.location.protocol === "file:") {
    // Browsers do not let a page opened from a file load the index (a module and WebAssembly
    // fetched from disk), so search is not even tried: the page says so instead of failing.
    status.textContent =
      "Search does not work on pages opened from a file: browsers block the search index " +
      "there. Serve the site’s folder with a web server (for example, run " +
      "“python3 -m http.server” in it and open http://localhost:8000/search/), " +
      "or browse the articles by stance or on the timeline.";
    return;
  }

  var root = new URL(form.getAttribute("data-root"), window.location.href);
  var bundle = new URL(form.getAttribute("data-bundle"), window.location.href);
  // The index is made in shards, each a bundle of its own: the first runs the search, and the
  // others are merged into it.
  var shards = (form.getAttribute("data-merge") || "").split(" ").filter(Boolean).map(
    function (path) { return new URL(path, window.location.href).pathname; }
  );
  var labels = {};
  form.querySelectorAll("input[name=stance]").forEach(function (radio) {
    if (radio.value) {
      labels[radio.value] = radio.getAttribute("data-label");
    }
  });

  var loading = null;
  var latest = 0;
  var timer = null;

  function engine() {
    if (!loading) {
      loading = import(bundle.href).then(function (pagefind) {
        // No worker: the whole search then runs under this page's own security policy. Result
        // addresses start from the site's root, wherever the site is served.
        var options = { noWorker: true, baseUrl: new URL(".", root).pathname, excerptLength: 24 };
        return pagefind
          .options(options)
          .then(function () {
            return Promise.all(
              shards.map(function (path) {
                return pagefind.mergeIndex(path, { baseUrl: options.baseUrl });
              })
            );
          })
          .then(function () {
            return pagefind;
          });
      });
    }
    return loading;
  }

  function chosenStance() {
    var checked = form.querySelector("input[name=stance]:checked");
    return checked ? checked.value : "";
  }

  function appendExcerpt(parent, html) {
    // The excerpt is HTML with <mark> around matches: keep its text and marks, nothing else.
    var parsed = new DOMParser().parseFromString(html, "text/html");
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function showResults(term, stance, found, data) {
    list.replaceChildren();
    data.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "search-result";
      var heading = document.createElement("h2");
      heading.className = "search-result__title";
      var link = document.createElement("a");
      link.href = new URL(item.url, window.location.href).href;
      link.textContent = (item.meta && item.meta.title) || item.url;
      heading.appendChild(link);
      li.appendChild(heading);
      var keys = (item.filters && item.filters.stance) || [];
      if (keys.length) {
        var badge = document.createElement("p");
        badge.className = "search-result__stance";
        badge.textContent = keys.map(function (key) { return labels[key] || key; }).join(", ");
        li.appendChild(badge);
      }
      if (item.excerpt) {
        var excerpt = document.createElement("p");
        excerpt.className = "search-result__excerpt";
        appendExcerpt(excerpt, item.excerpt);
        li.appendChild(excerpt);
      }
      list.appendChild(li);
    });
    var where = stance ? " among " + labels[stance] + " articles" : "";
    var what = term ? " for “" + term + "”" : "";
    var count = found === 1 ? "1 page" : found + " pages";
    var shown = found > data.length ? " (the first " + data.length + " shown)" : "";
    status.textContent = found
      ? count + " found" + what + where + shown + "."
      : "Nothing found" + what + where + ".";
  }

  function run() {
    var term = input.value.trim();
    var stance = chosenStance();
    var ticket = ++latest;
    updateAddress(term, stance);
    if (!term && !stance) {
      list.replaceChildren();
      status.textContent = "Type words to find, or choose a stance to list its articles.";
      return;
    }
    status.textContent = "Searching…";
    engine()
      .then(function (pagefind) {
        var options = stance ? { filters: { stance: stance } } : {};
        return pagefind.search(term || null, options);
      })
      .then(function (search) {
        var results = search.results;
        return Promise.all(
          results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); })
        ).then(function (data) {
          if (ticket === latest) {
            showResults(term, stance, results.length, data);
          }
        });
      })
      .catch(function (error) {
        if (ticket === latest) {
          list.replaceChildren();
          status.textContent = "Search could not load its index: " + error.message;
        }
      });
  }

  function updateAddress(term, stance) {
    var params = new URLSearchParams();
    if (term) params.set("q", term);
    if (stance) params.set("stance", stance);
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, TYPING_PAUSE_MS);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    run();
  });
  input.addEventListener("input", soon);
  form.querySelectorAll("input[name=stance]").forEach(function (radio) {
    radio.addEventListener("change", run);
  });

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  var wanted = form.querySelector("input[name=stance][value='" + CSS.escape(params.get("stance") || "") + "']");
  if (wanted) {
    wanted.checked = true;
  }
  form.hidden = false;
  status.textContent = "Type words to find, or choose a stance to list its articles.";
  if (input.value || chosenStance()) {
    run();
  }
})();
