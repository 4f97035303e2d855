"""The words people read: labels of metrics and the report's text, and their
translations.

English text is the message id: the labels declared with the per-unit columns
(:mod:`orggraph.analysis.columns`) and the summary figures
(:mod:`orggraph.analysis.summary`), and the report's words (:data:`REPORT`).
:func:`gettext` translates one, as gettext does: English in, translated text
out, the English itself where a catalog has no translation.

>>> gettext("span", "vi"), gettext("span"), gettext("not translated", "vi")
('trực thuộc', 'span', 'not translated')
>>> figure_label("managers"), figure_label("managers", "vi")
('managers (span ≥ 1)', 'đơn vị có trực thuộc')
>>> column_label("committee_standing")
'standing'
"""

from __future__ import annotations

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

#: Translations by language, then by English msgid (a later issue reads them from
#: gettext ``.po`` catalogs).
CATALOGS = {
    "vi": {
        # the report
        "Comparison of plans": "So sánh các phương án", "Plans": "Các phương án",
        "baseline": "gốc", "Key changes": "Thay đổi chính",
        "direct subordinates": "đơn vị trực thuộc", "Summary": "Tổng hợp",
        "Span statistics are over managers (units with at least one direct subordinate); "
        "deltas against the baseline.": "Thống kê số đơn vị trực thuộc tính trên các đơn vị "
        "có ít nhất một đơn vị trực thuộc; chênh lệch so với phương án gốc.",
        "Metric": "Chỉ số", "Span distribution (managers per span bucket)":
        "Phân bố số đơn vị trực thuộc", "Units per layer": "Số đơn vị theo cấp",
        "Span of the units that changed": "Số đơn vị trực thuộc của các đơn vị thay đổi",
        "Org charts": "Sơ đồ tổ chức", "Changes against the baseline":
        "Thay đổi so với phương án gốc", "Change log": "Nhật ký thay đổi",
        "Findings": "Phát hiện", "No findings.": "Không có phát hiện.", "Sources": "Nguồn",
        "Structural diff": "Khác biệt về cơ cấu", "added": "thêm", "removed": "bỏ",
        "moved": "chuyển", "renamed": "đổi tên", "retyped": "đổi loại",
        "changed": "thay đổi",
        "Org charts need Graphviz (apt-get install graphviz).":
        "Cần cài Graphviz để vẽ sơ đồ (apt-get install graphviz).",
        "layer": "cấp", "Unit": "Đơn vị", "Made with orggraph": "Tạo bằng orggraph",
        "A model, not a scenario: no change log.":
        "Mô hình, không phải phương án: không có nhật ký.",
        "and": "và", "more": "mục khác", "units unknown": "đơn vị chưa rõ",
        "What became of each unit": "Từng đơn vị đã đi về đâu",
        "Each unit of the baseline that a plan changed, and each new unit, grouped by what "
        "became of it; search by name, click a heading to sort.": "Mỗi đơn vị của phương án "
        "gốc mà phương án thay đổi, và mỗi đơn vị mới, nhóm theo kết quả; tìm theo tên, bấm "
        "vào tiêu đề cột để sắp xếp.",
        "Not a scenario that descends from the baseline: its units are compared by id only "
        "(see the changes above).": "Không phải phương án xây dựng từ phương án gốc: các đơn "
        "vị chỉ được so theo mã (xem các thay đổi ở trên).",
        "Fate": "Kết quả", "Now": "Nay là", "What happened": "Diễn biến", "Step": "Bước",
        "Search by name": "Tìm theo tên", "Old → new mapping (CSV)":
        "Bảng đối chiếu cũ → mới (CSV)", "rows shown": "dòng đang hiện",
        "all in the CSV": "đủ trong tệp CSV", "under": "thuộc",
        "merged": "hợp nhất", "split": "chia tách", "dissolved": "giải thể",
        "created": "thành lập mới",
        "posts carried or dropped": "chức vụ chuyển theo hoặc bỏ",
        "post dropped": "bỏ chức vụ",
        # per-unit columns
        "span": "trực thuộc", "members": "đảng viên", "load": "số đơn vị / ủy viên BTV",
        "load per standing member": "số đơn vị / ủy viên BTV",
        # summary figures
        "units": "số đơn vị", "layers": "số cấp", "managers (span ≥ 1)": "đơn vị có trực thuộc",
        "leaves (span 0)": "đơn vị không có trực thuộc",
        "span mean (managers)": "trực thuộc bình quân",
        "span median (managers)": "trung vị trực thuộc",
        "span p90 (managers)": "trực thuộc p90", "span max": "trực thuộc lớn nhất",
        "narrow spans": "trực thuộc quá ít", "wide spans": "trực thuộc quá nhiều",
        "one-child managers": "chỉ một trực thuộc",
        "load per standing member (mean)": "số đơn vị / ủy viên BTV (bình quân)",
        "staff dedicated": "cán bộ chuyên trách", "staff concurrent": "cán bộ kiêm nhiệm",
        "people named": "người có tên", "people with posts in 2+ units":
        "người giữ chức ở 2+ đơn vị", "share of posts held concurrently":
        "tỷ lệ chức vụ kiêm nhiệm", "findings": "phát hiện",
        "units with unknown members": "đơn vị chưa rõ số đảng viên",
        "units by type": "số đơn vị theo loại",
    },
}


#: The words of ``compare``'s typed diff and lineage table (English msgids) that are
#: not the name of a kind of change or a fate itself.
COMPARE = {"lineage": "What became of each unit", "posts": "posts carried or dropped",
           "dropped": "post dropped"}


def compare_word(key, lang="en"):
    """A word of ``compare``'s diff and lineage: :data:`COMPARE`'s, else the kind of
    change or fate ``key`` itself (``"merged"``), in ``lang``.

    >>> compare_word("posts"), compare_word("merged", "vi"), compare_word("lineage", "vi")
    ('posts carried or dropped', 'hợp nhất', 'Từng đơn vị đã đi về đâu')
    """
    return gettext(COMPARE.get(key, key), lang)


def gettext(msgid, lang="en"):
    """``msgid`` (English) in ``lang``; the English where there is no translation."""
    return CATALOGS.get(lang, {}).get(msgid, msgid)


def figure_label(key, lang="en", metrics=()):
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
    return f"{gettext(label, lang)}: {part_label(head, part, metrics)}" if dot else \
        gettext(label, lang)


def column_label(key, lang="en"):
    """The label of the per-unit column ``key`` in ``lang`` (``key`` if undeclared)."""
    label = next((c.label for c in COLUMNS if c.key == key), key)
    return gettext(label, lang)


def report_text(lang="en"):
    """The report's words in ``lang``, by the names its template uses."""
    return {key: gettext(msgid, lang) for key, msgid in REPORT.items()}
