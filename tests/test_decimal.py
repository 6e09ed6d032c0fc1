"""Guaranteed digits of decimal_string for every closed number, checked against mpmath at high precision.

Values are built to sit next to a rounding boundary (a tie m.5 * 10**e plus or minus a radical of
size 10**-N), where rounding an approximation, or rounding twice, gives the wrong last digit. The
reference is mpmath evaluating the same construction at N + 60 digits, rounded once by ``decimal``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import EulerGamma, Integer, Rational, log, pi, sqrt

import symkl as sk
from symkl import InvalidInput, Undecidable
from symkl.exact.canonical import decided_sign


@pytest.fixture(autouse=True)
def restore_mpmath_precision():
    """Tests here set mpmath's precision; give the old one back to the rest of the suite."""
    saved = mpmath.mp.dps
    yield
    mpmath.mp.dps = saved


def rounded(value: mpmath.mpf, digits: int) -> Decimal:
    text = mpmath.nstr(value, mpmath.mp.dps - 5, min_fixed=1, max_fixed=0)
    return Context(prec=digits, rounding=ROUND_HALF_EVEN).plus(Decimal(text))


def agrees(expr: sympy.Expr, reference: mpmath.mpf, digits: int) -> bool:
    return Decimal(sk.decimal_string(expr, digits)) == rounded(reference, digits)


def test_issue_example_tie_plus_radical():
    assert sk.decimal_string(Rational(1, 8) + sqrt(2) / 10**40, 2) == "0.13"
    assert sk.decimal_string(Rational(1, 8) - sqrt(2) / 10**40, 2) == "0.12"
    assert sk.decimal_string(-Rational(1, 8) - sqrt(2) / 10**40, 2) == "-0.13"


@pytest.mark.parametrize("N", [20, 40, 100, 300])
@pytest.mark.parametrize("radicand", [2, 3, 5, 7])
@pytest.mark.parametrize("sign", [1, -1])
def test_ties_pushed_by_radicals(N, radicand, sign):
    mpmath.mp.dps = N + 60
    for tie, digits in ((Fraction(1, 8), 2), (Fraction(25, 2), 2), (Fraction(3, 16), 3), (Fraction(-35, 1000), 1)):
        expr = Rational(tie.numerator, tie.denominator) + sign * sqrt(radicand) / Integer(10) ** N
        reference = mpmath.mpf(tie.numerator) / tie.denominator + sign * mpmath.sqrt(radicand) / mpmath.mpf(10) ** N
        assert agrees(expr, reference, digits), (expr, digits)


def test_ties_pushed_by_logs_products_and_constants():
    mpmath.mp.dps = 120
    N = 50
    small = Integer(10) ** -N
    cases = [
        (Rational(1, 8) + log(2) * log(3) * small, mpmath.mpf(1) / 8 + mpmath.log(2) * mpmath.log(3) / 10**N),
        (Rational(1, 8) - pi * small, mpmath.mpf(1) / 8 - mpmath.pi / 10**N),
        (Rational(5, 2) + (EulerGamma - Rational(1, 2)) * small, mpmath.mpf(5) / 2 + (mpmath.euler - 0.5) / 10**N),
        (Rational(5, 2) + sympy.exp(-3) * small, mpmath.mpf(5) / 2 + mpmath.exp(-3) / 10**N),
        (Rational(5, 2) - sympy.sin(1) * small, mpmath.mpf(5) / 2 - mpmath.sin(1) / 10**N),
        (Rational(15, 2) + 2 ** Rational(1, 3) * small, mpmath.mpf(15) / 2 + mpmath.cbrt(2) / 10**N),
        (
            Rational(15, 2) - sympy.gamma(Rational(1, 3)) * small,
            mpmath.mpf(15) / 2 - mpmath.gamma(1 / mpmath.mpf(3)) / 10**N,
        ),
    ]
    for expr, reference in cases:
        assert agrees(expr, reference, 1), expr


