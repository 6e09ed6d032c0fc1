"""The ``symkl`` command line (also ``python -m symkl``).

>>> main(["kl", "1/2,1/2", "1/4,3/4", "--base", "2", "--digits", "4"])
D_KL(P || Q) = 1 - log(3)/(2*log(2)) bits ≈ 0.2075 bits
0
>>> main(["entropy", "1/2,1/4,1/8,1/8", "--base", "2"])
H(P) = 7/4 bits ≈ 1.75 bits
0

Bad input prints ``symkl: error: <what and where>`` on stderr and exits 2,
never a traceback. Distributions are read by the strict grammar of
:mod:`symkl.parsing` (never ``eval``/``sympify``): comma-separated numbers,
optionally named (``A=1/2,1/2``), or ``@FILE`` to read the entries from a
file (separated by commas, spaces or newlines).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from .errors import InvalidInput, Undecidable

__all__ = ["main"]

_NEGATIVE_NUMBER = re.compile(r"^-[\d.]")
_NAMED_PREFIX_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

MEASURES: dict[str, tuple[str, str]] = {
    # command-line name -> (function name in symkl.measures, unevaluated class)
    "kl": ("kl_divergence", "KL"),
    "cross-entropy": ("cross_entropy", "CrossEntropy"),
    "js": ("js_divergence", "JS"),
}


class _UsageError(Exception):
    """A command-line mistake: reported as ``symkl: error: ...`` with exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _read_entries(text: str, where: str) -> tuple[str | None, list[str]]:
    from .parsing import split_list

    name = None
    head, separator, rest = text.partition("=")
    if separator and head and set(head) <= _NAMED_PREFIX_CHARS and head[0].isalpha():
        name, text = head, rest
    if text.startswith("@"):
        path = text[1:]
        try:
            with open(path, encoding="utf-8") as handle:
                content = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            raise InvalidInput(f"{where}: cannot read file {path!r}: {reason}") from None
        entries = [part for chunk in split_list(content.replace("\n", ",")) for part in chunk.split()]
        return name, entries
    return name, split_list(text)


#: Families accepted on the command line as NAME(parameters), parameterised as in sympy.stats.
FAMILIES = (
    "Normal",
    "LogNormal",
    "Exponential",
    "Gamma",
    "Laplace",
    "Uniform",
    "Rayleigh",
    "Weibull",
    "Pareto",
    "Poisson",
    "Geometric",
    "Bernoulli",
    "Binomial",
    "Beta",
    "Chi",
    "Gumbel",
    "Cauchy",
)
_FAMILY = re.compile(r"^([A-Za-z]+)\((.*)\)$", re.DOTALL)


def _random_variable(text: str, where: str, default_name: str) -> Any:
    """A sympy.stats random variable from 'Family(p1, p2)', or None when text is not of that form."""
    match = _FAMILY.match(text)
    if match is None or match.group(1) in ("log", "sqrt"):
        return None
    if match.group(1) not in FAMILIES:
        raise InvalidInput(f"{where}: unknown family {match.group(1)!r}; the families are {', '.join(FAMILIES)}")
    import sympy.stats

    from .parsing import parse_number, split_list

    try:
        parameters = [parse_number(part) for part in split_list(match.group(2))]
    except InvalidInput as error:
        raise InvalidInput(f"{where} ({_shorten(text)}): {error}") from None
    try:
        return getattr(sympy.stats, match.group(1))(default_name, *parameters)
    except (ValueError, TypeError) as error:
        raise InvalidInput(f"{where} ({_shorten(text)}): {error}") from None


def _distribution(text: str, where: str, default_name: str) -> Any:
    from .distribution import Distribution
    from .errors import InvalidDistribution

    text = text.strip()
    variable = _random_variable(text, where, default_name)
    if variable is not None:
        return variable
    name, entries = _read_entries(text, where)
    try:
        return Distribution(entries, name=name or default_name)
    except InvalidDistribution as error:
        raise InvalidDistribution(f"{where} ({_shorten(text)}): {error}") from None


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _base(text: str | None) -> Any:
    from .measures import checked_base

    return None if text is None else checked_base(text)


def _report(label: str, value: Any, base: Any, args: argparse.Namespace, measure: str) -> dict[str, Any]:
    from .canonical import decimal_string
    from .measures import unit_name
    from .printing import exact_str, latex

    return {
        "measure": measure,
        "statement": label,
        "base": "e" if base is None else exact_str(base),
        "unit": unit_name(base),
        "exact": exact_str(value),
        "latex": latex(value),
        "value": decimal_string(value, args.digits),
        "digits": args.digits,
    }


