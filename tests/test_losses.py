"""ML losses: exact identities with the measures, and numeric agreement with PyTorch (skipped without torch)."""

import numpy as np
import pytest
import scipy.special
import sympy
from sympy import Rational, log

import symkl as sk
from symkl import losses

torch = pytest.importorskip("torch", reason="torch is the optional pinned CPU extra: pip install torch==2.13.0")
F = torch.nn.functional


def _batch(rng, n=16, c=5, zeros=0.3):
    P = rng.random((n, c))
    P[rng.random((n, c)) < zeros] = 0
    P[:, 0] += 1e-3
    P /= P.sum(1, keepdims=True)
    logits = rng.normal(size=(n, c)) * 3
    return P, logits


# ------------------------------------------------------------------ exact identities
def test_cross_entropy_is_entropy_of_onehot_against_softmax():
    x = sympy.symbols("x0:3", real=True)
    normaliser = sum(sympy.exp(v) for v in x)
    softmax = sk.Distribution([sympy.exp(v) / normaliser for v in x])
    for label in range(3):
        onehot = sk.Distribution([int(c == label) for c in range(3)])
        difference = losses.cross_entropy_exact(x, label) - sk.cross_entropy(onehot, softmax)
        assert sympy.expand(sympy.expand_log(difference, force=True)) == 0


def test_cross_entropy_minus_kl_is_the_entropy_of_the_target():
    x = sympy.symbols("x0:3", real=True)
    normaliser = sum(sympy.exp(v) for v in x)
    softmax = sk.Distribution([sympy.exp(v) / normaliser for v in x])
    P = sk.Distribution(["1/2", "1/3", "1/6"])
    difference = losses.cross_entropy_exact(x, P.probabilities) - sk.kl_divergence(P, softmax) - sk.entropy(P)
    residual = sympy.expand(sympy.expand_log(difference, force=True))
    assert not residual.free_symbols  # no x left: H(P) does not depend on Q
    assert sk.canonical(residual) == 0


def test_bce_with_logits_is_cross_entropy_of_bernoullis():
    x = sympy.Symbol("x", real=True)
    y = sympy.Symbol("y", positive=True)
    sigmoid = 1 / (1 + sympy.exp(-x))
    difference = losses.binary_cross_entropy_with_logits_exact(x, y) - sk.cross_entropy(
        sk.bernoulli(y), sk.bernoulli(sigmoid)
    )
    difference = difference.rewrite(sympy.log)  # xlogy(1 - y, .) -> (1 - y) log(.): 1 - y may be 0
    assert sympy.expand(sympy.expand_log(difference, force=True)) == 0


def test_batchmean_versus_mean_exact_factor():
    log_q = [[log(Rational(1, 4)), log(Rational(3, 4))], [log(Rational(1, 2)), log(Rational(1, 2))]]
    p = [["1/2", "1/2"], [1, 0]]
    batchmean = losses.kl_div_exact(log_q, p, "batchmean")
    mean = losses.kl_div_exact(log_q, p, "mean")
    per_sample = [sk.kl_divergence(p[0], ["1/4", "3/4"]), sk.kl_divergence(p[1], ["1/2", "1/2"])]
    assert sk.compare(batchmean, (per_sample[0] + per_sample[1]) / 2) == 0
    assert sk.compare(mean * 2, batchmean) == 0  # mean divides by N*C = 4, batchmean by N = 2: factor C = 2
    assert losses.reduction_factor((2, 2), "mean") / losses.reduction_factor((2, 2), "batchmean") == Rational(1, 2)


