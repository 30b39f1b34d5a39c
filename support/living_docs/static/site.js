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

  // The first page: list what matches among every capability, rule and example.
  function search() {
    var list = document.getElementById("search-results");
    list.replaceChildren();
    if (!text.value.trim() && !tag.value && !status.value) {
      count.textContent = "";
      return;
    }
    var hits = (window.LIVING_DOCS || []).filter(function (item) {
      return matches(item.name, item.tags, item.statuses);
    });
    hits.forEach(function (item) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.href;
      link.textContent = item.name;
      entry.append(item.kind + ": ", link);
      if (item.in) {
        entry.append(" (in " + item.in + ")");
      }
      list.append(entry);
    });
    count.textContent = hits.length + (hits.length === 1 ? " match" : " matches");
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
