r"""Distributions of any size n: entries p_i, i = 1..n, for statements proved for every n.

A :class:`GeneralDistribution` stands for (p_1, ..., p_n) with p_i > 0 and
sum_i p_i = 1; the measures of :mod:`symkl.statements.unevaluated` written on it
unfold to sums over i (:func:`definition`).

>>> P, Q = GeneralDistribution.symbolic("p"), GeneralDistribution.symbolic("q")
>>> P.entry, P.facts()
(p[i], (Eq(Sum(p[i], (i, 1, n)), 1), for every i = 1..n: p[i] <= 1))
>>> definition("KL", (P, Q), sympy.E)
Sum(log(p[i]/q[i])*p[i], (i, 1, n))
>>> definition("Entropy", (GeneralDistribution.uniform(),), 2)
Sum(-log(1/n)/n, (i, 1, n))/log(2)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy
from sympy import Basic, Expr, Symbol
from sympy.core.symbol import Str
from sympy.logic.boolalg import Boolean

from .terms import entr, rel_entr, xlogy

__all__ = ["INDEX", "SIZE", "ForAll", "GeneralDistribution", "definition"]

INDEX = Symbol("i", integer=True)
SIZE = Symbol("n", integer=True, positive=True)


def _expression(value: Any) -> Expr:
    """An int or a SymPy expression, never text read by ``sympify``."""
    if isinstance(value, bool) or not isinstance(value, (int, sympy.Basic)):
        raise TypeError(f"expected an int or a SymPy expression, got {type(value).__name__}")
    return sympy.Integer(value) if isinstance(value, int) else value


class ForAll(Boolean):
    r"""A fact for every integer index in a range: ``ForAll(i, 1, n, p[i] <= 1)``.

    >>> ForAll(INDEX, 1, SIZE, sympy.Le(sympy.IndexedBase("p")[INDEX], 1, evaluate=False))
    for every i = 1..n: p[i] <= 1
    """

    def __new__(cls, index: Symbol, lower: Any, upper: Any, fact: Boolean) -> ForAll:
        return Boolean.__new__(cls, index, _expression(lower), _expression(upper), fact)

    @property
    def free_symbols(self) -> set[Basic]:
        index, lower, upper, fact = self.args
        return (fact.free_symbols - {index}) | lower.free_symbols | upper.free_symbols

    def _sympystr(self, printer: Any) -> str:
        index, lower, upper, fact = (printer._print(a) for a in self.args)
        return f"for every {index} = {lower}..{upper}: {fact}"

    def _latex(self, printer: Any) -> str:
        index, lower, upper, fact = (printer._print(a) for a in self.args)
        return rf"{fact} \text{{ for }} {index} = {lower}, \dots, {upper}"


class GeneralDistribution(Basic):
    """(p_1, ..., p_n) for a symbolic size n: entries ``entry`` at the index i."""

    def __new__(cls, name: str, entry: Expr) -> GeneralDistribution:
        return Basic.__new__(cls, Str(name), _expression(entry))

    @classmethod
    def symbolic(cls, name: str) -> GeneralDistribution:
        """Entries name[i], positive, summing to 1."""
        return cls(name.upper(), sympy.IndexedBase(name, positive=True)[INDEX])

    @classmethod
    def uniform(cls) -> GeneralDistribution:
        """The uniform distribution (1/n, ..., 1/n)."""
        return cls("U", 1 / SIZE)

    @property
    def name(self) -> str:
        return self.args[0].name

    @property
    def entry(self) -> Expr:
        return self.args[1]

    def total(self, expr: Expr) -> sympy.Sum:
        """Sum over i = 1..n."""
        return sympy.Sum(expr, (INDEX, 1, SIZE))

    def facts(self) -> tuple[sympy.Basic, ...]:
        """What being a distribution states beyond p_i > 0: sum_i p_i = 1 and p_i <= 1 for every i."""
        if not self.entry.has(INDEX):
            return ()
        return (
            sympy.Eq(self.total(self.entry), 1, evaluate=False),
            ForAll(INDEX, 1, SIZE, sympy.Le(self.entry, 1, evaluate=False)),
        )

    def _sympystr(self, printer: Any) -> str:
        return self.name

    def _latex(self, printer: Any) -> str:
        return self.name


def definition(measure: str, distributions: Sequence[GeneralDistribution], base: Expr) -> Expr:
    """The defining sum of a measure on general distributions, divided by log(base) unless base is e.

    Parameters
    ----------
    measure : str
        The name of the measure.
    distributions : sequence of GeneralDistribution
        The distributions the measure takes.
    base : sympy.Expr
        The base of the log.

    Returns
    -------
    sympy.Expr
        The defining sum.
    """
    p = distributions[0].entry
    q = distributions[1].entry if len(distributions) > 1 else None
    total = distributions[0].total
    m = (p + q) / 2 if q is not None else None
    sums = {
        "Entropy": lambda: total(entr(p)),
        "CrossEntropy": lambda: -total(xlogy(p, q)),
        "KL": lambda: total(rel_entr(p, q)),
        "JS": lambda: total(rel_entr(p, m) + rel_entr(q, m)) / 2,
    }
    if measure not in sums:
        raise NotImplementedError(f"{measure} has no definition for a general size n")
    value: Expr = sums[measure]()
    return value if base is sympy.E else value / sympy.log(base)