def _print_report(report: dict[str, Any], statement_latex: str, args: argparse.Namespace, steps: Any = None) -> None:
    if getattr(args, "steps", False) and steps is not None:
        derivation = steps()
        if args.json:  # still one JSON object: the rows go into it
            report["steps"] = derivation.to_text().splitlines()
            report["steps_latex"] = derivation.to_latex()
        else:
            print(derivation.to_latex() if args.latex else derivation.to_text())
            return
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    elif args.latex:
        unit = report["unit"]
        print(rf"{statement_latex} = {report['latex']} \approx {report['value']}\ \text{{{unit}}}")
    else:
        unit = report["unit"]
        print(f"{report['statement']} = {report['exact']} {unit} ≈ {report['value']} {unit}")


def _cmd_pair(args: argparse.Namespace, command: str) -> int:
    import symkl

    function_name, class_name = MEASURES[command]
    P = _distribution(args.P, "first distribution", "P")
    Q = _distribution(args.Q, "second distribution", "Q")
    base = _base(args.base)
    if _continuous(P, Q, args=args):
        if command == "js":
            raise InvalidInput("js is implemented for finite distributions only")
        symbol = {"kl": ("D_KL", " || "), "cross-entropy": ("H", ", ")}[command]
        label = f"{symbol[0]}({args.P.strip()}{symbol[1]}{args.Q.strip()})"
        value = getattr(symkl, function_name)(P, Q, base=base)
        _print_report(_report(label, value, base, args, function_name), label, args)
        return 0
    statement = getattr(symkl, class_name)(P, Q)
    value = getattr(symkl, function_name)(P, Q, base=base)
    report = _report(str(statement), value, base, args, function_name)
    derive = {"kl": symkl.derive_kl, "cross-entropy": symkl.derive_cross_entropy, "js": symkl.derive_js}[command]
    _print_report(report, symkl.latex(statement), args, lambda: derive(P, Q, base=base, digits=min(args.digits, 30)))
    return 0


def _continuous(*values: Any, args: argparse.Namespace | None = None) -> bool:
    from .continuous import is_random_variable

    if not any(is_random_variable(value) for value in values):
        return False
    if args is not None and args.steps:
        raise InvalidInput("--steps is available for finite distributions only")
    return True


def _cmd_entropy(args: argparse.Namespace) -> int:
    import symkl

    P = _distribution(args.P, "distribution", "P")
    base = _base(args.base)
    if _continuous(P, args=args):
        label = f"H({args.P.strip()})"
        _print_report(_report(label, symkl.entropy(P, base=base), base, args, "entropy"), label, args)
        return 0
    statement = symkl.Entropy(P)
    report = _report(str(statement), symkl.entropy(P, base=base), base, args, "entropy")
    steps = lambda: symkl.derive_entropy(P, base=base, digits=min(args.digits, 30))  # noqa: E731
    _print_report(report, symkl.latex(statement), args, steps)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    import symkl

    truth = _distribution(args.truth, "truth", "P")
    models = [_distribution(text, f"model {index}", f"Q{index}") for index, text in enumerate(args.models, 1)]
    base = _base(args.base)
    function_name, class_name = MEASURES[args.measure]
    ranking = symkl.rank(truth, models, measure=getattr(symkl, function_name), base=base)
    unit = symkl.measures.unit_name(base)
    rows = []
    for entry in ranking:
        statement = getattr(symkl, class_name)(truth, entry.candidate)
        row = _report(str(statement), entry.value, base, args, function_name)
        row.update(rank=entry.rank, model=entry.candidate.name, distribution=_vector(entry.candidate))
        rows.append(row)
    if args.json:
        print(json.dumps({"measure": function_name, "truth": _vector(truth), "unit": unit, "ranking": rows}))
        return 0
    symbol = str(getattr(symkl, class_name)(truth, symkl.Distribution([1], name="model")))
    print(f"Models ranked by {symbol} in {unit}, closest first (exact comparison):")
    for row in rows:
        print(f"  {row['rank']}. {row['model']} = {row['distribution']}: {row['exact']} {unit} ≈ {row['value']} {unit}")
    best = [row["model"] for row in rows if row["rank"] == 1]
    verdict = best[0] if len(best) == 1 else "tie between " + ", ".join(best)
    print(f"Best model: {verdict}.")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from .identities import identities

    entries = identities()
    if args.json:
        rows = [{"name": e.name, "statement": e.text, "source": e.source, "methods": list(e.methods)} for e in entries]
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    width = max(len(entry.name) for entry in entries)
    for entry in entries:
        print(f"{entry.name:<{width}}  {entry.text}")
        print(f"{'':<{width}}  source: {entry.source}")
    return 0


