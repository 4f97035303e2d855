"""Starting files in the reader's language (orggraph.schemas.starter; issue 17): their
comments come from the catalog, a Vietnamese model says ``lang: vi`` so that what is made
of it is Vietnamese too, and the English files are as they were."""

import re

import pytest

import orggraph
from orggraph.io.yamlio import loads
from orggraph.schemas import COMMENTS, STARTERS

from tests.helpers import english_words, schema_errors

#: The keys, values and commands a starting file's comments name as they are written.
WRITTEN = ["orggraph", "validate", "apply", "compare", "log", "children", "parent", "sector",
           "cpv", "model.yaml", "plan.yaml", "yaml"]


def comments(text):
    return "\n".join(re.findall(r"#(?! yaml-language-server)(.*)", text))


@pytest.mark.parametrize("kind", ["model", "scenario"])
def test_a_vietnamese_starting_file_has_no_english_comment(cli, tmp_path, kind):
    out = tmp_path / ("model.yaml" if kind == "model" else "plan.yaml")
    if kind == "scenario":
        assert cli("new", "model", "-o", tmp_path / "model.yaml", "--lang", "vi").code == 0
    r = cli("new", kind, "-o", out, "--lang", "vi")
    assert r.code == 0 and r.err.startswith("đã ghi ")
    text = out.read_text("utf-8")
    assert english_words(comments(text), WRITTEN) == [], comments(text)
    assert len(comments(text)) > 100  # the comments are there, translated
    data = loads(text, str(out))
    assert (data.get("lang") == "vi") == (kind == "model")
    assert schema_errors(out) == []
    if kind == "scenario":
        assert cli("validate", out).code == 0
        assert "Chạy thử: `orggraph apply plan.yaml --log`; so sánh: `orggraph compare " \
               "model.yaml plan.yaml`." in text


def test_the_english_starting_files_are_as_they_were(cli, tmp_path):
    for kind in ("model", "scenario"):
        out = tmp_path / f"{kind}.yaml"
        assert cli("new", kind, "-o", out, "--lang", "en").code == 0
        assert out.read_text("utf-8") == STARTERS[kind].format(name=out.name, base="model.yaml")


def test_every_comment_of_the_starters_is_translated():
    """A comment added to STARTERS but not to COMMENTS would stay English."""
    for kind, text in STARTERS.items():
        left = text
        for comment in COMMENTS:
            left = left.replace(comment.replace("\n", "\n# "), "")
        assert re.findall(r"#(?! yaml-language-server)[ \t]*\w.*", left) == [], kind
