"""``symkl kl``, ``cross-entropy``, ``js``, ``entropy`` and ``compare``.

>>> from symkl.cli import main
>>> main(["entropy", "1/2,1/4,1/8,1/8", "--base", "2"])
H(P) = 7/4 bits ≈ 1.75 bits
0
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import InvalidInput
from ..exact import measures
from ..exact.distribution import Distribution
from ..exact.generalised import js_divergence
from ..exact.measures import is_random_variable, unit_name
from ..exact.printing import latex
from ..exact.ranking import rank
from ..render.worked import derive_cross_entropy, derive_entropy, derive_js, derive_kl
from ..statements import unevaluated
from .common import DISTRIBUTION_HELP, FAMILY_HELP, MAX_MODELS, add_answer_options, subcommand
from .inputs import distribution, read_base, told_apart
from .output import answer_latex, answer_report, answer_text, print_report, public_fields, vector_text

MEASURES: dict[str, tuple[str, str]] = {
    # command-line name -> (function name, unevaluated class)
    "kl": ("kl_divergence", "KL"),
    "cross-entropy": ("cross_entropy", "CrossEntropy"),
    "js": ("js_divergence", "JS"),
}
FUNCTIONS: dict[str, Any] = {
    "kl_divergence": measures.kl_divergence,
    "cross_entropy": measures.cross_entropy,
    "js_divergence": js_divergence,
}


def run_pair(args: argparse.Namespace, command: str) -> int:
    """Run ``symkl kl``, ``cross-entropy`` or ``js`` on two distributions and print the answer.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.
    command : str
        The subcommand: ``kl``, ``cross-entropy`` or ``js``.

    Returns
    -------
    int
        The exit code, 0.

    Raises
    ------
    InvalidInput
        If the input is not supported, such as js on continuous families.
    """
    function_name, class_name = MEASURES[command]
    first, second = distribution(args.P, "first distribution", "P"), distribution(args.Q, "second distribution", "Q")
    P, Q = told_apart([first, second])  # "A=..." "A=..." prints D_KL(A || A′)
    base = read_base(args.base)
    if is_continuous(P, Q, args=args):
        _refuse_mixed(P, Q)
        if command == "js":
            raise InvalidInput("js is implemented for finite distributions only")
        symbol = {"kl": ("D_KL", " || "), "cross-entropy": ("H", ", ")}[command]
        label = f"{symbol[0]}({args.P.strip()}{symbol[1]}{args.Q.strip()})"
        value = FUNCTIONS[function_name](P, Q, base=base)
        print_report(answer_report(label, value, base, args, function_name), label, args)
        return 0
    statement = getattr(unevaluated, class_name)(P, Q)
    value = FUNCTIONS[function_name](P, Q, base=base)
    report = answer_report(str(statement), value, base, args, function_name)
    derive = {"kl": derive_kl, "cross-entropy": derive_cross_entropy, "js": derive_js}[command]
    print_report(report, latex(statement), args, lambda: derive(P, Q, base=base, digits=min(args.digits, 30)))
    return 0


def _refuse_mixed(P: Any, Q: Any) -> None:
    """A list of probabilities (outcomes 0, 1, ...) against a family: say how to write both alike."""
    if isinstance(P, Distribution) != isinstance(Q, Distribution):
        first, second = ("first", "second") if isinstance(P, Distribution) else ("second", "first")
        raise InvalidInput(
            f"the {first} distribution is a list of probabilities and the {second} a family such as Normal(0,1); "
            "give both as lists, or both as families (a list p0,p1 on outcomes 0, 1 is Bernoulli(p1))"
        )


def is_continuous(*values: Any, args: argparse.Namespace | None = None) -> bool:
    """Whether any of the values is a continuous family (a random variable) rather than a finite distribution.

    Parameters
    ----------
    *values : object
        The distributions.
    args : argparse.Namespace or None, optional
        The parsed command line, to refuse ``--steps`` for families.

    Returns
    -------
    bool
        True when some value is a random variable.

    Raises
    ------
    InvalidInput
        If a value is continuous and ``--steps`` was asked for.
    """
    if not any(is_random_variable(value) for value in values):
        return False
    if args is not None and args.steps:
        raise InvalidInput("--steps is available for finite distributions only")
    return True


def run_entropy(args: argparse.Namespace) -> int:
    """Run ``symkl entropy`` on one distribution and print the answer.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        The exit code, 0.
    """
    P = distribution(args.P, "distribution", "P")
    base = read_base(args.base)
    if is_continuous(P, args=args):
        label = f"H({args.P.strip()})"
        print_report(answer_report(label, measures.entropy(P, base=base), base, args, "entropy"), label, args)
        return 0
    statement = unevaluated.Entropy(P)
    report = answer_report(str(statement), measures.entropy(P, base=base), base, args, "entropy")
    steps = lambda: derive_entropy(P, base=base, digits=min(args.digits, 30))  # noqa: E731
    print_report(report, latex(statement), args, steps)
    return 0


def run_compare(args: argparse.Namespace) -> int:
    """Run ``symkl compare``: rank models by their divergence from the truth, exactly, and print the ranking.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        The exit code, 0.

    Raises
    ------
    InvalidInput
        If there are too many models or a model is a continuous family.
    """
    if len(args.models) > MAX_MODELS:
        raise InvalidInput(f"{len(args.models)} models; compare takes at most {MAX_MODELS}")
    truth = distribution(args.truth, "truth", "P")
    models = [distribution(text, f"model {index}", f"Q{index}") for index, text in enumerate(args.models, 1)]
    truth, *models = told_apart([truth, *models])  # A, A′: a model named like the truth or another model
    if is_continuous(truth, *models):
        raise InvalidInput("compare ranks finite distributions; use 'symkl kl' for families such as Normal(0,1)")
    base = read_base(args.base)
    function_name, class_name = MEASURES[args.measure]
    derive = {"kl": derive_kl, "cross-entropy": derive_cross_entropy, "js": derive_js}[args.measure]
    ranking = rank(truth, models, measure=FUNCTIONS[function_name], base=base)
    unit = unit_name(base)
    rows = []
    for entry in ranking:
        statement = getattr(unevaluated, class_name)(truth, entry.candidate)
        row = answer_report(str(statement), entry.value, base, args, function_name)
        row.update(rank=entry.rank, model=entry.candidate.name, distribution=vector_text(entry.candidate))
        row["_latex"] = latex(statement)
        if args.steps:
            row["_steps"] = derive(truth, entry.candidate, base=base, digits=min(args.digits, 30))
            if args.json:
                row.update(steps=row["_steps"].to_text().splitlines(), steps_latex=row["_steps"].to_latex())
        rows.append(row)
    if args.json:
        payload = {"measure": function_name, "truth": vector_text(truth), "unit": unit}
        print(json.dumps({**payload, "ranking": [public_fields(row) for row in rows]}, ensure_ascii=False))
        return 0
    if args.steps:
        for row in rows:
            print(row["_steps"].to_latex() if args.latex else row["_steps"].to_text(), end="\n\n")
    best = [row["model"] for row in rows if row["rank"] == 1]
    verdict = best[0] if len(best) == 1 else "tie between " + ", ".join(best)
    if args.latex:
        for row in rows:
            print(f"{row['_latex']} = {answer_latex(row)}")
        print(f"% ranked closest first; best model: {verdict}")
        return 0
    symbol = str(getattr(unevaluated, class_name)(truth, Distribution([1], name="model")))
    print(f"Models ranked by {symbol} in {unit}, closest first (exact comparison):")
    for row in rows:
        print(f"  {row['rank']}. {row['model']} = {row['distribution']}: {answer_text(row)}")
    print(f"Best model: {verdict}.")
    return 0


PAIRS = (
    (
        "kl",
        "KL divergence D(P || Q), exactly",
        'symkl kl "1/2,1/2" "1/4,3/4" --base 2\n  symkl kl "Normal(0,1)" "Normal(1,2)"',
    ),
    (
        "cross-entropy",
        "cross-entropy H(P, Q), exactly",
        'symkl cross-entropy "A=1/2,1/2" "B=1/4,3/4" --latex\n  symkl cross-entropy "Normal(0,1)" "Laplace(0,1)"',
    ),
    ("js", "Jensen-Shannon divergence of two finite distributions, exactly", 'symkl js "1/2,1/2" "1/4,3/4" --base 2'),
)


def register(commands: Any) -> None:
    """Add kl, cross-entropy, js, entropy and compare to the subcommands of ``symkl``.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subparsers of the ``symkl`` parser.
    """
    for name, summary, example in PAIRS:
        sub = subcommand(commands, name, summary, example)
        families = FAMILY_HELP if name != "js" else ""
        sub.add_argument("P", help=DISTRIBUTION_HELP + families)
        sub.add_argument("Q", help=DISTRIBUTION_HELP + families)
        add_answer_options(sub)
        sub.set_defaults(handler=lambda a, n=name: run_pair(a, n))
    example = 'symkl entropy "1/2,1/4,1/8,1/8" --base 2\n  symkl entropy "Normal(0,1)" --base 2'
    sub = subcommand(commands, "entropy", "Shannon entropy H(P), exactly", example)
    sub.add_argument("P", help=DISTRIBUTION_HELP + FAMILY_HELP)
    add_answer_options(sub)
    sub.set_defaults(handler=run_entropy)
    example = 'symkl compare "A=1/2,1/2" "B=1/4,3/4" "C=1/8,7/8" --base 2'
    sub = subcommand(commands, "compare", "rank models against the truth by exact divergence", example)
    sub.add_argument("truth", help=DISTRIBUTION_HELP)
    sub.add_argument("models", nargs="+", help=f"{MAX_MODELS} at most, each like the truth")
    sub.add_argument("--measure", choices=sorted(MEASURES), default="kl", help="divergence to rank by (default kl)")
    add_answer_options(sub)
    sub.set_defaults(handler=run_compare)
