"""The answer of ``prove``: a verdict with its theorem, certificate or counterexample, and its JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..proof.derivation import Derivation
from .certificate import Certificate, Witness
from .grammar import Statement
from .kernel_bridge import KernelProof
from .render import Derivations, render, term_text
from .search import Counterexample

__all__ = ["EXIT_CODES", "ProofResult"]

EXIT_CODES = {"proved": 0, "refuted": 1, "not-shannon-type": 3, "checked": 3, "unknown": 3}


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
        return render(statement, self._proofs, constraints, sources, self._facts)

    def _repr_latex_(self) -> str | None:
        derivation = self.derivation
        return None if derivation is None else derivation._repr_latex_()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (DESIGN 7b): verdict, exact certificate, counterexample or witness."""
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


def _certificate_dict(certificate: Certificate, sources: Sequence[Any]) -> dict[str, Any]:
    return {
        "terms": [[str(c), term_text(t)] for c, t in certificate.terms],
        "given": [[str(mu), str(sources[index][0]), sources[index][1]] for mu, index, _, _ in certificate.multipliers],
    }
