"""Edge-correct numerics (DESIGN section 6): lambdify, array measures, evaluate, cross_check."""

import functools
import math
import types
import warnings

import mpmath
import numpy as np
import pytest
import scipy.special
import scipy.stats
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.spatial.distance import jensenshannon
from strategies import pairs

import symkl as sk
from symkl import numeric

#: The measures with the sum check off: the edge tests below use tiny entries that need not sum to 1.
unchecked = types.SimpleNamespace(
    **{name: functools.partial(getattr(numeric, name), check=False) for name in numeric.__all__ if name[0] != "_"}
)


@pytest.fixture(autouse=True)
def _no_runtime_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


def _random_pairs(rng, shape, zeros=0.2):
    P = rng.random(shape)
    P[rng.random(shape) < zeros] = 0
    P[..., 0] += 1e-3  # no all-zero rows
    Q = rng.random(shape)
    Q[rng.random(shape) < zeros / 2] = 0
    Q[..., -1] += 1e-3
    return P / P.sum(-1, keepdims=True), Q / Q.sum(-1, keepdims=True)


def test_terms_follow_the_conventions():
    assert numeric.xlogy(0.0, 0.0) == 0.0
    assert numeric.entr(0.0) == 0.0
    assert numeric.rel_entr(0.0, 0.0) == 0.0
    assert numeric.rel_entr(0.5, 0.0) == np.inf
    assert np.isnan(numeric.xlogy(np.nan, 1.0))  # nan only from a nan input
    x = np.array([0.0, 0.0, 0.5, 0.5])
    y = np.array([0.0, 0.5, 0.0, 0.25])
    np.testing.assert_array_equal(numeric.rel_entr(x, y), scipy.special.rel_entr(x, y))
    np.testing.assert_array_equal(numeric.xlogy(x, y), scipy.special.xlogy(x, y))
    np.testing.assert_array_equal(numeric.entr(x), scipy.special.entr(x))


def test_batched_measures_agree_with_scipy():
    rng = np.random.default_rng(1)
    P, Q = _random_pairs(rng, (50, 7))
    np.testing.assert_allclose(numeric.kl_divergence(P, Q), scipy.special.rel_entr(P, Q).sum(-1), rtol=1e-12)
    np.testing.assert_allclose(numeric.entropy(P, base=2), scipy.stats.entropy(P, base=2, axis=-1), rtol=1e-12)
    np.testing.assert_allclose(numeric.cross_entropy(P, Q), -scipy.special.xlogy(P, Q).sum(-1), rtol=1e-12)
    np.testing.assert_allclose(
        np.sqrt(numeric.js_divergence(P, Q)), jensenshannon(P, Q, axis=-1), rtol=1e-10, atol=1e-12
    )
    np.testing.assert_allclose(numeric.total_variation(P, Q), np.abs(P - Q).sum(-1) / 2)
    # along another axis
    np.testing.assert_allclose(numeric.kl_divergence(P.T, Q.T, axis=0), numeric.kl_divergence(P, Q), rtol=1e-12)


def test_large_arrays_go_through_the_blocked_kernel():
    rng = np.random.default_rng(2)
    P, Q = _random_pairs(rng, (3, 200_000), zeros=0.01)
    np.testing.assert_allclose(numeric.kl_divergence(P, Q), scipy.special.rel_entr(P, Q).sum(-1), rtol=1e-10)
    flat_p, flat_q = P[0], Q[0]
    assert numeric.kl_divergence(flat_p, flat_q) == pytest.approx(
        scipy.special.rel_entr(flat_p, flat_q).sum(), rel=1e-10
    )


