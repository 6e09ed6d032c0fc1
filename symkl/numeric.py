"""Edge-correct numerics: ``lambdify`` with the 0 log 0 conventions, and array measures at NumPy speed.

Every function here keeps the conventions of :mod:`symkl.terms`: 0 log 0 = 0,
0 log(0/q) = 0, p log(p/0) = +inf for p > 0; no ``nan`` unless an input is
``nan``, and no ``RuntimeWarning`` reaches the caller.

>>> import numpy as np
>>> from symkl import numeric
>>> float(numeric.kl_divergence([0.5, 0.5], [0.25, 0.75], base=2))  # doctest: +ELLIPSIS
0.2075187496394...
>>> float(numeric.kl_divergence([1.0, 0.0], [0.5, 0.5])), float(numeric.kl_divergence([1.0, 0.0], [0.0, 1.0]))
(0.6931471805599453, inf)
>>> numeric.entropy(np.array([[0.5, 0.5], [1.0, 0.0]]), base=2)
array([1., 0.])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy
from sympy import Expr

from . import terms as exact_terms

__all__ = [
    "chi_square",
    "cross_entropy",
    "entr",
    "entropy",
    "hellinger",
    "js_divergence",
    "kl_divergence",
    "lambdify",
    "mutual_information",
    "rel_entr",
    "renyi_divergence",
    "renyi_entropy",
    "total_variation",
    "with_conventions",
    "xlogy",
]

ArrayLike = Any


# ---------------------------------------------------------------------------------------------
# elementwise terms (NumPy and mpmath)
def _zero_where_x_is_zero(x: np.ndarray, values: Any) -> Any:
    """values with 0 wherever x == 0 (the 0 log 0 convention), in place for arrays."""
    if np.ndim(values) == 0:
        return 0.0 if x == 0 else float(values)
    np.copyto(values, 0.0, where=np.broadcast_to(x == 0, values.shape))
    return values


def xlogy(x: ArrayLike, y: ArrayLike) -> Any:
    """x log y with 0 log y = 0 (also for y = 0 or y = nan from 0/0).

    >>> xlogy(0.0, 0.0), xlogy(2.0, np.e)
    (0.0, 2.0)
    """
    x, y = np.asarray(x), np.asarray(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _zero_where_x_is_zero(x, x * np.log(y))


def entr(x: ArrayLike) -> Any:
    """-x log x with entr(0) = 0.

    >>> entr(0.0), round(float(entr(0.5)), 6)
    (0.0, 0.346574)
    """
    x = np.asarray(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _zero_where_x_is_zero(x, -x * np.log(x))


def rel_entr(x: ArrayLike, y: ArrayLike) -> Any:
    """x log(x/y) with 0 log(0/y) = 0 and x log(x/0) = inf for x > 0.

    >>> rel_entr(0.0, 0.0), rel_entr(0.5, 0.0)
    (0.0, inf)
    """
    x, y = np.asarray(x), np.asarray(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.divide(x, y)
        if np.ndim(ratio) == 0:
            return _zero_where_x_is_zero(x, x * np.log(ratio))
        np.log(ratio, out=ratio)
        return _zero_where_x_is_zero(x, np.multiply(x, ratio, out=ratio))


def _mp_xlogy(x: Any, y: Any) -> Any:
    import mpmath

    return mpmath.mpf(0) if x == 0 else x * mpmath.log(y)


def _mp_entr(x: Any) -> Any:
    import mpmath

    return mpmath.mpf(0) if x == 0 else -x * mpmath.log(x)


def _mp_rel_entr(x: Any, y: Any) -> Any:
    import mpmath

    if x == 0:
        return mpmath.mpf(0)
    if y == 0:
        return mpmath.inf
    return x * mpmath.log(x / y)


_NUMPY_TERMS = {"xlogy": xlogy, "entr": entr, "rel_entr": rel_entr}
_MPMATH_TERMS = {"xlogy": _mp_xlogy, "entr": _mp_entr, "rel_entr": _mp_rel_entr}


# ---------------------------------------------------------------------------------------------
# lambdify
def with_conventions(expr: Expr) -> Expr:
    """Rewrite every product c * x * log(y) as c * xlogy(x, y) (or c * rel_entr(x, z) when y = x/z).

    Expressions from positive symbols print as ``p*log(p)``, which is ``nan``
    at p = 0 when evaluated naively; after this rewrite the 0 log 0 convention
    holds numerically too.

    >>> p, q = sympy.symbols("p q", positive=True)
    >>> with_conventions(p * sympy.log(p / q) - 2 * q * sympy.log(q))
    rel_entr(p, q) - 2*xlogy(q, q)
    """

    def is_log_product(node: Expr) -> bool:
        return bool(node.is_Mul) and sum(isinstance(f, sympy.log) for f in node.args) == 1

    def rewrite(node: Expr) -> Expr:
        (logarithm,) = [f for f in node.args if isinstance(f, sympy.log)]
        rest = [f for f in node.args if f is not logarithm]
        coefficient = sympy.Mul(*[f for f in rest if f.is_number])
        weight = sympy.Mul(*[f for f in rest if not f.is_number])
        argument = logarithm.args[0]
        if weight == 1:
            return node
        other = sympy.cancel(weight / argument)
        if not other.has(sympy.log) and sympy.count_ops(other) < sympy.count_ops(argument):
            return coefficient * exact_terms.rel_entr(weight, other, evaluate=False)
        return coefficient * exact_terms.xlogy(weight, argument, evaluate=False)

    return expr.replace(is_log_product, rewrite)


def lambdify(args: Any, expr: Expr, modules: str = "numpy", rewrite: bool = True) -> Callable[..., Any]:
    """``sympy.lambdify`` with the conventions of DESIGN section 2 kept numerically.

    ``xlogy``, ``entr`` and ``rel_entr`` map to edge-correct NumPy (or mpmath)
    functions; with ``rewrite=True`` plain ``x*log(y)`` products are first
    turned into ``xlogy`` (see :func:`with_conventions`). ``modules`` is
    ``"numpy"`` (default) or ``"mpmath"`` for arbitrary precision.

    >>> import symkl as sk
    >>> p = sympy.Symbol("p", positive=True)
    >>> H = sk.entropy(sk.bernoulli(p), base=2)
    >>> f = lambdify(p, H)
    >>> f(np.array([0.0, 0.5, 1.0])) == [0, 1, 0]  # 0 log 0 = 0 at the ends, no nan
    array([ True,  True,  True])
    >>> import mpmath
    >>> with mpmath.workdps(30):
    ...     print(lambdify(p, H, modules="mpmath")(mpmath.mpf(1) / 4))
    0.811278124459132863909695792039
    """
    if rewrite:
        expr = with_conventions(expr)
    if modules == "numpy":
        # scipy (when installed) supplies gamma, polygamma, erf, ... for closed forms of continuous families
        namespace: list[Any] = [_NUMPY_TERMS, "scipy", "numpy"] if _has_scipy() else [_NUMPY_TERMS, "numpy"]
    elif modules == "mpmath":
        namespace = [_MPMATH_TERMS, "mpmath"]
    else:
        raise ValueError(f"modules must be 'numpy' or 'mpmath', got {modules!r}")
    function = sympy.lambdify(args, expr, modules=namespace)
    if modules == "numpy":
        return _quiet(function)
    return function


def _has_scipy() -> bool:
    import importlib.util

    return importlib.util.find_spec("scipy") is not None


def _quiet(function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return function(*args, **kwargs)

    wrapper.__doc__ = function.__doc__
    wrapper.__wrapped__ = function  # type: ignore[attr-defined]
    return wrapper


# ---------------------------------------------------------------------------------------------
# array measures
def _as_array(values: ArrayLike, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind in "biu":
        array = array.astype(np.float64)
    elif array.dtype.kind != "f":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension, got a scalar")
    return array


def _tolerance(dtype: np.dtype) -> float:
    return float(np.sqrt(np.finfo(dtype).eps))


def _check(array: np.ndarray, name: str, axis: int) -> None:
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    if (array < 0).any():
        raise ValueError(f"{name} has negative entries")
    totals = array.sum(axis=axis)
    tolerance = _tolerance(array.dtype) * max(1, array.shape[axis]) ** 0.5
    worst = float(np.max(np.abs(totals - 1)))
    if worst > tolerance:
        raise ValueError(f"{name} does not sum to 1 along axis {axis}: off by {worst:.3g} (tolerance {tolerance:.3g})")


def _prepared(arrays: Sequence[tuple[ArrayLike, str]], axis: int, check: bool) -> list[np.ndarray]:
    prepared = [_as_array(values, name) for values, name in arrays]
    if len(prepared) == 2:
        first, second = prepared
        try:
            shape = np.broadcast_shapes(first.shape, second.shape)
        except ValueError:
            raise ValueError(
                f"{arrays[0][1]} has shape {first.shape} and {arrays[1][1]} has shape {second.shape}; "
                "they do not broadcast"
            ) from None
        for array, (_, name) in zip(prepared, arrays):
            if array.shape[axis] != shape[axis]:
                raise ValueError(f"{name} has {array.shape[axis]} outcomes along axis {axis}, expected {shape[axis]}")
        dtype = np.result_type(first, second)
        prepared = [
            a if a.shape == shape and a.dtype == dtype else np.broadcast_to(a, shape).astype(dtype) for a in prepared
        ]
    if check:
        for array, (_, name) in zip(prepared, arrays):
            _check(array, name, axis)
    return [np.moveaxis(array, axis, -1) for array in prepared]


def _scale(values: Any, base: Any) -> Any:
    if base is None:
        return values
    if not base > 0 or base == 1:
        raise ValueError(f"base must be positive and not 1, got {base}")
    return values / np.log(base).astype(np.asarray(values).dtype)


#: Elements per block: intermediates stay in cache, so the edge handling costs no extra memory pass.
_BLOCK = 1 << 16


def _weighted_log_sum(weights: np.ndarray, top: np.ndarray, bottom: np.ndarray | None = None) -> Any:
    """sum over the last axis of w * log(top / bottom) over w > 0 (terms with w = 0 are 0).

    top = 0 or bottom = 0 where w > 0 give -inf or +inf, as the conventions say; never nan.
    """
    n = weights.shape[-1]
    batch = weights.shape[:-1]
    w2, t2 = weights.reshape(-1, n), top.reshape(-1, n)
    b2 = None if bottom is None else bottom.reshape(-1, n)
    result = np.zeros(w2.shape[0], dtype=w2.dtype)
    rows_per_block = max(1, _BLOCK // n)
    columns_per_block = min(n, _BLOCK)
    buffer = np.empty((min(rows_per_block, w2.shape[0]), columns_per_block), dtype=w2.dtype)
    support = np.empty(buffer.shape, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for row in range(0, w2.shape[0], rows_per_block):
            rows = slice(row, row + rows_per_block)
            for column in range(0, n, columns_per_block):
                columns = slice(column, column + columns_per_block)
                w = w2[rows, columns]
                logs, mask = buffer[: w.shape[0], : w.shape[1]], support[: w.shape[0], : w.shape[1]]
                np.greater(w, 0, out=mask)
                logs.fill(1)
                if b2 is None:
                    np.copyto(logs, t2[rows, columns], where=mask)
                else:
                    np.divide(t2[rows, columns], b2[rows, columns], out=logs, where=mask)
                np.log(logs, out=logs)
                if w.shape[0] == 1:
                    result[rows] += np.dot(w[0], logs[0])
                else:
                    result[rows] += np.einsum("ij,ij->i", w, logs)
    return result.reshape(batch) if batch else result[0]


def kl_divergence(P: ArrayLike, Q: ArrayLike, axis: int = -1, base: Any = None, check: bool = False) -> Any:
    """D(P || Q) along `axis`: 0 where p = 0, inf where q = 0 < p.

    >>> kl_divergence([[0.5, 0.5], [0.9, 0.1]], [0.5, 0.5])
    array([0.        , 0.36806421])
    """
    p, q = _prepared(((P, "P"), (Q, "Q")), axis, check)
    return _scale(_weighted_log_sum(p, p, q), base)


def entropy(P: ArrayLike, axis: int = -1, base: Any = None, check: bool = False) -> Any:
    """H(P) = -sum p log p along `axis`, with 0 log 0 = 0 (no renormalisation, unlike scipy.stats.entropy).

    >>> float(entropy([0.5, 0.25, 0.25], base=2))
    1.5
    """
    (p,) = _prepared(((P, "P"),), axis, check)
    return _scale(0.0 - _weighted_log_sum(p, p), base)


def cross_entropy(P: ArrayLike, Q: ArrayLike, axis: int = -1, base: Any = None, check: bool = False) -> Any:
    """H(P, Q) = -sum p log q along `axis`: inf where q = 0 < p.

    >>> float(cross_entropy([0.5, 0.5], [0.25, 0.75], base=2))  # doctest: +ELLIPSIS
    1.2075187496...
    """
    p, q = _prepared(((P, "P"), (Q, "Q")), axis, check)
    return _scale(0.0 - _weighted_log_sum(p, q), base)


def js_divergence(P: ArrayLike, Q: ArrayLike, axis: int = -1, base: Any = None, check: bool = False) -> Any:
    """Jensen-Shannon divergence (not its square root, which scipy's ``jensenshannon`` returns).

    >>> float(js_divergence([1.0, 0.0], [0.0, 1.0], base=2))
    1.0
    """
    p, q = _prepared(((P, "P"), (Q, "Q")), axis, check)
    m = (p + q) / 2
    return (kl_divergence(p, m, base=base) + kl_divergence(q, m, base=base)) / 2


def renyi_entropy(P: ArrayLike, alpha: float, axis: int = -1, base: Any = None, check: bool = False) -> Any:
    """log(sum p**alpha) / (1 - alpha); alpha = 1 is Shannon, alpha = inf is -log max p.

    >>> float(renyi_entropy([0.5, 0.25, 0.25], 2, base=2))  # doctest: +ELLIPSIS
    1.415037...
    """
    if not alpha > 0:
        raise ValueError(f"alpha must be positive, got {alpha}")
    (p,) = _prepared(((P, "P"),), axis, check)
    if alpha == 1:
        return entropy(p, base=base)
    if math.isinf(alpha):
        return _scale(-np.log(p.max(axis=-1)), base)
    with np.errstate(divide="ignore"):
        return _scale(np.log(np.sum(p**alpha, axis=-1)) / (1 - alpha), base)


def renyi_divergence(
    P: ArrayLike, Q: ArrayLike, alpha: float, axis: int = -1, base: Any = None, check: bool = False
) -> Any:
    """log(sum p**alpha q**(1 - alpha)) / (alpha - 1) over p > 0; alpha = 1 is KL.

    >>> float(renyi_divergence([0.5, 0.5], [0.25, 0.75], 2))  # doctest: +ELLIPSIS
    0.2876820724...
    """
    if not alpha > 0:
        raise ValueError(f"alpha must be positive, got {alpha}")
    p, q = _prepared(((P, "P"), (Q, "Q")), axis, check)
    if alpha == 1:
        return kl_divergence(p, q, base=base)
    support = p > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        if math.isinf(alpha):
            ratio = np.where(support, p / q, 0.0)
            return _scale(np.log(ratio.max(axis=-1)), base)
        terms = np.where(support, p**alpha * q ** (1 - alpha), 0.0)
        return _scale(np.log(terms.sum(axis=-1)) / (alpha - 1), base)


def total_variation(P: ArrayLike, Q: ArrayLike, axis: int = -1, check: bool = False) -> Any:
    """(1/2) sum |p - q| (a distance).

    >>> float(total_variation([0.5, 0.5], [0.25, 0.75]))
    0.25
    """
    p, q = _prepared(((P, "P"), (Q, "Q")), axis, check)
    return np.abs(p - q).sum(axis=-1) / 2


def hellinger(P: ArrayLike, Q: ArrayLike, axis: int = -1, check: bool = False) -> Any:
    """Hellinger distance sqrt(1 - sum sqrt(p q)), clipped at 0 against rounding.

    >>> float(hellinger([1.0, 0.0], [0.0, 1.0]))
    1.0
    """
    p, q = _prepared(((P, "P"), (Q, "Q")), axis, check)
    return np.sqrt(np.clip(1 - np.sqrt(p * q).sum(axis=-1), 0, None))


def chi_square(P: ArrayLike, Q: ArrayLike, axis: int = -1, check: bool = False) -> Any:
    """Pearson chi-square sum (p - q)**2 / q: 0 where p = q = 0, inf where q = 0 < p.

    >>> float(chi_square([0.5, 0.5], [0.25, 0.75]))  # doctest: +ELLIPSIS
    0.3333333333...
    """
    p, q = _prepared(((P, "P"), (Q, "Q")), axis, check)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where((p == 0) & (q == 0), 0.0, (p - q) ** 2 / q)
    return terms.sum(axis=-1)


def mutual_information(J: ArrayLike, base: Any = None, check: bool = False) -> Any:
    """I(X; Y) of joint tables in the last two axes (rows X, columns Y), batched over the rest.

    >>> float(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2))
    1.0
    """
    joint = _as_array(J, "J")
    if joint.ndim < 2:
        raise ValueError(f"J must have at least two dimensions (a joint table), got shape {joint.shape}")
    flat = joint.reshape(*joint.shape[:-2], -1)
    if check:
        _check(flat, "J", -1)
    product = joint.sum(axis=-1, keepdims=True) * joint.sum(axis=-2, keepdims=True)
    return kl_divergence(flat, product.reshape(flat.shape), base=base)
