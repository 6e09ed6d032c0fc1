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
        self.saved = (
            measures.kl_form,
            measures.cross_entropy_form,
            measures.entropy_form,
            canonical.BULK,
            canonical._FAST_TERMS,
        )
        measures.kl_form = measures.cross_entropy_form = lambda p, q: None
        measures.entropy_form = lambda p: None
        canonical.BULK = canonical._FAST_TERMS = 10**12
        canonical._FORMS.clear()

    def __exit__(self, *exc: object) -> None:
        (
            measures.kl_form,
            measures.cross_entropy_form,
            measures.entropy_form,
            canonical.BULK,
            canonical._FAST_TERMS,
        ) = self.saved
        canonical._FORMS.clear()


@pytest.mark.parametrize("base", [None, 2, Rational(3, 2), Rational(1, 2), 10])
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


# ---------------------------------------------------------------------------------------------
# the pieces of the bulk route, each against an independent computation
from fractions import Fraction  # noqa: E402

import numpy as np  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from symkl.exact import bulk  # noqa: E402


def test_paused_collection_restores_the_collector_even_on_error():
    import gc

    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), bulk.paused_collection():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()
    with bulk.paused_collection(), bulk.paused_collection():  # nested: the inner leaves it to the outer
        pass
    assert gc.isenabled()
    with pytest.raises(sk.InvalidDistribution):  # a Distribution refused inside its paused block
        sk.Distribution(["1/2"] * 300 + ["-1"])
    assert gc.isenabled()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(
                st.integers(2, 5000), st.integers(primes.SIEVE_LIMIT - 3, primes.SIEVE_LIMIT + 3), st.integers(2, 2**62)
            ),
            st.integers(-(2**40), 2**40),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_summed_by_atom_is_exact(pairs):
    expected: dict[int, int] = {}
    for atom, weight in pairs:
        expected[atom] = expected.get(atom, 0) + weight
    expected = {atom: total for atom, total in expected.items() if total}
    atoms = np.array([a for a, _ in pairs], dtype=np.int64)
    weights = np.array([w for _, w in pairs], dtype=np.int64)
    distinct, sums = primes._summed_by_atom(atoms, weights)
    assert distinct.tolist() == sorted(expected)
    assert sums.tolist() == [expected[a] for a in sorted(expected)]


def test_summed_by_atom_near_the_float_limit_stays_exact():
    # weights whose total passes 2**53: a float64 sum would round; the int64 route is taken
    big = 2**52 + 1
    atoms = np.array([7, 7, 7, 11], dtype=np.int64)
    weights = np.array([big, big, -1, 3], dtype=np.int64)
    distinct, sums = primes._summed_by_atom(atoms, weights)
    assert distinct.tolist() == [7, 11] and sums.tolist() == [2 * big - 1, 3]


def test_kl_column_coefficients_against_fractions():
    rng = random.Random(5)
    n = 400
    p = [Fraction(rng.randint(0, 30), 30) for _ in range(n)]  # mixed reduced denominators (lcm route)
    q = [Fraction(rng.randint(1, 10**6), 10**6 + rng.randint(0, 3)) for _ in range(n)]
    columns = [
        np.array([getattr(x, part) for x in values], dtype=np.int64)
        for values in (p, q)
        for part in ("numerator", "denominator")
    ]
    totals, common, infinity = primes.kl_column_coefficients(*columns)
    assert infinity == 0
    expected: dict[int, Fraction] = {}
    for a, b in zip(p, q):
        if a:
            for x, sign in ((a.numerator, 1), (a.denominator, -1), (b.numerator, -1), (b.denominator, 1)):
                for prime, exponent in sympy.factorint(x).items():
                    expected[prime] = expected.get(prime, Fraction(0)) + sign * exponent * a
    expected = {prime: c for prime, c in expected.items() if c}
    assert {prime: Fraction(c, common) for prime, c in totals.items()} == expected
    # a q of 0 where p > 0: infinity; a p of 0 everywhere: 0
    zero_q = [np.array(x, dtype=np.int64) for x in ([1, 1], [2, 2], [0, 1], [1, 1])]
    assert primes.kl_column_coefficients(*zero_q) == ({}, 1, 1)
    assert primes.kl_column_coefficients(*(np.array(x, dtype=np.int64) for x in ([0], [1], [0], [1]))) == ({}, 1, 0)
    assert primes.kl_column_coefficients(None, *columns[1:]) is None


