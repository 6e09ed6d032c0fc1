"""``symkl list``, ``verify`` and ``derive``: the catalogue of identities from the command line.

>>> from symkl.cli import main
>>> main(["verify", "gibbs", "--samples", "2"])  # doctest: +ELLIPSIS
gibbs: ...
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import InvalidInput
from ..proof.identities import identities
from ..proof.verification import lookup, theorem_text
from ..prover.engine import verify
from ..render.folder import plotting_available, worked_example, write_atomically, write_folder
from ..render.worked import derive_identity
from .common import SAMPLES, SEED, SIZE, UsageError, os_reason, shorten, subcommand
from .progress import progress


def run_list(args: argparse.Namespace) -> int:
    """Run ``symkl list``: print the catalogue of identities, as text or JSON.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        The exit code, 0.
    """
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


def run_verify(args: argparse.Namespace) -> int:
    """Run ``symkl verify``: check one identity of the catalogue, or all of them.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        The exit code: 0 when every check passed, 1 otherwise.

    Raises
    ------
    InvalidInput
        If the identity is not in the catalogue.
    """
    import time

    if args.all == (args.name is not None):
        raise UsageError("give one identity NAME or --all")
    if args.all:
        entries = identities()
    else:
        try:
            entries = [lookup(args.name)]
        except KeyError as error:
            raise InvalidInput(str(error.args[0])) from None
    results, timings = [], []
    shown = (
        progress(entries, "verify", "identity", name=lambda entry: entry.name)
        if args.all and not args.json
        else entries
    )
    for entry in shown:
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
    print(f"{result.identity.name}: {result.text}")  # printed from the theorem, not the catalogue's words
    print(f"  source: {result.identity.source}")
    for method, entry in result.methods.items():
        print(f"  {method:<9} {entry.status}: {entry.detail}")
        if entry.theorem is not None:
            print(f"      theorem: {theorem_text(entry.theorem)}")
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


def run_derive(args: argparse.Namespace) -> int:
    """Run ``symkl derive``: print or write the derivation of an identity or of the worked example.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.

    Returns
    -------
    int
        The exit code, 0 on success.

    Raises
    ------
    InvalidInput
        If the output cannot be written.
    """
    if args.all == (args.name is not None):
        raise UsageError("give one NAME (an identity or 'worked-example') or --all")
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

    check_out(args.out)
    target = Path(args.out) / f"{args.name}.{form}"
    try:
        write_atomically(target, text.encode("utf-8"))
    except OSError as error:
        raise InvalidInput(f"cannot write {shorten(str(target), 200)!r}: {os_reason(error)}") from None
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


def check_out(out: str) -> None:
    """Refuse an ``--out`` path that exists and is not a folder.

    Parameters
    ----------
    out : str
        The path given to ``--out``.

    Raises
    ------
    InvalidInput
        If the path is an existing file.
    """
    if os.path.exists(out) and not os.path.isdir(out):
        raise InvalidInput(f"--out {shorten(out, 200)!r} is a file, not a folder")


def _derive_all(args: argparse.Namespace) -> int:
    if args.out is None:
        raise UsageError("--all needs --out DIR")
    check_out(args.out)
    if args.format is not None:
        raise UsageError("--format applies to one derivation; --all writes a .tex and a .md for each")
    try:
        written = write_folder(args.out, n=args.n, progress=_derive_progress)
    except OSError as error:
        raise InvalidInput(f"cannot write into {shorten(args.out, 200)!r}: {os_reason(error)}") from None
    print(f"wrote {len(written)} files to {args.out}")
    if not plotting_available():
        print("skipped the figure worked-example.pdf/.png: matplotlib is not installed (pip install 'symkl[plot]')")
    return 0


def _derive_progress(items: Iterable[tuple[str, Any]], total: int) -> Iterator[tuple[str, Any]]:
    return progress(items, "derive", "derivation", total=total, name=lambda item: item[0])


def register(commands: Any) -> None:
    """Add list, verify and derive to the subcommands of ``symkl``.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subparsers of the ``symkl`` parser.
    """
    sub = subcommand(commands, "list", "the catalogue of identities and inequalities", "symkl list")
    sub.add_argument("--json", action="store_true", help="print one JSON array")
    sub.set_defaults(handler=run_list)
    example = "symkl verify gibbs --n 3\n  symkl verify --all --samples 5"
    sub = subcommand(commands, "verify", "prove and check a catalogued identity (exit 1 if any fails)", example)
    sub.add_argument("name", nargs="?", help="identity name (see 'symkl list')")
    sub.add_argument(
        "--all",
        action="store_true",
        help="verify the whole catalogue, with a summary (progress on stderr: a bar on a terminal, else one line each)",
    )
    sub.add_argument("--n", type=SIZE, default=2, metavar="N", help="size of the distributions, 1 to 8 (default 2)")
    sub.add_argument(
        "--samples", type=SAMPLES, default=20, metavar="K", help="random exact instances, 1 to 10000 (default 20)"
    )
    sub.add_argument("--seed", type=SEED, default=0, help="seed of the random instances, 0 to 2**32-1 (default 0)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(handler=run_verify)
    example = "symkl derive worked-example --format md\n  symkl derive --all --out derivations"
    sub = subcommand(commands, "derive", "write checked step-by-step derivations (LaTeX, Markdown, text)", example)
    sub.add_argument("name", nargs="?", help="identity name, or 'worked-example'")
    sub.add_argument(
        "--all",
        action="store_true",
        help="write every derivation (.tex and .md), the index and the figure (progress on stderr)",
    )
    sub.add_argument("--format", choices=("tex", "md", "txt"), help="output format of one derivation (default txt)")
    sub.add_argument("--out", help="folder to write into (files are written atomically)")
    sub.add_argument("--n", type=SIZE, default=2, metavar="N", help="size of the symbolic distributions, 1 to 8")
    sub.set_defaults(handler=run_derive)
