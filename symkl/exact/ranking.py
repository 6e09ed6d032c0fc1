"""Ranking candidates by an exact measure (:mod:`symkl.exact.canonical` compares, :mod:`symkl.exact.measures` measures).

>>> import symkl as sk
>>> A = sk.Distribution(["1/2", "1/2"], name="A")
>>> [r.rank for r in rank(A, [sk.Distribution(["1/4", "3/4"]), sk.Distribution(["3/4", "1/4"])])]
[1, 1]
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from sympy import Expr, S

from .canonical import compare, decided_sign
from .measures import checked_base, kl_divergence
from .printing import text

__all__ = ["Ranking", "rank"]


def _below_one(base: Any) -> bool:
    """Whether a log base lies below 1 (decided exactly; e and None are above)."""
    value = checked_base(base)
    return value is not S.Exp1 and decided_sign(value - 1) == -1


class Ranking(NamedTuple):
    """One ranked candidate: its rank (ties share a rank), the candidate and its exact value."""

    rank: int
    candidate: Any
    value: Expr

    def __str__(self) -> str:
        """The rank, the candidate and its value as a reader writes it.

        >>> import symkl as sk
        >>> A, B = sk.Distribution(["1/2", "1/2"], name="A"), sk.Distribution(["1/4", "3/4"], name="B")
        >>> print(sk.rank(A, [B], base=2)[0])
        1. B: 1 - (1/2) log₂ 3
        """
        return f"{self.rank}. {text(self.candidate)}: {text(self.value, collect=True)}"


def rank(
    truth: Any,
    candidates: Sequence[Any],
    measure: Callable[..., Expr] | None = None,
    **options: Any,
) -> list[Ranking]:
    """Candidates ordered from closest to farthest from `truth` under `measure` (default KL), exactly.

    >>> import symkl as sk
    >>> A = sk.Distribution(["1/2", "1/2"], name="A")
    >>> B = sk.Distribution(["1/4", "3/4"], name="B")
    >>> C = sk.Distribution(["1/8", "7/8"], name="C")
    >>> [(r.rank, r.candidate, r.value) for r in sk.rank(A, [C, B])]
    [(1, B, -log(3)/2 + log(2)), (2, C, -log(7)/2 + 2*log(2))]
    """
    if measure is None:
        measure = kl_divergence
    values = [measure(truth, candidate, **options) for candidate in candidates]
    # A base below 1 flips the sign of every divergence (log b < 0): the closest model then has the largest
    # value. Closeness does not depend on the unit, so the order is that of the values in nats.
    direction = -1 if _below_one(options.get("base")) else 1

    def by_value(i: int, j: int) -> int:
        return direction * compare(values[i], values[j])

    order = sorted(range(len(candidates)), key=functools.cmp_to_key(by_value))
    result: list[Ranking] = []
    for position, index in enumerate(order):
        tied = bool(result) and compare(values[index], result[-1].value) == 0
        place = result[-1].rank if tied else position + 1
        result.append(Ranking(place, candidates[index], values[index]))
    return result
