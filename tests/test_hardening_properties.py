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

canonical_module = importlib.import_module("symkl.exact.canonical")


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
    top = draw(st.sampled_from([3, 1000]))  # small weights make zeros frequent
    weights = draw(st.lists(st.integers(0 if zero else 1, top), min_size=n, max_size=n))
    if not any(weights):
        weights[0] = 1
    return [Fraction(w, sum(weights)) for w in weights]


@st.composite
def pairs(draw) -> tuple[list[Fraction], list[Fraction]]:
    n = draw(st.integers(1, 5))
    return draw(distributions(n, True)), draw(distributions(n, False))


def agrees(value: object, reference: mpmath.mpf) -> None:
    """Same sign as the reference, and the same value to 40 digits (SymPy's evalf of the exact answer)."""
    sign = canonical_module.decided_sign(value)
    assert sign == sign_of(reference) or abs(reference) < mpmath.mpf(10) ** -50, (value, reference)
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


POWERS = [Fraction(-1), Fraction(-1, 2), Fraction(1, 3), Fraction(1, 2), Fraction(2), Fraction(5, 2), Fraction(3)]


def ref_power_divergence(P: list[Fraction], Q: list[Fraction], a: Fraction) -> mpmath.mpf:
    """sum q (p/q)**a - 1 with f(t) = t**a - 1: q f(0+) where p = 0 < q, p lim f(t)/t where q = 0 < p."""
    total = mpmath.mpf(0)
    if a < 0 and any(p == 0 < q for p, q in zip(P, Q)):
        return mpmath.inf  # f(0+) = +oo
    for p, q in zip(P, Q):
        if q == 0 and p > 0:
            if a > 1:
                return mpmath.inf  # f(t)/t = t**(a - 1) - 1/t grows without bound
            continue  # f(t)/t -> 0
        if q > 0 and p == 0:
            total -= mp(q)  # f(0+) = -1 for a > 0
        elif q > 0:
            total += mp(q) * (mpmath.power(mp(p) / mp(q), mp(a)) - 1)
    return total


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 5).flatmap(lambda n: st.tuples(distributions(n, True), distributions(n, True))),
    st.sampled_from(POWERS),
)
def test_power_f_divergences_with_zeros_on_either_side_against_mpmath(pair, a):
    P, Q = pair
    exponent = sympy.Rational(a.numerator, a.denominator)
    value = sk.f_divergence(P, Q, lambda t: t**exponent - 1)
    reference = ref_power_divergence(P, Q, a)
    assert value is not sympy.nan and not value.has(sympy.zoo, sympy.nan)
    if reference == mpmath.inf:
        assert value is sympy.oo
    else:
        agrees(value, reference)