# ------------------------------------------------------------------ numeric against torch
@pytest.mark.filterwarnings("ignore:reduction. 'mean' divides the total loss:UserWarning")
@pytest.mark.parametrize("reduction", ["none", "sum", "mean", "batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_matches_torch(reduction, log_target):
    rng = np.random.default_rng(3)
    P, logits = _batch(rng)
    log_q = scipy.special.log_softmax(logits, axis=1)
    with np.errstate(divide="ignore"):
        target = np.log(P) if log_target else P
    ours = losses.kl_div(log_q, target, reduction=reduction, log_target=log_target)
    theirs = F.kl_div(torch.tensor(log_q), torch.tensor(target), reduction=reduction, log_target=log_target).numpy()
    if log_target and reduction == "none":  # torch: exp(-inf) * (-inf - x) = nan where p = 0; ours: 0
        assert np.array_equal(np.isnan(theirs), P == 0) and (ours[P == 0] == 0).all()
        theirs = np.where(P == 0, 0.0, theirs)
    elif log_target:
        assert np.isnan(theirs)
        theirs = losses.kl_div(log_q, P, reduction=reduction)  # the same numbers given as probabilities
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    if reduction == "batchmean":  # the mean of per-sample KL divergences
        np.testing.assert_allclose(ours, sk.numeric.kl_divergence(P, np.exp(log_q)).mean(), rtol=1e-12)


def test_kl_div_where_torch_gives_nan():
    log_q = np.array([[-np.inf, 0.0]])
    target = np.array([[0.0, 1.0]])
    theirs = F.kl_div(torch.tensor(log_q), torch.tensor(target), reduction="none").numpy()
    assert np.isnan(theirs[0, 0])  # torch: 0 * (-inf)
    assert losses.kl_div(log_q, target, reduction="none")[0, 0] == 0.0  # 0 log(0/0) = 0


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("smoothing", [0.0, 0.1])
def test_cross_entropy_matches_torch(reduction, smoothing):
    rng = np.random.default_rng(4)
    P, logits = _batch(rng)
    labels = rng.integers(0, 5, size=16)
    for target, torch_target in ((labels, torch.tensor(labels)), (P, torch.tensor(P))):
        ours = losses.cross_entropy(logits, target, reduction=reduction, label_smoothing=smoothing)
        theirs = F.cross_entropy(
            torch.tensor(logits), torch_target, reduction=reduction, label_smoothing=smoothing
        ).numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    # with probability targets and no smoothing it is H(P_i, softmax(x_i)) per sample
    softmax = np.exp(scipy.special.log_softmax(logits, axis=1))
    np.testing.assert_allclose(
        losses.cross_entropy(logits, P, reduction="none"), sk.numeric.cross_entropy(P, softmax), rtol=1e-10
    )


def test_nll_and_binary_losses_match_torch():
    rng = np.random.default_rng(5)
    _, logits = _batch(rng)
    log_p = scipy.special.log_softmax(logits, axis=1)
    labels = rng.integers(0, 5, size=16)
    np.testing.assert_allclose(
        losses.nll_loss(log_p, labels), F.nll_loss(torch.tensor(log_p), torch.tensor(labels)).numpy(), rtol=1e-12
    )
    x = rng.normal(size=(8, 3)) * 4
    y = rng.random((8, 3))
    y[0] = [0.0, 1.0, 0.5]
    weight = np.array([1.0, 2.0, 0.5])
    for reduction in ("none", "sum", "mean"):
        ours = losses.binary_cross_entropy_with_logits(x, y, reduction=reduction, pos_weight=weight)
        theirs = F.binary_cross_entropy_with_logits(
            torch.tensor(x), torch.tensor(y), reduction=reduction, pos_weight=torch.tensor(weight)
        ).numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    p = scipy.special.expit(x)
    p[0] = [0.0, 1.0, 0.5]  # exact 0 and 1: torch clamps the log at -100
    ours = losses.binary_cross_entropy(p, y, reduction="none")
    theirs = F.binary_cross_entropy(torch.tensor(p), torch.tensor(y), reduction="none").numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    exact = losses.binary_cross_entropy(p, y, reduction="none", clamp_log=None)
    assert exact[0, 0] == 0.0 and exact[0, 1] == 0.0  # y = 0 = p and y = 1 = p: no loss
    np.testing.assert_allclose(exact[1:], theirs[1:], rtol=1e-12)


def test_bce_with_logits_equals_bernoulli_cross_entropy_numerically():
    rng = np.random.default_rng(6)
    x = rng.normal(size=100) * 3
    y = rng.random(100)
    sigmoid = scipy.special.expit(x)
    per_element = losses.binary_cross_entropy_with_logits(x, y, reduction="none")
    expected = sk.numeric.cross_entropy(np.stack([1 - y, y], -1), np.stack([1 - sigmoid, sigmoid], -1))
    np.testing.assert_allclose(per_element, expected, rtol=1e-9)


def test_torch_distributions_kl_matches_exact():
    P = torch.distributions.Categorical(probs=torch.tensor([0.5, 0.5], dtype=torch.float64))
    Q = torch.distributions.Categorical(probs=torch.tensor([0.25, 0.75], dtype=torch.float64))
    exact = sk.kl_divergence(["1/2", "1/2"], ["1/4", "3/4"])
    assert float(torch.distributions.kl_divergence(P, Q)) == pytest.approx(float(sk.evaluate(exact, 20)), rel=1e-14)
    assert float(P.entropy()) == pytest.approx(float(sk.evaluate(sk.entropy(["1/2", "1/2"]), 20)), rel=1e-14)


def test_bad_loss_arguments():
    with pytest.raises(ValueError, match=r"^reduction must be one of 'none', 'mean', 'sum', got 'batchmean'$"):
        losses.cross_entropy(np.zeros((2, 3)), np.array([0, 1]), reduction="batchmean")
    with pytest.raises(ValueError, match=r"^class indices must lie in \[0, 2\]$"):
        losses.cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match=r"^label_smoothing must lie in \[0, 1\], got 2$"):
        losses.cross_entropy(np.zeros((2, 3)), np.array([0, 1]), label_smoothing=2)
    with pytest.raises(ValueError, match=r"^probability target has shape \(2, 2\), expected \(2, 3\)$"):
        losses.cross_entropy(np.zeros((2, 3)), np.full((2, 2), 0.5))


# ------------------------------------------------------------------ tensors in, tensors out; new losses
def _grads(function, *tensors):
    value = function(*tensors)
    value.sum().backward()
    return value.detach().numpy(), [t.grad.numpy().copy() for t in tensors]


def _leaves(*arrays):
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_cross_entropy_and_nll_on_tensors_with_weight_and_ignore_index(reduction, smoothing):
    rng = np.random.default_rng(11)
    logits = rng.normal(size=(12, 4, 3)) * 2  # (N, C, d): a spatial dimension too
    labels = torch.tensor(rng.integers(0, 4, size=(12, 3)))
    labels[0, 1] = labels[5, 2] = -1
    weight = torch.tensor([0.5, 2.0, 1.0, 3.0], dtype=torch.float64)

    def ours(x):
        return losses.cross_entropy(
            x, labels, reduction=reduction, label_smoothing=smoothing, weight=weight, ignore_index=-1
        )

    def theirs(x):
        return F.cross_entropy(
            x, labels, reduction=reduction, label_smoothing=smoothing, weight=weight, ignore_index=-1
        )

    value, (grad,) = _grads(ours, *_leaves(logits))
    assert isinstance(ours(torch.tensor(logits)), torch.Tensor)
    expected, (expected_grad,) = _grads(theirs, *_leaves(logits))
    np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-10, atol=1e-14)
    log_p = scipy.special.log_softmax(logits, axis=1)
    value, (grad,) = _grads(
        lambda x: losses.nll_loss(x, labels, reduction=reduction, weight=weight, ignore_index=-1), *_leaves(log_p)
    )
    expected, (expected_grad,) = _grads(
        lambda x: F.nll_loss(x, labels, reduction=reduction, weight=weight, ignore_index=-1), *_leaves(log_p)
    )
    np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-10, atol=1e-14)
    # the same numbers as NumPy arrays give the same values
    np.testing.assert_allclose(
        losses.cross_entropy(
            logits,
            labels.numpy(),
            reduction=reduction,
            label_smoothing=smoothing,
            weight=weight.numpy(),
            ignore_index=-1,
        ),
        theirs(torch.tensor(logits)).numpy(),
        rtol=1e-12,
    )


