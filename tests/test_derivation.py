"""Derivations (DESIGN section 5): checked steps, rendering, the derivations/ folder, real LaTeX."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy
from sympy import Rational, log

import symkl as sk
from symkl.cli import main
from symkl.derivation import Derivation, DerivationError
from symkl.folder import write_folder

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "derivations"


@pytest.fixture
def worked_kl(worked_example):
    A, B, _ = worked_example
    return sk.derive_kl(A, B, base=2)


def test_worked_example_reads_like_a_textbook_solution(worked_kl):
    assert worked_kl.to_latex() == (
        "\\begin{align*}\n"
        "D_{\\mathrm{KL}}(A \\parallel B) &= \\sum_{i} p_i \\log_{2} \\frac{p_i}{q_i}"
        " && \\text{definition of the KL divergence} \\\\\n"
        "&= \\frac{1}{2} \\log_{2} \\frac{1/2}{1/4} + \\frac{1}{2} \\log_{2} \\frac{1/2}{3/4}"
        " && \\text{substitution of the probabilities} \\\\\n"
        "&= \\frac{1}{2} \\log_{2} 2 + \\frac{1}{2} \\log_{2} \\left(\\frac{2}{3}\\right)"
        " && \\text{each ratio simplified} \\\\\n"
        "&= 1 - \\frac{1}{2} \\log_{2} 3 && \\text{log laws: log(a/b) = log a - log b, one term per prime} \\\\\n"
        "&\\approx 0.2075\\ \\text{bits} && \\text{4 significant digits, all guaranteed}\n"
        "\\end{align*}"
    )
    assert worked_kl.proved
    assert worked_kl.rows[-2].value == 1 - log(3) / (2 * log(2))


def test_renderings(worked_kl):
    assert worked_kl._repr_latex_().startswith("$$\\begin{align*}")
    markdown = worked_kl.to_markdown()
    assert markdown.startswith("### D_KL(A || B) in bits\n\n$$\n\\begin{align*}")
    document = worked_kl.to_document()
    assert document.startswith("\\documentclass{article}\n\\usepackage{amsmath}\n")
    assert document.endswith("\\end{document}\n")
    assert worked_kl.to_text().splitlines()[-1].startswith("  ~ 0.2075 bits")


def test_wrong_steps_raise():
    derivation = Derivation(log(8))
    with pytest.raises(DerivationError, match=r"^step 2 \(bad\): log\(8\) = log\(7\) is false"):
        derivation.step(log(7), "bad")
    x = sympy.Symbol("x", positive=True)
    with pytest.raises(DerivationError, match=r"^step 2 \(bad log law\): the two sides differ at x = "):
        Derivation(log(2 * x)).step(log(2) * log(x), "bad log law")
    with pytest.raises(DerivationError, match=r"is false"):
        Derivation(log(2)).step(1, "log 2 >= 1?", relation=">=")


def test_symbolic_steps_and_inequalities():
    x, y = sympy.symbols("x y", positive=True)
    derivation = Derivation(log(x * y**2)).step(log(x) + 2 * log(y), "log of a product")
    assert derivation.rows[-1].verdict == "proved"
    derivation.step(log(x) + 2 * log(y) + Rational(1, 10), "plus a bit", relation="<=")
    assert derivation.rows[-1].verdict == "unknown"  # no lemma named: flagged, never proved
    assert "unproved" in derivation.to_latex()
    assert not derivation.proved
    numbers = Derivation(log(3)).step(Rational(1), "log 3 >= 1", relation=">=")
    assert numbers.rows[-1].verdict == "proved"


def test_other_worked_answers():
    text = sk.derive_entropy(["1/2", "1/4", "1/8", "1/8"], base=2).to_text()
    assert "= 7/4" in text and "~ 1.75 bits" in text
    assert sk.derive_kl([1, 0], [0, 1]).rows[-1].value is sympy.oo
    js = sk.derive_js(["1/2", "1/2"], ["1/4", "3/4"], base=2)
    assert js.proved and js.rows[-2].value == sk.js_divergence(["1/2", "1/2"], ["1/4", "3/4"], base=2)
    J = sk.JointDistribution([["1/2", 0], [0, "1/2"]])
    assert sk.derive_mutual_information(J, "X", "Y", base=2).rows[-2].value == 1
    assert sk.derive_cross_entropy(["1/2", "1/2"], [1, 0]).rows[-1].value is sympy.oo


def test_identity_derivations():
    chain = sk.derive_identity("chain-rule")
    assert chain.proved and chain.rows[0].text == "H(X, Y)"
    gibbs = sk.derive_identity("gibbs")
    assert gibbs.proved and any("log x <= x - 1" in row.text for row in gibbs.rows)
    assert sk.derive_identity("kl-convexity") is None  # no symbolic proof, no derivation


def test_round_trip_through_sympy_latex_parser(worked_kl):
    pytest.importorskip("lark", reason="the lark backend of sympy.parsing.latex needs the lark package")
    from sympy.parsing.latex import parse_latex

    for row in worked_kl.rows:
        if isinstance(row.value, sympy.Basic) and row.value.is_number:
            parsed = parse_latex(sympy.latex(row.value), backend="lark")
            assert sk.compare(parsed, row.value) == 0


def test_committed_folder_is_up_to_date(tmp_path):
    written = write_folder(tmp_path, figure=False)
    for name in written:
        committed = FOLDER / name
        assert committed.exists(), f"derivations/{name} is missing: run 'symkl derive --all --out derivations'"
        assert committed.read_bytes() == (tmp_path / name).read_bytes(), (
            f"derivations/{name} is stale: run 'symkl derive --all --out derivations'"
        )


def test_figure_is_deterministic(tmp_path):
    pytest.importorskip("matplotlib", reason="the figure needs the plot extra (matplotlib)")
    from symkl.folder import _figure

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert _figure(first) == ["worked-example.pdf", "worked-example.png"]
    _figure(second)
    for name in ("worked-example.pdf", "worked-example.png"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def _pdflatex() -> str:
    path = shutil.which("pdflatex")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("pdflatex is missing in CI: .ci/run must install texlive-latex-base")
        pytest.skip("pdflatex is not installed (apt-get install texlive-latex-base); CI installs it")
    return path


@pytest.mark.parametrize("name", sorted(p.name for p in FOLDER.glob("*.tex")))
def test_every_committed_tex_compiles(name, tmp_path):
    pdflatex = _pdflatex()
    shutil.copy(FOLDER / name, tmp_path / name)
    result = subprocess.run(
        [pdflatex, "-halt-on-error", "-interaction=nonstopmode", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_cli_derive(capsys, tmp_path):
    assert main(["derive", "worked-example"]) == 0
    assert "~ 0.2075 bits" in capsys.readouterr().out
    assert main(["derive", "gibbs", "--format", "tex", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "gibbs.tex").read_text().startswith("\\documentclass{article}")
    capsys.readouterr()
    assert main(["derive", "kl-convexity"]) == 2
    assert "has no symbolic proof" in capsys.readouterr().err
    assert main(["derive"]) == 2
    assert main(["kl", "1/2,1/2", "1/4,3/4", "--steps", "--base", "2", "--digits", "4"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("  ~ 0.2075 bits")
    assert main(["entropy", "1/2,1/2", "--steps", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)  # one object, the steps inside
    assert data["exact"] == "log(2)" and data["steps"][0] == "H(P) in nats"
    assert data["steps_latex"].startswith("\\begin{align*}")
