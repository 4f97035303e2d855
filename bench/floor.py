"""The floor: the fastest pyarrow + numpy script I know for each benchmarked job,
writing the same bytes as orggraph (bench/run.py compares them and stops if they
differ). It handles what the benchmark's inputs hold (bench/generate.py's CSV files:
id, parent, name, type, members, sector; one root; the generic profile) and says so
when given anything else.

    python bench/floor.py metrics-json units.csv OUT.json   # orggraph metrics --format json
    python bench/floor.py export units.csv OUT.{csv,json,graphml}   # orggraph export -o OUT

Everything is column-wise: pyarrow reads the CSV, numpy computes the tree (breadth-first
levels, subtree sums and hierarchy order level by level), pyarrow.compute assembles the
text, and the bytes go to the file straight from Arrow's buffers.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

COLUMNS = ["id", "parent", "name", "type", "members", "sector"]
NARROW, WIDE = 3, 15  # the generic profile's span thresholds


def read(path):
    """The CSV's columns (text, in file order) and each unit's parent row (-1: root)."""
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={c: pa.string() for c in COLUMNS}, strings_can_be_null=False))
    if table.column_names != COLUMNS:
        sys.exit(f"floor.py handles the columns {COLUMNS} only")
    cols = {c: table.column(c).combine_chunks() for c in COLUMNS}
    parent = pc.index_in(cols["parent"], value_set=cols["id"]).to_numpy(zero_copy_only=False)
    given = pc.not_equal(cols["parent"], "").to_numpy(zero_copy_only=False)
    parent = np.where(given, np.nan_to_num(parent, nan=-1), -1).astype(np.int64)
    if np.count_nonzero(parent < 0) != 1:
        sys.exit("floor.py handles one root only")
    return cols, parent


def tree(parent):
    """``(depth, size, levels, order)``: each unit's depth and subtree size, the units
    of each level, and the units in hierarchy order (depth first, children in file
    order)."""
    n = len(parent)
    kids = np.argsort(parent, kind="stable")[1:]  # grouped by parent, in file order
    span = np.bincount(parent[kids], minlength=n)
    start = np.concatenate([[0], np.cumsum(span)[:-1]])
    levels = [np.flatnonzero(parent < 0)]
    depth = np.zeros(n, dtype=np.int64)
    while True:
        c = span[levels[-1]]
        total = int(c.sum())
        if not total:
            break
        first = np.repeat(start[levels[-1]] - np.cumsum(c) + c, c) + np.arange(total)
        levels.append(kids[first])
        depth[levels[-1]] = len(levels) - 1
    size = np.ones(n, dtype=np.int64)
    for level in reversed(levels[1:]):
        size += np.bincount(parent[level], weights=size[level], minlength=n).astype(np.int64)
    before = np.cumsum(size[kids]) - size[kids]  # sizes of the earlier kids, all parents
    offset = np.zeros(n, dtype=np.int64)
    offset[kids] = before - before[start[parent[kids]]]
    pos = np.zeros(n, dtype=np.int64)
    for level in levels[1:]:
        pos[level] = pos[parent[level]] + 1 + offset[level]
    order = np.empty(n, dtype=np.int64)
    order[pos] = np.arange(n)
    return depth, size, span, levels, order


_PLAIN = bytes(b for b in range(256) if b >= 0x20 and b not in b'"\\')


def json_text(arr):
    """The inside of JSON strings (Python's escapes, only where needed)."""
    if not bytes(text_bytes(arr)).translate(None, _PLAIN):
        return arr
    enc = json.encoder.encode_basestring
    return pa.array([enc(v)[1:-1] for v in arr.to_pylist()], type=pa.string())


def text_bytes(arr):
    off = np.frombuffer(arr.buffers()[1], dtype=np.int32, count=len(arr) + 1,
                        offset=arr.offset * 4)
    return memoryview(arr.buffers()[2])[off[0]:off[-1]]


def write(out, arr, trim=0):
    data = text_bytes(arr)
    out.write(data[:len(data) - trim])


def chunks(order, size=200_000):
    return [order[k:k + size] for k in range(0, len(order), size)]


def join(*parts):
    return pc.binary_join_element_wise(*parts, "")


def metrics(parent, members, type_counts):
    """The per-unit metrics and the summary of ``orggraph metrics`` (generic profile):
    ``(depth, size, span, total, order, wide, narrow, summary)``."""
    depth, size, span, levels, order = tree(parent)
    total = members.copy()
    for level in reversed(levels[1:]):
        total += np.bincount(parent[level], weights=total[level],
                             minlength=len(parent)).astype(np.int64)
    wide, narrow = span > WIDE, (span >= 1) & (span < NARROW)
    mgr = span[span >= 1]
    per_layer = np.bincount(depth).tolist()
    summary = {
        "units": len(parent), "layers": len(per_layer), "managers": len(mgr),
        "leaves": len(parent) - len(mgr), "span_mean": round(float(mgr.mean()), 3),
        "span_median": float(np.median(mgr)), "span_p90": round(float(np.percentile(mgr, 90)), 3),
        "span_max": int(mgr.max()), "span_buckets": {
            f"{lo}-{hi}" if hi else f"{lo}+": int(np.count_nonzero(
                (mgr >= lo) & ((mgr <= hi) if hi else True)))
            for lo, hi in ((1, 2), (3, 5), (6, 9), (10, 15), (16, 25), (26, 40), (41, None))},
        "narrow_spans": int(narrow.sum()), "wide_spans": int(wide.sum()),
        "one_child_managers": int(np.count_nonzero(span == 1)), "units_per_layer": per_layer,
        "units_by_type": dict(sorted(type_counts.items())),
        "members": int(members.sum()), "load_mean": None, "staff_dedicated": None,
        "staff_concurrent": None, "people": 0, "posts": 0, "people_concurrent": 0,
        "concurrent_post_share": None, "findings": int(wide.sum() + narrow.sum()),
        "findings_by_rule": {k: int(v.sum()) for k, v in (("narrow-span", narrow),
                                                          ("wide-span", wide)) if v.any()},
        "thresholds": {"narrow": NARROW, "wide": WIDE}}
    return depth, size, span, total, order, wide, narrow, summary


def metrics_json(path, out_path):
    cols, parent = read(path)
    members = pc.cast(cols["members"], pa.int64()).to_numpy()
    depth, size, span, total, order, wide, narrow, summary = metrics(parent, members, {
        t["values"]: t["counts"] for t in pc.value_counts(cols["type"]).to_pylist()})
    spans = pa.array(span).cast(pa.string())
    message = pc.if_else(pa.array(wide), join("span ", spans, f" > {WIDE} (wide span)"),
                         join("span ", spans, f" < {NARROW} (narrow span)"))
    rule = pc.if_else(pa.array(wide), "wide-span", "narrow-span")
    found = pa.array(wide | narrow)
    ids, names, types_ = cols["id"], json_text(cols["name"]), json_text(cols["type"])
    pid = pc.if_else(pa.array(parent < 0), "null", join('"', ids.take(pa.array(
        np.maximum(parent, 0))), '"'))
    flist = pc.if_else(found, join('["', rule, ": ", message, '"]'), "[]")
    number = {k: pa.array(v).cast(pa.string()) for k, v in (
        ("depth", depth), ("span", span), ("members", members), ("total", total),
        ("size", size))}
    with open(out_path, "wb") as out:
        out.write(('{"summary": ' + json.dumps(summary, ensure_ascii=False) +
                   ',\n"units": {\n').encode())
        parts = chunks(order)
        for k, rows in enumerate(parts):
            r = pa.array(rows)
            write(out, join('"', ids.take(r), '": {"name": "', names.take(r), '", "type": "',
                            types_.take(r), '", "parent": ', pid.take(r), ', "depth": ',
                            number["depth"].take(r), ', "span": ', number["span"].take(r),
                            ', "members": ', number["members"].take(r), ', "members_total": ',
                            number["total"].take(r), ', "subtree_units": ',
                            number["size"].take(r), ', "findings": ', flist.take(r), "},\n"),
                  2 if k == len(parts) - 1 else 0)
        out.write(b'},\n"findings": [')
        rows = order[np.asarray(found.to_numpy(zero_copy_only=False))[order]]
        if len(rows):
            r, w = pa.array(rows), pa.array(wide[rows])
            write(out, join('{"unit": "', ids.take(r), '", "rule": "', rule.take(r),
                            '", "message": "', message.take(r), '", "span": ',
                            number["span"].take(r), pc.if_else(w, f', "wide": {WIDE}',
                                                               f', "narrow": {NARROW}'), "},\n"),
                  2)
        out.write(b"]}\n")


def export(path, out_path):
    cols, parent = read(path)
    _, _, _, levels, order = tree(parent)
    kind = Path(out_path).suffix
    with open(out_path, "wb") as out:
        {".json": _json, ".graphml": _graphml, ".csv": _csv}[kind](cols, parent, order, out,
                                                                  Path(path).stem)


def _json(cols, parent, order, out, title):
    ids = cols["id"]
    pid = pc.if_else(pa.array(parent < 0), "", join(',\n   "parent": "', ids.take(
        pa.array(np.maximum(parent, 0))), '"'))
    members = pc.if_else(pc.equal(cols["members"], ""), "",
                         join(',\n   "members": ', cols["members"]))
    sector = pc.if_else(pc.equal(cols["sector"], ""), "",
                        join(',\n   "sector": "', json_text(cols["sector"]), '"'))
    names, types = json_text(cols["name"]), json_text(cols["type"])
    out.write(('{\n "orggraph": 1,\n "title": ' + json.dumps(title, ensure_ascii=False) +
               ',\n "profile": "generic",\n "units": [\n').encode())
    parts = chunks(order)
    for k, rows in enumerate(parts):
        r = pa.array(rows)
        write(out, join('  {\n   "id": "', ids.take(r), '",\n   "name": "', names.take(r),
                        '",\n   "type": "', types.take(r), '"', pid.take(r), members.take(r),
                        sector.take(r), "\n  },\n"), 2 if k == len(parts) - 1 else 0)
    out.write(b"\n ]\n}\n")


def _xml(arr):
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        arr = pc.replace_substring(arr, char, entity)
    return arr


#: The opening of the GraphML file, as networkx writes it for these columns.
_KEYS = [("d0", "graph", "title", "string"), ("d1", "graph", "as_of", "string"),
         ("d2", "graph", "profile", "string"), ("d3", "node", "kind", "string"),
         ("d4", "node", "name", "string"), ("d5", "node", "type", "string"),
         ("d6", "node", "members", "long"), ("d7", "node", "sector", "string"),
         ("d8", "edge", "kind", "string")]
GRAPHML_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml."
                "graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml."
                "graphdrawing.org/xmlns/1.0/graphml.xsd\">\n" + "".join(
                    f'  <key id="{d}" for="{s}" attr.name="{n}" attr.type="{t}" />\n'
                    for d, s, n, t in reversed(_KEYS)) + '  <graph edgedefault="directed">\n'
                ).encode()