def test_edges_inf_never_nan():
    assert numeric.kl_divergence([1.0, 0.0], [0.0, 1.0]) == np.inf
    assert numeric.kl_divergence([0.0, 1.0], [0.0, 1.0]) == 0.0
    assert numeric.cross_entropy([1.0, 0.0], [0.0, 1.0]) == np.inf
    assert numeric.entropy([1.0, 0.0]) == 0.0
    assert numeric.chi_square([1.0, 0.0], [0.0, 1.0]) == np.inf
    assert numeric.chi_square([0.0, 1.0], [0.0, 1.0]) == 0.0
    assert numeric.renyi_divergence([1.0, 0.0], [0.0, 1.0], 2) == np.inf
    assert numeric.hellinger([1.0, 0.0], [0.0, 1.0]) == 1.0
    assert numeric.mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2) == pytest.approx(1.0)


def test_float32_stays_float32():
    P = np.array([[0.5, 0.5], [0.9, 0.1]], dtype=np.float32)
    Q = np.array([[0.25, 0.75], [0.5, 0.5]], dtype=np.float32)
    for result in (numeric.kl_divergence(P, Q), numeric.entropy(P), numeric.cross_entropy(P, Q, base=2)):
        assert result.dtype == np.float32
    assert numeric.kl_divergence(P, Q)[0] == pytest.approx(
        float(sk.kl_divergence(["1/2", "1/2"], ["1/4", "3/4"])), rel=1e-6
    )


def test_shape_and_check_errors():
    with pytest.raises(ValueError, match=r"^P has shape \(2,\) and Q has shape \(3,\); they do not broadcast$"):
        numeric.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match=r"^P must have at least one dimension, got a scalar$"):
        numeric.entropy(0.5)
    with pytest.raises(TypeError, match=r"^P must hold real numbers, got dtype <U3$"):
        numeric.entropy(["0.5", "0.5"])
    with pytest.raises(sk.InvalidDistribution, match=r"^P does not sum to 1 along axis -1: P\[:\] sums to 0\.9, off"):
        numeric.entropy([0.5, 0.4])
    with pytest.raises(sk.InvalidDistribution, match=r"^Q\[1\] = -0\.5 is negative: probabilities must be finite"):
        numeric.kl_divergence([0.5, 0.5], [1.5, -0.5], check=True)
    with pytest.raises(sk.InvalidDistribution, match=r"^P\[0\] = nan is not a number: probabilities must be"):
        numeric.entropy([np.nan, 1.0], check=True)
    with pytest.raises(sk.InvalidDistribution, match=r"off by 1e-12 \(tolerance 1\.8e-15 = 4 n eps for n = 2 float64"):
        numeric.entropy([0.5, 0.5 + 1e-12])  # 1e-12 is not float drift for two entries
    assert numeric.entropy([0.5, 0.5 + 1e-12], check=False) == pytest.approx(np.log(2))
    with pytest.raises(ValueError, match=r"^base must be positive and not 1, got 1$"):
        numeric.entropy([0.5, 0.5], base=1)
    with pytest.raises(ValueError, match=r"^alpha must be positive, got 0$"):
        numeric.renyi_entropy([0.5, 0.5], 0)


@given(pairs())
def test_numeric_agrees_with_exact(pair):
    P, Q = pair
    p = np.array([float(x) for x in P.probabilities])
    q = np.array([float(x) for x in Q.probabilities])
    for exact, value in (
        (sk.kl_divergence(P, Q), numeric.kl_divergence(p, q)),
        (sk.entropy(P, base=2), numeric.entropy(p, base=2)),
        (sk.cross_entropy(P, Q), numeric.cross_entropy(p, q)),
        (sk.js_divergence(P, Q), numeric.js_divergence(p, q)),
    ):
        if exact is sympy.oo:
            assert value == np.inf
        else:
            assert value == pytest.approx(float(sk.evaluate(exact, 20)), rel=1e-12, abs=1e-15)


