// The drafting wizard works without this file. With it, a signatory picker shows only the signatories of the
// institution chosen in its role's picker, instead of every eligible institution's.
(function () {
  "use strict";
  document.querySelectorAll("select[data-signatory-for]").forEach(function (signatory) {
    var party = signatory.form && signatory.form.elements.namedItem(signatory.getAttribute("data-signatory-for"));
    if (!party || party.tagName !== "SELECT") return;
    function follow() {
      signatory.querySelectorAll("optgroup").forEach(function (group) {
        var shown = group.getAttribute("data-institution") === party.value;
        group.hidden = !shown;
        group.disabled = !shown;
      });
      var selected = signatory.selectedOptions[0];
      if (selected && selected.parentElement.disabled) signatory.value = "";
    }
    party.addEventListener("change", follow);
    follow();
  });
})();
