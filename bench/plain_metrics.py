"""Baseline (a): the same per-unit metrics as `orggraph metrics --format json`, written
simply with the standard library's csv and json and a little numpy.

    python bench/plain_metrics.py units.csv > metrics.json
"""

import csv
import json
import sys

import numpy as np


def main(path, out):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    index = {r["id"]: i for i, r in enumerate(rows)}
    n = len(rows)
    parent = np.array([index[r["parent"]] if r["parent"] else -1 for r in rows])
    members = np.array([int(r["members"] or 0) for r in rows])
    children = [[] for _ in range(n)]
    for i, p in enumerate(parent.tolist()):
        if p >= 0:
            children[p].append(i)
    root = int(np.flatnonzero(parent < 0)[0])
    order, depth = [root], np.zeros(n, dtype=int)
    for i in order:  # breadth first; the list grows while it is read
        for c in children[i]:
            depth[c] = depth[i] + 1
            order.append(c)
    total, size = members.copy(), np.ones(n, dtype=int)
    for i in reversed(order):
        if parent[i] >= 0:
            total[parent[i]] += total[i]
            size[parent[i]] += size[i]
    span = np.bincount(parent[parent >= 0], minlength=n)
    units = {}
    for i in order:
        r = rows[i]
        units[r["id"]] = {"name": r["name"], "type": r["type"], "parent": r["parent"] or None,
                          "depth": int(depth[i]), "span": int(span[i]),
                          "members": int(members[i]), "members_total": int(total[i]),
                          "subtree_units": int(size[i])}
    mgr = span[span >= 1]
    summary = {"units": n, "layers": int(depth.max()) + 1, "managers": int(len(mgr)),
               "span_mean": float(mgr.mean()), "span_median": float(np.median(mgr)),
               "span_max": int(mgr.max()), "members": int(members.sum())}
    json.dump({"summary": summary, "units": units}, out, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.stdout)
