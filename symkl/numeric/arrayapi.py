"""The array measures on any Array API array (PyTorch, CuPy, JAX, ...), computed in that library.

>>> import torch  # doctest: +SKIP
>>> kl_divergence(torch.tensor([0.5, 0.5]), torch.tensor([0.25, 0.75]))  # doctest: +SKIP
tensor(0.1438, dtype=torch.float64)

The measures of :mod:`symkl.numeric.arrays` hand arrays of other libraries here (:func:`is_foreign`);
`array-api-compat <https://data-apis.org/array-api-compat/>`_ gives the namespace. Nothing is converted
to NumPy: the work happens on the input's device, float32 and float16 are computed in float64 (where
the library has it) and rounded once, and the result has the input's type and dtype. The conventions
are those of the NumPy path (0 log 0 = 0, p log(p/0) = inf, no nan for valid input) and so are the
checks (entries finite and non-negative, sums within 4 n eps of 1). Every branch is taken with safe
operands, so PyTorch gradients are finite wherever the value is: KL's gradient is that of
sum p log(p/q), as autograd gives through ``F.kl_div``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidDistribution, InvalidInput

__all__ = ["is_foreign", "namespace"]

#: Top-level modules of array types that take the Array API path (NumPy arrays stay on the blocked kernels).
_FOREIGN = frozenset({"torch", "cupy", "jax", "jaxlib", "dask", "array_api_strict", "ndonnx", "sparse"})

#: Below this |log(p/q)| a KL term comes from the series of phi (as on the NumPy path).
_NEAR = 1e-3


def is_foreign(*values: Any) -> bool:
    """True when a value is an array of a library other than NumPy.

    >>> is_foreign([0.5, 0.5], np.array([0.5, 0.5]))
    False

    Parameters
    ----------
    *values : object
        Any values: arrays, sequences, numbers.

    Returns
    -------
    bool
        True when one of `values` is an array of a library other than NumPy (PyTorch, CuPy, JAX, ...).
    """
    return any(type(value).__module__.partition(".")[0] in _FOREIGN for value in values)


def _is_array(value: Any) -> bool:
    return is_foreign(value) or isinstance(value, np.ndarray)


def is_dask(*values: Any) -> bool:
    """True when a value is a Dask array (reduced chunk by chunk by :mod:`symkl.numeric.chunked`).

    >>> is_dask(np.zeros(2))
    False
    """
    return any(type(value).__module__.partition(".")[0] == "dask" for value in values)


def namespace(*values: Any) -> Any:
    """The array-api-compat namespace of the foreign arrays among `values`.

    >>> namespace(np.zeros(2)).__name__
    'array_api_compat.numpy'

    Parameters
    ----------
    *values : object
        Arrays and other values; only the arrays (NumPy or foreign) are considered.

    Returns
    -------
    module
        The ``array_api_compat`` namespace that computes on those arrays.

    Raises
    ------
    InvalidInput
        The arrays come from different libraries.
    """
    import array_api_compat

    arrays = [value for value in values if _is_array(value)]
    try:
        return array_api_compat.array_namespace(*arrays)
    except TypeError as error:
        raise InvalidInput(f"the arrays come from different libraries: {error}") from None


def _device(x: Any) -> Any:
    import array_api_compat

    return array_api_compat.device(x)


def _is_jax(xp: Any) -> bool:
    return "jax" in xp.__name__


def _has_float64(xp: Any) -> bool:
    if _is_jax(xp):
        import jax

        return bool(jax.config.jax_enable_x64)
    return True


def _detach(xp: Any, x: Any) -> Any:
    """x without its gradient (PyTorch, JAX); x itself elsewhere."""
    if hasattr(x, "detach"):
        return x.detach()
    if _is_jax(xp):
        import jax

        return jax.lax.stop_gradient(x)
    return x


def xlogy(xp: Any, x: Any, y: Any) -> Any:
    """x log y with 0 log y = 0, in the library of x (its own ``xlogy`` where it has one, for its gradient).

    >>> xp = namespace(np.zeros(1))
    >>> xlogy(xp, np.array([0.0, 2.0]), np.array([0.0, math.e]))
    array([0., 2.])
    """
    name = xp.__name__
    if "torch" in name:
        import torch

        return torch.special.xlogy(x, y)
    if _is_jax(xp):
        import jax.scipy.special

        return jax.scipy.special.xlogy(x, y)
    support = x != 0
    with np.errstate(divide="ignore", invalid="ignore"):
        return xp.where(support, x * xp.log(xp.where(support, y, xp.ones_like(y))), xp.zeros_like(x))


class Prepared:
    """Foreign inputs read and checked as on the NumPy path: `arrays` broadcast, outcomes last, in `work` dtype."""

    def __init__(
        self, arrays: Sequence[tuple[Any, str]], axis: int, check: bool, validate: bool, trailing: int = 1
    ) -> None:
        if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
            raise InvalidInput(f"axis must be an integer, got {type(axis).__name__}")
        values = [value for value, _ in arrays]
        self.names = [name for _, name in arrays]
        xp = self.xp = namespace(*values)
        anchor = next(value for value in values if _is_array(value))
        self.device = _device(anchor)
        originals = []
        for value, name in arrays:
            if not _is_array(value):
                value = xp.asarray(np.asarray(value, dtype=np.float64), device=self.device)
            kind = value.dtype
            if xp.isdtype(kind, "integral"):
                value = xp.astype(value, xp.float64 if _has_float64(xp) else xp.float32)
            elif not xp.isdtype(kind, "real floating"):
                raise TypeError(f"{name} must hold real numbers, got dtype {kind}")
            if value.ndim == 0:
                raise InvalidInput(f"{name} must have at least one dimension, got a scalar")
            if not -value.ndim <= axis < value.ndim:
                raise InvalidInput(f"axis {axis} is out of range for {name} with {value.ndim} dimension(s)")
            originals.append(value)
        self.originals = originals
        self.dtype = xp.result_type(*originals)
        self.work = xp.float64 if _has_float64(xp) else self.dtype
        self.axis, self.trailing, self.check, self.validate = int(axis), trailing, bool(check), bool(validate or check)
        if len(originals) == 2:
            first, second = originals
            try:
                shape = tuple(np.broadcast_shapes(tuple(first.shape), tuple(second.shape)))
            except ValueError:
                raise InvalidInput(
                    f"{self.names[0]} has shape {tuple(first.shape)} and {self.names[1]} has shape "
                    f"{tuple(second.shape)}; they do not broadcast"
                ) from None
            for array, name in zip(originals, self.names):
                if array.shape[axis] != shape[axis]:
                    raise InvalidInput(
                        f"{name} has {array.shape[axis]} outcomes along axis {axis}, expected {shape[axis]}"
                    )
            broadcast = list(xp.broadcast_arrays(*originals))
        else:
            broadcast = list(originals)
        for array, name in zip(broadcast, self.names):
            if array.shape[axis] == 0:
                raise InvalidDistribution(f"{name} is empty: no outcomes along axis {axis}")
        if self.validate:
            for array, name in zip(originals, self.names):
                self._check_entries(array, name)
        self.arrays = [xp.astype(xp.moveaxis(array, axis, -1), self.work, copy=False) for array in broadcast]
        n = self.arrays[0].shape[-1]
        self.tolerances = [4 * max(1, n) * float(xp.finfo(array.dtype).eps) for array in originals]
        self.sums = [xp.sum(array, axis=-1) for array in self.arrays]
        if self.check:
            for k in range(len(self.arrays)):
                self._check_sum(k)

    def _check_entries(self, array: Any, name: str) -> None:
        xp = self.xp
        if _is_zero_size(array) or (bool(xp.min(array) >= 0) and bool(xp.max(array) < math.inf)):
            return
        bad = xp.reshape(~((array >= 0) & (array < math.inf)), (-1,))
        flat = int(xp.argmax(xp.astype(bad, xp.int8)))
        index = np.unravel_index(flat, tuple(array.shape))
        value = float(xp.reshape(array, (-1,))[flat])
        what = "not a number" if math.isnan(value) else "infinite" if math.isinf(value) else "negative"
        position = ", ".join(str(int(i)) for i in index)
        raise InvalidDistribution(
            f"{name}[{position}] = {value:.6g} is {what}: probabilities must be finite and non-negative"
        )

    def _check_sum(self, k: int) -> None:
        xp, total, tolerance = self.xp, self.sums[k], self.tolerances[k]
        if _is_zero_size(total):
            return
        off = xp.reshape(xp.abs(total - 1), (-1,))
        if bool(xp.max(off) <= tolerance):
            return
        worst = int(xp.argmax(off))
        rest = iter(int(i) for i in np.unravel_index(worst, tuple(total.shape)))
        ndim = total.ndim + 1
        first = self.axis % ndim
        axes = range(first, first + self.trailing)
        position = ", ".join(":" if a in axes else str(next(rest)) for a in range(ndim))
        name = self.names[k]
        where = f"axis {self.axis}" if self.trailing == 1 else f"its last {self.trailing} axes"
        n = self.arrays[k].shape[-1]
        raise InvalidDistribution(
            f"{name} does not sum to 1 along {where}: {name}[{position}] sums to "
            f"{float(xp.reshape(total, (-1,))[worst])!r}, off by {float(off[worst]):.3g} (tolerance "
            f"{tolerance:.2g} = 4 n eps for n = {n} {self.originals[k].dtype} entries); normalise {name}, "
            "or pass check=False"
        )

    def drift_free(self) -> Any:
        """Per row: True where every array sums to 1 within its tolerance."""
        xp = self.xp
        result = xp.abs(self.sums[0] - 1) <= self.tolerances[0]
        for total, tolerance in zip(self.sums[1:], self.tolerances[1:]):
            result = result & (xp.abs(total - 1) <= tolerance)
        return result

    def done(self, value: Any, base: Any) -> Any:
        """The result in the inputs' dtype, scaled to `base`."""
        if base is not None:
            if not base > 0 or base == 1:
                raise InvalidInput(f"base must be positive and not 1, got {base}")
            value = value / math.log(base)
        return self.xp.astype(value, self.dtype, copy=False)


