// Dashboard filters: show the custom date fields only for "自定义日期"; typing a date selects it.
(function () {
  function form() { return document.getElementById("dashboard-filters"); }

  function syncCustomFields() {
    var f = form();
    if (!f) return;
    var custom = f.elements.due && f.elements.due.value === "custom";
    f.querySelectorAll(".due-custom").forEach(function (el) {
      if (custom) { el.removeAttribute("data-hidden"); } else { el.setAttribute("data-hidden", ""); }
    });
  }

  document.addEventListener("change", function (event) {
    var f = form();
    if (!f || !f.contains(event.target)) return;
    if (event.target.type === "date" && event.target.value && f.elements.due) {
      f.elements.due.value = "custom";
    }
    syncCustomFields();
  }, true);

  document.addEventListener("DOMContentLoaded", syncCustomFields);
  // Back/forward restores the whole page from history: re-apply the field visibility.
  document.addEventListener("htmx:historyRestore", syncCustomFields);
})();
