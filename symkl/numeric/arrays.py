"""Edge-correct numerics: ``lambdify`` with the 0 log 0 conventions, and array measures at NumPy speed.

Every function here keeps the conventions of :mod:`symkl.exact.terms`: 0 log 0 = 0,
0 log(0/q) = 0, p log(p/0) = +inf for p > 0; no ``nan`` unless an input is
``nan``, and no ``RuntimeWarning`` reaches the caller. Tiny, denormal and
near-equal inputs keep their digits (logs where a ratio leaves the normal
range, Rényi in logs, Hellinger and JS without cancellation).

The array measures reject negative, NaN and infinite entries by default
(:class:`~symkl.errors.InvalidDistribution` naming the array and position), and
sums further from 1 than float drift allows (4 n eps for n entries of the array's
dtype; :func:`_tolerance`). ``check=False`` turns the sum check off,
``check=False, validate=False`` both. KL is sum q phi(p/q) with phi >= 0 computed
without cancellation, so near-equal inputs keep their digits and it is never negative.

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
from . import arrayapi, chunked
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


#: The sum check's tolerance is this many times n * eps: float drift of n entries, with a margin.
_DRIFT = 4


def _tolerance(dtype: np.dtype, n: int) -> float:
    """How far from 1 the sum of n probabilities of this dtype may drift: 4 n eps.

    Rounding each entry (P / P.sum(), a softmax) and summing them (recursively or pairwise) both move the
    sum by at most about n eps (Higham, Accuracy and Stability, section 4.2).

    >>> _tolerance(np.dtype(np.float64), 2), _tolerance(np.dtype(np.float32), 10)
    (1.7763568394002505e-15, 4.76837158203125e-06)
    """
    return _DRIFT * max(1, n) * float(np.finfo(dtype).eps)


def _sum_error(array: np.ndarray, name: str, axis: int, trailing: int = 1) -> InvalidDistribution | None:
    """The error naming the row of `array` whose sum over `axis` (and the `trailing` - 1 axes after it) is
    furthest from 1, if that is beyond :func:`_tolerance`; None otherwise.

    >>> print(_sum_error(np.array([[0.5, 0.5], [1.0, 0.5]]), "P", -1))  # doctest: +NORMALIZE_WHITESPACE
    P does not sum to 1 along axis -1: P[1, :] sums to 1.5, off by 0.5 (tolerance 1.8e-15 = 4 n eps
    for n = 2 float64 entries); normalise P, or pass check=False
    """
    first = axis % array.ndim
    axes = tuple(range(first, first + trailing))
    n = int(np.prod([array.shape[a] for a in axes]))
    tolerance = _tolerance(array.dtype, n)
    if not array.size:
        return None
    totals = array.sum(axis=axes, dtype=np.result_type(array.dtype, np.float64))
    off = np.abs(totals - 1)
    worst = np.unravel_index(int(np.argmax(off)), off.shape)
    if not off[worst] > tolerance:
        return None
    rest = iter(int(i) for i in worst)
    position = ", ".join(":" if a in axes else str(next(rest)) for a in range(array.ndim))
    where = f"axis {axis}" if trailing == 1 else f"its last {trailing} axes"
    return InvalidDistribution(
        f"{name} does not sum to 1 along {where}: {name}[{position}] sums to {float(totals[worst])!r}, off by "
        f"{float(off[worst]):.3g} (tolerance {tolerance:.2g} = {_DRIFT} n eps for n = {n} {array.dtype} entries); "
        f"normalise {name}, or pass check=False"
    )


class _Inputs:
    """User arrays (`originals`, for error messages) and the same numbers broadcast, outcomes in the last axis.

    `validate` checks entries (finite, non-negative); `check` checks entries and sums (:func:`_tolerance`).
    The blocked kernels run both checks block by block while the block is in cache; the other measures
    call :meth:`check_entries` first.
    """

    def __init__(
        self, arrays: Sequence[tuple[ArrayLike, str]], axis: int, check: bool, validate: bool, trailing: int = 1
    ) -> None:
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
        self.axis, self.trailing = int(axis), trailing
        self.check = bool(check)
        self.validate = bool(validate) or self.check
        for array, name in zip(self.originals, self.names):
            if not -array.ndim <= axis < array.ndim:
                raise InvalidInput(f"axis {axis} is out of range for {name} with {array.ndim} dimension(s)")
        prepared = self.originals
        if len(prepared) == 2:
            prepared = self._broadcast(axis)
        for array, name in zip(prepared, self.names):
            if array.shape[axis] == 0:
                raise InvalidDistribution(f"{name} is empty: no outcomes along axis {axis}")
        self.arrays = [np.moveaxis(array, axis, -1) for array in prepared]
        self.tolerances = [
            _tolerance(original.dtype, array.shape[-1]) for original, array in zip(self.originals, self.arrays)
        ]

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
        """Reject bad entries and, with `check`, bad sums (for measures that do not run a blocked kernel)."""
        if self.validate:
            _check_entries(self.originals, self.names)
        if self.check:
            self.check_sums([np.sum(array, axis=-1, dtype=_work_dtype(array.dtype)) for array in self.arrays])

    def check_sums(self, sums: Sequence[np.ndarray]) -> None:
        """Raise the error of :func:`_sum_error` (on the original array) for the first array with a bad sum."""
        for k, total in enumerate(sums):
            if total.size and not np.max(np.abs(total - 1)) <= self.tolerances[k]:
                error = _sum_error(self.originals[k], self.names[k], self.axis, self.trailing)
                if error is None:  # the kernel summed in another order and landed just outside the tolerance
                    error = InvalidDistribution(
                        f"{self.names[k]} does not sum to 1 along axis {self.axis}: off by "
                        f"{float(np.max(np.abs(total - 1))):.3g} (tolerance {self.tolerances[k]:.2g})"
                    )
                raise error

    def drift_free(self, sums: Sequence[np.ndarray]) -> Any:
        """Per row: True where every array sums to 1 within its tolerance (the drift is rounding, not data)."""
        result: Any = True
        for total, tolerance in zip(sums, self.tolerances):
            result = result & (np.abs(total - 1) <= tolerance)
        return result

    def log_sum(self, weights: int, top: np.ndarray, bottom: np.ndarray | None, checked: Sequence[int]) -> Any:
        """sum of w log(top / bottom) (:func:`_weighted_log_block`), the inputs numbered `checked` validated
        block by block in the kernel and their sums checked when `check` is on."""
        arrays = [self.arrays[k] for k in checked] if self.validate or self.check else []
        block = _weighted_log_block(self.arrays[weights], top, bottom)
        try:
            value, sums = _blocked(arrays, self.check, block, validate=self.validate)
        except _Rejected as rejected:
            k = checked[rejected.index]
            raise _reject(self.originals[k], self.names[k]) from None
        if self.check:
            self.check_sums([sums[i] for i in range(len(checked))])
        return value

    def divergence(self) -> Any:
        """D(P || Q) as sum q phi(p/q) (:func:`_phi_terms_into`), both inputs checked in the kernel.

        Where a row's sums are not both 1 within the tolerance (possible with ``check=False`` only), the
        difference of the sums is added back, so the result is sum p log(p/q) as written.
        """
        p, q = self.arrays
        try:
            value, (sum_p, sum_q) = _blocked([p, q], True, _phi_block(p, q), validate=self.validate)
        except _Rejected as rejected:
            raise _reject(self.originals[rejected.index], self.names[rejected.index]) from None
        if self.check:
            self.check_sums([sum_p, sum_q])
        else:
            value = np.where(self.drift_free([sum_p, sum_q]), value, value + (sum_p - sum_q))[()]
        return value.astype(p.dtype)


def _work_dtype(dtype: np.dtype) -> np.dtype:
    """float64 for narrower floats (float32 and float16 are computed in float64, then rounded once)."""
    return np.dtype(np.float64) if dtype.itemsize < 8 else np.dtype(dtype)


def _scale(values: Any, base: Any) -> Any:
    if base is None:
        return values
    if not base > 0 or base == 1:
        raise InvalidInput(f"base must be positive and not 1, got {base}")
    return values / np.log(base).astype(getattr(values, "dtype", np.float64))


def _check_alpha(alpha: float) -> None:
    if not alpha > 0:
        raise InvalidInput(f"alpha must be positive, got {alpha}")


# ---------------------------------------------------------------------------------------------
# the blocked kernel: every pass over a block while it is in cache
#: Elements per block: intermediates stay in cache, so the edge handling costs no extra memory pass.
_BLOCK = 1 << 16


def _blocked(
    arrays: Sequence[np.ndarray], want_sums: bool, block_sum: Any, validate: bool = True
) -> tuple[Any, list[np.ndarray]]:
    """Run ``block_sum(rows, columns, totals, lows)`` (the row sums of a block's terms; `totals` are the block's
    row sums of `arrays` when `want_sums`, `lows` each block's smallest entry, nan where the block holds a
    negative, nan or infinite entry) over blocks of the last axis.

    Each of `arrays` (shaped like the inputs, outcomes last) is checked finite and non-negative block by
    block when `validate` (the first bad one raises ``_Rejected(its index)``), and summed over the last axis
    when `want_sums`. Returns the total of the terms per row (a scalar for 1-d inputs) and the row sums.
    """
    function, shape, dtype = block_sum
    n = shape[-1]
    batch = shape[:-1]
    rows_total = int(np.prod(batch, dtype=np.int64))
    flat = [array.reshape(-1, n) for array in arrays]
    result = np.zeros(rows_total, dtype=dtype)
    sum_dtype = np.result_type(dtype, np.float64)
    sums = [np.zeros(rows_total, dtype=sum_dtype) for _ in flat] if want_sums else []
    rows_per_block = max(1, _BLOCK // n)
    columns_per_block = min(n, _BLOCK)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        for row in range(0, rows_total, rows_per_block):
            rows = slice(row, row + rows_per_block)
            for column in range(0, n, columns_per_block):
                columns = slice(column, column + columns_per_block)
                totals, lows = [], []
                for index, array in enumerate(flat):
                    block = array[rows, columns]
                    if want_sums:
                        total = np.add.reduce(block, axis=1, dtype=sum_dtype)
                        sums[index][rows] += total
                        totals.append(total)
                        # a finite sum of entries >= 0 has no nan or inf entry (min propagates nan too)
                        low = block.min()
                        cheap = low >= 0 and np.isfinite(total).all()
                        lows.append(low if cheap else np.nan)
                        if validate and not cheap and not _finite_non_negative(block):
                            raise _Rejected(index)
                    elif validate and not _finite_non_negative(block):
                        raise _Rejected(index)
                result[rows] += function(rows, columns, totals, lows)
    if batch:
        return result.reshape(batch), [total.reshape(batch) for total in sums]
    return result[0], [total[0] for total in sums]


def _weighted_log_block(weights: np.ndarray, top: np.ndarray, bottom: np.ndarray | None) -> Any:
    """Block function: row sums of w * log(top / bottom) over w > 0 (terms with w = 0 are 0).

    top = 0 or bottom = 0 where w > 0 give -inf or +inf, as the conventions say; never nan. Where
    top / bottom leaves the normal range, log top - log bottom is used.
    """
    n = weights.shape[-1]
    w2, t2 = weights.reshape(-1, n), top.reshape(-1, n)
    b2 = None if bottom is None else bottom.reshape(-1, n)
    dtype = w2.dtype
    shape = (min(max(1, _BLOCK // n), w2.shape[0]), min(n, _BLOCK))
    buffer, support = np.empty(shape, dtype=dtype), np.empty(shape, dtype=bool)
    info = np.finfo(dtype)

    def function(rows: slice, columns: slice, totals: Sequence[np.ndarray], lows: Sequence[Any]) -> Any:
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
        return np.einsum("ij,ij->i", w, logs)

    return function, weights.shape, dtype


def _log_ratio_into(top: np.ndarray, bottom: np.ndarray, out: np.ndarray, mask: np.ndarray, info: Any) -> None:
    """out = log(top / bottom) where mask (out holds 1 elsewhere), exact-range safe as :func:`_log_ratio`."""
    np.divide(top, bottom, out=out, where=mask)
    if out.min() >= info.tiny and out.max() <= info.max:
        np.log(out, out=out)
        return
    outside = ~((out >= info.tiny) & (out <= info.max)) & mask
    np.log(out, out=out)
    out[outside] = np.log(top[outside]) - np.log(bottom[outside])


# ---------------------------------------------------------------------------------------------
# q phi(p/q) without cancellation
#: Below this |log(p/q)|, phi comes from its series (|p/q - 1| < 1.001e-3); above it, p log(p/q) - (p - q)
#: loses at most 2 eps / |p/q - 1| < 5e-13 of its relative accuracy.
_NEAR = 1e-3


def _phi_series(difference: np.ndarray, q: np.ndarray) -> np.ndarray:
    """q phi(1 + d) with d = (p - q)/q, |d| <= 1.001e-3: (p - q) d (1/2 - d/6 + d^2/12 - d^3/20 + d^4/30), since
    phi(1 + d) = sum over k >= 2 of (-d)^k / (k (k - 1)); the next term is below 1e-18 of the sum.

    >>> float(_phi_series(np.array([2.0**-40]), np.array([0.5]))[0] / 2.0**-80)  # (p - q)^2 / (2 q), nearly
    0.9999999999993937
    """
    d = difference / q
    series = 1 / 2 - d * (1 / 6 - d * (1 / 12 - d * (1 / 20 - d / 30)))
    return difference * d * series


def _phi_terms_into(p: np.ndarray, q: np.ndarray, out: np.ndarray, scratch: np.ndarray, mask: np.ndarray) -> Any:
    """out = q phi(p/q) = p log(p/q) - p + q >= 0 elementwise, phi(t) = t log t - t + 1, and returns out.

    Conventions: q where p = 0 (0 log 0 = 0), inf where q = 0 < p, 0 where both are 0 (and q - p where p < 0,
    as if p log(p/q) were 0 there: only with ``validate=False``). Where p/q leaves
    the normal range, log p - log q; where |log(p/q)| < :data:`_NEAR`, the series of :func:`_phi_series`
    (p - q is exact there), so a term near P = Q keeps its digits instead of cancelling to noise.
    `scratch` (float) and `mask` (bool) are work space shaped like p.

    >>> p, q = np.array([0.0, 0.5, 0.5, 0.5 + 2.0**-40, 0.0]), np.array([0.5, 0.0, 1e-310, 0.5, 0.0])
    >>> _phi_terms_into(p, q, np.empty(5), np.empty(5), np.empty(5, dtype=bool))
    array([5.00000000e-01,            inf, 3.56054116e+02, 8.27180613e-25,
           0.00000000e+00])
    """
    info = np.finfo(out.dtype)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        np.divide(p, q, out=out)
        regular = out.min() >= info.tiny and out.max() <= info.max  # False also for nan (0/0)
        if not regular:
            np.greater_equal(out, info.tiny, out=mask)
            mask &= out <= info.max
            outside = np.flatnonzero(~mask)
        np.log(out, out=out)
        np.abs(out, out=scratch)
        near = np.fmin.reduce(scratch, axis=None) < _NEAR  # fmin: a nan (from 0/0) must not hide the rest
        if near:
            np.less(scratch, _NEAR, out=mask)
        np.multiply(out, p, out=out)
        np.subtract(p, q, out=scratch)
        np.subtract(out, scratch, out=out)
        flat_out, flat_p, flat_q, flat_d = out.reshape(-1), p.reshape(-1), q.reshape(-1), scratch.reshape(-1)
        if not regular:
            a, b = flat_p[outside], flat_q[outside]
            logs = np.log(np.where(a > 0, a, 1.0)) - np.log(np.where(b > 0, b, 1.0))
            flat_out[outside] = np.where(a <= 0, b - a, np.where(b == 0, np.inf, a * logs - (a - b)))
        if near:
            if np.count_nonzero(mask) * 8 < mask.size:
                inside = np.flatnonzero(mask)
                flat_out[inside] = _phi_series(flat_d[inside], flat_q[inside])
            else:
                np.copyto(out, _phi_series(scratch, np.where(mask, q, 1.0)), where=mask)
    return out


def _near_block(
    p: np.ndarray, q: np.ndarray, low_q: Any, ratio: np.ndarray, d: np.ndarray, zero: np.ndarray, series: np.ndarray
) -> Any:
    """Row sums of q phi(p/q) over a block of finite p, q >= 0 (`low_q` = min q) when every |p/q - 1| < 1e-3
    (p = q = 0 allowed, a term 0): all terms from the series of phi (:func:`_phi_series`), in place in the
    work arrays `ratio`, `d`, `zero` (bool) and `series`; None otherwise.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        np.subtract(p, q, out=d)  # exact (Sterbenz) where p/q is within a factor 2 of 1
        np.divide(d, q, out=ratio)
    if low_q == 0:
        np.equal(q, 0, out=zero)
        if np.any(p[zero]):  # q = 0 < p: an infinite term, left to the term-by-term path
            return None
        np.copyto(ratio, 0.0, where=zero)
    if not (ratio.min() > -_NEAR and ratio.max() < _NEAR):
        return None
    # 1/2 - r (1/6 - r (1/12 - r (1/20 - r/30))), r = (p - q)/q, by Horner's rule
    np.multiply(ratio, -1 / 30, out=series)
    for coefficient in (1 / 20, 1 / 12, 1 / 6):
        np.add(series, coefficient, out=series)
        np.multiply(series, ratio, out=series)
        np.negative(series, out=series)
    np.add(series, 1 / 2, out=series)
    np.multiply(ratio, d, out=ratio)
    return np.einsum("ij,ij->i", ratio, series)


