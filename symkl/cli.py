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

from . import measures, unevaluated
from ._version import __version__
from .canonical import decimal_string
from .distribution import Distribution
from .errors import InvalidDistribution, InvalidInput, Undecidable
from .folder import plotting_available, worked_example, write_atomically, write_folder
from .identities import identities
from .intervals import proven
from .measures import checked_base, is_random_variable, unit_name
from .parsing import brief, parse_number, split_list
from .printing import exact_str, latex, unlimited_int_digits
from .prover.cli_prove import register as register_prove
from .ranking import rank
from .verification import lookup, verify
from .worked import derive_cross_entropy, derive_entropy, derive_identity, derive_js, derive_kl

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
        # "argument --n: --n must be ..." -> "--n must be ..."
        message = re.sub(r"^argument (\S+): (?=\1 )", "", message)
        if message.startswith("the following arguments are required"):
            message += f" (see '{self.prog} --help')"
        choice = re.match(r"argument COMMAND: invalid choice: '(.*?)'", message)
        if choice and choice.group(1).lower() in _COMMANDS:
            message += f"; commands are lower case: '{choice.group(1).lower()}'"
        raise _UsageError(message)


_COMMANDS = ("kl", "cross-entropy", "js", "entropy", "compare", "list", "verify", "derive", "prove")


#: Bounds of command-line input: a file's size, the entries of one distribution, the models of compare.
MAX_FILE_BYTES = 10 * 2**20
MAX_ENTRIES = 100_000
MAX_MODELS = 100
#: Longest --base text, and most digits in a family's parameter (numerator or denominator).
MAX_BASE_TEXT = 100
MAX_PARAMETER_DIGITS = 1000
#: Longest error message printed; a longer one keeps its head and tail.
MAX_MESSAGE = 400


def _os_reason(error: OSError) -> str:
    """An OSError as words, without the ``[Errno N]`` prefix.

    >>> _os_reason(FileNotFoundError(2, "No such file or directory"))
    'no such file or directory'
    """
    reason = error.strerror or str(error) or type(error).__name__
    return reason[:1].lower() + reason[1:]


def _read_file(path: str, where: str) -> str:
    """The text of a distribution file, refusing folders, files over MAX_FILE_BYTES and non-UTF-8 bytes."""
    shown = _shorten(path, 200)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InvalidInput(f"{where}: cannot read file {shown!r}: {_os_reason(error)}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"{where}: file {shown!r} is larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"{where}: file {shown!r} is not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start})"
        ) from None


def _read_entries(text: str, where: str) -> tuple[str | None, list[str]]:
    name = None
    head, separator, rest = text.partition("=")
    if separator and head and set(head) <= _NAMED_PREFIX_CHARS and head[0].isalpha():
        name, text = head, rest
    if text.startswith("@"):
        content = _read_file(text[1:], where)
        entries = [part for chunk in split_list(content.replace("\n", ",")) for part in chunk.split()]
        if not entries:
            raise InvalidInput(f"{where}: file {_shorten(text[1:], 200)!r} has no entries")
    else:
        entries = split_list(text)
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(f"{where}: {len(entries)} entries; the command line takes at most {MAX_ENTRIES}")
    return name, entries


def _numbers(entries: list[str]) -> list[Any]:
    """Each entry read as a number (no symbols: e and pi are the constants), with its index in errors."""
    values = []
    for index, entry in enumerate(entries):
        try:
            values.append(parse_number(entry, symbols=False))
        except InvalidInput as error:
            raise InvalidDistribution(f"probability at index {index}: {error}{_entry_hint(entry)}") from None
    return values


