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
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Iterable
from xml.parsers import expat

from .. import i18n, limits
from ..errors import ErrorList, OrgError, shown
from ..escape import csv_cell
from ..i18n import N_
from . import csvio, tables
from .files import read_bytes

_ = i18n.gettext


# ---------------------------------------------------------------- reading


def read(path, *, label=None, profile="generic", title=None, **table):
    """Read the model in a workbook's first sheet (``sheet=NAME``: that one).

    The sheet's cells become text as a CSV export would hold them (whole numbers
    as digits, dates as ISO dates, true/false as ``True``/``False``) and go
    through the CSV row reader (:func:`orggraph.io.csvio.read_rows`) with the
    same header rules and column map (``columns=``, or ``NAME.columns.yaml``), so
    every check and message is the CSV reader's. Messages name the row as Excel
    numbers it: ``units.xlsx:12: unit 'x': …``.

    Before python-calamine reads it, the workbook is checked (:func:`check_sheet`):
    its parts unzip within ``ORGGRAPH_MAX_XLSX_BYTES``, the sheet holds and spans
    at most ``ORGGRAPH_MAX_XLSX_CELLS`` cells, and no cell is an Excel error
    (``#N/A``) or a formula without its value, which the reader would give as
    empty cells.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    label = label or str(path)
    options = tables.resolve(path, label, table)
    data = read_bytes(path, label=label)
    parts = _parts(data, label)
    _check_entries(parts, label, limits.MAX_XLSX_CELLS)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = _sheet_name(book, options.sheet, label)
        path = _sheet_path(parts, name, label)
        bad = check_sheet(lambda: _open_part(parts, path, label), name, label)
        sheet = book.get_sheet_by_name(name)
        cells = sheet.to_python(skip_empty_area=True)
    except (CalamineError, ValueError, OSError) as exc:
        raise OrgError(_unreadable(_first_line(exc)), file=label) from None
    if not cells or not any(str(c).strip() for c in cells[0]):
        raise _empty(book.sheets_metadata, name, label, options.sheet is None)
    top, left = sheet.start or (0, 0)  # where cells[0][0] is
    rows = ((top + 1 + k, [cell_text(v) for v in row]) for k, row in enumerate(cells))
    errors = ErrorList()
    for row, col, problem in bad:  # the column's name, from the header, if it has one
        head = str(cells[0][col - left]).strip() if 0 <= col - left < len(cells[0]) else ""
        named = f" ({shown(head)})" if head and row > top else ""
        # TRANSLATORS: cell is a cell's reference (B7), with its column's name; problem is
        # what is wrong with it ("holds a formula but not its value (…)")
        errors.add(_("cell {cell} {problem}").format(
            cell=f"{column_letters(col)}{row + 1}{named}", problem=problem), file=label,
            line=row + 1)
    try:
        model = csvio.read_rows(rows, label, profile=profile, title=title, options=options)
    except OrgError as exc:
        if not errors:
            raise
        errors.extend(exc)
        errors.raise_if_any(partial=exc.partial)
    errors.raise_if_any(partial=(model, []))
    return model


def _unreadable(problem):
    """The error for a workbook that cannot be read: ``problem``, as its reader says."""
    return _("not a readable Excel workbook (.xlsx): {problem}").format(problem=problem)


def _parts(data, label):
    """The zip directory of a workbook, refused unless it is one of XML parts that
    unzip within ``ORGGRAPH_MAX_XLSX_BYTES`` (the sizes it declares are those the
    readers hold it to)."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data))
        infos = parts.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise OrgError(_("not a readable Excel workbook (.xlsx): {problem} (an .xls or .ods "
                         "file must be saved as .xlsx first)").format(
                             problem=_first_line(exc)), file=label) from None
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise OrgError(_("not a readable Excel workbook (.xlsx): a part appears twice in it "
                         "(a damaged file)"), file=label)
    if "xl/workbook.xml" not in names:
        raise OrgError(_("not an Excel workbook (.xlsx): it has no xl/workbook.xml (an .xlsb, "
                         ".ods or other file must be saved as .xlsx first)"), file=label)
    total, limit = sum(i.file_size for i in infos), limits.MAX_XLSX_BYTES
    if total > limit:
        raise OrgError(_("the workbook's parts unzip to {size} bytes, over the limit of "
                         "{limit} (ORGGRAPH_MAX_XLSX_BYTES): a damaged file, or a model too "
                         "large for a workbook (write it as .csv)").format(
                             size=i18n.number(total), limit=i18n.number(limit)), file=label)
    return parts


