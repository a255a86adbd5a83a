// The page frame's behaviours (pages carry no script of their own: see tracker/web/headers.py).
// - On a phone the top bar's menu (search, pages, account, language) folds behind its 菜单 button;
//   without script the button stays hidden and the menu stays open.
// - <button data-print hidden>: shown, and prints the page (the print view).
(function () {
  "use strict";
  var bar = document.querySelector("header.topbar");
  var toggle = bar && bar.querySelector(".menu-toggle");
  if (toggle) {
    document.documentElement.classList.add("js-menu");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = bar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
