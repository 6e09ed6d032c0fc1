"""Multivariate measures (issue 22, item 1), conditional KL / cross-entropy and J.map.

Cross-checks never use symkl itself: (a) cases ported from dit 2.3's test suite (tests/multivariate,
tests/other/test_lautum_information.py, tests/shannon), expected values written here, in bits;
(b) entropies of marginals computed here with Fractions and mpmath at 50 digits; (c) dit live, where installed.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import mpmath
import pytest
import sympy

import symkl as sk
from symkl.errors import InvalidDistribution, InvalidInput

mpmath.mp.dps = 50


def table(outcomes: list[str], pmf: list[str] | None = None, names: str | None = None) -> sk.JointDistribution:
    """dit's Distribution(outcomes, pmf) as a symkl table: variables named by `names` (default X0, X1, ...)."""
    width = len(outcomes[0])
    labels = list(names) if names else [f"X{i}" for i in range(width)]
    pmf = pmf or [f"1/{len(outcomes)}"] * len(outcomes)
    return sk.JointDistribution({tuple(o): p for o, p in zip(outcomes, pmf)}, names=labels)


def n_mod_m(n: int) -> sk.JointDistribution:
    """dit.example_dists.n_mod_m(n, 2): uniform over the n-bit strings of even parity."""
    words = ["".join(bits) for bits in itertools.product("01", repeat=n) if bits.count("1") % 2 == 0]
    return table(words)


def giant_bit(n: int) -> sk.JointDistribution:
    return table(["0" * n, "1" * n], ["1/2", "1/2"])


def v(*indices: int) -> list[str]:
    return [f"X{i}" for i in indices]


def g(*groups: tuple[int, ...] | int) -> list[list[str]]:
    return [v(*(group if isinstance(group, tuple) else (group,))) for group in groups]


XOR = n_mod_m(3)
D4, D5 = n_mod_m(4), n_mod_m(5)


# ---------------------------------------------------------------------------------------------
# ported from dit: total correlation, co-information, dual total correlation, residual entropy
@pytest.mark.parametrize("n", range(3, 7))
def test_dit_tc1(n):
    assert sk.total_correlation(n_mod_m(n), base=2) == 1


def test_dit_total_correlation_cases():
    assert sk.total_correlation(D4, g(0, 1, 2), base=2) == 0  # tc2
    assert sk.total_correlation(D4, g(0, 1, 2), given=v(3), base=2) == 1  # tc3
    assert sk.total_correlation(D4, g(0, 1), given=v(2, 3), base=2) == 1  # tc4
    assert sk.total_correlation(D4, g((0, 1), 2, 3), base=2) == 1  # tc5
    assert sk.total_correlation(D4, g((0, 1, 2), (1, 2, 3)), base=2) == 3  # tc6, overlapping groups
    d = table(["00", "01", "11"])  # tc7: T = I for two variables
    assert sk.total_correlation(d) == sk.mutual_information(d, "X0", "X1")
    assert sk.total_correlation(table(["0", "1", "2"])) == 0  # tc8: one variable


def test_dit_coinformation_cases():
    assert sk.co_information(XOR, base=2) == -1  # coi1
    assert sk.co_information(XOR, g(0, 1, 2), base=2) == -1
    assert sk.co_information(XOR, g(0, 1, 2), given=v(2), base=2) == 0
    assert sk.co_information(XOR, g(0, 1), given=v(2), base=2) == 1
    assert sk.co_information(D4, base=2) == 1  # coi2
    assert sk.co_information(D4, g(0, 1, 2), base=2) == 0  # coi3
    assert sk.co_information(D4, g(0, 1, 2), given=v(3), base=2) == -1  # coi4
    assert sk.co_information(D4, g(0, 1), given=v(2, 3), base=2) == 1  # coi5
    assert sk.co_information(D4, g(0), given=v(1, 2, 3), base=2) == 0  # coi6
    d = table(["A", "B", "C"])  # coi7, coi8: one variable, I = H
    assert sk.co_information(d) == sk.entropy(sk.uniform(3))
    assert sk.co_information(table(["000", "011", "101", "110"]), g((0, 1), (1, 2)), base=2) == 2  # shannon I3