def _graphml(cols, parent, order, out, title):
    out.write(GRAPHML_HEAD)
    ids = cols["id"]
    members = pc.if_else(pc.equal(cols["members"], ""), "",
                         join('      <data key="d6">', cols["members"], "</data>\n"))
    sector = pc.if_else(pc.equal(cols["sector"], ""), "",
                        join('      <data key="d7">', _xml(cols["sector"]), "</data>\n"))
    names, types = _xml(cols["name"]), _xml(cols["type"])
    for rows in chunks(order):
        r = pa.array(rows)
        write(out, join('    <node id="', ids.take(r), '">\n      <data key="d3">unit</data>\n'
                        '      <data key="d4">', names.take(r), '</data>\n      <data key="d5">',
                        types.take(r), "</data>\n", members.take(r), sector.take(r),
                        "    </node>\n"))
    pos = np.empty(len(order), dtype=np.int64)
    pos[order] = np.arange(len(order))
    child = order[1:]  # every unit but the root, in hierarchy order
    child = child[np.argsort(pos[parent[child]], kind="stable")]
    for rows in chunks(child):
        write(out, join('    <edge source="', ids.take(pa.array(parent[rows])), '" target="',
                        ids.take(pa.array(rows)), '">\n      <data key="d8">hierarchy</data>\n'
                        "    </edge>\n"))
    out.write((f'    <data key="d0">{title}</data>\n    <data key="d1" />\n'
               '    <data key="d2">generic</data>\n  </graph>\n</graphml>\n').encode())


