// Unit and 责任人 pickers (tracker/accounts/owners.py is the rule; the server checks every pair):
// - <input data-units list="…">: the town's units as suggestions while typing, also after a “、” in a
//   field that holds several (“司法所、党政办”), by offering each unit after what is already typed.
// - <select data-follows="field name">: a 责任人 list grouped by unit (<optgroup data-unit-id
//   data-unit-name>) shows only the people of the lead unit chosen in that field of the same form
//   (everyone while no unit is chosen: in 批量设置 each item keeps its own unit).
// - <select data-search>: a box before the list narrows it to the names containing what is typed.
// Plain script served by the app (no CDN, no inline script).
(function () {
  "use strict";
  var SEPARATORS = /[、，,；;\s]+/;

  function typedPrefix(value) {
    var match = value.match(/^(.*[、，,；;\s])/);
    return match ? match[1] : "";
  }

  document.querySelectorAll("input[data-units]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    input.addEventListener("input", function () {
      var prefix = typedPrefix(input.value);
      list.querySelectorAll("option").forEach(function (option) {
        if (!option.dataset.name) { option.dataset.name = option.value; }
        option.value = prefix + option.dataset.name;
      });
    });
  });

  function leadOf(field) {
    if (!field) { return { id: "", name: "" }; }
    if (field.tagName === "SELECT") {
      var chosen = field.options[field.selectedIndex];
      return { id: field.value, name: chosen && field.value ? chosen.text.trim() : "" };
    }
    return { id: "", name: (field.value.split(SEPARATORS)[0] || "").trim() };
  }

  function applyFilters(select) {
    var form = select.form;
    var follows = select.dataset.follows;
    var lead = follows ? leadOf(form && form.elements.namedItem(follows)) : null;
    var chosen = lead && (lead.id || lead.name);
    var box = select.previousElementSibling;
    var search = box && box.classList.contains("picker-search") ? box.value.trim() : "";
    Array.prototype.forEach.call(select.options, function (option, index) {
      if (index === 0) { return; }  // the empty choice (“—”, “（未指定）”) is always there
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode : null;
      var inUnit = !group || !chosen ||
        (lead.id ? group.dataset.unitId === lead.id : group.dataset.unitName === lead.name);
      option.hidden = !(inUnit && (!search || option.text.indexOf(search) >= 0));
      option.disabled = !inUnit;
      if (!inUnit && option.selected) { select.value = select.options[0].value; }
    });
    select.querySelectorAll("optgroup").forEach(function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
  }

  document.querySelectorAll("select[data-search]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = select.dataset.search || "输入姓名筛选";
    box.setAttribute("aria-label", box.placeholder);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () { applyFilters(select); });
  });

  document.querySelectorAll("select[data-follows]").forEach(function (select) {
    var field = select.form && select.form.elements.namedItem(select.dataset.follows);
    if (field) {
      field.addEventListener("change", function () { applyFilters(select); });
      field.addEventListener("input", function () { applyFilters(select); });
    }
    applyFilters(select);
  });
})();
