"""orggraph.output.report: the HTML report (issue: report)."""

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest

import orggraph
from orggraph.model import Model
from orggraph.output.report import build

from tests.helpers import BASE, PILOT, STAFFING


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.h2, self.external, self._in_h2 = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_h2 = tag == "h2"
        for k, v in attrs:
            if k in ("src", "href") and v and not v.startswith("#"):
                self.external.append(v)

    def handle_data(self, data):
        if self._in_h2 and data.strip():
            self.h2.append(data.strip())
            self._in_h2 = False


@pytest.fixture(scope="module")
def page():
    return build([BASE, PILOT, STAFFING])


def test_structure(page):
    o = Outline()
    o.feed(page)
    assert o.h2 == ["Plans", "Key changes", "Summary", "Span of the units that changed",
                    "Span distribution (managers per span bucket)", "Units per layer",
                    "Changes against the baseline", "Org charts", "Change log", "Findings"]
    assert o.external == [] and "script" not in o.tags  # self-contained, no JS
    assert o.tags.count("svg") >= 5
    assert "46 → <span class=\"down\">27</span>" in page
    assert "Quận ủy Thốt Nốt" in page
    assert page.count("<table") >= 1 and "@media print" in page


def test_vietnamese_labels():
    vi = build([BASE, PILOT], lang="vi", charts=False)
    assert "So sánh các phương án" in vi and "Nhật ký thay đổi" in vi
    assert 'lang="vi"' in vi


def test_hostile_names_are_text(tmp_path):
    m = Model(title="</script><script>alert(1)</script>")
    m.add_unit("r", "<img src=x onerror=alert(1)>", "x")
    m.add_unit("a", "</script><script>alert(2)</script> & \"q\"", "x", parent="r")
    base = tmp_path / "a.yaml"
    orggraph.save(m, base)
    other = m.copy()
    other.add_unit("b", "<svg onload=alert(3)>", "x", parent="r")
    plan = tmp_path / "b.yaml"
    orggraph.save(other, plan)
    html = build([base, plan], focus=["r"])
    assert "<script>" not in html and "<img" not in html and "<svg onload" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(2)" in html  # drawn as text in the chart


def test_cli_writes_report(cli, tmp_path):
    out = tmp_path / "r.html"
    r = cli("report", BASE, PILOT, "-o", out, "--no-charts")
    assert r.code == 0 and out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert cli("report", BASE, PILOT, "-o", BASE).code == 1


def png_is_not_blank(data):
    """Decode the PNG's pixels and check they are not all one colour."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    return len(set(raw[:200_000])) > 10


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (scripts/setup.sh --test)")
def test_end_to_end_in_chromium(tmp_path):
    out = tmp_path / "report.html"
    orggraph.report([BASE, PILOT, STAFFING], out)
    profile = tmp_path / "profile"
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                          out.as_uri()], capture_output=True, text=True, timeout=120).stdout
    text = re.sub(r"<[^>]+>", " ", dom)
    text = re.sub(r"\s+", " ", text)
    assert "46 → 27" in text and "68 → 26" in text
    for name in ("Quận ủy Thốt Nốt", "Đảng bộ Cơ quan Đảng, đoàn thể quận Thốt Nốt",
                 "Thí điểm Đảng bộ CQĐĐT và CQCQ quận Ninh Kiều và Thốt Nốt"):
        assert name in text
    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}",
                    "--window-size=1200,1600", out.as_uri()], capture_output=True, timeout=120)
    assert png_is_not_blank(shot.read_bytes())
