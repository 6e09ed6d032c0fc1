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

from ..errors import Undecidable
from .canonical import compare, decided_sign, decimal_string
from .html import table
from .measures import checked_base, kl_divergence, unit_name
from .printing import escape_text, latex, text

__all__ = ["Ranking", "Rankings", "rank"]

#: Significant digits of the decimal column (every digit guaranteed, as in :func:`decimal_string`).
DIGITS = 6

#: How the measures symkl ranks by are written, in text and in LaTeX, with the truth in the first slot.
_WRITTEN = {
    "kl_divergence": ("D_KL({} || model)", r"D_{{\mathrm{{KL}}}}({} \parallel \text{{model}})"),
    "cross_entropy": ("H({}, model)", r"H({}, \text{{model}})"),
    "js_divergence": ("D_JS({} || model)", r"D_{{\mathrm{{JS}}}}({} \parallel \text{{model}})"),
}


def _below_one(base: Any) -> bool:
    """Whether a log base lies below 1 (decided exactly; e and None are above)."""
    value = checked_base(base)
    return value is not S.Exp1 and decided_sign(value - 1) == -1


class Ranking(NamedTuple):
    """One ranked candidate: its rank (ties share a rank), the candidate and its exact value.

    Parameters
    ----------
    rank : int
        1 for the closest; ties share a rank.
    candidate : Distribution
        The model.
    value : sympy.Expr
        Its exact value under the measure.
    """

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

    def __repr__(self) -> str:
        """Short: the candidate by its name, the value by the human printer.

        >>> import symkl as sk
        >>> A, B = sk.Distribution(["1/2", "1/2"], name="A"), sk.Distribution(["1/4", "3/4"], name="B")
        >>> sk.rank(A, [B], base=2)[0]
        Ranking(rank=1, candidate=B, value=1 - (1/2) log₂ 3)
        """
        return f"Ranking(rank={self.rank}, candidate={text(self.candidate)}, value={text(self.value, collect=True)})"

    def _repr_latex_(self) -> str:
        r"""In a notebook: the rank, the candidate and its exact value.

        >>> import symkl as sk
        >>> A, B = sk.Distribution(["1/2", "1/2"], name="A"), sk.Distribution(["1/4", "3/4"], name="B")
        >>> print(sk.rank(A, [B], base=2)[0]._repr_latex_())
        $$1.\ B:\ 1 - \frac{1}{2} \log_{2} 3$$
        """
        return rf"$${self.rank}.\ {latex(self.candidate)}:\ {latex(self.value)}$$"

    def _repr_html_(self) -> str:
        """In a notebook: a one-row table (rank, model, exact value, decimal)."""
        return table(_HEAD, [_row(self)], align="rllr")


_HEAD = ["rank", "model", "exact value", "decimal"]


def _decimal(value: Expr) -> str:
    """The value to :data:`DIGITS` guaranteed digits (``∞`` as itself, nothing when undecidable)."""
    if value.is_infinite:
        return text(value)
    try:
        return decimal_string(value, DIGITS)
    except Undecidable:  # digits that cannot be decided (a value SymPy cannot enclose): the exact value stands alone
        return ""


def _approximately(value: Expr) -> str:
    """`` ≈ 0.207519`` after an exact value, or nothing when the digits say no more than it (``1/4``, ``0``)."""
    decimal = _decimal(value)
    if not decimal or decimal == text(value) or (value.is_Rational and _is_exact(decimal, value)):
        return ""
    return " ≈ " + decimal


def _is_exact(decimal: str, value: Expr) -> bool:
    from fractions import Fraction

    try:
        return Fraction(decimal) == Fraction(int(value.p), int(value.q))
    except ValueError:
        return False


def _row(entry: Ranking) -> list[str]:
    return [str(entry.rank), text(entry.candidate), text(entry.value, collect=True), _decimal(entry.value)]


