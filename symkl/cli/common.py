"""What every subcommand shares: the parser that reports usage mistakes, bounds, option types.

>>> bounded("--n", 1, 10)("7")
7
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Callable
from typing import Any, NoReturn


class UsageError(Exception):
    """A command-line mistake: reported as ``symkl: error: ...`` with exit code 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are raised as :class:`UsageError`, with shorter messages."""

    def error(self, message: str) -> NoReturn:
        # "argument --n: --n must be ..." -> "--n must be ..."
        message = re.sub(r"^argument (\S+): (?=\1 )", "", message)
        if message.startswith("the following arguments are required"):
            message += f" (see '{self.prog} --help')"
        choice = re.match(r"argument COMMAND: invalid choice: '(.*?)'", message)
        if choice and choice.group(1).lower() in COMMANDS:
            message += f"; commands are lower case: '{choice.group(1).lower()}'"
        raise UsageError(message)


COMMANDS = ("kl", "cross-entropy", "js", "entropy", "compare", "mi", "list", "verify", "derive", "prove", "bound")


#: Bounds of command-line input: a file's size, the entries of one distribution, the models of compare.
MAX_FILE_BYTES = 10 * 2**20
MAX_ENTRIES = 100_000
MAX_MODELS = 100
#: Longest --base text, and most digits in a family's parameter (numerator or denominator).
MAX_BASE_TEXT = 100
MAX_PARAMETER_DIGITS = 1000
#: Longest error message printed; a longer one keeps its head and tail.
MAX_MESSAGE = 400
#: Widest echo of the input under a parse error; a longer input shows a window around the caret.
MAX_ECHO = 76


def os_reason(error: OSError) -> str:
    """An OSError as words, without the ``[Errno N]`` prefix.

    >>> os_reason(FileNotFoundError(2, "No such file or directory"))
    'no such file or directory'

    Parameters
    ----------
    error : OSError
        The error.

    Returns
    -------
    str
        Its reason, in lower case.
    """
    reason = error.strerror or str(error) or type(error).__name__
    return reason[:1].lower() + reason[1:]


def shorten(text: str, limit: int = 40) -> str:
    """Text cut to at most `limit` characters, ending in ``...`` when cut.

    >>> shorten("x" * 50, 10)
    'xxxxxxx...'

    Parameters
    ----------
    text : str
        The text.
    limit : int, optional
        The most characters kept.

    Returns
    -------
    str
        The text, shortened when longer than `limit`.
    """
    return text if len(text) <= limit else text[: limit - 3] + "..."


def bounded(option: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number in [low, high], refused with a short message otherwise.

    >>> bounded("--n", 1, 10)("7")
    7
    >>> bounded("--n", 1, 10)("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --n must be between 1 and 10, got -1

    Parameters
    ----------
    option : str
        The option's name, for the message.
    low, high : int
        The bounds, both included.

    Returns
    -------
    callable
        A function from text to an int in [low, high].
    """

    def convert(text: str) -> int:
        stripped = text.strip()
        digits = stripped.removeprefix("-").removeprefix("+")
        if not digits.isdigit() or not digits.isascii():
            raise argparse.ArgumentTypeError(f"{option} takes a whole number, got {shorten(text)!r}")
        if len(digits) > 20 or not low <= int(stripped) <= high:
            raise argparse.ArgumentTypeError(f"{option} must be between {low} and {high}, got {shorten(stripped)}")
        return int(stripped)

    return convert


DIGITS = bounded("--digits", 1, 1000)
SIZE = bounded("--n", 1, 8)
SAMPLES = bounded("--samples", 1, 10_000)
SEED = bounded("--seed", 0, 2**32 - 1)

DISTRIBUTION_HELP = (
    "comma-separated probabilities (1/2,1/2 or 0.25,0.75; log, sqrt, e, pi allowed), "
    "optionally NAME=..., or @FILE (entries separated by commas, spaces or newlines)"
)
FAMILY_HELP = " or a family such as Normal(0,1), Exponential(2), Binomial(10,1/2)"


def add_answer_options(parser: argparse.ArgumentParser) -> None:
    """Add the options shared by the measures: --base, --json, --latex, --digits, --steps and --ascii.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The subcommand's parser.
    """
    parser.add_argument("--base", help="log base: e (nats, default), 2 (bits), 10 (hartleys), or any positive number")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument("--latex", action="store_true", help="print the answer as LaTeX")
    parser.add_argument(
        "--digits",
        type=DIGITS,
        default=15,
        metavar="N",
        help="significant digits of the decimal value, 1 to 1000 (default 15, guaranteed unless the answer says not)",
    )
    parser.add_argument("--steps", action="store_true", help="print the worked derivation, every step checked")
    parser.add_argument(
        "--ascii", action="store_true", help="write logs as log2(3), pi, inf: ASCII only (default log₂ 3)"
    )


def subcommand(commands: Any, name: str, summary: str, example: str) -> argparse.ArgumentParser:
    """Add a subcommand with its help, description and an example in the epilog.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        The subparsers of the ``symkl`` parser.
    name : str
        The subcommand's name.
    summary : str
        A one-line summary, lower case.
    example : str
        An example command line.

    Returns
    -------
    argparse.ArgumentParser
        The subcommand's parser.
    """
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=summary[:1].upper() + summary[1:] + ".",
        epilog="example:\n  " + example,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def brief_message(message: str) -> str:
    """At most MAX_MESSAGE characters: the head and the tail of a longer message, on one line.

    >>> len(brief_message("x" * 10_000))
    400

    Parameters
    ----------
    message : str
        The message.

    Returns
    -------
    str
        The message, shortened when longer than MAX_MESSAGE.
    """
    message = " ".join(message.split("\n"))
    if len(message) <= MAX_MESSAGE:
        return message
    return message[: MAX_MESSAGE - 85] + " ... " + message[-80:]


def caret_lines(text: str, position: int) -> list[str]:
    """The input echoed on a line of its own, and a caret under ``text[position]`` on the next.

    A long input shows a window of MAX_ECHO characters around the caret, marked by ``...``; control
    characters are shown as spaces so that the caret stays aligned, and wide characters count twice.

    >>> print("\\n".join(caret_lines("H(X|Y) <= H(X", 13)))
      H(X|Y) <= H(X
                   ^
    >>> echo, caret = caret_lines("x" * 200 + "!" + "y" * 200, 200)
    >>> echo[:8], echo[-3:], len(echo), echo[caret.index("^")]
    ('  ...xxx', '...', 84, '!')

    Parameters
    ----------
    text : str
        The input.
    position : int
        The index of the character to mark.

    Returns
    -------
    list of str
        The echo line and the caret line.
    """
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    position = max(0, min(position, len(text)))
    head, tail = "", ""
    if len(text) > MAX_ECHO:
        start = max(0, min(position - MAX_ECHO // 2, len(text) - MAX_ECHO))
        head = "..." if start > 0 else ""
        tail = "..." if start + MAX_ECHO < len(text) else ""
        text, position = text[start : start + MAX_ECHO], position - start
    pad = len(head) + sum(_width(char) for char in text[:position])
    return ["  " + head + text + tail, "  " + " " * pad + "^"]


def _width(char: str) -> int:
    """Columns a character takes on a terminal: 2 for wide (CJK), 0 for a combining mark, else 1."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
