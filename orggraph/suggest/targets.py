"""What a suggestion aims at: span targets, name and id templates, the new units' type.

A span target is a number for every unit, or per unit type (``huyen-uy=30``),
given as one or more texts that may hold comma lists:

>>> t = spans(["30", "chi-bo-co-so=5,dang-bo-co-so=8"])
>>> t.of("huyen-uy"), t.of("chi-bo-co-so"), spans(["huyen-uy=30"]).of("tinh-uy")
(30, 5, None)

A template names the new units from their parent and the attribute value:

>>> fill("Đảng bộ {value} {parent}", parent="Quận ủy Thốt Nốt", value="cqcq", n=2)
'Đảng bộ cqcq Quận ủy Thốt Nốt'
>>> slug("Cơ quan Đảng, đoàn thể")
'co-quan-dang-doan-the'
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field

from ..errors import OrgError, shown
from ..i18n import _
from ..model import ID_RE

#: The placeholders a template may use.
PLACEHOLDERS = ("parent", "value", "n", "type")


@dataclass
class Spans:
    """The span target of every unit (``default``) and of some types (``per_type``)."""

    default: int | None = None
    per_type: dict = field(default_factory=dict)

    def of(self, type_name):
        return self.per_type.get(type_name, self.default)

    def __bool__(self):
        return self.default is not None or bool(self.per_type)


def spans(texts):
    """The :class:`Spans` of ``--max-span`` texts (``30``, ``huyen-uy=30``, comma lists);
    a target under 2 or a text that is no number is refused."""
    out = Spans()
    for text in texts or ():
        for part in str(text).split(","):
            part = part.strip()
            if not part:
                continue
            type_name, eq, number = part.rpartition("=")
            value = _count(number.strip(), part)
            if eq:
                out.per_type[type_name.strip()] = value
            else:
                out.default = value
    return out


def _count(text, given):
    if not text.isdigit() or int(text) < 2:
        raise OrgError(_("{option}: {value} is not a span of 2 or more (give N or "
                         "TYPE=N)").format(option="--max-span", value=shown(given)))
    return int(text)


def check_template(template, option):
    """Refuse a template with an unknown placeholder or a broken brace."""
    try:
        fields = [f for _t, f, _s, _c in string.Formatter().parse(template) if f is not None]
    except ValueError:
        fields = None
    bad = [f for f in fields or () if f not in PLACEHOLDERS]
    if fields is None or bad:
        raise OrgError(_("{option}: unknown placeholder {name} in {template} (known: "
                         "{known})").format(option=option, name=shown(bad[0]) if bad else "{",
                                            template=shown(template),
                                            known=", ".join("{" + p + "}" for p in PLACEHOLDERS)))
    return template


def fill(template, **values):
    """``template`` with its placeholders filled in."""
    return template.format(**{k: values.get(k, "") for k in PLACEHOLDERS})


def slug(text):
    """``text`` as a piece of an id: ASCII letters and digits joined by ``-``."""
    text = unicodedata.normalize("NFKD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def unique_id(text, taken):
    """``text`` as a valid id not in ``taken`` (``-2``, ``-3``… added when needed)."""
    base = text if ID_RE.match(text) else slug(text)
    base = base[:58].rstrip("-._") or "x"
    uid, k = base, 1
    while uid in taken:
        k += 1
        uid = f"{base}-{k}"
    return uid


def new_type(profile, parent_type, child_types, given=None, avoid=None):
    """``(type, fits)``: the type of a new unit between a parent of ``parent_type`` and
    children of ``child_types``: ``given`` if any, else the first type of the profile
    usual both under the parent and over every child; else the first usual over the
    children, else the parent's type (``fits`` False: the comment says to check it)."""
    if given:
        return given, True
    types = {t: d for t, d in profile.types.items() if t != avoid}  # a level just dissolved
    over = [t for t in types if all(t in types.get(c, {}).get("parents", ()) for c in child_types)]
    both = [t for t in over if parent_type in types[t].get("parents", ())]
    if both:
        return both[0], True
    return (over[0] if over else parent_type), not types
