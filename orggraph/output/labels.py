"""The words people read: labels of metrics and the report's text, and their
translations.

English text is the message id: the labels declared with the per-unit columns
(:mod:`orggraph.analysis.columns`) and the summary figures
(:mod:`orggraph.analysis.summary`), and the report's words (:data:`REPORT`).
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
from ..analysis.columns import COLUMNS
from ..analysis.summary import FIGURES, part_label

LANGUAGES = ("en", "vi")

#: The report's words, by the name its template uses them by (English msgids).
REPORT = {
    "report": "Comparison of plans", "plans": "Plans", "baseline": "baseline",
    "key": "Key changes", "direct": "direct subordinates",
    "summary": "Summary", "summary_note": "Span statistics are over managers (units with "
    "at least one direct subordinate); deltas against the baseline.",
    "metric": "Metric", "buckets": "Span distribution (managers per span bucket)",
    "pyramid": "Units per layer", "changed": "Span of the units that changed",
    "charts": "Org charts", "changes": "Changes against the baseline",
    "log": "Change log", "findings": "Findings", "no_findings": "No findings.",
    "sources": "Sources", "diff": "Structural diff", "added": "added",
    "removed": "removed", "moved": "moved", "renamed": "renamed", "retyped": "retyped",
    "changed_attrs": "changed", "no_dot": "Org charts need Graphviz (apt-get install "
    "graphviz).", "layer": "layer", "unit": "Unit", "span": "span", "members": "members",
    "load": "load per standing member", "made": "Made with orggraph",
    "no_log": "A model, not a scenario: no change log.",
    "and_n": "and", "more": "more", "unknown": "units unknown",
    # what became of each unit (the lineage tables)
    "lineage": "What became of each unit",
    "lineage_note": "Each unit of the baseline that a plan changed, and each new unit, "
    "grouped by what became of it; search by name, click a heading to sort.",
    "no_lineage": "Not a scenario that descends from the baseline: its units are compared "
    "by id only (see the changes above).",
    "fate": "Fate", "now": "Now", "detail": "What happened", "step": "Step",
    "search": "Search by name", "csv": "Old → new mapping (CSV)", "shown": "rows shown",
    "in_csv": "all in the CSV", "under": "under",
    "merged": "merged", "split": "split", "dissolved": "dissolved", "created": "created",
}

#: The words of ``compare``'s typed diff and lineage table (English msgids) that are
#: not the name of a kind of change or a fate itself.
COMPARE = {"lineage": "What became of each unit", "posts": "posts carried or dropped",
           "dropped": "post dropped"}


def compare_word(key, lang=None):
    """A word of ``compare``'s diff and lineage: :data:`COMPARE`'s, else the kind of
    change or fate ``key`` itself (``"merged"``), in ``lang``.

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


def report_text(lang=None, words=None):
    """The report's words in ``lang``, by the names its template uses."""
    return {key: gettext(msgid, lang, words) for key, msgid in REPORT.items()}
