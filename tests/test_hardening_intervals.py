"""Rigorous enclosures beyond mpmath.iv (polygamma, erf, erfc, reciprocal and hyperbolic functions).

Each enclosure must hold mpmath's value computed at three times the precision (mpmath.psi, mpmath.erf,
... are independent of symkl) and be narrow; ``decimal_string`` must give mpmath's correctly rounded
digits; values that still rest on SymPy's evalf must say so (``proven`` False, the CLI's caveat).
"""

from __future__ import annotations

import argparse
import importlib
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from unittest import mock

import mpmath
import pytest
import sympy
import sympy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import symkl as sk
from symkl.cli import main
from symkl.cli.output import answer_report as _report
from symkl.cli.output import answer_text as _answer_text
from symkl.exact.intervals import enclose, proven

intervals_module = importlib.import_module("symkl.exact.intervals")


@pytest.fixture(autouse=True)
def mpmath_precision():
    with mpmath.workprec(600):
        yield


def refuse(expr, bits):
    raise AssertionError(f"evalf fallback used for {expr}")


def without_evalf():
    """Fail if an enclosure falls back to SymPy's evalf."""
    return mock.patch.object(intervals_module, "_trusted", refuse)


@pytest.fixture
def no_evalf():
    with without_evalf():
        yield


def mp(value: Fraction) -> mpmath.mpf:
    return mpmath.mpf(value.numerator) / value.denominator


def holds(expr: sympy.Expr, reference: mpmath.mpf, bits: int = 160) -> None:
    box = enclose(expr, bits)
    low, high = (mpmath.mpf(end) for end in box._mpi_)
    assert low <= reference <= high, (expr, low, reference, high)
    assert high - low <= mpmath.mpf(2) ** (24 - bits) * max(1, abs(reference)), (expr, high - low)


def rounded(value: mpmath.mpf, digits: int) -> Decimal:
    text = mpmath.nstr(value, 150, min_fixed=1, max_fixed=0)
    return Context(prec=digits, rounding=ROUND_HALF_EVEN).plus(Decimal(text))


positive = st.fractions(min_value=Fraction(1, 10**6), max_value=10**6, max_denominator=10**6).filter(lambda x: x > 0)
real = st.fractions(min_value=-12, max_value=12, max_denominator=10**6)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 4), positive)
def test_polygamma_enclosures_hold_mpmath_values(m, x):
    expr = sympy.polygamma(m, sympy.Rational(x.numerator, x.denominator) + sympy.sqrt(2) / 10**7)
    with without_evalf():
        holds(expr, mpmath.psi(m, mp(x) + mpmath.sqrt(2) / 10**7))


@settings(max_examples=60, deadline=None)
@given(real)
def test_erf_and_erfc_enclosures_hold_mpmath_values(x):
    argument = sympy.Rational(x.numerator, x.denominator) + sympy.sqrt(3) / 10**9
    value = mp(x) + mpmath.sqrt(3) / 10**9
    with without_evalf():
        holds(sympy.erf(argument), mpmath.erf(value))
        holds(sympy.erfc(argument), mpmath.erfc(value), bits=160 if value < 1 else 400)


def test_erf_far_out_and_near_zero(no_evalf):
    holds(sympy.erf(sympy.Integer(40)), mpmath.erf(40))
    holds(sympy.erf(-sympy.Integer(40)), mpmath.erf(-40))
    holds(sympy.erf(sympy.Rational(1, 10**40)), mpmath.erf(mpmath.mpf(10) ** -40))
    holds(sympy.erfc(sympy.Integer(10)), mpmath.erfc(10), bits=400)


@pytest.mark.parametrize(
    "expr, reference",
    [
        (sympy.cot(sympy.pi / 7), lambda: mpmath.cot(mpmath.pi / 7)),
        (sympy.sec(sympy.Integer(2)), lambda: mpmath.sec(2)),
        (sympy.csc(sympy.Rational(1, 3)), lambda: mpmath.csc(mpmath.mpf(1) / 3)),
        (sympy.sinh(sympy.sqrt(2)), lambda: mpmath.sinh(mpmath.sqrt(2))),
        (sympy.cosh(-sympy.Integer(3)), lambda: mpmath.cosh(-3)),
        (sympy.tanh(sympy.Rational(-7, 2)), lambda: mpmath.tanh(mpmath.mpf(-7) / 2)),
    ],
)
def test_reciprocal_and_hyperbolic_functions(no_evalf, expr, reference):
    holds(expr, reference())


def test_gamma_and_beta_divergences_have_guaranteed_digits(no_evalf):
    # the closed forms carry digamma at irrational arguments
    a = sympy.sqrt(2)
    value = sk.kl_divergence(sympy.stats.Gamma("X", a, 1), sympy.stats.Gamma("Y", 2, 1))
    assert value.has(sympy.polygamma) and proven(value)
    s = mpmath.sqrt(2)
    reference = (s - 2) * mpmath.psi(0, s) - mpmath.loggamma(s)  # KL(Gamma(a, 1) || Gamma(2, 1)), by hand
    assert Decimal(sk.decimal_string(value, 40)) == rounded(reference, 40)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 3), positive, st.integers(1, 40))
def test_decimal_digits_of_polygamma_against_mpmath(m, x, digits):
    expr = sympy.polygamma(m, sympy.Rational(x.numerator, x.denominator) + sympy.sqrt(5) / 10**5)
    reference = mpmath.psi(m, mp(x) + mpmath.sqrt(5) / 10**5)
    assert Decimal(sk.decimal_string(expr, digits)) == rounded(reference, digits)


def test_what_still_rests_on_evalf_says_so(capsys):
    assert not proven(sympy.zeta(3)) and not proven(sympy.polygamma(0, -sympy.sqrt(2)))
    assert not proven(sympy.Catalan + 1) and not proven(sympy.Ei(1))
    assert proven(sympy.log(3) * sympy.pi + sympy.erf(1) + sympy.gamma(sympy.sqrt(2)))
    report = _report("zeta", sympy.zeta(3), None, argparse.Namespace(digits=6), "kl_divergence")
    assert report["value"] == "1.20206" and report["guaranteed"] is False
    assert _answer_text(report) == "zeta(3) nats ≈ 1.20206 nats (digits from SymPy's evalf, not guaranteed)"
    assert main(["kl", "Normal(0,1)", "Laplace(1,1)", "--json"]) == 0
    assert '"guaranteed": true' in capsys.readouterr().out