def test_cross_entropy_probability_targets_with_weight_on_tensors():
    rng = np.random.default_rng(12)
    P, logits = _batch(rng)
    weight = torch.tensor(rng.random(5) + 0.5)
    value, (grad,) = _grads(lambda x: losses.cross_entropy(x, torch.tensor(P), weight=weight), *_leaves(logits))
    expected, (expected_grad,) = _grads(lambda x: F.cross_entropy(x, torch.tensor(P), weight=weight), *_leaves(logits))
    np.testing.assert_allclose(value, expected, rtol=1e-12)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-10, atol=1e-15)


@pytest.mark.filterwarnings("ignore:reduction. 'mean' divides the total loss:UserWarning")
@pytest.mark.parametrize("reduction", ["none", "sum", "mean", "batchmean"])
def test_kl_div_gradients_on_tensors(reduction):
    rng = np.random.default_rng(13)
    P, logits = _batch(rng)
    log_q = scipy.special.log_softmax(logits, axis=1)
    value, grads = _grads(lambda x, y: losses.kl_div(x, y, reduction=reduction), *_leaves(log_q, P))
    expected, expected_grads = _grads(lambda x, y: F.kl_div(x, y, reduction=reduction), *_leaves(log_q, P))
    np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(grads[0], expected_grads[0], rtol=1e-10, atol=1e-15)
    support = P > 0  # torch's d/dp at p = 0 is log q - ... - inf handling differs only there
    np.testing.assert_allclose(grads[1][support], expected_grads[1][support], rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("log_input", [True, False])
@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_poisson_nll_loss_matches_torch(log_input, full, reduction):
    rng = np.random.default_rng(14)
    rate = rng.random((5, 4)) * 3 + 0.1
    inputs = np.log(rate) if log_input else rate
    counts = torch.tensor(rng.poisson(2.0, size=(5, 4)).astype(np.float64))
    value, (grad,) = _grads(
        lambda x: losses.poisson_nll_loss(x, counts, log_input=log_input, full=full, reduction=reduction),
        *_leaves(inputs),
    )
    expected, (expected_grad,) = _grads(
        lambda x: F.poisson_nll_loss(x, counts, log_input=log_input, full=full, reduction=reduction), *_leaves(inputs)
    )
    np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grad, expected_grad, rtol=1e-12, atol=1e-14)
    if log_input and not full:  # exp(x) - t x is -log Poisson(t; exp(x)) - log t!
        logpmf = scipy.stats.poisson.logpmf(counts.numpy(), rate) + scipy.special.gammaln(counts.numpy() + 1)
        np.testing.assert_allclose(losses.poisson_nll_loss(np.log(rate), counts.numpy(), reduction="none"), -logpmf)


