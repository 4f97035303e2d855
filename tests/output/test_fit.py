"""orggraph.output.fit: charts that fit a page (issue 18, item 2)."""

import io

import pytest

import orggraph
from orggraph.model import Model
from orggraph.output import dot, fit

from tests.helpers import BASE, english_words, model_words

pypdf = pytest.importorskip("pypdf")
needs_dot = pytest.mark.skipif(dot.dot_binary() is None, reason="Graphviz dot not installed")
A3, A4 = fit.PAPERS["a3"], fit.PAPERS["a4"]


def fanout(n, lang=None):
    """A committee with ``n`` cells under one of its two organisations."""
    m = Model(title=f"{n} chi bộ", as_of="2024-05-01", profile="cpv")
    m.lang = lang
    m.add_unit("r", "Đảng ủy Khối", "tinh-uy")
    m.add_unit("a", "Đảng bộ Khối A", "dang-bo-co-so", parent="r")
    m.add_unit("x", "Đảng bộ Khối X", "dang-bo-co-so", parent="r", members=5)
    for k in range(n):
        m.add_unit(f"a{k}", f"Chi bộ Tổ số {k + 1}", "chi-bo-co-so", parent="a", members=k % 9 + 3)
    return m


def pdf_pages(data):
    return pypdf.PdfReader(io.BytesIO(data)).pages


@needs_dot
@pytest.mark.parametrize("n", [46, 200])
def test_the_overview_of_a_wide_fan_out_fits_a3_with_a_note(n):
    m = fanout(n)
    for focus in (None, "a"):  # the whole model, and the fan-out's own chart
        data, chart, problem = fit.draw(m, "pdf", A3, focus=focus)
        page = pdf_pages(data)[0]
        assert problem is None and [float(v) for v in page.mediabox] == [0, 0, A3.width,
                                                                           A3.height]
        svg = dot.draw(chart, "svg")
        assert fit.scale_on(dot.size_of(svg, "svg"), A3) >= 6 / 9
        text = " ".join(page.extract_text().split())
        if focus is None and n == 200:  # the default depth (60 units) collapsed it
            assert "levels below 1 collapsed" in text
        elif n == 200:  # too many cells for columns legible on A3: summarised, and said so
            assert "fan-outs over 48 summarised by type" in text
            assert f"{n} × Chi bộ cơ sở: {n} units" in text
        else:  # 46 cells in stacked columns print legibly on A3: all drawn, nothing said
            assert "summarised" not in text and "collapsed" not in text
            assert all(f"Chi bộ Tổ số {k + 1} " in text for k in range(n))


@needs_dot
def test_without_fitting_the_strip_would_print_too_small():
    chart = orggraph.output.chart.plan(fanout(200), focus="a")
    size = dot.size_of(dot.draw(chart, "svg"), "svg")
    assert fit.scale_on(size, A3) < 6 / 9 and not fit.legible(chart, size, A3)


@needs_dot
def test_the_estimate_is_near_what_graphviz_draws():
    m = orggraph.load(BASE)
    for options in ({}, {"focus": "thot-not"}, {"depth": 2}, {"focus": "ninh-kieu"}):
        chart = orggraph.output.chart.plan(m, **options)
        est = fit.estimate(chart)
        real = dot.size_of(dot.draw(chart, "svg"), "svg")
        assert 0.75 < real[0] / est[0] < 1.15 and 0.8 < real[1] / est[1] < 1.2, options


@needs_dot
def test_cli_fit_paper_sizes_and_formats(cli, tmp_path):
    for paper, sheet in (("a4", A4), ("a3", A3)):
        out = tmp_path / f"c-{paper}.pdf"
        r = cli("render", BASE, "--fit", paper, "-o", out)
        assert r.code == 0, r
        page = pdf_pages(out.read_bytes())[0]
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (sheet.width,
                                                                              sheet.height)
    r = cli("render", BASE, "--focus", "thot-not", "-o", tmp_path / "t.svg")  # default: a3
    svg = (tmp_path / "t.svg").read_bytes()
    assert r.err.splitlines()[0] == ("note: fan-outs over 24 summarised by type; --pages a3 "
                                     "prints every unit")
    assert r.code == 0 and "46 × " not in svg.decode() and "35 × Chi bộ cơ sở" in svg.decode()
    assert fit.scale_on(dot.size_of(svg, "svg"), A3) >= 6 / 9  # drawn at its own size
    r = cli("render", BASE, "--focus", "thot-not", "--fit", "none", "-o", tmp_path / "n.pdf")
    page = pdf_pages((tmp_path / "n.pdf").read_bytes())[0]
    assert float(page.mediabox.width) > 2000  # the drawing's size, every stacked cell


@needs_dot
def test_explicit_options_are_honoured_and_the_reader_told(cli, tmp_path):
    r = cli("render", BASE, "--depth", "2", "--collapse-over", "200", "-o", tmp_path / "x.pdf")
    assert r.code == 0
    assert "note: the chart is" in r.err and "--pages a3 prints it legibly" in r.err
    text = pdf_pages((tmp_path / "x.pdf").read_bytes())[0].extract_text()
    assert "Đảng bộ phường An Khánh" in text  # depth 2 drawn as asked


@needs_dot
def test_the_note_in_vietnamese_has_no_english_word(cli, tmp_path):
    m = fanout(200, lang="vi")
    data, chart, _ = fit.draw(m, "pdf", A3, focus="a", lang="vi")
    text = " ".join(pdf_pages(data)[0].extract_text().split())
    assert "gộp theo loại các nhóm quá 48 đơn vị trực thuộc" in text
    assert english_words(text, model_words(m)) == []
    r = cli("render", BASE, "--focus", "thot-not", "--lang", "vi", "-o", tmp_path / "t.pdf")
    assert r.err.splitlines()[0] == ("lưu ý: gộp theo loại các nhóm quá 24 đơn vị trực thuộc; "
                                     "--pages a3 in đủ mọi đơn vị")


def test_a_change_chart_is_drawn_as_the_options_say():
    """Fitting a change chart would hide the changes it is for: it is not fitted."""
    pilot, base = orggraph.load("models/scenarios/pilot-2011.yaml"), orggraph.load(BASE)
    chart = fit.fitted(pilot, A3, focus="thot-not", base=base).chart
    assert chart == orggraph.output.chart.plan(pilot, focus="thot-not", base=base)
    assert any(n.status == "moved" for n in chart.nodes)