def _is_zero_size(array: Any) -> bool:
    return math.prod(int(s) for s in array.shape) == 0


def _safe(xp: Any, mask: Any, x: Any) -> Any:
    """x where mask, 1 elsewhere: operands that keep the unused side of a ``where`` (and its gradient) finite."""
    return xp.where(mask, x, xp.ones_like(x))


def _phi_terms(xp: Any, p: Any, q: Any) -> Any:
    """q phi(p/q) = p log(p/q) - p + q per outcome: q where p = 0, inf where q = 0 < p; series near p = q."""
    has_p, has_q = p > 0, q > 0
    sp, sq = _safe(xp, has_p, p), _safe(xp, has_q, q)
    d = p - q
    logs = xp.log(sp) - xp.log(sq)
    near = xp.abs(logs) < _NEAR
    u = xp.where(near, d / sq, xp.zeros_like(d))
    series = d * u * (0.5 - u * (1 / 6 - u * (1 / 12 - u * (1 / 20 - u / 30))))
    ratio = sp / sq
    normal = (ratio >= xp.finfo(ratio.dtype).smallest_normal) & (ratio < math.inf)
    logs = xp.where(normal, xp.log(_safe(xp, normal, ratio)), logs)  # one rounding where the ratio is normal
    terms = xp.where(near, series, p * logs - d)
    infinite = xp.full_like(terms, math.inf)
    return xp.where(has_p, xp.where(has_q, terms, infinite), q)