def test_lambdify_keeps_conventions_for_symbolic_distributions():
    p, q = sympy.symbols("p q", positive=True)
    kl = sk.kl_divergence(sk.bernoulli(p), sk.bernoulli(q))
    f = sk.lambdify((p, q), kl)
    ps = np.array([0.0, 0.0, 1.0, 0.3, 0.5, 1.0])
    qs = np.array([0.0, 0.5, 0.5, 0.0, 0.5, 1.0])
    expected = scipy.special.rel_entr(ps, qs) + scipy.special.rel_entr(1 - ps, 1 - qs)
    np.testing.assert_array_equal(f(ps, qs), expected)
    naive = sympy.lambdify((p, q), kl, "numpy")
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.isnan(naive(ps, qs)).any()  # what plain sympy.lambdify gives at the edges


def test_lambdify_symbolic_distribution_and_mpmath():
    G = sk.Distribution.symbolic(3, "p")
    p1, p2 = sorted(G.free_symbols, key=str)
    H = sk.entropy(G, base=2)
    f = sk.lambdify((p1, p2), H)
    assert f(0.5, 0.5) == pytest.approx(1.0)
    assert f(1.0, 0.0) == 0.0
    with mpmath.workdps(40):
        g = sk.lambdify((p1, p2), H, modules="mpmath")
        assert g(mpmath.mpf("0.25"), mpmath.mpf("0.25")) == pytest.approx(1.5)
        assert g(mpmath.mpf(1), mpmath.mpf(0)) == 0
    with pytest.raises(ValueError, match="modules must be 'numpy', 'mpmath' or 'array_api'"):
        sk.lambdify(p1, H, modules="torch")


def test_lambdify_general_n_sum_over_arrays():
    n = sympy.Symbol("n", integer=True, positive=True)
    i = sympy.Idx("i", n)
    p, q = sympy.IndexedBase("p", positive=True), sympy.IndexedBase("q", positive=True)
    kl = sympy.Sum(p[i] * sympy.log(p[i] / q[i]), (i, 0, n - 1))
    f = sk.lambdify((p, q, n), kl)
    P = np.array([0.5, 0.0, 0.5])
    Q = np.array([0.25, 0.25, 0.5])
    assert f(P, Q, 3) == pytest.approx(scipy.special.rel_entr(P, Q).sum())


def test_evaluate_reads_plain_numbers_and_text_exactly():
    assert str(sk.evaluate("1/3", 5)) == "0.33333"
    assert str(sk.evaluate(0.1, 3)) == "0.100"
    with pytest.raises(sk.InvalidInput, match="is not allowed"):
        sk.evaluate("__import__('os')")


def test_evaluate_and_cross_check():
    value = sk.kl_divergence(["1/2", "1/2"], ["1/4", "3/4"], base=2)
    with mpmath.workdps(50):
        reference = mpmath.nstr(1 - mpmath.log(3) / (2 * mpmath.log(2)), 30, strip_zeros=False)
    assert str(sk.evaluate(value, 30)) == reference == "0.207518749639421909273130528026"
    assert sk.evaluate(sk.KL(["1/2", "1/2"], ["1/4", "3/4"]), 10) == sympy.Float("0.1438410362", 10)
    report = sk.cross_check(
        value,
        {
            "numeric": numeric.kl_divergence([0.5, 0.5], [0.25, 0.75], base=2),
            "scipy": lambda: scipy.stats.entropy([0.5, 0.5], [0.25, 0.75], base=2),
            "float32": float(numeric.kl_divergence(np.float32([0.5, 0.5]), np.float32([0.25, 0.75]), base=2)),
        },
    )
    assert report.errors["numeric"] < 1e-15 and report.errors["scipy"] < 1e-15
    assert 1e-9 < report.errors["float32"] < 1e-6
    assert report.worst == report.errors["float32"]
    assert "relative error" in str(report)


# ---------------------------------------------------------------------------------------------
# extremes: references computed from the definitions with mpmath (float inputs are exact mpf)
#: 50 digits beyond the exponent range of doubles, so that sums such as 1 + 1e-300 are exact
_DIGITS = 700


def _mp(values):
    return [mpmath.mpf(float(v)) for v in np.ravel(values)]


def _mp_kl(p, q):
    return mpmath.fsum(a * mpmath.log(a / b) if b else mpmath.inf for a, b in zip(_mp(p), _mp(q)) if a)