def _progress(items: list[Any], enabled: bool) -> Any:
    """tqdm's bar on stderr when installed, a plain counter otherwise."""
    if not enabled:
        return items
    try:
        from tqdm import tqdm
    except ImportError:
        return _plain_progress(items)
    return tqdm(items, desc="verify", unit="identity", file=sys.stderr)


def _plain_progress(items: list[Any]) -> Any:
    for index, item in enumerate(items, 1):
        print(f"verify [{index}/{len(items)}] {getattr(item, 'name', item)}", file=sys.stderr)
        yield item


def _cmd_verify(args: argparse.Namespace) -> int:
    import time

    from .identities import identities
    from .verification import lookup, verify

    if args.all == (args.name is not None):
        raise _UsageError("give one identity NAME or --all")
    if args.n < 1 or args.n > 8:
        raise _UsageError(f"--n must be between 1 and 8, got {args.n}")
    if args.all:
        entries = identities()
    else:
        try:
            entries = [lookup(args.name)]
        except KeyError as error:
            raise InvalidInput(str(error.args[0])) from None
    results, timings = [], []
    for entry in _progress(entries, args.all and not args.json):
        start = time.perf_counter()
        results.append(verify(entry, n=args.n, samples=args.samples, seed=args.seed))
        timings.append(time.perf_counter() - start)
    if args.json:
        payload = [dict(result.as_dict(), seconds=round(seconds, 3)) for result, seconds in zip(results, timings)]
        print(json.dumps(payload if args.all else payload[0], ensure_ascii=False))
    elif args.all:
        _print_summary(results, timings)
    else:
        _print_result(results[0])
    return 0 if all(result.passed for result in results) else 1


def _print_result(result: Any) -> None:
    print(f"{result.identity.name}: {result.identity.text}")
    print(f"  source: {result.identity.source}")
    for method, entry in result.methods.items():
        print(f"  {method:<9} {entry.status}: {entry.detail}")
        if entry.theorem is not None:
            print(f"      theorem: {entry.theorem!r}")
        if entry.counterexample:
            print(f"      counterexample: {entry.counterexample}")
    labels = {"proved": "proved", "checked": "checked only (no proof)", "failed": "FAILED", "unknown": "unknown"}
    print("verdict: " + labels[result.verdict])


def _print_summary(results: list[Any], timings: list[float]) -> None:
    width = max(len(result.identity.name) for result in results)
    print(f"{'identity':<{width}}  {'symbolic':<13} {'exact':<13} {'numeric':<13} seconds")
    for result, seconds in zip(results, timings):
        cells = [result.methods[m].status if m in result.methods else "-" for m in ("symbolic", "exact", "numeric")]
        print(f"{result.identity.name:<{width}}  {cells[0]:<13} {cells[1]:<13} {cells[2]:<13} {seconds:7.2f}")
    counts = {verdict: [r.identity.name for r in results if r.verdict == verdict] for verdict in ("proved", "checked")}
    failed = [result.identity.name for result in results if not result.passed]
    summary = f"{len(counts['proved'])} proved, {len(counts['checked'])} checked only (no proof), {len(failed)} failed"
    print(summary + (f": {', '.join(failed)}" if failed else ""))
    if counts["checked"]:
        print(f"checked only: {', '.join(counts['checked'])}")


