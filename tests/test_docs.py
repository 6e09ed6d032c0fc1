"""The documentation site as built: every formula on every page renders in KaTeX and MathJax 3 (the render
check of tests/test_render.py, with the real renderers), the tutorials carry executed output, and every
public name of the facade has a reference entry with a Parameters section.

The site is built by ``sphinx-build -W --keep-going -b html docs docs/_build/html`` (CI builds it before the
tests); without ``docs/_build/html`` these tests skip.
"""

from __future__ import annotations

import html
import inspect
import re
from pathlib import Path

import pytest
from test_render import _render

import symkl as sk

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "docs" / "_build" / "html"

pytestmark = pytest.mark.skipif(not (SITE / "index.html").is_file(), reason="the docs are not built (docs/_build/html)")

#: Sphinx writes math as <div class="math ...">\[ ... \]</div> (or a bare environment)
#: and <span class="math ...">\( ... \)</span>
_MATH = re.compile(r'<(div|span) class="math notranslate nohighlight"[^>]*>(.*?)</\1>', re.DOTALL)


def _pages() -> list[Path]:
    return sorted(
        path for path in SITE.rglob("*.html") if "_modules" not in path.parts and path.name != "genindex.html"
    )


def _formulas() -> dict[str, str]:
    formulas: dict[str, str] = {}
    for page in _pages():
        for index, match in enumerate(_MATH.finditer(page.read_text(encoding="utf-8"))):
            tex = html.unescape(match.group(2)).strip()
            for opening, closing in ((r"\[", r"\]"), (r"\(", r"\)")):
                if tex.startswith(opening) and tex.endswith(closing):
                    tex = tex[len(opening) : -len(closing)].strip()
            formulas[f"{page.relative_to(SITE)} #{index}"] = tex
    return formulas


def test_every_formula_on_the_site_renders_in_katex_and_mathjax():
    formulas = _formulas()
    assert len(formulas) >= 300  # the catalogue alone has a derivation per result
    results = _render(formulas)
    failures = {
        name: (formulas[name][:200], result)
        for name, result in results.items()
        if result != {"katex": "ok", "mathjax": "ok"}
    }
    assert failures == {}


def test_the_site_has_its_pages_and_executed_tutorials():
    pages = [page for page in _pages() if page.name not in {"search.html", "py-modindex.html"}]
    assert len(pages) >= 12
    tutorials = sorted((SITE / "tutorials").glob("*.html"))
    assert len(tutorials) >= 6
    for page in tutorials:
        text = page.read_text(encoding="utf-8")
        assert text.count('class="cell_output') >= 5, page.name  # executed at build time, outputs kept
        assert "Traceback (most recent call last)" not in text, page.name
    catalogue = (SITE / "generated" / "catalogue.html").read_text(encoding="utf-8")
    from symkl.proof.identities import CATALOGUE

    assert all(f'id="{name}"' in catalogue for name in CATALOGUE)
    cli = (SITE / "generated" / "cli.html").read_text(encoding="utf-8")
    assert all(f"usage: symkl {command}" in cli for command in ("kl", "entropy", "compare", "mi", "prove", "bound"))


def _entry(page: str, name: str) -> str:
    """The HTML of one autodoc entry: from its anchor to the next entry of the same level."""
    start = page.index(f'id="symkl.{name}"')
    end = page.find('<dl class="py ', start + 1)
    return page[start : end if end != -1 else len(page)]


def test_every_public_name_has_a_reference_entry_with_parameters():
    page = (SITE / "generated" / "api.html").read_text(encoding="utf-8")
    missing = [
        name for name in sk.__all__ if not inspect.ismodule(getattr(sk, name)) and f'id="symkl.{name}"' not in page
    ]
    assert missing == []
    callables = [
        name
        for name in sk.__all__
        if callable(getattr(sk, name))
        and not (inspect.isclass(getattr(sk, name)) and issubclass(getattr(sk, name), Exception))
    ]
    without = [name for name in callables if ">Parameters<" not in _entry(page, name)]
    assert without == []