def _mp_cross_entropy(p, q):
    return -mpmath.fsum(a * mpmath.log(b) if b else -mpmath.inf for a, b in zip(_mp(p), _mp(q)) if a)


def _mp_entropy(p):
    return -mpmath.fsum(a * mpmath.log(a) for a in _mp(p) if a)


def _mp_js(p, q):
    def term(a, m):
        return a * mpmath.log(a / m) if a else 0

    return mpmath.fsum(term(a, (a + b) / 2) + term(b, (a + b) / 2) for a, b in zip(_mp(p), _mp(q))) / 2


def _mp_hellinger(p, q):
    return mpmath.sqrt(mpmath.fsum((mpmath.sqrt(a) - mpmath.sqrt(b)) ** 2 for a, b in zip(_mp(p), _mp(q))) / 2)


def _mp_chi_square(p, q):
    def term(a, b):
        if b == 0:
            return mpmath.inf if a else 0
        return (a - b) ** 2 / b

    return mpmath.fsum(term(a, b) for a, b in zip(_mp(p), _mp(q)))


def _mp_renyi(p, q, alpha):
    pairs = [(a, b) for a, b in zip(_mp(p), _mp(q)) if a]
    if alpha == 1:
        return _mp_kl(p, q)
    if alpha == np.inf:
        return max(mpmath.log(a / b) if b else mpmath.inf for a, b in pairs)
    alpha = mpmath.mpf(alpha)
    if alpha > 1 and any(b == 0 for _, b in pairs):
        return mpmath.inf
    total = mpmath.fsum(a**alpha * b ** (1 - alpha) for a, b in pairs if b)
    return mpmath.inf if total == 0 else mpmath.log(total) / (alpha - 1)


def _mp_renyi_entropy(p, alpha):
    if alpha == 1:
        return _mp_entropy(p)
    if alpha == np.inf:
        return -mpmath.log(max(_mp(p)))
    alpha = mpmath.mpf(alpha)
    return mpmath.log(mpmath.fsum(a**alpha for a in _mp(p) if a)) / (1 - alpha)


def _close(value, reference, rel=1e-12, abs_tol=0.0):
    """value (a float) equals the mpmath reference: the same infinity, or within rel * |reference| + abs_tol."""
    value = float(value)
    if math.isinf(float(reference)):  # infinite, or beyond the largest double
        assert value == float(reference), (value, reference)
    else:
        assert math.isfinite(value), (value, reference)
        assert abs(value - float(reference)) <= rel * abs(float(reference)) + abs_tol, (value, reference)


def test_kl_where_p_over_q_overflows_or_underflows():
    with mpmath.workdps(_DIGITS):
        reference = _mp_kl([0.5, 0.5], [1e-310, 1])
        assert mpmath.nstr(reference, 10) == "356.2075422"
        _close(unchecked.kl_divergence([0.5, 0.5], [1e-310, 1]), reference, rel=1e-14)
        assert unchecked.kl_divergence([0.5, 0.5], [1e-310, 1]) == pytest.approx(
            scipy.special.rel_entr([0.5, 0.5], [1e-310, 1]).sum(), rel=1e-14
        )
        for p, q in (([1e-300, 1.0], [1.0, 1e-300]), ([5e-324, 1.0], [0.75, 0.25]), ([1.0, 2e-320], [3e-321, 1.0])):
            _close(unchecked.kl_divergence(p, q), _mp_kl(p, q), rel=1e-14)
        # the lambdify mapping's elementwise rel_entr, and the same measure through a batch
        assert numeric.rel_entr(0.5, 1e-310) == pytest.approx(float(0.5 * (mpmath.log(0.5) - mpmath.log(1e-310))))
        np.testing.assert_allclose(numeric.rel_entr([0.5, 0.5], [1e-310, 1.0]), [356.554115698, -0.34657359028])
        _close(unchecked.kl_divergence([[0.5, 0.5]] * 3, [1e-310, 1])[2], reference, rel=1e-14)


