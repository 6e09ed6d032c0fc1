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
  log 8
  = 3 log 2  [log(a^k) = k log a (compute); proved]
  = 3 log 2  [reorder (compute); proved]
>>> d.step(log(7), "a wrong step")
Traceback (most recent call last):
...
symkl.proof.derivation.DerivationError: step 4 (a wrong step): 3*log(2) = log(7) is false
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, Union

import sympy
from sympy import Expr
from sympy.core.relational import Relational

from ..errors import KernelError
from ..exact.canonical import decided_sign, decimal_string
from ..exact.intervals import proven
from ..exact.printing import escape_text, exact_str, latex, latex_terms, latex_width, relation_symbol, text
from . import kernel
from .kernel import Theorem, show

__all__ = ["Derivation", "DerivationError", "Math", "Row"]

Verdict = Literal["given", "proved", "unknown"]

LINE_WIDTH = 64.0  # a display row on A4 (article, a4paper), in average characters (printing.latex_width)
SHORT_REASON = 45  # justifications up to this many characters sit at the right margin; longer ones go below


class DerivationError(ValueError):
    """A derivation step does not follow from the previous one."""


@dataclass(frozen=True)
class Math:
    """A piece of mathematics inside words (a title, an intertext): its LaTeX and its plain text.

    Parameters
    ----------
    latex : str
        The LaTeX of the piece (without dollar signs).
    text : str
        Its plain-text form.
    """

    latex: str
    text: str

    @staticmethod
    def of(value: Any) -> Math:
        """Math from a SymPy object (printed) or from Math itself."""
        return value if isinstance(value, Math) else Math(latex(value), text(value))


Part = Union[str, Math, sympy.Basic]  # noqa: UP007 (a runtime alias)


@dataclass(frozen=True)
class Row:
    """One row: relation to the previous row, the value, how it is shown, why it holds and its verdict.

    Parameters
    ----------
    relation : str
        How the row relates to the previous one: ``""`` for the first row, then ``"="``, ``"<="``, ``">="`` or
        ``"~"`` (a decimal approximation).
    value : object
        The row's value (a SymPy expression).
    latex : str
        How the value is shown in LaTeX.
    text : str
        How it is shown in plain text.
    justification : str, optional
        Why the row holds, in words.
    verdict : {"given", "proved", "unknown"}, optional
        Whether the step was checked (default ``"given"``).
    evidence : str, optional
        What checked it.
    theorem : Theorem, optional
        The kernel theorem behind the step, if any.
    justification_latex : str, optional
        The justification in LaTeX.
    terms : tuple of str, optional
        The LaTeX of the value's terms, where a long row may break.
    """

    relation: str  # "" for the first row, then "=", "<=", ">=" or "~" (a decimal approximation)
    value: Any
    latex: str
    text: str
    justification: str = ""
    verdict: Verdict = "given"
    evidence: str = ""
    theorem: Any = None
    justification_latex: str = ""
    terms: tuple[str, ...] = ()  # the LaTeX of the value's terms, where a long row may break


_RELATIONS = {"=": sympy.Eq, "<=": sympy.Le, ">=": sympy.Ge}
_LATEX_RELATIONS = {"": "", "=": "=", "<=": r"\le", ">=": r"\ge", "~": r"\approx"}
_TEXT_RELATIONS = {"": "", "=": "=", "<=": "<=", ">=": ">=", "~": "~"}


def _parts_latex(parts: Sequence[Part]) -> str:
    return "".join(escape_text(part) if isinstance(part, str) else f"${Math.of(part).latex}$" for part in parts)


def _parts_text(parts: Sequence[Part]) -> str:
    return "".join(part if isinstance(part, str) else Math.of(part).text for part in parts)


def _spaceless(part: Part) -> str:
    """A part's text without spaces: ``H(Y|X) = 0`` written by hand and printed by SymPy compare equal."""
    return "".join(_parts_text([part]).split())


def _as_parts(value: Any) -> tuple[Part, ...]:
    if isinstance(value, (str, Math, sympy.Basic)):
        return (value,) if value != "" else ()
    return tuple(value)


