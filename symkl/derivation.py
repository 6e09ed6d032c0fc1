r"""Step-by-step derivations, every step checked against the previous one when it is added.

A step's verdict is ``proved`` only when a kernel Theorem states exactly
``previous relation value`` (given with ``by=``, or found by the kernel's
``compute`` for numbers and ``rewrite`` for symbolic equalities);
``unknown`` otherwise (shown with numeric evidence and flagged, never
rendered as proved); the first row is ``given``. A step that is wrong raises
:class:`DerivationError` naming the step and why. Words go between rows
(:meth:`Derivation.intertext`) and never justify a row.

>>> from sympy import log, Rational
>>> d = Derivation(log(8), title="log 8")
>>> d = d.step(3 * log(2), "log(a^k) = k log a").step(log(2) * 3, "reorder")
>>> print(d.to_text())
log 8
  log(8)
  = 3*log(2)    [log(a^k) = k log a; proved]
  = 3*log(2)    [reorder; proved]
>>> d.step(log(7), "a wrong step")
Traceback (most recent call last):
...
symkl.derivation.DerivationError: step 4 (a wrong step): 3*log(2) = log(7) is false
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Literal

import sympy
from sympy import Expr
from sympy.core.relational import Relational

from .canonical import decided_sign, decimal_string
from .errors import KernelError
from .printing import exact_str, latex
from .proof import kernel
from .proof.algebra import Facts
from .proof.kernel import Theorem, show

__all__ = ["Derivation", "DerivationError", "Row"]

Verdict = Literal["given", "proved", "unknown"]


class DerivationError(ValueError):
    """A derivation step does not follow from the previous one."""


@dataclass(frozen=True)
class Row:
    """One row: relation to the previous row, the value, how it is shown, why it holds and its verdict."""

    relation: str  # "" for the first row, then "=", "<=", ">=" or "~" (a decimal approximation)
    value: Any
    latex: str
    text: str
    justification: str = ""
    verdict: Verdict = "given"
    evidence: str = ""
    theorem: Any = None


_RELATIONS = {"=": sympy.Eq, "<=": sympy.Le, ">=": sympy.Ge}
_LATEX_RELATIONS = {"": "", "=": "=", "<=": r"\le", ">=": r"\ge", "~": r"\approx"}
_TEXT_RELATIONS = {"": "", "=": "=", "<=": "<=", ">=": ">=", "~": "~"}


def _escape(text: str) -> str:
    """Text safe inside \\text{} with plain amsmath and the default OT1 font encoding."""
    replacements = {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "_": r"\_",
        "&": r"\&",
        "%": r"\%",
        "#": r"\#",
        "$": r"\$",
        "^": r"\^{}",
        "~": r"\~{}",
        "|": r"\textbar{}",
        "<": r"\textless{}",
        ">": r"\textgreater{}",
    }
    return "".join(replacements.get(char, char) for char in text)


class Derivation:
    """An ordered list of rows; each added row is checked against the previous one.

    Rows hold a value (checked) and how it is shown (LaTeX and text, which
    default to the value's printing). Equalities of numbers are checked by
    the exact canonical form; of symbolic expressions by log laws on
    positive factors (:func:`symkl.proofs.is_zero`); inequalities between
    numbers by :func:`symkl.compare`, between symbolic expressions only
    through a named, verified lemma of the catalogue.
    """

    def __init__(
        self,
        start: Any,
        title: str = "",
        unit: str = "",
        assumptions: str = "",
        latex_form: str | None = None,
        text_form: str | None = None,
        justification: str = "",
        facts: tuple[Any, ...] = (),
    ) -> None:
        self.facts = tuple(facts)
        self.title = title
        self.unit = unit
        self.assumptions = assumptions
        value = sympy.sympify(start) if not isinstance(start, (sympy.Basic, str)) else start
        self.rows: list[Row] = [
            Row(
                "",
                value,
                latex_form if latex_form is not None else _latex_of(value),
                text_form if text_form is not None else _text_of(value),
                justification,
                "given",
            )
        ]

    # -- building ---------------------------------------------------------------------
    def step(
        self,
        value: Any,
        justification: str = "",
        relation: str = "=",
        latex_form: str | None = None,
        text_form: str | None = None,
        by: Theorem | None = None,
    ) -> Derivation:
        """Add a row, checked against the previous row by the kernel; returns the derivation (chainable).

        ``by`` is a kernel Theorem whose statement must be exactly
        ``previous relation value``; without it the kernel is asked
        (``compute`` for numbers, ``rewrite`` for symbolic equalities).
        """
        if relation not in ("=", "<=", ">="):
            raise ValueError(f"relation must be '=', '<=' or '>=', got {relation!r}")
        value = sympy.sympify(value) if not isinstance(value, sympy.Basic) else value
        previous = self._last_value()
        index = len(self.rows) + 1
        where = f"step {index} ({justification})" if justification else f"step {index}"
        if by is not None:
            verdict, evidence, theorem = _by_theorem(by, previous, value, relation, self.facts)
        else:
            verdict, evidence, theorem = _check(previous, value, relation, where, self.facts)
        self.rows.append(
            Row(
                relation,
                value,
                latex_form if latex_form is not None else _latex_of(value),
                text_form if text_form is not None else _text_of(value),
                justification or _describe(theorem),
                verdict,
                evidence,
                theorem,
            )
        )
        return self

    def approximately(self, digits: int = 4) -> Derivation:
        """Add the decimal value of the last row with the unit; proved when the kernel bounds it exactly.

        The row is proved by two ``compute`` theorems: the exact value lies
        within half a unit of the last printed digit.
        """
        from decimal import Decimal

        exact = self._last_value()
        value = decimal_string(exact, digits)
        unit = f" {self.unit}" if self.unit else ""
        latex_unit = rf"\ \text{{{self.unit}}}" if self.unit else ""
        verdict: Verdict = "unknown"
        evidence = "the bounds could not be checked exactly"
        try:
            shown = sympy.Rational(value)
            half = sympy.Rational(10) ** int(Decimal(value).as_tuple().exponent) / 2
            kernel.compute(sympy.Ge(exact, shown - half, evaluate=False))
            kernel.compute(sympy.Le(exact, shown + half, evaluate=False))
            verdict, evidence = "proved", ""
        except (KernelError, ValueError, TypeError):
            pass
        note = f"{digits} significant digits, all guaranteed"
        self.rows.append(Row("~", value, value + latex_unit, value + unit, note, verdict, evidence))
        return self

    def intertext(self, words: str) -> Derivation:
        """Words between rows (``\\intertext``): they explain, they never justify a row."""
        self.rows.append(Row("", None, rf"\text{{{_escape(words)}}}", words, "", "given"))
        return self

    def _last_value(self) -> Any:
        for row in reversed(self.rows):
            if isinstance(row.value, sympy.Basic):
                return row.value
        raise DerivationError("there is no earlier expression to compare with")

    # -- rendering --------------------------------------------------------------------
    def to_latex(self) -> str:
        r"""The rows as an amsmath ``align*`` environment, justifications as ``\text{}`` on the right."""
        lines = []
        for position, row in enumerate(self.rows):
            if row.value is None:  # words between rows
                lines.append(rf"\intertext{{{_escape(row.text)}}}")
                continue
            elif position == 0:
                body = row.latex
            else:
                body = f"&{_LATEX_RELATIONS[row.relation]} {row.latex}"
            note = _escape(row.justification)
            if row.verdict == "unknown":
                note = (note + "; " if note else "") + r"\textbf{unproved}: " + _escape(row.evidence)
            lines.append(body + (rf" && \text{{{note}}}" if note else ""))
        if len(lines) > 1 and self.rows[0].value is not None and not self.rows[0].justification:
            lines[:2] = [lines[0] + " " + lines[1]]  # "lhs &= first step" on one line
        return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"

    def to_markdown(self) -> str:
        """A heading, the assumptions and the LaTeX rows inside ``$$`` for Markdown viewers."""
        parts = [f"### {self.title}"] if self.title else []
        if self.assumptions:
            parts.append(f"Assumptions: {self.assumptions}.")
        parts.append("$$\n" + self.to_latex() + "\n$$")
        return "\n\n".join(parts) + "\n"

    def to_text(self) -> str:
        """Plain text for terminals."""
        lines = [self.title] if self.title else []
        width = max(len(row.text) for row in self.rows)
        for position, row in enumerate(self.rows):
            relation = _TEXT_RELATIONS[row.relation]
            shown = f"  {relation} {row.text}" if relation else f"  {row.text}"
            if position and row.justification:
                verdict = row.verdict if row.verdict != "unknown" else f"UNPROVED: {row.evidence}"
                shown = f"{shown:<{width + 6}}[{row.justification}; {verdict}]"
            lines.append(shown.rstrip())
        return "\n".join(lines)

    def to_document(self) -> str:
        """A standalone LaTeX document (amsmath only) that compiles with pdflatex."""
        body = self.document_body()
        return "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n" + body + "\\end{document}\n"

    def document_body(self) -> str:
        """The section for this derivation inside a larger document."""
        parts = []
        if self.title:
            parts.append(f"\\section*{{{_escape(self.title)}}}\n")
        if self.assumptions:
            parts.append(f"Assumptions: {_escape(self.assumptions)}.\n")
        parts.append(self.to_latex() + "\n")
        return "\n".join(parts)

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    def __str__(self) -> str:
        return self.to_text()

    @property
    def proved(self) -> bool:
        """True when every row after the first is proved."""
        return all(row.verdict in ("proved", "given") for row in self.rows)


def _latex_of(value: Any) -> str:
    return value if isinstance(value, str) else latex(value)


def _text_of(value: Any) -> str:
    return value if isinstance(value, str) else exact_str(value)


def _by_theorem(
    theorem: Theorem, previous: Expr, value: Expr, relation: str, facts: tuple[Any, ...]
) -> tuple[Verdict, str, Any]:
    expected = _RELATIONS[relation](previous, value, evaluate=False)
    if not isinstance(theorem, Theorem) or theorem.statement != expected:
        stated = show(theorem.statement) if isinstance(theorem, Theorem) else repr(theorem)
        return "unknown", f"the theorem given states {stated}, not this step", None
    unstated = _unstated(theorem, facts)
    if unstated:
        return "unknown", f"the theorem rests on assumptions the derivation does not state: {unstated}", None
    return "proved", "", theorem


def _unstated(theorem: Theorem, facts: tuple[Any, ...]) -> str:
    """The theorem's assumptions that the derivation's stated facts do not entail."""
    known = Facts(facts)
    missing = [
        fact
        for fact in theorem.assumptions
        if fact not in facts and not (isinstance(fact, Relational) and kernel.entailed(fact, known))
    ]
    return ", ".join(show(fact) for fact in missing)


def _check(previous: Expr, value: Expr, relation: str, where: str, facts: tuple[Any, ...]) -> tuple[Verdict, str, Any]:
    statement = _RELATIONS[relation](previous, value, evaluate=False)
    closed = not (previous.free_symbols | value.free_symbols)
    try:
        if closed:
            return "proved", "", kernel.compute(statement)
        if relation == "=":
            return "proved", "", kernel.rewrite(previous, value, facts)
    except KernelError as error:
        if closed and "is false" in str(error):
            raise DerivationError(f"{where}: {exact_str(previous)} {relation} {exact_str(value)} is false") from None
        reason = str(error)
        if closed:
            decided = decided_sign(previous - value, 40)
            if decided is not None and not {"=": decided == 0, "<=": decided <= 0, ">=": decided >= 0}[relation]:
                raise DerivationError(
                    f"{where}: {exact_str(previous)} {relation} {exact_str(value)} is false"
                ) from None
            return "unknown", f"{reason}; agrees to 40 digits", None
        return _sampled(previous, value, where, reason)
    return "unknown", "an inequality between symbolic expressions needs a kernel theorem (by=)", None


def _sampled(previous: Expr, value: Expr, where: str, reason: str) -> tuple[Verdict, str, Any]:
    rng = random.Random(0)
    symbols = sorted(previous.free_symbols | value.free_symbols, key=str)
    for _ in range(5):
        point = {symbol: sympy.Rational(rng.randint(1, 9), 10 * len(symbols) + 1) for symbol in symbols}
        if decided_sign((previous - value).subs(point)) not in (0, None):
            shown = ", ".join(f"{symbol} = {point[symbol]}" for symbol in symbols)
            raise DerivationError(f"{where}: the two sides differ at {shown}")
    return "unknown", f"equal at 5 random rational points; not proved ({reason})", None


_RULE_WORDS = {
    "compute": "exact arithmetic",
    "rewrite": "algebra and log laws",
    "unfold": "definition",
    "combine": "combination of proved inequalities",
    "chain": "transitivity",
    "instantiate": "instance",
    "axiom": "axiom",
    "sum_over": "summed over i",
    "positivity": "positivity",
    "assume": "assumption",
}


def _describe(theorem: Any) -> str:
    """A short justification naming the kernel rule (and its definitions, if any)."""
    if theorem is None:
        return ""
    words = _RULE_WORDS.get(theorem.rule, theorem.rule)
    if any(premise.rule == "unfold" for premise in theorem.premises):
        words = "definitions, " + words
    return words
