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
