"""Fixtures for every test below tests/: cli, sh, and the repository as working folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

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
        p = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True,
                           cwd=cwd, env={**os.environ, "PYTHONUTF8": "1"})
        return Result(p.returncode, p.stdout, p.stderr)
    return run


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch):
    monkeypatch.chdir(ROOT)