class Derivation:
    """An ordered list of rows; each added row is checked against the previous one by the kernel.

    ``title`` and ``source`` are words, mathematics in them given as SymPy
    objects or :class:`Math` (``("gibbs: ", claim)``); ``assumptions`` are
    SymPy relations, typeset. Rows hold a value (checked) and how it is
    shown (its LaTeX and text, by default the value's own printing).

    Parameters
    ----------
    start : sympy.Expr
        The first row.
    title : str, sympy object or sequence, optional
        Words and mathematics shown above the rows.
    unit : str, optional
        The unit named in the title and decimal row.
    assumptions : sequence of relations, optional
        Facts the rows may use, shown above them.
    justification : str, optional
        Words beside the first row (they never justify a step).
    facts : tuple, optional
        Facts passed to the kernel's rules.
    source : str, optional
        Where the result comes from.

    Raises
    ------
    DerivationError
        A row added with ``step`` does not follow from the previous one by a kernel Theorem.
    """

    def __init__(
        self,
        start: Any,
        title: Any = "",
        unit: str = "",
        assumptions: Any = (),
        justification: str | Sequence[Part] = "",
        facts: tuple[Any, ...] = (),
        source: Any = "",
    ) -> None:
        self.facts = tuple(facts)
        self.title_parts = _as_parts(title)
        self.title = _parts_text(self.title_parts)
        self.source_parts = _as_parts(source)
        self.unit = unit
        listed = (assumptions,) if isinstance(assumptions, str) else tuple(assumptions)
        self.assumptions: tuple[Part, ...] = tuple(part for part in listed if part != "")
        value = start if isinstance(start, str) else _value(start, "the first row")
        self.rows: list[Row] = [_row("", value, justification, "given", "", None, None)]

    # -- building ---------------------------------------------------------------------
    def step(
        self,
        value: Any,
        justification: str | Sequence[Part] = "",
        relation: str = "=",
        by: Theorem | None = None,
        order: str | None = None,
    ) -> Derivation:
        """Add a row, checked against the previous row by the kernel; returns the derivation (chainable).

        ``by`` is a kernel Theorem whose statement must be exactly
        ``previous relation value``; without it the kernel is asked
        (``compute`` for numbers, ``rewrite`` for symbolic equalities). The
        row's justification names the theorem's rule and premises; words
        given as ``justification`` (a string, or words and mathematics as
        parts like a title's) are shown with it, never instead of it.
        ``order="none"`` prints a sum's terms in the order written.
        """
        if relation not in ("=", "<=", ">="):
            raise ValueError(f"relation must be '=', '<=' or '>=', got {relation!r}")
        value = _value(value, f"step {len(self.rows) + 1}")
        previous = self._last_value()
        index = len(self.rows) + 1
        words = justification if isinstance(justification, str) else _parts_text(justification)
        where = f"step {index} ({words})" if words else f"step {index}"
        if by is not None:
            verdict, evidence, theorem = _by_theorem(by, previous, value, relation, self.facts)
        else:
            verdict, evidence, theorem = _check(previous, value, relation, where, self.facts)
        row = _row(relation, value, justification, verdict, evidence, theorem, order)
        self.rows.append(row)
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
        note = (
            f"{digits} significant digits, guaranteed (compute)"
            if verdict == "proved"
            else f"{digits} significant digits" + ("" if proven(exact) else ", from SymPy's evalf, not guaranteed")
        )
        row = Row("~", value, value + latex_unit, value + unit, note, verdict, evidence, None, escape_text(note))
        self.rows.append(row)
        return self

    def intertext(self, *parts: Part) -> Derivation:
        """Words between rows (``\\intertext``), mathematics in them as SymPy objects or :class:`Math`.

        They explain; they never justify a row.
        """
        self.rows.append(Row("", None, _parts_latex(parts), _parts_text(parts), "", "given"))
        return self

    def unchecked(self, label: Part, value: Any, evidence: str) -> Derivation:
        """A new row ``label = value`` that the kernel cannot check: shown, flagged unproved, never proved.

        Later steps continue from ``value``.
        """
        value = _value(value, "an unchecked row")
        shown = Math.of(label)
        shown_latex, shown_text = f"{shown.latex} = {latex(value)}", f"{shown.text} = {text(value)}"
        row = Row("", value, shown_latex, shown_text, "", "unknown", evidence)
        self.rows.append(row)
        return self

    def _last_value(self) -> Any:
        for row in reversed(self.rows):
            if isinstance(row.value, sympy.Basic):
                return row.value
        raise DerivationError("there is no earlier expression to compare with")

    # -- rendering --------------------------------------------------------------------
    def to_latex(self, small: bool = True) -> str:
        r"""The rows as an amsmath ``align*`` that pdflatex, KaTeX and MathJax 3 all render.

        The relations sit in one column and each justification in a column of its own
        (``&& \text{...}``): on its row when short, on a line of its own below when long. Words
        between rows are a ``\text`` line. No ``\intertext`` (KaTeX lacks it), no ``\tag*`` or
        ``\hspace*{\fill}`` (MathJax 3 rejects the latter). Rows wider than a line of A4 break
        between the terms of their sum. ``small`` sets the justifications in ``\footnotesize``
        (for pdflatex documents; notebooks and Markdown use the normal size).
        """
        size = r"\footnotesize " if small else ""
        scale = 0.8 if small else 1.0  # footnotesize letters are about 0.8 of the normal width
        first = self.rows[0]
        merge = len(self.rows) > 1 and self.rows[1].value is not None and not first.justification
        laid_out: list[tuple[list[str], str]] = []  # (display lines of a row, its note)
        for position, row in enumerate(self.rows):
            if row.value is None:
                laid_out.append(([], row.latex))  # words between rows: wrapped below, once the rows' width is known
                continue
            relation = "" if position == 0 else _LATEX_RELATIONS[row.relation] + " "
            chunks = _chunks(row, LINE_WIDTH - (latex_width(first.latex) if position == 1 and merge else 4))
            if position == 0:
                body = [chunks[0]] + [rf"&\qquad {{}}{chunk}" for chunk in chunks[1:]]
                merge = merge and len(chunks) == 1
            else:
                body = [f"&{relation}{chunks[0]}"] + [rf"&\qquad {{}}{chunk}" for chunk in chunks[1:]]
            if position == 1 and merge and latex_width(first.latex) + latex_width(chunks[0]) <= LINE_WIDTH:
                previous, _ = laid_out.pop(0)
                body[0] = previous[0] + " " + body[0]
            laid_out.append((body, _note(row)[0]))
        # Words between rows wrap to the width of the rows (at least 40 characters), in the rows' column; a note
        # sits in a column of its own when it fits beside the widest line (align* spreads the columns over the
        # line), else below its row, wrapped the same way, so that nothing widens the rows' column and pushes
        # the notes out. Either way pdflatex, KaTeX and MathJax 3 render it.
        widest_row = max((latex_width(line) for rows, _ in laid_out for line in rows), default=0)
        wrap = max(widest_row - 4, 40)
        widest = max(widest_row, *(latex_width(note) for rows, note in laid_out if not rows and note), 0)
        widest = min(widest, wrap + 2)
        beside = [
            bool(body) and bool(note) and widest + scale * latex_width(note) + 8 <= LINE_WIDTH
            for body, note in laid_out
        ]
        below = (wrap - 4 if any(beside) else LINE_WIDTH - 8) / scale  # no column of notes: use the whole line
        lines: list[str] = []
        for (body, note), aside in zip(laid_out, beside):
            if not body:
                lines.extend(rf"&\text{{{line}}}" for line in _wrapped(note, wrap))
                continue
            if aside:
                body[-1] += rf" && \text{{{size}{note}}}"
            elif note:  # \text does not break lines by itself
                body.extend(rf"&\qquad \text{{{size}{line}}}" for line in _wrapped(note, below))
            lines.extend(body)
        if not lines[0].startswith("&") and " &" not in lines[0]:
            lines[0] = "&" + lines[0]  # the first row on its own line, at the relations' column
        return "\\begin{align*}\n" + _joined(lines) + "\n\\end{align*}"

    def to_markdown(self) -> str:
        """A heading, the source and assumptions, and the LaTeX rows inside ``$$`` for Markdown viewers."""
        parts = [f"### {_markdown(self.title_parts)}"] if self.title_parts else []
        header = self._header(_markdown)
        if header:
            parts.append(header)
        parts.append("$$\n" + self.to_latex(small=False) + "\n$$")
        return "\n\n".join(parts) + "\n"

    def to_text(self) -> str:
        """Plain text for terminals."""
        lines = [self.title] if self.title else []
        header = self._header(_parts_text)
        if header:
            lines.append(header)
        width = max(len(row.text) for row in self.rows if row.value is not None)
        for position, row in enumerate(self.rows):
            if row.value is None:
                lines.append(f"  {row.text}")
                continue
            relation = relation_symbol(_TEXT_RELATIONS[row.relation])  # ≥, ≤, ≈ (ASCII >=, <=, ~)
            shown = f"  {relation} {row.text}" if relation else f"  {row.text}"
            if position and (row.justification or row.verdict == "unknown"):
                verdict = row.verdict if row.verdict != "unknown" else f"UNPROVED: {row.evidence}"
                reason = f"{row.justification}; {verdict}" if row.justification else verdict
                shown = f"{shown:<{width + 6}}[{reason}]"
            lines.append(shown.rstrip())
        return "\n".join(lines)

    def to_document(self) -> str:
        """A standalone LaTeX document (A4, amsmath) that compiles with pdflatex."""
        return PREAMBLE + self.document_body() + "\\end{document}\n"

    def document_body(self) -> str:
        """The section for this derivation inside a larger document."""
        parts = []
        if self.title_parts:
            wide = [part for part in self.title_parts if not isinstance(part, str) and _wide(part)]
            words = [part for part in self.title_parts if part not in wide]
            heading = _parts_latex(words).rstrip(": ") if wide else _parts_latex(words)
            parts.append(f"\\section*{{{heading}}}\n")
            parts.extend(_display(part) + "\n" for part in wide)
        header = self._header(_parts_latex)
        if header:
            parts.append(header + "\n")
        parts.append(self.to_latex() + "\n")
        return "\n".join(parts)

    def _header(self, render: Any) -> str:
        """The source and the assumptions, one sentence each."""
        sentences = []
        if self.source_parts:
            sentences.append(render(self.source_parts).rstrip("."))
        assumptions = self._assumptions_shown()
        if assumptions:
            listed: list[Part] = ["Assumptions: "]
            for index, fact in enumerate(assumptions):
                listed += ([", "] if index else []) + [fact]
            position = 0 if sentences and sentences[0].endswith(":") else len(sentences)  # a source leading in
            sentences.insert(position, render(listed))
        return "".join(sentence + ("" if sentence[-1:] in ".:;" else ".") + " " for sentence in sentences).rstrip()

    def _assumptions_shown(self) -> list[Part]:
        """The stated assumptions, then every fact a proved row rests on that they do not already list:
        the derivation's facts and the hypotheses (declared ones included) of each row's theorem."""
        shown: list[Part] = list(self.assumptions)
        relied = [*self.facts]
        for row in self.rows:
            if row.theorem is not None and row.verdict == "proved":
                relied.extend(row.theorem.hypotheses())
        seen = {_spaceless(part) for part in shown}
        for fact in relied:
            if isinstance(fact, sympy.Basic) and _spaceless(fact) not in seen:
                shown.append(fact)
                seen.add(_spaceless(fact))
        return shown

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex(small=False) + "$$"

    def __str__(self) -> str:
        return self.to_text()

    @property
    def proved(self) -> bool:
        """True when there is at least one step and every row after the first is proved."""
        steps = [row for row in self.rows[1:] if row.value is not None]
        return bool(steps) and all(row.verdict in ("proved", "given") for row in self.rows)


