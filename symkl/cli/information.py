"""``symkl mi TABLE [--given Z]``: mutual information, conditional and joint entropies of a joint table.

A table is written with rows separated by ``;`` and entries by ``,``: rows are the values of X,
columns the values of Y. Slices separated by ``|`` add a third variable Z (one slice per value of
Z); ``--given`` then names the variable to condition on. ``@FILE`` reads the table from a file: a
line per row (entries separated by commas or spaces), a line holding only ``|`` between slices.

>>> from symkl.cli import main
>>> main(["mi", "1/2,0;0,1/2", "--base", "2"])
I(X; Y)  = 1 bit ≈ 1 bit
H(X | Y) = 0 bits ≈ 0 bits
H(Y | X) = 0 bits ≈ 0 bits
H(X, Y)  = 1 bit ≈ 1 bit
H(X)     = 1 bit ≈ 1 bit
H(Y)     = 1 bit ≈ 1 bit
0
"""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from ..errors import InvalidDistribution, InvalidInput
from ..exact import measures
from ..exact.distribution import JointDistribution
from ..exact.parsing import brief, parse_number, split_list
from ..statements.entropic import EntropyTerm, MutualInformationTerm, rv
from ..statements.entropic import latex as entropic_latex
from .common import DIGITS, MAX_ENTRIES, shorten, subcommand
from .inputs import _read_file, read_base
from .output import answer_latex, answer_report, answer_text, public_fields

__all__ = ["read_table", "register"]

#: The variables of a table: rows, columns, slices.
NAMES = ("X", "Y", "Z")

TABLE_HELP = (
    "joint probabilities p(x, y): rows (values of X) separated by ';', entries (values of Y) by ',', "
    "e.g. 1/4,1/4;1/8,3/8; slices separated by '|' add a third variable Z (one slice per value of Z); "
    "or @FILE.csv (a line per row, entries separated by commas or spaces, a line '|' between slices). "
    "Entries are numbers as in the other commands (1/8, 0.125, 1e-3); they must sum to exactly 1"
)
GIVEN_HELP = (
    "condition on this variable of a three-variable table (Z: one slice per value, X: rows, Y: columns); "
    "prints I(X; Y | Z), H(X | Y, Z), H(Y | X, Z), H(X, Y | Z), H(X | Z), H(Y | Z) (or the same for the other pair)"
)

_BLANK = re.compile(r"^\s*$")
_TWO_NUMBERS = re.compile(r"[\d.)]\s+[\d.(]")


def _file_layout(content: str) -> str:
    """A table file in the command line's syntax: a line per row, '|' alone on a line between slices.

    >>> _file_layout("1/4, 1/4\\r\\n1/8 3/8\\n\\n|\\n1,0\\n")
    '1/4,1/4;1/8,3/8|1,0'
    """
    slices: list[list[str]] = [[]]
    for line in content.splitlines():
        if line.strip() == "|":
            slices.append([])
        elif not _BLANK.match(line):
            slices[-1].append(",".join(part for chunk in split_list(line) for part in chunk.split()) or ",")
    return "|".join(";".join(rows) for rows in slices)


