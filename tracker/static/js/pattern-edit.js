// The wording page: a placeholder button puts its 〔…〕 where the cursor is in the pattern field.
(function () {
  "use strict";
  const field = document.getElementById("pattern-body");
  if (!field) {
    return;
  }
  document.querySelectorAll("button[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      const text = button.getAttribute("data-insert");
      const start = field.selectionStart ?? field.value.length;
      const end = field.selectionEnd ?? field.value.length;
      field.value = field.value.slice(0, start) + text + field.value.slice(end);
      field.focus();
      field.setSelectionRange(start + text.length, start + text.length);
    });
  });
})();