PREAMBLE = (
    "\\documentclass[a4paper]{article}\n\\usepackage[margin=2.5cm]{geometry}\n\\usepackage{amsmath,amssymb}\n"
    "\\begin{document}\n"
)


def _wide(part: Part) -> bool:
    return latex_width(Math.of(part).latex) > TITLE_WIDTH


TITLE_WIDTH = 30.0


def _display(part: Part) -> str:
    """A statement as a display: one line if it fits, else its right side broken between terms."""
    if not isinstance(part, Relational) or latex_width(latex(part)) <= LINE_WIDTH:
        return f"\\[\n{Math.of(part).latex}\n\\]"
    symbol = latex(part).replace(latex(part.lhs), "", 1).replace(latex(part.rhs), "").strip() or "="
    row = Row("=", part.rhs, latex(part.rhs), "", terms=tuple(latex_terms(part.rhs)))
    chunks = _chunks(row, LINE_WIDTH - latex_width(latex(part.lhs)))
    lines = [f"{latex(part.lhs)} &{symbol} {chunks[0]}"] + [rf"&\qquad {{}}{chunk}" for chunk in chunks[1:]]
    return "\\begin{align*}\n" + _joined(lines) + "\n\\end{align*}"


def _markdown(parts: Sequence[Part]) -> str:
    return "".join(part if isinstance(part, str) else f"${Math.of(part).latex}$" for part in parts)


