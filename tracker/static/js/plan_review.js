// Plan review: hovering an item marks its words in the source; clicking the words opens the item.
// Plain script, served by the app (no CDN).
(function () {
  "use strict";
  function sourceMark(id) { return document.getElementById("src-item-" + id); }
  var pane = document.querySelector(".source-text");

  // Bring the words into view inside the source pane only: where the pane is not beside the items
  // (a phone), scrolling the page to it would pull the item away from under the pointer or finger.
  function showInPane(mark) {
    if (!pane || getComputedStyle(pane).position !== "sticky") { return; }
    var top = mark.offsetParent === pane ? mark.offsetTop : mark.offsetTop - pane.offsetTop;
    if (top < pane.scrollTop || top > pane.scrollTop + pane.clientHeight - mark.offsetHeight) {
      pane.scrollTop = top - pane.clientHeight / 3;
    }
  }

  document.querySelectorAll("article.item").forEach(function (article) {
    var id = article.dataset.item;
    function toggle(on) {
      var mark = sourceMark(id);
      if (mark) { mark.classList.toggle("active", on); }
    }
    article.addEventListener("mouseenter", function () {
      toggle(true);
      var mark = sourceMark(id);
      if (mark) { showInPane(mark); }
    });
    article.addEventListener("mouseleave", function () { toggle(false); });
  });

  document.querySelectorAll("mark.src-item").forEach(function (mark) {
    mark.addEventListener("click", function (event) {
      event.stopPropagation();
      var article = document.getElementById("item-" + mark.dataset.item);
      if (!article) { return; }
      article.scrollIntoView({ behavior: "smooth", block: "center" });
      article.classList.add("active");
      window.setTimeout(function () { article.classList.remove("active"); }, 1500);
    });
  });
})();
