r"""The readable proof: a :class:`symkl.proof.derivation.Derivation` whose every row is a kernel Theorem.

The rows are the gap of the claim, = a combination of elemental quantities and given constraints
(an identity in joint entropies), = (or >=) the elemental part (the constraints vanish, or are >= 0),
>= 0 (each term is >= 0 by Shannon's basic inequalities). Each row is given to the derivation with
``by=`` its kernel Theorem, so every row reads ``proved``.

>>> from symkl.prover import prove
>>> print(prove("H(Y) <= H(X)", given=["H(Y|X) = 0"]).derivation.to_text())
Claim: H(Y) <= H(X)   given H(Y|X) = 0
Assumptions: H(Y|X) = 0.
  H(X) - H(Y)
  = H(X | Y) - H(Y | X)  [identity in joint entropies (unfold, rewrite); proved]
  = H(X | Y)             [H(Y|X) = 0: given (combine); proved]
  ≥ 0                    [Shannon: each term >= 0 (combine); proved]
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..exact.printing import latex_width
from ..proof.derivation import PREAMBLE, TITLE_WIDTH, Derivation, Math
from .certificate import Certificate
from .grammar import Entropy, Markov, Mutual, Statement, Term, parse_constraint
from .kernel_bridge import KernelProof

__all__ = ["Derivations", "combination_text", "oriented", "render", "term_text"]


def _names(names: Sequence[str], latex: bool) -> str:
    return ", ".join(names) if latex else ",".join(names)


def term_text(term: Term, latex: bool = False) -> str:
    r"""Textbook notation: I(X;Y|Z), H(X|Y); LaTeX uses \mid.

    >>> term_text(Mutual(("X",), ("Y",), ("Z",)), latex=True)
    'I(X; Y \\mid Z)'

    Parameters
    ----------
    term : Term
        The information term.
    latex : bool, optional
        Whether to write LaTeX.

    Returns
    -------
    str
        The term in textbook notation.
    """
    bar = r" \mid " if latex else "|"
    semicolon = "; " if latex else ";"
    if isinstance(term, Entropy):
        tail = bar + _names(term.given, latex) if term.given else ""
        return f"H({_names(term.variables, latex)}{tail})"
    if isinstance(term, Mutual):
        tail = bar + _names(term.given, latex) if term.given else ""
        return f"I({_names(term.first, latex)}{semicolon}{_names(term.second, latex)}{tail})"
    return str(term)


def _coefficient(value: Fraction, latex: bool) -> str:
    magnitude = abs(value)
    if magnitude == 1:
        return ""
    if latex and magnitude.denominator != 1:
        return rf"\tfrac{{{magnitude.numerator}}}{{{magnitude.denominator}}}\,"
    return f"{magnitude} "


def combination_text(pairs: Sequence[tuple[Fraction, str]], latex: bool = False) -> str:
    """c1 t1 + c2 t2 - ... with exact fractions.

    Parameters
    ----------
    pairs : sequence of (Fraction, str)
        The coefficients and the texts of their terms.
    latex : bool, optional
        Whether to write LaTeX.

    Returns
    -------
    str
        The linear combination.
    """
    if not pairs:
        return "0"
    text = ""
    for index, (value, body) in enumerate(pairs):
        sign = "-" if value < 0 else "+"
        part = _coefficient(value, latex) + body
        text += (("-" if sign == "-" else "") + part) if index == 0 else f" {sign} {part}"
    return text


class Derivations:
    """Derivations shown one after the other: an equality proved as two inequalities (>= and <=)."""

    def __init__(self, parts: Sequence[Derivation]) -> None:
        self.parts = list(parts)

    def to_text(self) -> str:
        """Each derivation as plain text, a blank line between.

        Returns
        -------
        str
            The plain text.
        """
        return "\n\n".join(part.to_text() for part in self.parts)

    def to_latex(self) -> str:
        """Each derivation's ``align*`` environment.

        Returns
        -------
        str
            The LaTeX source.
        """
        return "\n".join(part.to_latex() for part in self.parts)

    def to_markdown(self) -> str:
        """Each derivation in Markdown.

        Returns
        -------
        str
            The Markdown source.
        """
        return "\n".join(part.to_markdown() for part in self.parts)

    def to_document(self) -> str:
        """A standalone LaTeX document (pdflatex) with every derivation.

        Returns
        -------
        str
            The LaTeX document.
        """
        body = "\n".join(part.document_body() for part in self.parts)
        return PREAMBLE + body + "\\end{document}\n"

    def _repr_latex_(self) -> str:
        return "$$" + self.to_latex() + "$$"

    def __str__(self) -> str:
        return self.to_text()

    @property
    def proved(self) -> bool:
        """True when every row of every derivation is proved."""
        return all(part.proved for part in self.parts)


def _side_pairs(statement: Statement, latex: bool) -> list[tuple[Fraction, str]]:
    rhs = [(c, term_text(t, latex)) for t, c in statement.rhs]
    lhs = [(-c, term_text(t, latex)) for t, c in statement.lhs]
    return rhs + lhs if statement.relation == "<=" else [(-c, b) for c, b in rhs] + [(-c, b) for c, b in lhs]


def render(
    statement: Statement,
    parts: Sequence[tuple[Statement, Certificate, KernelProof]],
    constraints: Sequence[Statement | Markov],
    sources: Sequence[Any],
    facts: Sequence[Any],
    stated: int | None = None,
) -> Derivation | Derivations:
    """The proof as a Derivation (or two, for an equality shown as >= and <=), one row per kernel step.

    ``stated`` is how many of the constraints the user gave (the rest are a copy's facts, not givens).

    Parameters
    ----------
    statement : Statement
        The statement proved.
    parts : sequence of (Statement, Certificate, KernelProof)
        Each direction proved, with its certificate and kernel proof.
    constraints : sequence of Statement or Markov
        The constraints, the user's first.
    sources : sequence of object
        Where the facts used come from.
    facts : sequence of object
        The facts used.
    stated : int or None, optional
        How many of the constraints the user gave.

    Returns
    -------
    Derivation or Derivations
        The proof, one row per kernel step.
    """
    given: list[Any] = []
    for index, constraint in enumerate(constraints[:stated]):
        given += [", " if index else "   given ", statement_math(constraint)]
    derivations = []
    for oriented, certificate, proof in parts:
        claim = statement_math(oriented)
        shown = claim if latex_width(claim.latex) <= TITLE_WIDTH else claim.text  # words break, a formula does not
        title = ["Claim: ", shown, *given]
        derivations.append(_derivation(title, oriented, certificate, proof, sources, facts, constraints))
    return derivations[0] if len(derivations) == 1 else Derivations(derivations)


_LATEX_RELATIONS = {"<=": r"\le", ">=": r"\ge", "=": "="}


def _number_latex(value: Fraction) -> str:
    return str(value) if value.denominator == 1 else rf"\tfrac{{{value.numerator}}}{{{value.denominator}}}"


def statement_math(item: Statement | Markov) -> Math:
    """A statement or a constraint as mathematics: textbook text (a space after each comma) and its LaTeX."""
    if isinstance(item, Markov):
        return Math(r" \to ".join(",".join(node) for node in item.chain), str(item))
    sides = [[(c, term_text(t)) for t, c in side] for side in (item.lhs, item.rhs)]
    sides_tex = [[(c, term_text(t, True)) for t, c in side] for side in (item.lhs, item.rhs)]
    for index, constant in enumerate(item.constants):  # H(X) <= 1: the constant last on its side
        if constant:
            sides[index].append((Fraction(1 if constant > 0 else -1), str(abs(constant))))
            sides_tex[index].append((Fraction(1 if constant > 0 else -1), _number_latex(abs(constant))))
    text = f"{combination_text(sides[0])} {item.relation} {combination_text(sides[1])}".replace(",", ", ")
    relation = _LATEX_RELATIONS[item.relation]
    tex = f"{combination_text(sides_tex[0], True)} {relation} {combination_text(sides_tex[1], True)}"
    return Math(tex, text)


def _derivation(
    title: Sequence[Any],
    statement: Statement,
    certificate: Certificate,
    proof: KernelProof,
    sources: Sequence[Any],
    facts: Sequence[Any],
    constraints: Sequence[Statement | Markov],
) -> Derivation:
    assumptions = [statement_math(c) for c in constraints]
    derivation = Derivation(
        proof.start,
        title=title,
        assumptions=assumptions,
        justification=_START[statement.relation],
        facts=tuple(facts),
    )
    reasons = _reasons(certificate, sources)
    for label, relation, value, theorem in proof.steps:
        derivation.step(value, reasons[label], relation, by=theorem)  # the row is printed from its value
    return derivation


_START: dict[str, tuple[Any, ...]] = {
    "<=": ("the gap: to show ", Math(r"\ge 0", ">= 0")),
    ">=": ("the gap: to show ", Math(r"\ge 0", ">= 0")),
    "=": ("the gap: to show ", Math("= 0", "= 0")),
}


def _reasons(certificate: Certificate, sources: Sequence[Any]) -> dict[str, tuple[Any, ...]]:
    """The reason of each kind of row (its mathematics is printed from the row's value)."""
    reasons: list[tuple[Any, ...]] = []
    for _, index, kind, _ in certificate.multipliers:
        source, origin = sources[index]
        body, tex = _constraint_body(source, False), _constraint_body(source, True)
        zero = ("= 0", "= 0") if kind == "eq" else (r"\ge 0", ">= 0")
        chain = origin.removeprefix("Markov chain ")
        why: tuple[Any, ...] = (
            ("Markov chain ", statement_math(parse_constraint(chain))) if chain != origin else (origin,)
        )
        reasons.append(((", " if reasons else ""), Math(f"{tex} {zero[0]}", f"{body} {zero[1]}"), ": ", *why))
    return {
        "identity": ("identity in joint entropies",),
        "given": tuple(part for reason in reasons for part in reason),
        "shannon": ("Shannon: each term ", Math(r"\ge 0", ">= 0")),
    }


def oriented(statement: Statement, relation: str) -> Statement:
    """The statement with its relation replaced (one direction of an equality).

    Parameters
    ----------
    statement : Statement
        The statement.
    relation : str
        The new relation, such as ``>=``.

    Returns
    -------
    Statement
        The statement with that relation.
    """
    shown = Statement(statement.lhs, relation, statement.rhs, "", statement.constants)
    return Statement(statement.lhs, relation, statement.rhs, str(shown), statement.constants)


def _constraint_body(source: Any, latex: bool) -> str:
    if not isinstance(source, Statement):
        return term_text(source, latex)
    pairs = _side_pairs(source if source.relation != "=" else oriented(source, ">="), latex)
    text = combination_text(pairs, latex)
    return text if len(pairs) == 1 and pairs[0][0] == 1 else f"({text})"
