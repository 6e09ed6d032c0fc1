"""Results display themselves: short reprs, HTML tables (escaped, elided after 20 rows) and LaTeX for notebooks,
while formulas keep printing a distribution by its name."""

from __future__ import annotations

import re

import sympy

import symkl as sk

A = sk.Distribution(["1/2", "1/2"], name="A")
B = sk.Distribution(["1/4", "3/4"], name="B")
C = sk.Distribution(["1/8", "7/8"], name="C")
EVIL = "<script>alert(1)</script>"


def plain(shown: str) -> str:
    """HTML without the alignment styles (tested once, in test_cells_are_aligned_against_notebook_style_sheets)."""
    return re.sub(r' style="[^"]*"', "", shown)


def test_a_distribution_shows_its_probabilities_and_formulas_keep_its_name():
    assert repr(A) == "Distribution A = (1/2, 1/2)"
    assert repr(sk.Distribution(["1/4", "3/4"])) == "Distribution (1/4, 3/4)"
    assert (
        repr(sk.Distribution({"sun": "1/3", "rain": "2/3"}, name="W")) == "Distribution W = {'sun': 1/3, 'rain': 2/3}"
    )
    assert str(A) == "A" and f"{A}" == "A"
    assert str(sk.KL(A, B)) == repr(sk.KL(A, B)) == "D_KL(A || B)"
    assert sk.text(sk.CrossEntropy(A, B)) == "H(A, B)"
    assert sk.latex(sk.KL(A, B)) == r"D_{\mathrm{KL}}(A \parallel B)"
    assert str(sk.Eq(sk.CrossEntropy(A, B), sk.Entropy(A) + sk.KL(A, B))) == "Eq(H(A, B), H(A) + D_KL(A || B))"


def test_a_long_distribution_repr_is_elided_after_eight_entries():
    assert repr(sk.uniform(8, name="U")) == "Distribution U = (1/8, 1/8, 1/8, 1/8, 1/8, 1/8, 1/8, 1/8)"
    assert repr(sk.uniform(9, name="U")) == "Distribution U = (1/9, 1/9, 1/9, 1/9, 1/9, 1/9, 1/9, 1/9, … 1 more)"
    huge = sk.Distribution([f"1/{10**400}", f"{10**400 - 1}/{10**400}"], name="T")
    assert len(repr(huge)) < 120
    assert repr(huge).startswith("Distribution T = (about 1.0e-400, ")


def test_a_distribution_html_table_has_exact_values():
    assert plain(A._repr_html_()) == (
        '<table class="symkl">\n<caption>Distribution A</caption>\n'
        "<thead><tr><th>outcome</th><th>probability</th></tr></thead>\n<tbody>\n"
        "<tr><td>0</td><td>1/2</td></tr>\n<tr><td>1</td><td>1/2</td></tr>\n</tbody>\n</table>"
    )
    p = sympy.Symbol("p", positive=True)
    assert "<td>1 - (1/2) √2</td>" in plain(sk.Distribution([1 / sympy.sqrt(2), 1 - 1 / sympy.sqrt(2)])._repr_html_())
    assert "<td>p</td>" in plain(sk.bernoulli(p)._repr_html_())


def test_user_text_is_escaped_in_html_and_latex():
    for shown in (
        sk.Distribution({EVIL: "1/2", "b": "1/2"}, name=EVIL)._repr_html_(),
        sk.JointDistribution([["1/2", 0], [0, "1/2"]], names=(EVIL, "Y"))._repr_html_(),
        sk.rank(A, [B.with_name(EVIL)])._repr_html_(),
        sk.rank(A, [B.with_name(EVIL)])[0]._repr_html_(),
        sk.verify("gibbs", samples=2)._repr_html_(),
    ):
        assert "<script" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in sk.Distribution({EVIL: 1})._repr_html_()
    latex = sk.JointDistribution([["1/2", 0], [0, "1/2"]], names=("a{b", "Y"))._repr_latex_()
    assert r"\text{a$\{$b}" in latex and "a{b" not in latex
    assert sk.latex(sk.KL(A.with_name("a$b"), B)) == r"D_{\mathrm{KL}}(\text{a$\$$b} \parallel B)"