#: What reading a part of a damaged zip may raise.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
               NotImplementedError, RuntimeError, KeyError, zlib.error)


def _part(parts, name, label):
    """The bytes of the (small) part ``name`` of a workbook."""
    try:
        return parts.read(name)
    except _ZIP_ERRORS as exc:
        raise OrgError(_unreadable(f"{name}: {_first_line(exc)}"), file=label) from None


#: The parts that python-calamine reads when it opens a workbook, and how the entries it
#: holds from them start (a few kilobytes of zip can hold millions of them), with or
#: without a namespace prefix (more is counted than there is, never less).
_ENTRIES = {"xl/sharedStrings.xml": (b"<si", b":si"),
            "xl/styles.xml": (b"<numFmt", b":numFmt", b"<xf", b":xf"),
            "xl/workbook.xml": (b"<sheet", b":sheet", b"<definedName", b":definedName"),
            "xl/_rels/workbook.xml.rels": (b"<Relationship", b":Relationship")}


def _check_entries(parts, label, cap):
    """Refuse a workbook whose shared texts, formats, sheets and names number more
    than ``cap`` (``ORGGRAPH_MAX_XLSX_CELLS``: each is held as a cell's value would be)."""
    count = 0
    for name, starts in _ENTRIES.items():
        if name not in parts.NameToInfo:
            continue
        with _open_part(parts, name, label) as stream:
            tail = b""  # the end of the last block, counted: a tag may go on after it
            for chunk in iter(lambda: stream.read(_BLOCK), b""):
                data = tail + chunk
                count += sum(data.count(start) - tail.count(start) for start in starts)
                tail = data[-8:]
                if count > cap:
                    raise OrgError(_("the workbook holds more than {cap} shared texts and "
                                     "formats, over the limit of {cap} cells "
                                     "(ORGGRAPH_MAX_XLSX_CELLS): a damaged file, or a model "
                                     "too large for a workbook (write it as .csv)").format(
                        cap=i18n.number(cap)), file=label)


class _open_part:
    """The part ``name`` of a workbook, opened to be read in blocks (``with``), a
    damaged zip reported as such."""

    def __init__(self, parts, name, label):
        self.name, self.label = name, label
        try:
            self.stream = parts.open(name)
        except _ZIP_ERRORS as exc:
            self._refuse(exc)

    def read(self, size):
        try:
            return self.stream.read(size)
        except _ZIP_ERRORS as exc:
            self._refuse(exc)

    def seek(self, at):
        self.stream.seek(at)

    def _refuse(self, exc):
        raise OrgError(_unreadable(f"{self.name}: {_first_line(exc)}"),
                       file=self.label) from None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()


def _sheet_path(parts, name, label):
    """The part holding the sheet ``name``, found as python-calamine finds it: the
    sheet's relationship in ``xl/_rels/workbook.xml.rels``, its target under ``xl/``."""
    targets = {r.get("Id"): r.get("Target") or "" for r in
               _elements(parts, "xl/_rels/workbook.xml.rels", "Relationship", label)}
    for sheet in _elements(parts, "xl/workbook.xml", "sheet", label):
        if sheet.get("name") == name:
            rid = sheet.get("r:id", sheet.get("relationships:id"))  # the reader's names
            target = targets.get(rid, "")
            path = target[1:] if target.startswith("/xl/") else \
                target if target.startswith("xl/") else f"xl/{target}"
            if path in parts.NameToInfo:
                return path
    raise OrgError(_("sheet {name}: its part is not in the workbook (a damaged file)").format(
        name=shown(name)), file=label)


def _elements(parts, name, tag, label):
    """The attributes of each element ``tag`` (whatever its prefix) in the part
    ``name``, read as a stream (a part of a hostile file may hold millions)."""
    found = []

    def start(element, attrs):
        if element.rpartition(":")[2] == tag:
            found.append(attrs)

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with _open_part(parts, name, label) as stream:
        try:
            for chunk in iter(lambda: stream.read(_BLOCK), b""):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise OrgError(_unreadable(f"{name}: {_first_line(exc)}"), file=label) from None
    return found


