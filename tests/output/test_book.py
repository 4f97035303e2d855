"""orggraph.output.book: a book of pages (issue 18, item 3), read back with pypdf."""

import io
import re

import pytest

import orggraph
from orggraph.output import book, dot, fit

from tests.helpers import BASE, PILOT, english_words, model_words
from tests.output.test_fit import fanout

pypdf = pytest.importorskip("pypdf")
needs_dot = pytest.mark.skipif(dot.dot_binary() is None, reason="Graphviz dot not installed")


def squeezed(text):
    return " ".join(text.split())


def read(path):
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return reader, [squeezed(p.extract_text()) for p in reader.pages]


@pytest.fixture(scope="module")
def can_tho_a4(tmp_path_factory):
    from click.testing import CliRunner
    from orggraph.cli import main
    out = tmp_path_factory.mktemp("book") / "can-tho.pdf"
    r = CliRunner().invoke(main, ["render", str(BASE), "--pages", "a4", "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out, r.stderr


@needs_dot
def test_page_count_size_headings_and_numbers(can_tho_a4):
    out, said = can_tho_a4
    reader, texts = read(out)
    n = len(reader.pages)
    assert f"tập {n} trang khổ A4" in said and n > 10  # the model says lang: vi
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (841.89, 595.28)
    for k, text in enumerate(texts):
        assert f"trang {k + 1}/{n}" in text
    assert "Thành ủy Cần Thơ › Quận ủy Thốt Nốt" in " ".join(texts)  # the path from the root
    assert "Thành ủy Cần Thơ › Quận ủy Ninh Kiều (phần 1/" in " ".join(texts)  # its 68 units


@needs_dot
def test_every_unit_of_the_model_is_on_some_page(can_tho_a4):
    out, _ = can_tho_a4
    _, texts = read(out)
    everything = " ".join(texts)
    m = orggraph.load(BASE)
    missing = [m.name_of(i) for i in range(len(m)) if squeezed(m.name_of(i)) not in everything]
    assert missing == []


@needs_dot
def test_the_overview_refers_and_links_to_the_pages(can_tho_a4):
    out, _ = can_tho_a4
    reader, texts = read(out)
    refs = re.findall(r"→ tr\. (\d+)", texts[0])
    assert refs  # the districts drawn in detail say where
    ninh_kieu = next(k for k, t in enumerate(texts) if t.startswith(
        "Thành ủy Cần Thơ › Quận ủy Ninh Kiều"))
    assert str(ninh_kieu + 1) in refs
    number = {p.indirect_reference.idnum: k for k, p in enumerate(reader.pages)}
    targets = {number[a.get_object()["/Dest"][0].idnum] for a in reader.pages[0]["/Annots"]}
    assert ninh_kieu in targets


@needs_dot
def test_a_book_of_a_46_and_a_200_wide_fan_out(tmp_path):
    m = fanout(200)
    for k in range(46):
        m.add_unit(f"x{k}", f"Chi bộ Tổ X số {k + 1}", "chi-bo-co-so", parent="x", members=4)
    data, pages = book.draw(m, fit.PAPERS["a3"])
    (tmp_path / "w.pdf").write_bytes(data)
    reader, texts = read(tmp_path / "w.pdf")
    assert len(reader.pages) == len(pages) >= 4
    assert "Đảng ủy Khối › Đảng bộ Khối A (part 1 of" in texts[1]
    everything = " ".join(texts)
    assert all(f"Chi bộ Tổ số {k + 1} " in everything for k in range(200))
    assert all(f"Chi bộ Tổ X số {k + 1} " in everything for k in range(46))
    for p, pdf_page in zip(pages, reader.pages):  # nothing scaled below 6/9
        size = fit.estimate(p.chart)
        assert fit.scale_on(size, fit.PAPERS["a3"]) >= 0.6


@needs_dot
def test_a_change_book_in_vietnamese_has_no_english_word(cli, tmp_path):
    out = tmp_path / "pilot.pdf"
    r = cli("render", PILOT, "--diff", BASE, "--pages", "a3", "--lang", "vi", "-o", out)
    assert r.code == 0, r
    reader, texts = read(out)
    everything = " ".join(texts)
    assert "thành lập mới" in everything and "thay đổi so với" in texts[0]
    m, base = orggraph.load(PILOT), orggraph.load(BASE)
    allowed = model_words(m) | model_words(base)
    assert english_words(everything, allowed) == []
    assert all(f"trang {k + 1}/{len(texts)}" in t for k, t in enumerate(texts))


@needs_dot
def test_an_english_book(cli, tmp_path):
    r = cli("render", BASE, "--pages", "a3", "--lang", "en", "--focus", "thot-not",
            "-o", tmp_path / "t.pdf")
    assert r.code == 0 and "a book of" in r.err
    _, texts = read(tmp_path / "t.pdf")
    assert "page 1 of" in texts[0] and "Quận ủy Thốt Nốt" in texts[0]


def test_a_book_is_one_pdf_and_refuses_fit(cli, tmp_path):
    r = cli("render", BASE, "--pages", "a4", "-o", tmp_path / "x.svg")
    assert r.code == 1 and "--pages writes one PDF" in r.err
    r = cli("render", BASE, "--pages", "a4", "--fit", "a3", "-o", tmp_path / "x.pdf")
    assert r.code == 1 and "leave out --fit" in r.err
