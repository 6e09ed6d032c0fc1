"""Derivations (DESIGN section 5): checked steps, rendering, the derivations/ folder, real LaTeX."""

import json
import math
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from sympy import Rational, log

import symkl as sk
from symkl.cli import main
from symkl.exact.printing import latex_width
from symkl.proof.derivation import PREAMBLE, Derivation, DerivationError
from symkl.render.folder import write_folder

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "derivations"


@pytest.fixture
def worked_kl(worked_example):
    A, B, _ = worked_example
    return sk.derive_kl(A, B, base=2)


def test_worked_example_reads_like_a_textbook_solution(worked_kl):
    # every renderer reads it: reasons in their own column or below their row, no \\intertext, no \\tag*
    assert worked_kl.to_latex() == (
        "\\begin{align*}\n"
        "&D_{\\mathrm{KL}}(A \\parallel B)\\,[\\mathrm{bits}] \\\\\n"
        "&\\text{By definition, $D_{\\mathrm{KL}}(P \\parallel Q) = \\sum_{i} p_i \\log_{2} \\frac{p_i}{q_i}$:} \\\\\n"
        "&= \\frac{1}{2} \\log_{2} \\left(\\frac{1/2}{1/4}\\right) + \\frac{1}{2} \\log_{2} "
        "\\left(\\frac{1/2}{3/4}\\right) \\\\\n"
        "&\\qquad \\text{\\footnotesize definition of $D_{\\mathrm{KL}}(A \\parallel "
        "B)\\,[\\mathrm{bits}]$, algebra (unfold,} \\\\\n"
        "&\\qquad \\text{\\footnotesize rewrite)} \\\\\n"
        "&= \\frac{1}{2} \\log_{2} 2 + \\frac{1}{2} \\log_{2} \\left(\\frac{2}{3}\\right) && "
        "\\text{\\footnotesize algebra (rewrite)} \\\\\n"
        "&= 1 - \\frac{1}{2} \\log_{2} 3 && \\text{\\footnotesize algebra (rewrite)} \\\\\n"
        "&\\approx 0.2075\\ \\text{bits} \\\\\n"
        "&\\qquad \\text{\\footnotesize 4 significant digits, guaranteed (compute)}\n"
        "\\end{align*}"
    )
    assert worked_kl.proved
    assert worked_kl.rows[-2].value == 1 - log(3) / (2 * log(2))


def test_worked_answers_start_from_the_measure_and_unfold_it(worked_example):
    """The first row is the unevaluated measure; the next is proved by a rewrite resting on kernel.unfold of it."""
    A, B, _ = worked_example
    for derivation, measure in (
        (sk.derive_kl(A, B, base=2), sk.KL(A, B, base=2)),
        (sk.derive_entropy(A, base=2), sk.Entropy(A, base=2)),
        (sk.derive_cross_entropy(A, B), sk.CrossEntropy(A, B)),
        (sk.derive_js(A, B, base=2), sk.JS(A, B, base=2)),
    ):
        assert derivation.rows[0].value == measure
        first_step = next(row for row in derivation.rows[1:] if row.value is not None)
        assert first_step.theorem.statement.lhs == measure
        assert [premise.rule for premise in first_step.theorem.premises] == ["unfold"]
        assert first_step.theorem.premises[0].statement.lhs == measure
        assert derivation.proved
    infinite = sk.derive_kl([1, 0], [0, 1])
    assert infinite.rows[-1].theorem.rule == "unfold" and infinite.rows[-1].value is sympy.oo
    # the substituted row is the value itself (written, unevaluated), equal to the exact sum by fractions + math.log
    A_p, B_q = [Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 4), Fraction(3, 4)]
    reference = sum(float(p) * math.log2(p / q) for p, q in zip(A_p, B_q))
    written = sk.derive_kl(A, B, base=2).rows[2].value
    assert isinstance(written, sympy.Add) and abs(float(written.doit()) - reference) < 1e-15


def test_justifications_come_from_the_theorem_not_from_words():
    x, y = sympy.symbols("x y", positive=True)
    derivation = Derivation(log(x * y)).step(log(x) + log(y), "product rule")
    row = derivation.rows[-1]
    assert row.theorem.rule == "rewrite" and row.justification == "product rule (rewrite)"
    assert Derivation(log(8)).step(3 * log(2)).rows[-1].justification == "exact arithmetic (compute)"


