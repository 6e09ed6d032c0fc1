r"""PyTorch's classification losses written down exactly, and checked against information measures.

Numeric versions follow ``torch.nn.functional`` argument order, shapes and
reductions, and take NumPy arrays or any Array API array (PyTorch tensors,
with gradients as torch's own, CuPy, JAX), computing in that library; exact versions (``*_exact``) take
sequences of SymPy numbers or symbols and return SymPy expressions, so the
identities between losses and measures can be proved, not sampled.

What each loss really computes (nats, natural log, rows are samples, class axis 1):

* ``kl_div(input, target)``: input is log Q, target is P (``log_target``:
  log P); pointwise p (log p - log q); ``reduction="batchmean"`` is the mean
  over samples of D(P_i || Q_i); ``"mean"`` divides the same sum by N*C, the
  number of elements: it is D/C, not D (:func:`reduction_factor`).
* ``cross_entropy(logits, y)``: H(onehot(y), softmax(logits)) per sample,
  averaged; with probability targets H(P_i, softmax(x_i)); label smoothing
  replaces the target by (1 - eps) y + eps/C.
* ``binary_cross_entropy_with_logits(x, y)``: H(Bernoulli(y), Bernoulli(sigmoid x)).
* ``binary_cross_entropy(p, y)``: H(Bernoulli(y), Bernoulli(p)), but torch
  clamps each log at -100, so where the exact value is oo it returns 100;
  ``clamp_log=None`` gives the exact convention instead.

>>> import numpy as np
>>> from symkl import losses
>>> P = np.array([[0.5, 0.5], [1.0, 0.0]])
>>> Q = np.array([[0.25, 0.75], [0.5, 0.5]])
>>> round(float(losses.kl_div(np.log(Q), P, reduction="batchmean")), 6)  # mean of D(P_i || Q_i)
0.418494
>>> round(float(losses.kl_div(np.log(Q), P, reduction="mean")), 6)  # the same sum / (N * C): half of it here
0.209247
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import sympy
from sympy import Expr, Rational

from ..exact.canonical import canonical
from ..exact.parsing import to_exact
from ..exact.terms import xlogy as exact_xlogy
from . import arrayapi

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_exact",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_exact",
    "cross_entropy",
    "cross_entropy_exact",
    "gaussian_nll_loss",
    "kl_div",
    "kl_div_exact",
    "log_softmax",
    "nll_loss",
    "poisson_nll_loss",
    "reduction_factor",
]

Reduction = Literal["none", "mean", "sum", "batchmean"]
_REDUCTIONS = ("none", "mean", "sum")


def _reduce(xp: Any, pointwise: Any, reduction: str, allowed: Sequence[str] = _REDUCTIONS) -> Any:
    if reduction not in allowed:
        raise ValueError(f"reduction must be one of {', '.join(map(repr, allowed))}, got {reduction!r}")
    if reduction == "none":
        return pointwise
    if reduction == "sum":
        return xp.sum(pointwise)
    if reduction == "batchmean":
        return xp.sum(pointwise) / pointwise.shape[0]
    return xp.mean(pointwise)


def _namespace(*values: Any) -> Any:
    """The namespace of the tensors among `values`; array-api-compat's NumPy when there are none."""
    arrays = [value for value in values if arrayapi.is_foreign(value)]
    return arrayapi.namespace(*arrays) if arrays else arrayapi.namespace(np.empty(0))


def _floats(xp: Any, values: Any, name: str, like: Any = None) -> Any:
    """`values` as a float array of `xp` (on the device of `like`); integers become float64, as in NumPy."""
    if not arrayapi.is_foreign(values):
        array = np.asarray(values)
        if array.dtype.kind not in "fiu":
            raise TypeError(f"{name} must be a float array, got dtype {array.dtype}")
        array = array.astype(np.result_type(array.dtype, np.float32))
        if like is not None and arrayapi.is_foreign(like):
            dtype = like.dtype if xp.isdtype(like.dtype, "real floating") else None
            return xp.asarray(array, dtype=dtype, device=arrayapi._device(like))
        return xp.asarray(array)
    if xp.isdtype(values.dtype, "real floating"):
        return values
    if xp.isdtype(values.dtype, "integral"):
        return xp.astype(values, xp.float64)
    raise TypeError(f"{name} must be a float array, got dtype {values.dtype}")