def _sheet_name(book, name, label):
    """The sheet to read: ``name``, or the first sheet (refused if it is a chart
    or hidden: the others are named, with ``--sheet``)."""
    metas = book.sheets_metadata
    names = [m.name for m in metas]
    if name is not None and name not in names:
        raise OrgError(_("--sheet: no sheet {name} (sheets: {sheets}){hint}").format(
            name=shown(name), sheets=", ".join(shown(n) for n in names[:20]),
            hint=tables.did_you_mean(name, names)), file=label)
    if not metas:
        raise OrgError(_("the workbook has no sheet"), file=label)
    meta = metas[names.index(name)] if name is not None else metas[0]
    what = _sheet_kind(meta)
    if what == "hidden" and name is None:
        raise OrgError(_("the first sheet {name} is hidden, so it is not read unless --sheet "
                         "names it{others}").format(name=shown(meta.name),
                                                    others=_others(metas, meta.name)),
                       file=label)
    if what not in (None, "hidden"):
        # TRANSLATORS: kind is "a chart" or another kind of sheet ("a dialog sheet")
        raise OrgError((_("the first sheet {name} is {kind}, not a table of units{others}")
                        if name is None else
                        _("sheet {name} is {kind}, not a table of units{others}")).format(
                            name=shown(meta.name), kind=_(what) if what == "a chart" else what,
                            others=_others(metas, meta.name)), file=label)
    return meta.name


def _sheet_kind(meta):
    """``"a chart"`` or ``"hidden"`` for such a sheet, else None."""
    kind = str(meta.typ).rpartition(".")[2]
    if kind != "WorkSheet":
        return N_("a chart") if kind == "ChartSheet" else "a " + kind.replace("Sheet", " sheet")
    return None if str(meta.visible).rpartition(".")[2] == "Visible" else "hidden"


def _others(metas, name):
    """``; the workbook's other sheets: 'Data': give --sheet Data`` or so."""
    others = [m for m in metas if m.name != name and _sheet_kind(m) in (None, "hidden")]
    if not others:
        return "; " + _("the workbook has no other sheet")
    hidden = " " + _("(hidden)")
    listed = ", ".join(shown(m.name) + (hidden if _sheet_kind(m) else "") for m in others[:20])
    best = next((m.name for m in others if not _sheet_kind(m)), others[0].name)
    arg = f"'{best}'" if re.search(r"[^\w.-]", best) else best
    return "; " + _("the workbook's other sheets: {sheets}: give --sheet {name} (or sheet: in "
                    "NAME.columns.yaml)").format(sheets=listed, name=arg)


def _empty(metas, name, label, first):
    """The error for an empty sheet ``name`` (``first``: read as the first sheet)."""
    others = _others(metas, name) if first and len(metas) > 1 else ""
    return OrgError(_("sheet {name} is empty: a model's sheet needs the header id, parent, "
                      "name, type in its first row{others}").format(name=shown(name),
                                                                    others=others),
                    file=label, line=1)


# ---------------------------------------------------------------- the sheet's XML

#: A cell's start tag as Excel, LibreOffice, openpyxl and XlsxWriter write it: its
#: reference first, then attributes in double quotes.
_PLAIN_CELL = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"((?: (?!r=)[\w:.-]+="[^"<>]*")*)'
                         rb"(/?)>")
#: A cell's or formula's tag with a namespace prefix (``<x:c>``; rows and values matter
#: to the plain reading only in such cells).
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|f)[\s/>]")
#: How much of a sheet's XML is unzipped at a time while it is checked.
_BLOCK = 1 << 22