def test_no_programming_syntax_in_any_rendering():
    from symkl.render.folder import derivations

    for stem, derivation in derivations():
        latex_text, markdown, plain = derivation.to_document(), derivation.to_markdown(), derivation.to_text()
        for rendering in (latex_text, markdown, plain):
            for bad in ("**", "rel_entr", "operatorname", "xlogy", "\\textbar{}\\textbar{}", "\\textgreater{}="):
                assert bad not in rendering, (stem, bad)
        for row in derivation.rows:
            assert "*" not in row.text, (stem, row.text)
        assert "\\section*{" + stem in latex_text or stem.startswith("worked-example")


def test_text_printing_has_no_programming_syntax():
    a = sympy.Symbol("a", positive=True)
    from symkl.exact.printing import text

    assert text(a**2 / 3 + 2 * a) == "a²/3 + 2a"
    assert text(a**2 / 3 + 2 * a, ascii=True) == "a^2/3 + 2 a"
    assert text(1 - log(3) / (2 * log(2))) == "1 - (1/2) log₂ 3"
    assert text(sympy.oo) == "∞"


def test_long_rows_break_between_terms():
    a = sympy.symbols("a1:30", positive=True)
    long = sympy.Add(*(s * log(s) for s in a))
    latex_text = Derivation(long).step(long).to_latex()
    lines = [line for line in latex_text.splitlines() if line.startswith("&")]
    assert len(lines) > 3 and all(latex_width(line) <= 66 for line in lines)


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
    assert "UNPROVED" in derivation.to_latex()  # plain capitals: \\textbf is not read inside MathJax's \\text
    assert not derivation.proved
    numbers = Derivation(log(3)).step(Rational(1), "log 3 >= 1", relation=">=")
    assert numbers.rows[-1].verdict == "proved"


def test_other_worked_answers():
    text = sk.derive_entropy(["1/2", "1/4", "1/8", "1/8"], base=2).to_text()
    assert "= 7/4" in text and "≈ 1.75 bits" in text
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
    assert sk.derive_identity("kl-convexity", 4) is None  # no symbolic proof at n = 4, no derivation
    assert "Shannon prover" in sk.derive_identity("data-processing", 3).to_text()
    pinsker = sk.derive_identity("pinsker")
    assert pinsker.proved and "mean-value rule" in pinsker.to_text()
    convexity = sk.derive_identity("kl-convexity")
    assert convexity.proved and "A1" in convexity.to_text() and "B2" in convexity.to_text()


def test_round_trip_through_sympy_latex_parser(worked_kl):
    pytest.importorskip("lark", reason="the lark backend of sympy.parsing.latex needs the lark package")
    from sympy.parsing.latex import parse_latex

    for row in worked_kl.rows:
        if isinstance(row.value, sympy.Basic) and row.value.is_number:
            parsed = parse_latex(sympy.latex(row.value.doit()), backend="lark")
            assert sk.compare(parsed, row.value.doit()) == 0
    final = worked_kl.rows[-2]  # our own printing of the exact answer parses back to it
    assert sk.compare(parse_latex(final.latex, backend="lark"), final.value) == 0


def test_committed_folder_is_up_to_date(tmp_path):
    written = write_folder(tmp_path, figure=False)
    generated = {"README.md", "worked-example.pdf", "worked-example.png", *written}
    stale = sorted(p.name for p in FOLDER.iterdir() if p.name not in generated)
    assert not stale, f"derivations/ holds files no longer generated: {stale}"
    for name in written:
        committed = FOLDER / name
        assert committed.exists(), f"derivations/{name} is missing: run 'symkl derive --all --out derivations'"
        assert committed.read_bytes() == (tmp_path / name).read_bytes(), (
            f"derivations/{name} is stale: run 'symkl derive --all --out derivations'"
        )