def _indices(xp: Any, values: Any, like: Any) -> Any:
    if arrayapi.is_foreign(values):
        return values
    return xp.asarray(np.asarray(values), device=arrayapi._device(like)) if arrayapi.is_foreign(like) else values


def _softplus(xp: Any, x: Any) -> Any:
    """log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|))."""
    return xp.maximum(x, xp.zeros_like(x)) + xp.log1p(xp.exp(-xp.abs(x)))


def reduction_factor(shape: Sequence[int], reduction: Reduction) -> Rational:
    """The exact factor by which ``kl_div`` with this reduction scales the total sum.

    ``batchmean`` divides by N (so it is the mean KL per sample); ``mean``
    divides by every element, N * C * ..., the classic pitfall.

    >>> reduction_factor((32, 10), "batchmean"), reduction_factor((32, 10), "mean")
    (1/32, 1/320)

    Parameters
    ----------
    shape : sequence of int
        The shape of ``kl_div``'s input, samples first: (N, C, ...).
    reduction : {"sum", "batchmean", "mean"}
        The reduction whose factor is wanted.

    Returns
    -------
    sympy.Rational
        1 for ``"sum"``, 1/N for ``"batchmean"``, 1/(N C ...) for ``"mean"``.

    Raises
    ------
    ValueError
        `reduction` is ``"none"`` or unknown.
    """
    if reduction == "sum":
        return Rational(1)
    if reduction == "batchmean":
        return Rational(1, shape[0])
    if reduction == "mean":
        return Rational(1, int(np.prod(shape)))
    raise ValueError(f"reduction_factor needs 'sum', 'batchmean' or 'mean', got {reduction!r}")


# ---------------------------------------------------------------------------------------------
# numeric (NumPy or any Array API array), torch.nn.functional semantics
def kl_div(input: Any, target: Any, reduction: Reduction = "mean", log_target: bool = False) -> Any:
    r"""``torch.nn.functional.kl_div``: input = log Q, target = P; pointwise p (log p - log q).

    Where p = 0 the term is 0 even when log q = -inf (torch gives nan there).

    >>> float(kl_div(np.log([[0.25, 0.75]]), [[0.5, 0.5]], reduction="sum"))  # doctest: +ELLIPSIS
    0.1438410362...

    Parameters
    ----------
    input : array_like
        log Q, one row of log-probabilities per sample (class axis 1);
        NumPy array, nested sequence or Array API tensor (computed in its own library).
    target : array_like
        P, the same shape (log P when `log_target`).
    reduction : {"none", "mean", "sum", "batchmean"}, optional
        ``"batchmean"`` is the mean of D(P_i || Q_i) over samples; ``"mean"`` (the default, as torch) divides
        the same sum by every element, N C (see :func:`reduction_factor`).
    log_target : bool, optional
        `target` holds log P rather than P (default False).

    Returns
    -------
    array or tensor
        The loss, in nats, in the library of the inputs: a 0-d array unless ``reduction="none"``.

    Raises
    ------
    ValueError
        `reduction` is unknown.
    TypeError
        An input is not a real array.

    Notes
    -----
    .. math::

        \ell_{i c} = p_{i c} (\log p_{i c} - \log q_{i c}), \quad 0 \log 0 = 0
    """
    xp = _namespace(input, target)
    log_q = _floats(xp, input, "input")
    target_array = _floats(xp, target, "target", like=log_q)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if log_target:
            p = xp.exp(target_array)
            has = p > 0
            safe = xp.where(has, target_array - log_q, xp.zeros_like(log_q))
            pointwise = xp.where(has, p * safe, xp.zeros_like(p))
        else:
            has = target_array > 0
            safe_log_q = xp.where(has, log_q, xp.zeros_like(log_q))
            pointwise = arrayapi.xlogy(xp, target_array, target_array) - target_array * safe_log_q
            pointwise = xp.where(has, pointwise, xp.zeros_like(pointwise))
    return _reduce(xp, pointwise, reduction, (*_REDUCTIONS, "batchmean"))


