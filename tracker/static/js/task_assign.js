// Assigning a task: the 责任人 list offers only the members of the chosen lead unit, so both can be
// set in one save. Without this script every unit's people are listed and the server checks the pair.
(function () {
  "use strict";
  var form = document.getElementById("assign-form");
  if (!form) { return; }
  var lead = form.querySelector("select[name=lead_department_id]");
  var owner = form.querySelector("select[name=owner_id]");

  function offerLeadMembers() {
    owner.querySelectorAll("optgroup").forEach(function (group) {
      var shown = group.dataset.department === lead.value;
      group.hidden = !shown;
      group.querySelectorAll("option").forEach(function (option) {
        option.hidden = !shown;
        if (!shown && option.selected) { owner.value = ""; }
      });
    });
  }

  lead.addEventListener("change", offerLeadMembers);
  offerLeadMembers();
})();