def kl_divergence(P: Any, Q: Any, axis: int, base: Any, check: bool, validate: bool) -> Any:
    """D(P || Q) as :func:`symkl.numeric.kl_divergence`, in the inputs' library.

    A fast pass sums p log(p/q) and subtracts sum p - sum q; rows where that total is not clearly above its
    rounding error (1e-7 of sum p + sum q), or not finite, are summed term by term as q phi(p/q).

    >>> float(kl_divergence(np.array([0.5, 0.5]), [0.25, 0.75], -1, 2, True, True))  # doctest: +ELLIPSIS
    0.2075187496...
    """
    inputs = Prepared(((P, "P"), (Q, "Q")), axis, check, validate)
    xp = inputs.xp
    p, q = inputs.arrays
    sum_p, sum_q = inputs.sums
    drift = sum_p - sum_q
    held = _detach(xp, drift)
    fast = xp.sum(xlogy(xp, p, p / q), axis=-1) - held
    finite = (fast >= 1e-7 * (sum_p + sum_q)) & (fast < math.inf)
    if not bool(xp.all(finite)):
        d = p - q
        fast = xp.sum(_phi_terms(xp, p, q) + (d - _detach(xp, d)), axis=-1)
        if not inputs.check:
            fast = xp.where(inputs.drift_free(), fast, fast + held)
    elif not inputs.check:
        fast = xp.where(inputs.drift_free(), fast, fast + held)
    return inputs.done(fast, base)


