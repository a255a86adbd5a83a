// Behaviours any page's form asks for by attribute, because pages carry no script of their own
// (the Content-Security-Policy refuses inline script and on…= handlers; see tracker/web/headers.py).
// - <select data-autosubmit>: choosing an option submits its form (a <noscript> button stays).
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.submit(); }
    });
  });
})();
