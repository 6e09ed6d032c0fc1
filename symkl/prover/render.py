r"""The readable proof: the gap written out, then as a nonnegative combination of elemental quantities.

>>> from symkl.prover import prove
>>> print(prove("I(X;Z) <= I(X;Y)", given=["X -> Y -> Z"]).derivation.to_text())
Claim: I(X;Z) <= I(X;Y)   given X -> Y -> Z
  I(X;Y) - I(X;Z)
    = I(X;Y|Z) - I(X;Z|Y)    (identity in joint entropies, checked exactly)
    = I(X;Y|Z)    (I(X;Z|Y) = 0: Markov chain X -> Y -> Z)
   >= 0    (each term >= 0: Shannon's basic inequalities)
Checked by the kernel: combine of 6 premises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .certificate import Certificate
from .grammar import Entropy, Markov, Mutual, Statement, Term

__all__ = ["ProofText", "render"]


def _names(names: Sequence[str], latex: bool) -> str:
    return ", ".join(names) if latex else ",".join(names)


def term_text(term: Term, latex: bool = False) -> str:
    r"""Textbook notation: I(X;Y|Z), H(X|Y); LaTeX uses \mid.

    >>> term_text(Mutual(("X",), ("Y",), ("Z",)), latex=True)
    'I(X; Y \\mid Z)'
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
    """c1 t1 + c2 t2 - ... with exact fractions."""
    if not pairs:
        return "0"
    text = ""
    for index, (value, body) in enumerate(pairs):
        sign = "-" if value < 0 else "+"
        part = _coefficient(value, latex) + body
        text += (("-" if sign == "-" else "") + part) if index == 0 else f" {sign} {part}"
    return text


@dataclass
class ProofText:
    """Rows (relation, expression, reason) of a proof, renderable as text, Markdown and LaTeX."""

    claim: str
    claim_latex: str
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)  # (relation, text, latex, reason)
    footer: str = ""

    def to_text(self) -> str:
        """Plain text, one row per line."""
        lines = [f"Claim: {self.claim}"]
        for rel, text, _, reason in self.rows:
            if rel == "#":
                lines.append(f"Part: {text}")
                continue
            lead = "  " if rel == "" else ("    = " if rel == "=" else "   >= ")
            lines.append(f"{lead}{text}" + (f"    ({reason})" if reason else ""))
        if self.footer:
            lines.append(self.footer)
        return "\n".join(lines)

    def to_latex(self) -> str:
        """An ``align*`` environment; reasons as ``\\text`` tags."""
        body = []
        for rel, _, tex, reason in self.rows:
            if rel == "#":
                body.append(rf"\intertext{{Part: ${tex}$}}")
                continue
            relation = {"": "&", "=": "&= ", ">=": r"&\geq "}[rel]
            note = rf" && \text{{{_escape(reason)}}}" if reason else ""
            body.append(f"{tex} {relation}" if rel == "" else f"{relation}{tex}{note}")
        joined = "\n".join(
            line + ("" if line.startswith(r"\intertext") or k == len(body) - 1 else r" \\")
            for k, line in enumerate(body)
        )
        return "\\begin{align*}\n" + joined + "\n\\end{align*}"

    def to_markdown(self) -> str:
        """The claim in words, then the LaTeX rows in a display block."""
        return f"**Claim:** ${self.claim_latex}$\n\n$$\n{self.to_latex()}\n$$\n\n{self.footer}\n"

    def to_document(self) -> str:
        """A standalone LaTeX document (pdflatex)."""
        return (
            "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
            f"\\noindent\\textbf{{Claim:}} ${self.claim_latex}$\n{self.to_latex()}\n{_escape(self.footer)}\n"
            "\\end{document}\n"
        )

    def _repr_latex_(self) -> str:
        return "$" + self.to_latex().replace("align*", "aligned") + "$"

    def __str__(self) -> str:
        return self.to_text()


def _escape(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("_", r"\_"), ("&", r"\&"), ("%", r"\%"), ("#", r"\#")):
        text = text.replace(a, b)
    return text.replace("->", r"$\to$").replace(">=", r"$\geq$").replace("|", r"$\mid$")