def log_softmax(logits: Any, axis: int = 1) -> Any:
    r"""Stable log softmax along `axis`.

    >>> np.exp(log_softmax(np.array([[0.0, 0.0]])))
    array([[0.5, 0.5]])

    Parameters
    ----------
    logits : array_like
        Unnormalised scores;
        NumPy array, nested sequence or Array API tensor (computed in its own library).
    axis : int, optional
        The class axis (default 1).

    Returns
    -------
    array or tensor
        log softmax(logits) along `axis`, the shape of `logits`.

    Raises
    ------
    TypeError
        `logits` is not a real array.

    Notes
    -----
    .. math::

        \log \mathrm{softmax}(x)_c = x_c - \log \sum_j e^{x_j}
    """
    xp = _namespace(logits)
    x = _floats(xp, logits, "logits")
    shifted = x - arrayapi._detach(xp, xp.max(x, axis=axis, keepdims=True))
    return shifted - xp.log(xp.sum(xp.exp(shifted), axis=axis, keepdims=True))


def _onehot(xp: Any, index: Any, classes: int, like: Any) -> Any:
    """(N, C, d1, ...) indicators of class-index targets (N, d1, ...), in the dtype and on the device of `like`."""
    shape = (1, classes) + (1,) * (index.ndim - 1)
    labels = xp.reshape(xp.arange(classes, device=arrayapi._device(like)), shape)
    return xp.astype(xp.expand_dims(index, axis=1) == labels, like.dtype)


def _class_weights(xp: Any, weight: Any, classes: int, like: Any) -> Any:
    """`weight` as (1, C, 1, ...) to broadcast against `like`, or None."""
    if weight is None:
        return None
    w = _floats(xp, weight, "weight", like=like)
    if w.shape != (classes,):
        raise ValueError(f"weight must have shape ({classes},), got {tuple(w.shape)}")
    return xp.reshape(xp.astype(w, like.dtype), (1, classes) + (1,) * (like.ndim - 2))


def _check_indices(xp: Any, index: Any, expected: tuple[int, ...], classes: int, ignore_index: int) -> Any:
    if tuple(index.shape) != expected:
        raise ValueError(f"class-index target has shape {tuple(index.shape)}, expected {expected}")
    kept = index != ignore_index
    zero = xp.zeros_like(index)
    if bool(xp.any(kept & ((index < zero) | (index >= classes)))):
        raise ValueError(f"class indices must lie in [0, {classes - 1}]")
    return kept


def _weighted_nll(xp: Any, log_p: Any, index: Any, weight: Any, ignore_index: int, reduction: str) -> Any:
    """-w[y] log_p[y] per sample (0 where ignored); 'mean' divides by the sum of w[y] over kept samples."""
    classes = log_p.shape[1]
    kept = _check_indices(xp, index, (log_p.shape[0], *log_p.shape[2:]), classes, ignore_index)
    safe = xp.where(kept, index, xp.zeros_like(index))
    onehot = _onehot(xp, safe, classes, log_p)
    w = _class_weights(xp, weight, classes, log_p)
    if w is not None:
        onehot = onehot * w
    chosen = xp.sum(onehot * log_p, axis=1)
    sample_weight = xp.sum(onehot, axis=1) * xp.astype(kept, log_p.dtype)
    pointwise = xp.where(kept, -chosen, xp.zeros_like(chosen))
    if reduction == "mean":
        return xp.sum(pointwise) / xp.sum(sample_weight)
    return _reduce(xp, pointwise, reduction)