def _entry_hint(entry: str) -> str:
    """A remedy for an entry that looks like two entries or a named outcome.

    >>> _entry_hint("0.5 0.5"), _entry_hint("b=1/2"), _entry_hint("1/3")
    ('; separate entries with commas (1/2,1/2)', "; '=' only names the whole distribution, once: P=1/2,1/2", '')
    """
    if "=" in entry:
        return "; '=' only names the whole distribution, once: P=1/2,1/2"
    if any(mark in entry for mark in ";，；") or re.search(r"[\d.)]\s+[\d.(]", entry.strip()):
        return "; separate entries with commas (1/2,1/2)"
    return ""


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
        close = [family for family in FAMILIES if family.lower() == match.group(1).lower()]
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise InvalidInput(
            f"{where}: unknown family {_shorten(match.group(1))!r}; {hint}the families are {', '.join(FAMILIES)}"
        )
    import sympy.stats

    family = getattr(sympy.stats, match.group(1))
    try:
        texts = split_list(match.group(2)) if match.group(2).strip() else []
        _check_arity(match.group(1), family, len(texts))
        parameters = [_parameter(part, index) for index, part in enumerate(texts, 1)]
    except (ValueError, TypeError) as error:
        raise InvalidInput(f"{where} ({_shorten(text)}): {error}") from None
    try:
        return family(default_name, *parameters)
    except (ValueError, TypeError) as error:  # SymPy's own check, in its parameter order
        names = ", ".join(_parameter_names(family))
        raise InvalidInput(f"{where} ({_shorten(text)}): {error} (parameters: {match.group(1)}({names}))") from None


def _parameter(text: str, index: int) -> Any:
    """One family parameter: a number (no symbols) of at most MAX_PARAMETER_DIGITS digits."""
    try:
        value = parse_number(text, symbols=False)
    except InvalidInput as error:
        raise InvalidInput(f"parameter {index}: {error}") from None
    if value.is_Rational and max(abs(value.p), value.q).bit_length() > MAX_PARAMETER_DIGITS * 3.33:
        raise InvalidInput(
            f"parameter {index} ({_shorten(text.strip())}) has more than {MAX_PARAMETER_DIGITS} digits"
            " as a fraction; the command line takes smaller parameters"
        )
    return value


def _parameter_names(family: Any) -> list[str]:
    """The required parameters of a sympy.stats family, in its order.

    >>> import sympy.stats
    >>> _parameter_names(sympy.stats.Gumbel)
    ['beta', 'mu']
    """
    import inspect

    signature = inspect.signature(family).parameters.values()
    return [p.name for p in signature if p.default is inspect.Parameter.empty and p.name != "name"]


def _check_arity(name: str, family: Any, count: int) -> None:
    """Refuse a wrong number of parameters, naming them (from sympy.stats' signature)."""
    wanted = _parameter_names(family)
    if count != len(wanted):
        raise InvalidInput(f"{name} takes {len(wanted)} parameters ({', '.join(wanted)}), got {count}")


def _distribution(text: str, where: str, default_name: str) -> Any:
    text = text.strip()
    variable = _random_variable(text, where, default_name)
    if variable is not None:
        return variable
    name, entries = _read_entries(text, where)
    try:
        return Distribution(_numbers(entries), name=name or default_name)
    except InvalidDistribution as error:
        raise InvalidDistribution(f"{where} ({_shorten(text)}): {error}") from None


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _base(text: str | None) -> Any:
    """--base read like a probability (e is Euler's number there too); errors name --base."""
    if text is None:
        return None
    if len(text) > MAX_BASE_TEXT:
        raise InvalidInput(f"--base takes at most {MAX_BASE_TEXT} characters, got {len(text)}")
    try:
        value = parse_number(text, symbols=False)
    except InvalidInput as error:
        raise InvalidInput(f"--base: {error}") from None
    if value == 1 or value.is_positive is False:
        raise InvalidInput(f"--base must be a positive number other than 1, got {brief(value)}")
    return checked_base(value)


def _report(label: str, value: Any, base: Any, args: argparse.Namespace, measure: str) -> dict[str, Any]:
    """The JSON fields of one answer; ``_value`` (the SymPy value) is dropped when printing JSON."""
    from sympy import S

    return {
        "measure": measure,
        "statement": label,
        "base": "e" if base is None or base is S.Exp1 else exact_str(base),
        "unit": unit_name(base),
        "exact": exact_str(value),
        "latex": latex(value),
        "value": decimal_string(value, args.digits),
        "digits": args.digits,
        "guaranteed": proven(value),  # False: some digits rest on SymPy's evalf (zeta, Ei, ...), not on a proof
        "_value": value,
    }


def _public(report: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in report.items() if not key.startswith("_")}


def _unit(report: dict[str, Any]) -> str:
    """The unit as a noun agreeing with the value: 1 bit, 0 bits, 1/2 bits.

    >>> _unit({"unit": "bits", "_value": 1}), _unit({"unit": "base-3 units", "_value": 1})
    ('bit', 'base-3 unit')
    """
    unit: str = report["unit"]
    return unit.removesuffix("s") if report["_value"] == 1 else unit


