"""The human printer (symkl.exact.printing.text): what the CLI, str() of results and derivation text show."""

from __future__ import annotations

import json

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import E, Rational, S, Symbol, log, oo
from sympy.stats import Normal

import symkl as sk
from symkl.cli import main
from symkl.exact.printing import ascii_output, equal_forms, text

A = sk.Distribution(["1/2", "1/2"], name="A")
B = sk.Distribution(["1/4", "3/4"], name="B")


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_cli_examples_of_the_issue(capsys):
    assert run(capsys, "entropy", "1/3,1/3,1/3", "--base", "2") == "H(P) = log₂ 3 bits ≈ 1.58496250072116 bits\n"
    out = run(capsys, "kl", "A=1/2,1/2", "B=1/4,3/4", "--base", "2")
    assert out == "D_KL(A || B) = 1 - (1/2) log₂ 3 bits ≈ 0.207518749639422 bits\n"
    out = run(capsys, "kl", "B=1/4,3/4", "A=1/2,1/2", "--base", "2", "--ascii")
    assert out == "D_KL(B || A) = (3/4) log2(3) - 1 bits ≈ 0.188721875540867 bits\n"
    assert run(capsys, "kl", "1/2,1/2", "1,0") == "D_KL(P || Q) = ∞\n"
    assert run(capsys, "kl", "1/2,1/2", "1,0", "--ascii") == "D_KL(P || Q) = inf\n"


def test_json_keeps_sympy_exact_and_adds_text(capsys):
    data = json.loads(run(capsys, "kl", "1/2,1/2", "1/4,3/4", "--base", "10", "--json"))
    assert data["exact"] == "log(2)/log(10) - log(3)/(2*log(10))"  # parseable SymPy
    assert sympy.sympify(data["exact"]) == sk.kl_divergence(A, B, base=10)
    assert data["text"] == "(1/2) log₁₀(4/3)"
    data = json.loads(run(capsys, "kl", "1/2,1/2", "1,0", "--base", "1/2", "--json"))
    assert data["text"] == "-∞"
    data = json.loads(run(capsys, "kl", "1/2,1/2", "1/4,3/4", "--base", "2", "--json", "--ascii"))
    assert data["text"] == "1 - (1/2) log2(3)"


def test_hard_cases():
    assert text(-1 + 3 * log(3) / (4 * log(2))) == "(3/4) log₂ 3 - 1"  # positive first
    assert text(-log(3) / 2 - log(2)) == "-log 2 - (1/2) log 3"
    assert text(sk.kl_divergence(A, B, base="1/2")) == "(1/2) log₂ 3 - 1"  # log base 1/2 = -log base 2
    assert text(sk.kl_divergence(A, B, base=10)) == "log₁₀ 2 - (1/2) log₁₀ 3"
    assert text(sk.kl_divergence(A, B, base=Rational(3, 2))) == "log_(3/2) 2 - (1/2) log_(3/2) 3"
    assert text(sk.kl_divergence(A, B, base=Rational(3, 2)), ascii=True) == "log_(3/2)(2) - (1/2) log_(3/2)(3)"
    assert text(sk.kl_divergence(A, B)) == "log 2 - (1/2) log 3"  # nats: no base
    assert text(sk.kl_divergence(A, B), ascii=True) == "log(2) - (1/2) log(3)"
    assert text(sk.kl_divergence(A, B), collect=True) == "(1/2) log(4/3)"
    assert text(oo) == "∞" and text(-oo) == "-∞" and text(oo, ascii=True) == "inf"
    assert text(S.Zero) == "0" and text(S.Zero, collect=True) == "0"
    assert text(Rational(3, 4) * log(5) / log(10)) == "(3/4) log₁₀ 5"
    assert text(Rational(3, 4) * log(5)) == "(3/4) log 5"
    assert text(1 / (2 * log(2))) == "(1/2) log₂ e"
    assert text(log(Rational(4, 3), evaluate=False)) == "log(4/3)"


