// The living documentation's search and filters. An enhancement only: with scripts
// off the forms stay hidden and every page still shows everything.
(function () {
  "use strict";

  var form = document.getElementById("filters");
  if (!form) {
    return;
  }
  var find = document.getElementById("find"); // only on the first page
  var text = form.elements.text;
  var tag = form.elements.tag;
  var status = form.elements.status;
  var count = document.getElementById("filter-count");

  function matches(name, tags, statuses) {
    var words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var haystack = name.toLowerCase();
    return (
      words.every(function (word) { return haystack.indexOf(word) !== -1; }) &&
      (!tag.value || tags.indexOf(tag.value) !== -1) &&
      (!status.value || statuses.indexOf(status.value) !== -1)
    );
  }

  function plural(number, word) {
    return number + " " + word + (number === 1 ? "" : "s");
  }

  // A capability's page: hide the examples that do not match, and rules left empty.
  function filterPage() {
    var examples = document.querySelectorAll("[data-example]");
    var shown = 0;
    examples.forEach(function (example) {
      var keep = matches(
        example.dataset.name,
        example.dataset.tags.split(" "),
        example.dataset.statuses.split("|")
      );
      example.hidden = !keep;
      shown += keep ? 1 : 0;
    });
    document.querySelectorAll("[data-section]").forEach(function (section) {
      section.hidden = !section.querySelector("[data-example]:not([hidden])");
    });
    count.textContent = shown + " of " + plural(examples.length, "example") + " shown";
  }

  // The first page: what matches among every capability, rule and example, grouped by
  // capability. Each word typed must begin a word of an item's name or of its text (its
  // description, steps, table cells and doc strings); a phrase of the list of synonyms
  // (search-index.js) may be found as itself or as any of its other words.
  // The query's terms: each a list of words, any one of which will do.
  function terms(query) {
    var synonyms = window.LIVING_DOCS_SYNONYMS || {};
    var phrases = Object.keys(synonyms).sort(function (a, b) { return b.length - a.length; });
    var rest = " " + query.toLowerCase().split(/\s+/).join(" ") + " ";
    var found = [];
    phrases.forEach(function (phrase) {
      var at = rest.indexOf(" " + phrase + " ");
      if (at !== -1) {
        var others = synonyms[phrase].map(function (word) { return word.toLowerCase(); });
        found.push([phrase].concat(others));
        rest = rest.slice(0, at) + rest.slice(at + phrase.length + 1);
      }
    });
    rest.split(" ").filter(Boolean).forEach(function (word) { found.push([word]); });
    return found;
  }

  // Where ``word`` begins a word of ``text`` (both in lower case), from ``from``; -1 if nowhere.
  function wordAt(text, word, from) {
    var at = text.indexOf(word, from || 0);
    while (at > 0 && /[\p{L}\p{N}]/u.test(text.charAt(at - 1))) {
      at = text.indexOf(word, at + 1);
    }
    return at;
  }

  function has(text, term) {
    var lower = text.toLowerCase();
    return term.some(function (word) { return wordAt(lower, word) !== -1; });
  }

  // ``text`` with every place a word of ``words`` begins a word marked.
  function marked(text, words) {
    var lower = text.toLowerCase();
    var spans = [];
    words.forEach(function (word) {
      for (var at = wordAt(lower, word); at !== -1; at = wordAt(lower, word, at + word.length)) {
        spans.push([at, at + word.length]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var fragment = document.createDocumentFragment();
    var done = 0;
    spans.forEach(function (span) {
      if (span[1] <= done) {
        return;
      }
      var from = Math.max(span[0], done);
      fragment.append(text.slice(done, from));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(from, span[1]);
      fragment.append(mark);
      done = span[1];
    });
    fragment.append(text.slice(done));
    return fragment;
  }

  // The line of an item's text that holds a word searched for, cut around it.
  function excerpt(item, wanted, words) {
    var line = (item.text || []).find(function (said) {
      return wanted.some(function (term) { return has(said, term); });
    });
    if (!line) {
      return null;
    }
    var lower = line.toLowerCase();
    var first = Math.min.apply(null, words.map(function (word) {
      var at = wordAt(lower, word);
      return at === -1 ? line.length : at;
    }));
    var start = Math.max(0, first - 60);
    var end = Math.min(line.length, first + 100);
    var cut = (start > 0 ? "…" : "") + line.slice(start, end) + (end < line.length ? "…" : "");
    var said = document.createElement("p");
    said.className = "search-excerpt";
    said.append(marked(cut, words));
    return said;
  }

  function search() {
    var list = document.getElementById("search-results");
    list.replaceChildren();
    if (!text.value.trim() && !tag.value && !status.value) {
      count.textContent = "";
      return;
    }
    var items = window.LIVING_DOCS || [];
    var wanted = terms(text.value);
    var words = [].concat.apply([], wanted);
    var groups = new Map();
    items.forEach(function (item) {
      var page = item.href.split("#")[0];
      if (item.kind === "Capability") {
        groups.set(page, { capability: item, hits: [] });
      }
      var whole = item.name + "\n" + (item.text || []).join("\n");
      var found =
        (!tag.value || item.tags.indexOf(tag.value) !== -1) &&
        (!status.value || item.statuses.indexOf(status.value) !== -1) &&
        wanted.every(function (term) { return has(whole, term); });
      if (found && groups.has(page)) {
        groups.get(page).hits.push(item);
      }
    });
    var hits = 0;
    var shown = 0;
    groups.forEach(function (group, page) {
      if (!group.hits.length) {
        return;
      }
      hits += group.hits.length;
      shown += 1;
      var lang = group.capability.lang || "en";
      var entry = document.createElement("li");
      entry.className = "search-group";
      var heading = document.createElement("h3");
      var link = document.createElement("a");
      link.href = page;
      link.lang = lang;
      link.append(marked(group.capability.name, words));
      heading.append(link);
      var found = document.createElement("ul");
      group.hits.forEach(function (item) {
        var hit = document.createElement("li");
        var to = document.createElement("a");
        to.href = item.href;
        to.lang = lang;
        to.append(marked(item.name, words));
        hit.append(item.kind + ": ", to);
        if (item.rule) {
          var rule = document.createElement("span");
          rule.lang = lang;
          rule.append(marked(item.rule, words));
          hit.append(" (rule: ", rule, ")");
        }
        var said = excerpt(item, wanted, words);
        if (said) {
          said.lang = lang;
          hit.append(said);
        }
        found.append(hit);
      });
      entry.append(heading, found);
      list.append(entry);
    });
    count.textContent =
      hits + (hits === 1 ? " match" : " matches") +
      (shown ? " in " + shown + (shown === 1 ? " capability" : " capabilities") : "");
  }

  var update = find ? search : filterPage;
  form.hidden = false;
  if (find) {
    find.hidden = false;
  }
  // "input" fires for the selects too; "change" would also fire when the text field
  // loses focus, rebuilding the results under a pointer that is about to follow one.
  form.addEventListener("input", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
})();
