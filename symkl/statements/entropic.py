r"""Abstract random variables and their entropic quantities, for statements like I(X;Y|Z) <= H(X|Z).

The coordinates are the joint entropies ``Joint(X, Y)`` = H(X, Y) of sets of
random variables (the entropy vector); conditional entropies and
(conditional) mutual informations are unevaluated objects whose ``.doit()``
is their textbook form in those coordinates (Cover & Thomas, ch. 2):
H(A | B) = H(A, B) - H(B) and I(A; B | C) = H(A, C) + H(B, C) - H(A, B, C) - H(C).

>>> X, Y, Z = rv("X"), rv("Y"), rv("Z")
>>> Joint(Y, X) == Joint(X, Y), Joint()
(True, 0)
>>> MutualInformationTerm((X,), (Y,), given=(Z,))
I(X; Y | Z)
>>> MutualInformationTerm((X,), (Y,), given=(Z,)).doit()
-H(Z) + H(X, Z) + H(Y, Z) - H(X, Y, Z)
>>> EntropyTerm((X, Y)).doit(), latex(EntropyTerm((X,), given=(Y,)))
(H(X, Y), 'H(X \\mid Y)')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy
from sympy import Expr, Symbol, Tuple

__all__ = ["EntropyTerm", "Joint", "MutualInformationTerm", "latex", "rv", "variables_of"]


def rv(name: str) -> Symbol:
    """A random variable named by an identifier (a plain SymPy Symbol).

    >>> rv("X1")
    X1

    Parameters
    ----------
    name : str
        An identifier.

    Returns
    -------
    sympy.Symbol
        The random variable.
    """
    if not name.isidentifier():
        raise ValueError(f"a random variable is named by an identifier, got {name!r}")
    return Symbol(name)


def _sorted(variables: Iterable[Any]) -> tuple[Symbol, ...]:
    unique = {v if isinstance(v, Symbol) else rv(str(v)) for v in variables}
    return tuple(sorted(unique, key=lambda s: s.name))


class Joint(Expr):
    """The joint entropy H(S) of a set S of random variables: one coordinate of the entropy vector.

    >>> Joint(rv("B"), rv("A"), rv("A"))
    H(A, B)
    """

    is_commutative = True
    is_extended_real = True

    def __new__(cls, *variables: Any) -> Expr:
        ordered = _sorted(variables)
        if not ordered:
            return sympy.S.Zero
        return Expr.__new__(cls, *ordered)

    @property
    def variables(self) -> tuple[Symbol, ...]:
        return tuple(self.args)

    def _sympystr(self, printer: Any) -> str:
        return f"H({', '.join(v.name for v in self.variables)})"

    def _latex(self, printer: Any) -> str:
        return f"H({', '.join(printer._print(v) for v in self.variables)})"


def _group(variables: Iterable[Any]) -> Tuple:
    ordered = _sorted(variables)
    return Tuple(*ordered)


def _names(group: Tuple, printer: Any = None) -> str:
    return ", ".join(printer._print(v) if printer else v.name for v in group.args)


class EntropyTerm(Expr):
    """H(A | B): the entropy of the variables A given B (B may be empty).

    >>> EntropyTerm((rv("X"),), given=(rv("Y"),)).doit()
    -H(Y) + H(X, Y)
    """

    is_commutative = True
    is_extended_real = True

    def __new__(cls, variables: Iterable[Any], given: Iterable[Any] = ()) -> EntropyTerm:
        first, condition = _group(variables), _group(given)
        if not first.args:
            raise ValueError("H needs at least one random variable")
        return Expr.__new__(cls, first, condition)

    def doit(self, **hints: Any) -> Expr:
        first, given = self.args
        return Joint(*first.args, *given.args) - Joint(*given.args)

    def _sympystr(self, printer: Any) -> str:
        first, given = self.args
        tail = f" | {_names(given)}" if given.args else ""
        return f"H({_names(first)}{tail})"

    def _latex(self, printer: Any) -> str:
        first, given = self.args
        tail = rf" \mid {_names(given, printer)}" if given.args else ""
        return f"H({_names(first, printer)}{tail})"


class MutualInformationTerm(Expr):
    """I(A; B | C): the (conditional) mutual information of the variables A and B given C.

    >>> MutualInformationTerm((rv("X"),), (rv("Y"),)).doit()
    H(X) + H(Y) - H(X, Y)
    """

    is_commutative = True
    is_extended_real = True

    def __new__(cls, first: Iterable[Any], second: Iterable[Any], given: Iterable[Any] = ()) -> MutualInformationTerm:
        a, b, c = _group(first), _group(second), _group(given)
        if not a.args or not b.args:
            raise ValueError("I needs random variables on both sides of ';'")
        return Expr.__new__(cls, a, b, c)

    def doit(self, **hints: Any) -> Expr:
        a, b, c = (group.args for group in self.args)
        return Joint(*a, *c) + Joint(*b, *c) - Joint(*a, *b, *c) - Joint(*c)

    def _sympystr(self, printer: Any) -> str:
        a, b, c = self.args
        tail = f" | {_names(c)}" if c.args else ""
        return f"I({_names(a)}; {_names(b)}{tail})"

    def _latex(self, printer: Any) -> str:
        a, b, c = self.args
        tail = rf" \mid {_names(c, printer)}" if c.args else ""
        return f"I({_names(a, printer)}; {_names(b, printer)}{tail})"


def variables_of(expr: sympy.Basic) -> tuple[Symbol, ...]:
    """The random variables occurring in the entropic terms of an expression, sorted by name.

    >>> X, Y = rv("X"), rv("Y")
    >>> variables_of(EntropyTerm((Y,), given=(X,)) + Joint(X))
    (X, Y)

    Parameters
    ----------
    expr : sympy.Basic
        An entropic expression.

    Returns
    -------
    tuple of sympy.Symbol
        The random variables, sorted by name.
    """
    found: set[Symbol] = set()
    for term in expr.atoms(Joint, EntropyTerm, MutualInformationTerm):
        found |= term.free_symbols
    return tuple(sorted(found, key=lambda s: s.name))


def latex(expr: sympy.Basic) -> str:
    """LaTeX of an entropic expression (SymPy's printer with the terms' own notation).

    Parameters
    ----------
    expr : sympy.Basic
        An entropic expression.

    Returns
    -------
    str
        The LaTeX source.
    """
    return sympy.latex(expr)
