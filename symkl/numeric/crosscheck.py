"""Cross-checks of float results against the exact value (evaluated by :mod:`symkl.statements.evaluation`).

>>> import symkl as sk
>>> check = cross_check(sk.kl_divergence(["1/2", "1/2"], ["1/4", "3/4"]), {"half": 0.14384103622589042})
>>> check.worst < 1e-15
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy import Expr

from ..statements.evaluation import evaluate, exact_value
from .lambdify import lambdify

__all__ = ["CrossCheck", "cross_check"]


@dataclass
class CrossCheck:
    """Relative errors of float results against a high-precision reference of the exact value.

    Parameters
    ----------
    exact : sympy.Expr
        The exact value.
    reference : sympy.Float
        Its high-precision value.
    values : dict
        Name -> float result.
    errors : dict
        Name -> relative error against the reference.
    """

    exact: Expr
    reference: sympy.Float
    values: dict[str, float] = field(default_factory=dict)
    errors: dict[str, float] = field(default_factory=dict)

    @property
    def worst(self) -> float:
        """The largest relative error (0.0 when every value matched)."""
        return max(self.errors.values(), default=0.0)

    def __str__(self) -> str:
        lines = [f"exact {self.exact} = {self.reference}"]
        for name, value in self.values.items():
            lines.append(f"  {name:<24} {value!r:<24} relative error {self.errors[name]:.3g}")
        return "\n".join(lines)


def _relative_error(value: float, reference: sympy.Float) -> float:
    if math.isinf(value) or reference.is_infinite:
        return 0.0 if sympy.sympify(value) == reference else math.inf
    if math.isnan(value):
        return math.inf
    if reference == 0:
        return abs(value)
    return float(abs((sympy.Float(value, 30) - reference) / reference))


def cross_check(
    exact: Any,
    candidates: Mapping[str, float | Callable[[], Any]],
    digits: int = 30,
    subs: Mapping[Any, Any] | None = None,
) -> CrossCheck:
    """Compare float results (values or zero-argument callables) with the exact value.

    The exact value is evaluated to `digits` guaranteed digits; a float
    evaluation of the exact expression through :func:`symkl.lambdify` is
    added as ``"lambdify"``.

    >>> import symkl as sk
    >>> check = sk.cross_check(sk.kl_divergence([1, 0], [0, 1]), {"plain": float("inf")})
    >>> check.errors
    {'lambdify': 0.0, 'plain': 0.0}

    Parameters
    ----------
    exact : sympy.Expr
        The exact value (or a closed expression after ``subs``).
    candidates : dict
        Name -> float result or zero-argument callable returning one.
    digits : int, optional
        Guaranteed digits of the reference.
    subs : dict, optional
        Values for free symbols.

    Returns
    -------
    CrossCheck
        The reference, each candidate's value and its relative error (``lambdify`` included).
    """
    value = exact_value(exact)
    if subs:
        value = value.subs(subs)
    reference = evaluate(value, digits)
    report = CrossCheck(value, reference)
    floats: dict[str, Any] = {"lambdify": lambdify((), value)()}
    for name, candidate in candidates.items():
        floats[name] = candidate() if callable(candidate) else candidate
    for name, result in floats.items():
        number = float(result)
        report.values[name] = number
        report.errors[name] = _relative_error(number, reference)
    return report
