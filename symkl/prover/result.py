"""The answer of ``prove``: a verdict with its theorem, certificate or counterexample, and its JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..exact.printing import escape_text
from ..exact.printing import latex as exact_latex
from ..proof.derivation import Derivation
from .certificate import Certificate, Witness
from .grammar import Statement
from .kernel_bridge import KernelProof
from .render import Derivations, render, statement_math, term_text
from .search import Counterexample

__all__ = ["EXIT_CODES", "ProofResult"]

EXIT_CODES = {"proved": 0, "refuted": 1, "not-shannon-type": 3, "checked": 3, "unknown": 3}
#: Cells per row of a polymatroid witness in LaTeX (h(A, B) = 2 & ...): a notebook line stays readable.
_WITNESS_COLUMNS = 4


@dataclass
class ProofResult:
    """The answer for one statement; ``as_dict()`` is the JSON of ``symkl prove --json``."""

    statement: str
    given: tuple[str, ...]
    verdict: str
    theorem: Any = None
    theorems: tuple[Any, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    counterexample: Counterexample | None = None
    witness: Witness | None = None
    checks: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    _parsed: tuple[Any, ...] = field(default=(), repr=False)
    _proofs: tuple[tuple[Statement, Certificate, KernelProof], ...] = field(default=(), repr=False)
    _facts: tuple[Any, ...] = field(default=(), repr=False)
    _copy: Any = field(default=None, repr=False)  # the copy (copy lemma) a non-Shannon proof used

    @property
    def exit_code(self) -> int:
        """0 proved, 1 refuted, 3 otherwise."""
        return EXIT_CODES[self.verdict]

    @property
    def certificate(self) -> Certificate | None:
        """The certificate of the statement (of its first direction for an equality)."""
        return self.certificates[0] if self.certificates else None

    @property
    def derivation(self) -> Derivation | Derivations | None:
        """The readable proof, a Derivation whose rows are kernel Theorems (text, Markdown, LaTeX); None unless proved.

        An equality that needs inequalities is shown as two derivations (>= and <=).
        """
        if self.verdict != "proved" or not self._proofs:
            return None
        statement, constraints, sources = self._parsed
        if self._copy is None:
            return render(statement, self._proofs, constraints, sources, self._facts)
        stated = len(constraints) - len(self._copy.constraint_texts(self._copy.universe))
        derivation = render(statement, self._proofs, constraints, sources, self._facts, stated)
        assert isinstance(derivation, Derivation)  # an inequality: one direction
        return derivation.intertext(
            f"{self._copy}: by the copy lemma (Zhang and Yeung) such a variable exists for every joint "
            "distribution, so the assumptions above hold for some extension and the claim holds without them "
            "(kernel rule copy_lemma)."
        )

    def __repr__(self) -> str:
        given = f", given={list(self.given)!r}" if self.given else ""
        evidence = ""
        if self.theorem is not None:
            evidence = f", theorem={self.theorem!r}"
        elif self.counterexample is not None:
            evidence = (
                f", counterexample on {len(self.counterexample.table)} outcomes of {self.counterexample.variables}"
            )
        elif self.witness is not None:
            evidence = ", witness: an integer polymatroid"
        return f"ProofResult({self.statement!r}{given}, verdict={self.verdict!r}{evidence})"

    def _repr_latex_(self) -> str:
        """The proof when proved; otherwise the claim, the verdict and its evidence (a table for a distribution)."""
        derivation = self.derivation
        if derivation is not None:
            return derivation._repr_latex_()
        lines = [r"\text{Claim: } " + self._claim_latex()]
        if self.verdict == "refuted" and self.counterexample is not None:
            names = ", ".join(self.counterexample.variables)
            lines.append(rf"\text{{Verdict: refuted by the distribution of $({names})$:}}")
            rows = [
                ", ".join(str(x) for x in outcome) + " & " + _fraction_latex(p)
                for outcome, p in sorted(self.counterexample.table.items())
            ]
            lines.append(rf"\begin{{array}}{{c|c}} ({names}) & p \\ \hline " + r" \\ ".join(rows) + r" \end{array}")
        elif self.verdict == "not-shannon-type" and self.witness is not None:
            lines.append(
                r"\text{Verdict: not provable by Shannon-type inequalities (not false); a polymatroid witness:}"
            )
            cells = [
                rf"h({', '.join(sorted(subset))}) = {value}"
                for subset, value in sorted(self.witness.values.items(), key=lambda kv: (len(kv[0]), sorted(kv[0])))
            ]
            grid = [cells[i : i + _WITNESS_COLUMNS] for i in range(0, len(cells), _WITNESS_COLUMNS)]
            body = r" \\ ".join(" & ".join(row) for row in grid)
            lines.append(rf"\begin{{array}}{{{'l' * min(len(cells), _WITNESS_COLUMNS)}}} {body} \end{{array}}")
        elif self.verdict == "proved" and self.theorem is not None:
            lines.append(rf"\text{{Verdict: proved (kernel theorem, {escape_text(self._sizes())})}}")
        else:
            lines.append(rf"\text{{Verdict: {escape_text(self.verdict)}}}")
        return "$$\\begin{array}{l} " + r" \\ ".join(lines) + " \\end{array}$$"

    def _claim_latex(self) -> str:
        if self.theorem is not None:
            return exact_latex(self.theorem.statement)
        if self._parsed:
            statement, constraints, _ = self._parsed
            claim = statement_math(statement).latex
            given = ", ".join(statement_math(c).latex for c in constraints)
            return claim + (rf"\ \text{{given }} {given}" if given else "")
        return rf"\text{{{escape_text(self.statement)}}}"

    def _sizes(self) -> str:
        size = self.checks.get("n")
        return f"n = {size}" if size is not None else "random variables"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (DESIGN 7b): verdict, exact certificate, counterexample or witness.

        Returns
        -------
        dict
            The result as JSON-ready data.
        """
        result: dict[str, Any] = {"statement": self.statement, "given": list(self.given), "verdict": self.verdict}
        if self.certificates:
            result["certificate"] = [_certificate_dict(c, self._parsed[2]) for c in self.certificates]
            result["proof_terms"] = sum(len(c) for c in self.certificates)
        if self.theorems or self.theorem is not None:
            result["theorem"] = [str(t) for t in (self.theorems or (self.theorem,))]
        if self.counterexample is not None:
            result["counterexample"] = self.counterexample.as_dict()
        if self.witness is not None:
            result["witness"] = self.witness.as_dict()
        if self.checks:
            result["checks"] = self.checks
        result["seconds"] = round(self.seconds, 3)
        return result


def _fraction_latex(value: Any) -> str:
    fraction = Fraction(value)
    if fraction.denominator == 1:
        return str(fraction.numerator)
    return rf"\frac{{{fraction.numerator}}}{{{fraction.denominator}}}"


def _certificate_dict(certificate: Certificate, sources: Sequence[Any]) -> dict[str, Any]:
    return {
        "terms": [[str(c), term_text(t)] for c, t in certificate.terms],
        "given": [[str(mu), str(sources[index][0]), sources[index][1]] for mu, index, _, _ in certificate.multipliers],
    }