def test_figure_is_deterministic(tmp_path):
    pytest.importorskip("matplotlib", reason="the figure needs the plot extra (matplotlib)")
    from symkl.render.folder import _figure

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert _figure(first) == ["worked-example.pdf", "worked-example.png"]
    _figure(second)
    for name in ("worked-example.pdf", "worked-example.png"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


@pytest.mark.parametrize("name", sorted(p.name for p in FOLDER.glob("*.tex")))
def test_every_committed_tex_compiles(name, tmp_path, pdflatex):
    shutil.copy(FOLDER / name, tmp_path / name)
    result = subprocess.run(
        [pdflatex, "-halt-on-error", "-interaction=nonstopmode", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    log_text = (tmp_path / name).with_suffix(".log").read_text(errors="replace")
    assert "! " not in log_text and "LaTeX Error" not in log_text
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log_text)]
    assert max(widths, default=0.0) <= 3.0, f"{name}: a line runs {max(widths)}pt into the A4 margin"
    assert "a4paper" in (tmp_path / name).read_text()


def test_the_a4_check_catches_a_row_running_off_the_page(tmp_path, pdflatex):
    """The check above bites: an unbroken long row (the old layout) is reported as overfull."""
    wide = " + ".join(f"a_{{{i}}} \\log a_{{{i}}}" for i in range(40))
    (tmp_path / "wide.tex").write_text(PREAMBLE + f"\\begin{{align*}}\n&= {wide}\n\\end{{align*}}\n\\end{{document}}\n")
    subprocess.run([pdflatex, "-interaction=nonstopmode", "wide.tex"], cwd=tmp_path, capture_output=True, timeout=120)
    assert re.search(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", (tmp_path / "wide.log").read_text())


def test_cli_derive(capsys, tmp_path):
    assert main(["derive", "worked-example"]) == 0
    assert "≈ 0.2075 bits" in capsys.readouterr().out
    assert main(["derive", "gibbs", "--format", "tex", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "gibbs.tex").read_text().startswith("\\documentclass[a4paper]{article}")
    capsys.readouterr()
    assert main(["derive", "pinsker"]) == 0
    assert "mean-value rule" in capsys.readouterr().out
    assert main(["derive", "kl-convexity", "--n", "4"]) == 2  # proved for n <= 3 only
    assert "no kernel proof at n = 4" in capsys.readouterr().err
    assert main(["derive"]) == 2
    assert main(["kl", "1/2,1/2", "1/4,3/4", "--steps", "--base", "2", "--digits", "4"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("  ≈ 0.2075 bits")
    assert main(["entropy", "1/2,1/2", "--steps", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)  # one object, the steps inside
    assert data["exact"] == "log(2)" and data["steps"][0] == "H(P) in nats"
    assert data["steps_latex"].startswith("\\begin{align*}")


def test_a_derivation_without_steps_is_not_proved():
    assert not Derivation(sympy.Integer(1)).proved
    assert not Derivation(sympy.Integer(1)).intertext("words only").proved
    assert Derivation(sympy.log(4)).step(2 * sympy.log(2)).proved


def test_every_catalogued_identity_has_a_page_and_unproved_ones_say_so():
    from symkl.render.folder import checked_only

    stems = {path.stem for path in (ROOT / "derivations").glob("*.tex")}
    assert {entry.name for entry in sk.identities.identities()} <= stems
    page = checked_only("pinsker")
    assert not page.proved and "Not proved by the kernel" in page.to_text()
    pages = [(ROOT / "derivations" / f"{entry.name}.md").read_text() for entry in sk.identities.identities()]
    assert not any("Checked only (no proof)" in page for page in pages)  # every catalogued result is proved


def test_decimals_not_bounded_exactly_are_not_called_guaranteed():
    row = Derivation(sympy.zeta(3)).approximately(5).rows[-1]
    assert row.verdict == "unknown" and "guaranteed" not in row.justification.replace("not guaranteed", "")
    assert "not guaranteed" in row.justification
    proved = Derivation(sympy.log(3)).approximately(5).rows[-1]
    assert proved.verdict == "proved" and "guaranteed (compute)" in proved.justification


def test_an_unproved_closed_row_is_never_called_close_when_it_is_complex_or_undecided():
    with pytest.raises(sk.DerivationError, match="is false"):  # 0 and 2 pi i are 2 pi apart, not "agreeing"
        Derivation(sympy.Integer(0)).step(2 * sympy.pi * sympy.I, "branch")
    row = Derivation(sympy.zeta(3)).step(sympy.zeta(3), "same").rows[-1]
    assert row.verdict == "unknown" and "agrees to 40 digits" in row.evidence