def test_int64_overflow_falls_back_to_the_exact_route():
    assert primes.int64_column(iter([1, 2**63]), 2) is None
    assert primes.int64_column(iter([1, -(2**63)]), 2) is not None
    rng = random.Random(9)
    n = 300
    huge = 2**80 + 23  # denominators beyond int64: the term-by-term route answers
    weights = [rng.randint(1, 10**6) for _ in range(n - 1)]
    P = [Rational(w, huge) for w in weights] + [1 - Rational(sum(weights), huge)]
    Q = distribution(rng, n)
    assert canonical.kl_form(sk.Distribution(P).probabilities, sk.Distribution(Q).probabilities) is None
    value = sk.kl_divergence(P, Q)
    with OldPath():
        assert sk.kl_divergence(P, Q) == value


def test_rebase_shortcut_only_for_primes():
    # atoms beyond the sieve: a prime below 2**64 takes the shortcut, a composite of two primes
    # above 2**11 must still be split (both logs appear), and a prime beyond 2**64 is kept whole
    composite = 1000003 * 1000033
    assert composite > primes.SIEVE_LIMIT
    logs = {int(p): Fraction(1, p) for p in sympy.primerange(2, 3000)}
    assert len(logs) >= primes.BULK
    for extra in (2**61 - 1, composite, 2**89 - 1):
        form = canonical.LogLinear(Fraction(0), {**logs, extra: Fraction(1)})
        (rebased,) = canonical._rebase([form])
        if extra == composite:
            assert 1000003 in rebased.logs and 1000033 in rebased.logs and composite not in rebased.logs
        else:
            assert rebased.logs[extra] == 1
        assert all(c != 0 for c in rebased.logs.values()) and list(rebased.logs) == sorted(rebased.logs)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-50, 50), st.integers(1, 9), st.sampled_from([2, 3, 5, 7, 11, 10007])),
        min_size=2,
        max_size=12,
    )
)
def test_flat_sort_key_orders_as_sympy(entries):
    from sympy.core.add import _addsort

    terms = [Rational(a, b) * sympy.log(p) for a, b, p in entries] + [
        Rational(a, b) * sympy.log(p) / sympy.log(3) for a, b, p in entries
    ]
    terms = list(dict.fromkeys(t for t in terms if t != 0))
    expected = list(terms)
    _addsort(expected)
    assert sorted(terms, key=primes.flat_sort_key) == expected
    assert sorted(terms, key=primes.sort_key) == expected


def test_flat_sort_key_refuses_unflattenable_content():
    with pytest.raises(TypeError, match="no flat sort key"):
        primes.flat_sort_key(sympy.Symbol("x", positive=True) + 1)


def test_coprime_fractions_behave_as_fractions():
    made = canonical._reduced(-6, 8)
    assert made == Fraction(-3, 4) and hash(made) == hash(Fraction(-3, 4)) and type(made) is Fraction
    assert made + Fraction(1, 4) == Fraction(-1, 2) and str(made) == "-3/4"


def test_digits_of_a_near_tie_need_refinement_and_stay_right(monkeypatch):
    # sum c_p log p over 168 primes minus a rational within 1e-45 of it: the value is tiny but not 0
    # (logs of primes are independent over Q), far below the float estimate's noise (about 1e-16),
    # so the first precision is too low and the enclosure is refined; the digits must still be right
    calls = []
    enclosure = canonical.prime_log_enclosure
    monkeypatch.setattr(canonical, "prime_log_enclosure", lambda *a: calls.append(a[2]) or enclosure(*a))
    rng = random.Random(13)
    logs = {int(p): Fraction(rng.randint(-50, 50) or 1, rng.randint(1, 9)) for p in sympy.primerange(2, 1000)}
    with mpmath.workdps(100):
        total = mpmath.fsum(mpmath.mpf(c.numerator) / c.denominator * mpmath.log(p) for p, c in logs.items())
        near = Fraction(int(mpmath.nint(total * mpmath.mpf(10) ** 45)), 10**45)
        exact = total - mpmath.mpf(near.numerator) / near.denominator
        value = canonical.from_log_linear(canonical.LogLinear(-near, logs))
        digits = sk.decimal_string(value, 15)
        assert abs(exact) < mpmath.mpf(10) ** -44
        assert mpmath.mpf(digits) == mpmath.mpf(mpmath.nstr(exact, 15))
    assert len(calls) >= 2 and calls[1] == 2 * calls[0]  # refined at least once


