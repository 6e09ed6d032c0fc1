"""Exact values of the measures (DESIGN section 2), checked against hand results and scipy."""

import math

import mpmath
import pytest
import scipy.special
import scipy.stats
import sympy
from examples import COVER_THOMAS_2_2_1
from sympy import Rational, S, Symbol, log, oo, sqrt

import symkl as sk
from symkl import InvalidDistribution, InvalidInput


def test_worked_example_in_nats_and_bits(worked_example):
    A, B, C = worked_example
    assert sk.kl_divergence(A, B) == log(2) - log(3) / 2
    assert sk.kl_divergence(A, B, base=2) == 1 - log(3) / (2 * log(2))
    assert sk.kl_divergence(A, C) == 2 * log(2) - log(7) / 2
    assert sk.kl_divergence(A, C, base=2) == 2 - log(7) / (2 * log(2))
    assert sk.decimal_string(sk.kl_divergence(A, B, base=2), 4) == "0.2075"
    assert sk.decimal_string(sk.kl_divergence(A, C, base=2), 4) == "0.5963"
    assert sk.compare(sk.kl_divergence(A, B), sk.kl_divergence(A, C)) == -1


def test_worked_example_printing(worked_example):
    A, B, _ = worked_example
    assert sk.exact_str(sk.kl_divergence(A, B)) == "log(2) - log(3)/2"
    assert sk.exact_str(sk.kl_divergence(A, B, base=2)) == "1 - log(3)/(2*log(2))"
    assert sk.latex(sk.kl_divergence(A, B, base=2)) == r"1 - \frac{1}{2} \log_{2} 3"
    assert sk.latex(sk.kl_divergence(A, B)) == r"\log 2 - \frac{1}{2} \log 3"


def test_entropy_of_dyadic_distribution_is_seven_quarters_bits():
    assert sk.entropy(["1/2", "1/4", "1/8", "1/8"], base=2) == Rational(7, 4)
    assert sk.entropy(["1/2", "1/4", "1/8", "1/8"]) == Rational(7, 4) * log(2)


def test_cover_thomas_example_2_2_1():
    J = sk.JointDistribution(COVER_THOMAS_2_2_1, names=("Y", "X"))
    assert sk.entropy(J.marginal("X"), base=2) == Rational(7, 4)
    assert sk.entropy(J.marginal("Y"), base=2) == 2
    assert sk.conditional_entropy(J, "X", given="Y", base=2) == Rational(11, 8)
    assert sk.conditional_entropy(J, "Y", given="X", base=2) == Rational(13, 8)
    assert sk.joint_entropy(J, base=2) == Rational(27, 8)
    assert sk.mutual_information(J, "X", "Y", base=2) == Rational(3, 8)
    assert sk.mutual_information(J, "Y", "X", base=2) == Rational(3, 8)
    assert sk.ConditionalEntropy(J, "X", "Y", base=2).doit() == Rational(11, 8)
    assert sk.MutualInformation(J, "X", "Y").doit() == Rational(3, 8) * log(2)
    assert str(sk.ConditionalEntropy(J, "X", given="Y")) == "H(X | Y)"
    assert str(sk.MutualInformation(J, "X", "Y")) == "I(X; Y)"


def test_conditional_mutual_information_of_xor():
    # X, Y fair independent bits, Z = X xor Y: I(X;Y) = 0 but I(X;Y|Z) = 1 bit.
    table = {(x, y, x ^ y): Rational(1, 4) for x in (0, 1) for y in (0, 1)}
    J = sk.JointDistribution(table, names=("X", "Y", "Z"))
    assert sk.mutual_information(J, "X", "Y") == 0
    assert sk.conditional_mutual_information(J, "X", "Y", given="Z", base=2) == 1
    assert str(sk.ConditionalMutualInformation(J, "X", "Y", given="Z")) == "I(X; Y | Z)"


def test_edges_follow_the_conventions():
    assert sk.kl_divergence([1, 0], [0, 1]) is oo
    assert sk.kl_divergence([0, 1], ["1/2", "1/2"]) == log(2)
    assert sk.entropy([1, 0, 0]) == 0
    assert sk.entropy(["1/2", 0, "1/2"], base=2) == 1
    assert sk.cross_entropy([1, 0], [0, 1]) is oo
    assert sk.cross_entropy([0, 1], [0, 1]) == 0
    assert sk.information(0) is oo
    assert sk.information("1/8", base=2) == 3
    assert sk.chi_square([1, 0], [0, 1]) is oo
    assert sk.chi_square([0, 1], [0, 1]) == 0
    assert sk.renyi_divergence([1, 0], [0, 1], 2) is oo
    assert sk.renyi_divergence([1, 0], [0, 1], Rational(1, 2)) is oo  # disjoint supports
    for value in (sk.kl_divergence([1, 0], [0, 1]), sk.cross_entropy(["1/2", "1/2"], [1, 0])):
        assert not value.has(sympy.zoo, sympy.nan)


