"""symkl.numeric on PyTorch tensors (CPU, and CUDA when present): values against SciPy and mpmath, gradients
against torch autograd through F.kl_div, dtypes, devices, validation; lambdify(..., modules="array_api")."""

import math

import mpmath
import numpy as np
import pytest
import scipy.spatial.distance
import scipy.special
import scipy.stats
import sympy

import symkl as sk
from symkl import numeric

torch = pytest.importorskip("torch", reason="torch is the optional pinned CPU extra: pip install torch==2.13.0")
F = torch.nn.functional

DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.skipif(not torch.cuda.is_available(), reason="no GPU"))]


def _pair(rng, shape, zeros=0.2):
    P, Q = rng.random(shape), rng.random(shape) + 1e-3
    P[rng.random(shape) < zeros] = 0
    P[..., 0] += 1e-3
    return P / P.sum(-1, keepdims=True), Q / Q.sum(-1, keepdims=True)


def _t(array, device, dtype=torch.float64, grad=False):
    return torch.tensor(array, dtype=dtype, device=device, requires_grad=grad)


def _np(tensor):
    return tensor.detach().cpu().numpy()


@pytest.mark.parametrize("device", DEVICES)
def test_measures_on_tensors_match_scipy_and_stay_in_torch(device):
    rng = np.random.default_rng(1)
    P, Q = _pair(rng, (6, 7))
    tP, tQ = _t(P, device), _t(Q, device)
    expected = {
        "kl_divergence": scipy.special.rel_entr(P, Q).sum(-1),
        "cross_entropy": -scipy.special.xlogy(P, Q).sum(-1),
        "js_divergence": scipy.spatial.distance.jensenshannon(P, Q, axis=-1) ** 2,
        "total_variation": np.abs(P - Q).sum(-1) / 2,
        "hellinger": np.sqrt(((np.sqrt(P) - np.sqrt(Q)) ** 2).sum(-1) / 2),
        "chi_square": ((P - Q) ** 2 / Q).sum(-1),
    }
    for name, reference in expected.items():
        result = getattr(numeric, name)(tP, tQ)
        assert isinstance(result, torch.Tensor) and result.device.type == device and result.dtype == torch.float64
        np.testing.assert_allclose(_np(result), reference, rtol=1e-12, atol=1e-15, err_msg=name)
    np.testing.assert_allclose(_np(numeric.entropy(tP, base=2)), scipy.stats.entropy(P, base=2, axis=-1), rtol=1e-12)
    for alpha in (0.5, 2.0, math.inf):
        reference = (
            np.log(np.max(np.where(P > 0, P / Q, 0), -1))
            if math.isinf(alpha)
            else np.log((P**alpha * Q ** (1 - alpha)).sum(-1)) / (alpha - 1)
        )
        np.testing.assert_allclose(_np(numeric.renyi_divergence(tP, tQ, alpha)), reference, rtol=1e-12)
        entropy = -np.log(P.max(-1)) if math.isinf(alpha) else np.log((P**alpha).sum(-1)) / (1 - alpha)
        np.testing.assert_allclose(_np(numeric.renyi_entropy(tP, alpha)), entropy, rtol=1e-12)
    J = rng.random((3, 4, 5))
    J /= J.sum((-2, -1), keepdims=True)
    row, column = J.sum(-1, keepdims=True), J.sum(-2, keepdims=True)
    mi = (J * np.log(J / (row * column))).sum((-2, -1))
    np.testing.assert_allclose(_np(numeric.mutual_information(_t(J, device))), mi, rtol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_axis_batching_and_broadcasting(device):
    rng = np.random.default_rng(2)
    P, Q = _pair(rng, (4, 5))
    result = numeric.kl_divergence(_t(P.T, device), _t(Q.T, device), axis=0)
    assert result.shape == (4,)
    np.testing.assert_allclose(_np(result), scipy.special.rel_entr(P, Q).sum(-1), rtol=1e-12)
    one = numeric.kl_divergence(_t(P, device), Q[0].tolist())  # a list joins the tensor's library and device
    assert one.device.type == device
    np.testing.assert_allclose(_np(one), scipy.special.rel_entr(P, Q[0]).sum(-1), rtol=1e-12)
    assert numeric.kl_divergence(_t(P[0], device), _t(Q[0], device)).shape == ()


@pytest.mark.parametrize("device", DEVICES)
def test_kl_gradient_matches_autograd_through_f_kl_div(device):
    rng = np.random.default_rng(3)
    P, Q = _pair(rng, (8, 6), zeros=0)
    for dtype, tolerance in ((torch.float64, 1e-12), (torch.float32, 1e-5)):
        p, q = _t(P, device, dtype, grad=True), _t(Q, device, dtype, grad=True)
        ours = numeric.kl_divergence(p, q)
        assert ours.dtype == dtype
        ours.sum().backward()
        p2, q2 = _t(P, device, dtype, grad=True), _t(Q, device, dtype, grad=True)
        theirs = F.kl_div(torch.log(q2), p2, reduction="sum")
        theirs.backward()
        np.testing.assert_allclose(_np(ours.sum()), _np(theirs), rtol=tolerance)
        np.testing.assert_allclose(_np(p.grad), _np(p2.grad), rtol=tolerance, atol=tolerance)
        np.testing.assert_allclose(_np(q.grad), _np(q2.grad), rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("device", DEVICES)
def test_kl_gradient_with_zeros_and_near_equal_rows_is_finite_and_right(device):
    P = np.array([[0.0, 0.25, 0.75], [0.5, 0.5, 0.0], [0.3 + 1e-9, 0.3, 0.4 - 1e-9]])
    Q = np.array([[0.2, 0.3, 0.5], [0.25, 0.25, 0.5], [0.3, 0.3, 0.4]])
    p, q = _t(P, device, grad=True), _t(Q, device, grad=True)
    numeric.kl_divergence(p, q).sum().backward()
    assert torch.isfinite(p.grad).all() and torch.isfinite(q.grad).all()
    # d/dq of sum p log(p/q) is -p/q (0 where p = 0); d/dp where p > 0 is log(p/q) + 1
    np.testing.assert_allclose(_np(q.grad), -P / Q, rtol=1e-9, atol=1e-15)
    support = P > 0
    np.testing.assert_allclose(_np(p.grad)[support], np.log(P[support] / Q[support]) + 1, rtol=1e-9, atol=1e-12)


def test_near_equal_pair_matches_mpmath_and_is_never_negative():
    x, y = 0.9456657713430001, 0.9456657713430094
    with mpmath.workdps(60):
        a, b = mpmath.mpf(x), mpmath.mpf(y)
        exact = a * mpmath.log(a / b) + (1 - a) * mpmath.log((1 - a) / (1 - b))  # 1 - x is exact in doubles
    value = float(
        numeric.kl_divergence(
            torch.tensor([x, 1 - x], dtype=torch.float64), torch.tensor([y, 1 - y], dtype=torch.float64)
        )
    )
    assert abs(value - float(exact)) <= 1e-7 * float(exact)
    rng = np.random.default_rng(4)
    P, _ = _pair(rng, (500, 4), zeros=0)
    Q = P * (1 + rng.normal(size=P.shape) * 1e-7)
    Q /= Q.sum(-1, keepdims=True)
    values = numeric.kl_divergence(torch.tensor(P), torch.tensor(Q)).numpy()
    assert (values >= 0).all()
    with mpmath.workdps(40):
        for i in range(0, 500, 50):
            truth = sum(
                mpmath.mpf(p) * mpmath.log(mpmath.mpf(p) / mpmath.mpf(q)) - mpmath.mpf(p) + mpmath.mpf(q)
                for p, q in zip(P[i], Q[i])
            )
            assert abs(values[i] - float(truth)) <= 1e-6 * float(truth)


@pytest.mark.parametrize("device", DEVICES)
def test_conventions_on_tensors(device):
    assert float(numeric.kl_divergence(_t([1.0, 0.0], device), _t([0.5, 0.5], device))) == pytest.approx(math.log(2))
    assert math.isinf(float(numeric.kl_divergence(_t([1.0, 0.0], device), _t([0.0, 1.0], device))))
    assert float(numeric.entropy(_t([1.0, 0.0], device))) == 0.0
    tiny = numeric.kl_divergence(_t([0.5, 0.5], device), _t([1e-310, 1.0], device))
    assert float(tiny) == pytest.approx(0.5 * (math.log(0.5) - math.log(1e-310)) + 0.5 * math.log(0.5), rel=1e-12)
    assert math.isinf(float(numeric.chi_square(_t([1e-200, 1 - 1e-200], device), _t([0.0, 1.0], device))))


@pytest.mark.parametrize("device", DEVICES)
def test_float32_in_float32_out(device):
    rng = np.random.default_rng(5)
    P, Q = _pair(rng, (3, 10))
    p32, q32 = _t(P, device, torch.float32), _t(Q, device, torch.float32)
    for name in ("kl_divergence", "cross_entropy", "js_divergence", "hellinger", "chi_square", "total_variation"):
        result = getattr(numeric, name)(p32, q32)
        assert result.dtype == torch.float32, name
        reference = getattr(numeric, name)(_np(p32).astype(np.float64), _np(q32).astype(np.float64), check=False)
        np.testing.assert_allclose(_np(result), reference, rtol=1e-6, err_msg=name)
    assert numeric.entropy(p32).dtype == torch.float32
    assert numeric.renyi_divergence(p32, q32, 2).dtype == torch.float32


@pytest.mark.parametrize("device", DEVICES)
def test_validation_on_tensors(device):
    with pytest.raises(sk.InvalidDistribution, match=r"^Q\[1, 0\] = -0.5 is negative"):
        numeric.kl_divergence(_t([[0.5, 0.5], [0.5, 0.5]], device), _t([[0.5, 0.5], [-0.5, 1.5]], device))
    with pytest.raises(sk.InvalidDistribution, match=r"^P\[0\] = nan is not a number"):
        numeric.entropy(_t([math.nan, 1.0], device))
    with pytest.raises(sk.InvalidDistribution, match=r"P\[1, :\] sums to 1.5"):
        numeric.kl_divergence(_t([[0.5, 0.5], [1.0, 0.5]], device), _t([0.5, 0.5], device))
    # check=False: sum p log(p/q) as written
    value = numeric.kl_divergence(_t([1.0, 1.0], device), _t([1.0, 3.0], device), check=False)
    assert float(value) == pytest.approx(-math.log(3))
    with pytest.raises(sk.InvalidInput, match="axis 2 is out of range"):
        numeric.entropy(_t([0.5, 0.5], device), axis=2)
    with pytest.raises(sk.InvalidInput, match="do not broadcast"):
        numeric.kl_divergence(_t([[0.5, 0.5]] * 3, device), _t([[0.5, 0.5]] * 2, device))


@pytest.mark.parametrize("device", DEVICES)
def test_lambdify_array_api_computes_in_torch_with_gradients(device):
    p, q = sympy.symbols("p q", positive=True)
    D = sk.kl_divergence(sk.bernoulli(p), sk.bernoulli(q))
    f = numeric.lambdify((p, q), D, modules="array_api")
    x = _t([0.0, 0.3, 0.9, 1.0], device, grad=True)
    y = _t([0.5, 0.4, 0.2, 0.5], device, grad=True)
    value = f(x, y)
    assert isinstance(value, torch.Tensor) and value.device.type == device
    X, Y = _np(x), _np(y)
    expected = scipy.special.rel_entr(X, Y) + scipy.special.rel_entr(1 - X, 1 - Y)
    np.testing.assert_allclose(_np(value), expected, rtol=1e-12, atol=1e-15)
    value.sum().backward()
    x2, y2 = _t(X, device, grad=True), _t(Y, device, grad=True)
    target = torch.stack([x2, 1 - x2], -1)
    F.kl_div(torch.log(torch.stack([y2, 1 - y2], -1)), target, reduction="sum").backward()
    np.testing.assert_allclose(_np(y.grad), _np(y2.grad), rtol=1e-12)
    np.testing.assert_allclose(_np(x.grad)[1:3], _np(x2.grad)[1:3], rtol=1e-12)
    assert numeric.lambdify(p, sympy.pi * sympy.log(p), modules="array_api")(0.5) == pytest.approx(
        math.pi * -math.log(2)
    )