def cross_entropy(
    logits: Any,
    target: Any,
    reduction: Reduction = "mean",
    label_smoothing: float = 0.0,
    weight: Any = None,
    ignore_index: int = -100,
) -> Any:
    r"""``torch.nn.functional.cross_entropy`` for (N, C, ...) logits and class indices (N, ...) or probabilities.

    `weight` (C,) scales each class's term; with class indices, ``"mean"`` divides by the sum of the
    weights of the targets, and a target equal to `ignore_index` counts for nothing (torch's rules).

    >>> round(float(cross_entropy(np.array([[0.0, np.log(3.0)]]), np.array([1]))), 12)  # -log(3/4)
    0.287682072452
    >>> float(cross_entropy(np.array([[0.0, 0.0], [5.0, 0.0]]), np.array([0, -100])))  # the second is ignored
    0.6931471805599453

    Parameters
    ----------
    logits : array_like
        (N, C, d1, ...) unnormalised scores;
        NumPy array, nested sequence or Array API tensor (computed in its own library).
    target : array_like
        Class indices of shape (N, d1, ...) (integers), or class probabilities of the shape of `logits`.
    reduction : {"none", "mean", "sum"}, optional
        ``"none"`` returns the pointwise losses, ``"sum"`` their sum, ``"mean"`` (the default) their mean.
    label_smoothing : float, optional
        eps in [0, 1]: the target becomes (1 - eps) y + eps / C (default 0).
    weight : array_like, optional
        (C,) class weights.
    ignore_index : int, optional
        A class index that contributes nothing (default -100).

    Returns
    -------
    array or tensor
        The loss, in nats, in the library of the inputs: a 0-d array unless ``reduction="none"``.

    Raises
    ------
    ValueError
        `reduction` is unknown, `label_smoothing` is outside [0, 1], a class index is out of range, or a shape
        does not fit.
    TypeError
        An input is not a real array.

    Notes
    -----
    .. math::

        \ell_i = H(y_i, \mathrm{softmax}(x_i)) = -\sum_c y_{i c} \log \mathrm{softmax}(x_i)_c
    """
    if not 0 <= label_smoothing <= 1:
        raise ValueError(f"label_smoothing must lie in [0, 1], got {label_smoothing}")
    xp = _namespace(logits, target, weight)
    log_p = log_softmax(_floats(xp, logits, "logits"), axis=1)
    classes = log_p.shape[1]
    target_array = _indices(xp, target, log_p)
    if not hasattr(target_array, "dtype"):
        target_array = np.asarray(target_array)
    is_index = xp.isdtype(target_array.dtype, "integral") if arrayapi.is_foreign(target_array) else None
    if is_index is None:
        target_array = np.asarray(target_array)
        is_index = target_array.dtype.kind in "iu"
    if is_index:
        loss = _weighted_nll(xp, log_p, target_array, weight, ignore_index, reduction)
        if not label_smoothing:
            return loss
        kept = target_array != ignore_index
        w = _class_weights(xp, weight, classes, log_p)
        smooth = -xp.sum(log_p if w is None else log_p * w, axis=1)
        smooth = xp.where(kept, smooth, xp.zeros_like(smooth))
        if reduction == "mean":
            if w is None:
                denominator = xp.sum(xp.astype(kept, log_p.dtype))
            else:
                safe = xp.where(kept, target_array, xp.zeros_like(target_array))
                denominator = xp.sum(xp.sum(_onehot(xp, safe, classes, log_p) * w, axis=1) * xp.astype(kept, w.dtype))
            smoothed = xp.sum(smooth) / denominator
        else:
            smoothed = _reduce(xp, smooth, reduction)
        return (1 - label_smoothing) * loss + smoothed * (label_smoothing / classes)
    probabilities = _floats(xp, target_array, "target", like=log_p)
    if tuple(probabilities.shape) != tuple(log_p.shape):
        raise ValueError(f"probability target has shape {tuple(probabilities.shape)}, expected {tuple(log_p.shape)}")
    if label_smoothing:
        probabilities = probabilities * (1 - label_smoothing) + label_smoothing / classes
    w = _class_weights(xp, weight, classes, log_p)
    pointwise = -xp.sum(probabilities * log_p if w is None else probabilities * log_p * w, axis=1)
    return _reduce(xp, pointwise, reduction)