def test_symbolic_bernoulli():
    p = Symbol("p", positive=True)
    q = Symbol("q", positive=True)
    P, Q = sk.bernoulli(p), sk.bernoulli(q)
    kl = sk.kl_divergence(P, Q)
    assert kl.free_symbols == {p, q}
    exact = sk.kl_divergence(["3/4", "1/4"], ["1/2", "1/2"])
    substituted = kl.subs({p: Rational(1, 4), q: Rational(1, 2)})
    assert sk.compare(substituted, exact) == 0
    H = sk.entropy(P, base=2)
    assert sk.compare(H.subs(p, Rational(1, 2)), 1) == 0
    assert sympy.diff(sk.entropy(sk.bernoulli(Symbol("x"))), Symbol("x")).subs(Symbol("x"), Rational(1, 2)) == 0


def test_symbolic_distribution_entropy_matches_definition():
    G = sk.Distribution.symbolic(3, "p")
    H = sk.entropy(G)
    definition = -sum(x * log(x) for x in G.probabilities)
    assert sympy.expand(H - definition) == 0


def test_other_measures_exact_values(worked_example):
    A, B, _ = worked_example
    assert sk.total_variation(A, B) == Rational(1, 4)
    assert sk.chi_square(A, B) == Rational(1, 3)
    assert sk.hellinger(A, B) == sqrt(1 - sqrt(Rational(1, 8)) - sqrt(Rational(3, 8)))
    assert sk.hellinger([1, 0], [0, 1]) == 1
    assert sk.js_divergence([1, 0], [0, 1], base=2) == 1
    assert sk.renyi_entropy(["1/2", "1/4", "1/4"], 2, base=2) == 3 - log(3) / log(2)
    assert sk.renyi_entropy(["1/2", "1/4", "1/4"], 1) == sk.entropy(["1/2", "1/4", "1/4"])
    assert sk.renyi_entropy(["1/2", "1/4", "1/4"], oo, base=2) == 1
    assert sk.renyi_divergence(A, B, 1) == sk.kl_divergence(A, B)
    assert sk.renyi_divergence(A, B, 2) == 2 * log(2) - log(3)
    assert sk.f_divergence(A, B, lambda t: t * log(t)) == sk.kl_divergence(A, B)
    assert sk.f_divergence(A, B, lambda t: (t - 1) ** 2) == sk.chi_square(A, B)
    assert sk.f_divergence(A, B, lambda t: abs(t - 1) / 2) == sk.total_variation(A, B)


def test_renyi_entropy_approaches_shannon_as_alpha_tends_to_one():
    a = Symbol("a", positive=True)
    H_alpha = sk.renyi_entropy(["1/2", "1/4", "1/4"], a)
    assert sk.compare(sympy.limit(H_alpha, a, 1), sk.entropy(["1/2", "1/4", "1/4"])) == 0


def test_unevaluated_forms(worked_example):
    A, B, _ = worked_example
    assert str(sk.Entropy(A)) == "H(A)"
    assert str(sk.CrossEntropy(A, B)) == "H(A, B)"
    assert str(sk.KL(A, B)) == "D_KL(A || B)"
    assert sk.latex(sk.KL(A, B)) == r"D_{\mathrm{KL}}(A \parallel B)"
    assert sympy.latex(sk.CrossEntropy(A, B)) == "H(A, B)"
    assert sympy.pretty(sk.KL(A, B)) == "D_KL(A || B)"
    assert sk.KL(A, B).doit() == sk.kl_divergence(A, B)
    assert sk.KL(A, B, base=2).doit() == sk.kl_divergence(A, B, base=2)
    assert str(sk.KL(A, B, base=2)) == "D_KL(A || B) [bits]"
    kl = sk.KL(A, B)
    assert kl.func(*kl.args) == kl
    assert sk.Eq(sk.CrossEntropy(A, B), sk.Entropy(A) + sk.KL(A, B)).doit() is sympy.true
    assert sk.Eq(sk.CrossEntropy(A, B), sk.Entropy(A) - sk.KL(A, B)).doit() is sympy.false
    for measure in (sk.JS(A, B), sk.TotalVariation(A, B), sk.Hellinger(A, B), sk.ChiSquare(A, B)):
        assert measure.doit() is not None and measure.func(*measure.args) == measure
    assert str(sk.RenyiEntropy(A, 2)) == "H_2(A)" and sk.RenyiEntropy(A, 2).doit() == log(2)
    assert str(sk.RenyiDivergence(A, B, 2)) == "D_2(A || B)"
    assert sk.Information(Rational(1, 8), base=2).doit() == 3


