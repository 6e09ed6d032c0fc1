r"""PyTorch's classification losses written down exactly, and checked against information measures.

Numeric versions (NumPy, float arrays) follow ``torch.nn.functional``
argument order, shapes and reductions; exact versions (``*_exact``) take
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

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import sympy
from sympy import Expr, Rational

from ..exact.canonical import canonical
from ..exact.parsing import to_exact
from ..exact.terms import xlogy as exact_xlogy
from .terms import xlogy

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_exact",
    "binary_cross_entropy_with_logits",
    "binary_cross_entropy_with_logits_exact",
    "cross_entropy",
    "cross_entropy_exact",
    "kl_div",
    "kl_div_exact",
    "log_softmax",
    "nll_loss",
    "reduction_factor",
]

Reduction = Literal["none", "mean", "sum", "batchmean"]
_REDUCTIONS = ("none", "mean", "sum")


def _reduce(pointwise: np.ndarray, reduction: str, allowed: Sequence[str] = _REDUCTIONS) -> Any:
    if reduction not in allowed:
        raise ValueError(f"reduction must be one of {', '.join(map(repr, allowed))}, got {reduction!r}")
    if reduction == "none":
        return pointwise
    if reduction == "sum":
        return pointwise.sum()
    if reduction == "batchmean":
        return pointwise.sum() / pointwise.shape[0]
    return pointwise.mean()


def _floats(values: Any, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind not in "fiu":
        raise TypeError(f"{name} must be a float array, got dtype {array.dtype}")
    return array.astype(np.result_type(array.dtype, np.float32))


def reduction_factor(shape: Sequence[int], reduction: Reduction) -> Rational:
    """The exact factor by which ``kl_div`` with this reduction scales the total sum.

    ``batchmean`` divides by N (so it is the mean KL per sample); ``mean``
    divides by every element, N * C * ..., the classic pitfall.

    >>> reduction_factor((32, 10), "batchmean"), reduction_factor((32, 10), "mean")
    (1/32, 1/320)
    """
    if reduction == "sum":
        return Rational(1)
    if reduction == "batchmean":
        return Rational(1, shape[0])
    if reduction == "mean":
        return Rational(1, int(np.prod(shape)))
    raise ValueError(f"reduction_factor needs 'sum', 'batchmean' or 'mean', got {reduction!r}")


# ---------------------------------------------------------------------------------------------
# numeric (NumPy), torch.nn.functional semantics
def kl_div(input: Any, target: Any, reduction: Reduction = "mean", log_target: bool = False) -> Any:
    """``torch.nn.functional.kl_div``: input = log Q, target = P; pointwise p (log p - log q).

    Where p = 0 the term is 0 even when log q = -inf (torch gives nan there).

    >>> float(kl_div(np.log([[0.25, 0.75]]), [[0.5, 0.5]], reduction="sum"))  # doctest: +ELLIPSIS
    0.1438410362...
    """
    log_q = _floats(input, "input")
    target_array = _floats(target, "target")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if log_target:
            p = np.exp(target_array)
            pointwise = np.where(p == 0, 0.0, p * (target_array - log_q))
        else:
            pointwise = np.where(target_array == 0, 0.0, xlogy(target_array, target_array) - target_array * log_q)
    return _reduce(pointwise, reduction, (*_REDUCTIONS, "batchmean"))


def log_softmax(logits: Any, axis: int = 1) -> np.ndarray:
    """Stable log softmax along `axis`.

    >>> np.exp(log_softmax(np.array([[0.0, 0.0]])))
    array([[0.5, 0.5]])
    """
    x = _floats(logits, "logits")
    shifted = x - x.max(axis=axis, keepdims=True)
    return np.asarray(shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True)))


def cross_entropy(logits: Any, target: Any, reduction: Reduction = "mean", label_smoothing: float = 0.0) -> Any:
    """``torch.nn.functional.cross_entropy`` for (N, C) logits and class indices (N,) or probabilities (N, C).

    >>> round(float(cross_entropy(np.array([[0.0, np.log(3.0)]]), np.array([1]))), 12)  # -log(3/4)
    0.287682072452
    """
    if not 0 <= label_smoothing <= 1:
        raise ValueError(f"label_smoothing must lie in [0, 1], got {label_smoothing}")
    log_p = log_softmax(logits, axis=1)
    classes = log_p.shape[1]
    target_array = np.asarray(target)
    if target_array.dtype.kind in "iu":
        if target_array.shape != log_p.shape[:1] + log_p.shape[2:]:
            raise ValueError(
                f"class-index target has shape {target_array.shape}, expected {log_p.shape[:1] + log_p.shape[2:]}"
            )
        if target_array.min(initial=0) < 0 or target_array.max(initial=0) >= classes:
            raise ValueError(f"class indices must lie in [0, {classes - 1}]")
        probabilities = np.moveaxis(np.eye(classes, dtype=log_p.dtype)[target_array], -1, 1)
    else:
        probabilities = _floats(target_array, "target")
        if probabilities.shape != log_p.shape:
            raise ValueError(f"probability target has shape {probabilities.shape}, expected {log_p.shape}")
    if label_smoothing:
        probabilities = probabilities * (1 - label_smoothing) + label_smoothing / classes
    pointwise = 0.0 - (probabilities * log_p).sum(axis=1)
    return _reduce(pointwise, reduction)


def nll_loss(log_probabilities: Any, target: Any, reduction: Reduction = "mean") -> Any:
    """``torch.nn.functional.nll_loss``: -log_probabilities[i, target[i]].

    >>> float(nll_loss(np.log([[0.25, 0.75]]), np.array([0])))  # doctest: +ELLIPSIS
    1.3862943611...
    """
    log_p = _floats(log_probabilities, "input")
    index = np.asarray(target)
    if index.dtype.kind not in "iu" or index.shape != log_p.shape[:1]:
        raise ValueError(f"target must be integer class indices of shape {log_p.shape[:1]}")
    return _reduce(-log_p[np.arange(log_p.shape[0]), index], reduction)


def binary_cross_entropy(
    input: Any,
    target: Any,
    reduction: Reduction = "mean",
    clamp_log: float | None = -100.0,
) -> Any:
    """``torch.nn.functional.binary_cross_entropy``: -(y log p + (1 - y) log(1 - p)).

    torch clamps each log at -100 (``clamp_log``); ``clamp_log=None`` keeps
    the exact convention (0 log 0 = 0, oo where y > 0 = p).

    >>> float(binary_cross_entropy(np.array([0.0]), np.array([1.0])))
    100.0
    >>> float(binary_cross_entropy(np.array([0.0]), np.array([1.0]), clamp_log=None))
    inf
    """
    p, y = _floats(input, "input"), _floats(target, "target")
    with np.errstate(divide="ignore"):
        log_p, log_not_p = np.log(p), np.log1p(-p)
    if clamp_log is not None:
        pointwise = -(y * np.maximum(log_p, clamp_log) + (1 - y) * np.maximum(log_not_p, clamp_log))
    else:
        pointwise = -(xlogy(y, p) + xlogy(1 - y, 1 - p))
    return _reduce(np.asarray(pointwise), reduction)


def binary_cross_entropy_with_logits(
    input: Any,
    target: Any,
    reduction: Reduction = "mean",
    pos_weight: Any = None,
) -> Any:
    """``torch.nn.functional.binary_cross_entropy_with_logits``, stable form.

    -(w y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))) = w y softplus(-x) + (1 - y) softplus(x).

    >>> float(binary_cross_entropy_with_logits(np.array([0.0]), np.array([1.0])))  # log 2
    0.6931471805599453
    """
    x, y = _floats(input, "input"), _floats(target, "target")
    weight = 1.0 if pos_weight is None else _floats(pos_weight, "pos_weight")
    pointwise = weight * y * np.logaddexp(0, -x) + (1 - y) * np.logaddexp(0, x)
    return _reduce(np.asarray(pointwise), reduction)


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
    """Exact ``kl_div``: rows of log Q (input) and P (target), 0 log 0 = 0.

    >>> from sympy import log, Rational
    >>> kl_div_exact([[log(Rational(1, 4)), log(Rational(3, 4))]], [["1/2", "1/2"]], "batchmean")
    -log(3)/2 + log(2)
    """
    log_q, p = _rows(input), _rows(target)
    terms = [exact_xlogy(pi, pi) - pi * qi for prow, qrow in zip(p, log_q) for pi, qi in zip(prow, qrow) if pi != 0]
    value = _exact_reduce(terms, reduction, sum(len(row) for row in p), len(p))
    try:
        return canonical(value)
    except ValueError:
        return value


def cross_entropy_exact(logits: Sequence[Any], target: int | Sequence[Any], label_smoothing: Any = 0) -> Expr:
    """Exact per-sample ``cross_entropy``: -sum_c y_c (x_c - log sum_j exp(x_j)).

    >>> import sympy
    >>> x = sympy.symbols("x0:3", real=True)
    >>> cross_entropy_exact(x, 1)
    -x1 + log(exp(x0) + exp(x1) + exp(x2))
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
    """Exact per-element ``binary_cross_entropy`` without torch's clamp: -(y log p + (1 - y) log(1 - p))."""
    p_value, y_value = to_exact(p), to_exact(y)
    return -(exact_xlogy(y_value, p_value) + exact_xlogy(1 - y_value, 1 - p_value))


def binary_cross_entropy_with_logits_exact(x: Any, y: Any, pos_weight: Any = 1) -> Expr:
    """Exact per-element ``binary_cross_entropy_with_logits``: -(w y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))).

    >>> import sympy
    >>> x, y = sympy.symbols("x y", real=True)
    >>> binary_cross_entropy_with_logits_exact(x, y)
    -y*log(1/(1 + exp(-x))) - (1 - y)*log(1 - 1/(1 + exp(-x)))
    """
    x_value, y_value, weight = to_exact(x), to_exact(y), to_exact(pos_weight)
    sigmoid = 1 / (1 + sympy.exp(-x_value))
    return -(weight * y_value * sympy.log(sigmoid) + (1 - y_value) * sympy.log(1 - sigmoid))
