// Behaviour shared by every page. No inline scripts: the Content-Security-Policy forbids them.
document.addEventListener("htmx:responseError", function (event) {
  var status = event.detail.xhr.status;
  var text = status === 403 ? "没有权限执行此操作" : status === 404 ? "内容不存在或无权查看" : "操作失败，请稍后重试";
  var box = document.querySelector(".messages");
  if (!box) {
    box = document.createElement("div");
    box.className = "messages";
    box.setAttribute("role", "status");
    document.getElementById("main").before(box);
  }
  var p = document.createElement("p");
  p.className = "message error";
  p.textContent = text;
  box.appendChild(p);
});
// Unit page rows: "收起" empties an opened row's panel.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-close-panel]");
  if (!button) return;
  var panel = button.closest(".row-panel");
  if (panel) panel.replaceChildren();
});
// An inline update moves a row out of band next to rows this page may not have (added since
// it loaded): when a target is missing, load the unit's work area again rather than lose a row.
document.addEventListener("htmx:oobErrorNoTarget", function () {
  var work = document.getElementById("unit-work");
  if (work && work.dataset.refreshUrl) {
    htmx.ajax("GET", work.dataset.refreshUrl, { target: "#unit-work", swap: "outerHTML" });
  }
});