def test_lambdified_kl_at_extreme_parameters():
    p, q = sympy.symbols("p q", positive=True)
    f = sk.lambdify((p, q), sk.kl_divergence(sk.bernoulli(p), sk.bernoulli(q)))
    with mpmath.workdps(_DIGITS):
        for a, b in ((0.5, 1e-310), (1e-300, 1 - 1e-16), (0.25, 5e-324)):
            _close(f(a, b), _mp_kl([1 - a, a], [1 - b, b]), rel=1e-13)


def test_chi_square_at_zero_and_tiny_q():
    assert unchecked.chi_square([1e-200, 1 - 1e-200], [0, 1]) == np.inf
    assert unchecked.chi_square([5e-324, 1.0], [0.0, 1.0]) == np.inf
    with mpmath.workdps(_DIGITS):
        for p, q in (([1e-200, 1.0], [1e-300, 1.0]), ([1e-10, 1.0], [1e-320, 1.0]), ([0.5, 0.5], [0.5 + 2**-40, 0.5])):
            _close(unchecked.chi_square(p, q), _mp_chi_square(p, q), rel=1e-13)


def test_hellinger_keeps_digits_on_near_equal_inputs():
    P = [0.5 + 2**-30, 0.5 - 2**-30]
    with mpmath.workdps(_DIGITS):
        reference = _mp_hellinger(P, [0.5, 0.5])
        assert mpmath.nstr(reference, 4) == "6.585e-10"
        _close(unchecked.hellinger(P, [0.5, 0.5]), reference, rel=1e-14)
        for p, q in (([1e-320, 1.0], [0.0, 1.0]), ([1e-300, 0.0], [0.0, 1e-300]), ([1 - 1e-16, 1e-16], [1.0, 0.0])):
            _close(unchecked.hellinger(p, q), _mp_hellinger(p, q), rel=1e-13)


def test_js_with_denormals_and_near_equal_inputs():
    # (p + q) / 2 underflows to 0 for p = 5e-324, q = 0: the old code returned inf; JS is at most log 2
    assert 0 <= unchecked.js_divergence([5e-324, 1.0], [0.0, 1.0]) <= 1e-323
    with mpmath.workdps(_DIGITS):
        for p, q in (
            ([0.5 + 2**-30, 0.5 - 2**-30], [0.5, 0.5]),
            ([1e-300, 1.0], [0.0, 1.0]),
            ([0.3, 0.7], [0.3 + 1e-15, 0.7 - 1e-15]),
            ([1e-320, 3e-320], [2e-320, 0.0]),
        ):
            _close(unchecked.js_divergence(p, q), _mp_js(p, q), rel=1e-12, abs_tol=1e-323)


def test_mutual_information_of_tiny_tables():
    J = np.array([[1e-200, 0.0], [0.0, 1 - 1e-200]])
    with mpmath.workdps(_DIGITS):
        rows, columns = J.sum(1), J.sum(0)
        reference = mpmath.fsum(
            mpmath.mpf(J[i, j]) * mpmath.log(mpmath.mpf(J[i, j]) / (mpmath.mpf(rows[i]) * mpmath.mpf(columns[j])))
            for i in range(2)
            for j in range(2)
            if J[i, j]
        )
        _close(unchecked.mutual_information(J), reference, rel=1e-13)


@pytest.mark.parametrize(
    ("p", "q"),
    [
        ([1e-200, 1 - 1e-200], [1e-300, 1 - 1e-300]),
        ([1e-200, 1.0], [1e-10, 1.0]),
        ([5e-324, 1.0], [1.0, 5e-324]),
        ([0.5, 0.5], [1e-310, 1.0]),
        ([1e-300, 1e-300], [1e-300, 0.0]),
    ],
)
@pytest.mark.parametrize("alpha", [1e-9, 0.001, 0.5, 0.9, 1.5, 2, 3, 10, 1000, 1e6, np.inf])
def test_renyi_divergence_with_tiny_probabilities(p, q, alpha):
    with mpmath.workdps(_DIGITS):
        reference = _mp_renyi(p, q, alpha)
        beta = 1 if alpha == np.inf else abs(alpha - 1)
        _close(unchecked.renyi_divergence(p, q, alpha), reference, rel=1e-12, abs_tol=1e-12 / beta)