def _answer_text(report: dict[str, Any]) -> str:
    """'<exact> <unit> ≈ <decimal> <unit>', or ∞ (in every base) for an infinite value."""
    from sympy import oo

    if report["_value"] in (oo, -oo):
        return "∞" if report["_value"] == oo else "-∞"
    unit = _unit(report)
    caveat = "" if report.get("guaranteed", True) else " (digits from SymPy's evalf, not guaranteed)"
    return f"{report['exact']} {unit} ≈ {report['value']} {unit}{caveat}"


def _answer_latex(report: dict[str, Any]) -> str:
    from sympy import oo

    if report["_value"] in (oo, -oo):
        return r"\infty" if report["_value"] == oo else r"-\infty"
    return rf"{report['latex']} \approx {report['value']}\ \text{{{_unit(report)}}}"


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
        print(json.dumps(_public(report), ensure_ascii=False))
    elif args.latex:
        print(f"{statement_latex} = {_answer_latex(report)}")
    else:
        print(f"{report['statement']} = {_answer_text(report)}")


def _cmd_pair(args: argparse.Namespace, command: str) -> int:
    function_name, class_name = MEASURES[command]
    P = _distribution(args.P, "first distribution", "P")
    Q = _distribution(args.Q, "second distribution", "Q")
    base = _base(args.base)
    if _continuous(P, Q, args=args):
        _refuse_mixed(P, Q)
        if command == "js":
            raise InvalidInput("js is implemented for finite distributions only")
        symbol = {"kl": ("D_KL", " || "), "cross-entropy": ("H", ", ")}[command]
        label = f"{symbol[0]}({args.P.strip()}{symbol[1]}{args.Q.strip()})"
        value = getattr(measures, function_name)(P, Q, base=base)
        _print_report(_report(label, value, base, args, function_name), label, args)
        return 0
    statement = getattr(unevaluated, class_name)(P, Q)
    value = getattr(measures, function_name)(P, Q, base=base)
    report = _report(str(statement), value, base, args, function_name)
    derive = {"kl": derive_kl, "cross-entropy": derive_cross_entropy, "js": derive_js}[command]
    _print_report(report, latex(statement), args, lambda: derive(P, Q, base=base, digits=min(args.digits, 30)))
    return 0


def _refuse_mixed(P: Any, Q: Any) -> None:
    """A list of probabilities (outcomes 0, 1, ...) against a family: say how to write both alike."""
    if isinstance(P, Distribution) != isinstance(Q, Distribution):
        first, second = ("first", "second") if isinstance(P, Distribution) else ("second", "first")
        raise InvalidInput(
            f"the {first} distribution is a list of probabilities and the {second} a family such as Normal(0,1); "
            "give both as lists, or both as families (a list p0,p1 on outcomes 0, 1 is Bernoulli(p1))"
        )


def _continuous(*values: Any, args: argparse.Namespace | None = None) -> bool:
    if not any(is_random_variable(value) for value in values):
        return False
    if args is not None and args.steps:
        raise InvalidInput("--steps is available for finite distributions only")
    return True