def test_dit_dual_total_correlation_and_residual_entropy():
    B, R = sk.dual_total_correlation, sk.residual_entropy
    assert B(table(["00", "11"]), base=2) == 1  # B1
    assert B(table(["000", "111"]), base=2) == 1 and B(table(["000", "111"]), g(0, 1), given=v(2), base=2) == 0  # B2
    assert B(table(["0000", "1111"]), base=2) == 1  # B3
    assert B(table(["0000", "1111"]), g(0, (1, 2)), given=v(3), base=2) == 0
    xor = table(["000", "011", "101", "110"])  # B4
    assert B(xor, base=2) == 2 and B(xor, g(0, 1, 2), base=2) == 2
    assert B(xor, g(0, 1), given=v(2), base=2) == B(xor, g(0, 2), given=v(1), base=2) == 1
    assert B(xor, g(1, 2), given=v(0), base=2) == 1
    d = table(["00", "01", "11"])  # B5, R4
    assert B(d) == sk.mutual_information(d, "X0", "X1")
    assert sk.canonical(R(d)) == sk.canonical(sk.joint_entropy(d) - sk.mutual_information(d, "X0", "X1"))
    assert B(table(["0", "1", "2", "3"])) == 0  # B6
    assert R(table(["00", "11"])) == 0  # R1
    assert R(table(["00", "01", "10", "11"]), base=2) == 2 and R(table(["00", "01", "10", "11"]), g(0, 1), base=2) == 2
    assert R(xor) == 0 and R(xor, g((0, 1), 2), base=2) == 1  # R3
    assert R(table(["0", "1", "2", "3"]), base=2) == 2  # R5
    five = table(["000", "001", "010", "100", "111"])  # BR1: B + R = H
    assert sk.canonical(B(five) + R(five)) == sk.canonical(sk.joint_entropy(five))


@pytest.mark.parametrize("i", range(2, 6))
def test_dit_interaction_information_of_giant_bits(i):
    d = giant_bit(i)
    assert sk.interaction_information(d, base=2) == (-1) ** i  # ii1
    assert sk.interaction_information(d) == (-1) ** i * sk.co_information(d)  # ii2


def test_dit_interaction_information_xor():
    assert sk.interaction_information(XOR, g(0, 1, 2), given=v(2), base=2) == 0  # ii3
    assert sk.interaction_information(XOR, g(0, 1), given=v(2), base=2) == 1
    assert sk.interaction_information(XOR, base=2) == 1  # McGill: I(X;Y|Z) - I(X;Y) = 1 - 0


@pytest.mark.parametrize(
    ("dist", "groups", "given", "o_value", "s_value"),
    [
        ("giant", [0, 1, 2, 3, 4], [], 3, 5),
        ("giant", [0, 1, 2, 3], [4], 0, 0),
        ("giant", [0, 1, 2], [3, 4], 0, 0),
        ("parity", [0, 1, 2, 3, 4], [], -3, 5),
        ("parity", [0, 1, 2, 3], [4], -2, 4),
        ("parity", [0, 1, 2], [3, 4], -1, 3),
    ],
)
def test_dit_o_and_s_information(dist, groups, given, o_value, s_value):
    d = giant_bit(5) if dist == "giant" else D5
    assert sk.o_information(d, g(*groups), given=v(*given), base=2) == o_value
    assert sk.s_information(d, g(*groups), given=v(*given), base=2) == s_value
    if not given:  # s = TC + DTC
        assert sk.s_information(d) == sk.total_correlation(d) + sk.dual_total_correlation(d)


def test_dit_lautum_information():
    d = table(
        ["000", "001", "010", "011", "100", "101", "110", "111"],
        ["3/16", "1/16", "1/16", "3/16", "1/16", "3/16", "3/16", "1/16"],
    )
    expected = 1 - mpmath.log(3, 2) / 2  # 0.20751874963942196
    assert abs(num(sk.lautum_information(d, base=2)) - expected) < 1e-45
    assert sk.lautum_information(d, g(0, 1)) == 0
    assert abs(num(sk.lautum_information(d, g(0, 1), given=v(2), base=2)) - expected) < 1e-45