def nll_loss(
    log_probabilities: Any, target: Any, reduction: Reduction = "mean", weight: Any = None, ignore_index: int = -100
) -> Any:
    r"""``torch.nn.functional.nll_loss``: -weight[t] * log_probabilities[i, t] with t = target[i].

    ``"mean"`` divides by the sum of weight[t] over the targets not equal to `ignore_index`.

    >>> float(nll_loss(np.log([[0.25, 0.75]]), np.array([0])))  # doctest: +ELLIPSIS
    1.3862943611...
    >>> float(nll_loss(np.log([[0.25, 0.75], [0.5, 0.5]]), np.array([0, 1]), weight=np.array([3.0, 1.0])))
    1.2130075659799042

    Parameters
    ----------
    log_probabilities : array_like
        (N, C, d1, ...) log-probabilities;
        NumPy array, nested sequence or Array API tensor (computed in its own library).
    target : array_like
        (N, d1, ...) integer class indices.
    reduction : {"none", "mean", "sum"}, optional
        ``"none"`` returns the pointwise losses, ``"sum"`` their sum, ``"mean"`` (the default) their mean.
    weight : array_like, optional
        (C,) class weights.
    ignore_index : int, optional
        A class index that contributes nothing (default -100).

    Returns
    -------
    array or tensor
        The loss, in nats, in the library of the inputs: a 0-d array unless ``reduction="none"``.

    Raises
    ------
    ValueError
        `target` is not integer class indices, an index is out of range, `weight` has the wrong shape, or
        `reduction` is unknown.

    Notes
    -----
    .. math::

        \ell_i = -w_{t_i} \log p_{i, t_i}
    """
    xp = _namespace(log_probabilities, target, weight)
    log_p = _floats(xp, log_probabilities, "input")
    index = _indices(xp, target, log_p)
    if not arrayapi.is_foreign(index):
        index = np.asarray(index)
        if index.dtype.kind not in "iu":
            raise ValueError(f"target must be integer class indices of shape {tuple(log_p.shape[:1])}")
    elif not xp.isdtype(index.dtype, "integral"):
        raise ValueError(f"target must be integer class indices of shape {tuple(log_p.shape[:1])}")
    return _weighted_nll(xp, log_p, index, weight, ignore_index, reduction)


def binary_cross_entropy(
    input: Any,
    target: Any,
    reduction: Reduction = "mean",
    clamp_log: float | None = -100.0,
) -> Any:
    r"""``torch.nn.functional.binary_cross_entropy``: -(y log p + (1 - y) log(1 - p)).

    torch clamps each log at -100 (``clamp_log``); ``clamp_log=None`` keeps
    the exact convention (0 log 0 = 0, oo where y > 0 = p).

    >>> float(binary_cross_entropy(np.array([0.0]), np.array([1.0])))
    100.0
    >>> float(binary_cross_entropy(np.array([0.0]), np.array([1.0]), clamp_log=None))
    inf

    Parameters
    ----------
    input : array_like
        Probabilities p in [0, 1];
        NumPy array, nested sequence or Array API tensor (computed in its own library).
    target : array_like
        Targets y in [0, 1], the shape of `input`.
    reduction : {"none", "mean", "sum"}, optional
        ``"none"`` returns the pointwise losses, ``"sum"`` their sum, ``"mean"`` (the default) their mean.
    clamp_log : float or None, optional
        Each log is clamped below at this value (-100, as torch); ``None`` keeps the exact convention.

    Returns
    -------
    array or tensor
        The loss, in nats, in the library of the inputs: a 0-d array unless ``reduction="none"``.

    Raises
    ------
    ValueError
        `reduction` is unknown.
    TypeError
        An input is not a real array.

    Notes
    -----
    .. math::

        \ell = -(y \log p + (1 - y) \log (1 - p)) = H(\mathrm{Bernoulli}(y), \mathrm{Bernoulli}(p))
    """
    xp = _namespace(input, target)
    p = _floats(xp, input, "input")
    y = _floats(xp, target, "target", like=p)
    with np.errstate(divide="ignore"):
        if clamp_log is not None:
            log_p = xp.clip(xp.log(p), min=clamp_log)
            log_not_p = xp.clip(xp.log1p(-p), min=clamp_log)
            pointwise = -(y * log_p + (1 - y) * log_not_p)
        else:
            pointwise = -(arrayapi.xlogy(xp, y, p) + arrayapi.xlogy(xp, 1 - y, 1 - p))
    return _reduce(xp, pointwise, reduction)


