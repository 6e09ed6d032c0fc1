"""Pages generated from symkl at every build, so they cannot drift from the code:

* ``generated/catalogue.md``: every result of :data:`symkl.proof.identities.CATALOGUE`, its statement, its
  source, its methods and its proof, rendered from the kernel's derivation (or the page saying why it is
  checked only);
* ``generated/cli.md``: ``symkl --help`` and every subcommand's ``--help``, from the real argument parser.

The folder ``docs/generated`` is rewritten at every build and is not committed.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "generated"


def _write(name: str, text: str) -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / name
    if not path.exists() or path.read_text() != text:  # untouched files keep Sphinx from re-reading them
        path.write_text(text)


def _inline(tex: str) -> str:
    """Inline math as a {math} role: symkl's LaTeX may hold ``\\text{p(y$\\vert$x)}``, whose inner dollars
    would end a ``$...$``; pipes are written ``\\vert`` so that a table cell is not split."""
    return "{math}`" + tex.replace("|", "\\vert ") + "`"


def catalogue_page() -> str:
    import symkl as sk
    from symkl.proof.identities import identities
    from symkl.render.folder import derivations

    entries = {entry.name: entry for entry in identities()}
    proofs = dict(derivations(n=2))
    lines = [
        "# The catalogue of results",
        "",
        "Generated from `symkl.proof.identities` when this site was built: every named result, its source, "
        "the methods `sk.verify` runs on it, and its derivation at n = 2 as the proof kernel produced it "
        "(`sk.derive_identity(name)`). A result the kernel does not prove says so and lists what was checked "
        "instead; such a page has no proved row. `symkl verify NAME` and `sk.verify(NAME)` give the same "
        "verdicts; `symkl derive --all --out derivations` writes these pages as `.tex` and `.md`.",
        "",
        f"{len(entries)} results. In each derivation a row's justification names the kernel rule that "
        "checked it (in brackets: `unfold`, `rewrite`, `combine`, ...).",
        "",
        "| name | statement | source | methods |",
        "|---|---|---|---|",
    ]
    for entry in entries.values():
        statement = sk.latex(entry.statement(entry.size(2)))
        methods = ", ".join(entry.methods)
        lines.append(f"| {{ref}}`{entry.name} <{entry.name}>` | {_inline(statement)} | {entry.source} | {methods} |")
    lines += ["", "## Results, with their proofs", ""]
    for name, entry in entries.items():
        markdown = proofs[name].to_markdown().strip()
        first, _, rest = markdown.partition("\n")
        title = first.split(": ", 1)[1].strip() if ": " in first else ""
        lines += [
            f"({name})=",
            f"### {name}",
            "",
            _inline(title[1:-1]) if title.startswith("$") and title.endswith("$") else title,
            "",
            f"*Statement as typed:* `{entry.text}`. *Methods:* {', '.join(entry.methods)}.",
            rest.strip(),
            "",
        ]
    return "\n".join(lines) + "\n"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def cli_page() -> str:
    from symkl.cli.main import build_parser

    os.environ["COLUMNS"] = "100"  # argparse wraps to the terminal: fix the width so the page is reproducible
    parser = build_parser()
    lines = [
        "# The command line",
        "",
        "`symkl` and `python -m symkl` are the same program. This page is generated from its argument parser "
        "at every build: the help of the program and of every subcommand, exactly as `--help` prints them.",
        "",
        "Exit codes: 0 success (for `prove`: proved), 1 a failed verification or a refuted statement, 2 bad "
        "input (one line `symkl: error: ...` on stderr, never a traceback), 3 for `prove`: not provable by "
        "Shannon-type inequalities, unknown, checked only, or past `--timeout`.",
        "",
        "## `symkl --help`",
        "",
        "```text",
        parser.format_help().rstrip(),
        "```",
        "",
    ]
    for name, sub in _subcommands(parser).items():
        lines += [f"## `symkl {name}`", "", "```text", sub.format_help().rstrip(), "```", ""]
    return "\n".join(lines)


#: The subpackages of the reference, in the order of the layers (top first), with what each owns.
SUBPACKAGES = {
    "cli": "the `symkl` command: the parser, one module per group of subcommands",
    "render": "what symkl shows: worked answers, the `derivations/` folder, information diagrams",
    "prover": "linear information inequalities: grammar, LP, exact certificates, copies, search, bounds",
    "proof": "the trusted kernel (the only maker of Theorems), its algebra, lemmas, derivations, the catalogue",
    "numeric": "float arrays with the exact conventions, `lambdify`, cross-checks, torch-style losses",
    "continuous": "closed forms of `sympy.stats` families, derived by SymPy and checked",
    "statements": "the language of statements: unevaluated measures, H(X|Y), I(X;Y|Z), evaluation",
    "exact": "exact numbers and measures: terms (0 log 0), parsing, printing, canonical form, measures",
}
#: Section titles of the facade page, by the module that defines the names.
FACADE_GROUPS = {
    "symkl.exact.distribution": "Distributions",
    "symkl.exact.measures": "Measures",
    "symkl.exact.generalised": "Generalised measures",
    "symkl.exact.multivariate": "Multivariate measures",
    "symkl.exact.channels": "Channels",
    "symkl.exact.chernoff": "Generalised measures",
    "symkl.exact.terms": "Elementwise terms (the conventions)",
    "symkl.exact.canonical": "Exact form, comparison and digits",
    "symkl.exact.ranking": "Ranking models",
    "symkl.exact.printing": "Printing",
    "symkl.statements.evaluation": "Exact form, comparison and digits",
    "symkl.statements.unevaluated": "Unevaluated measures (statements)",
    "symkl.statements.generalised": "Unevaluated measures (statements)",
    "symkl.statements.multivariate": "Unevaluated measures (statements)",
    "symkl.numeric.lambdify": "Numerics",
    "symkl.numeric.crosscheck": "Numerics",
    "symkl.proof.verification": "Proofs and verification",
    "symkl.proof.derivation": "Derivations",
    "symkl.prover.engine": "Proofs and verification",
    "symkl.prover.api": "Proofs and verification",
    "symkl.prover.bound": "Proofs and verification",
    "symkl.render.worked": "Derivations",
    "symkl.render.idiagram": "Information diagrams",
    "symkl.errors": "Errors",
}


def _public_modules(package: str) -> list[str]:
    import importlib
    import pkgutil

    module = importlib.import_module(package)
    names = []
    for info in pkgutil.iter_modules(module.__path__):
        if info.name.startswith("_"):
            continue
        child = importlib.import_module(f"{package}.{info.name}")
        if getattr(child, "__all__", None):
            names.append(child.__name__)
    return names


def facade_page() -> str:
    import inspect

    import symkl

    groups: dict[str, list[str]] = {}
    modules: list[str] = []
    for name in sorted(symkl.__all__, key=str.lower):
        value = getattr(symkl, name)
        if inspect.ismodule(value):
            modules.append(name)
            continue
        home = getattr(value, "__module__", "") or ""
        if home == "symkl.prover" or home.startswith("symkl.prover."):
            home = home if home in FACADE_GROUPS else "symkl.prover.api"
        groups.setdefault(FACADE_GROUPS.get(home, "Other"), []).append(name)
    order = [*list(dict.fromkeys(FACADE_GROUPS.values())), "Other"]
    lines = [
        "# `symkl`: the facade",
        "",
        "`import symkl as sk` gives every name on this page (`symkl.__all__`, generated from it at build "
        "time). Heavy parts (the catalogue, the prover, derivations, numerics, diagrams) load on first use. "
        "Every measure returns an exact SymPy expression in nats unless `base=` is given; the conventions "
        "are on {doc}`../conventions`.",
        "",
        "Modules reached from the facade: "
        + ", ".join(f"`sk.{m}` (`{getattr(symkl, m).__name__}`)" for m in modules)
        + ".",
        "",
    ]
    for group in order:
        if group not in groups:
            continue
        lines += [f"## {group}", "", "```{eval-rst}"]  # autodoc writes reST: it must be parsed as reST
        for name in groups[group]:
            kind = "autoclass" if inspect.isclass(getattr(symkl, name)) else "autofunction"
            if type(getattr(symkl, name)).__name__ == "FunctionClass":
                kind = "autofunction"
            lines += [f".. {kind}:: symkl.{name}", ""]
        lines += ["```", ""]
    return "\n".join(lines)


def subpackage_page(name: str) -> str:
    import importlib

    package = importlib.import_module(f"symkl.{name}")
    lines = [f"# `symkl.{name}`", "", f"{SUBPACKAGES[name][0].upper()}{SUBPACKAGES[name][1:]}.", ""]
    if getattr(package, "__all__", None):  # its names are indexed where their modules document them
        lines += ["```{eval-rst}", f".. automodule:: symkl.{name}", "   :members:", "   :no-index:", "```", ""]
    else:
        lines += ["```{eval-rst}", f".. automodule:: symkl.{name}", "```", ""]
    for module in _public_modules(f"symkl.{name}"):
        lines += [f"## `{module}`", "", "```{eval-rst}", f".. automodule:: {module}", "   :members:", "```", ""]
    return "\n".join(lines) + "\n"


def generate(app: Any, config: Any) -> None:
    _write("catalogue.md", catalogue_page())
    _write("cli.md", cli_page())
    _write("api.md", facade_page())
    for name in SUBPACKAGES:
        _write(f"api-{name}.md", subpackage_page(name))


def plain_bars(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    """Docstrings write |x| for an absolute value, |X| for a size and p(x|y) for a conditional, as
    mathematicians do; reST would read the bars as substitutions. Escape every bar in running text (outside
    ``literals``, doctest blocks and literal blocks; docstrings use no tables or line blocks)."""
    doctest = False
    literal_indent: int | None = None
    after_colons = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not stripped:
            doctest = False
            continue
        if literal_indent is not None and indent <= literal_indent:
            literal_indent = None
        if after_colons and literal_indent is None:
            literal_indent = indent - 1
        if stripped.startswith(">>>"):
            doctest = True
        after_colons = False
        if stripped.endswith("::") and not doctest:
            after_colons = True
            literal_indent = None
        if doctest or (literal_indent is not None and not after_colons):
            continue
        parts = line.split("``")
        for at in range(0, len(parts), 2):
            parts[at] = parts[at].replace("|", "\\|")
        lines[index] = "``".join(parts)


def environments_unwrapped(app: Any, doctree: Any) -> None:
    """A display that is already an environment (symkl's derivations are ``align*``) is written as it is:
    Sphinx would wrap a block holding ``\\\\`` in ``split``, and ``align*`` inside ``split`` is an error in
    MathJax 3 and KaTeX."""
    from docutils import nodes

    for block in doctree.findall(nodes.math_block):
        if block.astext().lstrip().startswith("\\begin{"):
            block["nowrap"] = True


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-read", environments_unwrapped)
    app.connect("config-inited", generate)
    app.connect("autodoc-process-docstring", plain_bars)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
