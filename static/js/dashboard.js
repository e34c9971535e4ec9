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

  // 清除筛选: empty every filter and ask for the results again through htmx. A plain link
  // raced the search box's pending request, whose pushState cancelled the navigation.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-clear-filters]") : null;
    var f = form();
    if (!link || !f || !window.htmx) return;
    event.preventDefault();
    Array.prototype.forEach.call(f.elements, function (field) {
      if (field.tagName === "SELECT") { field.selectedIndex = 0; }
      else if (field.type !== "submit" && field.type !== "button") { field.value = ""; }
    });
    syncCustomFields();
    // The view answers with HX-Push-Url, the canonical (filter-free) address.
    // hx-sync on the form may replace this request with a newer one: htmx then rejects the
    // promise with nothing, which is not an error.
    window.htmx.ajax("GET", link.getAttribute("href"), { source: f, target: "#dashboard-results", swap: "outerHTML" })
      .catch(function () {});
  });

  document.addEventListener("DOMContentLoaded", syncCustomFields);
  // Back/forward restores the whole page from history: re-apply the field visibility.
  document.addEventListener("htmx:historyRestore", syncCustomFields);
})();
