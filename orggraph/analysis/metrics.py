"""Span of control and related metrics, as whole-model numpy passes.

>>> import orggraph
>>> m = orggraph.metrics(orggraph.load("models/can-tho-2011.yaml"))
>>> m.unit("thot-not")["span"], m.summary["units"]
(46, 264)

Definitions (see also the README):

- ``span``: direct child units in the hierarchy (links never count).
- ``depth``: distance from the root (0 at the root, or at ``focus``).
- ``layers``: number of distinct depths.
- ``members_total``: ``members`` summed over the unit's subtree.
- ``managers``: units with span ≥ 1; span mean, median, p90 and max are over managers.
- ``load``: span ÷ standing-committee size (direct subordinates per standing member).
"""

from __future__ import annotations

import json

import numpy as np

from .. import profiles
from .columns import NONE, unit_table
from .rules import findings as find

#: Span buckets in use among practitioners (USERS.md): 1–2, 3–5, 6–9, 10–15, 16–25, 26–40, 41+.
DEFAULT_BUCKETS = ((1, 2), (3, 5), (6, 9), (10, 15), (16, 25), (26, 40), (41, None))
def bucket_label(lo, hi):
    return f"{lo}+" if hi is None else f"{lo}-{hi}"


def parse_buckets(text):
    """``"1-2,3-5,6-9,10+"`` → ``((1, 2), (3, 5), (6, 9), (10, None))``.

    >>> parse_buckets("1-2,3-5,6+")
    ((1, 2), (3, 5), (6, None))
    """
    out = []
    for part in text.replace("–", "-").split(","):
        part = part.strip()
        if part.endswith("+"):
            out.append((int(part[:-1]), None))
        else:
            lo, _, hi = part.partition("-")
            out.append((int(lo), int(hi or lo)))
    return tuple(out)


