"""Huge integers (10,000 and 100,000 digits) through decimal_string, canonical, the printers and error messages.

Each call either works (checked against Python integers, fractions, decimal and mpmath) or raises a
symkl error whose message quotes at most a short excerpt of the number.
"""

from __future__ import annotations

import sys
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Integer, Rational, exp, log, pi, sqrt

import symkl as sk
from symkl import InvalidDistribution, InvalidInput
from symkl.exact.canonical import _remove
from symkl.exact.parsing import brief

BIG = 10**10000 + 7
HUGE = Integer(BIG)


@pytest.fixture(autouse=True)
def restore_mpmath_precision():
    """Tests here set mpmath's precision; give the old one back to the rest of the suite."""
    saved = mpmath.mp.dps
    yield
    mpmath.mp.dps = saved


def full_digits(n: int) -> str:
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return str(n)
    finally:
        sys.set_int_max_str_digits(saved)


def test_decimal_string_of_huge_rationals_matches_decimal_module():
    for value in (Fraction(BIG, 3), Fraction(2, BIG), Fraction(BIG, BIG + 2) - 1):
        with localcontext() as context:
            context.prec = 10100
            exact = Decimal(value.numerator) / Decimal(value.denominator)
        expected = Context(prec=20, rounding=ROUND_HALF_EVEN, Emax=10**6, Emin=-(10**6)).plus(exact)
        assert Decimal(sk.decimal_string(Rational(value.numerator, value.denominator), 20)) == expected


def test_decimal_string_of_logs_and_constants_of_huge_integers_against_mpmath():
    mpmath.mp.dps = 60
    big = mpmath.mpf(BIG)  # 10**10000 + 7 to 60 digits; log and pi*big do not feel the +7 at 20 digits
    cases = [
        (log(HUGE, evaluate=False) / 7, mpmath.log(big) / 7),
        (log(HUGE, evaluate=False) / log(3), mpmath.log(big) / mpmath.log(3)),
        (pi * HUGE, mpmath.pi * big),
        (sqrt(2) / HUGE, mpmath.sqrt(2) / big),
    ]
    for expr, reference in cases:
        text = mpmath.nstr(reference, 50, min_fixed=1, max_fixed=0)
        assert Decimal(sk.decimal_string(expr, 20)) == Context(prec=20, Emax=10**6).plus(Decimal(text))


def test_canonical_sign_and_printers_with_a_10000_digit_integer():
    form = log(HUGE, evaluate=False)
    assert sk.canonical(form - log(Integer(BIG), evaluate=False)) == 0
    assert sk.sign(form / 7 - 3 * log(10)) == 1
    assert sk.exact_str(HUGE / 3) == full_digits(BIG) + "/3"
    assert sk.latex(HUGE) == full_digits(BIG)
    assert full_digits(BIG) in sk.exact_str(form / 7)


def test_not_rational_log_error_quotes_an_excerpt():
    with pytest.raises(ValueError) as caught:
        sk.canonical(exp(-HUGE))
    message = str(caught.value)
    assert message.startswith("exp(about -1.0e+10000) is not a number built from rationals")
    assert len(message) < 400


def test_values_too_small_for_decimals_are_refused_clearly():
    with pytest.raises(InvalidInput, match=r"^exp\(about -1\.0e\+10000\) lies beyond 10\*\*\+-"):
        sk.decimal_string(exp(-HUGE))


def test_distribution_errors_quote_excerpts():
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution(["1e100000", "0"])
    assert str(caught.value) == "probability at index 0 exceeds 1: about 1.0e+100000"
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution(["-1e-100000", "1"])
    assert str(caught.value).endswith("is negative: about -1.0e-100000")
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution([0.5, 0.5, 5e-324])  # a denormal float, read as 5e-324: a 324-digit denominator
    assert str(caught.value).startswith("entries sum to about 1 + 5.0e-324, not 1")
    assert len(str(caught.value)) < 300


def test_measure_argument_errors_quote_excerpts():
    with pytest.raises(InvalidInput, match=r"^probability must lie in \[0, 1\], got about 1\.0e\+100000$"):
        sk.information("1e100000")
    with pytest.raises(InvalidInput, match=r"^base must be positive and not 1, got about -1\.0e\+100000$"):
        sk.entropy(["1/2", "1/2"], base="-1e100000")
    with pytest.raises(InvalidInput, match=r"^alpha = about -1\.0e\+100000: its numerator and denominator may have"):
        sk.renyi_entropy(["1/2", "1/2"], "-1e100000")


def test_a_huge_base_just_works():
    value = sk.entropy(["1/2", "1/2"], base="1e100000")
    mpmath.mp.dps = 40
    reference = mpmath.log(2) / (100000 * mpmath.log(10))
    assert Decimal(sk.decimal_string(value, 15)) == Context(prec=15).plus(Decimal(mpmath.nstr(reference, 35)))


def test_brief_quotes_huge_numbers_inside_expressions():
    assert brief(exp(-HUGE)) == "exp(about -1.0e+10000)"
    assert brief(log(HUGE, evaluate=False) / 7 + pi) == "log(about 1.0e+10000)/7 + pi"
    assert brief(sqrt(2) / Integer(3 * 10**400)) == "sqrt(2)*about 3.33333e-401"
    assert brief(sqrt(2) / 3) == "sqrt(2)/3"
    long = sympy.Add(*(sympy.Symbol(f"x{i}") for i in range(200)))
    assert len(brief(long)) == 60 and brief(long).endswith("...")


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**12), st.sampled_from([2, 3, 5, 6, 7, 10, 97, 2**61 - 1]), st.integers(0, 400))
def test_remove_matches_repeated_division(cofactor, factor, exponent):
    n = cofactor * factor**exponent
    expected_rest, expected_exponent = n, 0
    while expected_rest % factor == 0:
        expected_rest //= factor
        expected_exponent += 1
    assert _remove(n, factor) == (expected_rest, expected_exponent)
