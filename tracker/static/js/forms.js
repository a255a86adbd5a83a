// Behaviours any page's form asks for by attribute, because pages carry no script of their own
// (the Content-Security-Policy refuses inline script and on…= handlers; see tracker/web/headers.py).
// - A refused form comes back filled in (tracker/web/forms.py): its first message is brought into
//   view and the cursor put in the field it is about.
// - <form data-confirm="…">: asks first (办结, confirming a plan, deleting).
// - <input type=file data-max-bytes>: a file over the limit is caught before it is sent, so nobody
//   waits for an upload that will be refused.
// - <select data-autosubmit>: choosing an option submits its form (a <noscript> button stays).
(function () {
  "use strict";
  var first = document.querySelector(".field-error, .form-error");
  if (first) {
    first.scrollIntoView({ block: "center" });
    var field = document.querySelector("[aria-invalid=true]");
    if (field) { field.focus({ preventScroll: true }); }
  }

  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });

  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () {
      var limit = Number(input.dataset.maxBytes);
      var big = Array.prototype.filter.call(input.files, function (file) { return file.size > limit; });
      var mb = Math.floor(limit / 1048576);
      input.setCustomValidity(big.length ? "文件「" + big[0].name + "」超过 " + mb + " MB 的上限，请换一个文件。" : "");
      if (big.length) { input.reportValidity(); }
    });
  });

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.submit(); }
    });
  });
})();