def _phi_block(p: np.ndarray, q: np.ndarray) -> Any:
    """Block function: row sums of q phi(p/q) (:func:`_phi_terms_into`), in float64 for narrower floats.

    Fastest path, for blocks whose entries the checks found finite and >= 0 with every q > 0 and
    sum p / min q far below overflow (no inf or nan can arise): p/q, raised to the smallest normal float
    (p = 0 and underflowing ratios: a change below 750 tiny q per term), its log and sum p log(p/q) minus the
    block's sum p - sum q (already summed for the checks): four passes. Its error is a few eps times
    sum p + sum q whatever the number of near terms, so the block is kept only if every row's total exceeds
    1e-7 of that (relative error below 1e-7). Otherwise, when every |p/q - 1| < 1e-3 (P near Q, zeros of
    both allowed), every term comes from the series of phi (:func:`_near_block`).

    Other blocks (zeros of q, ratios near overflow, unchecked entries): sum p log(p/q) minus sum p - sum q
    with the near terms from their series, kept under the same 1e-7 test; other rows, and blocks where
    more than 1/8 of the terms are near, are summed term by term.
    """
    n = p.shape[-1]
    p2, q2 = p.reshape(-1, n), q.reshape(-1, n)
    dtype = _work_dtype(p2.dtype)
    shape = (min(max(1, _BLOCK // n), p2.shape[0]), min(n, _BLOCK))
    terms, scratch, mask = np.empty(shape, dtype=dtype), np.empty(shape, dtype=dtype), np.empty(shape, dtype=bool)
    info = np.finfo(dtype)
    widen = dtype != p2.dtype
    wide_p, wide_q = (np.empty(shape, dtype=dtype), np.empty(shape, dtype=dtype)) if widen else (None, None)
    series_buffer = np.empty(shape, dtype=dtype)

    def term_by_term(a: np.ndarray, b: np.ndarray, size: tuple[slice, slice]) -> Any:
        return np.add.reduce(_phi_terms_into(a, b, terms[size], scratch[size], mask[size]), axis=1)

    def function(rows: slice, columns: slice, totals: Sequence[np.ndarray], lows: Sequence[Any]) -> Any:
        a, b = p2[rows, columns], q2[rows, columns]
        size = (slice(0, a.shape[0]), slice(0, a.shape[1]))
        if wide_p is not None and wide_q is not None:
            a, b = wide_p[size], wide_q[size]
            np.copyto(a, p2[rows, columns])
            np.copyto(b, q2[rows, columns])
        logs, work, near_mask = terms[size], scratch[size], mask[size]
        low_p, low_q = lows
        if low_p >= 0 and low_q >= 0:  # every entry finite and >= 0
            # q > 0 and p/q <= sum p / min q far below overflow: divide, clamp, log and one product
            if low_q > 0 and np.max(totals[0]) <= float(low_q) * (info.max / 4):
                with np.errstate(under="ignore"):
                    np.divide(a, b, out=logs)
                # p/q < tiny (p = 0 among them) counts as tiny: p log(p/q) moves by at most 750 tiny q
                np.maximum(logs, info.tiny, out=logs)
                np.log(logs, out=logs)
                total = np.einsum("ij,ij->i", a, logs) - (totals[0] - totals[1])
                if np.all(total >= 1e-7 * (totals[0] + totals[1])):
                    return total
            near_total = _near_block(a, b, low_q, logs, work, near_mask, series_buffer[size])
            if near_total is not None:
                return near_total
        with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
            np.divide(a, b, out=logs)
            regular = logs.min() >= info.tiny and logs.max() <= info.max
            if not regular:
                np.greater_equal(logs, info.tiny, out=near_mask)
                near_mask &= logs <= info.max
                outside = np.flatnonzero(~near_mask)
            np.log(logs, out=logs)
            np.abs(logs, out=work)
            near = np.fmin.reduce(work, axis=None) < _NEAR
            inside = None
            if near:
                np.less(work, _NEAR, out=near_mask)
                inside = np.flatnonzero(near_mask)
                if inside.size * 8 > near_mask.size:
                    return term_by_term(a, b, size)
            flat_logs, flat_a, flat_b = logs.reshape(-1), a.reshape(-1), b.reshape(-1)
            if not regular:
                x, y = flat_a[outside], flat_b[outside]
                ratio_logs = np.log(np.where(x > 0, x, 1.0)) - np.log(np.where(y > 0, y, 1.0))
                flat_logs[outside] = np.where(x > 0, np.where(y == 0, np.inf, ratio_logs), 0.0)
            if inside is not None:
                flat_logs[inside] = 0.0  # near terms: their series below, not p log(p/q)
            total = np.einsum("ij,ij->i", a, logs) - (totals[0] - totals[1])
            if inside is not None:
                x, y = flat_a[inside], flat_b[inside]
                near_terms = _phi_series(x - y, y) + (x - y)  # + (p - q): the totals took it out
                total += np.bincount(inside // a.shape[1], weights=near_terms, minlength=a.shape[0])
            mass = totals[0] + totals[1]
            if not np.all((total >= 1e-7 * mass) | ~np.isfinite(total)):
                return term_by_term(a, b, size)
        return total

    return function, p.shape, dtype


# ---------------------------------------------------------------------------------------------
# per-chunk kernels for Dask inputs (:func:`symkl.numeric.chunked.reduce`): float64 blocks, outcomes last
def _kl_chunk(p: np.ndarray, q: np.ndarray) -> Any:
    """Per row: sum q phi(p/q) of one chunk (the blocked kernel; the chunk's terms add up across chunks)."""
    return _blocked([p, q], True, _phi_block(p, q), validate=False)[0]


def _entropy_chunk(p: np.ndarray) -> Any:
    return 0.0 - _blocked([p], False, _weighted_log_block(p, p, None), validate=False)[0]


def _cross_entropy_chunk(p: np.ndarray, q: np.ndarray) -> Any:
    return 0.0 - _blocked([p], False, _weighted_log_block(p, q, None), validate=False)[0]


def _js_chunk(p: np.ndarray, q: np.ndarray) -> Any:
    return _js_terms(p, q).sum(axis=-1) / 2


def _total_variation_chunk(p: np.ndarray, q: np.ndarray) -> Any:
    return np.abs(p - q).sum(axis=-1) / 2


def _hellinger_chunk(p: np.ndarray, q: np.ndarray) -> Any:
    roots = np.sqrt(p) + np.sqrt(q)
    differences = np.where(roots > 0, (p - q) / np.where(roots > 0, roots, 1.0), 0.0)
    return np.sum(differences * differences, axis=-1)


def _root_half(total: np.ndarray, sums: np.ndarray) -> Any:
    return np.sqrt(total / 2)


def _chi_square_chunk(p: np.ndarray, q: np.ndarray) -> Any:
    scaled = (p - q) / np.sqrt(q)
    return np.where((p == 0) & (q == 0), 0.0, scaled * scaled).sum(axis=-1)


# ---------------------------------------------------------------------------------------------
# array measures
def kl_divergence(
    P: ArrayLike, Q: ArrayLike, axis: int = -1, base: Any = None, check: bool = True, validate: bool = True
) -> Any:
    r"""D(P || Q) along `axis`: 0 where p = 0, inf where q = 0 < p.

    >>> kl_divergence([[0.5, 0.5], [0.9, 0.1]], [0.5, 0.5])
    array([0.        , 0.36806421])
    >>> float(kl_divergence([0.5, 0.5], [1e-310, 1]))  # p / q overflows; p (log p - log q) does not
    356.2075...
    >>> x, y = 0.9456657713430001, 0.9456657713430094  # near P = Q: not the -1.8e-17 of the plain sum
    >>> float(kl_divergence([x, 1 - x], [y, 1 - y]))  # mpmath on these doubles: 8.46326345012942...e-28
    8.463263450129421e-28
    >>> kl_divergence([1, 1], [1, 3])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistribution: P does not sum to 1 along axis -1: P[:] sums to 2.0, off by 1 (tolerance ...
    >>> kl_divergence([0.5, 0.5], [1.5, -0.5])
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistribution: Q[1] = -0.5 is negative: probabilities must be finite and non-negative

    Computed as sum q phi(p/q) with phi(t) = t log t - t + 1 >= 0 (each term p log(p/q) - p + q), from
    the series of phi where p/q is within 1e-3 of 1: no term cancels, so near-equal inputs keep their
    digits (a relative error below 1e-7 by construction; 1e-10 at worst over 3,500 random near-equal
    pairs checked against mpmath) and the result is never negative. The terms sum to
    D(P || Q) when P and Q have the same total, and the float drift of the totals is rounding, not data.

    The sum check (``check=True``, the default) refuses a P or Q whose sum along `axis` is further from 1
    than float drift allows: 4 n eps, for n outcomes and the machine epsilon of the array's dtype (n = 2 in
    float64: 1.8e-15). With ``check=False`` a row whose sums are not both within that tolerance gets
    sum p log(p/q) as written: the difference of the totals is added back. Entries are checked (finite,
    non-negative) unless ``validate=False`` and `check` is off. float32 inputs are computed in float64 and
    rounded once.

    Parameters
    ----------
    P : array_like
        The first distributions (the truth), outcomes along `axis`; NumPy, nested sequence, Array API or dask.
    Q : array_like
        The second distributions (the model), broadcast against `P`.
    axis : int, optional
        The axis holding the outcomes (default -1); the other axes are batch axes.
    base : None or float, optional
        Base of the logarithm: ``None`` for nats (the default), ``2`` for bits; positive and not 1.
    check : bool, optional
        Refuse arrays whose sums along `axis` are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per batch row (the shape of the inputs without `axis`), a 0-d array for a single
        distribution.

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or `axis` is empty.
    InvalidInput
        `axis` is not an integer or is out of range, the arrays do not broadcast, or `base` is not positive
        and not 1.

    Notes
    -----
    .. math::

        D(P \parallel Q) = \sum_i p_i \log \frac{p_i}{q_i}
    """
    if arrayapi.is_dask(P, Q):
        return _scale(chunked.reduce(((P, "P"), (Q, "Q")), axis, check, validate, _kl_chunk, drift=True), base)
    if arrayapi.is_foreign(P, Q):
        return arrayapi.kl_divergence(P, Q, axis, base, check, validate)
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    return _scale(inputs.divergence(), base)


def entropy(P: ArrayLike, axis: int = -1, base: Any = None, check: bool = True, validate: bool = True) -> Any:
    r"""H(P) = -sum p log p along `axis`, with 0 log 0 = 0 (no renormalisation, unlike scipy.stats.entropy).

    >>> float(entropy([0.5, 0.25, 0.25], base=2))
    1.5

    Parameters
    ----------
    P : array_like
        Probabilities, outcomes along `axis`; a NumPy array, a nested sequence, or an Array API / dask array
        (computed by its own namespace).
    axis : int, optional
        The axis holding the outcomes (default -1); the other axes are batch axes.
    base : None or float, optional
        Base of the logarithm: ``None`` for nats (the default), ``2`` for bits; positive and not 1.
    check : bool, optional
        Refuse arrays whose sums along `axis` are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per batch row (the shape of the inputs without `axis`), a 0-d array for a single
        distribution.

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or `axis` is empty.
    InvalidInput
        `axis` is not an integer or is out of range, the arrays do not broadcast, or `base` is not positive
        and not 1.

    Notes
    -----
    .. math::

        H(P) = -\sum_i p_i \log p_i
    """
    if arrayapi.is_dask(P):
        return _scale(chunked.reduce(((P, "P"),), axis, check, validate, _entropy_chunk), base)
    if arrayapi.is_foreign(P):
        return arrayapi.entropy(P, axis, base, check, validate)
    inputs = _Inputs(((P, "P"),), axis, check, validate)
    (p,) = inputs.arrays
    return _scale(0.0 - inputs.log_sum(0, p, None, checked=(0,)), base)


def cross_entropy(
    P: ArrayLike, Q: ArrayLike, axis: int = -1, base: Any = None, check: bool = True, validate: bool = True
) -> Any:
    r"""H(P, Q) = -sum p log q along `axis`: inf where q = 0 < p.

    >>> float(cross_entropy([0.5, 0.5], [0.25, 0.75], base=2))  # doctest: +ELLIPSIS
    1.2075187496...

    Parameters
    ----------
    P : array_like
        The first distributions (the truth), outcomes along `axis`; NumPy, nested sequence, Array API or dask.
    Q : array_like
        The second distributions (the model), broadcast against `P`.
    axis : int, optional
        The axis holding the outcomes (default -1); the other axes are batch axes.
    base : None or float, optional
        Base of the logarithm: ``None`` for nats (the default), ``2`` for bits; positive and not 1.
    check : bool, optional
        Refuse arrays whose sums along `axis` are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per batch row (the shape of the inputs without `axis`), a 0-d array for a single
        distribution.

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or `axis` is empty.
    InvalidInput
        `axis` is not an integer or is out of range, the arrays do not broadcast, or `base` is not positive
        and not 1.

    Notes
    -----
    .. math::

        H(P, Q) = -\sum_i p_i \log q_i
    """
    if arrayapi.is_dask(P, Q):
        return _scale(chunked.reduce(((P, "P"), (Q, "Q")), axis, check, validate, _cross_entropy_chunk), base)
    if arrayapi.is_foreign(P, Q):
        return arrayapi.cross_entropy(P, Q, axis, base, check, validate)
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
    P: ArrayLike, Q: ArrayLike, axis: int = -1, base: Any = None, check: bool = True, validate: bool = True
) -> Any:
    r"""Jensen-Shannon divergence (not its square root, which scipy's ``jensenshannon`` returns).

    Each outcome's term is computed without cancellation, so near-equal inputs keep their digits.

    >>> float(js_divergence([1.0, 0.0], [0.0, 1.0], base=2))
    1.0

    Parameters
    ----------
    P : array_like
        The first distributions (the truth), outcomes along `axis`; NumPy, nested sequence, Array API or dask.
    Q : array_like
        The second distributions (the model), broadcast against `P`.
    axis : int, optional
        The axis holding the outcomes (default -1); the other axes are batch axes.
    base : None or float, optional
        Base of the logarithm: ``None`` for nats (the default), ``2`` for bits; positive and not 1.
    check : bool, optional
        Refuse arrays whose sums along `axis` are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per batch row (the shape of the inputs without `axis`), a 0-d array for a single
        distribution.

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or `axis` is empty.
    InvalidInput
        `axis` is not an integer or is out of range, the arrays do not broadcast, or `base` is not positive
        and not 1.

    Notes
    -----
    .. math::

        \mathrm{JS}(P, Q) = \tfrac12 D(P \parallel M) + \tfrac12 D(Q \parallel M), \quad M = \tfrac12 (P + Q)
    """
    if arrayapi.is_dask(P, Q):
        return _scale(chunked.reduce(((P, "P"), (Q, "Q")), axis, check, validate, _js_chunk), base)
    if arrayapi.is_foreign(P, Q):
        return arrayapi.js_divergence(P, Q, axis, base, check, validate)
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    inputs.check_entries()
    p, q = inputs.arrays
    return _scale(_js_terms(p, q).sum(axis=-1) / 2, base)


def _renyi(p: np.ndarray, q: np.ndarray, alpha: float, drift_free: Any = None) -> Any:
    """log(sum over p > 0 of p**alpha q**(1 - alpha)) / (alpha - 1) in nats, in logs throughout.

    With L = log(p/q) and beta = alpha - 1 the terms are exp(t), t = log p + beta L: the log of their sum is
    max t + log1p(sum of the others, each scaled by exp(-max t)). When every |beta L| <= 1/2 and |sum p - 1| <= 1/2
    (alpha near 1, or P near Q) the sum is 1 + (sum p - 1) + sum p expm1(beta L), through log1p, so dividing by
    beta loses nothing. If beta L overflows (alpha beyond about 1e300) the largest L is factored out instead.

    For a divergence (`drift_free` given: per row, True where P and Q sum to 1 within the tolerance) that
    sum is, near P = Q, 1 + beta K with K = sum q phi(p/q) + sum p L h(beta L), h(x) = (expm1(x) - x)/x,
    K >= 0 up to rounding; both sums are without cancellation (series of phi and h near 0), so the result
    keeps its digits however close P is to Q. Rows with drift-free sums drop the drift of the totals, as
    :func:`kl_divergence` does, and are never negative; the others add it back (sum p**alpha q**(1 - alpha)
    as written).
    """
    support = p > 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        L = np.where(support, _log_ratio(p, q), 0.0)
        largest = np.max(np.where(support, L, -np.inf), axis=-1)
        if math.isinf(alpha):
            return largest if drift_free is None else np.where(drift_free, np.maximum(largest, 0.0), largest)[()]
        beta = alpha - 1
        value = _log_sum_exp(np.where(support, np.log(p) + beta * L, -np.inf)) / beta
        if drift_free is not None:
            value = np.where(drift_free, np.maximum(value, 0.0), value)
        scaled = np.where(support, beta * L, 0.0)
        drift = np.sum(p, axis=-1) - 1
        near = (np.max(np.abs(scaled), axis=-1) <= 0.5) & (np.abs(drift) <= 0.5)
        if np.any(near):
            if drift_free is None:
                close = np.log1p(drift + np.sum(p * np.expm1(scaled), axis=-1)) / beta
            else:
                dtype = np.result_type(p.dtype, q.dtype)
                shape = np.broadcast_shapes(p.shape, q.shape)
                a, b = np.broadcast_to(p, shape).astype(dtype), np.broadcast_to(q, shape).astype(dtype)
                phi = _phi_terms_into(a, b, np.empty(shape, dtype), np.empty(shape, dtype), np.empty(shape, bool))
                phi = np.where(np.isfinite(phi), phi, 0.0)  # q = 0 < p only outside the near rows
                # log(p/q) from the exact p - q where p/q is near 1: log of the rounded ratio is off by eps
                close_logs = np.where(np.abs(L) < 0.5, np.log1p((p - q) / np.where(support, q, 1.0)), L)
                close_logs = np.where(support, close_logs, 0.0)
                correction = p * close_logs * _expm1mx_over_x(beta * close_logs)
                k = np.maximum(np.sum(phi, axis=-1) + np.sum(correction, axis=-1), 0.0)
                extra = np.where(drift_free, 0.0, drift + beta * (np.sum(p, axis=-1) - np.sum(q, axis=-1)))
                close = np.log1p(beta * k + extra) / beta
            value = np.where(near, close, value)
        overflow = np.isposinf(value) & np.isfinite(largest)
        if np.any(overflow):
            exponent = np.where(support, beta * (L - largest[..., None]), -np.inf)
            value = np.where(overflow, largest + np.log(np.sum(p * np.exp(exponent), axis=-1)) / beta, value)
        return value[()]


def _expm1mx_over_x(x: np.ndarray) -> np.ndarray:
    """(expm1(x) - x) / x = x/2 + x^2/6 + ..., from its series for |x| < 1e-3 (0 at x = 0).

    >>> _expm1mx_over_x(np.array([0.0, 1e-9, 0.5]))
    array([0.00000000e+00, 5.00000000e-10, 2.97442541e-01])
    """
    small = np.abs(x) < 1e-3
    safe = np.where(small, 1.0, x)
    series = x * (1 / 2 + x * (1 / 6 + x * (1 / 24 + x * (1 / 120 + x / 720))))
    return np.where(small, series, (np.expm1(safe) - safe) / safe)


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
    P: ArrayLike, alpha: float, axis: int = -1, base: Any = None, check: bool = True, validate: bool = True
) -> Any:
    r"""log(sum p**alpha) / (1 - alpha); alpha = 1 is Shannon, alpha = inf is -log max p.

    >>> float(renyi_entropy([0.5, 0.25, 0.25], 2, base=2))  # doctest: +ELLIPSIS
    1.415037...
    >>> float(renyi_entropy([1e-200, 1 - 1e-200], 0.5))  # doctest: +ELLIPSIS
    1.9999999999999...e-100

    Parameters
    ----------
    P : array_like
        Probabilities, outcomes along `axis`; a NumPy array, a nested sequence, or an Array API / dask array
        (computed by its own namespace).
    alpha : float
        The order, positive; 1 gives Shannon entropy and ``inf`` the min-entropy.
    axis : int, optional
        The axis holding the outcomes (default -1); the other axes are batch axes.
    base : None or float, optional
        Base of the logarithm: ``None`` for nats (the default), ``2`` for bits; positive and not 1.
    check : bool, optional
        Refuse arrays whose sums along `axis` are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per batch row (the shape of the inputs without `axis`), a 0-d array for a single
        distribution.

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or `axis` is empty.
    InvalidInput
        `axis` is not an integer or is out of range, the arrays do not broadcast, or `base` is not positive
        and not 1. `alpha` is not positive.

    Notes
    -----
    .. math::

        H_\alpha(P) = \frac{1}{1 - \alpha} \log \sum_i p_i^\alpha
    """
    _check_alpha(alpha)
    if arrayapi.is_dask(P):
        return chunked.per_row(((P, "P"),), axis, lambda p: renyi_entropy(p, alpha, -1, base, check, validate))
    if arrayapi.is_foreign(P):
        return arrayapi.renyi_entropy(P, alpha, axis, base, check, validate)
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
    check: bool = True,
    validate: bool = True,
) -> Any:
    r"""log(sum p**alpha q**(1 - alpha)) / (alpha - 1) over p > 0; alpha = 1 is KL, alpha = inf is log max p/q.

    Computed in logs, so tiny probabilities neither underflow nor overflow; inf where q = 0 < p for
    alpha >= 1, and for alpha < 1 only where P and Q have disjoint supports.

    >>> float(renyi_divergence([0.5, 0.5], [0.25, 0.75], 2))  # doctest: +ELLIPSIS
    0.2876820724...
    >>> float(renyi_divergence([1e-200, 1 - 1e-200], [1e-300, 1 - 1e-300], 3))  # log(1 + 1e-600 / 1e-600) / 2
    0.34657359027997264

    Parameters
    ----------
    P : array_like
        The first distributions (the truth), outcomes along `axis`; NumPy, nested sequence, Array API or dask.
    Q : array_like
        The second distributions (the model), broadcast against `P`.
    alpha : float
        The order, positive; 1 gives the KL divergence and ``inf`` the max-divergence.
    axis : int, optional
        The axis holding the outcomes (default -1); the other axes are batch axes.
    base : None or float, optional
        Base of the logarithm: ``None`` for nats (the default), ``2`` for bits; positive and not 1.
    check : bool, optional
        Refuse arrays whose sums along `axis` are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per batch row (the shape of the inputs without `axis`), a 0-d array for a single
        distribution.

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or `axis` is empty.
    InvalidInput
        `axis` is not an integer or is out of range, the arrays do not broadcast, or `base` is not positive
        and not 1. `alpha` is not positive.

    Notes
    -----
    .. math::

        D_\alpha(P \parallel Q) = \frac{1}{\alpha - 1} \log \sum_{i: p_i > 0} p_i^\alpha q_i^{1 - \alpha}
    """
    _check_alpha(alpha)
    if arrayapi.is_dask(P, Q):
        return chunked.per_row(
            ((P, "P"), (Q, "Q")), axis, lambda p, q: renyi_divergence(p, q, alpha, -1, base, check, validate)
        )
    if arrayapi.is_foreign(P, Q):
        return arrayapi.renyi_divergence(P, Q, alpha, axis, base, check, validate)
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    p, q = inputs.arrays
    if alpha == 1:
        return _scale(inputs.log_sum(0, p, q, checked=(0, 1)), base)
    inputs.check_entries()
    sums = [np.sum(array, axis=-1, dtype=_work_dtype(array.dtype)) for array in (p, q)]
    return _scale(_renyi(p, q, alpha, inputs.drift_free(sums)), base)


def total_variation(P: ArrayLike, Q: ArrayLike, axis: int = -1, check: bool = True, validate: bool = True) -> Any:
    r"""(1/2) sum |p - q| (a distance).

    >>> float(total_variation([0.5, 0.5], [0.25, 0.75]))
    0.25

    Parameters
    ----------
    P : array_like
        The first distributions (the truth), outcomes along `axis`; NumPy, nested sequence, Array API or dask.
    Q : array_like
        The second distributions (the model), broadcast against `P`.
    axis : int, optional
        The axis holding the outcomes (default -1); the other axes are batch axes.
    check : bool, optional
        Refuse arrays whose sums along `axis` are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per batch row (the shape of the inputs without `axis`), a 0-d array for a single
        distribution.

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or `axis` is empty.
    InvalidInput
        `axis` is not an integer or is out of range, the arrays do not broadcast.

    Notes
    -----
    .. math::

        \delta(P, Q) = \tfrac12 \sum_i |p_i - q_i|
    """
    if arrayapi.is_dask(P, Q):
        return chunked.reduce(((P, "P"), (Q, "Q")), axis, check, validate, _total_variation_chunk)
    if arrayapi.is_foreign(P, Q):
        return arrayapi.total_variation(P, Q, axis, check, validate)
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    inputs.check_entries()
    p, q = inputs.arrays
    return np.abs(p - q).sum(axis=-1) / 2


def hellinger(P: ArrayLike, Q: ArrayLike, axis: int = -1, check: bool = True, validate: bool = True) -> Any:
    r"""Hellinger distance sqrt(sum (sqrt p - sqrt q)**2 / 2) (= sqrt(1 - sum sqrt(pq)) for distributions).

    Each difference is (p - q) / (sqrt p + sqrt q), so near-equal inputs keep their digits.

    >>> float(hellinger([1.0, 0.0], [0.0, 1.0]))
    1.0
    >>> float(hellinger([0.5 + 2**-30, 0.5 - 2**-30], [0.5, 0.5]))  # doctest: +ELLIPSIS
    6.5854...e-10

    Parameters
    ----------
    P : array_like
        The first distributions (the truth), outcomes along `axis`; NumPy, nested sequence, Array API or dask.
    Q : array_like
        The second distributions (the model), broadcast against `P`.
    axis : int, optional
        The axis holding the outcomes (default -1); the other axes are batch axes.
    check : bool, optional
        Refuse arrays whose sums along `axis` are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per batch row (the shape of the inputs without `axis`), a 0-d array for a single
        distribution.

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or `axis` is empty.
    InvalidInput
        `axis` is not an integer or is out of range, the arrays do not broadcast.

    Notes
    -----
    .. math::

        H(P, Q) = \sqrt{\tfrac12 \sum_i (\sqrt{p_i} - \sqrt{q_i})^2}
    """
    if arrayapi.is_dask(P, Q):
        return chunked.reduce(((P, "P"), (Q, "Q")), axis, check, validate, _hellinger_chunk, _root_half)
    if arrayapi.is_foreign(P, Q):
        return arrayapi.hellinger(P, Q, axis, check, validate)
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    inputs.check_entries()
    p, q = inputs.arrays
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        roots = np.sqrt(p) + np.sqrt(q)
        differences = np.where(roots > 0, (p - q) / roots, 0.0)
        largest = np.max(np.abs(differences), axis=-1, keepdims=True)  # scaled like hypot: no underflow
        unit = np.where(largest > 0, largest, 1.0)
        return largest[..., 0] * np.sqrt(np.sum((differences / unit) ** 2, axis=-1) / 2)


def chi_square(P: ArrayLike, Q: ArrayLike, axis: int = -1, check: bool = True, validate: bool = True) -> Any:
    r"""Pearson chi-square sum (p - q)**2 / q: 0 where p = q = 0, inf where q = 0 < p.

    Each term is ((p - q) / sqrt q)**2, so it neither underflows nor overflows before the result does.

    >>> float(chi_square([0.5, 0.5], [0.25, 0.75]))  # doctest: +ELLIPSIS
    0.3333333333...
    >>> float(chi_square([1e-200, 1 - 1e-200], [0, 1]))
    inf

    Parameters
    ----------
    P : array_like
        The first distributions (the truth), outcomes along `axis`; NumPy, nested sequence, Array API or dask.
    Q : array_like
        The second distributions (the model), broadcast against `P`.
    axis : int, optional
        The axis holding the outcomes (default -1); the other axes are batch axes.
    check : bool, optional
        Refuse arrays whose sums along `axis` are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per batch row (the shape of the inputs without `axis`), a 0-d array for a single
        distribution.

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or `axis` is empty.
    InvalidInput
        `axis` is not an integer or is out of range, the arrays do not broadcast.

    Notes
    -----
    .. math::

        \chi^2(P \parallel Q) = \sum_i \frac{(p_i - q_i)^2}{q_i}
    """
    if arrayapi.is_dask(P, Q):
        return chunked.reduce(((P, "P"), (Q, "Q")), axis, check, validate, _chi_square_chunk)
    if arrayapi.is_foreign(P, Q):
        return arrayapi.chi_square(P, Q, axis, check, validate)
    inputs = _Inputs(((P, "P"), (Q, "Q")), axis, check, validate)
    inputs.check_entries()
    p, q = inputs.arrays
    with np.errstate(divide="ignore", invalid="ignore", under="ignore", over="ignore"):
        scaled = (p - q) / np.sqrt(q)
        terms = np.where((p == 0) & (q == 0), 0.0, scaled * scaled)
        return terms.sum(axis=-1)


def mutual_information(J: ArrayLike, base: Any = None, check: bool = True, validate: bool = True) -> Any:
    r"""I(X; Y) of joint tables in the last two axes (rows X, columns Y), batched over the rest.

    Each term is j log((j / row) / column): tiny tables do not underflow.

    >>> float(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2))
    1.0
    >>> float(mutual_information([[1e-200, 0.0], [0.0, 1 - 1e-200]]))  # doctest: +ELLIPSIS
    4.60...e-198

    Parameters
    ----------
    J : array_like
        Joint probability tables in the last two axes (rows X, columns Y); leading axes are batch axes.
    base : None or float, optional
        Base of the logarithm: ``None`` for nats (the default), ``2`` for bits; positive and not 1.
    check : bool, optional
        Refuse arrays whose sums over each table are further from 1 than 4 n eps (default True).
    validate : bool, optional
        Refuse negative, NaN and infinite entries (default True; implied by `check`).

    Returns
    -------
    numpy.ndarray or float
        One value per table (the shape of `J` without its last two axes).

    Raises
    ------
    InvalidDistribution
        An entry is negative, NaN or infinite, a sum is off 1 beyond float drift, or a table is empty.
    InvalidInput
        `J` has fewer than two axes, or `base` is not positive
        and not 1.

    Notes
    -----
    .. math::

        I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x) p(y)}
    """
    if arrayapi.is_dask(J):
        return chunked.per_row(((J, "J"),), -1, lambda j: mutual_information(j, base, check, validate), trailing=2)
    if arrayapi.is_foreign(J):
        return arrayapi.mutual_information(J, base, check, validate)
    joint = _as_array(J, "J")
    if joint.ndim < 2:
        raise InvalidInput(f"J must have at least two dimensions (a joint table), got shape {joint.shape}")
    if validate or check:
        _check_entries([joint], ["J"])
    flat = joint.reshape(*joint.shape[:-2], -1)
    inputs = _Inputs(((flat, "J"),), -1, check, validate=False)
    inputs.validate = False  # entries checked above, in J's coordinates; sums are reported in them too
    inputs.originals, inputs.axis, inputs.trailing = [joint], -2, 2
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional = joint / joint.sum(axis=-1, keepdims=True)
    column = np.broadcast_to(joint.sum(axis=-2, keepdims=True), joint.shape)
    return _scale(inputs.log_sum(0, conditional.reshape(flat.shape), column.reshape(flat.shape), (0,)), base)