def _csv_cells(arr, guard=True):
    """CSV cells as Python's csv writer writes them (quoted where needed), text that a
    spreadsheet would take for a formula behind a ``'``."""
    if guard:
        arr = pc.if_else(pc.match_substring_regex(arr, "^(=|\\+|-|@|\t|\r|'[=+\\-@\t\r])"),
                         join("'", arr), arr)
    quote = pc.match_substring_regex(arr, '[,"\n]')  # as csv quotes with "\n" lines
    if pc.any(quote).as_py():
        arr = pc.if_else(quote, join('"', pc.replace_substring(arr, '"', '""'), '"'), arr)
    return arr


def _csv(cols, parent, order, out, title):
    out.write(b"id,parent,name,type,members,sector\n")
    ids = cols["id"]
    pid = pc.if_else(pa.array(parent < 0), "", ids.take(pa.array(np.maximum(parent, 0))))
    cells = [ids, pid, _csv_cells(cols["name"]), _csv_cells(cols["type"]), cols["members"],
             _csv_cells(cols["sector"])]
    for rows in chunks(order):
        r = pa.array(rows)
        write(out, join(*[x for c in cells for x in (c.take(r), ",")][:-1], "\n"))


if __name__ == "__main__":
    job = sys.argv[1:2]
    if job == ["metrics-json"]:
        metrics_json(sys.argv[2], sys.argv[3])
    elif job == ["export"]:
        export(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
