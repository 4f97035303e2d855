/* orggraph report: search and sort the "What became of each unit" tables.
   Unit names are read and compared as text (textContent), never parsed as HTML. */
(function () {
  "use strict";
  /* The page's language (<html lang>) sorts the names and writes the counts: 1.234 in vi. */
  var lang = document.documentElement.lang || "en";
  var collator = new Intl.Collator(lang, {numeric: true, sensitivity: "base"});
  var numbers = new Intl.NumberFormat(lang);

  /* Lower case, without diacritics: "thot" finds "Thốt", "đang" finds "Đảng". */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  function setUp(box) {
    var table = box.querySelector("table.lineage-table");
    var search = box.querySelector("input.lineage-search");
    var count = box.querySelector(".lineage-count");
    var groups = Array.prototype.slice.call(table.tBodies);
    var rows = [];
    var totals = new Map();  /* a group's count as written: with the rows not shown */
    groups.forEach(function (group) {
      totals.set(group, group.querySelector(".group-count").textContent);
      Array.prototype.forEach.call(group.querySelectorAll("tr.unit-row"), function (tr) {
        var cells = Array.prototype.map.call(tr.cells, function (td) {
          return td.textContent.trim();
        });
        rows.push({tr: tr, group: group, cells: cells, order: rows.length,
                   text: fold(cells[0] + " " + cells[2])});
      });
    });

    function filter() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var perGroup = new Map();
      rows.forEach(function (row) {
        var hit = words.every(function (w) { return row.text.indexOf(w) >= 0; });
        row.tr.classList.toggle("filtered", !hit);
        if (hit) {
          shown += 1;
          perGroup.set(row.group, (perGroup.get(row.group) || 0) + 1);
        }
      });
      groups.forEach(function (group) {
        var n = perGroup.get(group) || 0;
        group.classList.toggle("filtered", n === 0);
        group.querySelector(".group-count").textContent =
          words.length ? numbers.format(n) : totals.get(group);
      });
      count.textContent = numbers.format(shown);
    }

    function sortBy(th, column) {
      var down = th.getAttribute("aria-sort") === "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
        cell.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      groups.forEach(function (group) {
        var mine = rows.filter(function (row) { return row.group === group; });
        mine.sort(function (a, b) {
          var c = collator.compare(a.cells[column], b.cells[column]);
          return (down ? -c : c) || a.order - b.order;
        });
        var more = group.querySelector("tr.more");
        mine.forEach(function (row) { group.insertBefore(row.tr, more); });
      });
    }

    search.addEventListener("input", filter);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      th.querySelector("button").addEventListener("click", function () {
        sortBy(th, column);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".lineage"), setUp);
}());
