"""Sphinx configuration of the symkl site: MyST pages, myst-nb tutorials executed at build time, autodoc with
napoleon (numpy style) for the reference, and two pages generated from symkl itself at every build (the
catalogue of proved results, the command line's help). Build with warnings as errors:

    pip install -e ".[docs]" && sphinx-build -W -b html docs docs/_build/html
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import symkl  # noqa: E402

project = "symkl"
author = "the symkl authors"
copyright = "the symkl authors, MIT licence"
release = symkl.__version__
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "symkl_pages",
]

# MyST: $...$ and $$...$$ math, ::: fences, definition lists, anchors for headings (cross-page links)
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
myst_dmath_double_inline = True

# myst-nb: every tutorial runs at every build (nothing is cached across runs); a cell that raises fails the build
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "_ext", "jupyter_execute", ".jupyter_cache", "**.ipynb_checkpoints"]

# autodoc + napoleon: numpy-style Parameters / Returns / Raises / Examples sections
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_param = True

html_theme = "furo"
html_title = f"symkl {release}"
html_show_sourcelink = False
html_static_path = ["_static"]
html_css_files = ["symkl.css"]

# MathJax 3 renders the site's math (from its CDN); tests/test_docs.py also renders every formula with KaTeX and
# MathJax 3. For a site that works offline, point SYMKL_DOCS_MATHJAX at a local MathJax 3 file such as
# node_modules/mathjax-full/es5/tex-svg.js: it is copied next to the pages and used instead of the CDN.
mathjax3_config = {"tex": {"tags": "none"}}
_local_mathjax = os.environ.get("SYMKL_DOCS_MATHJAX")
if _local_mathjax:
    html_static_path.append(str(Path(_local_mathjax).resolve()))  # a file: Sphinx copies it into _static
    mathjax_path = Path(_local_mathjax).name

# "more than one target" for a type named in a Parameters section (Distribution is also a name in prover.bound):
# the link goes to one of them, which is not worth failing the build for
suppress_warnings = ["mystnb.unknown_mime_type", "ref.python"]
nitpicky = False
