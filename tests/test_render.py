"""Everything symkl shows for a page or a notebook renders in KaTeX and MathJax 3 (the renderers of Jupyter,
GitHub and VS Code), checked with the real renderers (npm packages katex and mathjax-full, run by node).

The corpus: the $$ blocks of every committed derivations/*.md, the worked answers' and catalogued derivations'
``_repr_latex_``, and ``_repr_latex_`` of verification results and of prover results of every verdict.
CI installs the renderers (.ci/run: npm install into a cache folder, NODE_PATH set); elsewhere the test skips
when they are missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import symkl as sk

ROOT = Path(__file__).resolve().parent.parent
CHECK = Path(__file__).resolve().parent / "render" / "check.js"


def _renderers() -> list[str]:
    node = shutil.which("node")
    modules = os.environ.get("NODE_PATH", "")
    if node is None or not all((Path(folder) / "katex").is_dir() for folder in modules.split(os.pathsep) if folder):
        if os.environ.get("CI"):
            pytest.fail("node with katex and mathjax-full is missing in CI: .ci/run must install them")
        pytest.skip("node, katex and mathjax-full are not installed (npm install katex mathjax-full; NODE_PATH)")
    if not modules:
        pytest.skip("NODE_PATH does not point at the node_modules holding katex and mathjax-full")
    return [node, str(CHECK)]


def _render(snippets: dict[str, str]) -> dict[str, dict[str, str]]:
    command = _renderers()
    bodies = [body.strip().removeprefix("$$").removesuffix("$$") for body in snippets.values()]
    done = subprocess.run(command, input=json.dumps(bodies), capture_output=True, text=True, check=True, timeout=600)
    return dict(zip(snippets, json.loads(done.stdout)))


def _corpus() -> dict[str, str]:
    snippets: dict[str, str] = {}
    for path in sorted((ROOT / "derivations").glob("*.md")):
        for index, block in enumerate(re.findall(r"\$\$\n(.*?)\n\$\$", path.read_text(), re.DOTALL)):
            snippets[f"{path.name} block {index}"] = block
    A = sk.Distribution(["1/2", "1/2"], name="A")
    B = sk.Distribution(["1/4", "3/4"], name="B")
    snippets["derive_kl"] = sk.derive_kl(A, B, base=2)._repr_latex_()
    snippets["derive_entropy"] = sk.derive_entropy(A)._repr_latex_()
    snippets["derive_js"] = sk.derive_js(A, B, base=2)._repr_latex_()
    snippets["a distribution"] = A._repr_latex_()
    snippets["outcomes named by words"] = sk.Distribution({"sun": "1/3", "rain_2": "2/3"}, name="W")._repr_latex_()
    snippets["a long distribution"] = sk.uniform(30)._repr_latex_()
    snippets["a joint table"] = sk.JointDistribution([["1/8", "1/8"], ["1/4", "1/2"]], names=("X", "Y"))._repr_latex_()
    snippets["a long joint table"] = sk.JointDistribution([["1/32"] * 4] * 8, names=("X", "Y"))._repr_latex_()
    snippets["names that are not identifiers"] = sk.JointDistribution(
        [["1/2", 0], [0, "1/2"]], names=("<script>", "a{b}$_%")
    )._repr_latex_()
    snippets["a distribution named with specials"] = sk.Distribution({"x&y": 1}, name="a{b}$")._repr_latex_()
    C = sk.Distribution(["1/8", "7/8"], name="C")
    ranking = sk.rank(A, [C, B, sk.Distribution([1, 0], name="Z")], base=2)
    snippets["a ranking"] = ranking._repr_latex_()
    snippets["a ranked model"] = ranking[0]._repr_latex_()
    snippets["a ranking by a measure without a unit"] = sk.rank(A, [C, B], measure=sk.total_variation)._repr_latex_()
    snippets["a ranking by cross-entropy"] = sk.rank(A, [C, B], measure=sk.cross_entropy)._repr_latex_()
    snippets["verify gibbs"] = sk.verify("gibbs", samples=2)._repr_latex_()
    snippets["verify pinsker (checked only)"] = sk.verify("pinsker", samples=2)._repr_latex_()
    cases = [
        ("I(X;Z) <= I(X;Y)", ["X -> Y -> Z"], None),  # proved, with a derivation
        ("I(X;Z) <= I(X;Y)", [], None),  # refuted, with a table
        ("I(A;B) <= I(A;B|C) + I(A;B|D) + I(C;D)", [], None),  # not Shannon-type, with a witness
        ("D(P||Q) >= 0", [], 2),  # proved in distribution mode
        ("D(P||Q) >= 1/1000 D(Q||P)", [], 2),  # checked only
        ("H(X,Y) = H(X) + H(Y|X)", [], None),  # an equality
    ]
    for statement, given, n in cases:
        result = sk.prove(statement, given=given, n=n)
        snippets[f"prove {statement} ({result.verdict})"] = result._repr_latex_()
    return snippets


def test_everything_shown_renders_in_katex_and_mathjax():
    corpus = _corpus()
    assert len(corpus) >= 45  # the committed folder has a block per proved identity, plus the worked example
    results = _render(corpus)
    failures = {name: result for name, result in results.items() if result != {"katex": "ok", "mathjax": "ok"}}
    assert failures == {}


def test_the_renderers_do_reject_what_they_cannot_read():
    """The check bites: \\intertext fails in KaTeX and \\hspace*{\\fill} in MathJax 3."""
    results = _render(
        {"intertext": r"\begin{align*} &a \\ \intertext{b} &c \end{align*}", "hspace": r"a \hspace*{\fill} b"}
    )
    assert results["intertext"]["katex"] != "ok"
    assert results["hspace"]["mathjax"] != "ok"