class Rankings(list[Ranking]):
    """What :func:`rank` returns: a list of :class:`Ranking`, closest first, that knows its truth, measure and unit.

    >>> import symkl as sk
    >>> A = sk.Distribution(["1/2", "1/2"], name="A")
    >>> B, C = sk.Distribution(["1/4", "3/4"], name="B"), sk.Distribution(["1/8", "7/8"], name="C")
    >>> print(sk.rank(A, [C, B], base=2))
    Models ranked by D_KL(A || model) in bits, closest first (exact comparison):
      1. B: 1 - (1/2) log₂ 3 ≈ 0.207519
      2. C: 2 - (1/2) log₂ 7 ≈ 0.596323
    """

    def __init__(self, entries: Sequence[Ranking], truth: Any = None, measure: str = "kl_divergence", base: Any = None):
        super().__init__(entries)
        self.truth, self.measure, self.base = truth, measure, base

    @property
    def title(self) -> str:
        """``Models ranked by D_KL(A || model) in bits, closest first (exact comparison)``."""
        written = _WRITTEN.get(self.measure, (self.measure + "({}, model)", ""))[0].format(text(self.truth))
        unit = f" in {self.unit}" if self.unit else ""
        return f"Models ranked by {written}{unit}, closest first (exact comparison)"

    @property
    def unit(self) -> str:
        """The unit of the values: ``nats`` unless a base was given, none for a measure without logs (TV)."""
        return unit_name(self.base) if self.base is not None or self.measure in _WRITTEN else ""

    def __str__(self) -> str:
        lines = [self.title + ":"]
        lines.extend(f"  {entry}{_approximately(entry.value)}" for entry in self)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """In a notebook: a table of rank, model, exact value and decimal, every cell escaped.

        >>> import symkl as sk
        >>> A, B = sk.Distribution(["1/2", "1/2"], name="A"), sk.Distribution(["1/4", "3/4"], name="<B>")
        >>> print(sk.rank(A, [B], base=2)._repr_html_())
        <table class="symkl">
        <caption ...>Models ranked by D_KL(A || model) in bits, closest first (exact comparison)</caption>
        <thead><tr><th ...>rank</th><th ...>model</th><th ...>exact value</th><th ...>decimal</th></tr></thead>
        <tbody>
        <tr><td ...>1</td><td ...>&lt;B&gt;</td><td ...>1 - (1/2) log₂ 3</td><td ...>0.207519</td></tr>
        </tbody>
        </table>
        """
        return table(_HEAD, [_row(entry) for entry in self], self.title, align="rllr", what="models")

    def _repr_latex_(self) -> str:
        r"""In a notebook: the ranking as an array (rank, model, exact value, decimal) under its measure and unit.

        >>> import symkl as sk
        >>> A, B = sk.Distribution(["1/2", "1/2"], name="A"), sk.Distribution(["1/4", "3/4"], name="B")
        >>> print(sk.rank(A, [B], base=2)._repr_latex_())
        $$\begin{array}{r|l|l|l} \text{rank} & \text{model} & D_{\mathrm{KL}}(A \parallel \text{model}) \text{ in bits}
        & \text{decimal} \\ \hline 1 & B & 1 - \frac{1}{2} \log_{2} 3 & 0.207519 \end{array}$$
        """
        written = _WRITTEN.get(self.measure, ("", ""))[1].format(latex(self.truth)) or (
            rf"\text{{{escape_text(self.measure)}}}({latex(self.truth)}, \text{{model}})"
        )
        unit = rf" \text{{ in {escape_text(self.unit)}}}" if self.unit else ""
        head = rf"\text{{rank}} & \text{{model}} & {written}{unit} & \text{{decimal}}"
        rows = []
        for entry in self:
            decimal = _decimal(entry.value).replace("∞", r"\infty")
            rows.append(f"{entry.rank} & {latex(entry.candidate)} & {latex(entry.value)} & {decimal}")
        return r"$$\begin{array}{r|l|l|l} " + head + r" \\ \hline " + r" \\ ".join(rows) + r" \end{array}$$"


def rank(
    truth: Any,
    candidates: Sequence[Any],
    measure: Callable[..., Expr] | None = None,
    **options: Any,
) -> Rankings:
    """Candidates ordered from closest to farthest from `truth` under `measure` (default KL), exactly.

    >>> import symkl as sk
    >>> A = sk.Distribution(["1/2", "1/2"], name="A")
    >>> B = sk.Distribution(["1/4", "3/4"], name="B")
    >>> C = sk.Distribution(["1/8", "7/8"], name="C")
    >>> sk.rank(A, [C, B])
    [Ranking(rank=1, candidate=B, value=(1/2) log(4/3)), Ranking(rank=2, candidate=C, value=(1/2) log(16/7))]
    >>> [(r.rank, r.candidate.name, r.value) for r in sk.rank(A, [C, B])]
    [(1, 'B', -log(3)/2 + log(2)), (2, 'C', -log(7)/2 + 2*log(2))]

    Parameters
    ----------
    truth : Distribution or sequence or dict
        The reference distribution. A :class:`~symkl.Distribution`, a sequence of exact probabilities (int,
        ``Fraction``,
        ``Decimal``, text such as ``"3/8"`` or ``"0.375"``, a float read as its shortest decimal, a SymPy
        expression) or a dict from outcomes to probabilities.
    candidates : sequence
        The models, each a distribution on the same outcomes as ``truth``.
    measure : callable, optional
        ``measure(truth, candidate, **options)`` returning an exact value; :func:`symkl.kl_divergence` by default.
    **options
        Passed to the measure, e.g. ``base=2``.

    Returns
    -------
    Rankings
        A list of :class:`Ranking` (rank, candidate, exact value), closest first; ties share a rank. Prints as a table
        and shows itself in notebooks.

    Raises
    ------
    InvalidDistribution
        A distribution fails exact validation (negative entry, entries not summing to exactly 1, ...) or two
        distributions have different outcomes.
    InvalidInput
        A value or the base cannot be read (a base must be a positive exact number other than 1, ``e`` or a
        unit name).
    Undecidable
        Two values cannot be ordered (free symbols).
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
    result = Rankings([], truth, getattr(measure, "__name__", "measure"), options.get("base"))
    for position, index in enumerate(order):
        tied = bool(result) and compare(values[index], result[-1].value) == 0
        place = result[-1].rank if tied else position + 1
        result.append(Ranking(place, candidates[index], values[index]))
    return result
