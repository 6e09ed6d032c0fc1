"""Exact finite distributions: construction, validation, joint tables.

>>> import symkl as sk
>>> A = sk.Distribution(["1/2", "1/2"], name="A")
>>> A.probabilities
(1/2, 1/2)
>>> sk.Distribution([0.25, 0.75]).probabilities
(1/4, 3/4)
>>> sk.Distribution({"sun": "1/3", "rain": "2/3"}).as_dict()
{'sun': 1/3, 'rain': 2/3}
>>> sk.Distribution([0.5, -0.25, 0.75])
Traceback (most recent call last):
...
symkl.errors.InvalidDistribution: probability at index 1 is negative: -1/4
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from decimal import Decimal
from fractions import Fraction
from typing import Any, Union

import sympy
from sympy import Basic, Expr, Integer, Rational, Symbol, Tuple
from sympy.core.symbol import Str
from sympy.logic.boolalg import BooleanAtom, false, true
from sympy.sets.sets import Set as SympySet

from ..errors import InvalidDistribution, InvalidInput
from .bulk import paused_collection
from .canonical import decided_sign
from .html import TABLE_ROWS, table
from .parsing import brief, split_list, to_exact
from .printing import escape_text, text

__all__ = [
    "Distribution",
    "DistributionLike",
    "JointDistribution",
    "as_distribution",
    "bernoulli",
    "common_support",
    "uniform",
]

Outcome = Any
DistributionLike = Union["Distribution", Sequence[Any], Mapping[Any, Any], str]

#: Floats whose exact sum misses 1 by less than this get the "rounding" error message.
FLOAT_DRIFT = Rational(1, 10**6)


def _outcome_to_sympy(outcome: Outcome) -> Basic:
    if isinstance(outcome, Basic):
        return outcome
    if isinstance(outcome, bool):
        raise InvalidDistribution(f"outcome {_shown(outcome)} is a bool; use 0/1 or a string")
    if isinstance(outcome, int):
        return Integer(outcome)
    if isinstance(outcome, str):
        return Str(outcome)
    if isinstance(outcome, tuple):
        return Tuple(*(_outcome_to_sympy(part) for part in outcome))
    raise InvalidDistribution(
        f"outcome {_shown(outcome)} has type {type(outcome).__name__}; outcomes must be str, int or tuples of them"
    )


def _outcome_from_sympy(outcome: Basic) -> Outcome:
    if isinstance(outcome, Str):
        return outcome.name
    if isinstance(outcome, Integer):
        return int(outcome)
    if isinstance(outcome, Tuple):
        return tuple(_outcome_from_sympy(part) for part in outcome)
    return outcome


def _shown(outcome: object, limit: int = 60) -> str:
    """repr of an outcome for a message, cut to ``limit`` characters."""
    try:
        return brief(repr(outcome), limit)
    except ValueError:  # an integer beyond Python's digit limit for repr()
        return "a number too long to print"


def _is_float_like(value: object) -> bool:
    if isinstance(value, (bool, int, Fraction, Decimal, str)):
        return False
    if isinstance(value, Basic):
        return bool(getattr(value, "is_Float", False))
    return isinstance(value, float) or hasattr(value, "dtype")


def _refuse_unordered(value: object, what: str) -> None:
    """Sets iterate in hash order, which changes between runs: refuse them rather than guess an order.

    >>> _refuse_unordered({"1/2"}, "probabilities")
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistribution: probabilities given as a set have no fixed order ...; pass a list or tuple ...
    """
    if isinstance(value, (AbstractSet, SympySet)):
        remedy = "a list or tuple" + (
            " in outcome order, or a dict from outcomes to probabilities" if what == "probabilities" else ""
        )
        raise InvalidDistribution(
            f"{what} given as a {type(value).__name__} have no fixed order (and a set merges equal entries); "
            f"pass {remedy}"
        )


def _where(outcome: Outcome, keyed: bool) -> str:
    return f"of outcome {_shown(outcome)}" if keyed else f"at index {outcome}"


class Distribution(Basic):
    """A finite probability distribution with exact (or symbolic) probabilities.

    A SymPy ``Basic``: hashable, ``P.func(*P.args) == P``, printed as its
    name in formulas (or as its probability vector when unnamed).

    >>> import symkl as sk
    >>> P = sk.Distribution(["1/2", "1/4", "1/4"], name="P")
    >>> P
    Distribution P = (1/2, 1/4, 1/4)
    >>> print(P, len(P), P.probability(2))
    P 3 1/4
    >>> P.func(*P.args) == P
    True
    >>> sk.Distribution([0.1, 0.2, 0.3, 0.4]).probabilities
    (1/10, 1/5, 3/10, 2/5)
    >>> sk.Distribution(["0.333", "0.333", "0.334"]).probabilities
    (333/1000, 333/1000, 167/500)
    >>> sk.Distribution([1, 1, 2], normalize=True).probabilities
    (1/4, 1/4, 1/2)

    Validation is exact; floats that miss 1 only by rounding are refused
    with the remedy named:

    >>> sk.Distribution([1/3, 1/3, 1/3])
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistribution: entries sum to 9999999999999999/10000000000000000, not 1: the floats miss 1 ...

    Parameters
    ----------
    probabilities : sequence or dict
        Exact probabilities: int, ``Fraction``, ``Decimal``, text such as ``"3/8"``, ``"0.375"``, ``"1e-3"``, floats
        (read as their shortest decimal, never as the binary double), SymPy expressions (symbols allowed); or a dict
        from outcomes to probabilities.
    name : str, optional
        The name printed in formulas (``D(A || B)``).
    outcomes : sequence, optional
        The outcomes, 0..n-1 by default (or the dict's keys).
    normalized : bool, optional
        Internal: records that the probabilities were rescaled (set by ``normalize=True``).
    normalize : bool, optional
        Rescale exactly by the sum, and record that it was done; nothing is ever renormalised without it.

    Returns
    -------
    Distribution
        A SymPy ``Basic``: hashable, ``P.func(*P.args) == P``.

    Raises
    ------
    InvalidDistribution
        Empty, a negative entry, NaN or infinity, a non-number, entries that do not sum to exactly 1 (floats that miss
        only by rounding get the remedy named), duplicate outcomes; the message names the problem and the position.
    """

    def __new__(
        cls,
        probabilities: DistributionLike,
        name: str | Str | None = None,
        outcomes: Iterable[Outcome] | Tuple | None = None,
        normalized: bool | BooleanAtom = False,
        *,
        normalize: bool = False,
    ) -> Distribution:
        if isinstance(probabilities, Distribution):
            if name is None and outcomes is None:
                return probabilities
            source = probabilities
            probabilities, outcomes = source.probabilities, outcomes or source.args[2]
        _refuse_unordered(probabilities, "probabilities")
        _refuse_unordered(outcomes, "outcomes")
        keyed = isinstance(probabilities, Mapping)
        if keyed:
            assert isinstance(probabilities, Mapping)
            if outcomes is not None:
                raise InvalidDistribution("give outcomes either as mapping keys or as outcomes=, not both")
            outcomes, raw_values = list(probabilities.keys()), list(probabilities.values())
        elif isinstance(probabilities, str):
            raw_values = split_list(probabilities)
        else:
            if hasattr(probabilities, "tolist"):
                probabilities = probabilities.tolist()
            try:
                raw_values = list(probabilities)
            except TypeError:
                raise InvalidDistribution(
                    f"expected a sequence or mapping of probabilities, got {type(probabilities).__name__}"
                ) from None
        if not raw_values:
            raise InvalidDistribution("distribution is empty")
        name_str = name.name if isinstance(name, Str) else name
        if name_str is not None and not isinstance(name_str, str):
            raise InvalidDistribution(f"name must be a string, got {type(name_str).__name__}")
        with paused_collection():  # 10**5 entries make 10**5 SymPy numbers: see symkl.exact.bulk
            if outcomes is None:
                outcome_tuple = _default_outcomes(len(raw_values))
            else:
                outcome_list = list(outcomes)
                if len(outcome_list) != len(raw_values):
                    raise InvalidDistribution(f"{len(raw_values)} probabilities but {len(outcome_list)} outcomes")
                sympy_outcomes = [_outcome_to_sympy(outcome) for outcome in outcome_list]
                _check_duplicates(sympy_outcomes)
                outcome_tuple = Tuple(*sympy_outcomes)
            labels = [_outcome_from_sympy(outcome) for outcome in outcome_tuple] if keyed else None
            values = [
                _validated_entry(value, index if labels is None else labels[index], keyed, normalize)
                for index, value in enumerate(raw_values)
            ]
            values, did_normalize = _checked_total(values, raw_values, normalize)
            flag = true if (bool(normalized) or did_normalize) else false
            return Basic.__new__(cls, Tuple(*values), Str(name_str or ""), outcome_tuple, flag)

    # -- alternative constructors -------------------------------------------------
    @classmethod
    def symbolic(cls, n: int, symbol: str = "p", name: str | None = None) -> Distribution:
        """A distribution of size n with positive symbols p1, ..., p(n-1) and 1 - p1 - ... .

        >>> import symkl as sk
        >>> G = sk.Distribution.symbolic(3, "p")
        >>> G.probabilities
        (p1, p2, -p1 - p2 + 1)
        >>> G.assumptions
        (p1 > 0, p2 > 0, -p1 - p2 + 1 > 0)

        Parameters
        ----------
        n : int
            The number of outcomes.
        symbol : str, optional
            The stem of the symbols' names.
        name : str or None, optional
            The name of the distribution.

        Returns
        -------
        Distribution
            The symbolic distribution.
        """
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise InvalidDistribution(f"size must be a positive integer, got {n!r}")
        if not symbol.isidentifier():
            raise InvalidDistribution(f"symbol prefix {symbol!r} is not an identifier")
        symbols = [Symbol(f"{symbol}{index}", positive=True) for index in range(1, n)]
        return cls([*symbols, 1 - sympy.Add(*symbols)], name=name or symbol.upper())

    # -- accessors ----------------------------------------------------------------
    @property
    def probabilities(self) -> tuple[Expr, ...]:
        """The probabilities, as exact SymPy expressions, in outcome order."""
        return tuple(self.args[0])

    @property
    def name(self) -> str | None:
        """The name used in formulas, or None."""
        return self.args[1].name or None

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """The outcomes as Python values (0..n-1 when none were given)."""
        return tuple(_outcome_from_sympy(outcome) for outcome in self.args[2])

    @property
    def normalized(self) -> bool:
        """True when ``normalize=True`` rescaled the given entries."""
        return bool(self.args[3])

    @property
    def assumptions(self) -> tuple[sympy.Basic, ...]:
        """Conditions kept for symbolic entries: each > 0 when built from positive symbols, else >= 0.

        The entries of a symbolic distribution always sum to 1 identically.
        """
        symbolic = [value for value in self.probabilities if value.free_symbols]
        strict = all(symbol.is_positive for value in symbolic for symbol in value.free_symbols)
        relation = sympy.StrictGreaterThan if strict else sympy.GreaterThan
        return tuple(relation(value, 0, evaluate=False) for value in symbolic)

    @property
    def assumed_positive(self) -> tuple[bool, ...]:
        """Per entry: known positive, or assumed positive (see :attr:`assumptions`).

        >>> import symkl as sk
        >>> sk.Distribution.symbolic(3).assumed_positive
        (True, True, True)
        """
        strict = {relation.lhs for relation in self.assumptions if isinstance(relation, sympy.StrictGreaterThan)}
        return tuple(bool(value.is_positive) or value in strict for value in self.probabilities)

    @property
    def is_symbolic(self) -> bool:
        """True when some probability has free symbols."""
        return any(value.free_symbols for value in self.probabilities)

    def probability(self, outcome: Outcome) -> Expr:
        """The probability of one outcome.

        >>> import symkl as sk
        >>> sk.Distribution({"sun": "1/3", "rain": "2/3"}).probability("rain")
        2/3

        Parameters
        ----------
        outcome : Outcome
            One of the outcomes.

        Returns
        -------
        sympy.Expr
            Its probability.
        """
        key = _outcome_to_sympy(outcome)
        for candidate, value in zip(self.args[2], self.args[0]):
            if candidate == key:
                return value
        raise KeyError(outcome)

    def as_dict(self) -> dict[Outcome, Expr]:
        """Outcomes mapped to probabilities.

        Returns
        -------
        dict
            Each outcome mapped to its probability, in order.
        """
        return dict(zip(self.outcomes, self.probabilities))

    def __len__(self) -> int:
        return len(self.args[0])

    def with_name(self, name: str | None) -> Distribution:
        """The same distribution under another name.

        Parameters
        ----------
        name : str or None
            The new name.

        Returns
        -------
        Distribution
            The renamed distribution.
        """
        return Basic.__new__(type(self), self.args[0], Str(name or ""), self.args[2], self.args[3])

    # -- printing -----------------------------------------------------------------
    def _sympystr(self, printer: Any) -> str:
        if self.name:
            return self.name
        return "(" + ", ".join(printer._print(value) for value in self.probabilities) + ")"

    def _latex(self, printer: Any) -> str:
        if self.name:
            return _latex_name(self.name)
        inner = ", ".join(printer._print(value) for value in self.probabilities)
        return r"\left(" + inner + r"\right)"

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(self._sympystr(sympy.printing.str.StrPrinter()))

    def __str__(self) -> str:
        """Its name, as in formulas (the probability vector when unnamed): ``str(A)`` is ``A``."""
        return self._sympystr(sympy.printing.str.StrPrinter())

    def __repr__(self) -> str:
        """The name and the probabilities (the first 8, then how many more), by :func:`symkl.text`.

        >>> Distribution(["1/2", "1/2"], name="A")
        Distribution A = (1/2, 1/2)
        >>> Distribution({"sun": "1/3", "rain": "2/3"})
        Distribution {'sun': 1/3, 'rain': 2/3}
        >>> uniform(30, name="U")
        Distribution U = (1/30, 1/30, 1/30, 1/30, 1/30, 1/30, 1/30, 1/30, … 22 more)
        """
        title = f"Distribution {self.name} = " if self.name else "Distribution "
        cells = list(zip(self.outcomes, self.probabilities))
        if self.outcomes == tuple(range(len(self))):
            return title + _entries([_entry_text(p) for _, p in cells], "(", ")")
        return title + _entries([f"{_shown(o, 30)}: {_entry_text(p)}" for o, p in cells], "{", "}")

    def _repr_html_(self) -> str:
        """In a notebook: a table of outcomes and exact probabilities (20 rows, then elided), every cell escaped.

        >>> print(Distribution({"<b>": "1/3", "b": "2/3"}, name="W")._repr_html_())
        <table class="symkl">
        <caption ...>Distribution W</caption>
        <thead><tr><th ...>outcome</th><th ...>probability</th></tr></thead>
        <tbody>
        <tr><td ...>&lt;b&gt;</td><td ...>1/3</td></tr>
        <tr><td ...>b</td><td ...>2/3</td></tr>
        </tbody>
        </table>
        """
        rows = [[_outcome_text(o), text(p)] for o, p in zip(self.outcomes, self.probabilities)]
        caption = f"Distribution {self.name}" if self.name else "Distribution"
        return table(["outcome", "probability"], rows, caption, what="outcomes")

    def _repr_latex_(self) -> str:
        r"""In a notebook: the name and a table of outcomes and probabilities (in formulas it stays its name).

        >>> print(Distribution({"sun": "1/3", "rain": "2/3"}, name="W")._repr_latex_())
        $$W:\ \begin{array}{c|c} x & p(x) \\ \hline \text{sun} & \frac{1}{3} \\ \text{rain} & \frac{2}{3} \end{array}$$
        """
        return _table_latex(
            self.name, ["x"], [((outcome,), p) for outcome, p in zip(self.outcomes, self.probabilities)]
        )


#: Entries a repr shows before it elides the rest.
REPR_ENTRIES = 8


def _entry_text(value: Expr, limit: int = 40) -> str:
    """A probability for a repr: the human printer's text, a huge number shortened (``about 1.0e-400``)."""
    shown = text(value)
    return shown if len(shown) <= limit else brief(value, limit)


def _entries(items: list[str], opening: str, closing: str) -> str:
    shown = items[:REPR_ENTRIES] + ([f"… {len(items) - REPR_ENTRIES} more"] if len(items) > REPR_ENTRIES else [])
    return opening + ", ".join(shown) + closing


def _outcome_text(outcome: Any) -> str:
    """An outcome in a table cell: ``sun``, ``3``, ``0, 1`` for a tuple."""
    if isinstance(outcome, tuple):
        return ", ".join(_outcome_text(part) for part in outcome)
    return str(outcome)


def _outcome_latex(outcome: Any) -> str:
    if isinstance(outcome, (int, sympy.Integer)) and not isinstance(outcome, bool):
        return str(outcome)
    return rf"\text{{{escape_text(str(outcome))}}}"


def _table_latex(name: str | None, columns: Sequence[str], rows: Sequence[tuple[tuple[Any, ...], Any]]) -> str:
    """A probability table as an array that pdflatex, KaTeX and MathJax 3 all render."""
    from sympy.printing.latex import latex

    shown = list(rows[:TABLE_ROWS])
    body = [" & ".join([*(_outcome_latex(o) for o in outcome), latex(p)]) for outcome, p in shown]
    if len(rows) > TABLE_ROWS:
        body.append(rf"\text{{... {len(rows) - TABLE_ROWS} more}} & \vdots")
    head = " & ".join([*columns, "p(" + ", ".join(columns) + ")"])
    spec = "c" * len(columns) + "|c"
    title = rf"{_latex_name(name)}:\ " if name else ""
    return rf"$${title}\begin{{array}}{{{spec}}} {head} \\ \hline " + r" \\ ".join(body) + r" \end{array}$$"


#: Primes that tell same-named distributions apart (A, A′, A″), as LaTeX writes them.
_PRIMES = {"′": "'", "″": "''", "‴": "'''"}


#: Names written in formulas as they are (letters, digits, ``_``, ``|``, primes); others go in ``\text``.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_|′″‴]*")


def _latex_name(name: str) -> str:
    r"""A name in formulas; trailing primes become LaTeX's (``A′`` is ``A'``).

    >>> _latex_name("A″"), _latex_name("Q1′")
    ("A''", "\\mathrm{Q1}'")
    >>> print(_latex_name("a{b}$"))
    \text{a$\{$b$\}$$\$$}
    """
    if not _PLAIN_NAME.fullmatch(name):  # anything a formula cannot hold as it is: text, every character escaped
        return rf"\text{{{escape_text(name)}}}"
    stem = name.rstrip("".join(_PRIMES))
    if stem and stem != name:
        return _latex_name(stem) + "".join(_PRIMES[mark] for mark in name[len(stem) :])
    if len(name) == 1 or (name.isalpha() and len(name) <= 2):
        return name
    return r"\mathrm{" + name.replace("_", r"\_").replace("|", r"\mid ") + "}"


@functools.lru_cache(maxsize=8)
def _default_outcomes(count: int) -> Tuple:
    """Tuple(0, 1, ..., count - 1), shared by every distribution of that length built without outcomes.

    Sharing it lets :func:`common_support` see two such distributions align without comparing
    10**5 outcomes one by one.

    >>> _default_outcomes(3), _default_outcomes(3) is _default_outcomes(3)
    ((0, 1, 2), True)
    """
    return Tuple(*(Integer(index) for index in range(count)))


def _check_duplicates(outcomes: list[Basic]) -> None:
    seen: dict[Basic, int] = {}
    for index, outcome in enumerate(outcomes):
        if outcome in seen:
            shown = _outcome_from_sympy(outcome)
            raise InvalidDistribution(f"outcome {_shown(shown)} appears twice (positions {seen[outcome]} and {index})")
        seen[outcome] = index


def _validated_entry(value: object, outcome: Outcome, keyed: bool, normalize: bool = False) -> Expr:
    try:
        exact = to_exact(value)
    except InvalidInput as error:
        raise InvalidDistribution(f"probability {_where(outcome, keyed)}: {error}") from None
    if exact.is_Rational:  # fast path: no assumption queries, and no message made unless needed
        if exact.p < 0 or (not normalize and exact.p > exact.q):
            return _checked_entry(exact, _where(outcome, keyed), normalize)
        return exact
    return _checked_entry(exact, _where(outcome, keyed), normalize)


def _checked_entry(exact: Expr, where: str, normalize: bool) -> Expr:
    if exact.is_Rational:
        if exact.p < 0:
            raise InvalidDistribution(f"probability {where} is negative: {brief(exact)}")
        if not normalize and exact.p > exact.q:
            raise InvalidDistribution(f"probability {where} exceeds 1: {brief(exact)}")
        return exact
    if not exact.free_symbols:  # a closed number: decided rigorously (SymPy's guess may be None or raise)
        try:
            unreal = exact.has(sympy.I) or exact.is_extended_real is False
        except Exception:  # SymPy's evaluation gave up (PrecisionExhausted): decided below, or refused
            unreal = False
        if unreal:
            raise InvalidDistribution(f"probability {where} is not real: {brief(exact)}")
        _decided_in_unit_interval(exact, where, normalize)
        return exact
    if exact.is_extended_negative:
        raise InvalidDistribution(f"probability {where} is negative: {brief(exact)}")
    if not normalize and (exact - 1).is_extended_positive:
        raise InvalidDistribution(f"probability {where} exceeds 1: {brief(exact)}")
    if exact.is_extended_real is False:
        raise InvalidDistribution(f"probability {where} is not real: {brief(exact)}")
    return exact


def _decided_in_unit_interval(exact: Expr, where: str, normalize: bool) -> None:
    """Raise unless 0 <= exact (and exact <= 1 unless normalizing) is decided (exp(1000) - exp(1000 + 10**-200)
    is about -2e234, though SymPy cannot tell its sign)."""
    checks = [(exact, "negative", "nonnegative")] + ([] if normalize else [(1 - exact, "exceeds 1", "at most 1")])
    for value, wrong, right in checks:
        try:
            sign = decided_sign(value, 60)
        except Exception:  # SymPy may give up on a number it cannot evaluate (PrecisionExhausted): undecided
            sign = None
        if sign is None:
            raise InvalidDistribution(
                f"probability {where}: cannot decide that {_brief_number(exact)} is {right} (too close to tell); "
                "write it exactly"
            )
        if sign < 0:
            raise InvalidDistribution(f"probability {where} is {wrong}: {_brief_number(exact)}")


def _brief_number(exact: Expr) -> str:
    try:
        return brief(exact)
    except Exception:  # printing evaluates some terms (floor of a huge multiple of pi) and may give up
        return "the entry"


def _checked_total(values: list[Expr], raw_values: list[object], normalize: bool) -> tuple[list[Expr], bool]:
    if all(value.is_Rational for value in values):
        total: Expr = _rational_sum(values)
    else:
        total = sympy.Add(*values)
    if total == 1:
        return values, False
    if normalize:
        if total.free_symbols or not total.is_positive:
            raise InvalidDistribution(f"cannot normalize: the entries sum to {brief(total)}, not a positive number")
        return [value / total for value in values], True
    if total.free_symbols:
        if sympy.cancel(sympy.expand(total - 1)) == 0:
            return values, False
        raise InvalidDistribution(
            f"entries sum to {brief(total)}, which is not identically 1; write the last entry as 1 minus the others"
        )
    if total.is_Rational:
        message = f"entries sum to {_brief_total(total)}, not 1"
        if any(_is_float_like(value) for value in raw_values) and abs(total - 1) < FLOAT_DRIFT:
            message += (
                ": the floats miss 1 only by rounding; give exact strings or Fractions"
                ' (e.g. "1/3"), or build sk.Distribution(values, normalize=True) to rescale exactly'
            )
        raise InvalidDistribution(message)
    if (total - 1).is_zero is False:
        raise InvalidDistribution(f"entries sum to {brief(total)}, not 1")
    return values, False


def _rational_sum(values: list[Expr]) -> Rational:
    """The exact sum of SymPy rationals: numerators summed per denominator, then the few fractions.

    >>> _rational_sum([Rational(1, 3), Rational(1, 6), Rational(1, 3), Rational(1, 6)])
    1
    """
    numerators: dict[int, int] = {}
    for value in values:
        denominator = int(value.q)
        numerators[denominator] = numerators.get(denominator, 0) + int(value.p)
    total = sum((Fraction(numerator, denominator) for denominator, numerator in numerators.items()), Fraction(0))
    return Rational(total.numerator, total.denominator)


def _brief_total(total: Rational) -> str:
    """The sum of the entries for a message; a long one as its distance from 1.

    >>> _brief_total(Rational(5, 6)), _brief_total(1 + Rational(1, 10**324))
    ('5/6', 'about 1 + 1.0e-324')
    """
    text = brief(total)
    distance = total - 1
    if not text.startswith("about") or abs(distance) > FLOAT_DRIFT:
        return text
    return f"about 1 {'+' if distance > 0 else '-'} {brief(abs(distance)).removeprefix('about ')}"


def as_distribution(value: DistributionLike, role: str = "P") -> Distribution:
    """Coerce a sequence, mapping or string to a Distribution (a Distribution is kept).

    >>> as_distribution(["1/2", "1/2"]).probabilities
    (1/2, 1/2)

    Parameters
    ----------
    value : DistributionLike
        A Distribution, a sequence or mapping of probabilities, or a string of them.
    role : str, optional
        The name used for the distribution in error messages.

    Returns
    -------
    Distribution
        The distribution, exact.

    Raises
    ------
    InvalidDistribution
        If the value is not a valid probability distribution.
    """
    if isinstance(value, Distribution):
        return value
    if isinstance(value, JointDistribution):
        return value.joint
    try:
        return Distribution(value)
    except InvalidDistribution as error:
        raise InvalidDistribution(f"{role}: {error}") from None


def common_support(first: Distribution, second: Distribution) -> tuple[Distribution, Distribution]:
    """Check two distributions have the same outcomes; return them aligned to the first's order.

    >>> P = Distribution({"a": "1/4", "b": "3/4"})
    >>> Q = Distribution({"b": "1/2", "a": "1/2"})
    >>> common_support(P, Q)[1].as_dict()
    {'a': 1/2, 'b': 1/2}
    >>> common_support(Distribution([1]), Distribution(["1/2", "1/2"]))
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidDistribution: outcomes differ: the first distribution has 1 outcome (0,), the second 2 (0, 1)

    Parameters
    ----------
    first, second : Distribution
        The two distributions.

    Returns
    -------
    tuple of Distribution
        The first distribution and the second in the first's order of outcomes.

    Raises
    ------
    InvalidDistribution
        If the two have different outcomes.
    """
    if first.args[2] is second.args[2] or first.args[2] == second.args[2]:
        return first, second
    if set(first.args[2]) != set(second.args[2]):
        count = len(first)
        raise InvalidDistribution(
            f"outcomes differ: the first distribution has {count} outcome{'s' if count != 1 else ''} "
            f"{_brief_outcomes(first.outcomes)}, the second {len(second)} {_brief_outcomes(second.outcomes)}"
        )
    lookup = dict(zip(second.args[2], second.args[0]))
    reordered = [lookup[outcome] for outcome in first.args[2]]
    aligned = Basic.__new__(Distribution, Tuple(*reordered), second.args[1], first.args[2], second.args[3])
    return first, aligned


def _brief_outcomes(outcomes: tuple[Outcome, ...], shown: int = 6) -> str:
    """The outcomes for a message, at most ``shown`` of them.

    >>> _brief_outcomes((0, 1)), _brief_outcomes(tuple(range(100)))
    ('(0, 1)', '(0, 1, 2, 3, 4, ..., 99)')
    """
    if len(outcomes) <= shown:
        return _shown(outcomes, 200)
    head = ", ".join(_shown(outcome, 30) for outcome in outcomes[: shown - 1])
    return f"({head}, ..., {_shown(outcomes[-1], 30)})"


def bernoulli(p: object, name: str | None = None) -> Distribution:
    """[1 - p, p] on outcomes (0, 1); p may be a number, text or a SymPy symbol.

    >>> import sympy, symkl as sk
    >>> sk.bernoulli("1/4").probabilities
    (3/4, 1/4)
    >>> p = sympy.Symbol("p")
    >>> sk.bernoulli(p).probabilities
    (1 - p, p)

    Parameters
    ----------
    p : number, str or sympy.Expr
        The probability of outcome 1; may be a Symbol.
    name : str, optional
        The name printed in formulas.

    Returns
    -------
    Distribution
        ``[1 - p, p]`` on outcomes ``(0, 1)``.

    Raises
    ------
    InvalidDistribution
        ``p`` is known to lie outside [0, 1], or cannot be read.
    """
    try:
        value = to_exact(p)
    except InvalidInput as error:
        raise InvalidDistribution(f"bernoulli parameter: {error}") from None
    return Distribution([1 - value, value], name=name)


def uniform(n: int, name: str | None = None) -> Distribution:
    """The uniform distribution on n outcomes 0..n-1.

    >>> import symkl as sk
    >>> sk.uniform(4).probabilities
    (1/4, 1/4, 1/4, 1/4)

    Parameters
    ----------
    n : int
        The number of outcomes (positive).
    name : str, optional
        The name printed in formulas.

    Returns
    -------
    Distribution
        Probability ``1/n`` on each of the outcomes 0..n-1.

    Raises
    ------
    InvalidDistribution
        ``n`` is not a positive integer.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise InvalidDistribution(f"uniform needs a positive integer size, got {n!r}")
    return Distribution([Rational(1, n)] * n, name=name)


class JointDistribution(Basic):
    """A joint distribution of named variables, from a nested table or a dict of outcome tuples.

    Nested tables use 0-based outcomes per variable unless ``outcomes`` maps a
    variable name to its outcome labels; a dict table lists cells by outcome
    tuple, and cells it leaves out have probability 0.

    >>> import symkl as sk
    >>> J = sk.JointDistribution([["1/8", "1/8"], ["1/4", "1/2"]], names=("X", "Y"))
    >>> J.marginal("X").probabilities
    (1/4, 3/4)
    >>> J.marginal("Y").probabilities
    (3/8, 5/8)
    >>> {y: d.probabilities for y, d in J.conditional("X", given="Y").items()}
    {0: (1/3, 2/3), 1: (1/5, 4/5)}

    Parameters
    ----------
    table : nested sequence or dict
        Exact probabilities: a nested list (one level per variable, the first variable outermost) or a dict from
        outcome tuples to probabilities.
    names : sequence of str, optional
        The names of the variables, ``("X", "Y")`` by default.
    outcomes : dict, optional
        The outcomes of each variable (by name), 0..n-1 by default.

    Returns
    -------
    JointDistribution
        With ``marginal(names)``, ``conditional(names, given=...)`` and ``map(f)``.

    Raises
    ------
    InvalidDistribution
        A ragged table, a negative or unreadable entry, entries that do not sum to exactly 1, or names that are not
        distinct.
    """

    def __new__(
        cls,
        table: Any,
        names: Sequence[str] | Tuple = ("X", "Y"),
        outcomes: Mapping[str, Sequence[Outcome]] | None = None,
    ) -> JointDistribution:
        if isinstance(table, Distribution) and isinstance(names, Tuple):
            return Basic.__new__(cls, table, names)
        _refuse_unordered(table, "table entries")
        _refuse_unordered(names, "variable names")
        for labels in (outcomes or {}).values():
            _refuse_unordered(labels, "outcome labels")
        name_list = [str(name) for name in names]
        if not name_list or len(set(name_list)) != len(name_list):
            raise InvalidDistribution(f"variable names must be distinct and non-empty, got {tuple(name_list)}")
        if isinstance(table, Mapping):
            cells = _cells_from_mapping(table, len(name_list))
        else:
            cells = _cells_from_nested(table, name_list, outcomes or {})
        joint = Distribution(cells)
        return Basic.__new__(cls, joint, Tuple(*(Str(name) for name in name_list)))

    @property
    def joint(self) -> Distribution:
        """The joint probabilities as a Distribution over outcome tuples."""
        return self.args[0]

    @property
    def names(self) -> tuple[str, ...]:
        """The variable names, in table order."""
        return tuple(name.name for name in self.args[1])

    def _indices(self, names: str | Sequence[str]) -> list[int]:
        wanted = [names] if isinstance(names, str) else list(names)
        indices = []
        for name in wanted:
            if name not in self.names:
                raise InvalidDistribution(f"no variable {name!r}; the variables are {self.names}")
            indices.append(self.names.index(name))
        return indices

    def values_of(self, name: str) -> tuple[Outcome, ...]:
        """The outcomes of one variable, in first-seen order.

        Parameters
        ----------
        name : str
            The name of a variable.

        Returns
        -------
        tuple of Outcome
            Its outcomes.
        """
        (index,) = self._indices(name)
        return tuple(dict.fromkeys(outcome[index] for outcome in self.joint.outcomes))

    def cells(self) -> list[tuple[tuple[Outcome, ...], Expr]]:
        """(outcome tuple, probability) for every cell.

        Returns
        -------
        list of (tuple, sympy.Expr)
            The cells of the table with their probabilities.
        """
        return list(zip(self.joint.outcomes, self.joint.probabilities))

    def marginal_cells(self, names: str | Sequence[str]) -> dict[tuple[Outcome, ...], Expr]:
        """Marginal probabilities keyed by the outcome tuple of the chosen variables.

        Parameters
        ----------
        names : str or sequence of str
            The variables to keep.

        Returns
        -------
        dict
            The marginal probabilities.
        """
        indices = self._indices(names)
        sums: dict[tuple[Outcome, ...], list[Expr]] = {}
        for outcome, value in self.cells():
            sums.setdefault(tuple(outcome[index] for index in indices), []).append(value)
        return {key: sympy.Add(*values) for key, values in sums.items()}

    def marginal(self, names: str | Sequence[str]) -> Distribution | JointDistribution:
        """The marginal of one variable (a Distribution) or several (a JointDistribution).

        Parameters
        ----------
        names : str or sequence of str
            The variables to keep.

        Returns
        -------
        Distribution or JointDistribution
            The marginal distribution.
        """
        cells = self.marginal_cells(names)
        if isinstance(names, str):
            return Distribution({key[0]: value for key, value in cells.items()}, name=names)
        chosen = [self.names[index] for index in self._indices(names)]
        return JointDistribution(dict(cells), names=chosen)

    def map(self, f: Any, names: str | Sequence[str] | None = None, name: str | None = None) -> Distribution:
        """The distribution of f(x, y, ...), f called with the outcomes of `names` (all variables by default).

        >>> import symkl as sk
        >>> J = sk.JointDistribution([["1/4", "1/4"], ["1/4", "1/4"]])
        >>> J.map(lambda x, y: x ^ y).probabilities, sk.entropy(J.map(max), base=2)
        ((1/2, 1/2), -3*log(3)/(4*log(2)) + 2)

        Parameters
        ----------
        f : callable
            The function of the outcomes.
        names : str or sequence of str or None, optional
            The variables passed to f; all of them when None.
        name : str or None, optional
            The name of the resulting distribution.

        Returns
        -------
        Distribution
            The distribution of the values of f.
        """
        chosen = list(self.names) if names is None else [names] if isinstance(names, str) else list(names)
        indices = self._indices(chosen)
        sums: dict[Any, list[Expr]] = {}
        for outcome, value in self.cells():
            image = f(*(outcome[index] for index in indices))
            sums.setdefault(image, []).append(value)
        return Distribution({image: sympy.Add(*values) for image, values in sums.items()}, name=name)

    def conditional(self, names: str | Sequence[str], given: str | Sequence[str]) -> dict[Outcome, Distribution]:
        """p(names | given = g) for every g of nonzero probability, keyed by g.

        Parameters
        ----------
        names : str or sequence of str
            The variables whose distribution is wanted.
        given : str or sequence of str
            The variables conditioned on.

        Returns
        -------
        dict of Outcome to Distribution
            The conditional distribution for each value of the given variables.
        """
        target, condition = self._indices(names), self._indices(given)
        if set(target) & set(condition):
            raise InvalidDistribution("a variable cannot be conditioned on itself")
        given_cells = self.marginal_cells(given)
        pair_cells = self.marginal_cells([self.names[index] for index in condition + target])
        label = names if isinstance(names, str) else ",".join(names)
        result: dict[Outcome, Distribution] = {}
        for g, weight in given_cells.items():
            if weight.is_zero:
                continue
            rows = {
                key[len(condition) :]: value / weight for key, value in pair_cells.items() if key[: len(condition)] == g
            }
            key = g[0] if isinstance(given, str) else g
            condition_name = given if isinstance(given, str) else ",".join(given)
            probabilities = {k[0] if isinstance(names, str) else k: v for k, v in rows.items()}
            result[key] = Distribution(
                {k: sympy.cancel(v) if v.free_symbols else v for k, v in probabilities.items()},
                name=f"{label}|{condition_name}={key}",
            )
        return result

    def _sympystr(self, printer: Any) -> str:
        return "p(" + ", ".join(self.names) + ")"

    def _latex(self, printer: Any) -> str:
        return "p(" + ", ".join(_latex_name(name) for name in self.names) + ")"

    def __str__(self) -> str:
        """``p(X, Y)``, as in formulas."""
        return self._sympystr(None)

    def __repr__(self) -> str:
        """The variables and the cells (the first 8, then how many more), by :func:`symkl.text`.

        >>> JointDistribution([["1/8", "1/8"], ["1/4", "1/2"]], names=("X", "Y"))
        JointDistribution p(X, Y) = {(0, 0): 1/8, (0, 1): 1/8, (1, 0): 1/4, (1, 1): 1/2}
        """
        cells = [f"({_outcome_text(o)}): {_entry_text(p)}" for o, p in self.cells()]
        return f"JointDistribution {self} = " + _entries(cells, "{", "}")

    def _repr_html_(self) -> str:
        """In a notebook: one row per cell, a column per variable, then the exact probability (20 rows, then elided).

        >>> print(JointDistribution({("a", 0): "1/2", ("b", 1): "1/2"}, names=("X", "Y"))._repr_html_())
        <table class="symkl">
        <caption ...>JointDistribution p(X, Y)</caption>
        <thead><tr><th ...>X</th><th ...>Y</th><th ...>p(X, Y)</th></tr></thead>
        <tbody>
        <tr><td ...>a</td><td ...>0</td><td ...>1/2</td></tr>
        <tr><td ...>a</td><td ...>1</td><td ...>0</td></tr>
        <tr><td ...>b</td><td ...>0</td><td ...>0</td></tr>
        <tr><td ...>b</td><td ...>1</td><td ...>1/2</td></tr>
        </tbody>
        </table>
        """
        rows = [[*(_outcome_text(part) for part in o), text(p)] for o, p in self.cells()]
        return table([*self.names, str(self)], rows, f"JointDistribution {self}", what="cells")

    def _repr_latex_(self) -> str:
        """In a notebook: the joint table, one row per outcome tuple."""
        names = [_latex_name(name) for name in self.names]
        joint = self.joint
        return _table_latex(
            None, names, [(tuple(outcome), p) for outcome, p in zip(joint.outcomes, joint.probabilities)]
        )


def _cells_from_mapping(table: Mapping[Any, Any], width: int) -> dict[tuple[Outcome, ...], Any]:
    keys = [key if isinstance(key, tuple) else (key,) for key in table]
    for key in keys:
        if len(key) != width:
            raise InvalidDistribution(f"outcome {_shown(key)} has {len(key)} components, expected {width}")
    axes: list[dict[Outcome, None]] = [{} for _ in range(width)]
    for key in keys:
        for axis, component in zip(axes, key):
            axis.setdefault(component, None)
    given = dict(zip(keys, table.values()))
    cells: dict[tuple[Outcome, ...], Any] = {}
    for key in _product([list(axis) for axis in axes]):
        cells[key] = given.get(key, 0)
    return cells


def _product(axes: list[list[Outcome]]) -> list[tuple[Outcome, ...]]:
    from itertools import product

    return list(product(*axes))


def _cells_from_nested(
    table: Any, names: list[str], outcomes: Mapping[str, Sequence[Outcome]]
) -> dict[tuple[Outcome, ...], Any]:
    if hasattr(table, "tolist"):
        table = table.tolist()
    shape: list[int] = []
    level: Any = table
    for depth in range(len(names)):
        if not isinstance(level, (list, tuple)) or not level:
            raise InvalidDistribution(f"table nests {depth} deep but {len(names)} variable names were given")
        shape.append(len(level))
        level = level[0]
    if isinstance(level, (list, tuple)):
        raise InvalidDistribution(f"table nests deeper than the {len(names)} variable names given")
    labels = []
    for name, size in zip(names, shape):
        axis = list(outcomes.get(name, range(size)))
        if len(axis) != size:
            raise InvalidDistribution(f"variable {name!r} has {size} outcomes in the table but {len(axis)} labels")
        labels.append(axis)
    cells: dict[tuple[Outcome, ...], Any] = {}

    def walk(node: Any, index: tuple[int, ...]) -> None:
        if len(index) == len(names):
            if isinstance(node, (list, tuple)):
                raise InvalidDistribution(f"table entry at {index} is nested deeper than the others")
            cells[tuple(labels[axis][i] for axis, i in enumerate(index))] = node
            return
        if not isinstance(node, (list, tuple)) or len(node) != shape[len(index)]:
            found = len(node) if isinstance(node, (list, tuple)) else "a number"
            raise InvalidDistribution(
                f"table is not rectangular: entry at {index} has {found}, expected {shape[len(index)]} entries"
            )
        for position, child in enumerate(node):
            walk(child, (*index, position))

    walk(table, ())
    return cells
