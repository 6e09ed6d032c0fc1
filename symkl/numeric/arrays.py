"""Edge-correct numerics: ``lambdify`` with the 0 log 0 conventions, and array measures at NumPy speed.

Every function here keeps the conventions of :mod:`symkl.exact.terms`: 0 log 0 = 0,
0 log(0/q) = 0, p log(p/0) = +inf for p > 0; no ``nan`` unless an input is
``nan``, and no ``RuntimeWarning`` reaches the caller. Tiny, denormal and
near-equal inputs keep their digits (logs where a ratio leaves the normal
range, Rényi in logs, Hellinger and JS without cancellation).

The array measures reject negative, NaN and infinite entries by default
(:class:`~symkl.errors.InvalidDistribution` naming the array and position;
``validate=False`` turns this off) and check sums only when asked
(``check=True``), since float probabilities drift.

>>> import numpy as np
>>> from symkl import numeric
>>> float(numeric.kl_divergence([0.5, 0.5], [0.25, 0.75], base=2))  # doctest: +ELLIPSIS
0.2075187496394...
>>> float(numeric.kl_divergence([1.0, 0.0], [0.5, 0.5])), float(numeric.kl_divergence([1.0, 0.0], [0.0, 1.0]))
(0.6931471805599453, inf)
>>> numeric.entropy(np.array([[0.5, 0.5], [1.0, 0.0]]), base=2)
array([1., 0.])
>>> numeric.entropy([[0.5, 0.5], [1.5, -0.5]])
Traceback (most recent call last):
...
symkl.errors.InvalidDistribution: P[1, 1] = -0.5 is negative: probabilities must be finite and non-negative
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidDistribution, InvalidInput
from .terms import ArrayLike, _log_ratio, _zero_where_x_is_zero

__all__ = [
    "chi_square",
    "cross_entropy",
    "entropy",
    "hellinger",
    "js_divergence",
    "kl_divergence",
    "mutual_information",
    "renyi_divergence",
    "renyi_entropy",
    "total_variation",
]


# ---------------------------------------------------------------------------------------------
# reading and validating arrays
class _Rejected(Exception):
    """Raised inside a kernel: the checked array number `index` holds an entry that is not a probability."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


