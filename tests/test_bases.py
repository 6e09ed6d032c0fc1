"""Every measure in many bases (below 1, non-integer, huge, irrational) against mpmath from the raw definitions.

The reference never calls symkl: each value is the defining sum evaluated by mpmath at 80 digits and
divided by mpmath's log(base). symkl's exact answer must give the same 25 correctly rounded digits
through ``decimal_string`` and the same value through SymPy's own ``evalf``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symkl as sk


@pytest.fixture(autouse=True)
def mpmath_precision():
    """80 digits for every reference here, whatever other test modules set; restored afterwards."""
    with mpmath.workdps(80):
        yield


P3 = [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)]
Q3 = [Fraction(1, 4), Fraction(1, 4), Fraction(1, 2)]
WITH_ZERO = [Fraction(3, 4), Fraction(0), Fraction(1, 4)]
TABLE = {(0, 0, 0): Fraction(1, 8), (0, 1, 1): Fraction(1, 4), (1, 0, 1): Fraction(1, 3), (1, 1, 0): Fraction(7, 24)}

#: (what symkl receives, mpmath's value of the base)
BASES: list[tuple[object, Callable[[], mpmath.mpf]]] = [
    ("1/2", lambda: mpmath.mpf(1) / 2),
    ("1/3", lambda: mpmath.mpf(1) / 3),
    ("1/4", lambda: mpmath.mpf(1) / 4),
    ("1/8", lambda: mpmath.mpf(1) / 8),
    ("1/9", lambda: mpmath.mpf(1) / 9),
    ("1/16", lambda: mpmath.mpf(1) / 16),
    ("1/6", lambda: mpmath.mpf(1) / 6),
    ("1/10", lambda: mpmath.mpf(1) / 10),
    ("2/3", lambda: mpmath.mpf(2) / 3),
    ("3/2", lambda: mpmath.mpf(3) / 2),
    ("9/10", lambda: mpmath.mpf(9) / 10),
    (Fraction(1, 10**50), lambda: mpmath.mpf(10) ** -50),
    (10**50, lambda: mpmath.mpf(10) ** 50),
    (2**200 + 1, lambda: mpmath.mpf(2**200 + 1)),
    (2, lambda: mpmath.mpf(2)),
    (7, lambda: mpmath.mpf(7)),
    (10, lambda: mpmath.mpf(10)),
    (None, lambda: mpmath.e),
    (sympy.E, lambda: mpmath.e),
    ("e", lambda: mpmath.e),
    (sympy.sqrt(2), lambda: mpmath.sqrt(2)),
    (1 / sympy.sqrt(3), lambda: 1 / mpmath.sqrt(3)),
]


def mp(value: Fraction) -> mpmath.mpf:
    return mpmath.mpf(value.numerator) / value.denominator


def xlogy(x: Fraction, y: Fraction) -> mpmath.mpf:
    return mpmath.mpf(0) if x == 0 else mp(x) * mpmath.log(mp(y))


def ref_entropy(P: list[Fraction]) -> mpmath.mpf:
    return -mpmath.fsum(xlogy(p, p) for p in P)


def ref_cross_entropy(P: list[Fraction], Q: list[Fraction]) -> mpmath.mpf:
    return -mpmath.fsum(xlogy(p, q) for p, q in zip(P, Q))


def ref_kl(P: list[Fraction], Q: list[Fraction]) -> mpmath.mpf:
    return mpmath.fsum(xlogy(p, p) - xlogy(p, q) for p, q in zip(P, Q))


def ref_js(P: list[Fraction], Q: list[Fraction]) -> mpmath.mpf:
    M = [(p + q) / 2 for p, q in zip(P, Q)]
    return (ref_kl(P, M) + ref_kl(Q, M)) / 2


def ref_renyi_entropy(P: list[Fraction], alpha: Fraction) -> mpmath.mpf:
    return mpmath.log(mpmath.fsum(mp(p) ** mp(alpha) for p in P if p)) / (1 - mp(alpha))


def ref_renyi_divergence(P: list[Fraction], Q: list[Fraction], alpha: Fraction) -> mpmath.mpf:
    total = mpmath.fsum(mp(p) ** mp(alpha) * mp(q) ** (1 - mp(alpha)) for p, q in zip(P, Q) if p and q)
    return mpmath.log(total) / (mp(alpha) - 1)


def marginal(names: tuple[int, ...]) -> dict[tuple[int, ...], Fraction]:
    cells: dict[tuple[int, ...], Fraction] = {}
    for key, value in TABLE.items():
        sub = tuple(key[i] for i in names)
        cells[sub] = cells.get(sub, Fraction(0)) + value
    return cells


def ref_table_entropy(names: tuple[int, ...]) -> mpmath.mpf:
    return ref_entropy(list(marginal(names).values()))


def ref_conditional_entropy() -> mpmath.mpf:  # H(X | Y) = H(X, Y) - H(Y)
    return ref_table_entropy((0, 1)) - ref_table_entropy((1,))


def ref_mutual_information() -> mpmath.mpf:  # I(X; Z) = H(X) + H(Z) - H(X, Z)
    return ref_table_entropy((0,)) + ref_table_entropy((2,)) - ref_table_entropy((0, 2))


def ref_conditional_mutual_information() -> mpmath.mpf:  # I(X; Y | Z) = H(X,Z) + H(Y,Z) - H(X,Y,Z) - H(Z)
    return (
        ref_table_entropy((0, 2)) + ref_table_entropy((1, 2)) - ref_table_entropy((0, 1, 2)) - ref_table_entropy((2,))
    )


def joint() -> sk.JointDistribution:
    return sk.JointDistribution(dict(TABLE.items()), names=("X", "Y", "Z"))


#: (name, symkl call taking base, reference in nats)
MEASURES: list[tuple[str, Callable[[object], object], Callable[[], mpmath.mpf]]] = [
    ("entropy", lambda b: sk.entropy(P3, base=b), lambda: ref_entropy(P3)),
    ("entropy with 0", lambda b: sk.entropy(WITH_ZERO, base=b), lambda: ref_entropy(WITH_ZERO)),
    ("cross_entropy", lambda b: sk.cross_entropy(P3, Q3, base=b), lambda: ref_cross_entropy(P3, Q3)),
    ("kl", lambda b: sk.kl_divergence(P3, Q3, base=b), lambda: ref_kl(P3, Q3)),
    ("kl reverse", lambda b: sk.kl_divergence(Q3, P3, base=b), lambda: ref_kl(Q3, P3)),
    ("kl p=0", lambda b: sk.kl_divergence(WITH_ZERO, Q3, base=b), lambda: ref_kl(WITH_ZERO, Q3)),
    ("js", lambda b: sk.js_divergence(P3, WITH_ZERO, base=b), lambda: ref_js(P3, WITH_ZERO)),
    ("information", lambda b: sk.information("3/7", base=b), lambda: -mpmath.log(mpmath.mpf(3) / 7)),
    ("renyi_entropy 2", lambda b: sk.renyi_entropy(P3, 2, base=b), lambda: ref_renyi_entropy(P3, Fraction(2))),
    (
        "renyi_entropy 1/2",
        lambda b: sk.renyi_entropy(P3, "1/2", base=b),
        lambda: ref_renyi_entropy(P3, Fraction(1, 2)),
    ),
    ("renyi_entropy oo", lambda b: sk.renyi_entropy(P3, sympy.oo, base=b), lambda: -mpmath.log(mpmath.mpf(1) / 2)),
    (
        "renyi_divergence 3",
        lambda b: sk.renyi_divergence(P3, Q3, 3, base=b),
        lambda: ref_renyi_divergence(P3, Q3, Fraction(3)),
    ),
    (
        "renyi_divergence 1/2",
        lambda b: sk.renyi_divergence(P3, Q3, "1/2", base=b),
        lambda: ref_renyi_divergence(P3, Q3, Fraction(1, 2)),
    ),
    ("renyi_divergence oo", lambda b: sk.renyi_divergence(P3, Q3, sympy.oo, base=b), lambda: mpmath.log(2)),
    ("joint_entropy", lambda b: sk.joint_entropy(joint(), base=b), lambda: ref_table_entropy((0, 1, 2))),
    (
        "conditional_entropy",
        lambda b: sk.conditional_entropy(joint(), "X", given="Y", base=b),
        ref_conditional_entropy,
    ),
    ("mutual_information", lambda b: sk.mutual_information(joint(), "X", "Z", base=b), ref_mutual_information),
    (
        "conditional_mutual_information",
        lambda b: sk.conditional_mutual_information(joint(), "X", "Y", given="Z", base=b),
        ref_conditional_mutual_information,
    ),
]


def rounded(value: mpmath.mpf, digits: int) -> Decimal:
    """value correctly rounded (half-even) to `digits` significant digits, from 80 digits of mpmath."""
    text = mpmath.nstr(value, 75, min_fixed=1, max_fixed=0)
    return Context(prec=digits, rounding=ROUND_HALF_EVEN).plus(Decimal(text))


def check(value: object, reference: mpmath.mpf, digits: int = 25) -> None:
    shown = sk.decimal_string(value, digits)
    assert Decimal(shown) == rounded(reference, digits), (value, shown, reference)
    evaluated = mpmath.mpf(str(sympy.N(value, 60)))
    assert abs(evaluated - reference) <= mpmath.mpf(10) ** -50 * max(1, abs(reference)), (value, reference)


@pytest.mark.parametrize("base, base_value", BASES, ids=[str(b) for b, _ in BASES])
@pytest.mark.parametrize("name, measure, reference", MEASURES, ids=[m[0] for m in MEASURES])
def test_measure_in_base_against_mpmath(name, measure, reference, base, base_value):
    check(measure(base), reference() / mpmath.log(base_value()))


@pytest.mark.parametrize("base", ["1/2", "1/3", "1/4", "1/8", "1/9", "1/16", "1/6", "1/10", "2/3"])
def test_bases_below_one_give_negated_values(base):
    # log_b x = -log_{1/b} x: below 1 every measure changes sign, never anything else
    A, B = ["1/2", "1/2"], ["1/4", "3/4"]
    inverse = str(1 / Fraction(base))
    for first, second in (
        (sk.kl_divergence(A, B, base=base), sk.kl_divergence(A, B, base=inverse)),
        (sk.entropy(B, base=base), sk.entropy(B, base=inverse)),
        (sk.cross_entropy(A, B, base=base), sk.cross_entropy(A, B, base=inverse)),
    ):
        assert sk.compare(first, -second) == 0
        assert sk.sign(first) == -1


def test_issue_example_base_one_half():
    value = sk.kl_divergence(["1/2", "1/2"], ["1/4", "3/4"], base="1/2")
    assert sk.decimal_string(value, 4) == "-0.2075"
    assert value == sympy.log(3) / (2 * sympy.log(2)) - 1
    assert sk.exact_str(value) == "log(3)/(2*log(2)) - 1"  # reading order: positive terms first
    assert sk.text(value) == "(1/2) log₂ 3 - 1"


def test_canonical_denominator_is_the_log_of_a_number_above_one():
    half = sympy.Rational(1, 2)
    assert sk.canonical(sympy.log(3) / sympy.log(half, evaluate=False)) == -sympy.log(3) / sympy.log(2)
    assert sk.canonical(sympy.log(3) / sympy.log(sympy.Rational(1, 4), evaluate=False)) == -sympy.log(3) / (
        2 * sympy.log(2)
    )
    two_thirds = sk.canonical(sympy.log(5) / sympy.log(sympy.Rational(2, 3), evaluate=False))
    assert two_thirds == -sympy.log(5) / sympy.log(sympy.Rational(3, 2), evaluate=False)
    assert sk.canonical(sympy.log(5) / sympy.log(sympy.Rational(3, 2), evaluate=False)) == -two_thirds


rationals = st.fractions(min_value=Fraction(1, 10**6), max_value=10**6, max_denominator=10**6)
bases = rationals.filter(lambda b: b != 1)


@st.composite
def distribution(draw, size: int, zero: bool = True) -> list[Fraction]:
    weights = draw(st.lists(st.integers(0 if zero else 1, 10**6), min_size=size, max_size=size))
    if sum(weights) == 0:
        weights[0] = 1
    return [Fraction(w, sum(weights)) for w in weights]


@st.composite
def problem(draw) -> tuple[list[Fraction], list[Fraction], Fraction]:
    n = draw(st.integers(1, 5))
    return draw(distribution(n)), draw(distribution(n, zero=False)), draw(bases)


@settings(max_examples=60, deadline=None)
@given(problem())
def test_random_distributions_in_random_rational_bases(case):
    P, Q, base = case
    scale = mpmath.log(mp(base))
    check(sk.kl_divergence(P, Q, base=base), ref_kl(P, Q) / scale, 20)
    check(sk.entropy(P, base=base), ref_entropy(P) / scale, 20)
    check(sk.cross_entropy(P, Q, base=base), ref_cross_entropy(P, Q) / scale, 20)


@settings(max_examples=80, deadline=None)
@given(rationals, rationals, bases, bases)
def test_canonical_quotients_of_logs_against_mpmath(a, c, b, d):
    # (log a + log c / 3) / log b and its comparison with log c / log d, written without canonical's help
    half = sympy.Rational(1, 3)
    first = (sympy.log(to_sympy(a)) + half * sympy.log(to_sympy(c))) / sympy.log(to_sympy(b), evaluate=False)
    second = sympy.log(to_sympy(c)) / sympy.log(to_sympy(d), evaluate=False)
    ref_first = (mpmath.log(mp(a)) + mpmath.log(mp(c)) / 3) / mpmath.log(mp(b))
    ref_second = mpmath.log(mp(c)) / mpmath.log(mp(d))
    check(sk.canonical(first), ref_first, 20)
    check(sk.canonical(second), ref_second, 20)
    if abs(ref_first - ref_second) > mpmath.mpf(10) ** -60:
        assert sk.compare(first, second) == (1 if ref_first > ref_second else -1)
        assert sk.sign(first) == (0 if ref_first == 0 else (1 if ref_first > 0 else -1))


def to_sympy(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)