class Metrics:
    """Metrics of one model (optionally of the subtree under ``focus``).

    ``summary`` is a plain dict; per-unit rows come from :meth:`unit`,
    :meth:`rows` (hierarchy order) or :meth:`to_dict` — the JSON of
    ``orggraph metrics --format json``.
    """

    def __init__(self, model, *, focus=None, narrow=None, wide=None, buckets=None,
                 profile=None):
        self.model = model
        self.profile = profile or profiles.for_model(model)
        self.narrow = self.profile.narrow if narrow is None else narrow
        self.wide = self.profile.wide if wide is None else wide
        self.buckets = tuple(buckets or DEFAULT_BUCKETS)
        self.focus = focus
        a = model.arrays()
        self.arrays = a
        self.table = unit_table(model)
        self.findings = find(model, self.profile, narrow=self.narrow, wide=self.wide,
                             table=self.table)
        order = a.preorder()
        if focus is not None:
            top = a.row_of(model.index(focus))
            d = self.table["depth"]
            # the subtree is the run of the preorder that starts at the focus unit
            # and continues while units are deeper than it
            pos = int(np.flatnonzero(order == top)[0])
            after = order[pos + 1:]
            stop = np.flatnonzero(d[after] <= d[top])
            order = order[pos:pos + 1 + (int(stop[0]) if len(stop) else len(after))]
            keep = np.zeros(len(a), dtype=bool)
            keep[order] = True
            self.findings = self.findings.restrict(keep)
        self.rows_order = order
        self.depth = self.table["depth"] - (self.table["depth"][order[0]] if len(order) else 0)
        self.summary = self._summary()

    # -------------------------------------------------------------- summary
    def _summary(self):
        t, rows = self.table, self.rows_order
        span = t["span"][rows]
        depth = self.depth[rows]
        mgr = span[span >= 1]
        per_layer = np.bincount(depth, minlength=int(depth.max()) + 1 if len(depth) else 0)
        by_rule = self.findings.by_rule()
        buckets = {}
        for lo, hi in self.buckets:
            sel = (mgr >= lo) if hi is None else ((mgr >= lo) & (mgr <= hi))
            buckets[bucket_label(lo, hi)] = int(np.count_nonzero(sel))
        members = int(t["members"][rows].sum())
        ded, con = t["staff_dedicated"][rows], t["staff_concurrent"][rows]
        load = t["load"][rows]
        load = load[~np.isnan(load)]
        return {
            "units": int(len(rows)),
            "layers": int(np.count_nonzero(per_layer)),
            "managers": int(len(mgr)),
            "leaves": int(len(rows) - len(mgr)),
            "span_mean": round(float(mgr.mean()), 3) if len(mgr) else 0.0,
            "span_median": float(np.median(mgr)) if len(mgr) else 0.0,
            "span_p90": round(float(np.percentile(mgr, 90)), 3) if len(mgr) else 0.0,
            "span_max": int(mgr.max()) if len(mgr) else 0,
            "span_buckets": buckets,
            "narrow_spans": int(np.count_nonzero((span >= 1) & (span < self.narrow))),
            "wide_spans": int(np.count_nonzero(span > self.wide)),
            "one_child_managers": int(np.count_nonzero(span == 1)),
            "units_per_layer": per_layer.tolist(),
            "members": members,
            "load_mean": round(float(load.mean()), 3) if len(load) else None,
            "staff_dedicated": int(ded[ded >= 0].sum()),
            "staff_concurrent": int(con[con >= 0].sum()),
            **self._people(),
            "findings": len(self.findings),
            "findings_by_rule": by_rule,
            "thresholds": {"narrow": self.narrow, "wide": self.wide},
        }

    def _people(self):
        model = self.model
        if self.focus is not None:
            keep = set(model._ids[i] for i in self.arrays.index[self.rows_order].tolist())
        else:
            keep = None
        posts = multi = people = 0
        multi_posts = 0
        for p in model.people.values():
            units = [post.unit for post in p.posts if keep is None or post.unit in keep]
            if not units:
                continue
            people += 1
            posts += len(units)
            if len(set(units)) >= 2:
                multi += 1
                multi_posts += len(units)
        return {"people": people, "posts": posts, "people_concurrent": multi,
                "concurrent_post_share": round(multi_posts / posts, 3) if posts else 0.0}

    # -------------------------------------------------------------- rows
    OPTIONAL = ("committee_size", "committee_standing", "staff_dedicated", "staff_concurrent")

    def _columns(self, rows):
        """Per-unit values of ``rows`` as plain Python lists (one pass per column)."""
        model, t, a = self.model, self.table, self.arrays
        idx = a.index[rows]
        ids, names, types = (self._objects(k) for k in ("_ids", "_name", "_type"))
        par = a.parent[rows]
        pidx = np.where(par >= 0, a.index[np.maximum(par, 0)], 0)
        load = np.round(t["load"][rows], 3)
        parents = ids[pidx]
        parents[par < 0] = None
        cols = {
            "id": ids[idx].tolist(), "name": names[idx].tolist(), "type": types[idx].tolist(),
            "parent": parents.tolist(), "depth": self.depth[rows].tolist(),
        }
        for key in ("span", "members", "members_total", "subtree_units") + self.OPTIONAL:
            cols[key] = t[key][rows].tolist()
        cols["load"] = [None if v != v else v for v in load.tolist()]
        return cols

    def _objects(self, name):
        """A model column as a numpy object array (cached), for fast gathering."""
        cache = self.__dict__.setdefault("_object_cache", {})
        if name not in cache:
            cache[name] = np.array(getattr(self.model, name), dtype=object)
        return cache[name]

    def _findings_by_unit(self):
        by_unit = {}
        for f in self.findings:
            by_unit.setdefault(f.unit, []).append(f"{f.rule}: {f.message}")
        return by_unit

    def rows(self, rows=None):
        """``(id, row)`` for every unit in hierarchy order (or for ``rows``)."""
        cols = self._columns(self.rows_order if rows is None else rows)
        by_unit = self._findings_by_unit()
        base = ("name", "type", "parent", "depth", "span", "members", "members_total",
                "subtree_units")
        for k, uid in enumerate(cols["id"]):
            row = {key: cols[key][k] for key in base}
            for key in self.OPTIONAL:
                if cols[key][k] != NONE:
                    row[key] = cols[key][k]
            if cols["load"][k] is not None:
                row["load"] = cols["load"][k]
            row["findings"] = by_unit.get(uid, [])
            yield uid, row

    def unit(self, uid):
        r = self.arrays.row_of(self.model.index(uid))
        return next(self.rows(np.array([r])))[1]

    def to_dict(self):
        return {"summary": self.summary, "units": dict(self.rows()),
                "findings": [f.to_dict() for f in self.findings]}

    def write_json(self, out, parts=16):
        """Write :meth:`to_dict` as JSON (UTF-8) to the binary stream ``out``.

        Each unit's line is assembled column-wise by Arrow compute kernels, in
        parallel threads, and written straight from Arrow's buffers: a million
        units never exist as Python dicts.
        """
        import concurrent.futures

        import pyarrow as pa
        import pyarrow.compute as pc

        from ..arrowtext import string_bytes
        from ..escape import json_strings as json_text

        model, a, t = self.model, self.arrays, self.table
        out.write(b'{"summary": ' + json.dumps(self.summary, ensure_ascii=False).encode() +
                  b',\n"units": {\n')
        ids = model.arrow_column("_ids")
        names = json_text(model.arrow_column("_name"))
        types = json_text(model.arrow_column("_type"))
        extra = np.full(len(a), "", dtype=object)
        for key in self.OPTIONAL:
            for r in np.flatnonzero(t[key] != NONE).tolist():
                extra[r] += f', "{key}": {int(t[key][r])}'
        for r in np.flatnonzero(~np.isnan(t["load"])).tolist():
            extra[r] += f', "load": {round(float(t["load"][r]), 3)!r}'
        found = self.findings.json_lists(len(a))

        def lines(rows):
            idx = pa.array(a.index[rows])
            par = a.parent[rows]
            is_root = pa.array(par < 0)
            pidx = pa.array(np.where(par >= 0, a.index[np.maximum(par, 0)], 0))
            quoted_parent = pc.if_else(is_root, "null", pc.binary_join_element_wise(
                '"', ids.take(pidx), '"', ""))
            num = {k: pa.array(v[rows]).cast(pa.string()) for k, v in (
                ("depth", self.depth), ("span", t["span"]), ("members", t["members"]),
                ("members_total", t["members_total"]), ("subtree_units", t["subtree_units"]))}
            return pc.binary_join_element_wise(
                '"', ids.take(idx), '": {"name": "', names.take(idx), '", "type": "',
                types.take(idx), '", "parent": ', quoted_parent, ', "depth": ', num["depth"],
                ', "span": ', num["span"], ', "members": ', num["members"],
                ', "members_total": ', num["members_total"], ', "subtree_units": ',
                num["subtree_units"], pa.array(extra[rows], type=pa.string()),
                ', "findings": ', "[]" if found is None else found.take(pa.array(rows)),
                "},\n", "")

        order = self.rows_order
        pieces = np.array_split(order, max(1, min(parts, len(order) // 10_000 or 1)))
        with concurrent.futures.ThreadPoolExecutor(2) as pool:  # Arrow kernels free the GIL
            for k, arr in enumerate(pool.map(lines, pieces)):
                data = string_bytes(arr)
                out.write(data[:-2] if k == len(pieces) - 1 else data)  # no comma after the last
                del arr, data
        out.write(b'},\n"findings": ')
        self.findings.write_json_objects(out)
        out.write(b"}\n")


def metrics(model, **options):
    """:class:`Metrics` of ``model``; options: focus, narrow, wide, buckets, profile."""
    return Metrics(model, **options)