def test_hellinger_and_renyi_one_half_against_raw_sums():
    mpmath.mp.dps = 100
    P, Q = ["1/2", "1/3", "1/6"], ["1/5", "1/5", "3/5"]
    p = [mpmath.mpf(1) / 2, mpmath.mpf(1) / 3, mpmath.mpf(1) / 6]
    q = [mpmath.mpf(1) / 5, mpmath.mpf(1) / 5, mpmath.mpf(3) / 5]
    affinity = mpmath.fsum(mpmath.sqrt(a * b) for a, b in zip(p, q))
    for digits in (1, 2, 5, 15, 40, 80):
        assert agrees(sk.hellinger(P, Q), mpmath.sqrt(1 - affinity), digits)
        assert agrees(sk.renyi_divergence(P, Q, "1/2"), -2 * mpmath.log(affinity), digits)
        assert agrees(sk.renyi_entropy(P, "1/2"), 2 * mpmath.log(mpmath.fsum(mpmath.sqrt(a) for a in p)), digits)


@st.composite
def near_tie(draw) -> tuple[sympy.Expr, mpmath.mpf, int, int]:
    digits = draw(st.integers(1, 12))
    mantissa = draw(st.integers(10 ** (digits - 1), 10**digits - 1)) * draw(st.sampled_from([1, -1]))
    exponent = draw(st.integers(-30, 30))
    N = draw(st.integers(digits + 5, 150))
    radicand = draw(st.sampled_from([2, 3, 5, 6, 7, 10, 11]))
    sign = draw(st.sampled_from([1, -1]))
    tie = Rational(2 * mantissa + 1, 2) * Integer(10) ** exponent
    shift = Integer(10) ** (exponent - N)
    expr = tie + sign * sqrt(radicand) * shift
    return expr, (2 * mantissa + 1, exponent, N, radicand, sign), digits, N + abs(exponent) + 60


@settings(max_examples=80, deadline=None)
@given(near_tie())
def test_random_near_ties_against_mpmath(case):
    expr, (twice, exponent, N, radicand, sign), digits, precision = case
    mpmath.mp.dps = precision
    ten = mpmath.mpf(10)
    reference = mpmath.mpf(twice) / 2 * ten**exponent + sign * mpmath.sqrt(radicand) * ten ** (exponent - N)
    assert agrees(expr, reference, digits)


def test_exact_ties_hidden_from_sympy_are_refused_not_guessed():
    hidden_eighth = (sqrt(2) + 1) * (sqrt(2) - 1) / 8  # exactly 1/8, a tie at 2 digits
    assert sk.decimal_string(hidden_eighth, 3) == "0.125"
    with pytest.raises(Undecidable, match=r"its 2 digits cannot be decided; at 1048576 bits its enclosure"):
        sk.decimal_string(hidden_eighth, 2)


def test_many_digits_just_work_and_beyond_the_cap_is_a_clear_error():
    mpmath.mp.dps = 5100
    text = sk.decimal_string(log(2), 5000)
    assert Decimal(text) == rounded(mpmath.log(2), 5000)
    assert len(text.replace(".", "")) == 5001  # "0." and 5000 significant digits
    with pytest.raises(InvalidInput, match=r"^digits: at most 100000 significant digits are given, got 100001$"):
        sk.decimal_string(log(2), 100_001)
    with pytest.raises(InvalidInput, match=r"^digits must be a positive integer, got 0$"):
        sk.decimal_string(log(2), 0)


def test_not_real_and_symbolic():
    with pytest.raises(InvalidInput, match=r"^1 \+ sqrt\(2\)\*I is not a real number$"):
        sk.decimal_string(1 + sqrt(-2), 5)
    with pytest.raises(Undecidable, match="has free symbols and no decimal value"):
        sk.decimal_string(sqrt(sympy.Symbol("x")), 5)


@pytest.mark.parametrize("N", [5, 20, 29, 35, 45])
def test_decided_sign_near_zero_against_mpmath(N):
    mpmath.mp.dps = N + 60
    small = Integer(10) ** -N
    cases = [
        ((sqrt(2) - sqrt(3) / sqrt(Rational(3, 2))) + sqrt(5) * small, mpmath.sqrt(5) / mpmath.mpf(10) ** N),
        (pi - Rational(355, 113) + small, mpmath.pi - mpmath.mpf(355) / 113 + mpmath.mpf(10) ** -N),
        (log(2) * log(3) - Rational(761500, 1000000) - small, None),
        (sqrt(2) * small - sqrt(3) * small, (mpmath.sqrt(2) - mpmath.sqrt(3)) / mpmath.mpf(10) ** N),
    ]
    for expr, reference in cases:
        if reference is None:
            reference = mpmath.log(2) * mpmath.log(3) - mpmath.mpf(761500) / 10**6 - mpmath.mpf(10) ** -N
        assert decided_sign(expr, 40) == (1 if reference > 0 else -1), expr