def entropy(P: Any, axis: int, base: Any, check: bool, validate: bool) -> Any:
    """H(P) = -sum p log p, 0 log 0 = 0.

    >>> float(entropy(np.array([0.5, 0.25, 0.25]), -1, 2, True, True))
    1.5
    """
    inputs = Prepared(((P, "P"),), axis, check, validate)
    (p,) = inputs.arrays
    return inputs.done(-inputs.xp.sum(xlogy(inputs.xp, p, p), axis=-1), base)


def cross_entropy(P: Any, Q: Any, axis: int, base: Any, check: bool, validate: bool) -> Any:
    """H(P, Q) = -sum p log q: inf where q = 0 < p.

    >>> float(cross_entropy(np.array([1.0, 0.0]), [0.0, 1.0], -1, None, True, True))
    inf
    """
    inputs = Prepared(((P, "P"), (Q, "Q")), axis, check, validate)
    p, q = inputs.arrays
    return inputs.done(-inputs.xp.sum(xlogy(inputs.xp, p, q), axis=-1), base)


def js_divergence(P: Any, Q: Any, axis: int, base: Any, check: bool, validate: bool) -> Any:
    """Jensen-Shannon divergence, each term as (s/2) g(x), x = (p - q)/s, without cancellation.

    >>> float(js_divergence(np.array([1.0, 0.0]), [0.0, 1.0], -1, 2, True, True))
    1.0
    """
    inputs = Prepared(((P, "P"), (Q, "Q")), axis, check, validate)
    xp = inputs.xp
    p, q = inputs.arrays
    s = p + q
    has_s = s > 0
    ss = _safe(xp, has_s, s)
    x = (p - q) / ss
    near = xp.abs(x) < 0.5
    xn = xp.where(near, x, xp.zeros_like(x))
    g = 2 * xn * (0.5 * (xp.log1p(xn) - xp.log1p(-xn))) + xp.log1p(-xn * xn)
    direct = xlogy(xp, p, 2 * p / ss) + xlogy(xp, q, 2 * q / ss)
    terms = xp.where(has_s, xp.where(near, s * g / 2, direct), xp.zeros_like(s))
    return inputs.done(xp.sum(terms, axis=-1) / 2, base)


def total_variation(P: Any, Q: Any, axis: int, check: bool, validate: bool) -> Any:
    """(1/2) sum |p - q|.

    >>> float(total_variation(np.array([0.5, 0.5]), [0.25, 0.75], -1, True, True))
    0.25
    """
    inputs = Prepared(((P, "P"), (Q, "Q")), axis, check, validate)
    p, q = inputs.arrays
    return inputs.done(inputs.xp.sum(inputs.xp.abs(p - q), axis=-1) / 2, None)


def hellinger(P: Any, Q: Any, axis: int, check: bool, validate: bool) -> Any:
    """sqrt(sum (sqrt p - sqrt q)**2 / 2), each difference as (p - q) / (sqrt p + sqrt q).

    >>> float(hellinger(np.array([1.0, 0.0]), [0.0, 1.0], -1, True, True))
    1.0
    """
    inputs = Prepared(((P, "P"), (Q, "Q")), axis, check, validate)
    xp = inputs.xp
    p, q = inputs.arrays
    roots = xp.sqrt(p) + xp.sqrt(q)
    has = roots > 0
    differences = xp.where(has, (p - q) / _safe(xp, has, roots), xp.zeros_like(roots))
    largest = xp.max(xp.abs(differences), axis=-1, keepdims=True)
    unit = _safe(xp, largest > 0, largest)
    return inputs.done(largest[..., 0] * xp.sqrt(xp.sum((differences / unit) ** 2, axis=-1) / 2), None)


