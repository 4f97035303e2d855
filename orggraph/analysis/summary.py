"""Summary figures of a model (or of the ``focus`` subtree): each declared once.

A figure is declared with its key (its name in JSON), its English label and
whether plans are compared on it (which also puts it in the summary table);
one function computes it, or a small group function computes several that
come out of one computation (the span statistics). The summary lists the
figures in declaration order.

A compared figure whose value is a mapping (``units_by_type``: ``{"bo": 18, …}``)
is compared part by part: every output gives it a row per part, keyed
``units_by_type.bo`` (its ``parts`` function labels a part: the profile's label
of the type), and ``compare`` a delta per part present in any plan.
``card=True`` makes the report show a key-change card where a plan changes it.

>>> @figure("deepest", "deepest layer")
... def _deepest(c):
...     return len(c.per_layer) - 1
>>> import orggraph
>>> orggraph.metrics(orggraph.load("models/can-tho-2011.yaml")).summary["deepest"]
3
>>> unregister("deepest")
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import numpy as np

from ..i18n import N_
from .columns import check_total

#: Span buckets in use among org-design practitioners: 1–2, 3–5, 6–9, 10–15, 16–25, 26–40, 41+.
DEFAULT_BUCKETS = ((1, 2), (3, 5), (6, 9), (10, 15), (16, 25), (26, 40), (41, None))


def bucket_label(lo, hi):
    return f"{lo}+" if hi is None else f"{lo}-{hi}"


def parse_buckets(text):
    """``"1-2,3-5,6-9,10+"`` → ``((1, 2), (3, 5), (6, 9), (10, None))``.

    Buckets must be whole numbers from 1, in increasing order, without overlap;
    anything else is a ``ValueError``.

    >>> parse_buckets("1-2,3-5,6+")
    ((1, 2), (3, 5), (6, None))
    >>> parse_buckets("3-5,1-2")
    Traceback (most recent call last):
    ...
    ValueError: buckets must increase and not overlap: 1-2 after 3-5
    """
    out = []
    for part in text.replace("–", "-").split(","):
        part = part.strip()
        lo, _, hi = (part[:-1], "", None) if part.endswith("+") else part.partition("-")
        hi = None if hi is None else hi or lo
        if not all(x is None or (x.isascii() and x.isdigit()) for x in (lo, hi)):
            raise ValueError(f"{part!r} is not a bucket such as 3-5 or 41+")
        lo, hi = int(lo), None if hi is None else int(hi)
        if lo < 1 or (hi is not None and hi < lo):
            raise ValueError(f"bucket {part} is empty or starts below 1")
        if out and (out[-1][1] is None or lo <= out[-1][1]):
            raise ValueError(f"buckets must increase and not overlap: {part} after "
                             f"{bucket_label(*out[-1])}")
        out.append((lo, hi))
    return tuple(out)


@dataclass(frozen=True)
class Figure:
    """A summary figure."""

    key: str
    label: str             # English label (the message id of its translations)
    compared: bool = True  # compared between plans, and a row of the summary table
    #: the figure counting the units whose values this one could not add up (it is then
    #: a sum of the known values, at least that much; its delta between two plans is
    #: left open unless the same units are unknown in both)
    unknown: str | None = None
    optional: bool = False  # left out of the summary where it is 0
    #: for a figure whose value is a mapping (``{part: number}``, compared part by part):
    #: ``parts(metrics, part)``, the label of a part (units by type: the profile's label)
    parts: Callable | None = None
    card: bool = False  # a key-change card of the report where a plan differs from the first


#: Every figure, in the order of the summary.
FIGURES: list[Figure] = []
#: ``(keys, function)``: each function computes the figures named by its keys.
_GROUPS: list[tuple[tuple[str, ...], Callable]] = []


def figures(*declared):
    """Declare several figures computed by one function, which returns them as a dict;
    each of ``declared`` is ``(key, label)``, or with more of the fields of
    :class:`Figure` after them: ``(key, label, compared, unknown, optional, parts, card)``."""
    new = [Figure(*d) for d in declared]
    if any("." in f.key for f in new):  # "units_by_type.bo" names a part of a figure
        raise ValueError(f"a summary figure's key has no dot: {[f.key for f in new]}")
    known = {f.key for f in FIGURES}
    if len({f.key for f in new} | known) < len(new) + len(known):
        raise ValueError(f"summary figure declared twice: {[f.key for f in new]}")

    def register(compute):
        FIGURES.extend(new)
        _GROUPS.append((tuple(f.key for f in new), compute))
        return compute
    return register


def figure(key, label, *, compared=True, unknown=None, optional=False, parts=None, card=False):
    """Declare the figure ``key``: decorates the function returning its value."""
    def register(compute):
        figures((key, label, compared, unknown, optional, parts, card))(
            lambda c: {key: compute(c)})
        return compute
    return register


def unregister(key):
    """Forget the figure ``key`` (and the figures computed with it)."""
    gone = {k for keys, _ in _GROUPS if key in keys for k in keys}
    FIGURES[:] = [f for f in FIGURES if f.key not in gone]
    _GROUPS[:] = [(keys, fn) for keys, fn in _GROUPS if key not in keys]


def compared_keys():
    """The keys of the figures compared between plans, in summary order."""
    return [f.key for f in FIGURES if f.compared]


def unknown_key(key):
    """The key of the figure counting the units figure ``key`` could not add up (None
    for a figure that has no unknowns).

    >>> unknown_key("members"), unknown_key("units")
    ('members_unknown', None)
    """
    return next((f.unknown for f in FIGURES if f.key == key), None)


def card_keys():
    """The keys of the compared figures the report shows as key-change cards."""
    return [f.key for f in FIGURES if f.compared and f.card]


def part_label(key, part, metrics=()):
    """The label of ``part`` of the mapping-valued figure ``key``, from the first of
    ``metrics`` (:class:`~orggraph.analysis.metrics.Metrics` of plans) whose figure has
    that part; the part itself where the figure does not label its parts.

    >>> import orggraph
    >>> m = orggraph.metrics(orggraph.load("models/can-tho-2011.yaml"))
    >>> part_label("units_by_type", "huyen-uy", [m]), part_label("span_buckets", "3-5", [m])
    ('Huyện ủy / Quận ủy / Thị ủy', '3-5')
    """
    fig = next((f for f in FIGURES if f.key == key), None)
    metrics = list(metrics)
    have = [m for m in metrics if part in (m.summary.get(key) or {})] or metrics
    return part if fig is None or fig.parts is None or not have else fig.parts(have[0], part)


def merged_parts(mappings):
    """The parts of several plans' values of a mapping-valued figure, each once: the
    first plan's in its order, a part another plan adds placed after the part before
    it there (so that types keep the profile's order).

    >>> merged_parts([{"bo": 18, "co-quan-ngang-bo": 4}, {"bo": 14, "uy-ban": 1,
    ...                                                   "co-quan-ngang-bo": 3}])
    ['bo', 'uy-ban', 'co-quan-ngang-bo']
    """
    out = []
    for mapping in mappings:
        at = 0
        for part in mapping or ():
            if part in out:
                at = out.index(part) + 1
            else:
                out.insert(at, part)
                at += 1
    return out


class SummaryContext:
    """What a figure's function sees: the metrics ``m`` (its ``table``, ``findings``,
    thresholds and buckets) and, over the units summarised (``rows``, hierarchy
    order), their spans, depths (from the focus) and managers' spans."""

    def __init__(self, m):
        self.m = m
        self.rows = m.rows_order

    def column(self, key):
        """Per-unit column ``key`` over the units summarised."""
        return self.m.table[key][self.rows]

    @cached_property
    def span(self):
        return self.column("span")

    @cached_property
    def depth(self):
        return self.m.depth[self.rows]

    @cached_property
    def managers(self):
        """The spans of the managers (units with span ≥ 1)."""
        return self.span[self.span >= 1]

    @cached_property
    def per_layer(self):
        d = self.depth
        return np.bincount(d, minlength=int(d.max()) + 1 if len(d) else 0)


