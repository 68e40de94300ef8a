/* The dispatcher's console: the CSRF header on every htmx request, and drag and drop on
   the day board (SortableJS) posting each move to /console/board/move. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  function postMove(board, item, target, index, source) {
    htmx.ajax("POST", board.dataset.moveUrl, {
      target: "#board",
      swap: "outerHTML",
      values: {
        job_id: item.dataset.job,
        source: source,
        target: target,
        index: index,
        office: board.dataset.office,
        day: board.dataset.day
      }
    });
  }

  function makeSortable(list) {
    if (list.dataset.sortable) { return; }
    list.dataset.sortable = "1";
    Sortable.create(list, {
      group: "board",
      animation: 120,
      draggable: ".card",
      filter: "form, select, button, a",
      preventOnFilter: false,
      onEnd: function (event) {
        var board = document.getElementById("board");
        var moved = event.from !== event.to || event.oldIndex !== event.newIndex;
        if (!board || !moved) { return; }
        postMove(board, event.item, event.to.dataset.inspector, event.newIndex,
                 event.from.dataset.inspector);
      }
    });
  }

  function init(root) {
    if (typeof Sortable === "undefined") { return; }
    (root.querySelectorAll ? root : document).querySelectorAll(".cards.drop").forEach(makeSortable);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    htmx.onLoad(function (element) { init(element.parentNode || document); });
  });
})();
