// Review page: keyboard use (j/k/a/r/e), candidate <-> highlighted text, add from a selection.
// Offsets are counted in Unicode code points so they match Python's str indices.
(function () {
  "use strict";

  var current = null;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll(".review-list .candidate"));
  }

  function marksOf(id) {
    return document.querySelectorAll('#speech-text mark[data-ids~="' + id + '"]');
  }

  function setCurrent(row, scroll) {
    document.querySelectorAll("#speech-text mark.current").forEach(function (m) {
      m.classList.remove("current");
    });
    document.querySelectorAll(".review-list .candidate.current").forEach(function (r) {
      r.classList.remove("current");
    });
    current = row;
    if (!row) return;
    row.classList.add("current");
    var marks = marksOf(row.dataset.candidate);
    marks.forEach(function (m) { m.classList.add("current"); });
    if (scroll) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
      if (marks.length) marks[0].scrollIntoView({ block: "nearest" });
    }
  }

  var moveAfterLoad = false; // j pressed on the last loaded row: move on once the next page is in

  function move(step) {
    var list = rows();
    if (!list.length) return;
    var index = current ? list.indexOf(document.getElementById(current.id)) : -1;
    var next = index < 0 ? (step > 0 ? 0 : list.length - 1) : index + step;
    if (next >= 0 && next < list.length) {
      setCurrent(list[next], true);
    } else if (next >= list.length) {
      var more = document.querySelector(".review-list .load-more");
      if (more) {
        moveAfterLoad = true;
        more.click();
      }
    }
  }

  function nextPendingAfter(row) {
    var list = rows();
    var index = list.indexOf(row);
    for (var i = index + 1; i < list.length; i++) {
      if (list[i].dataset.status === "pending") return list[i];
    }
    return null;
  }

  var advanceFrom = null; // id of the row whose accept/reject should move the cursor on

  function press(action) {
    if (!current) return;
    var row = document.getElementById(current.id);
    var control = row && row.querySelector('[data-action="' + action + '"]');
    if (control) {
      advanceFrom = action === "edit" ? null : row.id;
      control.click();
    }
  }

  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var actions = { j: function () { move(1); }, k: function () { move(-1); },
      a: function () { press("accept"); }, r: function () { press("reject"); },
      e: function () { press("edit"); } };
    var handler = actions[event.key];
    if (handler) {
      event.preventDefault();
      handler();
    }
  });

  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("#speech-text mark");
    if (mark && window.getSelection().isCollapsed) {
      var id = mark.dataset.ids.split(" ")[0];
      var row = document.getElementById("cand-" + id);
      var list = document.getElementById("candidate-list");
      if (row) {
        setCurrent(row, true);
      } else if (list) { // the row is on a page not loaded yet: open the page that holds it
        window.location.assign(list.dataset.pageUrl + "?focus=" + id + "#cand-" + id);
      }
      return;
    }
    var locate = event.target.closest && event.target.closest("[data-locate]");
    if (locate) {
      var marks = marksOf(locate.dataset.locate);
      if (marks.length) {
        event.preventDefault();
        setCurrent(locate.closest(".candidate"), false);
        marks[0].scrollIntoView({ block: "center" });
      }
    }
  });

  // After a row is swapped: repaint its marks with the new status, keep or advance the cursor.
  // After the workspace or the progress line is swapped: find the cursor's row again.
  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.classList || !elt.classList.contains("candidate")) {
      if (current) setCurrent(document.getElementById(current.id), false);
      return;
    }
    if (moveAfterLoad && !elt.classList.contains("current") && elt.previousElementSibling &&
        current && elt.previousElementSibling.id === current.id) {
      moveAfterLoad = false;
      setCurrent(elt, true);
      return;
    }
    marksOf(elt.dataset.candidate).forEach(function (m) {
      if (m.dataset.ids.split(" ")[0] === elt.dataset.candidate) {
        m.className = m.className.replace(/\bst-\w+/, "st-" + elt.dataset.status);
      }
    });
    if (current && current.id === elt.id) {
      var advance = advanceFrom === elt.id && elt.dataset.status !== "pending";
      advanceFrom = null;
      setCurrent(advance ? nextPendingAfter(elt) || elt : elt, true);
    }
  });

  function codePoints(text) {
    return Array.from(text).length;
  }

  function selectionOffsets(container) {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
      return null;
    }
    var before = document.createRange();
    before.selectNodeContents(container);
    before.setEnd(range.startContainer, range.startOffset);
    var start = codePoints(before.toString());
    return { start: start, end: start + codePoints(range.toString()), text: range.toString() };
  }

  document.addEventListener("selectionchange", function () {
    var container = document.getElementById("speech-text");
    var form = document.getElementById("add-candidate");
    if (!container || !form) return;
    var span = selectionOffsets(container);
    if (!span) return;
    form.querySelector("#add-start").value = span.start;
    form.querySelector("#add-end").value = span.end;
    var preview = span.text.length > 40 ? span.text.slice(0, 40) + "…" : span.text;
    form.querySelector("#add-preview").textContent = "已选：“" + preview + "”";
  });
})();