def summarize(m):
    """The summary dict of the metrics ``m``, figures in declaration order."""
    c = SummaryContext(m)
    values = {}
    for _, compute in _GROUPS:
        values.update(compute(c))
    return {f.key: values[f.key] for f in FIGURES if not f.optional or values[f.key]}


# ------------------------------------------------------------------ the figures

@figure("units", N_("units"))
def _units(c):
    return int(len(c.rows))


@figure("layers", N_("layers"))
def _layers(c):
    return int(np.count_nonzero(c.per_layer))


@figure("managers", N_("managers (span ≥ 1)"))
def _managers(c):
    return int(len(c.managers))


@figure("leaves", N_("leaves (span 0)"))
def _leaves(c):
    return int(len(c.rows) - len(c.managers))


@figures(("span_mean", N_("span mean (managers)")), ("span_median", N_("span median (managers)")),
         ("span_p90", N_("span p90 (managers)")), ("span_max", N_("span max")))
def _span_statistics(c):
    mgr = c.managers
    if not len(mgr):
        return {"span_mean": 0.0, "span_median": 0.0, "span_p90": 0.0, "span_max": 0}
    return {"span_mean": round(float(mgr.mean()), 3), "span_median": float(np.median(mgr)),
            "span_p90": round(float(np.percentile(mgr, 90)), 3), "span_max": int(mgr.max())}


