"""Excel workbooks (``.xlsx``).

Reading: the first sheet (or ``sheet=NAME``) is turned into rows
of text and fed to the same row reader as CSV, so every check and message is
shared.

Writing: :func:`dumps` gives a model's units as a workbook, the columns and
values of the CSV export; :func:`workbook` writes any tables as sheets (the
metrics and comparison workbooks of :mod:`orggraph.output.workbook`). Both use
XlsxWriter, streaming rows (``constant_memory``), with a fixed creation date so
that the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import math
import numbers
from dataclasses import dataclass
from typing import Iterable

from ..errors import OrgError, shown
from ..escape import csv_cell
from . import csvio, tables
from .files import read_bytes


# ---------------------------------------------------------------- reading


def read(path, *, label=None, profile="generic", title=None, **table):
    """Read the model in a workbook's first sheet (``sheet=NAME``: that one).

    The sheet's cells become text as a CSV export would hold them (whole numbers
    as digits, dates as ISO dates, true/false as ``True``/``False``) and go
    through the CSV row reader (:func:`orggraph.io.csvio.read_rows`) with the
    same header rules and column map (``columns=``, or ``NAME.columns.yaml``), so
    every check and message is the CSV reader's. Messages name the row as Excel
    numbers it: ``units.xlsx:12: unit 'x': …``.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    label = label or str(path)
    options = tables.resolve(path, label, table)
    data = read_bytes(path, label=label)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise OrgError(f"not a readable Excel workbook (.xlsx): {_first_line(exc)}",
                       file=label) from None
    sheet = _sheet(book, options.sheet, label)
    try:
        cells = sheet.to_python(skip_empty_area=True)
    except (CalamineError, ValueError) as exc:
        raise OrgError(f"sheet '{sheet.name}' cannot be read: {_first_line(exc)}",
                       file=label) from None
    if not cells or not any(str(c).strip() for c in cells[0]):
        raise OrgError(f"sheet '{sheet.name}' is empty: a model's sheet needs the header "
                       "id, parent, name, type in its first row", file=label, line=1)
    top = (sheet.start or (0, 0))[0] + 1  # the row number Excel shows for cells[0]
    rows = ((top + k, [cell_text(v) for v in row]) for k, row in enumerate(cells))
    return csvio.read_rows(rows, label, profile=profile, title=title, options=options)


def _sheet(book, name, label):
    """The sheet named ``name``, or the first sheet."""
    names = book.sheet_names
    if name is None:
        if not names:
            raise OrgError("the workbook has no sheet", file=label)
        return book.get_sheet_by_index(0)
    if name not in names:
        raise OrgError(f"--sheet: no sheet {shown(name)} (sheets: "
                       f"{', '.join(shown(n) for n in names[:20])})"
                       f"{tables.did_you_mean(name, names)}", file=label)
    return book.get_sheet_by_name(name)


def cell_text(v):
    """A workbook cell's value as the text a CSV export holds (text that looks like
    a formula or a signed number gets the ``'`` of :func:`~orggraph.escape.csv_cell`,
    which the row reader takes off: a text cell stays the text it is).

    >>> [cell_text(v) for v in (12.0, 3.5, "00123", None, True, datetime.date(2024, 1, 2))]
    ['12', '3.5', '00123', '', 'True', '2024-01-02']
    >>> cell_text(datetime.datetime(2024, 1, 2, 8, 30)), cell_text(1e300), cell_text("-7")
    ('2024-01-02T08:30:00', '1e+300', "'-7")
    >>> cell_text("Bo\u0302\u0323 Y te\u0302\u0301") == "Bộ Y tế"
    True
    """
    if v.__class__ is str:  # NFC, as all text orggraph reads
        return csv_cell(v if v.isascii() else tables.nfc(v))
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < EXACT_BELOW else repr(v)
    if v is None:
        return ""
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    return str(v)


def _first_line(exc):
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


# ---------------------------------------------------------------- writing

#: What one cell of a sheet holds at most (Excel's limit), in characters.
CELL_CHARS = 32_767
#: The rows of a sheet (Excel's limit), the header's included.
SHEET_ROWS = 1_048_576
#: Whole numbers from this size on are written as text: Excel keeps 15 digits of a number.
EXACT_BELOW = 10**15
#: The date written in every workbook's properties: the same input gives the same bytes.
FIXED_DATE = datetime.datetime(2000, 1, 1)
#: Column widths, in characters: at least, at most, and added to the longest cell.
WIDTHS = (6, 60, 2)