def read_table(text: str) -> JointDistribution:
    """The joint distribution of a table typed on the command line (or read from ``@FILE``).

    Every mistake is an InvalidInput naming where: the slice, row and column (counted from 1).

    >>> read_table("1/4,1/4;1/8,3/8").marginal("X").probabilities
    (1/2, 1/2)
    >>> read_table("1/4,1/4;1/8")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: table (1/4,1/4;1/8): row 2 has 1 entry, row 1 has 2; every row needs one entry ...

    Parameters
    ----------
    text : str
        The table: entries separated by commas, rows by semicolons.

    Returns
    -------
    JointDistribution
        The joint distribution.

    Raises
    ------
    InvalidInput
        If the table cannot be read or is not a distribution.
    """
    text = text.strip()
    layout = text
    if text.startswith("@"):
        layout = _file_layout(_read_file(text[1:], "table"))
        if not layout.strip(";|"):
            raise InvalidInput(f"table: file {shorten(text[1:], 200)!r} has no entries")
    shown = f"table ({shorten(text)})"
    if not layout:
        raise InvalidInput("table: empty; write rows separated by ';' and entries by ',', e.g. 1/4,1/4;1/8,3/8")
    parts = layout.split("|")
    several = len(parts) > 1
    slices = [_read_slice(part, index, several, shown) for index, part in enumerate(parts, 1)]
    for index, grid in enumerate(slices[1:], 2):
        if (len(grid), len(grid[0])) != (len(slices[0]), len(slices[0][0])):
            raise InvalidInput(
                f"{shown}: slice {index} has {_shape(grid)}, slice 1 has {_shape(slices[0])}; "
                "every slice needs the same rows and columns"
            )
    cells = sum(len(grid) * len(grid[0]) for grid in slices)
    if cells > MAX_ENTRIES:
        raise InvalidInput(f"{shown}: {cells} entries; the command line takes at most {MAX_ENTRIES}")
    values = [[[_entry(grid, z, x, y, several, shown) for y in range(len(grid[0]))] for x, _ in enumerate(grid)]
              for z, grid in enumerate(slices, 1)]  # fmt: skip
    if several:  # table[x][y][z] = p(x, y, z), slice z holding p(x, y, z) for every x, y
        table: Any = [[[values[z][x][y] for z in range(len(slices))] for y in range(len(values[0][0]))]
                      for x in range(len(values[0]))]  # fmt: skip
        names: tuple[str, ...] = NAMES
    else:
        table, names = values[0], NAMES[:2]
    try:
        return JointDistribution(table, names=names)
    except InvalidDistribution as error:  # the sum: every entry was checked above
        raise InvalidInput(f"{shown}: {error} (a joint table is never rescaled)") from None


def _read_slice(part: str, index: int, several: bool, shown: str) -> list[list[str]]:
    """The rows of one slice as lists of entry texts, refusing empty rows and ragged ones."""
    where = f"slice {index}, " if several else ""
    if not part.strip():
        what = f"slice {index} is empty" if several else "empty"
        raise InvalidInput(f"{shown}: {what}; write rows separated by ';' and entries by ','")
    rows = []
    for number, line in enumerate(part.split(";"), 1):
        if not line.strip():
            raise InvalidInput(f"{shown}: {where}row {number} is empty (a ';' too many?)")
        entries = split_list(line)
        for column, entry in enumerate(entries, 1):
            if not entry.strip():
                raise InvalidInput(f"{shown}: {where}row {number}, column {column} is empty (a ',' too many?)")
            if _TWO_NUMBERS.search(entry.strip()):
                raise InvalidInput(
                    f"{shown}: {where}row {number}, column {column} ({shorten(entry.strip())}) holds two numbers; "
                    "separate entries with ',' and rows with ';'"
                )
        rows.append(entries)
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(rows[0]):
            raise InvalidInput(
                f"{shown}: {where}row {number} has {_entries(len(row))}, row 1 has {len(rows[0])}; "
                "every row needs one entry per value of Y"
            )
    return rows


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"


def _shape(grid: list[list[str]]) -> str:
    return f"{len(grid)} row{'s' * (len(grid) != 1)} of {_entries(len(grid[0]))}"


def _entry(grid: list[list[str]], z: int, x: int, y: int, several: bool, shown: str) -> Any:
    """One probability, read by the strict grammar (no symbols), refused when negative; positions from 1."""
    where = f"{shown}: {f'slice {z}, ' if several else ''}row {x + 1}, column {y + 1}"
    try:
        value = parse_number(grid[x][y], symbols=False)
    except InvalidInput as error:
        raise InvalidInput(f"{where}: {error}") from None
    if value.is_negative:
        raise InvalidInput(f"{where} is negative: {brief(value)}")
    return value


