"""symkl.numeric near P = Q against mpmath on the binary doubles, and the sum check (issue 21, items 1 and 2).

The reference is computed from the exact values of the float inputs at 80 digits. For KL it is
sum q phi(p/q), phi(t) = t log t - t + 1, which is what ``kl_divergence`` computes for inputs that sum to 1
within float drift; where the floats' totals are equal (pairs (x, 1 - x) with 1 - x exact) it is also
sum p log(p/q) as written, and the tests check that too.
"""

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symkl as sk
from symkl import numeric

_DPS = 80


def _mp(values):
    return [mpmath.mpf(float(v)) for v in np.ravel(values)]


def _mp_kl_phi(p, q):
    """sum q phi(p/q) over the exact values of the doubles."""
    total = mpmath.mpf(0)
    for a, b in zip(_mp(p), _mp(q)):
        if a == 0:
            total += b
        elif b == 0:
            return mpmath.inf
        else:
            total += a * mpmath.log(a / b) - a + b
    return total


def _mp_kl_as_written(p, q):
    return mpmath.fsum(a * mpmath.log(a / b) for a, b in zip(_mp(p), _mp(q)) if a)


def _mp_js(p, q):
    def term(a, m):
        return a * mpmath.log(a / m) if a else mpmath.mpf(0)

    return mpmath.fsum(term(a, (a + b) / 2) + term(b, (a + b) / 2) for a, b in zip(_mp(p), _mp(q))) / 2


def _mp_renyi(p, q, alpha):
    """log(1 + sum q psi(p/q)) / (alpha - 1), psi(t) = t^alpha - 1 - alpha (t - 1): the drift-free Renyi."""
    alpha = mpmath.mpf(alpha)
    total = mpmath.mpf(0)
    for a, b in zip(_mp(p), _mp(q)):
        total += (a**alpha * b ** (1 - alpha) if a else 0) - b - alpha * (a - b)
    return mpmath.log1p(total) / (alpha - 1)


def _relative_error(value, reference):
    value = mpmath.mpf(value if isinstance(value, mpmath.mpf) else float(value))
    reference = mpmath.mpf(reference)
    if reference == 0:
        return 0.0 if value == 0 else float("inf")
    return float(abs(value - reference) / reference)


