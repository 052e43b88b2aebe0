// Conditional fields of e-service forms, shown and hidden live.
// Without this file every field is shown with its "Only if ..." hint and the server drops the
// answers of hidden fields; with it, a field whose condition does not hold gets the `hidden`
// attribute, and a <select> that controls fields tells assistive technology (aria-expanded)
// whether the fields it controls (aria-controls) are shown.
(function () {
  "use strict";
  if (window.chanceryEservicesForms) {
    return;
  }

  function valueOf(root, name) {
    var inputs = root.querySelectorAll('[name="' + CSS.escape(name) + '"]');
    if (!inputs.length) {
      return null;
    }
    var first = inputs[0];
    if (first.type === "radio") {
      var picked = root.querySelector('[name="' + CSS.escape(name) + '"]:checked');
      return picked ? picked.value : null;
    }
    if (first.type === "checkbox" && inputs.length === 1 && first.value === "on") {
      return first.checked;
    }
    if (first.type === "checkbox") {
      return Array.prototype.filter
        .call(inputs, function (input) { return input.checked; })
        .map(function (input) { return input.value; });
    }
    return first.value;
  }

  function holds(condition, value) {
    if ("not_empty" in condition) {
      var filled = !(value === null || value === "" || value === false ||
        (Array.isArray(value) && value.length === 0));
      return condition.not_empty ? filled : !filled;
    }
    var wanted = "equals" in condition ? [condition.equals] : condition["in"] || [];
    if (Array.isArray(value)) {
      return value.some(function (item) { return wanted.indexOf(item) !== -1; });
    }
    return wanted.indexOf(value) !== -1;
  }

  function update(root) {
    // Document order: a condition points to an earlier field, so chains resolve in one pass.
    root.querySelectorAll("[data-show-if]").forEach(function (group) {
      var condition;
      try {
        condition = JSON.parse(group.getAttribute("data-show-if"));
      } catch (error) {
        return;
      }
      var controller = root.querySelector("#group-" + CSS.escape(condition.field));
      var shown = controller !== null && !controller.hidden &&
        holds(condition, valueOf(root, condition.field));
      group.hidden = !shown;
    });
    root.querySelectorAll("select[aria-controls]").forEach(function (select) {
      var ids = select.getAttribute("aria-controls").split(" ");
      var expanded = ids.some(function (id) {
        var target = document.getElementById(id);
        return target !== null && !target.hidden;
      });
      select.setAttribute("aria-expanded", expanded ? "true" : "false");
    });
  }

  function updateAll() {
    document.querySelectorAll("[data-eservices-form]").forEach(update);
  }

  window.chanceryEservicesForms = { update: updateAll };
  function onEdit(event) {
    var root = event.target.closest && event.target.closest("[data-eservices-form]");
    if (root) {
      update(root);
    }
  }
  document.addEventListener("change", onEdit);
  document.addEventListener("input", onEdit);
  document.addEventListener("htmx:afterSwap", updateAll);
  document.addEventListener("htmx:afterSettle", updateAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", updateAll);
  } else {
    updateAll();
  }
})();