def _as_array(values: ArrayLike, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind in "biu":
        array = array.astype(np.float64)
    elif array.dtype.kind != "f":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.ndim == 0:
        raise InvalidInput(f"{name} must have at least one dimension, got a scalar")
    return array


def _finite_non_negative(block: np.ndarray) -> bool:
    """True when every entry is >= 0 and finite (``min`` propagates NaN, so one test catches it too)."""
    return bool(block.min() >= 0) and bool(block.max() < np.inf)


def _reject(original: np.ndarray, name: str) -> InvalidDistribution:
    """The error naming the first entry of `original` that is negative, NaN or infinite.

    >>> print(_reject(np.array([[0.5, 0.5], [1.5, -0.5]]), "Q"))
    Q[1, 1] = -0.5 is negative: probabilities must be finite and non-negative
    """
    with np.errstate(invalid="ignore"):
        bad = ~((original >= 0) & (original < np.inf))
    index = np.unravel_index(int(np.argmax(bad)), original.shape)
    value = float(original[index])
    what = "not a number" if math.isnan(value) else "infinite" if math.isinf(value) else "negative"
    position = ", ".join(str(int(i)) for i in index)
    return InvalidDistribution(
        f"{name}[{position}] = {value:.6g} is {what}: probabilities must be finite and non-negative"
    )


def _check_entries(arrays: Sequence[np.ndarray], names: Sequence[str]) -> None:
    for array, name in zip(arrays, names):
        if array.size and not _finite_non_negative(array):
            raise _reject(array, name)


def _tolerance(dtype: np.dtype) -> float:
    return float(np.sqrt(np.finfo(dtype).eps))


def _check_sum(array: np.ndarray, name: str, axis: int) -> None:
    totals = array.sum(axis=axis)
    tolerance = _tolerance(array.dtype) * max(1, array.shape[axis]) ** 0.5
    worst = float(np.max(np.abs(totals - 1))) if totals.size else 0.0
    if worst > tolerance:
        raise InvalidDistribution(
            f"{name} does not sum to 1 along axis {axis}: off by {worst:.3g} (tolerance {tolerance:.3g})"
        )


class _Inputs:
    """User arrays (`originals`, for error messages) and the same numbers broadcast, outcomes in the last axis."""

    def __init__(self, arrays: Sequence[tuple[ArrayLike, str]], axis: int, check: bool, validate: bool) -> None:
        if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
            hint = (
                "; entropy takes one distribution (scipy.stats.entropy(p, q) is a KL divergence): "
                "use sk.numeric.kl_divergence(P, Q) or sk.numeric.cross_entropy(P, Q)"
                if len(arrays) == 1
                else ""
            )
            raise InvalidInput(f"axis must be an integer, got {type(axis).__name__}{hint}")
        self.names = [name for _, name in arrays]
        self.originals = [_as_array(values, name) for values, name in arrays]
        self.validate = validate
        for array, name in zip(self.originals, self.names):
            if not -array.ndim <= axis < array.ndim:
                raise InvalidInput(f"axis {axis} is out of range for {name} with {array.ndim} dimension(s)")
        prepared = self.originals
        if len(prepared) == 2:
            prepared = self._broadcast(axis)
        for array, name in zip(prepared, self.names):
            if array.shape[axis] == 0:
                raise InvalidDistribution(f"{name} is empty: no outcomes along axis {axis}")
        if check:
            _check_entries(self.originals, self.names)
            for array, name in zip(self.originals, self.names):
                _check_sum(array, name, axis)
        self.arrays = [np.moveaxis(array, axis, -1) for array in prepared]

    def _broadcast(self, axis: int) -> list[np.ndarray]:
        first, second = self.originals
        try:
            shape = np.broadcast_shapes(first.shape, second.shape)
        except ValueError:
            raise InvalidInput(
                f"{self.names[0]} has shape {first.shape} and {self.names[1]} has shape {second.shape}; "
                "they do not broadcast"
            ) from None
        for array, name in zip(self.originals, self.names):
            if array.shape[axis] != shape[axis]:
                raise InvalidInput(f"{name} has {array.shape[axis]} outcomes along axis {axis}, expected {shape[axis]}")
        dtype = np.result_type(first, second)
        return [
            a if a.shape == shape and a.dtype == dtype else np.broadcast_to(a, shape).astype(dtype)
            for a in self.originals
        ]

    def check_entries(self) -> None:
        """Reject negative, NaN and infinite entries (for measures that do not run the blocked kernel)."""
        if self.validate:
            _check_entries(self.originals, self.names)

    def log_sum(self, weights: int, top: np.ndarray, bottom: np.ndarray | None, checked: Sequence[int]) -> Any:
        """:func:`_weighted_log_sum` with the inputs numbered `checked` validated block by block inside it."""
        arrays = [self.arrays[k] for k in checked] if self.validate else []
        try:
            return _weighted_log_sum(self.arrays[weights], top, bottom, arrays)
        except _Rejected as rejected:
            k = checked[rejected.index]
            raise _reject(self.originals[k], self.names[k]) from None


def _scale(values: Any, base: Any) -> Any:
    if base is None:
        return values
    if not base > 0 or base == 1:
        raise InvalidInput(f"base must be positive and not 1, got {base}")
    return values / np.log(base).astype(np.asarray(values).dtype)


def _check_alpha(alpha: float) -> None:
    if not alpha > 0:
        raise InvalidInput(f"alpha must be positive, got {alpha}")


# ---------------------------------------------------------------------------------------------
# logarithms of ratios that may overflow or underflow
def _log_ratio_into(top: np.ndarray, bottom: np.ndarray, out: np.ndarray, mask: np.ndarray, info: Any) -> None:
    """out = log(top / bottom) where mask (out holds 1 elsewhere), exact-range safe as :func:`_log_ratio`."""
    np.divide(top, bottom, out=out, where=mask)
    if out.min() >= info.tiny and out.max() <= info.max:
        np.log(out, out=out)
        return
    outside = ~((out >= info.tiny) & (out <= info.max)) & mask
    np.log(out, out=out)
    out[outside] = np.log(top[outside]) - np.log(bottom[outside])


#: Elements per block: intermediates stay in cache, so the edge handling costs no extra memory pass.
_BLOCK = 1 << 16


def _weighted_log_sum(
    weights: np.ndarray, top: np.ndarray, bottom: np.ndarray | None = None, checked: Sequence[np.ndarray] = ()
) -> Any:
    """sum over the last axis of w * log(top / bottom) over w > 0 (terms with w = 0 are 0).

    top = 0 or bottom = 0 where w > 0 give -inf or +inf, as the conventions say; never nan. Where
    top / bottom leaves the normal range, log top - log bottom is used. Each array in `checked`
    (shaped like `weights`) must be finite and non-negative: tested block by block while the block
    is in cache; the first bad one raises ``_Rejected(its index)``.
    """
    n = weights.shape[-1]
    batch = weights.shape[:-1]
    w2, t2 = weights.reshape(-1, n), top.reshape(-1, n)
    b2 = None if bottom is None else bottom.reshape(-1, n)
    c2 = [array.reshape(-1, n) for array in checked]
    result = np.zeros(w2.shape[0], dtype=w2.dtype)
    rows_per_block = max(1, _BLOCK // n)
    columns_per_block = min(n, _BLOCK)
    buffer = np.empty((min(rows_per_block, w2.shape[0]), columns_per_block), dtype=w2.dtype)
    support = np.empty(buffer.shape, dtype=bool)
    info = np.finfo(w2.dtype)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        for row in range(0, w2.shape[0], rows_per_block):
            rows = slice(row, row + rows_per_block)
            for column in range(0, n, columns_per_block):
                columns = slice(column, column + columns_per_block)
                for index, array in enumerate(c2):
                    if not _finite_non_negative(array[rows, columns]):
                        raise _Rejected(index)
                w = w2[rows, columns]
                logs, mask = buffer[: w.shape[0], : w.shape[1]], support[: w.shape[0], : w.shape[1]]
                np.greater(w, 0, out=mask)
                logs.fill(1)
                if b2 is None:
                    np.copyto(logs, t2[rows, columns], where=mask)
                    np.log(logs, out=logs)
                else:
                    _log_ratio_into(t2[rows, columns], b2[rows, columns], logs, mask, info)
                # einsum, not np.dot: BLAS threads stall for milliseconds per call when the cores are busy
                result[rows] += np.einsum("ij,ij->i", w, logs)
    return result.reshape(batch) if batch else result[0]


# ---------------------------------------------------------------------------------------------
# array measures
def kl_divergence(
    P: ArrayLike, Q: ArrayLike, axis: int = -1, base: Any = None, check: bool = False, validate: bool = True
) -> Any:
    """D(P || Q) along `axis`: 0 where p = 0, inf where q = 0 < p.

    >>> kl_divergence([[0.5, 0.5], [0.9, 0.1]], [0.5, 0.5])
    array([0.        , 0.36806421])
    >>> float(kl_divergence([0.5, 0.5], [1e-310, 1]))  # p / q overflows; p (log p - log q) does not
    356.2075...
    >>> kl_divergence([0.5, 0.5], [1.5, -0.5])
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistribution: Q[1] = -0.5 is negative: probabilities must be finite and non-negative
    """
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    p, q = inputs.arrays
    return _scale(inputs.log_sum(0, p, q, checked=(0, 1)), base)


def entropy(P: ArrayLike, axis: int = -1, base: Any = None, check: bool = False, validate: bool = True) -> Any:
    """H(P) = -sum p log p along `axis`, with 0 log 0 = 0 (no renormalisation, unlike scipy.stats.entropy).

    >>> float(entropy([0.5, 0.25, 0.25], base=2))
    1.5
    """
    inputs = _Inputs(((P, "P"),), axis, check, validate)
    (p,) = inputs.arrays
    return _scale(0.0 - inputs.log_sum(0, p, None, checked=(0,)), base)


def cross_entropy(
    P: ArrayLike, Q: ArrayLike, axis: int = -1, base: Any = None, check: bool = False, validate: bool = True
) -> Any:
    """H(P, Q) = -sum p log q along `axis`: inf where q = 0 < p.

    >>> float(cross_entropy([0.5, 0.5], [0.25, 0.75], base=2))  # doctest: +ELLIPSIS
    1.2075187496...
    """
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    return _scale(0.0 - inputs.log_sum(0, inputs.arrays[1], None, checked=(0, 1)), base)


def _js_terms(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p log(2p/(p+q)) + q log(2q/(p+q)) per outcome, to a few ulps: (s/2) g(x) with s = p + q, x = (p - q)/s and
    g(x) = 2x atanh(x) + log1p(-x**2) for |x| < 1/2 (no cancellation of first-order terms), the direct sum otherwise.

    >>> _js_terms(np.array([0.5 + 2**-30, 5e-324]), np.array([0.5, 0.0]))  # second-order term; a denormal
    array([4.33680869e-019, 4.94065646e-324])
    """
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        s = p + q
        x = (p - q) / s
        near = np.abs(x) < 0.5
        g = 2 * x * np.arctanh(x) + np.log1p(-x * x)
        direct = _xlog_ratio(p, 2 * p, s) + _xlog_ratio(q, 2 * q, s)
        return np.where(s > 0, np.where(near, s * g / 2, direct), 0.0)


def _xlog_ratio(w: np.ndarray, top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """w log(top/bottom) with 0 where w = 0."""
    return _zero_where_x_is_zero(w, w * _log_ratio(top, bottom))


def js_divergence(
    P: ArrayLike, Q: ArrayLike, axis: int = -1, base: Any = None, check: bool = False, validate: bool = True
) -> Any:
    """Jensen-Shannon divergence (not its square root, which scipy's ``jensenshannon`` returns).

    Each outcome's term is computed without cancellation, so near-equal inputs keep their digits.

    >>> float(js_divergence([1.0, 0.0], [0.0, 1.0], base=2))
    1.0
    """
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    inputs.check_entries()
    p, q = inputs.arrays
    return _scale(_js_terms(p, q).sum(axis=-1) / 2, base)


def _renyi(p: np.ndarray, q: np.ndarray, alpha: float) -> Any:
    """log(sum over p > 0 of p**alpha q**(1 - alpha)) / (alpha - 1) in nats, in logs throughout.

    With L = log(p/q) and beta = alpha - 1 the terms are exp(t), t = log p + beta L: the log of their sum is
    max t + log1p(sum of the others, each scaled by exp(-max t)). When every |beta L| <= 1/2 and |sum p - 1| <= 1/2
    (alpha near 1) the sum is 1 + (sum p - 1) + sum p expm1(beta L), through log1p, so dividing by beta loses nothing.
    If beta L overflows (alpha beyond about 1e300) the largest L is factored out instead.
    """
    support = p > 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        L = np.where(support, _log_ratio(p, q), 0.0)
        largest = np.max(np.where(support, L, -np.inf), axis=-1)
        if math.isinf(alpha):
            return largest
        beta = alpha - 1
        value = _log_sum_exp(np.where(support, np.log(p) + beta * L, -np.inf)) / beta
        scaled = np.where(support, beta * L, 0.0)
        drift = np.sum(p, axis=-1) - 1
        near = (np.max(np.abs(scaled), axis=-1) <= 0.5) & (np.abs(drift) <= 0.5)
        if np.any(near):
            close = np.log1p(drift + np.sum(p * np.expm1(scaled), axis=-1)) / beta
            value = np.where(near, close, value)
        overflow = np.isposinf(value) & np.isfinite(largest)
        if np.any(overflow):
            exponent = np.where(support, beta * (L - largest[..., None]), -np.inf)
            value = np.where(overflow, largest + np.log(np.sum(p * np.exp(exponent), axis=-1)) / beta, value)
        return value


def _log_sum_exp(t: np.ndarray) -> Any:
    """log sum exp(t) over the last axis as max + log1p(the rest): a small sum of the others keeps its digits.

    >>> float(_log_sum_exp(np.array([0.0, -230.0])))  # doctest: +ELLIPSIS
    1.2...e-100
    """
    top = np.argmax(t, axis=-1)[..., None]
    largest = np.take_along_axis(t, top, axis=-1)
    finite = np.where(np.isfinite(largest), largest, 0.0)
    others = np.exp(t - finite)
    np.put_along_axis(others, top, 0.0, axis=-1)
    return np.where(np.isfinite(largest[..., 0]), largest[..., 0] + np.log1p(others.sum(axis=-1)), largest[..., 0])


def renyi_entropy(
    P: ArrayLike, alpha: float, axis: int = -1, base: Any = None, check: bool = False, validate: bool = True
) -> Any:
    """log(sum p**alpha) / (1 - alpha); alpha = 1 is Shannon, alpha = inf is -log max p.

    >>> float(renyi_entropy([0.5, 0.25, 0.25], 2, base=2))  # doctest: +ELLIPSIS
    1.415037...
    >>> float(renyi_entropy([1e-200, 1 - 1e-200], 0.5))  # doctest: +ELLIPSIS
    1.9999999999999...e-100
    """
    _check_alpha(alpha)
    inputs = _Inputs(((P, "P"),), axis, check, validate)
    (p,) = inputs.arrays
    if alpha == 1:
        return _scale(0.0 - inputs.log_sum(0, p, None, checked=(0,)), base)
    inputs.check_entries()
    return _scale(0.0 - _renyi(p, np.ones_like(p), alpha), base)


def renyi_divergence(
    P: ArrayLike,
    Q: ArrayLike,
    alpha: float,
    axis: int = -1,
    base: Any = None,
    check: bool = False,
    validate: bool = True,
) -> Any:
    """log(sum p**alpha q**(1 - alpha)) / (alpha - 1) over p > 0; alpha = 1 is KL, alpha = inf is log max p/q.

    Computed in logs, so tiny probabilities neither underflow nor overflow; inf where q = 0 < p for
    alpha >= 1, and for alpha < 1 only where P and Q have disjoint supports.

    >>> float(renyi_divergence([0.5, 0.5], [0.25, 0.75], 2))  # doctest: +ELLIPSIS
    0.2876820724...
    >>> float(renyi_divergence([1e-200, 1 - 1e-200], [1e-300, 1 - 1e-300], 3))  # log(1 + 1e-600 / 1e-600) / 2
    0.34657359027997264
    """
    _check_alpha(alpha)
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    p, q = inputs.arrays
    if alpha == 1:
        return _scale(inputs.log_sum(0, p, q, checked=(0, 1)), base)
    inputs.check_entries()
    return _scale(_renyi(p, q, alpha), base)


def total_variation(P: ArrayLike, Q: ArrayLike, axis: int = -1, check: bool = False, validate: bool = True) -> Any:
    """(1/2) sum |p - q| (a distance).

    >>> float(total_variation([0.5, 0.5], [0.25, 0.75]))
    0.25
    """
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    inputs.check_entries()
    p, q = inputs.arrays
    return np.abs(p - q).sum(axis=-1) / 2


def hellinger(P: ArrayLike, Q: ArrayLike, axis: int = -1, check: bool = False, validate: bool = True) -> Any:
    """Hellinger distance sqrt(sum (sqrt p - sqrt q)**2 / 2) (= sqrt(1 - sum sqrt(pq)) for distributions).

    Each difference is (p - q) / (sqrt p + sqrt q), so near-equal inputs keep their digits.

    >>> float(hellinger([1.0, 0.0], [0.0, 1.0]))
    1.0
    >>> float(hellinger([0.5 + 2**-30, 0.5 - 2**-30], [0.5, 0.5]))  # doctest: +ELLIPSIS
    6.5854...e-10
    """
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    inputs.check_entries()
    p, q = inputs.arrays
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        roots = np.sqrt(p) + np.sqrt(q)
        differences = np.where(roots > 0, (p - q) / roots, 0.0)
        largest = np.max(np.abs(differences), axis=-1, keepdims=True)  # scaled like hypot: no underflow
        unit = np.where(largest > 0, largest, 1.0)
        return largest[..., 0] * np.sqrt(np.sum((differences / unit) ** 2, axis=-1) / 2)


def chi_square(P: ArrayLike, Q: ArrayLike, axis: int = -1, check: bool = False, validate: bool = True) -> Any:
    """Pearson chi-square sum (p - q)**2 / q: 0 where p = q = 0, inf where q = 0 < p.

    Each term is ((p - q) / sqrt q)**2, so it neither underflows nor overflows before the result does.

    >>> float(chi_square([0.5, 0.5], [0.25, 0.75]))  # doctest: +ELLIPSIS
    0.3333333333...
    >>> float(chi_square([1e-200, 1 - 1e-200], [0, 1]))
    inf
    """
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    inputs.check_entries()
    p, q = inputs.arrays
    with np.errstate(divide="ignore", invalid="ignore", under="ignore", over="ignore"):
        scaled = (p - q) / np.sqrt(q)
        terms = np.where((p == 0) & (q == 0), 0.0, scaled * scaled)
        return terms.sum(axis=-1)


def mutual_information(J: ArrayLike, base: Any = None, check: bool = False, validate: bool = True) -> Any:
    """I(X; Y) of joint tables in the last two axes (rows X, columns Y), batched over the rest.

    Each term is j log((j / row) / column): tiny tables do not underflow.

    >>> float(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2))
    1.0
    >>> float(mutual_information([[1e-200, 0.0], [0.0, 1 - 1e-200]]))  # doctest: +ELLIPSIS
    4.60...e-198
    """
    joint = _as_array(J, "J")
    if joint.ndim < 2:
        raise InvalidInput(f"J must have at least two dimensions (a joint table), got shape {joint.shape}")
    if validate or check:
        _check_entries([joint], ["J"])
    flat = joint.reshape(*joint.shape[:-2], -1)
    inputs = _Inputs(((flat, "J"),), -1, check, validate=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional = joint / joint.sum(axis=-1, keepdims=True)
    column = np.broadcast_to(joint.sum(axis=-2, keepdims=True), joint.shape)
    return _scale(inputs.log_sum(0, conditional.reshape(flat.shape), column.reshape(flat.shape), (0,)), base)
