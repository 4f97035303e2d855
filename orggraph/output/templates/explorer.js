/* orggraph's org-chart explorer: the tree of the embedded columns, laid out as the static
   charts are (boxes in the model's order, leaf fan-outs stacked in columns read left to
   right, one bus of elbows per parent), with only the boxes on screen in the page.
   Names are always text (textContent), never HTML. No request to any server.
   Each element with data-orggraph-explorer="ID" becomes one explorer of the columns in
   the JSON script #ID (its own ids: the element's id, then -bar, -search, -panel, ...);
   window.orggraph.explorers holds them by that id. */
(function () {
  "use strict";
  const SVGNS = "http://www.w3.org/2000/svg";
  const BW = 200, BH = 58, GAP = 18, LGAP = 48, RGAP = 12, PAD = 8;
  const READABLE = 0.75;  // the smallest scale the explorer opens at (then "fit" shows all)
  const CRUMBS = 12;  // the most steps the breadcrumbs show
  const CHANGED_MAX = 300;  // "only changed units": the paths to them opened up to this many boxes
  const SHEET = [1047, 680], PRINT_SCALE = 0.6, SHEETS = 60;  // printed: A4 landscape (277 × 180 mm)
  function el(tag, attrs, parentEl) {
    const e = tag.startsWith("svg:") ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    if (parentEl) parentEl.appendChild(e);
    return e;
  }

  /* The explorer of the columns D in the element host. opts.diff: draw the changes D
     holds (else its removed units are not drawn); opts.heading: the title above the
     toolbar; opts.print: a print button, and the page's printing fits this explorer;
     opts.embedded: one of a page's figures (the wheel scrolls the page, Ctrl + wheel zooms). */
  function mount(host, D, opts) {
    const WORDS = D.words, N = D.ids.length, PAGE = D.page, STACK = D.stack_over, P = host.id;
    const fmt = new Intl.NumberFormat(D.lang === "vi" ? "vi-VN" : "en-US");
    const parent = Int32Array.from(D.parent);
    const status = D.status && opts.diff ? Uint8Array.from(D.status) : null;
    const gone = new Uint8Array(N);  // rows not drawn: the removed units, in a chart without changes
    if (D.status && !status) for (let r = 0; r < N; r++) if (D.status[r] === 4) gone[r] = 1;
    const STATUS = ["", "added", "moved", "changed", "removed"];
    const LEVEL = opts.embedded ? 4 : 2;  // the details' headings: below the page's own
    const isStaff = new Uint8Array(N);  // drawn beside their parent, not below it
    for (const r of D.staff || []) isStaff[r] = 1;

    // ---------------------------------------------------------------- the tree
    const kidStart = new Int32Array(N + 1), kids = new Int32Array(N);
    for (let r = 0; r < N; r++) if (parent[r] >= 0 && !gone[r]) kidStart[parent[r] + 1]++;
    for (let r = 0; r < N; r++) kidStart[r + 1] += kidStart[r];
    { const at = kidStart.slice(0, N);
      for (let r = 0; r < N; r++) if (parent[r] >= 0 && !gone[r]) kids[at[parent[r]]++] = r; }
    const roots = [];
    for (let r = 0; r < N; r++) if (parent[r] < 0) roots.push(r);
    const depth = new Int32Array(N), order = new Int32Array(N);  // order[:reached]: top down
    let reached = 0;
    for (const r of roots) order[reached++] = r;
    for (let k = 0; k < reached; k++) {
      const r = order[k];
      for (let j = kidStart[r]; j < kidStart[r + 1]; j++) { depth[kids[j]] = depth[r] + 1; order[reached++] = kids[j]; }
    }
    const nKids = new Int32Array(N);  // the children laid out below (staff are beside)
    for (let r = 0; r < N; r++) if (parent[r] >= 0 && !isStaff[r] && !gone[r]) nKids[parent[r]]++;
    // rows changed, or with a change below them (the "changed only" filter)
    const marked = new Uint8Array(N);
    if (status) for (let k = reached - 1; k >= 0; k--) {
      const r = order[k];
      if (status[r]) marked[r] = 1;
      if (marked[r] && parent[r] >= 0) marked[parent[r]] = 1;
    }

    const open = new Uint8Array(N), shown = new Int32Array(N);
    let onlyChanged = false, selected = -1, hit = -1;

    // a staff unit is beside its parent, unless opened: then among the children, its own below
    function beside(k) { return isStaff[k] && !open[k]; }
    function kidsOf(r) {
      const out = [];
      for (let j = kidStart[r]; j < kidStart[r + 1]; j++) {
        const k = kids[j];
        if (!beside(k) && (!onlyChanged || marked[k])) out.push(k);
      }
      return out;
    }
    function staffOf(r) {
      const out = [];
      for (let j = kidStart[r]; j < kidStart[r + 1]; j++) {
        const k = kids[j];
        if (beside(k) && (!onlyChanged || marked[k])) out.push(k);
      }
      return out;
    }
    function hasKids(r) {
      if (!onlyChanged) return nKids[r] > 0;
      for (let j = kidStart[r]; j < kidStart[r + 1]; j++) if (!beside(kids[j]) && marked[kids[j]]) return true;
      return false;
    }
    function expand(r) { if (!open[r]) { open[r] = 1; shown[r] = Math.max(shown[r], PAGE); } }

    // ---------------------------------------------------------------- layout
    let L = null;  // {boxes: [{x, y, row, more}], buses: [...], frames: [...], w, h}

    function itemsOf(r) {
      const all = kidsOf(r), page = all.slice(0, shown[r] || PAGE);
      const leaves = page.filter((k) => !hasKids(k) || false);
      const items = [];
      let rest = page;
      if (leaves.length > STACK) {
        items.push({ cluster: columns(leaves) });
        rest = page.filter((k) => hasKids(k));
      }
      for (const k of rest) items.push({ row: k });
      if (all.length > page.length) items.push({ more: r, n: Math.min(PAGE, all.length - page.length), total: all.length });
      return items;
    }
    function columns(leaves) {  // as orggraph.output.chart.columns
      let rows = Math.max(STACK, Math.ceil(Math.sqrt(leaves.length * 4)));
      const cols = Math.ceil(leaves.length / rows);
      rows = Math.ceil(leaves.length / cols);
      const out = [];
      for (let c = 0; c < cols; c++) out.push(leaves.slice(c * rows, (c + 1) * rows));
      return out;
    }
    const clusterWidth = (cl) => cl.length * BW + (cl.length - 1) * GAP + 2 * PAD;

    function layout() {
      const blocks = new Map(), items = new Map(), post = [];
      const stack = roots.slice().reverse();
      while (stack.length) {  // parents before children
        const r = stack.pop();
        post.push(r);
        if (open[r] && hasKids(r)) {
          const its = itemsOf(r);
          items.set(r, its);
          for (let k = its.length - 1; k >= 0; k--) if (its[k].row !== undefined) stack.push(its[k].row);
        }
      }
      for (let k = post.length - 1; k >= 0; k--) blocks.set(post[k], block(post[k], items, blocks));
      L = { boxes: [], buses: [], frames: [], links: [], w: 0, h: 0, at: new Map() };
      let left = 0;
      for (const r of roots) { place(r, left, items, blocks); left += blocks.get(r).w + GAP; }
      for (const b of L.boxes) { L.w = Math.max(L.w, b.x + BW / 2); L.h = Math.max(L.h, b.y + BH); }
    }
    function block(r, items, blocks) {  // as orggraph.output.layout._block, boxes all BW wide
      const offsets = [], anchors = [];
      let x = 0;
      for (const it of items.get(r) || []) {
        offsets.push(x);
        let w;
        if (it.cluster) {
          w = clusterWidth(it.cluster);
          for (let c = 0; c < it.cluster.length; c++) anchors.push(x + PAD + c * (BW + GAP) + BW / 2);
        } else if (it.row !== undefined) {
          const b = blocks.get(it.row); w = b.w; anchors.push(x + b.c);
        } else { w = BW; anchors.push(x + BW / 2); }
        x += w + GAP;
      }
      const span = anchors.length ? x - GAP : 0;
      const centre = anchors.length ? (anchors[0] + anchors[anchors.length - 1]) / 2 : BW / 2;
      const shift = Math.max(0, BW / 2 - centre);
      const beside = staffOf(r).length * (BW + GAP);  // its staff, right of its box
      return { w: Math.max(span + shift, centre + shift + BW / 2 + beside), c: centre + shift,
               offsets: offsets.map((o) => o + shift), anchors: anchors.map((a) => a + shift) };
    }
    function put(box) { L.boxes.push(box); if (box.row !== undefined) L.at.set(box.row, box); }
    function place(root, left, items, blocks) {
      const stack = [[root, left]];
      while (stack.length) {
        const [r, x0] = stack.pop();
        const b = blocks.get(r), y = (depth[r] - depth[roots[0]]) * (BH + LGAP);
        put({ x: x0 + b.c, y: y, row: r });
        const staff = staffOf(r);
        staff.forEach((k, n) => put({ x: x0 + b.c + (n + 1) * (BW + GAP), y: y, row: k }));
        if (staff.length) L.links.push({ x0: x0 + b.c + BW / 2, x1: x0 + b.c + staff.length * (BW + GAP) - BW / 2, y: y + BH / 2 });
        const its = items.get(r);
        if (!its) continue;
        const y1 = y + BH + LGAP, bar = y + BH + LGAP / 2;
        L.buses.push({ x: x0 + b.c, y0: y + BH, bar: bar, y1: y1, xs: b.anchors.map((a) => x0 + a) });
        its.forEach((it, k) => {
          const xl = x0 + b.offsets[k];
          if (it.cluster) placeColumns(it.cluster, xl, y1);
          else if (it.row !== undefined) stack.push([it.row, xl]);
          else put({ x: xl + BW / 2, y: y1, more: it });
        });
      }
    }
    function placeColumns(cl, left, top) {
      let bottom = top;
      cl.forEach((column, c) => {
        const x = left + PAD + c * (BW + GAP) + BW / 2;
        column.forEach((r, k) => put({ x: x, y: top + k * (BH + RGAP), row: r }));
        bottom = Math.max(bottom, top + column.length * (BH + RGAP) - RGAP);
      });
      L.frames.push({ x0: left, y0: top - PAD, x1: left + clusterWidth(cl), y1: bottom + PAD });
    }

    // ---------------------------------------------------------------- the page
    function part(tag, name, attrs, parentEl) {  // id: the explorer's, then -name; class og-name
      return el(tag, Object.assign({ id: P + "-" + name, class: "og-" + name }, attrs), parentEl);
    }
    const app = host;
    app.classList.add("og");
    const bar = part("div", "bar", { role: "toolbar" }, app);
    if (opts.heading) el("h1", { text: D.title || WORDS.chart }, bar);
    const search = part("input", "search", { type: "search", placeholder: WORDS.search, "aria-label": WORDS.search, autocomplete: "off" }, bar);
    const found = part("span", "found", { "aria-live": "polite" }, bar);
    const results = part("ul", "results", { role: "listbox", hidden: "" }, bar);
    const zoomOut = el("button", { type: "button", title: WORDS.zoom_out, "aria-label": WORDS.zoom_out, text: "−" }, bar);
    const zoomIn = el("button", { type: "button", title: WORDS.zoom_in, "aria-label": WORDS.zoom_in, text: "+" }, bar);
    const fitButton = part("button", "fit", { type: "button", text: WORDS.fit }, bar);
    const svgButton = part("button", "save-svg", { type: "button", title: WORDS.save_svg, text: "SVG" }, bar);
    const pngButton = part("button", "save-png", { type: "button", title: WORDS.save_png, text: "PNG" }, bar);
    const printButton = opts.print ? part("button", "print", { type: "button", text: WORDS.print }, bar) : null;
    let filter = null;
    if (status) {
      const lab = el("label", {}, bar);
      filter = part("input", "changed", { type: "checkbox" }, lab);
      lab.appendChild(document.createTextNode(" " + WORDS.changed_only));
    }
    const crumbs = part("nav", "crumbs", { "aria-label": WORDS.path }, app);
    const view = part("div", "view", { tabindex: "0" }, app);
    const panel = part("aside", "panel", { "aria-label": WORDS.details, "aria-live": "polite" }, app);
    const svg = part("svg:svg", "svg", { role: "tree", "aria-label": D.title || WORDS.chart }, view);
    let layer = el("svg:g", {}, svg);
    let s = 1, tx = 20, ty = 20, frame = 0;

    function cut(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }
    const pen = document.createElement("canvas").getContext("2d"), widths = new Map();
    const FONT = getComputedStyle(document.body).fontFamily;
    function width(text, bold) {  // measured on a canvas: no layout of the page
      const key = (bold ? "b" : "") + text;
      let w = widths.get(key);
      if (w === undefined) {
        pen.font = (bold ? "600 12px " : "11px ") + FONT;
        w = pen.measureText(text).width;
        if (widths.size > 20000) widths.clear();
        widths.set(key, w);
      }
      return w;
    }
    function fitText(t, text, room) {  // cut with "…" until it fits the box
      const bold = t.getAttribute("class") === "og-name";
      if (width(text, bold) <= room) { t.textContent = text; return; }
      let lo = 1, hi = text.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (width(text.slice(0, mid) + "…", bold) <= room) lo = mid; else hi = mid - 1;
      }
      t.textContent = text.slice(0, lo) + "…";
    }
    function num(v) { return v < 0 ? WORDS.unknown : fmt.format(v); }
    function numbers(r) {
      const m = D.cols.members_total[r];
      return WORDS.numbers.replace("{span}", num(D.cols.span[r])).replace("{count}", num(m))
        .replace("{members}", m === 1 ? WORDS.member : WORDS.members);
    }
    function drawBox(b, g) {
      if (b.more) {
        const m = el("svg:g", { class: "og-more", "data-more": b.more.more, transform: `translate(${b.x - BW / 2},${b.y})` }, g);
        el("svg:rect", { width: BW, height: BH, rx: 6 }, m);
        el("svg:text", { x: BW / 2, y: BH / 2 + 4, "text-anchor": "middle",
          text: WORDS.more.replace("{n}", fmt.format(b.more.n)).replace("{total}", fmt.format(b.more.total)) }, m);
        return;
      }
      const r = b.row, t = D.type[r] >= 0 ? D.types[D.type[r]] : null, st = status ? STATUS[status[r]] : "";
      const cls = "og-box" + (r === selected ? " og-sel" : "") + (r === hit ? " og-hit" : "") + (st === "removed" ? " og-ghost" : "");
      const attrs = { class: cls, "data-unit-id": D.ids[r], "data-row": r, role: "treeitem", "aria-level": depth[r] + 1,
        "aria-selected": r === selected ? "true" : "false", transform: `translate(${b.x - BW / 2},${b.y})` };
      if (hasKids(r)) attrs["aria-expanded"] = open[r] ? "true" : "false";
      if (st) attrs["data-status"] = st;
      const g2 = el("svg:g", attrs, g);
      const card = { class: "og-card", width: BW, height: BH, rx: 6, fill: t ? t.fill : "#f3f4f6" };
      if (st) card.style = `stroke:${D.diff_style[st]};stroke-width:${st === "removed" ? 2 : 3}px`;
      if (st === "removed") card["stroke-dasharray"] = "5 3";
      el("svg:rect", card, g2);
      const font = t ? t.font : "#4b5563";
      el("svg:title", { text: D.names[r] }, g2);
      const room = BW - (hasKids(r) ? 30 : 14);
      fitText(el("svg:text", { class: "og-name", x: 8, y: 17, fill: font }, g2), cut(D.names[r], 80), room);
      fitText(el("svg:text", { x: 8, y: 33, fill: font }, g2), st === "removed" ? WORDS.statuses.removed : cut(t ? t.label : "", 80), BW - 14);
      if (st !== "removed") fitText(el("svg:text", { x: 8, y: 49, fill: font }, g2), numbers(r), BW - 14);
      if (hasKids(r)) el("svg:text", { class: "og-toggle", x: BW - 14, y: 17, fill: font, text: open[r] ? "−" : "+" }, g2);
    }
    function draw() {  // the part of the layout on screen, and a margin
      frame = 0;
      const vw = view.clientWidth, vh = view.clientHeight, m = 40;
      const g = paint((-tx - m) / s, (-ty - m) / s, (vw - tx + m) / s, (vh - ty + m) / s,
        `translate(${tx},${ty}) scale(${s})`);
      svg.replaceChild(g, layer);
      layer = g;
    }
    function paint(x0, y0, x1, y1, transform) {  // what of the layout meets [x0, x1] × [y0, y1]
      const g = el("svg:g", { transform: transform });
      for (const f of L.frames) if (f.x1 >= x0 && f.x0 <= x1 && f.y1 >= y0 && f.y0 <= y1)
        el("svg:rect", { class: "og-frame", x: f.x0, y: f.y0, width: f.x1 - f.x0, height: f.y1 - f.y0, rx: 4 }, g);
      for (const u of L.buses) {
        const lo = Math.min(u.x, u.xs[0]), hi = Math.max(u.x, u.xs[u.xs.length - 1]);
        if (hi < x0 || lo > x1 || u.y1 < y0 || u.y0 > y1) continue;
        let d = `M${u.x},${u.y0}V${u.bar}M${lo},${u.bar}H${hi}`;
        for (const x of u.xs) if (x >= x0 && x <= x1) d += `M${x},${u.bar}V${u.y1}`;
        el("svg:path", { class: "og-bus", d: d }, g);
      }
      for (const k of L.links) if (k.x1 >= x0 && k.x0 <= x1 && k.y >= y0 && k.y <= y1)
        el("svg:path", { class: "og-staff-link", d: `M${k.x0},${k.y}H${k.x1}` }, g);
      for (const b of L.boxes) if (b.x + BW / 2 >= x0 && b.x - BW / 2 <= x1 && b.y + BH >= y0 && b.y <= y1) drawBox(b, g);
      return g;
    }
    function redraw() { if (!frame) frame = requestAnimationFrame(draw); }
    function relayout() { layout(); draw(); }

    // ---------------------------------------------------------------- pan, zoom, fit
    function zoom(f, cx, cy) {
      const ns = Math.min(3, Math.max(0.05, s * f));
      tx = cx - (cx - tx) * ns / s; ty = cy - (cy - ty) * ns / s; s = ns; redraw();
    }
    function fit() {
      const vw = view.clientWidth, vh = view.clientHeight;
      s = Math.min(1.5, Math.max(0.05, Math.min((vw - 40) / Math.max(L.w, 1), (vh - 40) / Math.max(L.h, 1))));
      tx = (vw - L.w * s) / 2; ty = 20; draw();
    }
    function centre(r) {
      const b = L.at.get(r);
      if (!b) return;
      if (s < 0.6) s = 1;
      tx = view.clientWidth / 2 - b.x * s; ty = view.clientHeight / 2 - (b.y + BH / 2) * s; draw();
    }
    view.addEventListener("wheel", (e) => {
      if (opts.embedded && !e.ctrlKey && !e.metaKey) return;  // in a page: the wheel scrolls it
      e.preventDefault();
      const rc = view.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - rc.left, e.clientY - rc.top);
    }, { passive: false });
    let drag = null;
    view.addEventListener("pointerdown", (e) => { drag = { x: e.clientX, y: e.clientY, tx: tx, ty: ty, moved: false }; });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true; view.classList.add("og-drag");
      tx = drag.tx + dx; ty = drag.ty + dy; redraw();
    });
    window.addEventListener("pointerup", () => { view.classList.remove("og-drag"); setTimeout(() => { drag = null; }, 0); });
    zoomIn.addEventListener("click", () => zoom(1.25, view.clientWidth / 2, view.clientHeight / 2));
    zoomOut.addEventListener("click", () => zoom(0.8, view.clientWidth / 2, view.clientHeight / 2));
    fitButton.addEventListener("click", fit);

    // ---------------------------------------------------------------- export and print
    function viewSVG() {  // the view as drawn, as a standalone SVG document (styles inline)
      const vw = view.clientWidth, vh = view.clientHeight, out = svg.cloneNode(true);
      out.removeAttribute("id"); out.removeAttribute("class");
      out.setAttribute("xmlns", SVGNS);
      out.setAttribute("width", vw); out.setAttribute("height", vh);
      out.setAttribute("viewBox", `0 0 ${vw} ${vh}`);
      const style = document.createElementNS(SVGNS, "style");
      style.textContent = "svg { font-family: system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif; }\n" +
        document.getElementById("orggraph-explorer-style").textContent;
      out.insertBefore(style, out.firstChild);
      out.insertBefore(el("svg:rect", { width: vw, height: vh, fill: "#ffffff" }), style.nextSibling);
      return new XMLSerializer().serializeToString(out);
    }
    function fileName(ext) {  // the selected unit's id, else the root's
      return (D.ids[selected >= 0 ? selected : roots[0]] || "chart").replace(/[^\w.-]+/g, "_") + "." + ext;
    }
    function save(name, blob) {  // a download from a blob: no server involved
      const a = el("a", { href: URL.createObjectURL(blob), download: name }, document.body);
      a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    }
    function savePNG() {  // the SVG drawn on a canvas at twice the screen's scale
      const vw = view.clientWidth, vh = view.clientHeight, img = new Image();
      img.onload = () => {
        const c = document.createElement("canvas");
        c.width = vw * 2; c.height = vh * 2;
        const g = c.getContext("2d"); g.scale(2, 2); g.drawImage(img, 0, 0);
        c.toBlob((blob) => save(fileName("png"), blob), "image/png");
      };
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(viewSVG());
    }
    svgButton.addEventListener("click", () => save(fileName("svg"), new Blob([viewSVG()], { type: "image/svg+xml" })));
    pngButton.addEventListener("click", savePNG);
    // printed: what is expanded, on one A4 landscape sheet if it is readable there, else at
    // PRINT_SCALE on as many sheets as it needs (at most SHEETS), read left to right, then
    // down, cut between boxes (never through one)
    let sheets = null;
    function toPrint() {
      if (sheets) return;
      const [pw, ph] = SHEET, m = 8;
      let k = Math.max(PRINT_SCALE, Math.min(1, (pw - 2 * m) / L.w, (ph - 2 * m) / L.h)), xs, ys;
      for (;;) {  // smaller while it needs more than SHEETS sheets
        xs = cuts(L.boxes.map((b) => [b.x - BW / 2, b.x + BW / 2]), L.w, (pw - 2 * m) / k);
        ys = cuts(L.boxes.map((b) => [b.y, b.y + BH]), L.h, (ph - 2 * m) / k);
        if (k <= 0.05 || (xs.length - 1) * (ys.length - 1) <= SHEETS) break;
        k *= 0.9;
      }
      sheets = part("div", "sheets", {}, null);
      app.insertBefore(sheets, panel);
      app.classList.add("og-printing");
      const left = xs.length === 2 ? (pw - L.w * k) / 2 : m;
      for (let r = 0; r + 1 < ys.length; r++) for (let c = 0; c + 1 < xs.length; c++) {
        const sheet = el("svg:svg", { class: "og-sheet", width: pw, height: ph, viewBox: `0 0 ${pw} ${ph}`,
          role: "img", "aria-label": D.title || WORDS.chart }, sheets);
        sheet.appendChild(paint(xs[c], ys[r], xs[c + 1], ys[r + 1],
          `translate(${left - xs[c] * k},${m - ys[r] * k}) scale(${k})`));
      }
    }
    function cuts(spans, total, room) {  // where sheets of `room` begin: in the gaps of spans
      if (total <= room + 1e-6) return [0, total];
      spans.sort((a, b) => a[0] - b[0]);
      const gaps = [];  // the middles of the gaps between the boxes' spans, left to right
      let end = -Infinity;
      for (const [lo, hi] of spans) { if (lo > end && end > -Infinity) gaps.push((end + lo) / 2); end = Math.max(end, hi); }
      const out = [0];
      let g = 0;
      while (total - out[out.length - 1] > room) {
        const start = out[out.length - 1];
        let cut = start + room;  // no gap in reach: through a box
        while (g < gaps.length && gaps[g] <= start) g++;
        for (let j = g; j < gaps.length && gaps[j] <= start + room; j++) cut = gaps[j];
        out.push(cut);
      }
      out.push(total);
      return out;
    }
    function fromPrint() {
      if (!sheets) return;
      sheets.remove(); sheets = null;
      app.classList.remove("og-printing");
    }
    if (opts.print) {
      window.addEventListener("beforeprint", toPrint);
      window.addEventListener("afterprint", fromPrint);
      printButton.addEventListener("click", () => { toPrint(); window.print(); fromPrint(); });
    }

    // ---------------------------------------------------------------- selecting
    function pathTo(r) { const p = []; for (let a = r; a >= 0; a = parent[a]) p.unshift(a); return p; }
    function select(r) {
      selected = r;
      if (r !== hit) hit = -1;
      showCrumbs(r);
      showDetails(r);
    }
    function showCrumbs(r) {  // the path from the top; a long one: its ends, "…" between
      crumbs.textContent = "";
      let steps = D.above.map((name) => ({ name: name, row: -1 })).concat(pathTo(r).map((a) => ({ name: D.names[a], row: a })));
      if (steps.length > CRUMBS) steps = steps.slice(0, 2).concat([{ name: "…", row: -1 }], steps.slice(-(CRUMBS - 3)));
      steps.forEach((step, k) => {
        if (k) el("span", { class: "og-sep", text: "›", "aria-hidden": "true" }, crumbs);
        if (step.row < 0) { el("span", { class: "og-above", text: step.name }, crumbs); return; }
        const b = el("button", { type: "button", "data-unit-id": D.ids[step.row], text: step.name }, crumbs);
        b.addEventListener("click", () => { select(step.row); centre(step.row); });
      });
    }
    function row(table, label, value) {
      const tr = el("tr", {}, table);
      el("th", { text: label }, tr); el("td", { text: value }, tr);
    }
    function showDetails(r) {
      panel.textContent = "";
      el("h" + LEVEL, { class: "og-title", text: D.names[r] }, panel);
      const table = el("table", {}, panel);
      row(table, WORDS.id, D.ids[r]);
      if (D.type[r] >= 0) row(table, WORDS.type, D.types[D.type[r]].label);
      if (status && status[r]) {
        const tr = el("tr", {}, table);
        el("th", { text: WORDS.status }, tr);
        const said = (D.kinds || []).find((k) => k[0] === r);  // "renamed, retyped": the kinds
        el("td", { class: "og-status", text: said ? said[1] : WORDS.statuses[STATUS[status[r]]], style: "color:" + D.diff_style[STATUS[status[r]]] }, tr);
      }
      for (const k in D.labels) {
        const v = D.cols[k][r];
        if (v >= 0 || k === "members" || k === "members_total" || k === "span") row(table, D.labels[k], num(v));
      }
      listOf(D.posts, r, WORDS.posts, "og-posts");
      listOf(D.findings || [], r, WORDS.findings, "og-findings");
      listOf(D.notes || [], r, WORDS.changes, "og-changes");
    }
    function listOf(lines, r, title, cls) {  // the [row, text] lines of row r, as a list
      const mine = lines.filter((p) => p[0] === r);
      if (!mine.length) return;
      el("h" + (LEVEL + 1), { class: "og-section", text: title }, panel);
      const ul = el("ul", { class: cls }, panel);
      for (const p of mine) el("li", { text: p[1] }, ul);
    }
    function clickBox(r) {
      select(r);
      if (hasKids(r)) { if (open[r]) open[r] = 0; else expand(r); }
      keepPlace(r, layout);
      draw();
    }
    function keepPlace(r, change) {  // the box of r stays where it is on screen
      const before = L.at.get(r);
      const x = before && before.x, y = before && before.y;
      change();
      const after = L.at.get(r);
      if (before && after) { tx += (x - after.x) * s; ty += (y - after.y) * s; }
    }
    svg.addEventListener("click", (e) => {
      if (drag && drag.moved) return;
      const more = e.target.closest("[data-more]");
      if (more) {
        const r = +more.getAttribute("data-more");
        shown[r] += PAGE; keepPlace(r, layout); draw(); return;
      }
      const g = e.target.closest("[data-row]");
      if (g) clickBox(+g.getAttribute("data-row"));
    });

    // ---------------------------------------------------------------- keyboard
    function move(r) { if (r < 0) return; select(r); const b = L.at.get(r); if (!b) relayout(); keepInView(r); }
    function keepInView(r) {
      const b = L.at.get(r);
      if (!b) return;
      const x = b.x * s + tx, y = b.y * s + ty;
      if (x < 0 || y < 0 || x > view.clientWidth || y > view.clientHeight) centre(r); else draw();
    }
    function sibling(r, step) {
      if (parent[r] < 0) return -1;
      const list = kidsOf(parent[r]), k = list.indexOf(r) + step;
      if (k < 0 || k >= list.length) return -1;
      if (k >= shown[parent[r]]) { shown[parent[r]] += PAGE; layout(); }
      return list[k];
    }
    view.addEventListener("keydown", (e) => {
      const r = selected >= 0 ? selected : roots[0];
      const k = e.key;
      if (k === "+" || k === "=") zoom(1.25, view.clientWidth / 2, view.clientHeight / 2);
      else if (k === "-" || k === "_") zoom(0.8, view.clientWidth / 2, view.clientHeight / 2);
      else if (k === "0") fit();
      else if (k === "Enter" || k === " ") clickBox(r);
      else if (k === "ArrowUp") move(parent[r]);
      else if (k === "ArrowDown") { if (hasKids(r)) { expand(r); layout(); move(kidsOf(r)[0]); } }
      else if (k === "ArrowLeft") move(sibling(r, -1));
      else if (k === "ArrowRight") move(sibling(r, 1));
      else return;
      e.preventDefault();
    });

    // ---------------------------------------------------------------- search
    let hay = null, starts = null;
    const fold = (t) => t.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
    function haystack() {  // one folded text of "name id" lines; starts[r]: where row r begins
      if (hay) return;
      const lines = new Array(N);
      for (let r = 0; r < N; r++) lines[r] = D.names[r].replace(/\n/g, " ") + " \u0001" + D.ids[r].replace(/\n/g, " ");
      hay = fold(lines.join("\n"));
      starts = new Int32Array(N + 1);
      let at = 0;
      for (let r = 0; r < N; r++) { starts[r] = at; at = hay.indexOf("\n", at) + 1; }
      starts[N] = hay.length + 1;
    }
    function rowAt(pos) {
      let lo = 0, hi = N - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= pos) lo = mid; else hi = mid - 1; }
      return lo;
    }
    function find(query) {
      haystack();
      const q = fold(query.trim()).replace(/\s+/g, " ");
      if (!q) return [];
      const out = [];
      for (let pos = hay.indexOf(q); pos >= 0 && out.length < 1000; pos = hay.indexOf(q, pos + 1)) {
        const r = rowAt(pos);
        if (gone[r] || (status && status[r] === 4 && out.length)) continue;
        out.push(r);
        pos = starts[r + 1] - 1;  // the next match is on a later line
      }
      return out.sort((a, b) => depth[a] - depth[b] || a - b);
    }
    function reveal(r) {
      for (let a = parent[r], c = r; a >= 0; c = a, a = parent[a]) {
        expand(a);
        const k = kidsOf(a).indexOf(c);
        if (k >= shown[a]) shown[a] = Math.ceil((k + 1) / PAGE) * PAGE;
      }
      hit = r; select(r); layout(); centre(r);
    }
    function listResults(rows) {
      results.textContent = "";
      found.textContent = search.value.trim() ? (rows.length ? WORDS.matches.replace("{n}", fmt.format(rows.length)) : WORDS.no_match) : "";
      results.hidden = !rows.length;
      for (const r of rows.slice(0, 30)) {
        const li = el("li", { role: "option", "data-unit-id": D.ids[r] }, results);
        li.appendChild(document.createTextNode(D.names[r]));
        el("small", { text: D.ids[r] }, li);
        li.addEventListener("mousedown", (e) => { e.preventDefault(); results.hidden = true; reveal(r); });
      }
    }
    let timer = 0;
    search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => listResults(find(search.value)), 120); });
    search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        clearTimeout(timer);
        const rows = find(search.value);
        listResults(rows);
        results.hidden = true;
        if (rows.length) reveal(rows[0]);
      } else if (e.key === "Escape") results.hidden = true;
    });
    search.addEventListener("blur", () => { results.hidden = true; });

    if (filter) filter.addEventListener("change", () => {
      onlyChanged = filter.checked;
      if (onlyChanged) openChanged();
      layout();
      opening();
    });
    function openChanged() {  // the paths to the changes opened, a level at a time, while few
      let level = roots, count = roots.length;
      while (level.length && count < CHANGED_MAX) {
        const next = [];
        for (const r of level) {
          if (!hasKids(r)) continue;
          expand(r);
          const k = kidsOf(r).slice(0, shown[r]);
          count += k.length; next.push(...k);
          if (count >= CHANGED_MAX) break;
        }
        level = next;
      }
    }
    function opening() {  // fitted, or if too wide to read whole: readable, the root top centre
      fit();
      if (s >= READABLE) return;
      const b = L.at.get(roots[0]);
      s = READABLE; tx = view.clientWidth / 2 - b.x * s; ty = 20; draw();
    }

    // ---------------------------------------------------------------- opening
    function openLevels() {  // the levels that keep the chart under open_max boxes
      let level = roots, count = roots.length;
      while (level.length) {
        const next = [];
        let added = 0;
        for (const r of level) { const k = kidsOf(r); added += Math.min(k.length, PAGE); next.push(...k.slice(0, PAGE)); }
        if (!added || (count + added > D.open_max && count > roots.length)) break;
        for (const r of level) expand(r);
        count += added; level = next;
      }
    }
    openLevels();
    layout();
    opening();
    select(roots[0]);
    if (window.ResizeObserver) new ResizeObserver(redraw).observe(view);  // a new size: what is on screen
    draw();
    (window.requestIdleCallback || setTimeout)(haystack);
    // for tests and benchmarks: search, reveal, click a unit by row; boxes laid out
    return { find: find, reveal: reveal, click: clickBox, boxes: () => L.boxes.length,
      row: (id) => D.ids.indexOf(id), kids: (r) => nKids[r],
      more: (r) => { shown[r] += PAGE; keepPlace(r, layout); draw(); },
      widest: () => { let w = roots[0]; for (const r of order.subarray(0, reached)) if (nKids[r] > nKids[w]) w = r; return D.ids[w]; } };
  }

  // ---------------------------------------------------------------- the page's explorers
  const explorers = new Map(), parsed = new Map();
  function start(host) {  // mount the explorer of host (once), its data parsed once
    if (explorers.has(host.id)) return explorers.get(host.id);
    const id = host.getAttribute("data-orggraph-explorer");
    if (!parsed.has(id)) parsed.set(id, JSON.parse(document.getElementById(id).textContent));
    const x = mount(host, parsed.get(id), { diff: host.hasAttribute("data-diff"),
      heading: host.hasAttribute("data-heading"), print: host.hasAttribute("data-print"),
      embedded: host.hasAttribute("data-embedded") });
    explorers.set(host.id, x);
    return x;
  }
  // a data-lazy explorer is mounted when it comes near the screen (a report of many)
  const near = window.IntersectionObserver && new IntersectionObserver((seen) => {
    for (const e of seen) if (e.isIntersecting) { near.unobserve(e.target); start(e.target); }
  }, { rootMargin: "300px" });
  for (const host of document.querySelectorAll("[data-orggraph-explorer]")) {
    host.parentElement.classList.add("og-live");  // a static chart beside it: for print only
    if (near && host.hasAttribute("data-lazy")) near.observe(host); else start(host);
  }
  window.orggraph = { explorers: explorers, start: start, mount: mount };
})();
