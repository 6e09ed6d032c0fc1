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
from symkl.canonical import _remove
from symkl.printing import brief

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
    assert message.startswith("exp(-100000000000...000007 (10001 digits)) is not a number built from rationals")
    assert len(message) < 400


def test_values_too_small_for_decimals_are_refused_clearly():
    with pytest.raises(InvalidInput, match=r"^exp\(-100000000000\.\.\.000007 \(10001 digits\)\) lies beyond 10\*\*\+-"):
        sk.decimal_string(exp(-HUGE))


def test_distribution_errors_quote_excerpts():
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution(["1e100000", "0"])
    assert str(caught.value) == "probability at index 0 exceeds 1: 100000000000...000000 (100001 digits)"
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution(["-1e-100000", "1"])
    assert str(caught.value).endswith("is negative: ~-1.0e-100000 (a fraction of 1 and 100001 digits)")
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution([0.5, 0.5, 5e-324])  # a denormal float, read as 5e-324: a 324-digit denominator
    assert str(caught.value).startswith("entries sum to 1 + ~5.0e-324 (a fraction of 324 and 324 digits), not 1")
    assert len(str(caught.value)) < 300


def test_measure_argument_errors_quote_excerpts():
    with pytest.raises(
        InvalidInput, match=r"^probability must lie in \[0, 1\], got 100000000000\.\.\.000000 \(100001 "
    ):
        sk.information("1e100000")
    with pytest.raises(
        InvalidInput, match=r"^base must be positive and not 1, got -100000000000\.\.\.000000 \(100001 "
    ):
        sk.entropy(["1/2", "1/2"], base="-1e100000")
    with pytest.raises(
        InvalidInput, match=r"^alpha must be positive, got -100000000000\.\.\.000000 \(100001 digits\)$"
    ):
        sk.renyi_entropy(["1/2", "1/2"], "-1e100000")


def test_a_huge_base_just_works():
    value = sk.entropy(["1/2", "1/2"], base="1e100000")
    mpmath.mp.dps = 40
    reference = mpmath.log(2) / (100000 * mpmath.log(10))
    assert Decimal(sk.decimal_string(value, 15)) == Context(prec=15).plus(Decimal(mpmath.nstr(reference, 35)))


@pytest.mark.parametrize(
    "value, text",
    [
        (10**30, "100000000000...000000 (31 digits)"),
        (-(10**24) - 5, "-100000000000...000005 (25 digits)"),
        (10**24 - 1, "999999999999999999999999"),
        (Fraction(1, 3), "1/3"),
        (Fraction(10**40 + 1, 10**40), "1 + ~1.0e-40 (a fraction of 41 and 41 digits)"),
        (Fraction(-(10**40) - 1, 10**40), "-1 - ~1.0e-40 (a fraction of 41 and 41 digits)"),
        (Fraction(2, 3 * 10**40), "~6.667e-41 (a fraction of 1 and 41 digits)"),
    ],
)
def test_brief_excerpts_against_python_text(value, text):
    assert brief(value) == text
    assert brief(sympy.Rational(value.numerator, value.denominator) if isinstance(value, Fraction) else value) == text
    if isinstance(value, int) and "..." in text:
        digits = str(abs(value))
        assert text.lstrip("-").startswith(digits[:12]) and f"...{digits[-6:]} ({len(digits)} digits)" in text


def test_brief_cuts_long_expressions():
    long = sympy.Add(*(sympy.Symbol(f"x{i}") for i in range(200)))
    assert len(brief(long)) == 160 and brief(long).endswith("...")


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**12), st.sampled_from([2, 3, 5, 6, 7, 10, 97, 2**61 - 1]), st.integers(0, 400))
def test_remove_matches_repeated_division(cofactor, factor, exponent):
    n = cofactor * factor**exponent
    expected_rest, expected_exponent = n, 0
    while expected_rest % factor == 0:
        expected_rest //= factor
        expected_exponent += 1
    assert _remove(n, factor) == (expected_rest, expected_exponent)