BIVARIATE = [
    [
        ["1/8", "1/16", "1/32", "1/32"],
        ["1/16", "1/8", "1/32", "1/32"],
        ["1/16", "1/16", "1/16", "1/16"],
        ["1/4", 0, 0, 0],
    ],
    [["1/3", "1/6"], ["1/12", "5/12"]],
    [["2/7", "1/7", 0], ["1/7", "1/7", "2/7"]],
]


@pytest.mark.parametrize("rows", BIVARIATE)
def test_dit_all_mutual_informations_agree_for_two_variables(rows):
    d = sk.JointDistribution(rows)
    i = sk.mutual_information(d, "X", "Y")
    for value in (
        sk.co_information(d),
        sk.total_correlation(d),
        sk.dual_total_correlation(d),
        sk.interaction_information(d),
    ):
        assert sk.canonical(value) == sk.canonical(i)


# ---------------------------------------------------------------------------------------------
# independent references: entropies of marginals with Fractions, logs with mpmath
def ref_H(J: sk.JointDistribution, names: set[str]) -> mpmath.mpf:
    sums: dict[tuple, Fraction] = {}
    idx = [J.names.index(n) for n in J.names if n in names]
    for outcome, p in J.cells():
        key = tuple(outcome[i] for i in idx)
        sums[key] = sums.get(key, Fraction(0)) + Fraction(int(p.p), int(p.q))
    return -mpmath.fsum(
        mpmath.mpf(p.numerator) / p.denominator * mpmath.log(mpmath.mpf(p.numerator) / p.denominator)
        for p in sums.values()
        if p
    )


def fr(x: Fraction) -> mpmath.mpf:
    return mpmath.mpf(x.numerator) / x.denominator


def num(x: sympy.Expr) -> mpmath.mpf:
    return mpmath.mpf(str(sympy.N(x, 60)))


RANDOM3 = sk.JointDistribution(
    {(0, 0, 0): "1/10", (0, 0, 1): "1/20", (0, 1, 0): "3/20", (0, 1, 1): "1/10", (1, 0, 0): "1/5", (1, 0, 1): "1/20",
     (1, 1, 0): "1/20", (1, 1, 1): "3/10"},
    names=("X", "Y", "Z"),
)  # fmt: skip


def test_measures_against_fraction_entropies():
    J, H = RANDOM3, lambda *s: ref_H(RANDOM3, set(s))
    hx, hy, hz, hxy, hxz, hyz, hxyz = H("X"), H("Y"), H("Z"), H("X", "Y"), H("X", "Z"), H("Y", "Z"), H("X", "Y", "Z")
    expected = {
        "tc": hx + hy + hz - hxyz,
        "dtc": hxyz - (hxyz - hyz) - (hxyz - hxz) - (hxyz - hxy),
        "res": 3 * hxyz - hyz - hxz - hxy,
        "co": hx + hy + hz - hxy - hxz - hyz + hxyz,
        "vi": 2 * hxy - hx - hy,
        "vi_z": 2 * hxyz - hxz - hyz,
    }
    got = {
        "tc": sk.total_correlation(J),
        "dtc": sk.dual_total_correlation(J),
        "res": sk.residual_entropy(J),
        "co": sk.co_information(J),
        "vi": sk.variation_of_information(J, "X", "Y"),
        "vi_z": sk.variation_of_information(J, "X", "Y", given="Z"),
    }
    for key, value in expected.items():
        assert abs(num(got[key]) - value) < 1e-45, key
    assert abs(num(sk.interaction_information(J)) + expected["co"]) < 1e-45
    assert abs(num(sk.o_information(J)) - (expected["tc"] - expected["dtc"])) < 1e-45
    # lautum: D(p(x) p(y) p(z) || p(x, y, z)) summed by hand
    cells = {o: Fraction(int(p.p), int(p.q)) for o, p in J.cells()}
    margins = [{a: sum(p for o, p in cells.items() if o[i] == a) for a in (0, 1)} for i in range(3)]
    lautum = mpmath.fsum(
        (lambda prod: prod * mpmath.log(prod / fr(cells[o])))(
            fr(margins[0][o[0]] * margins[1][o[1]] * margins[2][o[2]])
        )
        for o in cells
    )
    assert abs(num(sk.lautum_information(J)) - lautum) < 1e-45


