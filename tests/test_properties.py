"""Properties on random exact rational distributions (zeros included)."""

import math

import mpmath
import scipy.special
import scipy.stats
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import distributions, pairs

import symkl as sk


def _floats(P):
    return [float(p) for p in P.probabilities]


@given(pairs())
def test_cross_entropy_is_entropy_plus_kl_exactly(pair):
    P, Q = pair
    assert sk.compare(sk.cross_entropy(P, Q), sk.entropy(P) + sk.kl_divergence(P, Q)) == 0


@given(pairs(), st.sampled_from([2, 10, 3]))
def test_identity_holds_in_every_base(pair, base):
    P, Q = pair
    lhs = sk.cross_entropy(P, Q, base=base)
    rhs = sk.entropy(P, base=base) + sk.kl_divergence(P, Q, base=base)
    assert sk.compare(lhs, rhs) == 0
    assert sk.compare(sk.kl_divergence(P, Q, base=base) * sk.canonical(sympy_log(base)), sk.kl_divergence(P, Q)) == 0


def sympy_log(base):
    import sympy

    return sympy.log(base)


@given(pairs())
def test_gibbs_inequality_with_equality_iff_equal(pair):
    P, Q = pair
    expected = 0 if P.probabilities == Q.probabilities else 1
    assert sk.compare(sk.kl_divergence(P, Q), 0) == expected


@given(distributions())
def test_entropy_bounds(P):
    n = len(P)
    assert sk.compare(sk.entropy(P), 0) >= 0
    upper = sk.compare(sk.entropy(P), sk.entropy(sk.uniform(n)))
    assert upper <= 0
    assert (upper == 0) == (P.probabilities == sk.uniform(n).probabilities)
    # H(P) = log n - D(P || U)
    assert sk.compare(sk.entropy(P), sk.entropy(sk.uniform(n)) - sk.kl_divergence(P, sk.uniform(n))) == 0


@given(pairs(positive_q=True))
def test_exact_value_agrees_with_mpmath_at_50_digits(pair):
    P, Q = pair
    mpmath.mp.dps = 70
    reference = mpmath.fsum(
        mpmath.mpf(p.p) / p.q * mpmath.log((mpmath.mpf(p.p) * q.q) / (mpmath.mpf(q.p) * p.q))
        for p, q in zip(P.probabilities, Q.probabilities)
        if p != 0
    )
    ours = mpmath.mpf(sk.decimal_string(sk.kl_divergence(P, Q), 50))
    assert abs(ours - reference) <= max(abs(reference), mpmath.mpf(10) ** -60) * mpmath.mpf(10) ** -49


@given(pairs())
def test_agrees_with_scipy(pair):
    P, Q = pair
    p, q = _floats(P), _floats(Q)
    kl = sk.kl_divergence(P, Q)
    reference = scipy.special.rel_entr(p, q).sum()
    if math.isinf(reference):
        assert kl == sk.kl_divergence([1, 0], [0, 1])  # oo
    else:
        assert float(sk.decimal_string(kl, 17)) == pytest_approx(reference)
    assert float(sk.decimal_string(sk.entropy(P), 17)) == pytest_approx(scipy.stats.entropy(p))


def pytest_approx(value):
    import pytest

    return pytest.approx(value, rel=1e-9, abs=1e-12)


@given(pairs())
def test_js_is_bounded_by_log_2_and_symmetric(pair):
    P, Q = pair
    js = sk.js_divergence(P, Q, base=2)
    assert sk.compare(js, 0) >= 0 and sk.compare(js, 1) <= 0
    assert sk.compare(js, sk.js_divergence(Q, P, base=2)) == 0


@given(pairs())
def test_pinsker(pair):
    P, Q = pair
    tv = sk.total_variation(P, Q)
    kl = sk.kl_divergence(P, Q)
    assert sk.compare(kl, 2 * tv**2) >= 0


@given(pairs(positive_q=True))
def test_kl_at_most_log_one_plus_chi_square(pair):
    import sympy

    P, Q = pair
    assume(P.probabilities != Q.probabilities)
    assert sk.compare(sk.kl_divergence(P, Q), sympy.log(1 + sk.chi_square(P, Q))) <= 0


@given(distributions(size=4))
def test_mutual_information_of_product_is_zero(P):
    table = {(i, j): P.probabilities[i] * P.probabilities[j] for i in range(4) for j in range(4)}
    J = sk.JointDistribution(table)
    assert sk.mutual_information(J, "X", "Y") == 0
    assert sk.compare(sk.joint_entropy(J), 2 * sk.entropy(P)) == 0
