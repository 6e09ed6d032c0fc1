"""Property tests for issue 11's wrong-answer classes, each against a reference that never calls symkl.

* bases of the form (a/b)**k, 1/p**k among them (the class that lost its sign), for every measure:
  the defining sums evaluated by mpmath at 60 digits, divided by mpmath's log of the base;
* the factoring of huge prime powers (GMP's remove and the pure-Python fallback) against repeated division.
"""

from __future__ import annotations

import importlib
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symkl as sk

canonical_module = importlib.import_module("symkl.canonical")


@pytest.fixture(autouse=True)
def mpmath_precision():
    with mpmath.workdps(60):
        yield


def mp(value: Fraction) -> mpmath.mpf:
    return mpmath.mpf(value.numerator) / value.denominator


def xlogy(x: Fraction, y: Fraction) -> mpmath.mpf:
    return mpmath.mpf(0) if x == 0 else mp(x) * mpmath.log(mp(y))


def ref_kl(P: list[Fraction], Q: list[Fraction]) -> mpmath.mpf:
    return mpmath.fsum(xlogy(p, p) - xlogy(p, q) for p, q in zip(P, Q))


def ref_cross_entropy(P: list[Fraction], Q: list[Fraction]) -> mpmath.mpf:
    return -mpmath.fsum(xlogy(p, q) for p, q in zip(P, Q))


def ref_entropy(P: list[Fraction]) -> mpmath.mpf:
    return ref_cross_entropy(P, P)


def ref_js(P: list[Fraction], Q: list[Fraction]) -> mpmath.mpf:
    M = [(p + q) / 2 for p, q in zip(P, Q)]
    return (ref_kl(P, M) + ref_kl(Q, M)) / 2


def sign_of(value: mpmath.mpf) -> int:
    return 0 if value == 0 else (1 if value > 0 else -1)


@st.composite
def powered_bases(draw) -> Fraction:
    """(a/b)**k with small a, b: 1/2, 1/4, 1/27, 4/9, 8, 9/4, ... (1/p**k is the class that lost its sign)."""
    a = draw(st.sampled_from([1, 1, 1, 2, 3, 5, 6, 7, 10]))
    b = draw(st.sampled_from([1, 2, 3, 4, 5, 7, 9, 10, 16]))
    k = draw(st.integers(1, 6))
    base = Fraction(a, b) ** k
    if base == 1:
        base = Fraction(1, 2) ** k
    return base if draw(st.booleans()) else 1 / base


@st.composite
def distributions(draw, n: int, zero: bool) -> list[Fraction]:
    weights = draw(st.lists(st.integers(0 if zero else 1, 1000), min_size=n, max_size=n))
    if not any(weights):
        weights[0] = 1
    return [Fraction(w, sum(weights)) for w in weights]


@st.composite
def pairs(draw) -> tuple[list[Fraction], list[Fraction]]:
    n = draw(st.integers(1, 5))
    return draw(distributions(n, True)), draw(distributions(n, False))


def agrees(value: object, reference: mpmath.mpf) -> None:
    """Same sign as the reference, and the same value to 40 digits (SymPy's evalf of the exact answer)."""
    assert sk.sign(value) == sign_of(reference) or abs(reference) < mpmath.mpf(10) ** -50, (value, reference)
    ours = mpmath.mpf(str(sympy.N(value, 50)))
    assert abs(ours - reference) <= mpmath.mpf(10) ** -40 * max(1, abs(reference)), (value, ours, reference)


@settings(max_examples=60, deadline=None)
@given(pairs(), powered_bases())
def test_every_measure_in_powered_bases_against_mpmath(pair, base):
    P, Q = pair
    scale = mpmath.log(mp(base))
    agrees(sk.kl_divergence(P, Q, base=base), ref_kl(P, Q) / scale)
    agrees(sk.entropy(P, base=base), ref_entropy(P) / scale)
    agrees(sk.cross_entropy(P, Q, base=base), ref_cross_entropy(P, Q) / scale)
    agrees(sk.js_divergence(P, Q, base=base), ref_js(P, Q) / scale)


@settings(max_examples=40, deadline=None)
@given(pairs(), powered_bases())
def test_decimal_digits_in_powered_bases_against_mpmath(pair, base):
    P, Q = pair
    reference = ref_kl(P, Q) / mpmath.log(mp(base))
    shown = sk.decimal_string(sk.kl_divergence(P, Q, base=base), 12)
    assert mpmath.almosteq(mpmath.mpf(shown), reference, rel_eps=mpmath.mpf(10) ** -11, abs_eps=0) or (
        reference == 0 and shown == "0"
    ), (shown, reference)


def naive_remove(n: int, factor: int) -> tuple[int, int]:
    exponent = 0
    while n % factor == 0:
        n //= factor
        exponent += 1
    return n, exponent


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 10**12),
    st.sampled_from([2, 3, 5, 6, 7, 10, 12, 97, 2**61 - 1]),
    st.integers(0, 300),
    st.sampled_from(["gmpy", "python"]),
)
def test_remove_on_both_paths_matches_repeated_division(cofactor, factor, exponent, ground):
    gmpy = sympy.external.gmpy
    if ground == "gmpy" and gmpy.GROUND_TYPES != "gmpy":
        return  # gmpy2 absent: only the pure-Python path exists
    saved = gmpy.GROUND_TYPES
    gmpy.GROUND_TYPES = ground
    try:
        n = cofactor * factor**exponent
        assert canonical_module._remove(n, factor) == naive_remove(n, factor)
    finally:
        gmpy.GROUND_TYPES = saved


def test_a_huge_power_of_ten_factors_on_both_paths():
    gmpy = sympy.external.gmpy
    saved = gmpy.GROUND_TYPES
    n = 10**20000 * 3
    try:
        for ground in ("python", saved):
            gmpy.GROUND_TYPES = ground
            assert canonical_module._remove(n, 5) == (2**20000 * 3, 20000)
            assert canonical_module._remove(n, 2) == (5**20000 * 3, 20000)
    finally:
        gmpy.GROUND_TYPES = saved
    value = sk.canonical(sympy.log(sympy.Rational(1, 10**20000) * 3))
    assert value == -20000 * sympy.log(2) - 20000 * sympy.log(5) + sympy.log(3)
