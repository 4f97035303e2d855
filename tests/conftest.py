"""Fixtures for every test below tests/: cli, sh, and the repository as working folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from orggraph import i18n
from orggraph.cli import main

from tests.helpers import ROOT


class Result:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return f"<exit {self.code}\nstdout: {self.out}\nstderr: {self.err}>"


@pytest.fixture
def cli():
    """Run the orggraph command in-process; returns exit code, stdout, stderr."""
    def run(*args):
        r = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        return Result(r.exit_code, r.stdout, r.stderr)
    return run


@pytest.fixture
def sh():
    """Run the installed console script in a real process."""
    def run(*args, cwd=ROOT):
        exe = Path(sys.executable).parent / "orggraph"
        args = [str(a) for a in args]
        if i18n.given() and args and not args[0].startswith("-") and "--lang" not in args:
            args[1:1] = ["--lang", i18n.current()]  # as in-process: see _english
        p = subprocess.run([str(exe), *args], capture_output=True, text=True,
                           cwd=cwd, env={**os.environ, "PYTHONUTF8": "1"})
        return Result(p.returncode, p.stdout, p.stderr)
    return run


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True)
def _english():
    """Tests read English unless they ask for another language (``--lang``,
    :func:`orggraph.i18n.language`) or take :func:`natural_language`: the bundled
    models say ``lang: vi``."""
    with i18n.language("en"):
        yield


@pytest.fixture
def natural_language(_english, monkeypatch):
    """The language as a user meets it: the model's, else the environment's (none)."""
    for var in ("ORGGRAPH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    token = i18n._STATE.set(None)
    i18n.refresh_environment()
    yield
    i18n._STATE.reset(token)
    i18n.refresh_environment()