def _quantities(names: tuple[str, ...], given: str | None) -> list[tuple[str, Any, Any]]:
    """(measure name, statement, value function of (J, base)) for each line, in the order printed."""
    if given is None:
        a, b = names
        c: list[str] = []
    else:
        a, b = (name for name in names if name != given)
        c = [given]
    A, B, C = rv(a), rv(b), [rv(name) for name in c]
    cmi = measures.conditional_mutual_information
    return [
        (
            "conditional_mutual_information" if c else "mutual_information",
            MutualInformationTerm((A,), (B,), given=C),
            (lambda J, base: cmi(J, a, b, given=c, base=base)) if c else
            (lambda J, base: measures.mutual_information(J, a, b, base=base)),
        ),
        ("conditional_entropy", EntropyTerm((A,), given=[B, *C]),
         lambda J, base: measures.conditional_entropy(J, a, given=[b, *c], base=base)),
        ("conditional_entropy", EntropyTerm((B,), given=[A, *C]),
         lambda J, base: measures.conditional_entropy(J, b, given=[a, *c], base=base)),
        ("conditional_entropy" if c else "joint_entropy", EntropyTerm((A, B), given=C),
         lambda J, base: measures.conditional_entropy(J, [a, b], given=c, base=base)),
        ("conditional_entropy" if c else "entropy", EntropyTerm((A,), given=C),
         lambda J, base: measures.conditional_entropy(J, a, given=c, base=base)),
        ("conditional_entropy" if c else "entropy", EntropyTerm((B,), given=C),
         lambda J, base: measures.conditional_entropy(J, b, given=c, base=base)),
    ]  # fmt: skip


def run_mi(args: argparse.Namespace) -> int:
    J = read_table(args.table)
    base = read_base(args.base)
    given = args.given.strip() if args.given is not None else None
    if given is not None and len(J.names) == 2:
        raise InvalidInput(
            f"--given {shorten(given)}: the table has two variables (X: rows, Y: columns); to condition on a "
            "third, write one slice per value of Z, separated by '|' (1/4,0;0,1/4|0,1/4;1/4,0)"
        )
    if given is None and len(J.names) == 3:
        raise InvalidInput(
            "the table has three variables (X: rows, Y: columns, Z: slices); say which to condition on: "
            "--given Z (or X, or Y)"
        )
    if given is not None and given not in J.names:
        raise InvalidInput(f"--given names a variable of the table, X, Y or Z; got {shorten(given)!r}")
    reports = []
    for measure, statement, value in _quantities(J.names, given):
        report = answer_report(str(statement), value(J, base), base, args, measure)
        report["_latex_statement"] = entropic_latex(statement)
        reports.append(report)
    if args.json:
        payload = public_fields(reports[0])
        payload["variables"] = dict(zip(J.names, ("rows", "columns", "slices")))
        payload["marginals"] = {name: [str(p) for p in J.marginal_cells(name).values()] for name in J.names}
        payload["measures"] = [public_fields(report) for report in reports]
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    if args.latex:
        for report in reports:
            print(f"{report['_latex_statement']} = {answer_latex(report)}")
        return 0
    width = max(len(report["statement"]) for report in reports)
    for report in reports:
        print(f"{report['statement']:<{width}} = {answer_text(report)}")
    return 0


def register(commands: Any) -> None:
    """Add ``mi`` to the subcommands of ``symkl``.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subparsers of the ``symkl`` parser.
    """
    example = (
        'symkl mi "1/4,1/4;1/8,3/8" --base 2\n'
        '  symkl mi "1/2,0;0,1/2" --json\n'
        '  symkl mi "1/4,0;0,1/4|0,1/4;1/4,0" --given Z --base 2'
    )
    summary = "mutual information I(X; Y), H(X | Y), H(Y | X), H(X, Y), H(X), H(Y) of a joint table, exactly"
    sub = subcommand(commands, "mi", summary, example)
    sub.add_argument("table", help=TABLE_HELP)
    sub.add_argument("--given", metavar="VARIABLE", help=GIVEN_HELP)
    sub.add_argument("--base", help="log base: e (nats, default), 2 (bits), 10 (hartleys), or any positive number")
    output = sub.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object (I first, then every measure)")
    output.add_argument("--latex", action="store_true", help="print the answers as LaTeX")
    sub.add_argument(
        "--digits",
        type=DIGITS,
        default=15,
        metavar="N",
        help="significant digits of the decimal values, 1 to 1000 (default 15, guaranteed unless the answer says not)",
    )
    sub.set_defaults(handler=run_mi)
