(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("drill-data").textContent);
  var themeSel = document.getElementById("drill-theme");
  var sentSel = document.getElementById("drill-sentiment");
  var periodSel = document.getElementById("drill-period");
  var segSels = Array.prototype.slice.call(document.querySelectorAll("#drill select[data-segment]"));
  var body = document.getElementById("drill-rows");
  var count = document.getElementById("drill-count");

  function fill(sel, values) {
    while (sel.options.length > 1) { sel.remove(1); }
    values.forEach(function (v) { sel.add(new Option(v, v)); });
    sel.value = "";
  }
  function distinct(list) {
    var seen = {}, out = [];
    list.forEach(function (v) { if (v !== null && v !== undefined && !seen[v]) { seen[v] = true; out.push(v); } });
    return out.sort();
  }
  function theme() { return data.themes[themeSel.selectedIndex]; }
  function resetFilters() {
    var cs = theme().comments;
    fill(sentSel, distinct(cs.map(function (c) { return c.sentiment; })));
    if (periodSel) { fill(periodSel, distinct(cs.map(function (c) { return c.period; }))); }
    segSels.forEach(function (s) {
      var col = s.getAttribute("data-segment");
      fill(s, distinct(cs.map(function (c) { return c.segments[col]; })));
    });
  }
  function keep(c) {
    if (sentSel.value && c.sentiment !== sentSel.value) { return false; }
    if (periodSel && periodSel.value && c.period !== periodSel.value) { return false; }
    return segSels.every(function (s) { return !s.value || c.segments[s.getAttribute("data-segment")] === s.value; });
  }
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "–" : String(text);
    if (cls) { td.className = cls; }
    tr.appendChild(td);
  }
  function render() {
    var t = theme(), shown = t.comments.filter(keep);
    while (body.firstChild) { body.removeChild(body.firstChild); }
    shown.forEach(function (c) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-row", String(c.row));
      cell(tr, c.id !== null ? c.id : "row " + c.row);
      cell(tr, c.sentiment, "tone " + c.sentiment);
      if (periodSel) { cell(tr, c.period); }
      segSels.forEach(function (s) { cell(tr, c.segments[s.getAttribute("data-segment")]); });
      cell(tr, c.text, "quote");
      body.appendChild(tr);
    });
    count.textContent = "Showing " + shown.length + " of " + t.comments.length + " sampled comments (" +
      t.mentions + " mentions of " + t.label + ")";
  }
  data.themes.forEach(function (t) { themeSel.add(new Option(t.label + " (" + t.mentions + ")", t.id)); });
  themeSel.addEventListener("change", function () { resetFilters(); render(); });
  [sentSel, periodSel].concat(segSels).forEach(function (s) { if (s) { s.addEventListener("change", render); } });
  resetFilters();
  render();
}());