def test_a_sum_of_many_logs():
    H = lambda p: sk.entropy(sk.Distribution([p, 1 - p]), base=2)  # noqa: E731
    bsc = H(Rational(11, 50)) - H(Rational(3, 20))  # MacKay's BSC example, I(X;Y) = H2(0.22) - H2(0.15)
    assert len(str(bsc)) == 118
    shown = text(bsc, collect=True)
    assert shown == "log₂ 5 + (17/20) log₂ 17 - 1 - (63/100) log₂ 3 - (11/50) log₂ 11 - (39/50) log₂ 13"
    assert text(sk.entropy(["1/1000"] * 1000)) == "3 log 2 + 3 log 5"
    assert text(sk.entropy(["1/1000"] * 1000), collect=True) == "log 1000"


def test_continuous_closed_forms_read_as_textbooks():
    sigma, a = Symbol("sigma", positive=True), Symbol("a", positive=True)
    assert text(sk.entropy(Normal("X", 0, sigma)), collect=True) == "(1/2) log(2πeσ²)"
    assert text(sk.entropy(Normal("X", 0, sigma), base=2), collect=True) == "(1/2) log₂(2πeσ²)"
    assert text(sk.entropy(Normal("X", 0, sigma)), collect=True, ascii=True) == "(1/2) log(2 pi e sigma^2)"
    assert text(sympy.polygamma(0, a)) == "ψ(a)" and text(sympy.digamma(a), ascii=True) == "psi(a)"
    assert text(sympy.loggamma(a)) == "log Γ(a)"
    gamma_entropy = -a * sympy.polygamma(0, a) + a + log(sympy.gamma(a)) + sympy.polygamma(0, a)
    assert text(gamma_entropy, collect=True) == "a + (1 - a) ψ(a) + log Γ(a)"


def test_collected_forms_are_exactly_equal():
    for form in equal_forms(sk.entropy(["1/8", "1/8", "3/4"], base=10)):
        assert sk.canonical(form) == sk.canonical(sk.entropy(["1/8", "1/8", "3/4"], base=10))
    assert text(E) == "e"


probability = st.integers(1, 30)


@st.composite
def distributions(draw: st.DrawFn) -> list[Rational]:
    weights = draw(st.lists(probability, min_size=2, max_size=5))
    zeros = draw(st.lists(st.booleans(), min_size=len(weights), max_size=len(weights)))
    weights = [0 if zero and index else w for index, (w, zero) in enumerate(zip(weights, zeros))]
    return [Rational(w, sum(weights)) for w in weights]


@settings(max_examples=60, deadline=None)
@given(distributions(), distributions(), st.sampled_from([2, 3, 10, E]), st.booleans())
def test_printing_never_shows_programming_syntax(p, q, base, ascii):
    size = min(len(p), len(q))
    p = [*p[: size - 1], 1 - sum(p[: size - 1])]
    q = [*q[: size - 1], 1 - sum(q[: size - 1])]
    if min(p) < 0 or min(q) < 0:
        return
    for value in (sk.entropy(p, base=base), sk.kl_divergence(p, q, base=base), sk.cross_entropy(p, q, base=base)):
        for collect in (False, True):
            shown = text(value, collect=collect, ascii=ascii)
            assert "*" not in shown and "/log(" not in shown and "oo" not in shown, (value, shown)
            if value.is_infinite:
                assert shown in ("∞", "-∞", "inf", "-inf")


def test_symbolic_sums_read_positive_terms_first():
    t, x = Symbol("t"), Symbol("x")
    last = sk.Distribution.symbolic(3, "p").probabilities[-1]
    assert (text(last), sk.exact_str(last), sk.latex(last)) == ("1 - p1 - p2", "1 - p1 - p2", "1 - p_{1} - p_{2}")
    assert text(2 * (x - t) ** 2) == "2 (x - t)²" and sk.latex((x - t) ** 2) == r"\left(x - t\right)^{2}"
    assert text(x + 1) == "x + 1" and text(x + 1 - t) == "1 + x - t" and text(-x - 1) == "-x - 1"
    assert text(1 - t - x + log(2)) == "1 + log 2 - t - x"
    for expr in (last, 2 * (x - t) ** 2, x + 1 - t, 1 - t - x + log(2)):  # only the order of terms changes
        assert sympy.sympify(sk.exact_str(expr), locals={s.name: s for s in expr.free_symbols}) == expr