def test_renyi_near_alpha_one_tends_to_kl_and_shannon():
    P, Q = [0.5, 0.25, 0.25], [0.125, 0.375, 0.5]  # dyadic: the floats are the exact distributions
    with mpmath.workdps(_DIGITS):
        for alpha in (1 - 1e-12, 1 + 1e-12, 1 + 1e-6, 1 - 1e-3):
            _close(numeric.renyi_divergence(P, Q, alpha), _mp_renyi(P, Q, alpha), rel=1e-12)
            _close(numeric.renyi_entropy(P, alpha), _mp_renyi_entropy(P, alpha), rel=1e-12)
    assert numeric.renyi_divergence(P, Q, 1 + 1e-12) == pytest.approx(numeric.kl_divergence(P, Q), rel=1e-10)


@pytest.mark.parametrize("alpha", [1e-9, 0.5, 2, 1000, np.inf])
def test_renyi_entropy_with_tiny_probabilities(alpha):
    with mpmath.workdps(_DIGITS):
        for p in ([1e-200, 1 - 1e-200], [5e-324, 0.5, 0.5], [1e-300] * 3):
            _close(unchecked.renyi_entropy(p, alpha), _mp_renyi_entropy(p, alpha), rel=1e-12, abs_tol=1e-320)


def test_renyi_edges_follow_the_conventions():
    assert unchecked.renyi_divergence([1.0, 0.0], [0.0, 1.0], 0.5) == np.inf  # disjoint supports
    assert unchecked.renyi_divergence([0.5, 0.5], [0.0, 1.0], 2) == np.inf  # q = 0 < p, alpha > 1
    assert unchecked.renyi_divergence([0.5, 0.5], [0.0, 1.0], 0.5) == pytest.approx(
        np.log(2)
    )  # -log(sum q^(1/2) p^(1/2))
    assert unchecked.renyi_divergence([0.5, 0.5], [0.0, 1.0], np.inf) == np.inf
    assert unchecked.renyi_entropy([1.0, 0.0], 0.5) == 0.0


# ---------------------------------------------------------------------------------------------
# validation of entries (on by default)
_MEASURES_PQ = [
    numeric.kl_divergence,
    numeric.cross_entropy,
    numeric.js_divergence,
    numeric.total_variation,
    numeric.hellinger,
    numeric.chi_square,
    lambda P, Q, **kw: numeric.renyi_divergence(P, Q, 2, **kw),
    lambda P, Q, **kw: numeric.renyi_divergence(P, Q, 1, **kw),
]
_MEASURES_P = [
    numeric.entropy,
    lambda P, **kw: numeric.renyi_entropy(P, 0.5, **kw),
    lambda P, **kw: numeric.renyi_entropy(P, 1, **kw),
]
_BAD = [(-0.5, "-0.5 is negative"), (np.nan, "nan is not a number"), (np.inf, "inf is infinite")]


@pytest.mark.parametrize("measure", _MEASURES_PQ)
@pytest.mark.parametrize(("bad", "says"), _BAD)
def test_two_argument_measures_reject_bad_entries(measure, bad, says):
    good = [0.25, 0.25, 0.5]
    with pytest.raises(sk.InvalidDistribution) as raised:
        measure([0.5, bad, 0.5], good)
    assert str(raised.value) == f"P[1] = {says}: probabilities must be finite and non-negative"
    with pytest.raises(sk.InvalidDistribution) as raised:
        measure([[0.5, 0.5, 0.0], [0.5, 0.5, 0.0]], [good, [0.0, 1.0, bad]])
    assert str(raised.value) == f"Q[1, 2] = {says}: probabilities must be finite and non-negative"


