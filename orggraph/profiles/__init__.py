"""Unit-type profiles: the types a model may use, their labels, usual parents,
policy thresholds and chart styles. Built-in profiles are data files beside
this module; a model's own ``types:`` add types or override fields.

>>> p = get("cpv")
>>> p.types["chi-bo"]["min_members"], p.label_of("huyen-uy")
(3, 'Huyện ủy / Quận ủy / Thị ủy')
>>> get("generic").knows("anything")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .. import i18n, limits
from ..errors import ErrorList, OrgError, known, shown, suggest
from ..i18n import N_
from ..io.yamlio import line_of, loads

_ = i18n.gettext

_COLOUR = re.compile(r"(?:#[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?|[a-z]{3,20}[0-9]{0,3})\Z")
_SHAPES = ("box", "rect", "rectangle", "square", "note", "tab", "folder", "box3d",
           "component", "ellipse", "oval", "circle", "doublecircle", "hexagon", "octagon",
           "house", "parallelogram", "trapezium", "diamond", "cylinder", "plain")
_STYLES = ("rounded", "filled", "dashed", "dotted", "bold", "solid", "striped", "diagonals")


def _number(lo, hi):
    def ok(v):
        return isinstance(v, (int, float)) and not isinstance(v, bool) and lo <= v <= hi
    return ok


#: The chart attributes a type's ``style`` may set, each with its check and what it wants:
#: nothing else reaches a chart (no links, images or Graphviz attributes of other kinds).
#: (English message ids, ``{choices}`` filled in with the values allowed.)
STYLE_KEYS = {
    "fillcolor": (lambda v: isinstance(v, str) and bool(_COLOUR.match(v)),
                  N_("a colour: #rrggbb or a colour name such as lightblue")),
    "color": (lambda v: isinstance(v, str) and bool(_COLOUR.match(v)), N_("a colour")),
    "fontcolor": (lambda v: isinstance(v, str) and bool(_COLOUR.match(v)), N_("a colour")),
    "penwidth": (_number(0, 10), N_("a number from 0 to 10")),
    "peripheries": (_number(0, 3), N_("a number from 0 to 3")),
    "shape": (lambda v: v in _SHAPES, N_("one of {choices}")),
    "style": (lambda v: isinstance(v, str) and all(p.strip() in _STYLES for p in v.split(",")),
              N_("some of {choices}, separated by commas")),
}
_CHOICES = {"shape": ", ".join(_SHAPES), "style": ", ".join(_STYLES)}

#: Keys a type definition may have, with the check each value must pass (and what it
#: wants, an English message id).
TYPE_KEYS = {
    "label": (str, N_("text")),
    "parents": (list, N_("a list of type names")),
    "min_members": (int, N_("a whole number")),
    "max_members": (int, N_("a whole number")),
    "cell_committee_from": (int, N_("a whole number")),
    "cell_committee_max": (int, N_("a whole number")),
    "style": (dict, N_("a mapping of chart attributes ({choices})")),
    "description": (str, N_("text")),
    # "staff": the type's units advise their parent; charts draw them beside it
    "role": (str, N_("text")),
}
BUILTIN = ("cpv", "generic")
#: The words of the measure and of committee fields a profile (and a model's
#: ``labels:``) names: ``members`` (what a unit's count counts), ``committee`` (its
#: executive committee), ``standing`` (the standing committee), ``staff`` (its
#: officers), ``dedicated`` and ``concurrent`` (officers full-time and holding the
#: post alongside another).
WORDS = ("members", "committee", "standing", "staff", "dedicated", "concurrent")


@dataclass
class Profile:
    """A set of unit types with their rules; see the module docstring."""

    name: str
    label: str
    types: dict
    open: bool = False
    narrow: int = 3
    wide: int = 15
    standing_max_ratio: float | None = None
    extra: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)  # word -> text, or language -> text

    def words(self, lang):
        """The words of :data:`WORDS` in ``lang``, for message templates: each word's
        plural form by its name (``members``), its singular by the name without the
        final s (``member``). English where ``lang`` has none, else the name itself.

        >>> get("cpv").words("vi")["members"], get("generic").words("en")["member"]
        ('đảng viên', 'member')
        """
        out = {}
        for key in WORDS:
            value = self.labels.get(key, key)
            if isinstance(value, dict):
                value = value.get(lang, value.get("en", key))
            one, other = (value.get("one", key), value.get("other", key)) \
                if isinstance(value, dict) else (value, value)
            out[key], out[key[:-1] if key.endswith("s") else key + "_one"] = other, one
        return out

    def knows(self, type_name):
        return self.open or type_name in self.types

    def label_of(self, type_name):
        return self.types.get(type_name, {}).get("label", type_name)

    def rule(self, type_name, key):
        return self.types.get(type_name, {}).get(key)


@lru_cache(maxsize=None)
def _builtin(name):
    text = resources.files(__package__).joinpath(f"{name}.yaml").read_text("utf-8")
    return loads(text, f"<profile {name}>")


def get(name="generic", overrides=None, *, file=None, labels=None):
    """The profile ``name`` with a model's ``types:`` overrides and ``labels:`` merged in."""
    if name not in BUILTIN:
        raise OrgError(_("unknown profile '{name}' (known: {known})").format(
            name=name, known=", ".join(BUILTIN)), file=file)
    data = _builtin(name)
    types = {k: dict(v) for k, v in data.get("types", {}).items()}
    errors = ErrorList()
    for tname, tdef in (overrides or {}).items():
        line = line_of(overrides, tname)
        if not isinstance(tdef, dict):
            errors.add(_("type '{type}' must be a mapping of its fields").format(type=tname),
                       file=file, line=line)
            continue
        for key, value in tdef.items():
            kline = line_of(tdef, key, line)
            if key not in TYPE_KEYS:
                errors.add(_("type '{type}': unknown field '{key}'{known}").format(
                    type=tname, key=key, known=known(TYPE_KEYS)), file=file, line=kline)
                continue
            want, what = TYPE_KEYS[key]
            if not isinstance(value, want) or isinstance(value, bool) or \
                    (want is int and not 0 <= value <= limits.MAX_COUNT) or \
                    (key == "parents" and not all(isinstance(p, str) for p in value)):
                errors.add(_("type '{type}': '{key}' must be {what}").format(
                    type=tname, key=key, what=_(what).format(choices=", ".join(STYLE_KEYS))),
                    file=file, line=kline)
            elif key == "style":
                _check_style(tname, value, errors, file, kline)
        types.setdefault(tname, {}).update(tdef)
    words = dict(data.get("labels", {}))
    words.update(_check_labels(labels or {}, errors, file))
    errors.raise_if_any()
    spans = data.get("spans", {})
    return Profile(name=name, label=data.get("label", name), types=types,
                   open=bool(data.get("open", False)), narrow=spans.get("narrow", 3),
                   wide=spans.get("wide", 15),
                   standing_max_ratio=data.get("standing_max_ratio"), labels=words)


