"""The words people read: labels of metrics, and their translations.

English text is the message id: the labels declared with the per-unit columns
(:mod:`orggraph.analysis.columns`) and the summary figures
(:mod:`orggraph.analysis.summary`). (The report's own words are the messages of its
template, ``templates/report.html.j2``: ``{{ _("Key changes") }}``.)
:func:`gettext` translates one with the gettext catalogs of :mod:`orggraph.i18n`:
English in, translated text out, the English itself where a catalog has no
translation; the words of the measure (``{members}``) come from the profile.

>>> gettext("span", "vi"), gettext("span", "en"), gettext("not translated", "vi")
('trực thuộc', 'span', 'not translated')
>>> figure_label("managers", "en"), figure_label("managers", "vi")
('managers (span ≥ 1)', 'đơn vị có trực thuộc')
>>> column_label("committee_standing", "en"), column_label("committee_standing", "vi")
('standing', 'thường trực')
"""

from __future__ import annotations

from .. import i18n, profiles
from ..i18n import N_
from ..analysis.columns import COLUMNS
from ..analysis.summary import FIGURES, part_label

#: The words of ``compare``'s typed diff and lineage table (English msgids): the
#: kinds of change and the fates by their keys, and a few more.
COMPARE = {"lineage": N_("What became of each unit"), "posts": N_("posts carried or dropped"),
           "dropped": N_("post dropped"), "added": N_("added"), "removed": N_("removed"),
           "moved": N_("moved"), "renamed": N_("renamed"), "retyped": N_("retyped"),
           "changed": N_("changed"), "merged": N_("merged"), "split": N_("split"),
           "dissolved": N_("dissolved"), "created": N_("created"), "grouped": N_("grouped"),
           "kept": N_("kept")}


def compare_word(key, lang=None):
    """A word of ``compare``'s diff and lineage: :data:`COMPARE`'s (else ``key``
    itself), in ``lang``.

    >>> compare_word("posts"), compare_word("merged", "vi"), compare_word("lineage", "vi")
    ('posts carried or dropped', 'hợp nhất', 'Từng đơn vị đã đi về đâu')
    """
    return gettext(COMPARE.get(key, key), lang)


def gettext(msgid, lang=None, words=None):
    """``msgid`` (English) in ``lang`` (the language in force if None), the English
    where the catalog has none, with the profile's ``words`` (see :func:`words`)
    filled in where the text names them: ``"{members}"``."""
    text = i18n.gettext(msgid, lang)
    return fill(text, words or words_of(None, lang)) if "{" in text else text


def fill(text, words):
    """``text`` with the ``{word}`` placeholders of ``words`` filled in; other
    braces are left as they are.

    >>> fill("{n} {members}", {"members": "đảng viên"})
    '{n} đảng viên'
    """
    return text.format_map(_Keep(words))


class _Keep(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def words_of(model_or_profile, lang=None):
    """The words of the measure (``members``, ``committee``, ``standing``, ``staff``,
    ``dedicated``, ``concurrent``, and singulars such as ``member``) in ``lang``: the
    profile's, or the model's own ``labels:`` over its profile's; neutral words
    (the generic profile's) for None.

    >>> import orggraph
    >>> words_of(orggraph.load("models/can-tho-2011.yaml"), "vi")["members"]
    'đảng viên'
    >>> words_of(None, "vi")["members"], words_of(None, "en")["member"]
    ('thành viên', 'member')
    """
    lang = lang or i18n.current()
    target = model_or_profile
    if target is None:
        return profiles.get("generic").words(lang)
    if not isinstance(target, profiles.Profile):
        target = profiles.for_model(target)
    return target.words(lang)


def figure_label(key, lang=None, metrics=(), words=None):
    """The label of the summary figure ``key`` in ``lang`` (``key`` if undeclared); of a
    part of a mapping-valued figure, ``"units_by_type.bo"``, the figure's label and the
    part's (the profile's label of the type, as written, from the first of ``metrics``
    that has it).

    >>> import orggraph
    >>> m = orggraph.metrics(orggraph.load("models/can-tho-2011.yaml"))
    >>> figure_label("units_by_type.chi-bo", "vi", [m])
    'số đơn vị theo loại: Chi bộ trực thuộc'
    """
    head, dot, part = key.partition(".")
    label = next((f.label for f in FIGURES if f.key == head), None)
    if label is None:
        return key
    text = gettext(label, lang, words)
    return f"{text}: {part_label(head, part, metrics)}" if dot else text


def column_label(key, lang=None, words=None):
    """The label of the per-unit column ``key`` in ``lang`` (``key`` if undeclared),
    in the profile's ``words`` (neutral ones if None)."""
    label = next((c.label for c in COLUMNS if c.key == key), key)
    return gettext(label, lang, words)
