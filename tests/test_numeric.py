"""Edge-correct numerics (DESIGN section 6): lambdify, array measures, evaluate, cross_check."""

import warnings

import mpmath
import numpy as np
import pytest
import scipy.special
import scipy.stats
import sympy
from hypothesis import given
from scipy.spatial.distance import jensenshannon
from strategies import pairs

import symkl as sk
from symkl import numeric


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
    with pytest.raises(ValueError, match=r"^P does not sum to 1 along axis -1: off by 0\.1"):
        numeric.entropy([0.5, 0.4], check=True)
    with pytest.raises(sk.InvalidDistribution, match=r"^Q\[1\] = -0\.5 is negative: probabilities must be finite"):
        numeric.kl_divergence([0.5, 0.5], [1.5, -0.5], check=True)
    with pytest.raises(sk.InvalidDistribution, match=r"^P\[0\] = nan is not a number: probabilities must be"):
        numeric.entropy([np.nan, 1.0], check=True)
    assert numeric.entropy([0.5, 0.5 + 1e-12], check=True) == pytest.approx(np.log(2))
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
    with pytest.raises(ValueError, match="modules must be 'numpy' or 'mpmath'"):
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
