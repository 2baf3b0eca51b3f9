// Follows an upload being read: asks the server how the job goes every second and shows it,
// then reloads the page once the job is over, to show the version made or why it failed.
(function () {
  var box = document.getElementById("job");
  if (!box) return;
  var state = box.getAttribute("data-state");
  if (state === "done" || state === "failed") return;
  var id = box.getAttribute("data-job");
  var bar = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  var stage = document.getElementById("job-stage");
  var status = document.getElementById("job-state");
  function show(j) {
    if (bar && j.total > 0) { bar.max = j.total; bar.value = j.done; }
    if (count) count.textContent = j.total > 0 ? j.done + " / " + j.total : "";
    if (stage && j.stage && stage.getAttribute("data-" + j.stage)) stage.textContent = stage.getAttribute("data-" + j.stage);
    if (status && status.getAttribute("data-" + j.state)) status.textContent = status.getAttribute("data-" + j.state);
  }
  function poll() {
    fetch("/api/v1/jobs/" + encodeURIComponent(id), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (j) {
        if (j.state === "done" || j.state === "failed") { location.reload(); return; }
        show(j);
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
