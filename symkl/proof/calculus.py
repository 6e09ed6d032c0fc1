r"""Checks behind the kernel's calculus rules: smoothness, intervals, points (they make no Theorem).

Part of the trusted base with :mod:`symkl.proof.kernel`. The rules ``mean_value`` and ``lhopital``
differentiate with SymPy's ``diff`` (as the axiom ``log x <= x - 1`` does) and rely on these
checks for the hypotheses of the theorems they stand on (the mean value theorem, l'Hopital's rule):

* :func:`require_smooth`: the expression is built from numbers, symbols, ``+``, ``*``, ``log``, ``exp`` and
  powers only, and every log argument, every base of a non-integer power (or of a power whose exponent
  involves the variable) and every denominator is entailed *strictly* positive or nonzero by the facts.
  Such an expression is infinitely differentiable wherever the facts hold, and because every condition
  is strict and continuous it holds on an open set;
* :func:`interval_bounds`: facts that mention the variable are linear bounds ``c t + d > 0`` (or ``>= 0``)
  with c a nonzero rational and d free of t, so the set of t where they hold is an interval;
* :func:`real_variable`: the variable is a plain real Symbol, not an integer.

>>> t = sympy.Symbol("t", positive=True)
>>> require_smooth(sympy.log(t) + sympy.sqrt(t), t, Facts(), "mean_value")
>>> require_smooth(sympy.Abs(t - 1), t, Facts(), "mean_value")
Traceback (most recent call last):
...
symkl.errors.KernelError: mean_value: Abs(t - 1) is not a smooth term (only +, *, powers, log and exp are)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import sympy
from sympy import Expr
from sympy.core.relational import Relational
from sympy.logic.boolalg import Boolean

from ..errors import KernelError
from .algebra import Facts, gap_of

__all__ = ["interval_bounds", "real_variable", "require_smooth"]

_SMOOTH = (sympy.Add, sympy.Mul, sympy.Pow, sympy.log, sympy.exp)


def real_variable(variable: Any, where: str) -> sympy.Symbol:
    """The variable of a calculus rule: a plain Symbol declared real (not integer, not rational).

    Parameters
    ----------
    variable : object
        The variable the rule names.
    where : str
        The rule, for the error message.

    Returns
    -------
    sympy.Symbol
        The variable, checked.

    Raises
    ------
    KernelError
        If the variable is not a plain Symbol declared real.
    """
    if type(variable) is not sympy.Symbol:
        raise KernelError(f"{where}: the variable {variable!r} must be a Symbol")
    if not variable.is_real:
        raise KernelError(f"{where}: the variable {variable} must be declared real (real=True or positive=True)")
    if variable.is_integer or variable.is_rational or variable.is_zero:
        raise KernelError(f"{where}: the variable {variable} ranges over integers or rationals, not an interval")
    return variable


def require_smooth(expr: Expr, variable: sympy.Symbol, facts: Facts, where: str, point: Expr | None = None) -> None:
    """Raise unless expr is infinitely differentiable in the variable wherever the facts hold (see the module).

    With a point c, a condition may instead be entailed strictly at t = c: it then holds near c (the
    subterms are continuous there, by the same check), so expr is smooth on a neighbourhood of c.

    Parameters
    ----------
    expr : sympy.Expr
        The expression to check.
    variable : sympy.Symbol
        The variable of differentiation.
    facts : Facts
        The facts assumed to hold.
    where : str
        The rule, for the error message.
    point : sympy.Expr or None, optional
        A point c at which conditions may be entailed strictly instead.

    Raises
    ------
    KernelError
        If smoothness cannot be shown.
    """
    unreal = sorted((str(s) for s in expr.free_symbols if not s.is_real), key=str)
    if unreal:
        raise KernelError(f"{where}: {', '.join(unreal)} must be declared real (calculus here is over the reals)")

    def holds(test: Callable[[Expr], bool], value: Expr) -> bool:
        return test(value) or (point is not None and test(sympy.expand(value.subs(variable, point))))

    for node in sympy.preorder_traversal(expr):
        if node.is_Atom:
            if node.is_number and not (node.is_Rational or node in (sympy.pi, sympy.E)):
                raise KernelError(f"{where}: {node} is not a finite exact number")
            continue
        if not isinstance(node, _SMOOTH):
            raise KernelError(f"{where}: {node} is not a smooth term (only +, *, powers, log and exp are)")
        if isinstance(node, sympy.log):
            if not holds(facts.positive, node.args[0]):
                raise KernelError(f"{where}: the argument of {node} is not shown > 0")
        elif isinstance(node, sympy.Pow):
            base, exponent = node.args
            if exponent.is_Integer and exponent >= 0:
                continue
            if exponent.is_Integer:
                if not holds(facts.nonzero, base):
                    raise KernelError(f"{where}: the denominator {base} is not shown nonzero")
            elif not holds(facts.positive, base):
                raise KernelError(f"{where}: the base {base} of {node} is not shown > 0")


def interval_bounds(facts: Iterable[Boolean], variable: sympy.Symbol, where: str) -> list[Relational]:
    """The facts that mention the variable, each a linear bound on it (so together they cut out an interval).

    Parameters
    ----------
    facts : iterable of sympy.logic.boolalg.Boolean
        The facts assumed to hold.
    variable : sympy.Symbol
        The variable.
    where : str
        The rule, for the error message.

    Returns
    -------
    list of sympy.core.relational.Relational
        The linear bounds on the variable.

    Raises
    ------
    KernelError
        If a fact mentioning the variable is not a linear bound on it.
    """
    bounds = []
    for fact in facts:
        if variable not in getattr(fact, "free_symbols", set()):
            continue
        if not isinstance(fact, Relational):
            raise KernelError(f"{where}: the fact {fact} about {variable} is not a bound")
        gap, kind = gap_of(fact)
        if kind not in (">", ">="):
            raise KernelError(f"{where}: the fact {fact} about {variable} is not a bound (< , <=, >, >=)")
        slope = sympy.expand(gap).coeff(variable, 1)
        rest = sympy.expand(gap - slope * variable)
        if not (slope.is_Rational and slope != 0) or variable in rest.free_symbols:
            raise KernelError(f"{where}: the fact {fact} is not a linear bound on {variable}")
        bounds.append(fact)
    return bounds