def test_symbolic_tables_and_bases():
    p = sympy.Symbol("p", positive=True)
    J = sk.JointDistribution([[p / 2, (1 - p) / 2], [(1 - p) / 2, p / 2]])
    tc = sk.total_correlation(J, base=2)
    assert abs(sympy.N(tc.subs(p, sympy.Rational(1, 4))) - sympy.N(sk.total_correlation(sk.JointDistribution(
        [["1/8", "3/8"], ["3/8", "1/8"]]), base=2))) < 1e-30  # fmt: skip
    assert sk.co_information(XOR, base="1/2") == 1  # a base below 1 flips the sign


# ---------------------------------------------------------------------------------------------
# conditional KL and cross-entropy; J.map
def test_conditional_kl_chain_rule_against_mpmath():
    P_rows = [["1/2", "1/4", "1/4"], ["1/3", "1/3", "1/3"]]
    Q_rows = [["1/4", "1/4", "1/2"], ["1/6", "1/2", "1/3"]]
    M = ["2/5", "3/5"]
    value = sk.conditional_kl_divergence(P_rows, Q_rows, M, base=2)
    ref = mpmath.fsum(
        fr(Fraction(m)) * mpmath.fsum(
            fr(Fraction(a)) * mpmath.log(fr(Fraction(a)) / fr(Fraction(b)), 2)
            for a, b in zip(pr, qr)
        )
        for m, pr, qr in zip(M, P_rows, Q_rows)
    )  # fmt: skip
    assert abs(num(value) - ref) < 1e-45
    ce = sk.conditional_cross_entropy(P_rows, Q_rows, M)
    row_entropy = [-mpmath.fsum(fr(Fraction(a)) * mpmath.log(fr(Fraction(a))) for a in r) for r in P_rows]
    h = mpmath.fsum(fr(Fraction(m)) * e for m, e in zip(M, row_entropy))
    assert abs(num(ce) - (h + ref * mpmath.log(2))) < 1e-45
    # dict form, a zero-weight outcome needs no row, and oo without absolute continuity
    assert (
        sk.conditional_kl_divergence({"a": [1, 0], "b": [0, 1]}, {"a": ["1/2", "1/2"]}, {"a": 1, "b": 0}, base=2) == 1
    )
    assert sk.conditional_kl_divergence([[1, 0]], [[0, 1]], [1]) == sympy.oo
    M_named = sk.Distribution(["2/5", "3/5"], name="M")
    assert sk.ConditionalKL(P_rows, Q_rows, M_named, base=2).doit() == value
    assert str(sk.ConditionalCrossEntropy(P_rows, Q_rows, M_named)) == "H(P || Q | M)"


def test_map_is_the_distribution_of_a_function():
    J = sk.JointDistribution([["1/8", "1/4"], ["1/8", "1/2"]])
    assert J.map(lambda x, y: x + y).as_dict() == {
        0: sympy.Rational(1, 8),
        1: sympy.Rational(3, 8),
        2: sympy.Rational(1, 2),
    }
    assert J.map(lambda x: 1 - x, names="X").probabilities == (sympy.Rational(3, 8), sympy.Rational(5, 8))
    h = sk.entropy(J.map(lambda x, y: x + y))
    expected = -mpmath.fsum(p * mpmath.log(p) for p in (mpmath.mpf(1) / 8, mpmath.mpf(3) / 8, mpmath.mpf(1) / 2))
    assert abs(num(h) - expected) < 1e-45
    assert sk.compare(h, sk.joint_entropy(J)) <= 0  # H(f(X, Y)) <= H(X, Y)


