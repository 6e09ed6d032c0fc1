"""Copies for non-Shannon inequalities: which variables to copy, over which, as constraints the LP can use.

Zhang and Yeung's copy lemma: for random variables U, a part S and a part T of U \\ S, there is a copy S'
of S over T: ``(S', T)`` is distributed as ``(S, T)`` and S' is independent of U given T. Shannon's
inequalities on U and S' together with these facts prove inequalities on U that Shannon's inequalities
alone do not (Zhang-Yeung). The prover tries a small budget of (S, T); the kernel discharges the facts
(rule ``copy_lemma``), so the theorem speaks of U only.

>>> plan = candidates(["A", "B", "C", "D"], budget=3)
>>> [(p.copied, p.over) for p in plan]
[(('A',), ('B',)), (('A',), ('C',)), (('A',), ('D',))]
>>> plan[0].names, plan[0].constraint_texts(["A", "B", "C", "D"])[-1]
({'A': 'A1'}, 'I(A1;A,C,D|B) = 0')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import sympy

from ..proof import kernel as K  # noqa: N812 (the kernel is K throughout symkl)
from ..statements.entropic import EntropyTerm, MutualInformationTerm, rv

__all__ = ["BUDGET", "MAX_VARIABLES", "Copy", "candidates"]

#: The most (S, T) tried for one statement, and the most variables a statement may have for copies.
BUDGET = 120
MAX_VARIABLES = 5


@dataclass(frozen=True)
class Copy:
    """A copy of the variables ``copied`` over ``over``; ``names`` gives each copy its fresh name.

    Parameters
    ----------
    copied : tuple of str
        The variables that are copied.
    over : tuple of str
        The variables T the copy is made over (it has the same joint law with them, and is independent of the
        rest given T).
    names : dict of str to str
        Each copied variable's fresh name.
    universe : tuple of str, optional
        All the variables of the statement.
    """

    copied: tuple[str, ...]
    over: tuple[str, ...]
    names: dict[str, str]
    universe: tuple[str, ...] = ()

    def symbols(self) -> tuple[dict[sympy.Symbol, sympy.Symbol], list[sympy.Symbol]]:
        """The copy as the kernel's random variables: {original: copy} and T."""
        return {rv(v): rv(self.names[v]) for v in self.copied}, [rv(v) for v in self.over]

    def constraint_texts(self, universe: Sequence[str]) -> list[str]:
        """The copy's facts (:func:`symkl.proof.kernel.copy_facts`) in the prover's grammar."""
        copies, over = self.symbols()
        return [_text(fact) for fact in K.copy_facts(copies, over, [rv(v) for v in universe])]

    def __str__(self) -> str:
        made = ", ".join(self.names[v] for v in self.copied)
        original = ", ".join(self.copied)
        return f"{made} a copy of {original} over {', '.join(self.over) or 'nothing'}"


def _names(group: sympy.Basic) -> str:
    return ",".join(v.name for v in group.args)


def _text(fact: sympy.Basic) -> str:
    sides = []
    for side in (fact.lhs, fact.rhs):
        if isinstance(side, EntropyTerm):
            first, given = side.args
            sides.append(f"H({_names(first)}{'|' + _names(given) if given.args else ''})")
        elif isinstance(side, MutualInformationTerm):
            a, b, c = side.args
            sides.append(f"I({_names(a)};{_names(b)}{'|' + _names(c) if c.args else ''})")
        else:
            sides.append(str(side))
    return f"{sides[0]} = {sides[1]}"


def _fresh(name: str, taken: set[str]) -> str:
    candidate = f"{name}1"
    while candidate in taken:
        candidate += "1"
    taken.add(candidate)
    return candidate


def candidates(variables: Sequence[str], budget: int = BUDGET) -> list[Copy]:
    """Up to ``budget`` copies: one copied variable first, then two; T nonempty, small T first.

    Parameters
    ----------
    variables : sequence of str
        The statement's variables.
    budget : int, optional
        The most copies returned (default 120).

    Returns
    -------
    list of Copy
        Copies of one variable first, then of two; the conditioning set T nonempty, small T first.
    """
    ordered = sorted(variables)
    plan: list[Copy] = []
    for size in (1, 2):
        for copied in combinations(ordered, size):
            rest = [v for v in ordered if v not in copied]
            for extra in range(1, len(rest) + 1):
                for over in combinations(rest, extra):
                    taken = set(ordered)
                    names = {v: _fresh(v, taken) for v in copied}
                    plan.append(Copy(copied, over, names, tuple(ordered)))
                    if len(plan) >= budget:
                        return plan
    return plan
