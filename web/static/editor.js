// The editor's live preview: a moment after typing stops, the text is read by the server as
// saving would read it, and the sections it makes are shown beside the text. Everything shown
// is set as text, never as HTML.
(function () {
  var text = document.getElementById("editor-text");
  if (!text) return;
  var format = document.getElementById("editor-format");
  var toc = document.getElementById("preview-toc");
  var body = document.getElementById("preview-text");
  var status = document.getElementById("preview-status");
  var timer = null, seq = 0;
  function el(tag, content, cls) {
    var e = document.createElement(tag);
    if (content) e.textContent = content;
    if (cls) e.className = cls;
    return e;
  }
  function render(doc) {
    toc.replaceChildren();
    body.replaceChildren();
    status.textContent = doc.error ? doc.error : doc.sections.length + " section(s)";
    status.className = doc.error ? "error" : "muted";
    doc.sections.forEach(function (s) {
      var heading = s.path.length ? s.path[s.path.length - 1] : (doc.title || "");
      toc.appendChild(el("li", heading, "level-" + s.level));
      if (heading) body.appendChild(el("h" + Math.min(6, s.level + 2), heading));
      (s.text || "").split(/\n\s*\n/).forEach(function (p) { if (p.trim()) body.appendChild(el("p", p)); });
    });
    (doc.problems || []).forEach(function (p) { body.appendChild(el("p", (p.line ? "l. " + p.line + " — " : "") + p.message, "notice")); });
  }
  function preview() {
    var mine = ++seq;
    fetch("/api/v1/preview", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ format: format ? format.value : "markdown", text: text.value })
    }).then(function (r) { return r.json(); })
      .then(function (doc) {
        if (mine !== seq) return;
        if (doc.error && doc.error.message) { status.textContent = doc.error.message; status.className = "error"; return; }
        render(doc);
      })
      .catch(function () {});
  }
  function later() { clearTimeout(timer); timer = setTimeout(preview, 400); }
  text.addEventListener("input", later);
  if (format) format.addEventListener("change", later);
  preview();
})();
