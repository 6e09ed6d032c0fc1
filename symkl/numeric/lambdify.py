"""``lambdify`` with the 0 log 0 conventions kept numerically (DESIGN section 6).

>>> import sympy
>>> p = sympy.Symbol("p", positive=True)
>>> lambdify(p, p * sympy.log(p))(0.0)  # 0 log 0 = 0 (plain sympy.lambdify gives nan)
0.0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy
from sympy import Expr

from ..errors import InvalidInput
from ..exact import terms as exact_terms
from .arrayapi import ARRAY_API_TERMS
from .terms import _MPMATH_TERMS, _NUMPY_TERMS

__all__ = ["lambdify", "with_conventions"]


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

    Parameters
    ----------
    expr : sympy.Expr
        An expression holding terms c * x * log(y), such as a measure of symbolic distributions.

    Returns
    -------
    sympy.Expr
        The same value, each x log y written ``xlogy(x, y)`` and each x log(x/z) written ``rel_entr(x, z)``
        (unevaluated), so that :func:`sympy.lambdify` output keeps 0 log 0 = 0.
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
    ``"numpy"`` (default), ``"mpmath"`` for arbitrary precision, or ``"array_api"``: the function then
    computes in the library of its arguments (PyTorch, CuPy, JAX, Dask, NumPy through array-api-compat),
    on their device, with gradients where the library has them.

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
    >>> lambdify(p, H, modules="array_api")(np.array([0.0, 0.25])) == f(np.array([0.0, 0.25]))  # any array
    array([ True,  True])

    Parameters
    ----------
    args : Symbol or sequence of Symbols
        The arguments, in SymPy's order.
    expr : sympy.Expr
        The expression to compile.
    modules : {"numpy", "mpmath", "array_api"}, optional
        The numeric library (``array_api``: the library of the arguments).
    rewrite : bool, optional
        Turn ``x*log(y)`` products into ``xlogy`` first, so 0 log 0 = 0 holds numerically.

    Returns
    -------
    callable
        A function of ``args`` that keeps the conventions (no ``nan`` at 0 log 0, ``inf`` for p/0).
    """
    if isinstance(expr, str) or not isinstance(expr, (sympy.Basic, int, float)):
        # sympy.lambdify would run text as code
        raise InvalidInput(f"lambdify takes a SymPy expression, got {type(expr).__name__}")
    expr = sympy.sympify(expr)  # an int or a float here: no text reaches sympify
    if rewrite:
        expr = with_conventions(expr)
    if modules == "numpy":
        # scipy (when installed) supplies gamma, polygamma, erf, ... for closed forms of continuous families
        namespace: list[Any] = [_NUMPY_TERMS, "scipy", "numpy"] if _has_scipy() else [_NUMPY_TERMS, "numpy"]
    elif modules == "mpmath":
        namespace = [_MPMATH_TERMS, "mpmath"]
    elif modules == "array_api":
        namespace = [ARRAY_API_TERMS]
    else:
        raise ValueError(f"modules must be 'numpy', 'mpmath' or 'array_api', got {modules!r}")
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
