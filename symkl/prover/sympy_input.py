"""Statements built from SymPy objects: a relation of rational combinations of EntropyTerm / MutualInformationTerm.

Anything else (a number, a relation without entropy terms) is refused with InvalidStatement.

>>> import sympy
>>> from symkl.statements.entropic import EntropyTerm, MutualInformationTerm, rv
>>> X, Y, Z = rv("X"), rv("Y"), rv("Z")
>>> statement_text(sympy.Le(MutualInformationTerm((X,), (Y,), (Z,)), EntropyTerm((X,), (Z,))))
'I(X;Y|Z) <= H(X|Z)'
>>> statement_text(EntropyTerm((X,)) >= sympy.Symbol("x"))
Traceback (most recent call last):
...
symkl.errors.InvalidStatement: x is not an entropy H(..) or mutual information I(..;..) of random variables
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from ..errors import InvalidStatement
from ..statements.entropic import EntropyTerm, MutualInformationTerm

__all__ = ["statement_text"]

_RELATIONS = {sympy.LessThan: "<=", sympy.GreaterThan: ">=", sympy.Equality: "="}


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _names(group: Any, seen: dict[str, sympy.Basic]) -> str:
    """The variables' names, each read back by the grammar as the same variable: a name must be an identifier,
    and two different SymPy objects (``Symbol('X')`` and ``Symbol('X', positive=True)``) may not share one."""
    names = []
    for symbol in group.args:
        if type(symbol) is not sympy.Symbol:
            raise InvalidStatement(f"{symbol!r} is not a random variable (a plain sympy.Symbol)")
        name = symbol.name
        if not _IDENTIFIER.fullmatch(name):
            raise InvalidStatement(f"the variable name {name!r} is not an identifier (letters, digits, _)")
        other = seen.setdefault(name, symbol)
        if other is not symbol and other != symbol:
            raise InvalidStatement(
                f"two different variables are named {name!r} ({sympy.srepr(other)} and {sympy.srepr(symbol)}); "
                "the prover names variables by their names, so rename one"
            )
        names.append(name)
    return ",".join(names)


def _term(term: Any, seen: dict[str, sympy.Basic]) -> str:
    if type(term) is EntropyTerm:
        first, given = term.args
        return f"H({_names(first, seen)}" + (f"|{_names(given, seen)}" if given.args else "") + ")"
    if type(term) is MutualInformationTerm:
        a, b, c = term.args
        return f"I({_names(a, seen)};{_names(b, seen)}" + (f"|{_names(c, seen)}" if c.args else "") + ")"
    raise InvalidStatement(f"{term} is not an entropy H(..) or mutual information I(..;..) of random variables")


def _side(expr: Any, seen: dict[str, sympy.Basic]) -> str:
    if isinstance(expr, int) and not isinstance(expr, bool):
        expr = sympy.Integer(expr)
    if not isinstance(expr, sympy.Basic):
        raise InvalidStatement(f"a side of a statement is a SymPy expression, got {type(expr).__name__}")
    if expr == 0:
        return "0"
    parts = []
    for addend in sympy.Add.make_args(expr):
        coefficient, rest = addend.as_coeff_Mul()
        if (
            type(coefficient)
            not in (
                sympy.Integer,
                sympy.Rational,
                sympy.core.numbers.One,
                sympy.core.numbers.Half,
                sympy.core.numbers.NegativeOne,
            )
            or rest == 1
        ):
            raise InvalidStatement(f"{addend} is not a rational multiple of an entropy term")
        parts.append(f"({coefficient}) {_term(rest, seen)}" if coefficient != 1 else _term(rest, seen))
    return " + ".join(parts)


def statement_text(relation: Any, seen: dict[str, sympy.Basic] | None = None) -> str:
    """The statement in the prover's grammar (then read by the same strict parser as typed text).

    `seen` maps the names met so far (in the statement and its constraints) to their variables.

    Parameters
    ----------
    relation : object
        A SymPy relation between entropic expressions.
    seen : dict of str to sympy.Basic or None, optional
        The names met so far and their variables.

    Returns
    -------
    str
        The statement as text.

    Raises
    ------
    InvalidStatement
        If the relation cannot be written in the prover's grammar.
    """
    seen = {} if seen is None else seen
    kind = next((text for cls, text in _RELATIONS.items() if type(relation) is cls), None)
    if kind is None or not relation.atoms(EntropyTerm, MutualInformationTerm):
        raise InvalidStatement(
            f"a statement or constraint is text such as 'I(X;Y) >= 0', got {type(relation).__name__}"
        )
    return f"{_side(relation.lhs, seen)} {kind} {_side(relation.rhs, seen)}"
