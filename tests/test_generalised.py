"""Generalised measures (issue 22, item 2): Renyi of every order, Tsallis, alpha-divergence, Bhattacharyya,
Chernoff, weighted n-ary Jensen-Shannon, perplexity, extropy.

Cross-checks never use symkl itself: (a) cases ported from dit's own test suite (dit 2.3, tests/other and
tests/divergences), with their expected values written here; (b) mpmath at 50 digits from the definitions,
with Fractions; (c) dit itself, live, when it is installed (it is not in the test extra: it pulls pandas
and xarray, about 110 MB, and imports in about 7 s).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import mpmath
import pytest
import sympy
from sympy import Rational, log, oo

import symkl as sk
from symkl.errors import InvalidDistribution, InvalidInput


@pytest.fixture(autouse=True)
def _fifty_digits():
    """Every reference value at 50 digits, whatever precision another test module left mpmath at."""
    with mpmath.workdps(50):
        yield


def num(value: sympy.Expr) -> mpmath.mpf:
    return mpmath.mpf(str(sympy.N(value, 60)))


def close(value: sympy.Expr, expected: float | mpmath.mpf, tol: float = 1e-40) -> bool:
    if expected in (math.inf, -math.inf):
        return value == (oo if expected > 0 else -oo)
    return abs(num(value) - mpmath.mpf(expected)) <= tol * max(1, abs(mpmath.mpf(expected)))


def F(text: str) -> list[Fraction]:
    return [Fraction(x) for x in text.split(",")]


def mp(fractions: list[Fraction]) -> list[mpmath.mpf]:
    return [mpmath.mpf(f.numerator) / f.denominator for f in fractions]


# independent references from the definitions (nats)
def ref_renyi(P: list[Fraction], a: Fraction) -> mpmath.mpf:
    p = [x for x in mp(P) if x > 0]
    if a == 0:
        return mpmath.log(len(p))
    return mpmath.log(
        mpmath.fsum(
            x ** mpmath.mpf(a.numerator) / a.denominator if False else x ** (mpmath.mpf(a.numerator) / a.denominator)
            for x in p
        )
    ) / (1 - mpmath.mpf(a.numerator) / a.denominator)


def ref_renyi_div(P: list[Fraction], Q: list[Fraction], a: Fraction) -> mpmath.mpf:
    alpha = mpmath.mpf(a.numerator) / a.denominator
    total = mpmath.fsum(p**alpha * q ** (1 - alpha) for p, q in zip(mp(P), mp(Q)) if p > 0 and q > 0)
    return mpmath.log(total) / (alpha - 1)


P3, Q3, R3 = F("1/5,2/5,2/5"), F("1/4,1/2,1/4"), F("1/6,1/3,1/2")
ORDERS = [Fraction(-2), Fraction(-1, 2), Fraction(1, 3), Fraction(1, 2), Fraction(2), Fraction(7, 3)]


# ---------------------------------------------------------------------------------------------
# Renyi: every order
@pytest.mark.parametrize("alpha", [0, "1/2", 1, 2, 5, oo])
def test_dit_renyi_entropy_of_uniform_is_order_free(alpha):
    # dit tests/other/test_renyi_entropy.py::test_renyi_entropy_1 and _2
    assert sk.renyi_entropy(sk.uniform(8), alpha, base=2) == 3
    J = sk.JointDistribution({(0, 0): "1/4", (1, 1): "1/4", (2, 2): "1/4", (3, 3): "1/4"})
    assert sk.renyi_entropy(J.joint, alpha, base=2) == 2
    assert sk.renyi_entropy(J.marginal("X"), alpha, base=2) == 2


@pytest.mark.parametrize("alpha", ORDERS)
def test_renyi_entropy_every_order_against_mpmath(alpha):
    for P in (P3, Q3, F("1/2,1/4,1/4,0")):
        assert close(sk.renyi_entropy([str(x) for x in P], str(alpha)), ref_renyi(P, alpha))


def test_renyi_entropy_limits_and_hartley():
    P = ["1/2", "1/4", "1/8", "1/8", 0]
    assert sk.renyi_entropy(P, 0, base=2) == 2  # log2 |support| = log2 4
    assert sk.renyi_entropy(P, oo, base=2) == 1  # -log2 max p
    assert sk.renyi_entropy(P, -oo, base=2) == 3  # -log2 min_{p > 0} p
    assert sk.renyi_entropy(P, "-inf", base=2) == 3 and sk.renyi_entropy(P, float("inf"), base=2) == 1
    assert sk.renyi_entropy(P, 1, base=2) == Rational(7, 4)
    assert sk.compare(sk.renyi_entropy(P, -1, base=2), log(2 + 4 + 8 + 8) / (2 * log(2))) == 0
    # the value tends to Shannon's as alpha -> 1, from both sides (mpmath)
    for side in (1, -1):
        near = Fraction(1) + side * Fraction(1, 10**6)
        assert abs(ref_renyi(F("1/2,1/4,1/8,1/8"), near) - num(sk.entropy(P))) < 1e-5


@pytest.mark.parametrize("alpha", ORDERS)
def test_renyi_divergence_every_order_against_mpmath(alpha):
    for P, Q in itertools.permutations((P3, Q3, R3), 2):
        value = sk.renyi_divergence([str(x) for x in P], [str(x) for x in Q], str(alpha), base=2)
        assert close(value, ref_renyi_div(P, Q, alpha) / mpmath.log(2))


def test_renyi_divergence_orders_zero_negative_and_infinite():
    P, Q = ["1/2", "1/2", 0], ["1/4", "1/4", "1/2"]
    assert sk.renyi_divergence(P, Q, 0, base=2) == 1  # -log2 Q(p > 0) = -log2(1/2)
    assert sk.renyi_divergence(P, Q, -1) == -oo  # q > 0 = p and a < 0
    assert sk.renyi_divergence(Q, P, -1) == sk.renyi_divergence(Q, P, -1)
    assert sk.renyi_divergence(P, Q, oo, base=2) == 1  # log2 max p/q = log2 2
    assert sk.renyi_divergence(Q, P, oo) == oo
    assert sk.renyi_divergence(P, Q, -oo) == -oo  # -D_oo(Q || P)
    assert sk.renyi_divergence(Q3, P3, -oo, base=2) == -sk.renyi_divergence(P3, Q3, oo, base=2)
    assert sk.renyi_divergence(["1/2", "1/2"], ["1/2", "1/2"], -3) == 0


@pytest.mark.parametrize("alpha", [Rational(1, 10), Rational(1, 3), Rational(1, 2), Rational(4, 5), Rational(-2), 3])
def test_renyi_skew_symmetry(alpha):
    """(1 - a) D_a(P||Q) = a D_{1-a}(Q||P), exactly (the power sums are the same algebraic number)."""
    for P, Q in itertools.permutations((P3, Q3, R3), 2):
        Ps, Qs = [str(x) for x in P], [str(x) for x in Q]
        left = (1 - alpha) * sk.renyi_divergence(Ps, Qs, alpha)
        right = alpha * sk.renyi_divergence(Qs, Ps, 1 - alpha)
        assert sympy.expand(left - right) == 0
        assert abs(num(left) - num(right)) < 1e-45


@pytest.mark.parametrize("alpha", [-1, 0, "1/2", 1, 2])
def test_dit_alpha_and_renyi_symmetries(alpha):
    # dit tests/divergences/test_generalized_divergences.py::test_alpha_symmetry
    a = sympy.Rational(alpha) if isinstance(alpha, str) else sympy.Integer(alpha)
    dists = [["1/2", "1/2"], ["1/3", "2/3"], ["2/5", "3/5"]]
    for P, Q in itertools.product(dists, repeat=2):
        assert abs(num(sk.alpha_divergence(P, Q, a)) - num(sk.alpha_divergence(Q, P, -a))) < 1e-45
        if a not in (0, 1):
            left, right = (1 - a) * sk.renyi_divergence(P, Q, a), a * sk.renyi_divergence(Q, P, 1 - a)
            assert abs(num(left) - num(right)) < 1e-45


def test_dit_renyi_values_and_consistency():
    # dit test_renyi_values and test_renyi (H_a(P) = H_a(U) - D_a(P || U))
    assert sk.renyi_divergence([0, 1], ["1/2", "1/2"], "1/2", base=2) == 1
    assert sk.renyi_divergence(["1/2", "1/2"], [1, 0], "1/2", base=2) == 1
    assert sk.renyi_divergence([0, 1], [1, 0], "1/2") == oo
    P, U = ["1/4", "1/2", "1/4"], sk.uniform(3)
    for alpha in (0, "1/2", 1, 2, "-3/2"):
        h, h_u, d = sk.renyi_entropy(P, alpha), sk.renyi_entropy(U, alpha), sk.renyi_divergence(P, U, alpha)
        assert abs(num(h) - num(h_u - d)) < 1e-45


@pytest.mark.parametrize("dist", [["1/2", "1/2"], ["1/3", "1/3", "1/3"], ["2/5", "3/5"], ["1/2", 0, "1/2"]])
@pytest.mark.parametrize("alpha", [0, 1, 2, "1/2"])
def test_dit_divergences_vanish_on_equal_arguments(dist, alpha):
    # dit test_positive_definite1 (alpha- and Renyi divergences)
    assert sk.renyi_divergence(dist, dist, alpha) == 0
    assert sk.alpha_divergence(dist, dist, alpha) == 0


# ---------------------------------------------------------------------------------------------
# Tsallis, alpha-divergence, Bhattacharyya
@pytest.mark.parametrize("q", [Rational(k, 2) for k in range(-4, 5)])
def test_dit_tsallis_pseudo_additivity(q):
    # dit tests/other/test_tsallis_entropy.py: S(A, B) = S(A) + S(B) + (1 - q) S(A) S(B), uniform on 2 x 3
    S_AB, S_A, S_B = (
        sk.tsallis_entropy(sk.uniform(6), q),
        sk.tsallis_entropy(sk.uniform(2), q),
        sk.tsallis_entropy(sk.uniform(3), q),
    )
    assert (
        sympy.expand(S_A + S_B + (1 - q) * S_A * S_B - S_AB) == 0
        or abs(num(S_A + S_B + (1 - q) * S_A * S_B - S_AB)) < 1e-45
    )


@pytest.mark.parametrize("q", [Fraction(-1), Fraction(0), Fraction(1, 2), Fraction(2), Fraction(3)])
def test_tsallis_against_the_definition(q):
    for P in (P3, F("1/2,0,1/2")):
        p = [x for x in mp(P) if x > 0]
        qq = mpmath.mpf(q.numerator) / q.denominator
        assert close(sk.tsallis_entropy([str(x) for x in P], str(q)), (1 - mpmath.fsum(x**qq for x in p)) / (qq - 1))
    assert sk.tsallis_entropy(["1/2", "1/2"], 1) == log(2)
    assert sk.tsallis_entropy(["1/2", "1/2"], oo) == 0


def ref_alpha(P: list[Fraction], Q: list[Fraction], a: Fraction) -> mpmath.mpf:
    alpha = mpmath.mpf(a.numerator) / a.denominator
    s = mpmath.fsum(p ** ((1 - alpha) / 2) * q ** ((1 + alpha) / 2) for p, q in zip(mp(P), mp(Q)))
    return 4 * (1 - s) / (1 - alpha**2)


@pytest.mark.parametrize("alpha", [Fraction(-3), Fraction(-1, 2), Fraction(0), Fraction(1, 3), Fraction(2)])
def test_alpha_divergence_against_the_definition(alpha):
    for P, Q in itertools.permutations((P3, Q3, R3), 2):
        assert close(sk.alpha_divergence([str(x) for x in P], [str(x) for x in Q], str(alpha)), ref_alpha(P, Q, alpha))


def test_alpha_divergence_limits_are_kl_in_amaris_convention():
    P, Q = ["1/3", "2/3"], ["2/5", "3/5"]
    assert sk.alpha_divergence(P, Q, -1) == sk.kl_divergence(P, Q)
    assert sk.alpha_divergence(P, Q, 1) == sk.kl_divergence(Q, P)
    # the closed sum tends to these limits (mpmath, a = 1 -+ 1e-20)
    eps = Fraction(1, 10**20)
    assert abs(ref_alpha(F("1/3,2/3"), F("2/5,3/5"), 1 - eps) - num(sk.kl_divergence(Q, P))) < 1e-15
    assert abs(ref_alpha(F("1/3,2/3"), F("2/5,3/5"), -1 + eps) - num(sk.kl_divergence(P, Q))) < 1e-15
    # |a| > 1 without absolute continuity: oo; a = 0 is 4 (1 - BC)
    assert sk.alpha_divergence([1, 0], ["1/2", "1/2"], 3) == oo
    assert sk.alpha_divergence(["1/2", "1/2"], [1, 0], -3) == oo
    assert sk.alpha_divergence(P, Q, 0) == sympy.expand(4 * (1 - sk.bhattacharyya_coefficient(P, Q)))


def test_bhattacharyya():
    P, Q = ["1/2", "1/2"], ["1/8", "7/8"]
    bc = sk.bhattacharyya_coefficient(P, Q)
    assert bc == (1 + sympy.sqrt(7)) / 4
    assert close(bc, mpmath.sqrt(mpmath.mpf(1) / 16) + mpmath.sqrt(mpmath.mpf(7) / 16))
    assert close(sk.bhattacharyya_distance(P, Q, base=2), -mpmath.log((1 + mpmath.sqrt(7)) / 4, 2))
    assert sk.bhattacharyya_distance([1, 0], [0, 1]) == oo and sk.bhattacharyya_coefficient([1, 0], [0, 1]) == 0
    assert sk.bhattacharyya_distance(["1/4", "3/4"], ["1/4", "3/4"]) == 0
    # D_B = D_{1/2} / 2
    assert (
        abs(
            num(sk.bhattacharyya_distance(P3 and ["1/5", "2/5", "2/5"], ["1/4", "1/2", "1/4"]))
            - num(sk.renyi_divergence(["1/5", "2/5", "2/5"], ["1/4", "1/2", "1/4"], "1/2")) / 2
        )
        < 1e-45
    )
    assert sk.hellinger(["1/2", "1/2"], ["1/8", "7/8"]) ** 2 == 1 - bc


# ---------------------------------------------------------------------------------------------
# Chernoff information
def ref_chernoff(P: list[Fraction], Q: list[Fraction]) -> mpmath.mpf:
    pairs = [(p, q) for p, q in zip(mp(P), mp(Q)) if p > 0 and q > 0]

    def f(lam):
        return mpmath.log(mpmath.fsum(p**lam * q ** (1 - lam) for p, q in pairs))

    def slope(lam):
        return mpmath.fsum(p**lam * q ** (1 - lam) * mpmath.log(p / q) for p, q in pairs)

    lam = mpmath.findroot(slope, (mpmath.mpf("0.001"), mpmath.mpf("0.999")), solver="anderson")
    return -f(lam)


@pytest.mark.parametrize(
    ("P", "Q"),
    [("1/2,1/2", "1/4,3/4"), ("1/5,2/5,2/5", "1/4,1/2,1/4"), ("1/3,2/3", "9/10,1/10"), ("1/100,99/100", "1/2,1/2")],
)
def test_chernoff_closed_form_of_two_ratios_against_mpmath(P, Q):
    value = sk.chernoff_information(P.split(","), Q.split(","))
    assert not value.has(sympy.Float)
    assert close(value, ref_chernoff(F(P), F(Q)), 1e-35)
    assert close(
        sk.chernoff_information(P.split(","), Q.split(","), base=2), ref_chernoff(F(P), F(Q)) / mpmath.log(2), 1e-35
    )


@pytest.mark.parametrize(
    ("P", "Q", "digits"),
    [
        ("1/2,1/3,1/6", "1/6,1/3,1/2", 20),
        ("1/5,2/5,2/5", "1/2,1/3,1/6", 30),
        ("1/10,2/10,3/10,4/10", "4/10,3/10,2/10,1/10", 45),
    ],
)
def test_chernoff_guaranteed_digits_against_mpmath(P, Q, digits):
    value = sk.chernoff_information(P.split(","), Q.split(","), digits=digits)
    assert isinstance(value, sympy.Float)
    truth = ref_chernoff(F(P), F(Q))
    unit = mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(truth)) - digits + 1)
    assert abs(mpmath.mpf(str(value)) - truth) <= unit  # within one unit in the last digit


def test_chernoff_exact_cases_and_bounds():
    assert sk.chernoff_information(["1/3", "2/3"], ["1/3", "2/3"]) == 0
    assert sk.chernoff_information([1, 0], [0, 1]) == oo
    assert sk.chernoff_information(["1/2", "1/2", 0], ["1/4", "1/4", "1/2"], base=2) == 1  # minimum at l = 0
    assert sk.chernoff_information(["1/4", "1/4", "1/2"], ["1/2", "1/2", 0], base=2) == 1  # minimum at l = 1
    # 0 <= C <= min(D(P||Q), D(Q||P)) and C >= the Bhattacharyya distance (l = 1/2 is one choice)
    P, Q = ["1/5", "2/5", "2/5"], ["1/6", "1/3", "1/2"]
    c = num(sk.chernoff_information(P, Q))
    assert num(sk.bhattacharyya_distance(P, Q)) <= c <= min(num(sk.kl_divergence(P, Q)), num(sk.kl_divergence(Q, P)))


def test_chernoff_bad_input():
    p = sympy.Symbol("p", positive=True)
    with pytest.raises(InvalidInput, match="exact rational probabilities"):
        sk.chernoff_information([p, 1 - p], ["1/2", "1/2"])
    with pytest.raises(InvalidInput, match="digits must be an integer"):
        sk.chernoff_information(["1/2", "1/2"], ["1/3", "2/3"], digits=0)
    with pytest.raises(InvalidDistribution, match="outcomes differ"):
        sk.chernoff_information(["1/2", "1/2"], ["1/3", "1/3", "1/3"])


# ---------------------------------------------------------------------------------------------
# Jensen-Shannon, perplexity, extropy
def test_dit_jensen_shannon_cases():
    # dit tests/divergences/test_jensen_shannon_divergence.py (outcomes A, B, C aligned)
    A, B = ["1/2", "1/2", 0], [0, "1/2", "1/2"]
    assert sk.js_divergence(A, A, base=2) == 0
    assert sk.js_divergence(A, B, base=2) == Rational(1, 2)
    assert sk.js_divergence(["1/2", "1/2", 0, 0], [0, 0, "1/2", "1/2"], base=2) == 1
    weighted = sk.js_divergence(A, B, weights=["1/4", "3/4"], base=2)
    assert close(weighted, mpmath.mpf("0.40563906222956625"), 1e-15)
    # independently: H(mixture) - sum w H, with Fractions and mpmath
    mixture = [Fraction(1, 8), Fraction(1, 2), Fraction(3, 8)]
    expected = -mpmath.fsum(m * mpmath.log(m, 2) for m in mp(mixture)) - 1
    assert close(weighted, expected)
    with pytest.raises(InvalidInput, match="3 weights for 2 distributions"):
        sk.js_divergence(A, B, weights=["1/10", "6/10", "3/10"])


def test_js_n_ary_and_weight_errors():
    e = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert sk.js_divergence(*e, base=3) == 1
    assert sk.js_divergence(*e, weights=["1/2", "1/4", "1/4"], base=2) == Rational(3, 2)
    with pytest.raises(InvalidInput, match="at least two distributions"):
        sk.js_divergence([1, 0])
    with pytest.raises(InvalidInput, match="weights sum to 3/4, not 1"):
        sk.js_divergence(*e, weights=["1/4", "1/4", "1/4"])
    with pytest.raises(InvalidInput, match=r"weights\[0\] is negative"):
        sk.js_divergence([1, 0], [0, 1], weights=["-1/2", "3/2"])
    with pytest.raises(InvalidDistribution, match="outcomes differ"):
        sk.js_divergence([1, 0], [0, 0, 1])


@pytest.mark.parametrize("i", range(2, 10))
def test_dit_perplexity_and_extropy_of_uniform(i):
    # dit test_perplexity p1-p4 and test_extropy J4-J6: J(U_i) = (i - 1)(log i - log(i - 1))
    assert sk.perplexity(sk.uniform(i)) == i
    for base, logb in ((2, mpmath.log(2)), (None, 1), (10, mpmath.log(10))):
        expected = (i - 1) * (mpmath.log(i) - mpmath.log(i - 1)) / logb
        assert close(sk.extropy(sk.uniform(i), base=base), expected)
    if i >= 3:  # J7: J < H
        assert sk.compare(sk.extropy(sk.uniform(i)), sk.entropy(sk.uniform(i))) == -1


def test_dit_joint_perplexity_and_extropy_identities():
    J = sk.JointDistribution([["1/4", "1/4"], ["1/4", "1/4"]])
    assert (sk.perplexity(J), sk.perplexity(J, "X"), sk.perplexity(J, "X", given="Y")) == (4, 2, 2)
    G = sk.JointDistribution([["1/2", 0], [0, "1/2"]])
    assert (sk.perplexity(G), sk.perplexity(G, "X", given="Y"), sk.perplexity(G, "Y", given="X")) == (2, 1, 1)
    assert sk.extropy(["1/2", "1/2"], base=2) == 1 and sk.extropy(G, base=2) == 1  # J2, J3
    assert sk.extropy(["1/4", "3/4"]) == sk.entropy(["1/4", "3/4"])  # J1
    # J9, J10: J = sum H(p) - H and H = sum J(p) - J, with the binary entropies of each p
    P = ["1/2", "1/4", "1/8", "1/16", "1/16"]
    binary = [sk.entropy([p, 1 - Rational(p)]) for p in P]
    assert sk.canonical(sk.extropy(P)) == sk.canonical(sum(binary) - sk.entropy(P))
    # J11: J(P) = (N - 1)(H(Q) - log(N - 1)) with Q = (1 - P)/(N - 1)
    Q = [(1 - Rational(p)) / 4 for p in P]
    assert sk.canonical(sk.extropy(P)) == sk.canonical(4 * (sk.entropy(Q) - log(4)))
    assert sk.perplexity(["1/2", "1/4", "1/4"]) == 2 * sympy.sqrt(2)  # 2**(3/2)
    assert close(sk.perplexity(["1/5", "2/5", "2/5"]), mpmath.exp(num(sk.entropy(["1/5", "2/5", "2/5"]))))


# ---------------------------------------------------------------------------------------------
# bad input and unevaluated forms
def test_bad_orders_and_entries():
    with pytest.raises(InvalidInput, match="the Tsallis entropy diverges"):
        sk.tsallis_entropy(["1/2", "1/2"], -oo)
    with pytest.raises(InvalidInput, match="the alpha-divergence has no limit"):
        sk.alpha_divergence(["1/2", "1/2"], ["1/2", "1/2"], oo)
    r = sympy.Symbol("r")
    with pytest.raises(InvalidInput, match="cannot tell whether the entry r is 0"):
        sk.renyi_entropy([r, 1 - r], 0)
    with pytest.raises(InvalidInput, match="cannot tell whether"):
        sk.renyi_divergence([r, 1 - r], ["1/2", "1/2"], -1)
    with pytest.raises(InvalidInput, match="alpha must be real"):
        sk.renyi_entropy(["1/2", "1/2"], sympy.I)
    with pytest.raises(InvalidInput, match="names and given need a JointDistribution"):
        sk.perplexity(["1/2", "1/2"], "X")
    with pytest.raises(InvalidDistribution, match="outcomes differ"):
        sk.alpha_divergence([1, 0], [0, 0, 1], "1/2")


def test_unevaluated_forms():
    A = sk.Distribution(["1/2", "1/2"], name="A")
    B = sk.Distribution(["1/4", "3/4"], name="B")
    cases = [
        (sk.TsallisEntropy(A, 2), "S_2(A)", "S_{2}(A)", Rational(1, 2)),
        (sk.RenyiEntropy(A, -1, base=2), "H_-1(A) [bits]", None, 1),
        (sk.RenyiEntropy(A, 0), "H_0(A)", "H_{0}(A)", log(2)),
        (sk.BhattacharyyaCoefficient(A, A), "BC(A, A)", r"\mathrm{BC}(A, A)", 1),
        (sk.BhattacharyyaDistance(A, B), "D_B(A, B)", r"D_{\mathrm{B}}(A, B)", sk.bhattacharyya_distance(A, B)),
        (sk.ChernoffInformation(A, A), "C(A, A)", "C(A, A)", 0),
        (sk.Perplexity(A), "PP(A)", r"\mathrm{PP}(A)", 2),
        (sk.Extropy(A, base=2), "J(A) [bits]", None, 1),
        (sk.AlphaDivergence(A, B, -1), "D^(-1)(A || B)", r"D^{(-1)}(A \parallel B)", sk.kl_divergence(A, B)),
        (sk.JensenShannon(A, B, base=2), "D_JS(A, B) [bits]", None, sk.js_divergence(A, B, base=2)),
    ]
    for expr, text, latex, value in cases:
        assert str(expr) == text
        if latex is not None:
            assert sk.latex(expr) == latex
        assert expr.doit() == value
    assert sk.TsallisEntropy(A, -2).is_extended_nonnegative
    assert sk.Eq(sk.JensenShannon(A, B), sk.JS(A, B)).doit()


# ---------------------------------------------------------------------------------------------
# live cross-check against dit, where installed
def test_against_dit_live():
    dit = pytest.importorskip("dit")
    import numpy as np

    pairs = [(P3, Q3), (Q3, R3), (F("1/10,2/10,3/10,4/10"), F("1/4,1/4,1/4,1/4"))]
    for P, Q in pairs:
        Ps, Qs = [str(x) for x in P], [str(x) for x in Q]
        dp, dq = (dit.Distribution([str(i) for i in range(len(P))], [float(x) for x in X]) for X in (P, Q))
        for alpha in (0, 0.5, 2, np.inf):
            a = oo if alpha == np.inf else Rational(alpha)
            assert float(sk.renyi_entropy(Ps, a, base=2)) == pytest.approx(dit.other.renyi_entropy(dp, alpha))
        for alpha in (0.5, 2, 3):
            assert float(sk.renyi_divergence(Ps, Qs, Rational(alpha), base=2)) == pytest.approx(
                dit.divergences.renyi_divergence(dp, dq, alpha)
            )
        for q in (-1, 0.5, 2):
            assert float(sk.tsallis_entropy(Ps, Rational(q))) == pytest.approx(dit.other.tsallis_entropy(dp, q))
        for alpha in (-0.5, 0, 0.5, 2):
            assert float(sk.alpha_divergence(Ps, Qs, Rational(alpha))) == pytest.approx(
                dit.divergences.alpha_divergence(dp, dq, alpha)
            )
        assert float(sk.bhattacharyya_coefficient(Ps, Qs)) == pytest.approx(
            dit.divergences.bhattacharyya_coefficient(dp, dq)
        )
        assert float(sk.chernoff_information(Ps, Qs, base=2)) == pytest.approx(
            dit.divergences.chernoff_information(dp, dq), rel=1e-6
        )
        assert float(sk.perplexity(Ps)) == pytest.approx(dit.other.perplexity(dp))
        assert float(sk.extropy(Ps, base=2)) == pytest.approx(dit.other.extropy(dp))
        assert float(sk.js_divergence(Ps, Qs, weights=["1/3", "2/3"], base=2)) == pytest.approx(
            dit.divergences.jensen_shannon_divergence([dp, dq], [1 / 3, 2 / 3])
        )
