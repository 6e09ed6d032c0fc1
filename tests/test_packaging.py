"""symkl is typed (PEP 561): ``symkl/py.typed`` is in the package and in the wheel that ``pip install`` builds, and
the licence the metadata declares is the one in LICENSE."""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path

import pytest

import symkl

ROOT = Path(__file__).resolve().parent.parent


def test_the_package_is_marked_typed():
    assert (Path(symkl.__file__).parent / "py.typed").is_file()


def test_the_wheel_ships_py_typed(tmp_path: Path):
    """Build the wheel with the project's own backend (hatchling, in the test extra) and look inside."""
    builders = pytest.importorskip("hatchling.builders.wheel")
    builder = builders.WheelBuilder(str(ROOT))
    wheel = Path(next(iter(builder.build(directory=str(tmp_path), versions=["standard"]))))
    names = zipfile.ZipFile(wheel).namelist()
    assert "symkl/py.typed" in names
    assert "symkl/__init__.py" in names
    assert not any(name.startswith(("tests/", "docs/")) for name in names)


def test_the_declared_licence_is_the_license_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