def _cmd_entropy(args: argparse.Namespace) -> int:
    P = _distribution(args.P, "distribution", "P")
    base = _base(args.base)
    if _continuous(P, args=args):
        label = f"H({args.P.strip()})"
        _print_report(_report(label, measures.entropy(P, base=base), base, args, "entropy"), label, args)
        return 0
    statement = unevaluated.Entropy(P)
    report = _report(str(statement), measures.entropy(P, base=base), base, args, "entropy")
    steps = lambda: derive_entropy(P, base=base, digits=min(args.digits, 30))  # noqa: E731
    _print_report(report, latex(statement), args, steps)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    if len(args.models) > MAX_MODELS:
        raise InvalidInput(f"{len(args.models)} models; compare takes at most {MAX_MODELS}")
    truth = _distribution(args.truth, "truth", "P")
    models = [_distribution(text, f"model {index}", f"Q{index}") for index, text in enumerate(args.models, 1)]
    if _continuous(truth, *models):
        raise InvalidInput("compare ranks finite distributions; use 'symkl kl' for families such as Normal(0,1)")
    base = _base(args.base)
    function_name, class_name = MEASURES[args.measure]
    derive = {"kl": derive_kl, "cross-entropy": derive_cross_entropy, "js": derive_js}[args.measure]
    ranking = rank(truth, models, measure=getattr(measures, function_name), base=base)
    unit = unit_name(base)
    rows = []
    for entry in ranking:
        statement = getattr(unevaluated, class_name)(truth, entry.candidate)
        row = _report(str(statement), entry.value, base, args, function_name)
        row.update(rank=entry.rank, model=entry.candidate.name, distribution=_vector(entry.candidate))
        row["_latex"] = latex(statement)
        if args.steps:
            row["_steps"] = derive(truth, entry.candidate, base=base, digits=min(args.digits, 30))
            if args.json:
                row.update(steps=row["_steps"].to_text().splitlines(), steps_latex=row["_steps"].to_latex())
        rows.append(row)
    if args.json:
        payload = {"measure": function_name, "truth": _vector(truth), "unit": unit}
        print(json.dumps({**payload, "ranking": [_public(row) for row in rows]}, ensure_ascii=False))
        return 0
    if args.steps:
        for row in rows:
            print(row["_steps"].to_latex() if args.latex else row["_steps"].to_text(), end="\n\n")
    best = [row["model"] for row in rows if row["rank"] == 1]
    verdict = best[0] if len(best) == 1 else "tie between " + ", ".join(best)
    if args.latex:
        for row in rows:
            print(f"{row['_latex']} = {_answer_latex(row)}")
        print(f"% ranked closest first; best model: {verdict}")
        return 0
    symbol = str(getattr(unevaluated, class_name)(truth, Distribution([1], name="model")))
    print(f"Models ranked by {symbol} in {unit}, closest first (exact comparison):")
    for row in rows:
        print(f"  {row['rank']}. {row['model']} = {row['distribution']}: {_answer_text(row)}")
    print(f"Best model: {verdict}.")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
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

    if args.all == (args.name is not None):
        raise _UsageError("give one identity NAME or --all")
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
    if args.all == (args.name is not None):
        raise _UsageError("give one NAME (an identity or 'worked-example') or --all")
    if args.all:
        return _derive_all(args)
    worked = args.name == "worked-example"
    derivations = worked_example() if worked else [_identity_derivation(args.name, args.n)]
    form = args.format or "txt"
    renderers = {"tex": lambda d: d.to_document(), "md": lambda d: d.to_markdown(), "txt": lambda d: d.to_text() + "\n"}
    text = "\n".join(renderers[form](d) for d in derivations)
    if args.out is None:
        print(text, end="")
        return 0
    from pathlib import Path

    _check_out(args.out)
    target = Path(args.out) / f"{args.name}.{form}"
    try:
        write_atomically(target, text.encode("utf-8"))
    except OSError as error:
        raise InvalidInput(f"cannot write {_shorten(str(target), 200)!r}: {_os_reason(error)}") from None
    print(f"wrote {target}")
    return 0


def _identity_derivation(name: str, n: int) -> Any:
    try:
        entry = lookup(name)
    except KeyError as error:
        raise InvalidInput(str(error.args[0])) from None
    derivation = derive_identity(entry.name, n)
    if derivation is None:
        raise InvalidInput(
            f"{entry.name} has no kernel proof at n = {n}, so no derivation; see 'symkl verify {entry.name} --n {n}'"
        )
    return derivation


def _check_out(out: str) -> None:
    if os.path.exists(out) and not os.path.isdir(out):
        raise InvalidInput(f"--out {_shorten(out, 200)!r} is a file, not a folder")


def _derive_all(args: argparse.Namespace) -> int:
    if args.out is None:
        raise _UsageError("--all needs --out DIR")
    _check_out(args.out)
    if args.format is not None:
        raise _UsageError("--format applies to one derivation; --all writes a .tex and a .md for each")
    try:
        written = write_folder(args.out, n=args.n)
    except OSError as error:
        raise InvalidInput(f"cannot write into {_shorten(args.out, 200)!r}: {_os_reason(error)}") from None
    print(f"wrote {len(written)} files to {args.out}")
    if not plotting_available():
        print("skipped the figure worked-example.pdf/.png: matplotlib is not installed (pip install 'symkl[plot]')")
    return 0