def _check_labels(labels, errors, file):
    """A model's ``labels:``, checked: each of :data:`WORDS` set to text, to text by
    language (``{vi: biên chế, en: established posts}``), or to ``{one: …, other: …}``
    forms (in a language or for all)."""
    if not isinstance(labels, dict):
        errors.add(_("'labels' must be a mapping of words ({words})").format(
            words=", ".join(WORDS)), file=file, line=line_of(labels, default=None))
        return {}
    good = {}
    for key, value in labels.items():
        where = {"file": file, "line": line_of(labels, key)}
        if key not in WORDS:
            errors.add(_("labels: unknown word {word}{hint}").format(
                word=shown(key), hint=suggest(key, WORDS) or known(WORDS)), **where)
        elif not _label_value(value):
            errors.add(_("labels: '{key}' must be text, text by language ({{vi: …, en: …}}) or "
                         "its forms ({{one: …, other: …}})").format(key=key), **where)
        else:
            good[key] = value
    return good


def _label_value(value, depth=0):
    if isinstance(value, str):
        return bool(value.strip()) and len(value) <= 60
    return depth < 2 and isinstance(value, dict) and bool(value) and all(
        isinstance(k, str) and _label_value(v, depth + 1) for k, v in value.items())


def _check_style(tname, style, errors, file, line):
    for key, value in style.items():
        where = {"file": file, "line": line_of(style, key, line)}
        if key not in STYLE_KEYS:
            errors.add(_("type '{type}': style attribute {key} is not allowed (allowed: "
                         "{allowed})").format(type=tname, key=shown(key),
                                              allowed=", ".join(STYLE_KEYS)), **where)
        elif not STYLE_KEYS[key][0](value):
            errors.add(_("type '{type}': style '{key}' must be {what}, not {value}").format(
                type=tname, key=key, value=shown(value),
                what=_(STYLE_KEYS[key][1]).format(choices=_CHOICES.get(key))), **where)


def for_model(model):
    """The profile of ``model``, its own types merged in."""
    return get(model.profile, model.types, file=model.file,
               labels=model.labels)
