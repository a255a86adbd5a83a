// Generation runs: while a run is queued or running, ask for its progress every second and move its
// progress bar; when it is done, offer the download. A run that failed or was interrupted (no
// progress for too long) reloads the page, which offers 重新生成 to coordinators.
(function () {
  "use strict";
  var words = { queued: "排队中", running: "生成中", done: "已完成", failed: "失败" };

  function follow(row) {
    var bar = row.querySelector("progress");
    var percent = row.querySelector(".percent");
    var state = row.querySelector(".state");
    var file = row.querySelector(".file");
    function poll() {
      fetch(row.getAttribute("data-status-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (run) {
          bar.value = run.percent;
          percent.textContent = run.percent + "%";
          state.textContent = (words[run.status] || run.status) + (run.error ? "：" + run.error : "");
          if (run.download) {
            var link = document.createElement("a");
            link.href = run.download;
            link.textContent = "下载";
            file.textContent = "";
            file.appendChild(link);
          }
          if (run.status === "failed" || run.stale) {
            row.setAttribute("data-finished", "yes");
            window.location.reload();
          } else if (run.status === "done") {
            row.setAttribute("data-finished", "yes");
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  }

  document.querySelectorAll("tr.run[data-finished='no']").forEach(follow);
})();