# ---------------------------------------------------------------------------------------------
# errors and unevaluated forms
def test_bad_input():
    with pytest.raises(InvalidDistribution, match="total_correlation needs a JointDistribution, got list"):
        sk.total_correlation([["1/2", "1/2"]])
    with pytest.raises(InvalidDistribution, match="no variable 'W'"):
        sk.co_information(XOR, [["X0"], ["W"]])
    with pytest.raises(InvalidDistribution, match="no variable 'W'"):
        sk.total_correlation(XOR, given="W")
    with pytest.raises(InvalidInput, match="at least one group"):
        sk.dual_total_correlation(XOR, [["X0"], []])
    with pytest.raises(InvalidInput, match="must not share variables"):
        sk.lautum_information(XOR, [["X0", "X1"], ["X1"]])
    with pytest.raises(InvalidDistribution, match="Q has no conditional distribution"):
        sk.conditional_kl_divergence([[1, 0], [0, 1]], [[1, 0]], ["1/2", "1/2"])
    with pytest.raises(InvalidDistribution, match="outcomes differ"):
        sk.conditional_kl_divergence([[1, 0]], [[1, 0, 0]], [1])
    with pytest.raises(InvalidInput, match="takes two groups"):
        sk.VariationOfInformation(XOR).doit()


def test_unevaluated_forms():
    cases = [
        (sk.TotalCorrelation(XOR), "TC(X0; X1; X2)", r"\operatorname{TC}(X0; X1; X2)", 1),
        (sk.DualTotalCorrelation(XOR, base=2), "DTC(X0; X1; X2) [bits]", None, 2),
        (sk.CoInformation(XOR, g(0, 1), given="X2"), "I(X0; X1 | X2)", r"\operatorname{I}(X0; X1 \mid X2)", 1),
        (sk.InteractionInformation(XOR), "II(X0; X1; X2)", None, 1),
        (sk.OInformation(XOR), "Omega(X0; X1; X2)", r"\Omega(X0; X1; X2)", -1),
        (sk.SInformation(XOR), "Sigma(X0; X1; X2)", None, 3),
        (sk.ResidualEntropy(XOR), "R(X0; X1; X2)", None, 0),
        (sk.VariationOfInformation(XOR, g(0, 1)), "VI(X0; X1)", None, 2),
        (sk.LautumInformation(XOR, g(0, 1)), "L(X0; X1)", None, 0),
    ]
    for expr, text, latex, bits in cases:
        assert str(expr) == text
        if latex is not None:
            assert sk.latex(expr) == latex
        value = expr.doit()
        assert value == bits if expr.base == 2 else sk.canonical(value / sympy.log(2)) == bits
    assert sk.TotalCorrelation(XOR).is_extended_nonnegative and sk.CoInformation(XOR).is_extended_nonnegative is None


def test_against_dit_live():
    dit = pytest.importorskip("dit")
    outcomes = ["000", "001", "010", "011", "100", "101", "110", "111"]
    pmf = ["1/10", "1/20", "3/20", "1/10", "1/5", "1/20", "1/20", "3/10"]
    d = dit.Distribution(outcomes, [float(Fraction(p)) for p in pmf])
    J = table(outcomes, pmf)
    pairs = [
        (sk.total_correlation, dit.multivariate.total_correlation),
        (sk.dual_total_correlation, dit.multivariate.dual_total_correlation),
        (sk.residual_entropy, dit.multivariate.residual_entropy),
        (sk.co_information, dit.multivariate.coinformation),
        (sk.interaction_information, dit.multivariate.interaction_information),
        (sk.o_information, dit.multivariate.o_information),
        (sk.s_information, dit.multivariate.s_information),
        (sk.lautum_information, dit.other.lautum_information),
    ]
    for ours, theirs in pairs:
        assert float(ours(J, base=2)) == pytest.approx(theirs(d), abs=1e-12)
    assert float(sk.co_information(J, g(0, 1), given=v(2), base=2)) == pytest.approx(
        dit.multivariate.coinformation(d, [[0], [1]], [2]), abs=1e-12
    )
