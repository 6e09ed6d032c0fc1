"""``symkl prove STATEMENT [--given C]... [--n N] [--json] [--latex] [--format md|txt] [--timeout S]``.

Exit codes: 0 proved, 1 refuted, 3 not provable by Shannon-type inequalities (or only checked, or past
``--timeout``: ``symkl: timeout: ...`` on stderr), 2 bad input.

>>> from symkl.cli import main
>>> main(["prove", "I(X;Z) <= I(X;Y)", "--given", "X -> Y -> Z"])
Claim: I(X;Z) <= I(X;Y)   given X -> Y -> Z
Assumptions: X -> Y -> Z, I(X; Z | Y) = 0.
  I(X; Y) - I(X; Z)
  = I(X; Y | Z) - I(X; Z | Y)  [identity in joint entropies (unfold, rewrite); proved]
  = I(X; Y | Z)                [I(X;Z|Y) = 0: Markov chain X -> Y -> Z (combine); proved]
  ≥ 0                          [Shannon: each term >= 0 (combine); proved]
Verdict: proved
0
>>> main(["prove", "I(X;Z) <= I(X;Y)"])
Verdict: refuted by the distribution of (X, Y, Z):
  p(0, 0, 0) = 1/2
  p(1, 0, 1) = 1/2
  I(X;Z) = log(2) > I(X;Y) = 0 (nats, exact)
1
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction
from typing import Any

from ..prover.api import ProverTimeout, prove
from ..prover.render import combination_text, term_text

__all__ = ["register"]

VERDICT_WORDS = {
    "proved": "proved",
    "refuted": "refuted",
    "not-shannon-type": (
        "not proved by Shannon-type inequalities or by the copies tried (copy lemma), and no counterexample "
        "found (not 'false')"
    ),
    "checked": "checked on exact instances, not proved",
    "unknown": "unknown: no exact certificate and no exact witness could be rebuilt (neither proved nor refuted)",
}


def register(commands: Any) -> None:
    """Add the ``prove`` subcommand to the CLI's subparsers.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subparsers of the ``symkl`` parser.
    """
    sub = commands.add_parser(
        "prove",
        help="prove or refute a linear information inequality (exit 0 proved, 1 refuted, 3 neither)",
        description="Prove a linear inequality of entropies and mutual informations, or refute it by a distribution.",
        epilog='example:\n  symkl prove "I(X;Z) <= I(X;Y)" --given "X -> Y -> Z"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("statement", help='e.g. "I(X;Y|Z) <= H(X|Z)" or "H(P,Q) = H(P) + D(P||Q)"')
    sub.add_argument("--given", action="append", default=[], help='constraint: "X -> Y -> Z", "I(X;Y) = 0", ...')
    sub.add_argument("--n", type=int, help="size of the distributions (statements about distributions)")
    sub.add_argument("--base", help="unit of the constants (H(X) <= 1): 2 or bits, e (nats, the default), 10")
    sub.add_argument(
        "--shannon-only", action="store_true", help="do not try copies of variables (the copy lemma) beyond Shannon"
    )
    output = sub.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument("--latex", action="store_true", help="print a standalone LaTeX document of the proof")
    sub.add_argument("--format", choices=("md", "txt"), default="txt", help="format of the proof (default txt)")
    sub.add_argument(
        "--timeout", type=float, help="give up after this many seconds, checked inside every phase (exit 3)"
    )
    sub.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """The handler: prints the result and returns the exit code."""
    try:
        result = prove(
            args.statement,
            given=args.given,
            n=args.n,
            timeout=args.timeout,
            copies=not args.shannon_only,
            base=args.base,
        )
    except ProverTimeout as error:
        print(f"symkl: timeout: {error}", file=sys.stderr)
        return 3
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
        return result.exit_code
    derivation = result.derivation
    if derivation is not None:
        print(
            derivation.to_document() if args.latex else derivation.to_markdown() if args.format == "md" else derivation
        )
    else:
        for theorem in result.theorems or ((result.theorem,) if result.theorem is not None else ()):
            print(theorem)
    if not (args.latex and derivation is not None):
        _print_verdict(result)
    return result.exit_code


def _print_verdict(result: Any) -> None:
    if result.verdict == "refuted" and result.counterexample is not None:
        example = result.counterexample
        print(f"Verdict: refuted by the distribution of ({', '.join(example.variables)}):")
        for outcome, p in sorted(example.table.items()):
            print(f"  p({', '.join(map(str, outcome))}) = {p}")

        statement = result._parsed[0]
        unit = "" if result.checks.get("unit", "nats") == "nats" else f" {result.checks['unit']}"
        lhs, rhs = (
            combination_text(
                [(c, term_text(t)) for t, c in side]
                + ([(Fraction(1 if constant > 0 else -1), f"{abs(constant)}{unit}")] if constant else [])
            )
            for side, constant in zip((statement.lhs, statement.rhs), statement.constants)
        )
        relation = {"<=": ">", ">=": "<", "=": "!="}[statement.relation]
        print(f"  {lhs} = {example.lhs} {relation} {rhs} = {example.rhs} (nats, exact)")
        return
    print(f"Verdict: {VERDICT_WORDS.get(result.verdict, result.verdict)}")
    if result.witness is not None:
        values = ", ".join(
            f"h({','.join(sorted(s))})={v}"
            for s, v in sorted(result.witness.values.items(), key=lambda i: (len(i[0]), sorted(i[0])))
        )
        print(f"  polymatroid witness (satisfies every Shannon inequality, violates the statement): {values}")
    if result.checks:
        print(f"  checks: {json.dumps(result.checks)}")
