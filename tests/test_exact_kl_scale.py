"""Exact KL at scale: the bulk route (sieve, integer coefficients, direct canonical sums, prime-log
digits) gives the identical expression and digits as the term-by-term route, and digits agree
with mpmath at 40 digits."""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy
from sympy import Rational

import symkl as sk
from symkl.exact import canonical, measures, primes


def distribution(rng: random.Random, n: int, zeros: int = 0) -> list[Rational]:
    weights = [rng.randint(1, 10**6) for _ in range(n)]
    for index in rng.sample(range(n), zeros):
        weights[index] = 0
    total = sum(weights)
    return [Rational(w, total) for w in weights]


class OldPath:
    def __enter__(self) -> None:
        self.saved = (measures.kl_form, canonical.BULK, canonical._FAST_TERMS)
        measures.kl_form = lambda p, q: None
        canonical.BULK = canonical._FAST_TERMS = 10**12
        canonical._FORMS.clear()

    def __exit__(self, *exc: object) -> None:
        measures.kl_form, canonical.BULK, canonical._FAST_TERMS = self.saved
        canonical._FORMS.clear()


@pytest.mark.parametrize("base", [None, 2])
def test_bulk_route_is_identical_to_the_term_by_term_route(base):
    rng = random.Random(7)
    P, Q = sk.Distribution(distribution(rng, 2500, zeros=30)), sk.Distribution(distribution(rng, 2500))
    new = sk.kl_divergence(P, Q, base=base)
    new_digits = sk.decimal_string(new, 15)
    with OldPath():
        old = sk.kl_divergence(P, Q, base=base)
        old_digits = sk.decimal_string(old, 15)
    assert new == old
    assert sympy.srepr(new.args[:5]) == sympy.srepr(old.args[:5])
    assert new.args == old.args  # the same order: the same SymPy object
    assert new_digits == old_digits
    # and against mpmath at 40 digits, from the Rationals directly
    with mpmath.workdps(40):
        total = mpmath.fsum(
            mpmath.mpf(p.p) / p.q * mpmath.log((mpmath.mpf(p.p) / p.q) / (mpmath.mpf(q.p) / q.q))
            for p, q in zip(P.probabilities, Q.probabilities)
            if p
        )
        if base:
            total /= mpmath.log(base)
        assert mpmath.nstr(total, 15, min_fixed=-30, max_fixed=30) == new_digits.rstrip("0") or abs(
            mpmath.mpf(new_digits) - total
        ) <= mpmath.mpf(10) ** -15 * abs(total)
    assert sk.compare(new, old) == 0


def test_bulk_route_edges():
    rng = random.Random(3)
    P = distribution(rng, 3000)
    Q = list(P)
    assert sk.kl_divergence(P, Q) == 0
    Q_zero = [Rational(0)] + [q / (1 - P[0]) for q in P[1:]]
    assert sk.kl_divergence(P, Q_zero) == sympy.oo
    # P with a zero where Q is 0: 0 log(0/0) = 0
    assert sk.kl_divergence(Q_zero, P) != sympy.oo


def test_sign_and_compare_of_large_forms():
    rng = random.Random(11)
    P, Q, R = (sk.Distribution(distribution(rng, 3000)) for _ in range(3))
    near, far = sk.kl_divergence(P, Q), sk.kl_divergence(P, R)
    assert sk.sign(near) == 1
    expected = mpmath.sign(mpmath.mpf(sk.decimal_string(near, 30)) - mpmath.mpf(sk.decimal_string(far, 30)))
    assert sk.compare(near, far) == expected
    assert sk.compare(near, near + 0) == 0


def test_the_sort_key_reproduces_sympy_order():
    from sympy.core.add import _addsort

    terms = [term for term, _ in primes.log_terms([(sympy.Rational(c, 7), p) for c, p in [(1, 3), (-7, 5)]])]
    for coefficient in (1, -1, Rational(1, 2), Rational(-3, 2), 5, Rational(7, 3)):
        for prime in (2, 3, 101, 65537):
            terms.append(coefficient * sympy.log(prime))
            terms.append(coefficient * sympy.log(prime) / sympy.log(2))
    terms = list(dict.fromkeys(terms))
    expected = list(terms)
    _addsort(expected)
    assert sorted(terms, key=primes.sort_key) == expected


def test_prime_log_enclosure_holds_the_value():
    from fractions import Fraction

    logs = {2: Fraction(3, 7), 3: Fraction(-5, 11), 1000003: Fraction(1, 3)}
    low, high = primes.prime_log_enclosure(Fraction(1, 5), logs, 80)
    with mpmath.workdps(50):
        value = mpmath.mpf(1) / 5 + sum(
            mpmath.mpf(c.numerator) / c.denominator * mpmath.log(a) for a, c in logs.items()
        )
        assert mpmath.mpf(low.numerator) / low.denominator <= value <= mpmath.mpf(high.numerator) / high.denominator
    assert high - low < Fraction(1, 2**75)
