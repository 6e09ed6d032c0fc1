"""Elementwise ``xlogy``, ``entr`` and ``rel_entr`` for NumPy arrays and mpmath numbers, conventions kept.

>>> float(xlogy(0.0, 0.0)), float(rel_entr(1.0, 0.0)), float(entr(0.0))
(0.0, inf, 0.0)
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["entr", "rel_entr", "xlogy"]

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
    r"""x log y with 0 log y = 0 (also for y = 0 or y = nan from 0/0).

    >>> xlogy(0.0, 0.0), xlogy(2.0, np.e)
    (0.0, 2.0)

    Parameters
    ----------
    x : array_like
        The multipliers.
    y : array_like
        The arguments of the log, broadcast against `x`.

    Returns
    -------
    numpy.ndarray or numpy.float64
        The elementwise values, broadcast over the inputs.

    Notes
    -----
    .. math::

        \operatorname{xlogy}(x, y) = x \log y, \quad \operatorname{xlogy}(0, y) = 0
    """
    x, y = np.asarray(x), np.asarray(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _zero_where_x_is_zero(x, x * np.log(y))


def entr(x: ArrayLike) -> Any:
    r"""-x log x with entr(0) = 0.

    >>> entr(0.0), round(float(entr(0.5)), 6)
    (0.0, 0.346574)

    Parameters
    ----------
    x : array_like
        Probabilities (or any non-negative numbers).

    Returns
    -------
    numpy.ndarray or numpy.float64
        The elementwise values, broadcast over the inputs.

    Notes
    -----
    .. math::

        \operatorname{entr}(x) = -x \log x, \quad \operatorname{entr}(0) = 0
    """
    x = np.asarray(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _zero_where_x_is_zero(x, -x * np.log(x))


def rel_entr(x: ArrayLike, y: ArrayLike) -> Any:
    r"""x log(x/y) with 0 log(0/y) = 0 and x log(x/0) = inf for x > 0; x (log x - log y) where x/y overflows.

    >>> rel_entr(0.0, 0.0), rel_entr(0.5, 0.0), round(float(rel_entr(0.5, 1e-310)), 6)
    (0.0, inf, 356.554116)

    Parameters
    ----------
    x : array_like
        The probabilities of P.
    y : array_like
        The probabilities of Q, broadcast against `x`.

    Returns
    -------
    numpy.ndarray or numpy.float64
        The elementwise values, broadcast over the inputs.

    Notes
    -----
    .. math::

        \operatorname{rel\_entr}(x, y) = x \log \frac{x}{y}, \quad 0 \log \frac{0}{y} = 0, \quad x \log \frac{x}{0}
        = \infty
    """
    x, y = np.asarray(x), np.asarray(y)
    logs = _log_ratio(x, y)
    if np.ndim(logs) == 0:
        return _zero_where_x_is_zero(x, x * logs)
    with np.errstate(invalid="ignore"):
        return _zero_where_x_is_zero(x, np.multiply(x, logs, out=logs))


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


def _log_ratio(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """log(x / y) elementwise; log x - log y where x > 0 and x / y overflows, underflows or is subnormal.

    >>> _log_ratio(np.array([0.5, 1e-300]), np.array([1e-310, 1e10]))  # x / y leaves the normal range
    array([ 713.10823165, -713.80137883])
    """
    x, y = np.broadcast_arrays(x, y)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        ratio = np.asarray(x / y)
        logs = np.log(ratio)
        info = np.finfo(ratio.dtype)
        if ratio.size and not (ratio.min() >= info.tiny and ratio.max() <= info.max):
            outside = ~((ratio >= info.tiny) & (ratio <= info.max)) & (x > 0)
            if np.ndim(logs) == 0:
                return np.log(x) - np.log(y) if outside else logs
            logs[outside] = np.log(x[outside]) - np.log(y[outside])
    return logs


_NUMPY_TERMS = {"xlogy": xlogy, "entr": entr, "rel_entr": rel_entr}
_MPMATH_TERMS = {"xlogy": _mp_xlogy, "entr": _mp_entr, "rel_entr": _mp_rel_entr}