def test_mismatched_distributions_are_refused():
    with pytest.raises(InvalidDistribution) as caught:
        sk.kl_divergence(["1/2", "1/2"], ["1/3", "1/3", "1/3"])
    assert str(caught.value) == (
        "outcomes differ: the first distribution has 2 outcomes (0, 1), the second 3 (0, 1, 2)"
    )
    with pytest.raises(InvalidDistribution, match="outcomes differ"):
        sk.kl_divergence({"a": 1}, {"b": 1})
    # same outcomes in another order are aligned, never truncated
    aligned = sk.kl_divergence({"a": "1/4", "b": "3/4"}, {"b": "3/4", "a": "1/4"})
    assert aligned == 0


def test_bad_bases_and_orders():
    for base, message in (
        (1, "base must be positive and not 1, got 1"),
        (-2, "base must be positive and not 1, got -2"),
    ):
        with pytest.raises(InvalidInput) as caught:
            sk.entropy(["1/2", "1/2"], base=base)
        assert str(caught.value) == message
    assert sk.renyi_entropy(["1/2", "1/2"], 0) == log(2)  # order 0 is Hartley's entropy (issue 22)
    with pytest.raises(InvalidInput, match=r"^alpha = 10001/2: its numerator and denominator may have at most 10000"):
        sk.renyi_entropy(["1/2", "1/2"], "10001/2")
    with pytest.raises(InvalidInput, match=r"^probability must lie in \[0, 1\], got 2$"):
        sk.information(2)
    with pytest.raises(InvalidDistribution, match=r"^P: distribution is empty$"):
        sk.entropy([])


def test_any_positive_base():
    assert sk.entropy(sk.uniform(9), base=3) == 2
    assert sk.entropy(sk.uniform(8), base=4) == Rational(3, 2)
    assert sk.entropy(sk.uniform(10), base=10) == 1
    assert sk.entropy(["1/2", "1/2"], base="1/2") == -1
    b = Symbol("b", positive=True)
    assert sk.entropy(["1/2", "1/2"], base=b) == log(2) / log(b)


# ------------------------------------------------------------------ cross-checks with scipy
CASES = [
    (["1/2", "1/2"], ["1/4", "3/4"]),
    (["1/10", "2/10", "7/10"], ["1/3", "1/3", "1/3"]),
    (["1/2", 0, "1/2"], ["1/4", "1/4", "1/2"]),
    (["1/7", "2/7", "4/7"], ["4/7", "2/7", "1/7"]),
]


def _floats(values):
    return [float(sk.Distribution(values).probabilities[i]) for i in range(len(values))]


@pytest.mark.parametrize("P, Q", CASES)
def test_against_scipy(P, Q):
    p, q = _floats(P), _floats(Q)
    assert float(sk.kl_divergence(P, Q)) == pytest.approx(scipy.special.rel_entr(p, q).sum(), rel=1e-12)
    assert float(sk.kl_divergence(P, Q)) == pytest.approx(scipy.stats.entropy(p, q), rel=1e-12)
    assert float(sk.entropy(P, base=2)) == pytest.approx(scipy.stats.entropy(p, base=2), rel=1e-12)
    assert float(sk.cross_entropy(P, Q)) == pytest.approx(-scipy.special.xlogy(p, q).sum(), rel=1e-12)
    # scipy's jensenshannon is a distance: the square root of our divergence
    from scipy.spatial.distance import jensenshannon

    assert math.sqrt(float(sk.js_divergence(P, Q))) == pytest.approx(jensenshannon(p, q), rel=1e-10)
    assert float(sk.renyi_divergence(P, Q, 2)) == pytest.approx(
        math.log(sum(a * a / b for a, b in zip(p, q))), rel=1e-12
    )


@pytest.mark.parametrize("P, Q", CASES)
def test_against_mpmath_at_50_digits(P, Q):
    mpmath.mp.dps = 60
    Pd, Qd = sk.Distribution(P), sk.Distribution(Q)
    reference = mpmath.fsum(
        mpmath.mpf(p.p) / p.q * mpmath.log((mpmath.mpf(p.p) / p.q) / (mpmath.mpf(q.p) / q.q))
        for p, q in zip(Pd.probabilities, Qd.probabilities)
        if p != 0
    )
    ours = mpmath.mpf(sk.decimal_string(sk.kl_divergence(Pd, Qd), 50))
    assert abs(ours - reference) <= abs(reference) * mpmath.mpf(10) ** -49


def test_scipy_renormalises_silently_and_we_refuse():
    # scipy.stats.entropy quietly rescales [1, 1] to [1/2, 1/2]; symkl refuses input that does not sum to 1.
    assert scipy.stats.entropy([1, 1]) == pytest.approx(math.log(2))
    with pytest.raises(InvalidDistribution, match=r"^P: entries sum to 2, not 1$"):
        sk.entropy([1, 1])
    assert sk.entropy(sk.Distribution([1, 1], normalize=True)) == log(2)


def test_result_types_are_exact():
    value = sk.kl_divergence(["1/3", "2/3"], ["1/2", "1/2"])
    assert not value.has(sympy.Float)
    assert value.is_real and value.is_number
    assert S(value).is_Add