@pytest.mark.parametrize("measure", _MEASURES_P)
@pytest.mark.parametrize(("bad", "says"), _BAD)
def test_one_argument_measures_reject_bad_entries(measure, bad, says):
    with pytest.raises(sk.InvalidDistribution) as raised:
        measure([[0.5, 0.5], [bad, 1.0]])
    assert str(raised.value) == f"P[1, 0] = {says}: probabilities must be finite and non-negative"


def test_bad_entries_found_in_any_block_and_reported_in_user_coordinates():
    P, Q = np.full((3, 100_000), 1e-5), np.full(100_000, 1e-5)  # several blocks of the kernel
    Q[99_999] = -1e-5
    with pytest.raises(sk.InvalidDistribution, match=r"^Q\[99999\] = -1e-05 is negative"):
        numeric.kl_divergence(P, Q)
    P[2, 70_000] = np.nan
    with pytest.raises(sk.InvalidDistribution, match=r"^P\[2, 70000\] = nan is not a number"):
        numeric.kl_divergence(P, np.abs(Q))
    with pytest.raises(sk.InvalidDistribution, match=r"^P\[70000, 2\] = nan is not a number"):
        numeric.entropy(P.T, axis=0)
    with pytest.raises(sk.InvalidDistribution, match=r"^J\[1, 0\] = -0.1 is negative"):
        numeric.mutual_information([[0.5, 0.1], [-0.1, 0.5]])


def test_validation_and_the_sum_check_can_be_switched_off():
    assert np.isnan(numeric.kl_divergence([np.nan, 1.0], [0.5, 0.5], validate=False, check=False))
    value = numeric.kl_divergence([-0.5, 1.5], [0.5, 0.5], validate=False, check=False)
    assert value == pytest.approx(1.5 * np.log(3))
    with pytest.raises(sk.InvalidDistribution, match=r"^P\[0\] = nan is not a number"):  # check implies entries
        numeric.kl_divergence([np.nan, 1.0], [0.5, 0.5], validate=False)
    # check=False: sum p log(p/q) as written (the totals differ, so their difference is added back)
    assert numeric.kl_divergence([0.5, 0.4], [0.5, 0.5], check=False) == pytest.approx(0.4 * np.log(0.8))
    with pytest.raises(sk.InvalidDistribution, match=r"^P does not sum to 1 along axis -1"):
        numeric.kl_divergence([0.5, 0.4], [0.5, 0.5])


def test_empty_arrays_and_bad_axes_get_clear_errors():
    with pytest.raises(sk.InvalidDistribution, match=r"^P is empty: no outcomes along axis -1$"):
        numeric.kl_divergence([], [])
    with pytest.raises(sk.InvalidDistribution, match=r"^P is empty: no outcomes along axis -1$"):
        numeric.entropy(np.zeros((3, 0)))
    with pytest.raises(sk.InvalidInput, match=r"^axis 1 is out of range for P with 1 dimension\(s\)$"):
        numeric.entropy([0.5, 0.5], axis=1)
    assert numeric.kl_divergence(np.zeros((0, 3)), np.zeros((0, 3))).shape == (0,)  # no rows is fine


# ---------------------------------------------------------------------------------------------
# properties over random inputs with zeros, denormals and tiny entries, against mpmath
_entries = st.one_of(
    st.just(0.0),
    st.floats(5e-324, 2.2e-308),
    st.floats(1e-300, 1e-200),
    st.floats(1e-20, 1.0),
    st.floats(0.1, 1.0),
)
_arrays = st.lists(_entries, min_size=1, max_size=6)


@st.composite
def _pairs(draw):
    p = draw(_arrays)
    q = draw(st.lists(_entries, min_size=len(p), max_size=len(p)))
    return np.array(p), np.array(q)


def _kl_scale(p, q):
    """sum |p log(p/q)| + sum p: the size of the rounding error of a sum of such terms."""
    return float(mpmath.fsum(abs(a * mpmath.log(a / b)) + a for a, b in zip(_mp(p), _mp(q)) if a and b))