def _joined(lines: list[str]) -> str:
    """Lines of an align*: a line break after every line but the last."""
    return " \\\\\n".join(lines)


_WORD = re.compile(r"(?:\$(?:\\.|[^$\\])*\$|[^\s$])+")  # a word: text and $...$ runs, no space outside math


def _wrapped(text_latex: str, width: float) -> list[str]:
    r"""Text-mode LaTeX broken between words (never inside ``$...$``) into lines of at most ``width``.

    >>> _wrapped("a long note with $x + y$ in it", 12)
    ['a long note', 'with $x + y$ in', 'it']
    """
    lines: list[str] = []
    current = ""
    for word in _WORD.findall(text_latex):
        candidate = f"{current} {word}" if current else word
        if current and latex_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines or [""]


def _note(row: Row) -> tuple[str, str]:
    """The justification as LaTeX (text mode) and as plain text, with the verdict when unproved."""
    note, plain = row.justification_latex or escape_text(row.justification), row.justification
    if row.verdict == "unknown":
        note = (note + "; " if note else "") + "UNPROVED: " + escape_text(row.evidence)
        plain = (plain + "; " if plain else "") + "unproved: " + row.evidence
    return note, plain


def _chunks(row: Row, width: float) -> list[str]:
    """The row's LaTeX in pieces of at most ``width`` (breaking only between the terms of a sum)."""
    if not row.terms or latex_width(row.latex) <= width:
        return [row.latex]
    chunks, current = [], ""
    for term in row.terms:
        if current and latex_width(current + " " + term) > width:
            chunks.append(current)
            current = term
        else:
            current = f"{current} {term}" if current else term
    chunks.append(current)
    return chunks


