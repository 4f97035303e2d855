"""Per-unit metric columns: one numpy array per column, one row per live unit.

Each column is declared once, with the one function that computes it; every
output (rows, JSON, CSV, tables, comparisons) takes its columns from
:data:`COLUMNS`. Adding a per-unit metric is one declaration and one function:

>>> @column("span_share", "span share", kind=float, optional=True, digits=2)
... def _span_share(c):
...     return c["span"] / max(1, int(c["span"].sum()))
>>> import orggraph
>>> t = unit_table(orggraph.load("models/can-tho-2011.yaml"))
>>> int(t["span"].max()), round(float(t["span_share"].max()), 2)
(68, 0.26)
>>> unregister("span_share")

The function gets a :class:`UnitContext`: the model, its arrays and the
columns computed so far (``c["span"]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .. import i18n, profiles
from ..errors import OrgError
from ..i18n import N_
from ..model import tree

NONE = -1  # "not given" in integer columns (decimal columns use NaN)
#: The largest total a 64-bit integer column holds.
INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class Column:
    """A per-unit metric column."""

    key: str                   # its name in JSON, CSV and :func:`unit_table`
    label: str                 # English heading (the message id of its translations)
    compute: Callable          # UnitContext → numpy array, one value per row
    kind: type = int           # int or float
    optional: bool = False     # left out of a unit's row and JSON where not given
    digits: int | None = None  # decimal columns: rounded to this many digits in outputs
    shown: bool = False        # a column of the terminal and Markdown tables
    compare: str | None = None  # in comparisons: "given" (shown where a plan has it) or
    #                            "changed" (shown only where it differs between plans)
    nullable: bool = False     # unknown (NONE) is null in JSON and "—" in tables, never
    #                            left out (members of a unit that gives none)
    unknown: str | None = None  # the column counting, per row, the units whose values
    #                            this one could not add up (its values are then at least)
    absent: int = NONE         # integer columns: the value that means "not given"

    def given(self, values):
        """Boolean array: where ``values`` (of this column) are given."""
        if self.kind is float:
            return ~np.isnan(values)
        if self.optional or self.nullable:
            return values != self.absent
        return np.ones(len(values), dtype=bool)

    def value(self, v):
        """One numpy value of this column as a JSON value (None where not given;
        decimals rounded by Python, as the JSON writer and comparisons always were)."""
        if self.kind is float:
            if v != v:
                return None
            return float(v) if self.digits is None else round(float(v), self.digits)
        return None if (self.optional or self.nullable) and v == self.absent else int(v)

    def values(self, arr):
        """The values of ``arr`` as a Python list (None where not given), vectorised
        (decimals rounded by numpy, as rows and CSV always were)."""
        if self.kind is float:
            arr = np.round(arr, self.digits) if self.digits is not None else arr
            return [None if v != v else v for v in arr.tolist()]
        out = arr.tolist()
        if not (self.optional or self.nullable):
            return out
        absent = self.absent
        return [None if v == absent else v for v in out]


#: Every column, in declaration order: the order of computing, of CSV and of tables.
COLUMNS: list[Column] = []


def column(key, label, *, kind=int, optional=False, digits=None, shown=False, compare=None,
           nullable=False, unknown=None, absent=NONE):
    """Declare the per-unit column ``key``: decorates the function computing it."""
    if kind not in (int, float) or compare not in (None, "given", "changed"):
        raise ValueError(f"column {key!r}: kind is int or float; compare is given or changed")
    if nullable and (kind is not int or optional):
        raise ValueError(f"column {key!r}: a nullable column is a whole-number column that "
                         "is never left out (decimal columns are null where NaN)")

    def register(compute):
        if any(c.key == key for c in COLUMNS):
            raise ValueError(f"column {key!r} is declared twice")
        COLUMNS.append(Column(key, label, compute, kind, optional, digits, shown, compare,
                              nullable, unknown, absent))
        return compute
    return register


def unregister(key):
    """Forget the column ``key`` (for tests and plug-ins that add one for a while)."""
    COLUMNS[:] = [c for c in COLUMNS if c.key != key]


def json_columns():
    """The columns in the order of a unit's JSON object (and of its row): integer
    columns, then decimal ones (docs/reference.md, "JSON output")."""
    return sorted(COLUMNS, key=lambda c: c.kind is float)


def compared_columns():
    """The columns listed per plan in comparisons: first those shown wherever given,
    then those shown only where they change."""
    return sorted((c for c in COLUMNS if c.compare), key=lambda c: c.compare == "changed")


def shown_columns():
    """The columns of the terminal and Markdown tables."""
    return [c for c in COLUMNS if c.shown]


class UnitContext:
    """What a column's function sees: ``model``, its ``arrays`` (``parent``: each
    row's parent row), and (as ``c[key]``) the columns computed so far."""

    def __init__(self, model):
        self.model = model
        self.arrays = model.arrays()
        self.columns = {}
        self._once = {}

    def __getitem__(self, key):
        return self.columns[key]

    def __len__(self):
        return len(self.arrays)

    @property
    def parent(self):
        """Each row's parent row (-1 at the root)."""
        return self.arrays.parent

    def once(self, fn):
        """``fn(self)``, computed once per table: for one pass yielding several columns."""
        if fn not in self._once:
            self._once[fn] = fn(self)
        return self._once[fn]

    def shaped(self, key, sub):
        """Field ``sub`` of the shaped attribute ``key`` (``committee.size``), NONE where
        not given."""
        model, a = self.model, self.arrays
        col = model._attrs.get(key)
        if col is None:
            return np.full(len(a), NONE, dtype=np.int64)
        vals = col if not model._removed else [col[i] for i in a.index.tolist()]
        return np.fromiter((NONE if v is None else v.get(sub, NONE) for v in vals),
                           dtype=np.int64, count=len(a))