@given(_pairs())
def test_property_kl_entropy_cross_entropy_against_mpmath(pair):
    p, q = pair
    with mpmath.workdps(_DIGITS):
        scale = _kl_scale(p, q) + float(np.sum(q))  # sum q phi(p/q) then minus the difference of the totals
        _close(unchecked.kl_divergence(p, q), _mp_kl(p, q), rel=0, abs_tol=1e-14 * scale + 1e-320)
        _close(unchecked.entropy(p), _mp_entropy(p), rel=0, abs_tol=1e-14 * _kl_scale(p, np.ones_like(p)) + 1e-320)
        _close(
            unchecked.cross_entropy(p, q), _mp_cross_entropy(p, q), rel=0, abs_tol=1e-14 * _kl_scale(np.ones_like(p), q)
        )


@given(_pairs())
def test_property_distances_against_mpmath(pair):
    p, q = pair
    with mpmath.workdps(_DIGITS):
        _close(unchecked.js_divergence(p, q), _mp_js(p, q), rel=1e-12, abs_tol=1e-323)
        _close(unchecked.hellinger(p, q), _mp_hellinger(p, q), rel=1e-13, abs_tol=1e-320)
        _close(unchecked.chi_square(p, q), _mp_chi_square(p, q), rel=1e-13, abs_tol=1e-300)
        reference = mpmath.fsum(abs(a - b) for a, b in zip(_mp(p), _mp(q))) / 2
        _close(unchecked.total_variation(p, q), reference, rel=1e-14, abs_tol=1e-320)


_alphas = st.one_of(
    st.sampled_from([1e-9, 0.001, 0.5, 1 - 1e-9, 1.0, 1 + 1e-9, 2.0, 3.0, 100.0, 1e6, np.inf]), st.floats(0.01, 50)
)


@given(_pairs(), _alphas)
def test_property_renyi_against_mpmath(pair, alpha):
    p, q = pair
    assume(p.max() > 0)
    with mpmath.workdps(_DIGITS):
        support = p > 0
        with np.errstate(divide="ignore"):
            logs = np.log(p[support])
            ratios = [float(mpmath.log(mpmath.mpf(a) / mpmath.mpf(b))) for a, b in zip(p[support], q[support]) if b]
        beta = 1.0 if alpha in (1, np.inf) else abs(alpha - 1)
        spread = len(p) + np.abs(logs).max() + beta * max(map(abs, ratios), default=0)
        # the definition divides log(sum) by alpha - 1: its rounding, about eps * spread, grows by 1/|alpha - 1|
        tolerance = 1e-14 * spread / beta
        _close(unchecked.renyi_divergence(p, q, alpha), _mp_renyi(p, q, alpha), rel=1e-12, abs_tol=tolerance)
        _close(unchecked.renyi_entropy(p, alpha), _mp_renyi_entropy(p, alpha), rel=1e-12, abs_tol=tolerance)


@given(st.lists(st.floats(1e-3, 1.0), min_size=2, max_size=8), st.data())
def test_property_normal_range_agrees_with_scipy(weights, data):
    p = np.array(weights) / np.sum(weights)
    q = np.array(data.draw(st.lists(st.floats(1e-3, 1.0), min_size=len(p), max_size=len(p))))
    q /= q.sum()
    assert numeric.kl_divergence(p, q) == pytest.approx(scipy.special.rel_entr(p, q).sum(), rel=1e-12, abs=1e-15)
    assert numeric.entropy(p) == pytest.approx(scipy.special.entr(p).sum(), rel=1e-12)
    with np.errstate(invalid="ignore"):
        distance = jensenshannon(p, q)  # its radicand has an absolute error of a few ulps: nan when negative
    assert numeric.js_divergence(p, q) == pytest.approx(np.nan_to_num(distance) ** 2, rel=1e-12, abs=1e-15)