def chi_square(P: Any, Q: Any, axis: int, check: bool, validate: bool) -> Any:
    """sum (p - q)**2 / q: 0 where p = q = 0, inf where q = 0 < p.

    >>> float(chi_square(np.array([0.5, 0.5]), [0.25, 0.75], -1, True, True))  # doctest: +ELLIPSIS
    0.3333333333...
    """
    inputs = Prepared(((P, "P"), (Q, "Q")), axis, check, validate)
    xp = inputs.xp
    p, q = inputs.arrays
    has_q = q > 0
    scaled = (p - q) / xp.sqrt(_safe(xp, has_q, q))
    infinite = xp.full_like(p, math.inf)
    terms = xp.where(has_q, scaled * scaled, xp.where(p > 0, infinite, xp.zeros_like(p)))
    return inputs.done(xp.sum(terms, axis=-1), None)


def _renyi(xp: Any, p: Any, q: Any, alpha: float) -> Any:
    """log(sum over p > 0 of p**alpha q**(1 - alpha)) / (alpha - 1), in logs (log-sum-exp with log1p)."""
    support = p > 0
    sp, sq = _safe(xp, support, p), _safe(xp, q > 0, q)
    minus_inf = xp.full_like(p, -math.inf)
    logs = xp.where(q > 0, xp.log(sp) - xp.log(sq), xp.full_like(p, math.inf))
    logs = xp.where(support, logs, xp.zeros_like(p))
    largest = xp.max(xp.where(support, logs, minus_inf), axis=-1)
    if math.isinf(alpha):
        return largest
    beta = alpha - 1
    t = xp.where(support, xp.log(sp) + beta * logs, minus_inf)
    top = xp.max(t, axis=-1, keepdims=True)
    shift = xp.where(xp.abs(top) < math.inf, top, xp.zeros_like(top))
    total = xp.sum(xp.exp(t - shift), axis=-1)
    value = (shift[..., 0] + xp.log(total)) / beta
    scaled = xp.where(support, beta * logs, xp.zeros_like(p))
    drift = xp.sum(p, axis=-1) - 1
    near = (xp.max(xp.abs(scaled), axis=-1) <= 0.5) & (xp.abs(drift) <= 0.5)
    small = xp.where(xp.abs(scaled) <= 0.5, scaled, xp.zeros_like(scaled))
    close = xp.log1p(drift + xp.sum(p * xp.expm1(small), axis=-1)) / beta
    return xp.where(near, close, value)


def renyi_entropy(P: Any, alpha: float, axis: int, base: Any, check: bool, validate: bool) -> Any:
    """log(sum p**alpha) / (1 - alpha); alpha = 1 is Shannon, alpha = inf is -log max p.

    >>> float(renyi_entropy(np.array([0.5, 0.25, 0.25]), 2, -1, 2, True, True))  # doctest: +ELLIPSIS
    1.415037...
    """
    if alpha == 1:
        return entropy(P, axis, base, check, validate)
    inputs = Prepared(((P, "P"),), axis, check, validate)
    (p,) = inputs.arrays
    return inputs.done(-_renyi(inputs.xp, p, inputs.xp.ones_like(p), alpha), base)


def renyi_divergence(P: Any, Q: Any, alpha: float, axis: int, base: Any, check: bool, validate: bool) -> Any:
    """log(sum p**alpha q**(1 - alpha)) / (alpha - 1) over p > 0; never negative where both sums are 1.

    >>> float(renyi_divergence(np.array([0.5, 0.5]), [0.25, 0.75], 2, -1, None, True, True))  # doctest: +ELLIPSIS
    0.2876820724...
    """
    if alpha == 1:
        return kl_divergence(P, Q, axis, base, check, validate)
    inputs = Prepared(((P, "P"), (Q, "Q")), axis, check, validate)
    xp = inputs.xp
    p, q = inputs.arrays
    value = _renyi(xp, p, q, alpha)
    value = xp.where(inputs.drift_free(), xp.clip(value, min=0.0), value)
    return inputs.done(value, base)


