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

from typing import Any

import sympy

from ..errors import InvalidStatement
from ..statements.entropic import EntropyTerm, MutualInformationTerm

__all__ = ["statement_text"]

_RELATIONS = {sympy.LessThan: "<=", sympy.GreaterThan: ">=", sympy.Equality: "="}


def _names(group: Any) -> str:
    return ",".join(symbol.name for symbol in group.args)


def _term(term: Any) -> str:
    if isinstance(term, EntropyTerm):
        first, given = term.args
        return f"H({_names(first)}" + (f"|{_names(given)}" if given.args else "") + ")"
    if isinstance(term, MutualInformationTerm):
        a, b, c = term.args
        return f"I({_names(a)};{_names(b)}" + (f"|{_names(c)}" if c.args else "") + ")"
    raise InvalidStatement(f"{term} is not an entropy H(..) or mutual information I(..;..) of random variables")


def _side(expr: Any) -> str:
    expr = sympy.sympify(expr)
    if expr == 0:
        return "0"
    parts = []
    for addend in sympy.Add.make_args(expr):
        coefficient, rest = addend.as_coeff_Mul()
        if not isinstance(coefficient, sympy.Rational) or rest == 1:
            raise InvalidStatement(f"{addend} is not a rational multiple of an entropy term")
        parts.append(f"({coefficient}) {_term(rest)}" if coefficient != 1 else _term(rest))
    return " + ".join(parts)


def statement_text(relation: Any) -> str:
    """The statement in the prover's grammar (then read by the same strict parser as typed text)."""
    kind = next((text for cls, text in _RELATIONS.items() if isinstance(relation, cls)), None)
    if kind is None or not relation.atoms(EntropyTerm, MutualInformationTerm):
        raise InvalidStatement(
            f"a statement or constraint is text such as 'I(X;Y) >= 0', got {type(relation).__name__}"
        )
    return f"{_side(relation.lhs)} {kind} {_side(relation.rhs)}"
