// Plan review: hovering an item marks its words in the source; clicking the words opens the item.
// Plain script, served by the app (no CDN).
(function () {
  "use strict";
  function sourceMark(id) { return document.getElementById("src-item-" + id); }

  document.querySelectorAll("article.item").forEach(function (article) {
    var id = article.dataset.item;
    function toggle(on) {
      var mark = sourceMark(id);
      if (mark) { mark.classList.toggle("active", on); }
    }
    article.addEventListener("mouseenter", function () {
      toggle(true);
      var mark = sourceMark(id);
      if (mark) { mark.scrollIntoView({ block: "nearest" }); }
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