def _vector(distribution: Any) -> str:
    return "(" + ", ".join(exact_str(p) for p in distribution.probabilities) + ")"


def _bounded(option: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number in [low, high], refused with a short message otherwise.

    >>> _bounded("--n", 1, 10)("7")
    7
    >>> _bounded("--n", 1, 10)("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --n must be between 1 and 10, got -1
    """

    def convert(text: str) -> int:
        stripped = text.strip()
        digits = stripped.removeprefix("-").removeprefix("+")
        if not digits.isdigit() or not digits.isascii():
            raise argparse.ArgumentTypeError(f"{option} takes a whole number, got {_shorten(text)!r}")
        if len(digits) > 20 or not low <= int(stripped) <= high:
            raise argparse.ArgumentTypeError(f"{option} must be between {low} and {high}, got {_shorten(stripped)}")
        return int(stripped)

    return convert


_DIGITS = _bounded("--digits", 1, 1000)
_SIZE = _bounded("--n", 1, 8)
_SAMPLES = _bounded("--samples", 1, 10_000)
_SEED = _bounded("--seed", 0, 2**32 - 1)

_DISTRIBUTION_HELP = (
    "comma-separated probabilities (1/2,1/2 or 0.25,0.75; log, sqrt, e, pi allowed), "
    "optionally NAME=..., or @FILE (entries separated by commas, spaces or newlines)"
)
_FAMILY_HELP = " or a family such as Normal(0,1), Exponential(2), Binomial(10,1/2)"
_USAGE = """\
usage: symkl COMMAND [ARGUMENTS] [OPTIONS]

commands:
  kl             KL divergence D(P || Q)
  cross-entropy  cross-entropy H(P, Q)
  entropy        Shannon entropy H(P)
  js             Jensen-Shannon divergence
  compare        rank models against the truth by exact divergence
  list           the catalogue of identities and inequalities
  verify         prove and check a catalogued identity
  derive         write checked step-by-step derivations
  prove          prove or refute an information inequality you type in

example:
  symkl kl "1/2,1/2" "1/4,3/4" --base 2

'symkl COMMAND --help' explains a command; 'symkl --version' prints the version.
symkl: error: no COMMAND given
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", help="log base: e (nats, default), 2 (bits), 10 (hartleys), or any positive number")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument("--latex", action="store_true", help="print the answer as LaTeX")
    parser.add_argument(
        "--digits",
        type=_DIGITS,
        default=15,
        metavar="N",
        help="significant digits of the decimal value, 1 to 1000 (default 15, guaranteed unless the answer says not)",
    )
    parser.add_argument("--steps", action="store_true", help="print the worked derivation, every step checked")


def _subcommand(commands: Any, name: str, summary: str, example: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=summary[:1].upper() + summary[1:] + ".",
        epilog="example:\n  " + example,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


_PAIRS = (
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(
        prog="symkl",
        description="Exact information theory: entropy, cross-entropy, KL divergence.",
        epilog='example:\n  symkl kl "1/2,1/2" "1/4,3/4" --base 2',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"symkl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    for name, summary, example in _PAIRS:
        sub = _subcommand(commands, name, summary, example)
        families = _FAMILY_HELP if name != "js" else ""
        sub.add_argument("P", help=_DISTRIBUTION_HELP + families)
        sub.add_argument("Q", help=_DISTRIBUTION_HELP + families)
        _common(sub)
        sub.set_defaults(handler=lambda a, n=name: _cmd_pair(a, n))
    example = 'symkl entropy "1/2,1/4,1/8,1/8" --base 2\n  symkl entropy "Normal(0,1)" --base 2'
    sub = _subcommand(commands, "entropy", "Shannon entropy H(P), exactly", example)
    sub.add_argument("P", help=_DISTRIBUTION_HELP + _FAMILY_HELP)
    _common(sub)
    sub.set_defaults(handler=_cmd_entropy)
    example = 'symkl compare "A=1/2,1/2" "B=1/4,3/4" "C=1/8,7/8" --base 2'
    sub = _subcommand(commands, "compare", "rank models against the truth by exact divergence", example)
    sub.add_argument("truth", help=_DISTRIBUTION_HELP)
    sub.add_argument("models", nargs="+", help=f"{MAX_MODELS} at most, each like the truth")
    sub.add_argument("--measure", choices=sorted(MEASURES), default="kl", help="divergence to rank by (default kl)")
    _common(sub)
    sub.set_defaults(handler=_cmd_compare)
    sub = _subcommand(commands, "list", "the catalogue of identities and inequalities", "symkl list")
    sub.add_argument("--json", action="store_true", help="print one JSON array")
    sub.set_defaults(handler=_cmd_list)
    example = "symkl verify gibbs --n 3\n  symkl verify --all --samples 5"
    sub = _subcommand(commands, "verify", "prove and check a catalogued identity (exit 1 if any fails)", example)
    sub.add_argument("name", nargs="?", help="identity name (see 'symkl list')")
    sub.add_argument("--all", action="store_true", help="verify the whole catalogue, with a progress bar and a summary")
    sub.add_argument("--n", type=_SIZE, default=2, metavar="N", help="size of the distributions, 1 to 8 (default 2)")
    sub.add_argument(
        "--samples", type=_SAMPLES, default=20, metavar="K", help="random exact instances, 1 to 10000 (default 20)"
    )
    sub.add_argument("--seed", type=_SEED, default=0, help="seed of the random instances, 0 to 2**32-1 (default 0)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(handler=_cmd_verify)
    example = "symkl derive worked-example --format md\n  symkl derive --all --out derivations"
    sub = _subcommand(commands, "derive", "write checked step-by-step derivations (LaTeX, Markdown, text)", example)
    sub.add_argument("name", nargs="?", help="identity name, or 'worked-example'")
    sub.add_argument(
        "--all", action="store_true", help="write every derivation (.tex and .md), the index and the figure"
    )
    sub.add_argument("--format", choices=("tex", "md", "txt"), help="output format of one derivation (default txt)")
    sub.add_argument("--out", help="folder to write into (files are written atomically)")
    sub.add_argument("--n", type=_SIZE, default=2, metavar="N", help="size of the symbolic distributions, 1 to 8")
    sub.set_defaults(handler=_cmd_derive)

    register_prove(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 a failed verification, 2 bad input).

    A bare ``symkl`` prints the short usage (commands and an example) on stderr and exits 2, like any
    other usage mistake, so that scripts notice.
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        print(_USAGE, end="", file=sys.stderr)
        return 2
    # "-1/2,3/2" is a (bad) distribution, not an option: a leading space keeps argparse from reading it as one.
    arguments = [" " + text if _NEGATIVE_NUMBER.match(text) else text for text in arguments]
    try:
        args, extra = build_parser().parse_known_args(arguments)
        if extra:
            one = (
                " (entropy takes one distribution; cross-entropy and kl take two)" if args.command == "entropy" else ""
            )
            raise _UsageError(f"unrecognized arguments: {' '.join(extra)}{one} (see 'symkl {args.command} --help')")
        handler: Callable[[argparse.Namespace], int] = args.handler
        with unlimited_int_digits():
            return handler(args)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter from flushing into the closed pipe
        return 0
    except OSError as error:
        where = f" ({_shorten(str(error.filename), 200)})" if error.filename else ""
        return _fail(f"{_os_reason(error)}{where}")
    except (_UsageError, InvalidInput, Undecidable, ValueError, NotImplementedError) as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        print("symkl: interrupted", file=sys.stderr)
        return 130
    except RecursionError:
        return _fail("input is too deeply nested")
    except MemoryError:
        return _fail("input is too large for the memory available")
    except Exception as error:  # pragma: no cover - a bug, reported without a traceback
        if os.environ.get("SYMKL_DEBUG"):
            raise
        print(
            f"symkl: internal error: {type(error).__name__}: {_brief_message(str(error))} "
            "(set SYMKL_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1


def _brief_message(message: str) -> str:
    """At most MAX_MESSAGE characters: the head and the tail of a longer message, on one line.

    >>> len(_brief_message("x" * 10_000))
    400
    """
    message = " ".join(message.split("\n"))
    if len(message) <= MAX_MESSAGE:
        return message
    return message[: MAX_MESSAGE - 85] + " ... " + message[-80:]


def _fail(message: str) -> int:
    print(f"symkl: error: {_brief_message(message)}", file=sys.stderr)
    return 2
