"""Compile the translation catalogs (orggraph/locale/*/LC_MESSAGES/orggraph.po → orggraph.mo)
whenever the package is built or installed, editable installs included; everything
else about the package is in pyproject.toml."""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithCatalogs(build_py):
    def run(self):
        spec = importlib.util.spec_from_file_location("catalogs", HERE / "scripts" / "catalogs.py")
        catalogs = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogs)
        catalogs.compile_all()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogs})
