"""The limit variables that cannot be used (orggraph.limits.problems) are said in the
language in force when the command line reports them (issue 17): the environment's,
since they are read before any command's --lang."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from orggraph import i18n, limits

from tests.helpers import BASE, english_words


def test_problems_are_put_in_words_when_they_are_reported(monkeypatch):
    monkeypatch.setattr(limits, "_PROBLEMS", {})
    monkeypatch.setenv("ORGGRAPH_MAX_COUNT", "nhiều")
    assert limits._env("ORGGRAPH_MAX_COUNT", 5, 100) == 5  # read once, as the module does
    monkeypatch.setenv("ORGGRAPH_MAX_CSV_COLUMNS", "0")
    limits._env("ORGGRAPH_MAX_CSV_COLUMNS", 5, 10**6)
    with i18n.language("vi"):
        vi = limits.problems()
    assert vi == ["biến môi trường ORGGRAPH_MAX_COUNT='nhiều': 'nhiều' không phải là số nguyên; "
                  "hãy bỏ biến này hoặc đặt một số nguyên",
                  "biến môi trường ORGGRAPH_MAX_CSV_COLUMNS='0': 0 không nằm trong khoảng từ 1 "
                  "đến 1.000.000; hãy bỏ biến này hoặc đặt một số nguyên"]
    assert english_words(" ".join(vi), ["ORGGRAPH_MAX_COUNT", "ORGGRAPH_MAX_CSV_COLUMNS"]) == []
    with i18n.language("en"):
        assert limits.problems()[1] == (
            "environment variable ORGGRAPH_MAX_CSV_COLUMNS='0': 0 is not between 1 and "
            "1,000,000; unset it or give a whole number")


@pytest.mark.parametrize("lang, said", [
    ("vi", "lỗi: biến môi trường ORGGRAPH_MAX_COUNT='abc': 'abc' không phải là số nguyên"),
    ("en", "error: environment variable ORGGRAPH_MAX_COUNT='abc': 'abc' is not a whole number"),
])
def test_the_command_line_says_them_in_the_environments_language(lang, said):
    exe = Path(sys.executable).parent / "orggraph"
    env = {**os.environ, "ORGGRAPH_MAX_COUNT": "abc", "ORGGRAPH_LANG": lang}
    p = subprocess.run([str(exe), "validate", str(BASE)], capture_output=True, text=True,
                       env=env, timeout=60)
    assert p.returncode == 1 and p.stderr.startswith(said), p.stderr
