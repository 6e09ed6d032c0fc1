"""``symkl bound "max I(X;Z)" [--given C]... [--base B] [--json]``: the exact optimum over the Shannon outer bound.

Exit codes: 0 an exact optimum (finite or unbounded), 2 bad input (a malformed objective, an unknown sense,
infeasible constraints).

>>> from symkl.cli import main
>>> main(["bound", "max I(X;Z)", "--given", "X -> Y -> Z", "--given", "I(X;Y) <= 1/2", "--base", "2"])
max I(X;Z) = 1/2 bits   given X -> Y -> Z, I(X;Y) <= 1/2   (over the Shannon outer bound)
Kernel theorem, entropies in nats: I(X; Z | Y) = 0, I(X; Y) <= log(2)/2 |- I(X; Z) <= log(2)/2
Attained (checked exactly) by the distribution of (X, Y, Z):
  U1 uniform on GF(2) and independent; E a fair coin, independent of them; X = U1 (erased when E = 1); Y = U1; Z = U1
  p(0, 0, 0) = 1/4
  p(1, 1, 1) = 1/4
  p(2, 0, 0) = 1/4
  p(2, 1, 1) = 1/4
0
>>> main(["bound", "max H(X)"])
max H(X) = ∞ (unbounded over the Shannon outer bound)
  the polymatroid h + t r meets every constraint for all t >= 0, with h: every h(S) = 0 and r: h(X) = 1
0
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..prover.bound import bound

__all__ = ["register"]


def register(commands: Any) -> None:
    """Add the ``bound`` subcommand to the CLI's subparsers.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subparsers of the ``symkl`` parser.
    """
    sub = commands.add_parser(
        "bound",
        help="the exact max or min of an information quantity given constraints (Shannon outer bound)",
        description=(
            "The exact maximum or minimum of a linear combination of entropies and mutual informations over "
            "every polymatroid meeting the constraints, with a kernel-checked theorem and, when one is found, "
            "a distribution that attains it. Constants are in nats unless --base is given."
        ),
        epilog='example:\n  symkl bound "max I(X;Z)" --given "X -> Y -> Z" --given "I(X;Y) <= 1/2" --base 2',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("objective", help='"max I(X;Z)" or "min H(S1)" (max when no sense is written)')
    sub.add_argument("--given", action="append", default=[], help='constraint: "X -> Y -> Z", "H(X) <= 1", ...')
    sub.add_argument("--sense", help="max or min (instead of writing it before the objective)")
    sub.add_argument("--base", help="unit of the constants and the value: 2 or bits, e (nats, the default), 10")
    sub.add_argument("--json", action="store_true", help="print one JSON object")
    sub.set_defaults(handler=run)


def _points(point: dict[frozenset[str], Any], variables: tuple[str, ...]) -> str:
    ordered = sorted(point.items(), key=lambda item: (len(item[0]), sorted(item[0], key=variables.index)))
    return (
        ", ".join(f"h({','.join(sorted(s, key=variables.index))}) = {v}" for s, v in ordered if v) or "every h(S) = 0"
    )


def run(args: argparse.Namespace) -> int:
    """The handler: prints the exact value, its theorem and an attaining distribution; returns 0."""
    result = bound(args.objective, given=args.given, sense=args.sense, base=args.base)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
        return 0
    given = f"   given {', '.join(result.given)}" if result.given else ""
    if not result.bounded:
        print(f"{result.sense} {result.objective} = {result.value_text()} (unbounded over the Shannon outer bound)")
        if result.point is not None and result.ray is not None:
            print(
                "  the polymatroid h + t r meets every constraint for all t >= 0, with h: "
                f"{_points(result.point, result.variables)} and r: {_points(result.ray, result.variables)}"
            )
        return 0
    print(f"{result.sense} {result.objective} = {result.value_text()}{given}   (over the Shannon outer bound)")
    print(f"Kernel theorem, entropies in nats: {result.theorem}")
    example = result.distribution
    if example is None:
        print("No attaining distribution found among small linear ones (with erasures); the optimum is attained")
        print(f"  by the polymatroid {_points(result.point or {}, result.variables)}")
        return 0
    print(f"Attained (checked exactly) by the distribution of ({', '.join(example.variables)}):")
    print(f"  {example.description}")
    for outcome, p in sorted(example.table.items()):
        print(f"  p({', '.join(map(str, outcome))}) = {p}")
    return 0