def check_sheet(open_xml, name, label, cap=None):
    """The cells of a sheet that python-calamine would read as empty although they
    are not: ``[(row, column, problem)]``, from 0, for an Excel error (``#N/A``) or
    a formula without its value. ``open_xml()`` opens the sheet's XML, which is
    read in blocks, and twice at most. Refused: a sheet holding or spanning more
    than ``cap`` cells (``ORGGRAPH_MAX_XLSX_CELLS``), since the reader makes room
    for the whole rectangle before it reads a cell.

    Sheets in the form that spreadsheets write are checked by regular expressions
    over the bytes; any other form (namespace prefixes, cells without their
    reference) by an XML parser that follows the reader's rules.

    >>> xml = (b'<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1" t="e"><f>1/0</f>'
    ...        b'<v>#DIV/0!</v></c></row></sheetData>')
    >>> check_sheet(lambda: io.BytesIO(xml), "Sheet1", "x.xlsx")[0][:2]
    (0, 1)
    """
    cap = cap or limits.MAX_XLSX_CELLS
    with open_xml() as stream:
        prefix = re.match(rb"(?:<\?[^>]*>\s*)?<([A-Za-z_][\w.-]*):worksheet[\s>]",
                          stream.read(1 << 12))
    if prefix is not None:  # <x:worksheet>, as the .NET Open XML SDK writes: read unprefixed
        open_xml = (lambda opened: lambda: _Unprefixed(opened(), prefix[1]))(open_xml)
    with open_xml() as stream:
        found = _plain_scan(stream, cap, name, label)
    if found is None:
        with open_xml() as stream:  # counted first: the parser takes 5 µs a cell
            cells = sum(chunk.count(b"c>") for chunk in iter(lambda: stream.read(_BLOCK), b""))
        if cells > cap:  # the cells' end tags (</c>, </x:c>), at least
            raise _too_many(_("holds {n} cells").format(n=i18n.number(cells)), name, label,
                            cap)
        with open_xml() as stream:
            found = _parse_scan(stream, cap, name, label)
    (rows, cols), bad = found
    if rows * cols > cap:
        raise _too_many(_("spans {rows} rows × {columns} columns").format(
            rows=i18n.number(rows), columns=i18n.number(cols)), name, label, cap)
    return bad


class _Unprefixed:
    """A sheet's XML read with the namespace prefix of its elements taken off
    (``<x:c>`` is read as ``<c>``): python-calamine reads elements by their local
    name, so this is the same sheet to it, in the plain form."""

    def __init__(self, stream, prefix):
        self.stream, self.prefix, self.carry = stream, prefix, b""

    def read(self, size):
        while True:
            chunk = self.stream.read(size)
            data = self.carry + chunk
            cut = len(data)
            start = data.rfind(b"<", max(cut - len(self.prefix) - 2, 0))
            if chunk and start >= 0:  # a tag's start may go on in the next read
                cut = start
            data, self.carry = data[:cut], data[cut:]
            if data or not chunk:
                return data.replace(b"</" + self.prefix + b":", b"</").replace(
                    b"<" + self.prefix + b":", b"<")

    def seek(self, at):
        self.stream.seek(at)
        self.carry = b""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.__exit__(*exc)


def _too_many(what, name, label, cap):
    # TRANSLATORS: what is how many cells the sheet holds or spans ("holds 3,000 cells")
    return OrgError(_("sheet {name} {what}, over the limit of {cap} cells "
                      "(ORGGRAPH_MAX_XLSX_CELLS): a model's sheet needs one row a unit; clear "
                      "the cells far below or right of the table (Ctrl+End shows the last), "
                      "or write the model as .csv").format(name=shown(name), what=what,
                                                           cap=i18n.number(cap)), file=label)


def _blocks(stream):
    """The bytes of ``stream`` in blocks that end after a cell (``</c>``); None for a
    stretch of many blocks without one (a giant cell, or not a plain sheet)."""
    carry = b""
    while True:
        chunk = stream.read(_BLOCK)
        buf = carry + chunk
        if not chunk:
            yield buf
            return
        cut = buf.rfind(b"</c>")
        if cut < 0 and len(buf) > 4 * _BLOCK:
            yield None
            return
        if cut >= 0:
            yield buf[:cut + 4]
        carry = buf[cut + 4:] if cut >= 0 else buf