@pytest.mark.parametrize("var_shape", ["same", "last1", "dropped"])
@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_gaussian_nll_loss_matches_torch(var_shape, full, reduction):
    rng = np.random.default_rng(15)
    mean, target = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    var = {"same": rng.random((6, 3)), "last1": rng.random((6, 1)), "dropped": rng.random(6)}[var_shape]
    var.flat[0] = 1e-9  # below eps: clamped, with the gradient passed through as torch does
    value, grads = _grads(
        lambda m, v: losses.gaussian_nll_loss(m, torch.tensor(target), v, full=full, reduction=reduction),
        *_leaves(mean, var),
    )
    expected, expected_grads = _grads(
        lambda m, v: F.gaussian_nll_loss(m, torch.tensor(target), v, full=full, reduction=reduction),
        *_leaves(mean, var),
    )
    np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-14)
    for ours, theirs in zip(grads, expected_grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
    if full and var_shape == "same" and reduction == "none":  # -log N(target; mean, var) where var >= eps
        logpdf = scipy.stats.norm.logpdf(target, mean, np.sqrt(np.maximum(var, 1e-6)))
        np.testing.assert_allclose(value, -logpdf, rtol=1e-12)
    with pytest.raises(ValueError, match="negative"):
        losses.gaussian_nll_loss(mean, target, -np.ones((6, 3)))


def test_binary_losses_on_tensors_with_gradients():
    rng = np.random.default_rng(16)
    x, y = rng.normal(size=(7, 2)) * 4, rng.random((7, 2))
    pos_weight = torch.tensor([2.0, 0.5], dtype=torch.float64)
    value, grads = _grads(
        lambda a, b: losses.binary_cross_entropy_with_logits(a, b, pos_weight=pos_weight), *_leaves(x, y)
    )
    expected, expected_grads = _grads(
        lambda a, b: F.binary_cross_entropy_with_logits(a, b, pos_weight=pos_weight), *_leaves(x, y)
    )
    np.testing.assert_allclose(value, expected, rtol=1e-12)
    for ours, theirs in zip(grads, expected_grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-15)
    p = scipy.special.expit(x)
    value, grads = _grads(lambda a, b: losses.binary_cross_entropy(a, b, reduction="sum"), *_leaves(p, y))
    expected, expected_grads = _grads(lambda a, b: F.binary_cross_entropy(a, b, reduction="sum"), *_leaves(p, y))
    np.testing.assert_allclose(value, expected, rtol=1e-12)
    for ours, theirs in zip(grads, expected_grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-8, atol=1e-12)
    assert losses.binary_cross_entropy(torch.tensor([0.3], dtype=torch.float32), torch.tensor([1.0])).dtype == (
        torch.float32
    )