@pytest.mark.parametrize("base", [None, 2])
def test_entropy_and_cross_entropy_bulk_routes_are_identical_and_add_up(base):
    rng = random.Random(17)
    P, Q = sk.Distribution(distribution(rng, 700, zeros=20)), sk.Distribution(distribution(rng, 700))
    new = sk.entropy(P, base=base), sk.cross_entropy(P, Q, base=base), sk.kl_divergence(P, Q, base=base)
    with OldPath():
        old = sk.entropy(P, base=base), sk.cross_entropy(P, Q, base=base), sk.kl_divergence(P, Q, base=base)
    for a, b in zip(new, old):
        assert a == b and a.args == b.args
    # H(P, Q) = H(P) + D(P || Q), exactly, and the digits against mpmath
    assert sk.compare(new[1], sk.canonical(new[0] + new[2])) == 0
    with mpmath.workdps(40):
        expected = -mpmath.fsum(
            mpmath.mpf(p.p) / p.q * mpmath.log(mpmath.mpf(p.p) / p.q) for p in P.probabilities if p
        ) / (mpmath.log(base) if base else 1)
        assert mpmath.almosteq(mpmath.mpf(sk.decimal_string(new[0], 20)), expected, rel_eps=mpmath.mpf(10) ** -19)
    # cross-entropy against a Q with a zero where P is positive: oo, as on the term-by-term route
    Q_zero = sk.Distribution([Rational(0)] + [q / (1 - Q.probabilities[0]) for q in Q.probabilities[1:]])
    assert P.probabilities[0] != 0
    assert sk.cross_entropy(P, Q_zero) == sympy.oo
    with OldPath():
        assert sk.cross_entropy(P, Q_zero) == sympy.oo


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(2, primes.SIEVE_LIMIT), st.integers(-(2**30), 2**30)),
        min_size=1,
        max_size=40,
    )
)
def test_trial_division_and_the_sieve_factor_alike(pairs):
    atoms = np.array([a for a, _ in pairs], dtype=np.int64)
    weights = np.array([w for _, w in pairs], dtype=np.int64)
    expected: dict[int, int] = {}
    for atom, weight in pairs:
        for prime, exponent in sympy.factorint(atom).items():
            expected[prime] = expected.get(prime, 0) + weight * exponent
    expected = {prime: c for prime, c in expected.items() if c}
    saved = primes._sieve, primes._TRIAL_WORK
    try:
        for sieve, work in ((None, 1 << 40), (None, 0)):  # trial division first, then the sieve
            primes._sieve, primes._TRIAL_WORK = sieve, work
            totals: dict[int, int] = {}
            primes._factor_sum(atoms, weights, totals)
            assert {prime: c for prime, c in totals.items() if c} == expected
    finally:
        primes._sieve, primes._TRIAL_WORK = saved


def test_paused_collection_hands_objects_on_and_leaves_frozen_ones_frozen():
    import gc

    class Node:
        def __init__(self) -> None:
            self.other = self  # a reference cycle: only the collector frees it

    with bulk.paused_collection():
        cycles = [Node() for _ in range(2000)]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    del cycles
    assert gc.collect() >= 2000  # handed to the oldest generation, still collected by a full collection
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with bulk.paused_collection():
            kept = [Node() for _ in range(100)]
        assert gc.get_freeze_count() == frozen  # the program's frozen objects stay frozen
        del kept
    finally:
        gc.unfreeze()
