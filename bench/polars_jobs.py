"""The same jobs as bench/floor.py, the way a skilled polars user would write them:
polars reads the CSV, finds each parent by a join, and assembles every line with
string expressions; the tree passes, which polars has no operation for, are numpy's
(floor.py's). The output is byte-identical to orggraph's (bench/run.py checks).

    python bench/polars_jobs.py metrics-json units.csv OUT.json
    python bench/polars_jobs.py export units.csv OUT.{csv,json,graphml}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import floor  # noqa: E402


def read(path):
    df = pl.read_csv(path, infer_schema=False)
    if df.columns != floor.COLUMNS:
        sys.exit(f"polars_jobs.py handles the columns {floor.COLUMNS} only")
    df = df.with_columns(pl.col(c).fill_null("") for c in floor.COLUMNS).with_row_index("row")
    rows = df.select(pl.col("id").alias("parent"), pl.col("row").alias("prow"))
    df = df.join(rows, on="parent", how="left", maintain_order="left")
    parent = df["prow"].fill_null(-1).cast(pl.Int64).to_numpy()
    return df, parent


def json_str(col):
    """JSON string text of a column (control characters are not expected here)."""
    return pl.col(col).str.replace_all("\\", "\\\\", literal=True).str.replace_all(
        '"', '\\"', literal=True)


def lines(df, out, last_trim=0):
    """Write the column ``line`` of ``df``, one row a line; the last line cut short."""
    if last_trim:
        n = df.height
        df = df.with_columns(pl.when(pl.int_range(pl.len()) == n - 1)
                             .then(pl.col("line").str.slice(0, pl.col("line").str.len_chars()
                                                            - last_trim))
                             .otherwise(pl.col("line")).alias("line"))
    df.select("line").write_csv(out, include_header=False, quote_style="never")


def metrics_json(path, out_path):
    df, parent = read(path)
    members = df["members"].cast(pl.Int64).to_numpy()
    counts = dict(df["type"].value_counts().iter_rows())
    depth, size, span, total, order, wide, narrow, summary = floor.metrics(parent, members,
                                                                           counts)
    m = df.with_columns(depth=depth, span=span, total=total, size=size, wide=wide,
                        narrow=narrow, pid=pl.col("id").gather(np.maximum(parent, 0)))
    m = m.with_columns(
        msg=pl.when("wide").then(pl.format("span {} > " + str(floor.WIDE) + " (wide span)",
                                           "span"))
        .otherwise(pl.format("span {} < " + str(floor.NARROW) + " (narrow span)", "span")),
        rule=pl.when("wide").then(pl.lit("wide-span")).otherwise(pl.lit("narrow-span")))
    m = m[order]
    units = m.select(line=pl.concat_str([
        pl.lit('"'), "id", pl.lit('": {"name": "'), json_str("name"), pl.lit('", "type": "'),
        json_str("type"), pl.lit('", "parent": '),
        pl.when(pl.col("parent") == "").then(pl.lit("null"))
        .otherwise(pl.concat_str([pl.lit('"'), "pid", pl.lit('"')])),
        pl.lit(', "depth": '), "depth", pl.lit(', "span": '), "span", pl.lit(', "members": '),
        "members", pl.lit(', "members_total": '), "total", pl.lit(', "subtree_units": '), "size",
        pl.lit(', "findings": '),
        pl.when(pl.col("wide") | pl.col("narrow"))
        .then(pl.concat_str([pl.lit('["'), "rule", pl.lit(": "), "msg", pl.lit('"]')]))
        .otherwise(pl.lit("[]")), pl.lit("},")]))
    found = m.filter(pl.col("wide") | pl.col("narrow")).select(line=pl.concat_str([
        pl.lit('{"unit": "'), "id", pl.lit('", "rule": "'), "rule", pl.lit('", "message": "'),
        "msg", pl.lit('", "span": '), "span",
        pl.when("wide").then(pl.lit(f', "wide": {floor.WIDE}'))
        .otherwise(pl.lit(f', "narrow": {floor.NARROW}')), pl.lit("},")]))
    with open(out_path, "wb") as out:
        out.write(('{"summary": ' + json.dumps(summary, ensure_ascii=False) +
                   ',\n"units": {\n').encode())
        lines(units, out, 1)
        out.seek(out.tell() - 1)  # the last unit's line break: the file goes on
        out.write(b'},\n"findings": [')
        if found.height:
            lines(found, out, 1)
            out.seek(out.tell() - 1)
        out.truncate()
        out.write(b"]}\n")


def export(path, out_path):
    df, parent = read(path)
    _, _, _, _, order = floor.tree(parent)
    df = df.with_columns(pid=pl.col("id").gather(np.maximum(parent, 0)))
    kind = Path(out_path).suffix
    with open(out_path, "wb") as out:
        {".json": _json, ".graphml": _graphml, ".csv": _csv}[kind](df, parent, order, out,
                                                                  Path(path).stem)


def _optional(col, *parts):
    return pl.when(pl.col(col) == "").then(pl.lit("")).otherwise(pl.concat_str(list(parts)))


def _json(df, parent, order, out, title):
    units = df[order].select(line=pl.concat_str([
        pl.lit('  {\n   "id": "'), "id", pl.lit('",\n   "name": "'), json_str("name"),
        pl.lit('",\n   "type": "'), json_str("type"), pl.lit('"'),
        _optional("parent", pl.lit(',\n   "parent": "'), "pid", pl.lit('"')),
        _optional("members", pl.lit(',\n   "members": '), "members"),
        _optional("sector", pl.lit(',\n   "sector": "'), json_str("sector"), pl.lit('"')),
        pl.lit("\n  },")]))
    out.write(('{\n "orggraph": 1,\n "title": ' + json.dumps(title, ensure_ascii=False) +
               ',\n "profile": "generic",\n "units": [\n').encode())
    lines(units, out, 1)
    out.write(b" ]\n}\n")


def _xml(col):
    return pl.col(col).str.replace_all("&", "&amp;", literal=True).str.replace_all(
        "<", "&lt;", literal=True).str.replace_all(">", "&gt;", literal=True)


def _graphml(df, parent, order, out, title):
    out.write(floor.GRAPHML_HEAD)
    nodes = df[order].select(line=pl.concat_str([
        pl.lit('    <node id="'), "id", pl.lit('">\n      <data key="d3">unit</data>\n'
                                            '      <data key="d4">'), _xml("name"),
        pl.lit('</data>\n      <data key="d5">'), _xml("type"), pl.lit("</data>\n"),
        _optional("members", pl.lit('      <data key="d6">'), "members", pl.lit("</data>\n")),
        _optional("sector", pl.lit('      <data key="d7">'), _xml("sector"),
                  pl.lit("</data>\n")), pl.lit("    </node>")]))
    lines(nodes, out)
    pos = np.empty(len(order), dtype=np.int64)
    pos[order] = np.arange(len(order))
    child = order[1:]
    child = child[np.argsort(pos[parent[child]], kind="stable")]
    edges = df[child].select(line=pl.concat_str([
        pl.lit('    <edge source="'), "parent", pl.lit('" target="'), "id",
        pl.lit('">\n      <data key="d8">hierarchy</data>\n    </edge>')]))
    lines(edges, out)
    out.write((f'    <data key="d0">{title}</data>\n    <data key="d1" />\n'
               '    <data key="d2">generic</data>\n  </graph>\n</graphml>\n').encode())


def _csv(df, parent, order, out, title):
    guard = "^(=|\\+|-|@|\t|\r|'[=+\\-@\t\r])"
    text = [pl.when(pl.col(c).str.contains(guard)).then(pl.concat_str([pl.lit("'"), c]))
            .otherwise(pl.col(c)).alias(c) for c in ("name", "type", "sector")]
    empty = [pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
             for c in ("members", "sector")]  # written as nothing, where "" would be quoted
    df[order].with_columns(*text).with_columns(*empty).select(
        "id", pl.when(pl.col("parent") == "").then(None).otherwise(pl.col("pid"))
        .alias("parent"), "name", "type", "members", "sector").write_csv(
            out, quote_style="necessary")


if __name__ == "__main__":
    job = sys.argv[1:2]
    if job == ["metrics-json"]:
        metrics_json(sys.argv[2], sys.argv[3])
    elif job == ["export"]:
        export(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