@figure("span_buckets", N_("span buckets (managers)"), compared=False)
def _span_buckets(c):
    mgr, out = c.managers, {}
    for lo, hi in c.m.buckets:
        sel = (mgr >= lo) if hi is None else ((mgr >= lo) & (mgr <= hi))
        out[bucket_label(lo, hi)] = int(np.count_nonzero(sel))
    return out


@figure("narrow_spans", N_("narrow spans"))
def _narrow_spans(c):
    return int(np.count_nonzero((c.span >= 1) & (c.span < c.m.narrow)))


@figure("wide_spans", N_("wide spans"))
def _wide_spans(c):
    return int(np.count_nonzero(c.span > c.m.wide))


@figure("one_child_managers", N_("one-child managers"))
def _one_child_managers(c):
    return int(np.count_nonzero(c.span == 1))


@figure("units_per_layer", N_("units per layer"), compared=False)
def _units_per_layer(c):
    return c.per_layer.tolist()


@figure("units_by_type", N_("units by type"), card=True,
        parts=lambda m, type_name: m.profile.label_of(type_name))
def _units_by_type(c):
    """Units of each type present, in the profile's order of types, then by name
    (Arrow's dictionary encoding and a count of its codes: no Python loop over units)."""
    import pyarrow.compute as pc

    coded = pc.dictionary_encode(c.m.model.arrow_column("_type"))
    codes = coded.indices.to_numpy(zero_copy_only=False)[c.m.arrays.index[c.rows]]
    counts = np.bincount(codes, minlength=len(coded.dictionary))
    found = {t: int(n) for t, n in zip(coded.dictionary.to_pylist(), counts.tolist()) if n}
    rank = {t: k for k, t in enumerate(c.m.profile.types)}
    return {t: found[t] for t in sorted(found, key=lambda t: (rank.get(t, len(rank)), t))}


def _total(c, key, what):
    """The sum of column ``key`` where given (≥ 0) over the units summarised, checked."""
    values = c.column(key)
    values = values[values >= 0]
    check_total(values, what, c.m.model)
    return int(values.sum())


@figure("members", N_("{members}"), unknown="members_unknown")
def _members(c):
    """The members known; None when members are unknown and no unit gives a number."""
    tops = c.rows[c.depth == 0]  # the top of each tree summarised
    if len(tops) and (c.m.table["members_total"][tops] < 0).all():
        return None
    return _total(c, "members", "members")


@figure("members_unknown", N_("units with unknown {members}"), compared=False, optional=True)
def _members_unknown(c):
    return int(np.count_nonzero(c.column("members") < 0))


@figure("load_mean", N_("load per {standing} member (mean)"))
def _load_mean(c):
    load = c.column("load")
    load = load[~np.isnan(load)]
    return round(float(load.mean()), 3) if len(load) else None


@figure("staff_dedicated", N_("{dedicated} {staff}"), card=True)
def _staff_dedicated(c):
    """Dedicated officers where given; None (unknown, not 0) when no unit gives them."""
    return _given_total(c, "staff_dedicated", "dedicated staff")


@figure("staff_concurrent", N_("{concurrent} {staff}"), card=True)
def _staff_concurrent(c):
    """Concurrent officers where given; None when no unit gives them."""
    return _given_total(c, "staff_concurrent", "concurrent staff")


def _given_total(c, key, what):
    """:func:`_total` of a column some unit gives, or None when none does."""
    return _total(c, key, what) if (c.column(key) >= 0).any() else None


@figures(("people", N_("people named")), ("posts", N_("posts"), False),
         ("people_concurrent", N_("people with posts in 2+ units"), True, None, False, None, True),
         ("concurrent_post_share", N_("share of posts held concurrently")))
def _people(c):
    model = c.m.model
    keep = None
    if c.m.focus is not None:
        keep = set(model._ids[i] for i in c.m.arrays.index[c.rows].tolist())
    posts = multi = people = multi_posts = 0
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
            "concurrent_post_share": round(multi_posts / posts, 3) if posts else None}


@figure("findings", N_("findings"))
def _findings(c):
    return len(c.m.findings)


@figure("findings_by_rule", N_("findings by rule"), compared=False)
def _findings_by_rule(c):
    return c.m.findings.by_rule()


@figure("thresholds", N_("thresholds"), compared=False)
def _thresholds(c):
    return {"narrow": c.m.narrow, "wide": c.m.wide}