def _near_pairs(rng, count):
    """(P, Q) normalised, P = Q (1 + delta noise) renormalised: n from 2 to 300, delta from 1e-16 to 1e-2, some
    entries equal, some zeros in both."""
    for _ in range(count):
        n = int(rng.choice([2, 3, 5, 10, 30, 300]))
        delta = 10.0 ** rng.uniform(-16, -2)
        q = rng.random(n) ** 3 + 1e-300
        if n > 3 and rng.random() < 0.3:
            q[rng.integers(n)] = 0.0
        q /= q.sum()
        p = q * (1 + delta * rng.standard_normal(n))
        if rng.random() < 0.3:
            p[: n // 2] = q[: n // 2]  # exactly equal entries
        p /= p.sum()
        yield p, q


# ---------------------------------------------------------------------------------------------
# item 1: accurate near P = Q, never negative
def test_the_issue_example():
    x, y = 0.9456657713430001, 0.9456657713430094
    with mpmath.workdps(_DPS):
        truth = _mp_kl_as_written([x, 1 - x], [y, 1 - y])
        assert mpmath.nstr(truth, 2) == "8.5e-28"
        # 1 - x and 1 - y are exact: the totals are 1 and the two forms agree
        assert _relative_error(_mp_kl_phi([x, 1 - x], [y, 1 - y]), truth) < 1e-40
        value = numeric.kl_divergence([x, 1 - x], [y, 1 - y])
        assert _relative_error(value, truth) < 1e-12
        reverse = numeric.kl_divergence([y, 1 - y], [x, 1 - x])
        assert _relative_error(reverse, _mp_kl_phi([y, 1 - y], [x, 1 - x])) < 1e-12


def test_kl_near_equal_batch_against_mpmath():
    rng = np.random.default_rng(20260121)
    worst = 0.0
    with mpmath.workdps(_DPS):
        for p, q in _near_pairs(rng, 1500):
            value = numeric.kl_divergence(p, q)
            assert value >= 0, (p, q, value)
            worst = max(worst, _relative_error(value, _mp_kl_phi(p, q)))
    assert worst < 1e-6, worst


def test_kl_on_binary_pairs_with_exact_totals_matches_the_sum_as_written():
    """x in [1/2, 1): 1 - x is exact, so the doubles are distributions and sum p log(p/q) is the reference."""
    rng = np.random.default_rng(7)
    x = rng.uniform(0.5, 1.0, 2000)
    y = x * (1 + 10.0 ** rng.uniform(-16, -2, 2000) * rng.choice([-1, 1], 2000))
    y = np.clip(y, 0.5, np.nextafter(1.0, 0))
    P, Q = np.stack([x, 1 - x], -1), np.stack([y, 1 - y], -1)
    values = numeric.kl_divergence(P, Q)  # batched: one call for all rows
    assert (values >= 0).all()
    with mpmath.workdps(_DPS):
        worst = max(_relative_error(v, _mp_kl_as_written(p, q)) for v, p, q in zip(values, P, Q))
    assert worst < 1e-6, worst
    np.testing.assert_array_equal(numeric.kl_divergence(P.T, Q.T, axis=0), values)  # axis= keeps the values


@settings(max_examples=150, deadline=None)
@given(
    st.integers(2, 12),
    st.floats(-16, -2),
    st.integers(0, 2**32 - 1),
)
def test_property_kl_js_never_negative_and_accurate(n, exponent, seed):
    rng = np.random.default_rng(seed)
    q = rng.random(n) + 1e-3
    q /= q.sum()
    p = q * (1 + 10.0**exponent * rng.standard_normal(n))
    p /= p.sum()
    with mpmath.workdps(_DPS):
        value = numeric.kl_divergence(p, q)
        assert value >= 0
        assert _relative_error(value, _mp_kl_phi(p, q)) < 1e-6
        js = numeric.js_divergence(p, q)
        assert js >= 0
        assert _relative_error(js, _mp_js(p, q)) < 1e-6


def test_js_near_equal_batch_against_mpmath():
    rng = np.random.default_rng(11)
    with mpmath.workdps(_DPS):
        for p, q in _near_pairs(rng, 300):
            value = numeric.js_divergence(p, q)
            assert value >= 0
            assert _relative_error(value, _mp_js(p, q)) < 1e-6


@pytest.mark.parametrize("alpha", [0.5, 0.9, 1 + 1e-6, 2.0, 3.0])
def test_renyi_divergence_near_equal_against_mpmath(alpha):
    rng = np.random.default_rng(int(alpha * 1000))
    worst = 0.0
    with mpmath.workdps(_DPS):
        for p, q in _near_pairs(rng, 150):
            q = np.where(q > 0, q, 1e-3)  # alpha > 1 needs q > 0 where p > 0; p has zeros where q had
            q /= q.sum()
            value = numeric.renyi_divergence(p, q, alpha)
            assert value >= 0, (p, q, alpha, value)
            worst = max(worst, _relative_error(value, _mp_renyi(p, q, alpha)))
    assert worst < 1e-6, worst


def test_float32_near_equal_is_float32_and_accurate():
    rng = np.random.default_rng(3)
    q = rng.random((200, 8)).astype(np.float32)
    q /= q.sum(-1, keepdims=True)
    p = (q * (1 + np.float32(1e-5) * rng.standard_normal(q.shape).astype(np.float32))).astype(np.float32)
    p /= p.sum(-1, keepdims=True)
    values = numeric.kl_divergence(p, q)
    assert values.dtype == np.float32
    assert (values >= 0).all()
    with mpmath.workdps(_DPS):
        worst = max(_relative_error(v, _mp_kl_phi(a, b)) for v, a, b in zip(values, p, q))
    assert worst < 1e-6, worst  # computed in float64 and rounded once to float32


# ---------------------------------------------------------------------------------------------
# item 2: the sum check, on by default
def test_sum_check_refuses_the_issue_example_with_its_message():
    with pytest.raises(sk.InvalidDistribution) as raised:
        numeric.kl_divergence([1, 1], [1, 3])
    assert str(raised.value) == (
        "P does not sum to 1 along axis -1: P[:] sums to 2.0, off by 1 (tolerance 1.8e-15 = 4 n eps for n = 2 "
        "float64 entries); normalise P, or pass check=False"
    )
    assert isinstance(raised.value, ValueError)
    with pytest.raises(sk.InvalidDistribution, match=r"^Q does not sum to 1 along axis -1: Q\[:\] sums to 4\.0"):
        numeric.kl_divergence([0.5, 0.5], [1, 3])
    assert numeric.kl_divergence([1, 1], [1, 3], check=False) == pytest.approx(-np.log(3))  # as written


def test_sum_check_names_the_row_and_uses_the_axis():
    P = np.array([[0.5, 0.5], [0.75, 0.5], [0.25, 0.75]])
    with pytest.raises(sk.InvalidDistribution, match=r"^P does not sum to 1 along axis -1: P\[1, :\] sums to 1\.25"):
        numeric.kl_divergence(P, [0.5, 0.5])
    with pytest.raises(sk.InvalidDistribution, match=r"^P does not sum to 1 along axis 0: P\[:, 1\] sums to 1\.25"):
        numeric.entropy(P.T, axis=0)
    with pytest.raises(sk.InvalidDistribution, match=r"^J does not sum to 1 along its last 2 axes: J\[:, :\] sums to"):
        numeric.mutual_information([[0.5, 0.5], [0.5, 0.5]])


@pytest.mark.parametrize(
    "measure",
    [
        numeric.kl_divergence,
        numeric.cross_entropy,
        numeric.js_divergence,
        numeric.total_variation,
        numeric.hellinger,
        numeric.chi_square,
        lambda P, Q, **kw: numeric.renyi_divergence(P, Q, 2, **kw),
        lambda P, Q, **kw: numeric.renyi_divergence(P, Q, 1, **kw),
    ],
)
def test_every_two_argument_measure_checks_sums_by_default(measure):
    with pytest.raises(sk.InvalidDistribution, match=r"^Q does not sum to 1"):
        measure([0.5, 0.5], [0.5, 0.4])
    assert np.isfinite(measure([0.5, 0.5], [0.5, 0.4], check=False))


def test_sum_check_tolerance_follows_n_and_dtype():
    rng = np.random.default_rng(5)
    for n in (3, 1000, 100_000):  # float drift of a normalised array passes
        p = rng.random(n)
        p /= p.sum()
        assert numeric.entropy(p) > 0
        assert numeric.entropy(p.astype(np.float32)) > 0
    # 1e-12 is drift for float32 but not for float64 with two entries
    assert numeric.entropy(np.array([0.5, 0.5 + 1e-7], dtype=np.float32)) == pytest.approx(np.log(2), rel=1e-6)
    with pytest.raises(sk.InvalidDistribution, match=r"\(tolerance 1\.8e-15 = 4 n eps for n = 2 float64 entries\)"):
        numeric.entropy([0.5, 0.5 + 1e-12])
    with pytest.raises(sk.InvalidDistribution, match=r"\(tolerance 9\.5e-07 = 4 n eps for n = 2 float32 entries\)"):
        numeric.entropy(np.array([0.5, 0.5001], dtype=np.float32))


def test_a_bad_entry_is_reported_before_a_bad_sum():
    with pytest.raises(sk.InvalidDistribution, match=r"^P\[1\] = -0\.5 is negative"):
        numeric.kl_divergence([0.5, -0.5, 0.5], [0.25, 0.25, 0.5])
    with pytest.raises(sk.InvalidDistribution, match=r"^P\[0\] = nan is not a number"):
        numeric.kl_divergence([np.nan, 1.0], [0.5, 0.5])


def test_sum_check_in_every_block_of_the_kernel():
    P = np.full((3, 100_000), 1e-5)
    P[2, 99_999] += 1e-3
    with pytest.raises(sk.InvalidDistribution, match=r"^P does not sum to 1 along axis -1: P\[2, :\] sums to 1\.001"):
        numeric.kl_divergence(P, np.full(100_000, 1e-5))
    assert numeric.kl_divergence(P[:2], np.full(100_000, 1e-5)) == pytest.approx([0, 0], abs=1e-15)