@dataclass
class Sheet:
    """One sheet of a workbook: its name, the header row and the rows of values
    (text, numbers, None for an empty cell); ``unit`` is the column naming the
    unit of a row, for error messages."""

    name: str
    header: list
    rows: Iterable
    unit: int | None = None


def dumps(model):
    """The units of ``model`` as an Excel workbook (bytes): one sheet ``units``
    with the columns and values of the CSV export (:func:`orggraph.io.csvio.table`).

    Text is written as text, never as a formula (``=HYPERLINK(…)`` stays the
    name it is), ids like ``00123`` stay text, counts are numbers; the header row
    is bold and frozen, with filters. Same model, same bytes.

    >>> from orggraph.model import Model
    >>> m = Model()
    >>> m.add_unit("bo-noi-vu", "Bộ Nội vụ", "bo", None, 40)
    0
    >>> dumps(m)[:2]
    b'PK'
    """
    header, rows = csvio.table(model)
    return workbook([Sheet("units", header, _as_csv_reads(rows), unit=0)], file=model.file)


def _as_csv_reads(rows):
    """The rows with each whole float (``2.0``) as the text the CSV export writes:
    a number cell would read back as ``2``."""
    for row in rows:
        if any(v.__class__ is float for v in row):
            row = [str(v) if v.__class__ is float and v.is_integer() else v for v in row]
        yield row


def workbook(sheets, *, file=None):
    """The bytes of a workbook with ``sheets`` (:class:`Sheet`), each with a bold,
    frozen header row, filters and column widths fitted to the cells (rows are
    streamed: a sheet's rows are never all in memory). An OrgError (naming ``file``
    and the unit) if a cell or a sheet is too big for Excel."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    book.set_properties({"created": FIXED_DATE})
    bold = book.add_format({"bold": True})
    try:
        for sheet in sheets:
            ws = book.add_worksheet(sheet.name)
            widths = [len(str(h)) + 3 for h in sheet.header]  # + the filter's button
            for c, h in enumerate(sheet.header):
                ws.write_string(0, c, str(h), bold)
            last = _write_rows(ws, sheet, widths, file)
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, last, max(len(sheet.header), 1) - 1)
            low, high, pad = WIDTHS
            for c, w in enumerate(widths):
                ws.set_column(c, c, min(max(w + pad, low), high))
    finally:
        book.close()
    return out.getvalue()


def _write_rows(ws, sheet, widths, file):
    """Write the rows of ``sheet`` below its header, widening ``widths`` to the
    cells; the number of the last row written."""
    put_text, put_number = ws.write_string, ws.write_number
    r = 0
    for r, row in enumerate(sheet.rows, 1):
        if r >= SHEET_ROWS:
            raise OrgError(f"sheet '{sheet.name}' would have more than {SHEET_ROWS - 1:,} "
                           "rows, the most Excel holds: write .csv for a table this size",
                           file=file)
        for c, v in enumerate(row):
            cls = v.__class__
            if cls is str:
                n = len(v)
                if n > CELL_CHARS:
                    raise _too_long(sheet, row, n, file)
                put_text(r, c, v)
            elif cls is int and -EXACT_BELOW < v < EXACT_BELOW or cls is float and \
                    math.isfinite(v):
                n = len(str(v))
                put_number(r, c, v)
            elif v is None:
                continue
            else:
                n = _write_other(ws, r, c, v)
            if c < len(widths) and n > widths[c]:
                widths[c] = n
    return r


def _write_other(ws, r, c, v):
    """Write a value that is neither text, a number Excel holds exactly nor None:
    a numpy number as a number, anything else (true/false, a date, a whole number
    of 16 digits or more) as its text; NaN and infinities leave the cell empty."""
    if isinstance(v, numbers.Integral) and not isinstance(v, bool) and \
            -EXACT_BELOW < v < EXACT_BELOW:
        ws.write_number(r, c, int(v))
        return len(str(v))
    if isinstance(v, numbers.Real) and not isinstance(v, (bool, numbers.Integral)):
        if math.isfinite(v):
            ws.write_number(r, c, float(v))
            return len(str(v))
        return 0
    text = str(v)
    ws.write_string(r, c, text[:CELL_CHARS])
    return len(text)


def _too_long(sheet, row, n, file):
    unit = row[sheet.unit] if sheet.unit is not None else None
    return OrgError(f"a cell of sheet '{sheet.name}' would hold {n:,} characters, over the "
                    f"{CELL_CHARS:,} of an Excel cell: shorten the text or write .csv",
                    file=file, unit=unit)
