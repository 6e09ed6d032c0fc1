"""The ``symkl`` command line (also ``python -m symkl``).

>>> main(["kl", "1/2,1/2", "1/4,3/4", "--base", "2", "--digits", "4"])
D_KL(P || Q) = 1 - (1/2) log₂ 3 bits ≈ 0.2075 bits
0
>>> main(["entropy", "1/2,1/4,1/8,1/8", "--base", "2"])
H(P) = 7/4 bits ≈ 1.75 bits
0

Bad input prints ``symkl: error: <what and where>`` on stderr and exits 2,
never a traceback. Distributions are read by the strict grammar of
:mod:`symkl.exact.parsing` (never ``eval``/``sympify``): comma-separated numbers,
optionally named (``A=1/2,1/2``), or ``@FILE`` to read the entries from a
file (separated by commas, spaces or newlines).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence

from .._version import __version__
from ..errors import InvalidInput, InvalidStatement, Undecidable
from ..exact.printing import unlimited_int_digits
from .bound import register as register_bound
from .catalogue import register as register_catalogue
from .common import Parser, UsageError, brief_message, caret_lines, os_reason, shorten
from .information import register as register_information
from .measures import register as register_measures
from .prove import register as register_prove

__all__ = ["main"]

_NEGATIVE_NUMBER = re.compile(r"^-[\d.]")

_USAGE = """\
usage: symkl COMMAND [ARGUMENTS] [OPTIONS]

commands:
  kl             KL divergence D(P || Q)
  cross-entropy  cross-entropy H(P, Q)
  entropy        Shannon entropy H(P)
  js             Jensen-Shannon divergence
  compare        rank models against the truth by exact divergence
  mi             mutual information and conditional entropies of a joint table
  list           the catalogue of identities and inequalities
  verify         prove and check a catalogued identity
  derive         write checked step-by-step derivations
  prove          prove or refute an information inequality you type in
  bound          the exact max or min of an information quantity given constraints

example:
  symkl kl "1/2,1/2" "1/4,3/4" --base 2

'symkl COMMAND --help' explains a command; 'symkl --version' prints the version.
symkl: error: no COMMAND given
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = Parser(
        prog="symkl",
        description="Exact information theory: entropy, cross-entropy, KL divergence.",
        epilog='example:\n  symkl kl "1/2,1/2" "1/4,3/4" --base 2',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"symkl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="COMMAND")
    register_measures(commands)
    register_information(commands)
    register_catalogue(commands)
    register_prove(commands)
    register_bound(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 a failed verification, 2 bad input).

    A bare ``symkl`` prints the short usage (commands and an example) on stderr and exits 2, like any
    other usage mistake, so that scripts notice.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (``sys.argv[1:]`` by default).

    Returns
    -------
    int
        The exit code: 0 success, 1 a failed verification (``prove``: refuted), 2 bad input (one line ``symkl: error:
        ...`` on stderr), 3 ``prove``: neither proved nor refuted.
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
            raise UsageError(f"unrecognized arguments: {' '.join(extra)}{one} (see 'symkl {args.command} --help')")
        handler: Callable[[argparse.Namespace], int] = args.handler
        with unlimited_int_digits():
            return handler(args)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter from flushing into the closed pipe
        return 0
    except OSError as error:
        where = f" ({shorten(str(error.filename), 200)})" if error.filename else ""
        return _fail(f"{os_reason(error)}{where}")
    except InvalidStatement as error:  # its text and position: the caret goes under the input, on its own line
        if error.position is None:
            return _fail(str(error))
        return _fail(str(error).split("\n", 1)[0], caret_lines(error.text, error.position))
    except (UsageError, InvalidInput, Undecidable, ValueError, NotImplementedError) as error:
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
            f"symkl: internal error: {type(error).__name__}: {brief_message(str(error))} "
            "(set SYMKL_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1


def _fail(message: str, pointer: Sequence[str] = ()) -> int:
    """``symkl: error: <what and where>`` on one line; for a parse error, the input and a caret below it."""
    print(f"symkl: error: {brief_message(message)}", *pointer, sep="\n", file=sys.stderr)
    return 2
