// Report preview: clicking a sentence (or pressing Enter on it) lists the records it came from.
// Everything is written with textContent: recorded text never becomes markup.
(function () {
  "use strict";
  var data = document.getElementById("report-sources");
  var panel = document.getElementById("report-sources-panel");
  if (!data || !panel) { return; }
  var sources = JSON.parse(data.textContent);
  var list = panel.querySelector("ul.sources");
  var chosen = panel.querySelector(".chosen");
  var hint = panel.querySelector(".hint");
  var current = null;

  function show(sentence) {
    if (current) { current.classList.remove("selected"); }
    current = sentence;
    sentence.classList.add("selected");
    hint.hidden = true;
    chosen.hidden = false;
    chosen.textContent = "“" + sentence.textContent + "”";
    list.textContent = "";
    var refs = (sentence.getAttribute("data-sources") || "").split(" ").filter(Boolean);
    if (!refs.length) {
      var none = document.createElement("li");
      none.className = "unsourced";
      none.textContent = "这句话没有记录来源，请修改措辞模板。";
      list.appendChild(none);
      return;
    }
    refs.forEach(function (ref) {
      var info = sources[ref];
      if (!info) { return; }
      var item = document.createElement("li");
      item.setAttribute("data-ref", ref);
      var label = document.createElement(info.href ? "a" : "strong");
      if (info.href) { label.href = info.href; }
      label.textContent = info.label;
      item.appendChild(label);
      if (info.detail) {
        var detail = document.createElement("div");
        detail.className = "detail";
        detail.textContent = info.detail;
        item.appendChild(detail);
      }
      list.appendChild(item);
    });
  }

  document.addEventListener("click", function (event) {
    var sentence = event.target.closest(".sentence");
    if (sentence) { show(sentence); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.classList && event.target.classList.contains("sentence")) {
      show(event.target);
    }
  });
})();