def binary_cross_entropy_with_logits(
    input: Any,
    target: Any,
    reduction: Reduction = "mean",
    pos_weight: Any = None,
) -> Any:
    r"""``torch.nn.functional.binary_cross_entropy_with_logits``, stable form.

    -(w y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))) = w y softplus(-x) + (1 - y) softplus(x).

    >>> float(binary_cross_entropy_with_logits(np.array([0.0]), np.array([1.0])))  # log 2
    0.6931471805599453

    Parameters
    ----------
    input : array_like
        Logits x;
        NumPy array, nested sequence or Array API tensor (computed in its own library).
    target : array_like
        Targets y in [0, 1], the shape of `input`.
    reduction : {"none", "mean", "sum"}, optional
        ``"none"`` returns the pointwise losses, ``"sum"`` their sum, ``"mean"`` (the default) their mean.
    pos_weight : array_like, optional
        w, the weight of the positive term (default 1).

    Returns
    -------
    array or tensor
        The loss, in nats, in the library of the inputs: a 0-d array unless ``reduction="none"``.

    Raises
    ------
    ValueError
        `reduction` is unknown.
    TypeError
        An input is not a real array.

    Notes
    -----
    .. math::

        \ell = w y \operatorname{softplus}(-x) + (1 - y) \operatorname{softplus}(x)
    """
    xp = _namespace(input, target, pos_weight)
    x = _floats(xp, input, "input")
    y = _floats(xp, target, "target", like=x)
    weight = 1.0 if pos_weight is None else _floats(xp, pos_weight, "pos_weight", like=x)
    pointwise = weight * y * _softplus(xp, -x) + (1 - y) * _softplus(xp, x)
    return _reduce(xp, pointwise, reduction)


def poisson_nll_loss(
    input: Any,
    target: Any,
    log_input: bool = True,
    full: bool = False,
    eps: float = 1e-8,
    reduction: Reduction = "mean",
) -> Any:
    r"""``torch.nn.functional.poisson_nll_loss``: the Poisson negative log-likelihood of counts `target`.

    With ``log_input`` the rate is exp(input) and the loss exp(input) - target * input; otherwise
    input - target * log(input + eps). ``full`` adds Stirling's log(target!) ~ t log t - t + log(2 pi t)/2
    where target > 1 (as torch; 0 elsewhere), so the loss is -log Poisson(target; rate), nearly.

    >>> float(poisson_nll_loss(np.log([2.0]), np.array([3.0])))  # 2 - 3 log 2
    -0.07944154167983575

    Parameters
    ----------
    input : array_like
        The rate (its log when `log_input`);
        NumPy array, nested sequence or Array API tensor (computed in its own library).
    target : array_like
        Observed counts t, the shape of `input`.
    log_input : bool, optional
        `input` is the log-rate (default True).
    full : bool, optional
        Add Stirling's approximation of log(t!) where t > 1 (default False).
    eps : float, optional
        Added to the rate inside the log when not `log_input` (default 1e-8).
    reduction : {"none", "mean", "sum"}, optional
        ``"none"`` returns the pointwise losses, ``"sum"`` their sum, ``"mean"`` (the default) their mean.

    Returns
    -------
    array or tensor
        The loss, in nats, in the library of the inputs: a 0-d array unless ``reduction="none"``.

    Raises
    ------
    ValueError
        `reduction` is unknown.
    TypeError
        An input is not a real array.

    Notes
    -----
    .. math::

        \ell = e^{x} - t x \ (\text{log input}), \qquad \ell = \lambda - t \log(\lambda + \epsilon) \ \text{otherwise}
    """
    xp = _namespace(input, target)
    x = _floats(xp, input, "input")
    t = _floats(xp, target, "target", like=x)
    pointwise = xp.exp(x) - t * x if log_input else x - t * xp.log(x + eps)
    if full:
        big = t > 1
        safe = xp.where(big, t, xp.ones_like(t))
        stirling = safe * xp.log(safe) - safe + 0.5 * xp.log(2 * math.pi * safe)
        pointwise = pointwise + xp.where(big, stirling, xp.zeros_like(stirling))
    return _reduce(xp, pointwise, reduction)