def _side_pairs(statement: Statement, latex: bool) -> list[tuple[Fraction, str]]:
    rhs = [(c, term_text(t, latex)) for t, c in statement.rhs]
    lhs = [(-c, term_text(t, latex)) for t, c in statement.lhs]
    return rhs + lhs if statement.relation == "<=" else [(-c, b) for c, b in rhs] + [(-c, b) for c, b in lhs]


def render(
    statement: Statement,
    certificates: Sequence[Certificate],
    constraints: Sequence[Statement | Markov],
    sources: Sequence[Any],
    footer: str = "",
) -> ProofText:
    """Rows of the proof: gap = combination (identity) = elemental part (constraints vanish) >= 0."""
    given = "   given " + "; ".join(str(c) for c in constraints) if constraints else ""
    proof = ProofText(f"{statement.text}{given}", _claim_latex(statement), footer=footer)
    if statement.relation == "=" and all(not len(c) for c in certificates):
        gap_text, gap_tex = (
            combination_text(_side_pairs(_oriented(statement, ">="), latex)) for latex in (False, True)
        )
        proof.rows += [("", gap_text, gap_tex, ""), ("=", "0", "0", "identity in joint entropies, checked exactly")]
        return proof
    for direction, certificate in zip((">=", "<="), certificates):
        oriented = statement if statement.relation != "=" else _oriented(statement, direction)
        if statement.relation == "=":
            proof.rows.append(("#", f"{oriented}", _claim_latex(oriented), ""))
        _rows(proof, oriented, certificate, sources)
    return proof


def _oriented(statement: Statement, relation: str) -> Statement:
    return Statement(statement.lhs, relation, statement.rhs, str(Statement(statement.lhs, relation, statement.rhs, "")))


def _claim_latex(statement: Statement) -> str:
    side = lambda pairs: combination_text([(c, term_text(t, True)) for t, c in pairs], True)  # noqa: E731
    relation = {"<=": r"\leq", ">=": r"\geq", "=": "="}[statement.relation]
    return f"{side(statement.lhs)} {relation} {side(statement.rhs)}"


def _constraint_body(source: Any, latex: bool) -> str:
    if not isinstance(source, Statement):
        return term_text(source, latex)
    pairs = _side_pairs(source if source.relation != "=" else _oriented(source, ">="), latex)
    text = combination_text(pairs, latex)
    return text if len(pairs) == 1 and pairs[0][0] == 1 else f"({text})"


def _rows(proof: ProofText, statement: Statement, certificate: Certificate, sources: Sequence[Any]) -> None:
    gap_text, gap_tex = (combination_text(_side_pairs(statement, latex)) for latex in (False, True))
    proof.rows.append(("", gap_text, gap_tex, ""))
    elemental = [(c, term_text(t)) for c, t in certificate.terms]
    elemental_tex = [(c, term_text(t, True)) for c, t in certificate.terms]
    extra, extra_tex, reasons = [], [], []
    for mu, index, kind, _ in certificate.multipliers:
        source, origin = sources[index]
        body, tex = _constraint_body(source, False), _constraint_body(source, True)
        extra.append((mu, body))
        extra_tex.append((mu, tex))
        reasons.append(f"{body} {'= 0' if kind == 'eq' else '>= 0'}: {origin}")
    if extra:
        proof.rows.append(
            (
                "=",
                combination_text(elemental + extra),
                combination_text(elemental_tex + extra_tex, True),
                "identity in joint entropies, checked exactly",
            )
        )
        proof.rows.append(
            (
                "=" if all(k == "eq" for _, _, k, _ in certificate.multipliers) else ">=",
                combination_text(elemental),
                combination_text(elemental_tex, True),
                "; ".join(reasons),
            )
        )
    else:
        proof.rows.append(
            (
                "=",
                combination_text(elemental),
                combination_text(elemental_tex, True),
                "identity in joint entropies, checked exactly",
            )
        )
    proof.rows.append((">=", "0", "0", "each term >= 0: Shannon's basic inequalities"))