def test_tables_elide_after_twenty_rows():
    twenty = plain(sk.uniform(20)._repr_html_())
    assert twenty.count("<tr><td>") == 20 and "more" not in twenty
    shown = plain(sk.uniform(21)._repr_html_())
    assert shown.count("<tr><td>") == 20
    assert '<tr><td colspan="2">… 1 more (21 outcomes in all)</td></tr>' in shown
    joint = plain(sk.JointDistribution([["1/32"] * 4] * 8, names=("X", "Y"))._repr_html_())
    assert joint.count("<tr><td>") == 20 and '<td colspan="3">… 12 more (32 cells in all)</td>' in joint
    assert r"\text{... 1 more}" in sk.uniform(21)._repr_latex_()


def test_a_joint_distribution_shows_its_cells():
    J = sk.JointDistribution([["1/8", "1/8"], ["1/4", "1/2"]], names=("X", "Y"))
    assert repr(J) == "JointDistribution p(X, Y) = {(0, 0): 1/8, (0, 1): 1/8, (1, 0): 1/4, (1, 1): 1/2}"
    assert str(J) == "p(X, Y)"
    assert plain(J._repr_html_()).splitlines()[1:4] == [
        "<caption>JointDistribution p(X, Y)</caption>",
        "<thead><tr><th>X</th><th>Y</th><th>p(X, Y)</th></tr></thead>",
        "<tbody>",
    ]
    assert "<tr><td>1</td><td>1</td><td>1/2</td></tr>" in plain(J._repr_html_())


def test_a_ranking_shows_rank_model_exact_value_and_decimal():
    ranking = sk.rank(A, [C, B], base=2)
    assert ranking == [ranking[0], ranking[1]] and isinstance(ranking, list)
    assert repr(ranking[0]) == "Ranking(rank=1, candidate=B, value=1 - (1/2) log₂ 3)"
    assert str(ranking) == (
        "Models ranked by D_KL(A || model) in bits, closest first (exact comparison):\n"
        "  1. B: 1 - (1/2) log₂ 3 ≈ 0.207519\n"
        "  2. C: 2 - (1/2) log₂ 7 ≈ 0.596323"
    )
    assert plain(ranking._repr_html_()).splitlines()[3:7] == [
        "<tbody>",
        "<tr><td>1</td><td>B</td><td>1 - (1/2) log₂ 3</td><td>0.207519</td></tr>",
        "<tr><td>2</td><td>C</td><td>2 - (1/2) log₂ 7</td><td>0.596323</td></tr>",
        "</tbody>",
    ]
    assert ranking._repr_latex_() == (
        r"$$\begin{array}{r|l|l|l} \text{rank} & \text{model} & D_{\mathrm{KL}}(A \parallel \text{model})"
        r" \text{ in bits} & \text{decimal} \\ \hline 1 & B & 1 - \frac{1}{2} \log_{2} 3 & 0.207519 \\"
        r" 2 & C & 2 - \frac{1}{2} \log_{2} 7 & 0.596323 \end{array}$$"
    )


def test_a_ranking_states_ties_infinities_and_unitless_measures():
    Z = sk.Distribution([1, 0], name="Z")
    ranking = sk.rank(A, [Z, B, B.with_name("B2")])
    assert [entry.rank for entry in ranking] == [1, 1, 3]
    assert str(ranking).splitlines()[-1] == "  3. Z: ∞"
    assert "<td>∞</td><td>∞</td>" in plain(ranking._repr_html_())
    assert r"\infty & \infty" in ranking._repr_latex_()
    tv = sk.rank(A, [C, B], measure=sk.total_variation)
    assert str(tv).splitlines() == [
        "Models ranked by total_variation(A, model), closest first (exact comparison):",
        "  1. B: 1/4",
        "  2. C: 3/8",
    ]


def test_a_verification_result_is_a_table_of_methods():
    shown = plain(sk.verify("gibbs", samples=2)._repr_html_())
    assert "<thead><tr><th>method</th><th>status</th><th>detail</th></tr></thead>" in shown
    assert "<td>symbolic</td><td>proved</td>" in shown


def test_cells_are_aligned_against_notebook_style_sheets():
    """Notebook style sheets right-align cells: words and exact values go left, ranks and decimals right."""
    assert sk.uniform(2)._repr_html_().splitlines()[4] == (
        '<tr><td style="text-align: left">0</td><td style="text-align: left">1/2</td></tr>'
    )
    assert sk.rank(A, [B], base=2)._repr_html_().splitlines()[4] == (
        '<tr><td style="text-align: right">1</td><td style="text-align: left">B</td>'
        '<td style="text-align: left">1 - (1/2) log₂ 3</td><td style="text-align: right">0.207519</td></tr>'
    )