def test_relations_and_divergences_in_human_text():
    x = Symbol("x")
    relation = sympy.Ge(sk.KL(A, B), 0, evaluate=False)
    assert text(relation) == "D_KL(A ‖ B) ≥ 0"
    assert text(relation, ascii=True) == str(relation) == "D_KL(A || B) >= 0"  # str() stays ASCII
    assert [text(r) for r in (sympy.Le(x, 1), sympy.Ne(x, 1), sympy.Eq(x, 1), sympy.Lt(x, 1))] == [
        "x ≤ 1",
        "x ≠ 1",
        "x = 1",
        "x < 1",
    ]
    assert text(sympy.Ne(x, 1), ascii=True) == "x != 1"
    assert text(sk.KL(A, B, base=5)) == "D_KL(A ‖ B) [units of log₅]"
    assert text(sk.KL(A, B, base=5), ascii=True) == str(sk.KL(A, B, base=5)) == "D_KL(A || B) [units of log5]"
    assert sk.latex(sk.KL(A, B, base=5)) == r"D_{\mathrm{KL}}(A \parallel B)\,[\text{units of } \log_{5}]"
    assert sk.latex(sk.KL(A, B, base=2)) == r"D_{\mathrm{KL}}(A \parallel B)\,[\mathrm{bits}]"


def test_units_are_named_for_readers():
    from symkl.exact.measures import unit_name

    named = [unit_name(base) for base in (None, 2, 3, 10, 5, "1/2", "3/2")]
    assert named == ["nats", "bits", "trits", "hartleys", "units of log₅", "units of log_(1/2)", "units of log_(3/2)"]
    assert unit_name(5, ascii=True) == "units of log5"


def test_verify_prints_mathematics_and_json_keeps_ascii(capsys):
    lines = run(capsys, "verify", "gibbs", "--samples", "2").splitlines()
    assert lines[0] == "gibbs: D_KL(P ‖ Q) ≥ 0"
    assert lines[3] == "      theorem: a1 > 0, b1 > 0, 1 - a1 > 0, 1 - b1 > 0 ⊢ D_KL(P ‖ Q) ≥ 0"
    data = json.loads(run(capsys, "verify", "gibbs", "--samples", "2", "--json"))
    assert data["statement"] == "D_KL(P || Q) >= 0" and data["text"] == "D_KL(P ‖ Q) ≥ 0"
    assert data["methods"]["symbolic"]["theorem"] == "a1 > 0, b1 > 0, 1 - a1 > 0, 1 - b1 > 0 |- D_KL(P || Q) >= 0"
    result = sk.verify("gibbs", samples=2)
    assert "<caption" in result._repr_html_() and "gibbs: D_KL(P ‖ Q) ≥ 0, proved (n = 2)" in result._repr_html_()
    with ascii_output():
        assert result.text == "D_KL(P || Q) >= 0"


def test_derivation_text_uses_the_human_relations():
    pinsker = sk.derive_identity("pinsker").to_text()
    assert "mean-value rule" in pinsker and "mean_value" not in pinsker
    assert "  ≥ 2 TV(P, Q)²" in pinsker and "≥ 2 (x - t)²" in pinsker
    assert "l'Hopital rule" in sk.derive_identity("renyi-entropy-limit").to_text()


def test_not_shannon_type_witness_is_an_array_of_short_rows():
    import symkl.prover as sp

    result = sp.prove("2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)", copies=False)
    assert result.verdict == "not-shannon-type"
    shown = result._repr_latex_()
    assert r"\begin{array}{llll} h(A) = 2 & h(B) = 2 & h(C) = 2 & h(D) = 2 \\ h(A, B) = 4" in shown
    assert r"h(A, C, D) = 4 & h(B, C, D) = 4 & h(A, B, C, D) = 4 \end{array}" in shown