def _plain_scan(stream, cap, name, label):
    """``((rows, columns), bad cells)`` of a sheet whose cell tags are all plain
    (:data:`_PLAIN_CELL`) and unprefixed, None for any other. Cells in the corner
    A1:Z(9…9) that fits within ``cap`` pass the regular expression; it stops at the
    others, and at formulas and errors."""
    digits = max(0, min(7, len(str(cap // 26)) - 1))
    small = rb'(?! r="[A-Z][0-9]{1,%d}"(?: (?!r=|t="e")[\w:.-]+="[^"<>]*")*/?>)' % digits \
        if digits else b""
    tags = re.compile(rb"<(?:c(?![^\s/>])" + small + rb"|f[\s/>])")
    extent, bad, cells = [0, 0], [], 0
    for block in _blocks(stream):
        if block is None:
            return None
        cells += block.count(b"</c>")
        if cells > cap:
            raise _too_many(_("holds more than {n} cells").format(n=i18n.number(cap)), name,
                            label, cap)
        if (b":c" in block or b":f" in block) and _PREFIXED.search(block) \
                or not _plain_block(block, tags, extent, bad):
            return None
    corner = (10 ** digits - 1, 26) if digits else (0, 0)
    rows, cols = max(extent[0], corner[0]), max(extent[1], corner[1])
    if rows * cols > cap:  # the corner too rough a bound: every cell's reference
        stream.seek(0)
        rows, cols = extent
        for block in _blocks(stream):
            refs = re.findall(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>', block)
            rows = max(rows, max((int(r) for _, r in refs), default=0))
            cols = max(cols, max((column_number(c) for c in {c for c, _ in refs}), default=0))
    return (rows, cols), bad


def _plain_block(block, tags, extent, bad):
    """Look at the cells of ``block`` that :func:`_plain_scan` stops at, updating
    ``extent`` (rows, columns) and ``bad``; False if one is not plain."""
    seen = -1  # the cell whose problems were looked for last
    for m in tags.finditer(block):
        at = m.start()
        if block[at + 1:at + 2] == b"f":  # a formula: the cell it is in
            start = block.rfind(b"<c ", 0, at)
            if start != seen:
                found = _cell_problems(block, start, at)
                if found is None:
                    return False
                bad += found
            continue
        cell = _PLAIN_CELL.match(block, at)
        if cell is None:
            return False  # not plain: the parser reads it
        if not cell[4]:  # a cell that may hold something (<c .../> is empty)
            extent[0] = max(extent[0], int(cell[2]))
            extent[1] = max(extent[1], column_number(cell[1]))
            if b't="e"' in cell[3]:
                bad += _cell_problems(block, at, at) or []
                seen = at
    return True


def _cell_problems(block, start, at):
    """``[(row, column, problem)]`` of the plain cell starting at ``start`` in
    ``block`` (and holding ``at``), None if there is no such cell."""
    end = block.find(b"</c>", at)
    if start < 0 or end < 0 or _PLAIN_CELL.match(block, start) is None:
        return None
    scan = _Scan(float("inf"), "", "")
    parser = _parser(scan, "", "")
    _feed(parser, block[start:end + 4], True, "", "")
    return scan.bad


class _Scan:
    """What an XML parser following python-calamine's rules finds in a sheet: where
    each cell goes (its reference, or the next place in the row), the rectangle
    the cells with a value span, and the cells it would read as empty although
    they are not."""

    def __init__(self, cap, name, label):
        self.cap, self.name, self.label = cap, name, label
        self.row = self.col = 0  # where a cell without a reference goes
        self.rows = self.cols = 0  # the rectangle spanned, from A1
        self.bad = []
        self.cell = None  # the cell being read: [row, column, type, formula, value]
        self.text = None  # the text of its <v>, while it is read

    def start(self, name, attrs):
        name = name.rpartition(":")[2]
        if name == "row" and "r" in attrs:
            self.row = _number(attrs["r"]) - 1
        elif name == "c":
            ref = attrs.get("r")
            row, col = (self.row, self.col) if ref is None else _reference(ref)
            self.col = col + 1
            self.cell = [row, col, attrs.get("t", "n"), None, None]
        elif self.cell is not None and name in ("f", "v", "is"):
            if name == "f":
                self.cell[3] = ""
            else:
                self.cell[4], self.text = "", ([] if name == "v" else None)

    def end(self, name):
        name = name.rpartition(":")[2]
        if name == "row":
            self.row, self.col = self.row + 1, 0
        elif name == "v" and self.cell is not None and self.text is not None:
            self.cell[4], self.text = "".join(self.text), None
        elif name == "c" and self.cell is not None:
            self._cell(*self.cell)
            self.cell = None

    def data(self, text):
        if self.text is not None:
            self.text.append(text)

    def _cell(self, row, col, kind, formula, value):
        if value is not None and (value or kind in ("str", "inlineStr")):
            self.rows, self.cols = max(self.rows, row + 1), max(self.cols, col + 1)
            if self.rows * self.cols > self.cap:
                raise _too_many(_("spans at least {rows} rows × {columns} columns").format(
                    rows=i18n.number(self.rows), columns=i18n.number(self.cols)),
                    self.name, self.label, self.cap)
        if kind == "e":
            self.bad.append((row, col, _("is {error}: an error of the cell's formula, not a "
                                         "value; correct it, or clear the cell").format(
                                             error=shown(value or '')[1:-1] or _("an error"))))
        elif formula is not None and not value and kind not in ("str", "inlineStr"):
            self.bad.append((row, col, _("holds a formula but not its value (the program "
                                         "that wrote the file does not compute formulas): "
                                         "open and save it in Excel or LibreOffice, or write "
                                         "the value instead")))


def _parse_scan(stream, cap, name, label):
    """``((rows, columns), bad cells)`` of any sheet's XML, by an XML parser (XML
    that is not well-formed, or declares entities, is refused)."""
    scan = _Scan(cap, name, label)
    parser = _parser(scan, name, label)
    while True:
        chunk = stream.read(_BLOCK)
        _feed(parser, chunk, not chunk, name, label)
        if not chunk:
            return (scan.rows, scan.cols), scan.bad


def _parser(scan, name, label):
    """An XML parser reporting to ``scan``, refusing a document type declaration."""
    def doctype(*declaration):
        raise OrgError(_("sheet {sheet}: its XML declares a document type (a damaged or "
                         "hostile file)").format(sheet=shown(name)), file=label)

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = scan.start, scan.end
    parser.CharacterDataHandler, parser.StartDoctypeDeclHandler = scan.data, doctype
    parser.buffer_text = True
    return parser


def _feed(parser, data, last, name, label):
    try:
        parser.Parse(data, last)
    except expat.ExpatError as exc:
        # TRANSLATORS: {error}: what the XML parser said (in English)
        raise OrgError(_("sheet {sheet}: not well-formed XML ({error})").format(
            sheet=shown(name), error=_first_line(exc)), file=label) from None


def _number(text):
    """A row's number as written (a ValueError, which the reader would give too,
    for anything else)."""
    if not re.fullmatch(r"[0-9]{1,7}", text):
        # TRANSLATORS: what is wrong in a damaged workbook: a row whose number is 'x'
        raise ValueError(_("a row numbered {row}").format(row=shown(text)))
    return int(text)


def _reference(ref):
    """``(row, column)`` from 0 of a cell reference such as ``B7``."""
    m = re.fullmatch(r"([A-Za-z]{1,3})([0-9]{1,7})", ref)
    if m is None:
        # TRANSLATORS: what is wrong in a damaged workbook: a cell whose reference is 'B'
        raise ValueError(_("a cell referred to as {cell}").format(cell=shown(ref)))
    return int(m[2]) - 1, column_number(m[1].encode()) - 1


def column_number(letters):
    """The number (from 1) of the column named ``letters`` (bytes).

    >>> column_number(b"A"), column_number(b"z"), column_number(b"AA"), column_number(b"XFD")
    (1, 26, 27, 16384)
    """
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def column_letters(col):
    """The letters of the column numbered ``col`` from 0.

    >>> column_letters(0), column_letters(25), column_letters(26), column_letters(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


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
            raise OrgError(_("sheet '{name}' would have more than {n} rows, the most Excel "
                             "holds: write .csv for a table this size").format(
                                 name=sheet.name, n=i18n.number(SHEET_ROWS - 1)), file=file)
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
    return OrgError(_("a cell of sheet '{name}' would hold {n} characters, over the {most} of "
                      "an Excel cell: shorten the text or write .csv").format(
                          name=sheet.name, n=i18n.number(n), most=i18n.number(CELL_CHARS)),
                    file=file, unit=unit)