def _value(value: Any, where: str) -> Expr:
    """A row's value: a SymPy expression, an int or a Fraction. Text is never read (``sympify`` would run it as
    code, and its symbols would not be the derivation's own), nor are Python floats."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
        kind = "text" if isinstance(value, str) else f"a {type(value).__name__}"
        raise DerivationError(
            f"{where}: a row is a SymPy expression (or an int or a Fraction), not {kind}; "
            "build it with SymPy so that its symbols are the derivation's own"
        )
    return sympy.Integer(value) if isinstance(value, int) else sympy.Rational(value.numerator, value.denominator)


def _row(
    relation: str,
    value: Any,
    words: str | Sequence[Part],
    verdict: Verdict,
    evidence: str,
    theorem: Any,
    order: str | None,
) -> Row:
    """A row, its mathematics always printed from its value (never supplied beside it)."""
    settings = {"order": order} if order else {}
    shown = _latex_of(value, settings)
    terms = () if isinstance(value, str) else tuple(latex_terms(value, **settings))
    plain = _text_of(value, settings)
    reason, reason_latex = _describe(theorem) if theorem is not None else ("", "")
    if words:  # the caller's words, with the kernel rules that made the row (never the words alone)
        parts = (words,) if isinstance(words, str) else tuple(words)
        rules = reason[reason.rfind(" (") + 1 :] if reason.endswith(")") else ""
        reason = f"{_parts_text(parts)} {rules}".rstrip()
        reason_latex = f"{_parts_latex(parts)} {rules}".rstrip()
    return Row(relation, value, shown, plain, reason, verdict, evidence, theorem, reason_latex, terms)


def _latex_of(value: Any, settings: dict[str, Any]) -> str:
    return value if isinstance(value, str) else latex(value, **settings)


def _text_of(value: Any, settings: dict[str, Any]) -> str:
    return value if isinstance(value, str) else text(value, **settings)


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
    return ", ".join(show(fact) for fact in kernel.unsupported(theorem, facts))


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
            false = decided is not None and not {"=": decided == 0, "<=": decided <= 0, ">=": decided >= 0}[relation]
            if false or (decided is None and _imaginary(previous - value)):  # 0 = 2 pi i is false, not "close"
                raise DerivationError(
                    f"{where}: {exact_str(previous)} {relation} {exact_str(value)} is false"
                ) from None
            evidence = (
                "agrees to 40 digits"
                if decided == 0
                else "holds to 40 digits"
                if decided is not None
                else ("undecided at 40 digits")
            )
            return "unknown", f"{reason}; {evidence}", None
        return _sampled(previous, value, where, reason)
    return "unknown", "an inequality between symbolic expressions needs a kernel theorem (by=)", None


def _imaginary(difference: Expr) -> bool:
    """Whether a closed number has an imaginary part shown nonzero at 50 digits (then it is not a real relation)."""
    try:
        value = complex(difference.evalf(50))
    except (TypeError, ValueError):
        return False
    return abs(value.imag) > 1e-30


def _sampled(previous: Expr, value: Expr, where: str, reason: str) -> tuple[Verdict, str, Any]:
    rng = random.Random(0)
    symbols = sorted(previous.free_symbols | value.free_symbols, key=str)
    for _ in range(5):
        point = {symbol: sympy.Rational(rng.randint(1, 9), 10 * len(symbols) + 1) for symbol in symbols}
        if decided_sign((previous - value).subs(point)) not in (0, None):
            shown = ", ".join(f"{symbol} = {point[symbol]}" for symbol in symbols)
            raise DerivationError(f"{where}: the two sides differ at {shown}")
    refused = reason.rsplit(": ", 1)[-1]
    return "unknown", f"equal at 5 random rational points; the kernel refused ({refused})", None


_RULE_WORDS = {
    "compute": "exact arithmetic",
    "rewrite": "algebra",
    "unfold": "definition",
    "combine": "nonnegative combination",
    "chain": "transitivity",
    "instantiate": "instance",
    "axiom": "axiom",
    "sum_over": "sum over the index",
    "positivity": "positivity",
    "assume": "assumption",
}
_SHORT_STATEMENT = 24  # premises whose statement prints wider than this are counted, not written out


def _describe(theorem: Any) -> tuple[str, str]:
    """The justification of a row from its kernel Theorem: the rule, and its premises by what they state.

    Returns (plain text, LaTeX in text mode). A definition names its measure;
    a combination names the inequalities combined (their root statements).
    """
    rule = f"({theorem.rule})"
    words = _RULE_WORDS.get(theorem.rule, theorem.rule)
    if theorem.rule == "unfold":
        measure = Math.of(theorem.statement.lhs)
        return f"definition of {measure.text} {rule}", f"definition of ${measure.latex}$ {rule}"
    if theorem.rule == "axiom":
        return f"{theorem.detail or words} {rule}", f"{escape_text(theorem.detail or words)} {rule}"
    definitions = [premise.statement.lhs for premise in theorem.premises if premise.rule == "unfold"]
    others = [premise for premise in theorem.premises if premise.rule != "unfold"]
    text_words, latex_words = words, escape_text(words)
    if theorem.rule in ("combine", "chain", "sum_over", "instantiate") and others:
        named = _premises(others)
        text_words += " of " + named[0]
        latex_words += " of " + named[1]
    if definitions:
        shown = [Math.of(measure) for measure in definitions]
        noun = "definition" if len(shown) == 1 else "definitions"
        rule = f"(unfold, {theorem.rule})"
        text_words = f"{noun} of " + ", ".join(m.text for m in shown) + ", " + text_words
        latex_words = f"{noun} of " + ", ".join(f"${m.latex}$" for m in shown) + ", " + latex_words
    return f"{text_words} {rule}", f"{latex_words} {rule}"


def _premises(premises: Sequence[Any]) -> tuple[str, str]:
    """Premises by their root statements: 'log(x) <= x - 1 (2 instances)', or their statements when short."""
    groups: dict[Any, int] = {}
    for premise in premises:
        root = premise
        while root.rule == "instantiate" and root.premises:
            root = root.premises[0]
        key = root.statement if root is not premise else premise.statement
        groups[key] = groups.get(key, 0) + 1
    statements = list(groups)
    if sum(latex_width(latex(statement)) for statement in statements) > 3 * _SHORT_STATEMENT:
        count = len(premises)
        words = f"{count} proved relations"
        return words, words
    text_parts, latex_parts = [], []
    for statement in statements:
        times = f" ({groups[statement]} instances)" if groups[statement] > 1 else ""
        shown = Math.of(statement)
        text_parts.append(shown.text + times)
        latex_parts.append(f"${shown.latex}${times}")
    return ", ".join(text_parts), ", ".join(latex_parts)