def _cmd_derive(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .folder import worked_example, write_atomically, write_folder
    from .verification import lookup
    from .worked import derive_identity

    if args.all == (args.name is not None):
        raise _UsageError("give one NAME (an identity or 'worked-example') or --all")
    if args.all:
        if args.out is None:
            raise _UsageError("--all needs --out DIR")
        written = write_folder(args.out, n=args.n)
        print(f"wrote {len(written)} files to {args.out}")
        return 0
    if args.name == "worked-example":
        derivations = worked_example()
    else:
        try:
            entry = lookup(args.name)
        except KeyError as error:
            raise InvalidInput(str(error.args[0])) from None
        derivation = derive_identity(entry.name, args.n)
        if derivation is None:
            raise InvalidInput(f"{entry.name} has no symbolic proof, so no derivation; see 'symkl verify {entry.name}'")
        derivations = [derivation]
    renderers = {"tex": lambda d: d.to_document(), "md": lambda d: d.to_markdown(), "txt": lambda d: d.to_text() + "\n"}
    text = "\n".join(renderers[args.format](d) for d in derivations)
    if args.out is None:
        print(text, end="")
    else:
        target = Path(args.out) / f"{args.name}.{args.format}"
        write_atomically(target, text.encode("utf-8"))
        print(f"wrote {target}")
    return 0


def _vector(distribution: Any) -> str:
    from .printing import exact_str

    return "(" + ", ".join(exact_str(p) for p in distribution.probabilities) + ")"


def _digits(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--digits takes a whole number, got {text!r}") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"--digits must be between 1 and 1000, got {value}")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", help="log base: e (nats, default), 2 (bits), 10 (hartleys), or any positive number")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument("--latex", action="store_true", help="print the answer as LaTeX")
    parser.add_argument(
        "--digits", type=_digits, default=15, help="significant digits of the decimal value (all guaranteed)"
    )
    parser.add_argument("--steps", action="store_true", help="print the worked derivation, every step checked")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(prog="symkl", description="Exact information theory: entropy, cross-entropy, KL divergence.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    distribution_help = "comma-separated probabilities (e.g. 1/2,1/2), optionally NAME=..., or @FILE"
    for name, summary in (
        ("kl", "KL divergence D(P || Q)"),
        ("cross-entropy", "cross-entropy H(P, Q)"),
        ("js", "Jensen-Shannon divergence"),
    ):
        sub = commands.add_parser(name, help=summary, description=summary)
        sub.add_argument("P", help=distribution_help)
        sub.add_argument("Q", help=distribution_help)
        _common(sub)
        sub.set_defaults(handler=lambda a, n=name: _cmd_pair(a, n))
    sub = commands.add_parser("entropy", help="Shannon entropy H(P)", description="Shannon entropy H(P)")
    sub.add_argument("P", help=distribution_help)
    _common(sub)
    sub.set_defaults(handler=_cmd_entropy)
    sub = commands.add_parser("compare", help="rank models against the truth by exact divergence")
    sub.add_argument("truth", help=distribution_help)
    sub.add_argument("models", nargs="+", help=distribution_help)
    sub.add_argument("--measure", choices=sorted(MEASURES), default="kl", help="divergence to rank by (default kl)")
    _common(sub)
    sub.set_defaults(handler=_cmd_compare)
    sub = commands.add_parser("list", help="the catalogue of identities and inequalities")
    sub.add_argument("--json", action="store_true", help="print one JSON array")
    sub.set_defaults(handler=_cmd_list)
    sub = commands.add_parser("verify", help="prove and check a catalogued identity (exit 1 if any fails)")
    sub.add_argument("name", nargs="?", help="identity name (see 'symkl list')")
    sub.add_argument("--all", action="store_true", help="verify the whole catalogue, with a progress bar and a summary")
    sub.add_argument("--n", type=int, default=2, help="size of the distributions (default 2)")
    sub.add_argument("--samples", type=int, default=20, help="random exact instances per identity (default 20)")
    sub.add_argument("--seed", type=int, default=0, help="seed of the random instances")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(handler=_cmd_verify)
    sub = commands.add_parser("derive", help="write checked step-by-step derivations (LaTeX, Markdown, text)")
    sub.add_argument("name", nargs="?", help="identity name, or 'worked-example'")
    sub.add_argument("--all", action="store_true", help="regenerate every derivation, the index and the figure")
    sub.add_argument("--format", choices=("tex", "md", "txt"), default="txt", help="output format (default txt)")
    sub.add_argument("--out", help="folder to write into (files are written atomically)")
    sub.add_argument("--n", type=int, default=2, help="size of the symbolic distributions (default 2)")
    sub.set_defaults(handler=_cmd_derive)
    from .prover.cli_prove import register as register_prove

    register_prove(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad input)."""
    from .printing import unlimited_int_digits

    parser = build_parser()
    arguments = sys.argv[1:] if argv is None else list(argv)
    # "-1/2,3/2" is a (bad) distribution, not an option: a leading space keeps argparse from reading it as one.
    arguments = [" " + text if _NEGATIVE_NUMBER.match(text) else text for text in arguments]
    try:
        args = parser.parse_args(arguments)
        handler: Callable[[argparse.Namespace], int] = args.handler
        with unlimited_int_digits():
            return handler(args)
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter from flushing into the closed pipe
        return 0
    except (_UsageError, InvalidInput, Undecidable, ValueError, OSError, NotImplementedError) as error:
        print(f"symkl: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("symkl: interrupted", file=sys.stderr)
        return 130
    except RecursionError:
        print("symkl: error: input is too deeply nested", file=sys.stderr)
        return 2
    except Exception as error:  # pragma: no cover - a bug, reported without a traceback
        if os.environ.get("SYMKL_DEBUG"):
            raise
        print(
            f"symkl: internal error: {type(error).__name__}: {error} (set SYMKL_DEBUG=1 for details)", file=sys.stderr
        )
        return 1
