// Shows the fields that apply to the chosen kind only (TRL, company stage, ticket sizes carry
// data-kinds, set by OpportunityForm). Without JavaScript every field stays visible and the
// server empties those that do not apply to the kind.
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  if (!kind) return;
  var fields = Array.prototype.map.call(document.querySelectorAll("[data-kinds]"), function (input) {
    return { wrapper: input.closest(".field") || input, kinds: input.getAttribute("data-kinds").split(" ") };
  });
  function update() {
    fields.forEach(function (f) { f.wrapper.hidden = f.kinds.indexOf(kind.value) === -1; });
  }
  kind.addEventListener("change", update);
  update();
})();