def unit_table(model):
    """Per-unit metric columns (numpy arrays, one row per live unit in index order),
    by key, in declaration order."""
    c = UnitContext(model)
    for col in COLUMNS:
        c.columns[col.key] = col.compute(c)
    return c.columns


#: How :func:`check_total` names what it sums: in English as the fields are named, in
#: another language in the profile's words of the measure.
TOTALS = {"members": N_("{members}"), "dedicated staff": N_("{dedicated} {staff}"),
          "concurrent staff": N_("{concurrent} {staff}")}


def _total_name(what, model):
    if i18n.current() == "en" or what not in TOTALS:
        return what
    profile = profiles.get("generic") if model is None else profiles.for_model(model)
    return i18n.gettext(TOTALS[what]).format(**profile.words(i18n.current()))


def check_total(values, what, model=None):
    """Raise an :class:`~orggraph.errors.OrgError` if the positive ``values`` (a 64-bit
    integer array) add up to more than 2⁶³ − 1, where numpy's sums wrap around; cheap
    when the largest value times their number cannot reach it.

    >>> check_total(np.array([2**62, 2**62 - 1]), "members")
    >>> check_total(np.array([2**62, 2**62]), "members")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    orggraph.errors.OrgError: members add up to more than 9.2 × 10¹⁸ (2⁶³ − 1), the most ...
    """
    if not len(values) or int(values.max()) * len(values) <= INT64_MAX:
        return
    v = values[values > 0].astype(np.uint64)
    total = (int((v >> np.uint64(32)).sum()) << 32) + int((v & np.uint64(0xFFFFFFFF)).sum())
    if total > INT64_MAX:
        # TRANSLATORS: {what}: members, or dedicated or concurrent staff, in the words of
        # the profile
        raise OrgError(i18n.gettext("{what} add up to more than 9.2 × 10¹⁸ (2⁶³ − 1), the "
                                    "most orggraph can count: check the largest counts").format(
            what=_total_name(what, model)), file=getattr(model, "file", None))


# ------------------------------------------------------------------ the columns

def _members_given(c):
    """Each row's own members as given (0 where not given), and a boolean array of the
    rows that give none (None when every row gives its members)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    model, a = c.model, c.arrays
    vals = model._members
    if model._removed:
        vals = [vals[i] for i in a.index.tolist()]
    arr = pa.array(vals, type=pa.int64())
    if not arr.null_count:
        return np.array(arr.to_numpy(), dtype=np.int64), None
    return (np.array(pc.fill_null(arr, 0).to_numpy(), dtype=np.int64),
            arr.is_null().to_numpy(zero_copy_only=False))


def _subtree_totals(c):
    """Over each unit's subtree, in one pass: the members known, the units, and the
    units whose members are unknown (None when there are none); a known total is NONE
    where the subtree has unknowns and no unit in it gives a number."""
    members = c["members"]
    unknown = members == NONE
    known = np.maximum(members, 0)
    check_total(known, "members", c.model)  # every subtree's total is at most this
    if not len(c):
        return known, known.copy(), None
    if not unknown.any():
        sums = tree.subtree_sums(c.parent, np.stack([known, np.ones_like(known)], axis=1),
                                 c["depth"])
        return sums[:, 0], sums[:, 1], None
    gives = ~c.once(_members_given)[1]
    sums = tree.subtree_sums(c.parent, np.stack(
        [known, np.ones_like(known), unknown, gives], axis=1).astype(np.int64), c["depth"])
    total = np.where((sums[:, 2] > 0) & (sums[:, 3] == 0), NONE, sums[:, 0])
    return total, sums[:, 1], sums[:, 2]


@column("depth", N_("depth"))
def _depth(c):
    return c.arrays.depth()


@column("span", N_("span"), shown=True, compare="given")
def _span(c):
    return tree.spans(c.parent)


@column("members", N_("{members}"), nullable=True)
def _members(c):
    """The unit's own members: as given; where not given, none of its own for a unit
    with children (its members are its subtree's: a committee, a ministry), unknown
    (NONE) for a unit without children (nothing in the model says what it holds)."""
    given, absent = c.once(_members_given)
    if absent is None:
        return given
    return np.where(absent & (c["span"] == 0), NONE, given)


@column("members_total", N_("{members}"), shown=True, compare="given", nullable=True,
        unknown="members_unknown")
def _members_total(c):
    return c.once(_subtree_totals)[0]


@column("subtree_units", N_("units in the subtree"))
def _subtree_units(c):
    return c.once(_subtree_totals)[1]


@column("committee_size", N_("{committee}"), optional=True)
def _committee_size(c):
    return c.shaped("committee", "size")


@column("committee_standing", N_("{standing}"), optional=True, shown=True, compare="changed")
def _committee_standing(c):
    return c.shaped("committee", "standing")


@column("load", N_("load"), kind=float, optional=True, digits=3, shown=True, compare="given")
def _load(c):
    standing = c["committee_standing"]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(standing > 0, c["span"] / np.maximum(standing, 1), np.nan)


@column("staff_dedicated", N_("{dedicated} {staff}"), optional=True)
def _staff_dedicated(c):
    return c.shaped("staff", "dedicated")


@column("staff_concurrent", N_("{concurrent} {staff}"), optional=True)
def _staff_concurrent(c):
    return c.shaped("staff", "concurrent")


@column("members_unknown", N_("units with unknown {members}"), optional=True, absent=0)
def _members_unknown(c):
    """Units in the subtree (the unit included) whose members are unknown; 0, and left
    out of the outputs, where there are none."""
    counts = c.once(_subtree_totals)[2]
    return np.zeros(len(c), dtype=np.int64) if counts is None else counts
