"""The values of a model's fields as people read them, in the language in force: numbers
with the reader's separators, and the values and field names of the lines that say what
changed (``compare``'s diff, the change log of ``apply``). Below the output layer, so that
a scenario's change log says them as the diff does.

>>> value({"dedicated": 0, "concurrent": 5}, field_name)
'{dedicated: 0, concurrent: 5}'
>>> words = {"dedicated": "chuyên trách", "concurrent": "kiêm nhiệm"}
>>> with i18n.language("vi"):
...     value({"dedicated": 0, "concurrent": 5}, lambda k: field_name(k, words))
'{chuyên trách: 0, kiêm nhiệm: 5}'
"""

from __future__ import annotations

import math

from .. import i18n


def value(v, name=None):
    """An attribute's value as written, for the lines of a diff: exact (never rounded),
    text quoted (so that '0.1' and 0.1 read apart), true/false, a committee or staff
    mapping as its fields (each named by ``name(key)`` if given: :func:`field_name`);
    numbers with the decimal mark and separators of the language in force.

    >>> value(0.0004), value(2.3449), value(True), value("0.1"), value(None)
    ('0.0004', '2.3449', 'true', "'0.1'", '(none)')
    >>> value({"dedicated": 0, "concurrent": 5}), value(12000)
    ('{dedicated: 0, concurrent: 5}', '12,000')
    >>> with i18n.language("vi"):
    ...     value(2.3449), value(12000), value(None), value(False)
    ('2,3449', '12.000', '(không có)', 'không')
    """
    if v is None:
        return i18n.gettext("(none)")
    if isinstance(v, bool):
        return i18n.pgettext("value", "true") if v else i18n.pgettext("value", "false")
    if isinstance(v, float):
        return num(v) if not math.isfinite(v) else _mark(repr(v))
    if isinstance(v, int):
        return num(v)
    if isinstance(v, dict):
        name = name or str
        return "{" + ", ".join(f"{name(k)}: {value(x, name)}" for k, x in v.items()) + "}"
    return repr(str(v))


def _mark(text):
    """A number written with a "." (Python's repr) with the decimal mark of the language."""
    mark = i18n.symbols(i18n.current())[1]
    return text if mark == "." else text.replace(".", mark)


#: The fields of a model that have a word of the measure (:func:`field_name`).
WORD_FIELDS = ("members", "committee", "standing", "staff", "dedicated", "concurrent")


def field_name(key, words=None):
    """The name of a model's field (or of a part of its committee or staff) in a diff
    line: in English the key as model files write it (``staff``, ``dedicated``); in
    another language the profile's ``words`` of the measure for the fields that have
    one (:data:`WORD_FIELDS`), the catalog's word for a committee's ``size`` and for a
    unit's ``name`` and ``type``, and any other attribute as its file names it.

    >>> field_name("staff", {"staff": "cán bộ"}), field_name("budget")
    ('staff', 'budget')
    >>> with i18n.language("vi"):
    ...     field_name("staff", {"staff": "cán bộ"}), field_name("size"), field_name("ma")
    ('cán bộ', 'số ủy viên', 'ma')
    >>> with i18n.language("vi"):
    ...     field_name("name"), field_name("type")
    ('tên', 'loại')
    """
    if i18n.current() == "en":
        return key
    if words and key in WORD_FIELDS:
        return words[key]
    if key == "size":
        # TRANSLATORS: the number of members of a committee, a field of a model (committee: {size: 15})
        return i18n.pgettext("field", "size")
    if key == "name":
        # TRANSLATORS: a unit's name, a field of a model (name: Chi bộ …)
        return i18n.pgettext("field", "name")
    if key == "type":
        # TRANSLATORS: a unit's type, a field of a model (type: chi-bo)
        return i18n.pgettext("field", "type")
    return key


def num(v):
    """A number as people read it: thousands separated, at most 3 decimals; infinity
    as ∞, NaN and None as —; the separators of the language in force
    (:func:`orggraph.i18n.number`).

    >>> num(1234567), num(2.5), num(3.0), num(float("inf")), num(float("nan")), num(None)
    ('1,234,567', '2.5', '3', '∞', '—', '—')
    >>> with i18n.language("vi"):
    ...     num(26543), num(9.2142), num(1234.5)
    ('26.543', '9,214', '1.234,5')
    """
    if v is None:
        return "—"
    if isinstance(v, float):
        if not math.isfinite(v):
            return "—" if v != v else "∞" if v > 0 else "-∞"
        if v == int(v):
            return i18n.number(int(v))
        lang = i18n.current()
        return i18n.decimal(v, 3, lang).rstrip("0").rstrip(i18n.symbols(lang)[1])
    if isinstance(v, int):
        return i18n.number(v)
    return str(v)


def type_names(*profiles, lang=None):
    """How a sentence names a unit type, as a function of its id: in English the id, as
    scenario files write it (``chi-bo``); in another language the label of the first of
    ``profiles`` that declares the type (``Chi bộ trực thuộc``), the term its readers
    use; a type none of them declares by its id.

    >>> from orggraph import profiles
    >>> cpv = profiles.get("cpv")
    >>> type_names(cpv, lang="en")("chi-bo"), type_names(cpv, lang="vi")("chi-bo")
    ('chi-bo', 'Chi bộ trực thuộc')
    >>> type_names(cpv, lang="vi")("ban")
    'ban'
    """
    if (lang or i18n.current()) == "en":
        return str

    def name(type_id):
        for profile in profiles:
            if profile is not None and type_id in profile.types:
                return profile.label_of(type_id)
        return type_id
    return name
