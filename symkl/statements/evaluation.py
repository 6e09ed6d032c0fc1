"""High-precision evaluation with every digit guaranteed (cross-checks of floats: :mod:`symkl.numeric.crosscheck`).

>>> import symkl as sk
>>> value = sk.kl_divergence(["1/2", "1/2"], ["1/4", "3/4"], base=2)
>>> sk.evaluate(value, digits=20)
0.20751874963942190927
>>> numeric = sk.numeric.kl_divergence([0.5, 0.5], [0.25, 0.75], base=2)
>>> report = sk.cross_check(value, {"symkl.numeric": numeric})
>>> report.worst < 1e-15
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy
from sympy import Expr

from ..exact.canonical import decimal_string
from ..exact.parsing import to_exact
from .unevaluated import Information, Measure, _JointMeasure

__all__ = ["evaluate", "exact_value"]


def exact_value(expr: Any) -> Expr:
    """An exact SymPy value: unevaluated measures are evaluated, text goes through the strict parser.

    Parameters
    ----------
    expr : object
        A SymPy expression, a number or text.

    Returns
    -------
    sympy.Expr
        The exact value.
    """
    if not isinstance(expr, sympy.Basic):
        return to_exact(expr)
    # doit() on a long sum walks every term: only call it when there is a statement to evaluate.
    return expr.doit() if expr.has(Measure, _JointMeasure, Information) else expr


def evaluate(expr: Any, digits: int = 50, subs: Mapping[Any, Any] | None = None) -> Expr:
    """The value of an exact expression to `digits` significant digits, every digit guaranteed.

    Unevaluated measures are evaluated first (``.doit()``); `subs` gives
    values to free symbols (exact values keep the guarantee).

    >>> import symkl as sk, sympy
    >>> p = sympy.Symbol("p", positive=True)
    >>> sk.evaluate(sk.entropy(sk.bernoulli(p), base=2), 15, subs={p: sympy.Rational(1, 4)})
    0.811278124459133

    Parameters
    ----------
    expr : sympy.Expr or measure
        An exact expression; unevaluated measures are evaluated first.
    digits : int, optional
        Significant digits (50 by default).
    subs : dict, optional
        Values for free symbols (exact values keep the guarantee).

    Returns
    -------
    sympy.Float
        The value, every digit guaranteed.

    Raises
    ------
    Undecidable
        Free symbols remain after ``subs``.
    """
    value = exact_value(expr)
    if subs:
        value = value.subs(subs)
    if value is sympy.S.Infinity or value is sympy.S.NegativeInfinity:
        return value
    return sympy.Float(decimal_string(value, digits), digits)