def mutual_information(J: Any, base: Any, check: bool, validate: bool) -> Any:
    """I(X; Y) of joint tables in the last two axes, each term j log((j / row) / column).

    >>> float(mutual_information(np.array([[0.5, 0.0], [0.0, 0.5]]), 2, True, True))
    1.0
    """
    xp = namespace(J)
    if J.ndim < 2:
        raise InvalidInput(f"J must have at least two dimensions (a joint table), got shape {tuple(J.shape)}")
    flat = xp.reshape(J, (*J.shape[:-2], -1))
    inputs = Prepared(((flat, "J"),), -1, False, validate)
    inputs.originals, inputs.axis, inputs.trailing = [J], -2, 2
    if validate or check:
        inputs._check_entries(J, "J")
    if check:
        inputs._check_sum(0)
    joint = xp.reshape(inputs.arrays[0], tuple(J.shape))
    row = xp.sum(joint, axis=-1, keepdims=True)
    column = xp.sum(joint, axis=-2, keepdims=True)
    has = joint > 0
    ratio = _safe(xp, has, joint) / (_safe(xp, has, row) * _safe(xp, has, column))
    terms = xlogy(xp, joint, ratio)
    return inputs.done(xp.sum(xp.sum(terms, axis=-1), axis=-1), base)


# ---------------------------------------------------------------------------------------------
# lambdify(..., modules="array_api"): functions that dispatch on their arguments' library
def _as_library(xp: Any, values: Sequence[Any]) -> list[Any]:
    anchor = next(value for value in values if _is_array(value))
    dtype = anchor.dtype if xp.isdtype(anchor.dtype, "real floating") else xp.float64
    return [value if _is_array(value) else xp.asarray(value, dtype=dtype, device=_device(anchor)) for value in values]


def _dispatching(name: str, scalar: Any) -> Any:
    def function(*args: Any) -> Any:
        if not any(_is_array(a) for a in args):
            return scalar(*args)
        xp = namespace(*args)
        return getattr(xp, name)(*_as_library(xp, args))

    function.__name__ = name
    return function


def _term(kind: str) -> Any:
    def function(*args: Any) -> Any:
        if not any(_is_array(a) for a in args):
            args = tuple(np.asarray(a, dtype=np.float64) for a in args)
        xp = namespace(*args)
        values = _as_library(xp, args)
        if kind == "xlogy":
            return xlogy(xp, *values)
        if kind == "entr":
            return -xlogy(xp, values[0], values[0])
        x, y = values
        has_x, has_y = x > 0, y > 0
        logs = xp.log(_safe(xp, has_x, x)) - xp.log(_safe(xp, has_y, y))
        inner = xp.where(has_y, x * logs, xp.full_like(logs, math.inf))
        return xp.where(has_x, inner, xp.zeros_like(inner))

    function.__name__ = kind
    return function


def _extreme(name: str, scalar: Any) -> Any:
    def function(*args: Any) -> Any:
        if not any(_is_array(a) for a in args):
            return scalar(*args)
        xp = namespace(*args)
        values = _as_library(xp, args)
        result = values[0]
        for value in values[1:]:
            result = getattr(xp, name)(result, value)
        return result

    return function


#: The names ``sympy.lambdify``'s plain printer writes, mapped to functions of any Array API array.
ARRAY_API_TERMS: dict[str, Any] = {
    **{name: _dispatching(name, getattr(math, name)) for name in ("log", "exp", "sqrt", "sin", "cos", "tan")},
    **{name: _dispatching(name, getattr(math, name)) for name in ("atanh", "asinh", "acosh", "tanh", "log1p")},
    "expm1": _dispatching("expm1", math.expm1),
    "xlogy": _term("xlogy"),
    "entr": _term("entr"),
    "rel_entr": _term("rel_entr"),
    "max": _extreme("maximum", max),
    "min": _extreme("minimum", min),
    "pi": math.pi,
    "e": math.e,
    "E": math.e,
    "oo": math.inf,
}
