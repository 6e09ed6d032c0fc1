r"""Step-by-step derivations, every step checked against the previous one when it is added.

A step's verdict is ``proved`` (checked exactly, or by a named verified
lemma), ``unknown`` (no proof found: shown with numeric evidence and flagged,
never rendered as proved) or, for the first row, ``given``; a step that is
wrong raises :class:`DerivationError` naming the step and why.

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
symkl.derivation.DerivationError: step 4 (a wrong step): 3*log(2) = log(7) is false: they differ by 3*log(2) - log(7)
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Literal

import sympy
from sympy import Expr

from .printing import exact_str, latex

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
    ) -> None:
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
        justification: str,
        relation: str = "=",
        latex_form: str | None = None,
        text_form: str | None = None,
        lemma: str | None = None,
    ) -> Derivation:
        """Add a row, checked against the previous row; returns the derivation (chainable)."""
        if relation not in ("=", "<=", ">="):
            raise ValueError(f"relation must be '=', '<=' or '>=', got {relation!r}")
        value = sympy.sympify(value) if not isinstance(value, sympy.Basic) else value
        previous = self._last_value()
        index = len(self.rows) + 1
        verdict, evidence = self._check(previous, value, relation, lemma, index, justification)
        self.rows.append(
            Row(
                relation,
                value,
                latex_form if latex_form is not None else _latex_of(value),
                text_form if text_form is not None else _text_of(value),
                justification,
                verdict,
                evidence,
            )
        )
        return self

    def approximately(self, digits: int = 4) -> Derivation:
        """Add the decimal value of the last row, every digit guaranteed, with the unit."""
        from .canonical import decimal_string

        value = decimal_string(self._last_value(), digits)
        unit = f" {self.unit}" if self.unit else ""
        latex_unit = rf"\ \text{{{self.unit}}}" if self.unit else ""
        self.rows.append(
            Row("~", value, value + latex_unit, value + unit, f"{digits} significant digits, all guaranteed", "proved")
        )
        return self

    def note(self, claim: str, justification: str, checked: bool) -> Derivation:
        """Add a row that is a statement in words (e.g. one step of a proof of an inequality)."""
        verdict: Verdict = "proved" if checked else "unknown"
        self.rows.append(Row("", None, rf"\text{{{_escape(claim)}}}", claim, justification, verdict))
        return self

    def _last_value(self) -> Any:
        for row in reversed(self.rows):
            if isinstance(row.value, sympy.Basic):
                return row.value
        raise DerivationError("there is no earlier expression to compare with")

    @staticmethod
    def _check(
        previous: Expr, value: Expr, relation: str, lemma: str | None, index: int, justification: str
    ) -> tuple[Verdict, str]:
        where = f"step {index} ({justification})"
        free = previous.free_symbols | value.free_symbols
        if relation != "=" and free:
            return _lemma_verdict(lemma, where, previous, value, relation)
        if not free:
            return _number_verdict(previous, value, relation, where)
        from .proofs import is_zero

        if is_zero(previous - value):
            return "proved", "the difference reduces to 0 (log laws on positive factors)"
        return _sampled_verdict(previous, value, where)

    # -- rendering --------------------------------------------------------------------
    def to_latex(self) -> str:
        r"""The rows as an amsmath ``align*`` environment, justifications as ``\text{}`` on the right."""
        lines = []
        for position, row in enumerate(self.rows):
            if row.value is None:  # a statement in words
                body = f"&{row.latex}"
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


def _number_verdict(previous: Expr, value: Expr, relation: str, where: str) -> tuple[Verdict, str]:
    from .canonical import compare, decided_sign

    try:
        sign = compare(previous, value)
    except ValueError:
        decided = decided_sign(previous - value, 40)
        if decided is None:
            difference = sympy.Float((previous - value).evalf(40), 3)
            return "unknown", f"equal to 40 digits (difference {difference}), not proved"
        sign = decided
    holds = {"=": sign == 0, "<=": sign <= 0, ">=": sign >= 0}[relation]
    if not holds:
        shown = {"=": "=", "<=": "<=", ">=": ">="}[relation]
        difference = exact_str(sympy.expand(previous - value)) if relation == "=" else f"sign {sign}"
        raise DerivationError(
            f"{where}: {exact_str(previous)} {shown} {exact_str(value)} is false: they differ by {difference}"
        )
    return "proved", "exact comparison (canonical form)"


def _sampled_verdict(previous: Expr, value: Expr, where: str) -> tuple[Verdict, str]:
    from .canonical import decided_sign

    rng = random.Random(0)
    symbols = sorted(previous.free_symbols | value.free_symbols, key=str)
    for _ in range(5):
        point = {symbol: sympy.Rational(rng.randint(1, 9), 10 * len(symbols) + 1) for symbol in symbols}
        if decided_sign((previous - value).subs(point)) not in (0, None):
            shown = ", ".join(f"{symbol} = {point[symbol]}" for symbol in symbols)
            raise DerivationError(f"{where}: the two sides differ at {shown}")
    return "unknown", "equal at 5 random rational points; no symbolic proof found"


def _lemma_verdict(lemma: str | None, where: str, previous: Expr, value: Expr, relation: str) -> tuple[Verdict, str]:
    if lemma is None:
        return "unknown", "an inequality between symbolic expressions needs a named lemma"
    from .verification import verify

    result = verify(lemma, methods=("symbolic",))
    if result.methods["symbolic"].status != "passed":
        return "unknown", f"lemma {lemma} has no symbolic proof"
    return "proved", f"by the verified lemma {lemma}"