def gaussian_nll_loss(
    input: Any, target: Any, var: Any, full: bool = False, eps: float = 1e-6, reduction: Reduction = "mean"
) -> Any:
    r"""``torch.nn.functional.gaussian_nll_loss``: (log max(var, eps) + (input - target)^2 / max(var, eps)) / 2.

    `var` has the shape of `input`, or that shape with its last dimension 1 or dropped (one variance per
    sample); a negative variance is an error. As in torch, the clamp at `eps` does not stop gradients.
    ``full`` adds log(2 pi) / 2, making it -log N(target; input, var).

    >>> float(gaussian_nll_loss(np.array([0.0]), np.array([1.0]), np.array([1.0]), full=True))  # -log N(1; 0, 1)
    1.4189385332046727

    Parameters
    ----------
    input : array_like
        The means;
        NumPy array, nested sequence or Array API tensor (computed in its own library).
    target : array_like
        The observations, the shape of `input`.
    var : array_like
        The variances: the shape of `input`, or with its last dimension 1 or dropped.
    full : bool, optional
        Add log(2 pi) / 2 (default False).
    eps : float, optional
        The variance is clamped below at `eps` (default 1e-6).
    reduction : {"none", "mean", "sum"}, optional
        ``"none"`` returns the pointwise losses, ``"sum"`` their sum, ``"mean"`` (the default) their mean.

    Returns
    -------
    array or tensor
        The loss, in nats, in the library of the inputs: a 0-d array unless ``reduction="none"``.

    Raises
    ------
    ValueError
        `var` does not fit `input`, has negative entries, or `reduction` is unknown.
    TypeError
        An input is not a real array.

    Notes
    -----
    .. math::

        \ell = \tfrac12 \left(\log \max(\sigma^2, \epsilon) + \frac{(\mu - t)^2}{\max(\sigma^2, \epsilon)}\right)
    """
    xp = _namespace(input, target, var)
    mean = _floats(xp, input, "input")
    t = _floats(xp, target, "target", like=mean)
    v = _floats(xp, var, "var", like=mean)
    if tuple(v.shape) != tuple(mean.shape):
        if tuple(mean.shape[:-1]) == tuple(v.shape):
            v = xp.expand_dims(v, axis=-1)
        elif not (tuple(mean.shape[:-1]) == tuple(v.shape[:-1]) and v.shape[-1] == 1):
            raise ValueError(f"var has shape {tuple(v.shape)}, which does not fit input of shape {tuple(mean.shape)}")
    if bool(xp.any(v < 0)):
        raise ValueError("var has negative entries")
    held = arrayapi._detach(xp, v)
    clamped = v + (xp.clip(held, min=eps) - held)  # the value clamped, the gradient as if it were not
    pointwise = 0.5 * (xp.log(clamped) + (mean - t) ** 2 / clamped)
    if full:
        pointwise = pointwise + 0.5 * math.log(2 * math.pi)
    return _reduce(xp, pointwise, reduction)


# ---------------------------------------------------------------------------------------------
# exact (SymPy)
def _rows(values: Sequence[Sequence[Any]]) -> list[list[Expr]]:
    return [[to_exact(v) for v in row] for row in values]


def _exact_reduce(pointwise: list[Expr], reduction: str, count: int, batch: int) -> Expr:
    total = sympy.Add(*pointwise)
    if reduction == "sum":
        return total
    if reduction == "mean":
        return total / count
    if reduction == "batchmean":
        return total / batch
    raise ValueError(f"reduction must be 'sum', 'mean' or 'batchmean' for an exact loss, got {reduction!r}")


def kl_div_exact(
    input: Sequence[Sequence[Any]], target: Sequence[Sequence[Any]], reduction: Reduction = "mean"
) -> Expr:
    r"""Exact ``kl_div``: rows of log Q (input) and P (target), 0 log 0 = 0.

    >>> from sympy import log, Rational
    >>> kl_div_exact([[log(Rational(1, 4)), log(Rational(3, 4))]], [["1/2", "1/2"]], "batchmean")
    -log(3)/2 + log(2)

    Parameters
    ----------
    input : sequence of sequences
        Rows of log Q, exact values or SymPy expressions.
    target : sequence of sequences
        Rows of P, the same shape.
    reduction : {"mean", "sum", "batchmean"}, optional
        As :func:`kl_div` (default ``"mean"``, dividing by every element).

    Returns
    -------
    sympy.Expr
        The exact loss, in nats.

    Raises
    ------
    ValueError
        `reduction` is ``"none"`` or unknown.
    InvalidInput
        A value cannot be read as an exact number.

    Notes
    -----
    .. math::

        \sum_{i, c:\, p_{i c} > 0} p_{i c} (\log p_{i c} - \log q_{i c})
    """
    log_q, p = _rows(input), _rows(target)
    terms = [exact_xlogy(pi, pi) - pi * qi for prow, qrow in zip(p, log_q) for pi, qi in zip(prow, qrow) if pi != 0]
    value = _exact_reduce(terms, reduction, sum(len(row) for row in p), len(p))
    try:
        return canonical(value)
    except ValueError:
        return value


