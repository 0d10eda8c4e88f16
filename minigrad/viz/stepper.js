// The backward stepper: replays the recorded backward pass one node at a time.
// Data (JSON in #data): {title, panels: [{engine, title, nodes, svg, steps, match?}], ...}.
// Panel 0 drives; another panel shows the step of its node matched to panel 0's node.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("data").textContent);
  const panels = data.panels;
  const primary = panels[0];
  const last = primary.steps.length - 1;
  const info = document.getElementById("info");
  const slider = document.getElementById("slider");
  let current = 0;
  let timer = null;

  function esc(text) {
    return String(text).replace(/[&<>"]/g, (c) =>
      ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"})[c]);
  }

  // -- build the panels ---------------------------------------------------------------
  const graphs = document.getElementById("graphs");
  panels.forEach((p, index) => {
    const section = document.createElement("section");
    section.className = "panel";
    section.innerHTML = "<h2>" + esc(p.title) + "</h2>" + p.svg;
    graphs.appendChild(section);
    p.nodeEls = {};
    section.querySelectorAll("g.node").forEach((g) => { p.nodeEls[g.dataset.key] = g; });
    p.edgeEls = Array.from(section.querySelectorAll("path.edge"));
    p.stepOf = {};
    p.steps.forEach((s, j) => { if (!s.intro) p.stepOf[s.node] = j; });
    p.matchBack = {};
    Object.entries(p.match || {}).forEach(([k, v]) => { p.matchBack[v] = k; });
    Object.entries(p.nodeEls).forEach(([key, g]) => {
      g.addEventListener("click", () => {
        const own = index === 0 ? key : p.matchBack[key];
        if (own !== undefined && primary.stepOf[own] !== undefined) show(primary.stepOf[own]);
      });
    });
  });
  slider.max = String(last);
  // nodes whose gradients breach the comparison (bridge.trace) stay outlined in red
  primary.steps.forEach((s) => {
    if (!s.compare || s.compare.every((r) => r.ok)) return;
    panels.forEach((p, index) => {
      const key = index === 0 ? s.node : (p.match || {})[s.node];
      if (key !== undefined && p.nodeEls[key]) p.nodeEls[key].classList.add("bad");
    });
  });
  if (data.first) {                      // the first node over tolerance
    panels.forEach((p, index) => {
      const key = index === 0 ? data.first : (p.match || {})[data.first];
      if (key !== undefined && p.nodeEls[key]) p.nodeEls[key].classList.add("first");
    });
  }

  // which step each panel shows while panel 0 shows step i
  function stepFor(p, i) {
    if (p === primary) return i;
    let shown = 0;
    for (let j = 1; j <= i; j++) {
      const key = (p.match || {})[primary.steps[j].node];
      if (key !== undefined && p.stepOf[key] !== undefined) shown = Math.max(shown, p.stepOf[key]);
    }
    return shown;
  }

  // -- drawing the state ----------------------------------------------------------------
  function paint(p, s) {
    const done = {}, waiting = {};
    for (let j = 0; j <= s; j++) {
      const step = p.steps[j];
      if (!step.intro) done[step.node] = j;
      step.send.forEach((e) => { if (e.grad) waiting[e.to] = true; });
    }
    Object.entries(p.nodeEls).forEach(([key, g]) => {
      const j = done[key];
      g.classList.toggle("current", p.steps[s].node === key);
      g.classList.toggle("done", j !== undefined && j < s);
      g.classList.toggle("waiting", j === undefined && !!waiting[key]);
      g.querySelector(".badge text").textContent = j !== undefined ? String(j) : "";
      g.classList.toggle("numbered", j !== undefined);
    });
    const sentBy = {};
    for (let j = 0; j <= s; j++) {
      p.steps[j].send.forEach((e) => {
        if (e.grad) sentBy[p.steps[j].node + ">" + e.to] = j;
      });
    }
    p.edgeEls.forEach((path) => {
      const j = sentBy[path.dataset.from + ">" + path.dataset.to];
      path.classList.toggle("active", j === s);
      path.classList.toggle("used", j !== undefined && j < s);
    });
    const currentEl = p.nodeEls[p.steps[s].node];
    if (currentEl && currentEl.scrollIntoView && !document.body.dataset.noscroll) {
      currentEl.scrollIntoView({block: "nearest", inline: "nearest"});
    }
  }

  function values(g) {
    if (!g) return "<span class=\"none\">no gradient (None)</span>";
    const more = g.more ? ", \u2026 (" + g.more + " more)" : "";
    return "<span class=\"shape\">" + esc(g.shape) + "</span> " +
      "<span class=\"norm\">norm " + esc(g.norm) + "</span><br>" +
      "<span class=\"values\">[" + g.head.map(esc).join(", ") + more + "]</span>";
  }

  function nodeName(p, key) {
    const n = p.nodes[key];
    if (!n) return esc(key);
    if (n.kind === "leaf") return "<b>" + esc(n.label || "leaf") + "</b>";
    return "<b>" + esc(n.short) + "</b>";
  }

  function describe(p, s) {
    const step = p.steps[s];
    const node = p.nodes[step.node] || {};
    let out = "<div class=\"step step-" + esc(p.engine) + "\" data-step=\"" + s + "\">";
    if (panels.length > 1) out += "<h2>" + esc(p.title) + "</h2>";
    if (step.intro) {
      out += "<h3>Step 0 of " + (p.steps.length - 1) + ": start</h3>";
      out += "<p>backward() starts at the output with d output / d output = 1:</p><ul>";
      step.send.forEach((e) => {
        out += "<li class=\"sent\">\u2192 " + nodeName(p, e.to) + " " + values(e.grad) + "</li>";
      });
      return out + "</ul></div>";
    }
    out += "<h3>Step " + s + " of " + (p.steps.length - 1) + ": " + nodeName(p, step.node) +
      "</h3>";
    if (node.kind === "op" && node.op) {
      out += "<p class=\"op\">runs <code>" + esc(node.op) + ".backward</code>";
      if (node.op + "Backward0" !== node.name && node.op + "Backward" !== node.name) {
        out += " (torch calls this node " + esc(node.name) + ")";
      }
      if (node.where) out += " <span class=\"where\">" + esc(node.where) + "</span>";
      out += "</p>";
    } else if (node.kind === "op" && node.where) {
      out += "<p class=\"op\"><span class=\"where\">" + esc(node.where) + "</span></p>";
    }
    if (step.leaf === undefined) {
      out += "<h4>Gradient arriving</h4><ul>";
      step.arrive.forEach((g, nr) => {
        const label = step.arrive.length > 1 ? "output " + nr + ": " : "";
        out += "<li class=\"arrived\">" + label + values(g) + "</li>";
      });
      out += "</ul>";
    }
    if (step.from && step.from.length > 1) {
      out += "<p class=\"sum\">the sum of " + step.from.length + " gradients, from " +
        step.from.map((k) => nodeName(p, k)).join(", ") + "</p>";
    } else if (step.from && step.from.length === 1) {
      out += "<p class=\"sum\">from " + nodeName(p, step.from[0]) + "</p>";
    }
    if (node.rule) {
      out += "<h4>Backward rule</h4><pre class=\"rule\">" + esc(node.rule) + "</pre>";
    }
    if (node.source) {
      out += "<details><summary>source</summary><pre class=\"source\">" + esc(node.source) +
        "</pre></details>";
    }
    if (step.leaf !== undefined) {
      out += "<h4>Accumulated into <code>" + esc(step.leaf) + ".grad</code></h4>" +
        "<p class=\"accumulated\">" + values(step.arrive[0]) + "</p>";
      if (step.after) {
        out += "<h4><code>" + esc(step.leaf) + ".grad</code> is now</h4>" +
          "<p class=\"after\">" + values(step.after) + "</p>";
      }
    } else {
      out += "<h4>Gradients sent on</h4><ul>";
      step.send.forEach((e) => {
        const nr = (p.nodes[e.to] || {}).shapes && p.nodes[e.to].shapes.length > 1 ?
          " (output " + e.nr + ")" : "";
        out += "<li class=\"sent\">\u2192 " + nodeName(p, e.to) + nr + " " + values(e.grad) +
          "</li>";
      });
      out += "</ul>";
    }
    if (step.compare) out += compareTable(step.compare);
    return out + "</div>";
  }

  function compareTable(rows) {
    let out = "<h4>Against torch</h4><table class=\"compare\"><tr><th>gradient</th>" +
      "<th>max abs</th><th>max rel</th></tr>";
    rows.forEach((r) => {
      out += "<tr class=\"" + (r.ok ? "ok" : "bad") + "\"><td>" + esc(r.label) + "</td><td>" +
        esc(r.max_abs) + "</td><td>" + esc(r.max_rel) + "</td></tr>";
    });
    return out + "</table>";
  }

  function show(i) {
    current = Math.max(0, Math.min(last, i));
    slider.value = String(current);
    document.getElementById("counter").textContent = "step " + current + " / " + last;
    document.body.dataset.step = String(current);
    let html = "";
    panels.forEach((p) => {
      const s = stepFor(p, current);
      paint(p, s);
      html += describe(p, s);
    });
    if (data.note) html += "<p class=\"note\">" + esc(data.note) + "</p>";
    html += "<p class=\"legend\"><span class=\"key current\"></span>running now " +
      "<span class=\"key waiting\"></span>gradient waiting <span class=\"key done\"></span>" +
      "done; numbers: the order the engine ran the nodes. Keys: \u2190 \u2192, space, " +
      "Home, End; click a node to jump to it.</p>";
    info.innerHTML = html;
    if (current === last) stop();
  }

  function play() {
    if (timer) return stop();
    if (current === last) show(0);
    document.getElementById("play").textContent = "\u23F8 pause";
    timer = setInterval(() => show(current + 1), 900);
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    document.getElementById("play").textContent = "\u25B6 play";
  }

  document.getElementById("first").onclick = () => { stop(); show(0); };
  document.getElementById("prev").onclick = () => { stop(); show(current - 1); };
  document.getElementById("next").onclick = () => { stop(); show(current + 1); };
  document.getElementById("last").onclick = () => { stop(); show(last); };
  document.getElementById("play").onclick = play;
  slider.oninput = () => { stop(); show(Number(slider.value)); };
  document.addEventListener("keydown", (e) => {
    if (e.target && e.target.tagName === "INPUT" && e.target.type !== "range") return;
    const keys = {ArrowRight: 1, n: 1, ArrowLeft: -1, p: -1};
    if (keys[e.key] !== undefined) { stop(); show(current + keys[e.key]); e.preventDefault(); }
    else if (e.key === " ") { play(); e.preventDefault(); }
    else if (e.key === "Home") { stop(); show(0); e.preventDefault(); }
    else if (e.key === "End") { stop(); show(last); e.preventDefault(); }
  });

  // #step=N, #step=end, #play (combine with &)
  const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
  const wanted = hash.get("step");
  show(wanted === "end" ? last : Number(wanted) || 0);
  if (hash.has("play")) play();
})();