def cross_entropy_exact(logits: Sequence[Any], target: int | Sequence[Any], label_smoothing: Any = 0) -> Expr:
    r"""Exact per-sample ``cross_entropy``: -sum_c y_c (x_c - log sum_j exp(x_j)).

    >>> import sympy
    >>> x = sympy.symbols("x0:3", real=True)
    >>> cross_entropy_exact(x, 1)
    -x1 + log(exp(x0) + exp(x1) + exp(x2))

    Parameters
    ----------
    logits : sequence
        One sample's logits x_c, exact values or SymPy expressions.
    target : int or sequence
        A class index, or class probabilities y_c.
    label_smoothing : number, optional
        eps: the target becomes (1 - eps) y + eps / C (default 0).

    Returns
    -------
    sympy.Expr
        The exact loss, in nats.

    Raises
    ------
    InvalidInput
        A value cannot be read as an exact number.

    Notes
    -----
    .. math::

        \ell = -\sum_c y_c \left(x_c - \log \sum_j e^{x_j}\right)
    """
    x = [to_exact(v) for v in logits]
    classes = len(x)
    if isinstance(target, int):
        y: list[Expr] = [sympy.Integer(int(c == target)) for c in range(classes)]
    else:
        y = [to_exact(v) for v in target]
    eps = to_exact(label_smoothing)
    y = [yc * (1 - eps) + eps / classes for yc in y]
    normaliser = sympy.log(sympy.Add(*[sympy.exp(xc) for xc in x]))
    return sympy.expand(-sympy.Add(*[yc * (xc - normaliser) for yc, xc in zip(y, x)]))


def binary_cross_entropy_exact(p: Any, y: Any) -> Expr:
    r"""Exact per-element ``binary_cross_entropy`` without torch's clamp: -(y log p + (1 - y) log(1 - p)).

    Parameters
    ----------
    p : number or sympy.Expr
        The predicted probability.
    y : number or sympy.Expr
        The target.

    Returns
    -------
    sympy.Expr
        The exact loss, in nats. ``oo`` where y > 0 = p.

    Raises
    ------
    InvalidInput
        A value cannot be read as an exact number.

    Notes
    -----
    .. math::

        \ell = -(y \log p + (1 - y) \log (1 - p)), \quad 0 \log 0 = 0
    """
    p_value, y_value = to_exact(p), to_exact(y)
    return -(exact_xlogy(y_value, p_value) + exact_xlogy(1 - y_value, 1 - p_value))


def binary_cross_entropy_with_logits_exact(x: Any, y: Any, pos_weight: Any = 1) -> Expr:
    r"""Exact per-element ``binary_cross_entropy_with_logits``: -(w y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))).

    >>> import sympy
    >>> x, y = sympy.symbols("x y", real=True)
    >>> binary_cross_entropy_with_logits_exact(x, y)
    -y*log(1/(1 + exp(-x))) - (1 - y)*log(1 - 1/(1 + exp(-x)))

    Parameters
    ----------
    x : number or sympy.Expr
        The logit.
    y : number or sympy.Expr
        The target.
    pos_weight : number or sympy.Expr, optional
        w, the weight of the positive term (default 1).

    Returns
    -------
    sympy.Expr
        The exact loss, in nats.

    Raises
    ------
    InvalidInput
        A value cannot be read as an exact number.

    Notes
    -----
    .. math::

        \ell = -(w y \log \sigma(x) + (1 - y) \log (1 - \sigma(x))), \quad \sigma(x) = \frac{1}{1 + e^{-x}}
    """
    x_value, y_value, weight = to_exact(x), to_exact(y), to_exact(pos_weight)
    sigmoid = 1 / (1 + sympy.exp(-x_value))
    return -(weight * y_value * sympy.log(sigmoid) + (1 - y_value) * sympy.log(1 - sigmoid))
