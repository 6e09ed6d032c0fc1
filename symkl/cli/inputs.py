"""Reading what the user typed: distributions, families such as Normal(0,1), files, bases.

>>> distribution("A=1/2,1/2", "truth", "P")
Distribution A = (1/2, 1/2)
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

from ..errors import InvalidDistribution, InvalidInput
from ..exact.distribution import Distribution
from ..exact.measures import BASE_UNITS, checked_base
from ..exact.parsing import brief, parse_number, split_list
from .common import MAX_BASE_TEXT, MAX_ENTRIES, MAX_FILE_BYTES, MAX_PARAMETER_DIGITS, os_reason, shorten

_NAMED_PREFIX_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _read_file(path: str, where: str) -> str:
    """The text of a distribution file, refusing folders, files over MAX_FILE_BYTES and non-UTF-8 bytes."""
    shown = shorten(path, 200)
    try:
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a FIFO or a device would block: never opened
            raise InvalidInput(f"{where}: {shown!r} is not a regular file (a pipe or a device); give a file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InvalidInput(f"{where}: cannot read file {shown!r}: {os_reason(error)}") from None
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
            raise InvalidInput(f"{where}: file {shorten(text[1:], 200)!r} has no entries")
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
            f"{where}: unknown family {shorten(match.group(1))!r}; {hint}the families are {', '.join(FAMILIES)}"
        )
    import sympy.stats

    family = getattr(sympy.stats, match.group(1))
    try:
        texts = split_list(match.group(2)) if match.group(2).strip() else []
        _check_arity(match.group(1), family, len(texts))
        parameters = [_parameter(part, index) for index, part in enumerate(texts, 1)]
    except (ValueError, TypeError) as error:
        raise InvalidInput(f"{where} ({shorten(text)}): {error}") from None
    try:
        return family(default_name, *parameters)
    except (ValueError, TypeError) as error:  # SymPy's own check, in its parameter order
        names = ", ".join(_parameter_names(family))
        raise InvalidInput(f"{where} ({shorten(text)}): {error} (parameters: {match.group(1)}({names}))") from None


def _parameter(text: str, index: int) -> Any:
    """One family parameter: a number (no symbols) of at most MAX_PARAMETER_DIGITS digits."""
    try:
        value = parse_number(text, symbols=False)
    except InvalidInput as error:
        raise InvalidInput(f"parameter {index}: {error}") from None
    if value.is_Rational and max(abs(value.p), value.q).bit_length() > MAX_PARAMETER_DIGITS * 3.33:
        raise InvalidInput(
            f"parameter {index} ({shorten(text.strip())}) has more than {MAX_PARAMETER_DIGITS} digits"
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


def distribution(text: str, where: str, default_name: str) -> Any:
    """A distribution typed on the command line: a list of probabilities, optionally named, or a family.

    Parameters
    ----------
    text : str
        The text, such as ``A=1/2,1/2`` or ``Normal(0,1)``.
    where : str
        Which argument it is, for error messages.
    default_name : str
        The name used when the text gives none.

    Returns
    -------
    Distribution or random variable
        The distribution.

    Raises
    ------
    InvalidDistribution
        If the entries are not a valid distribution.
    """
    text = text.strip()
    variable = _random_variable(text, where, default_name)
    if variable is not None:
        return variable
    name, entries = _read_entries(text, where)
    try:
        return Distribution(_numbers(entries), name=name or default_name)
    except InvalidDistribution as error:
        raise InvalidDistribution(f"{where} ({shorten(text)}): {error}") from None


#: Marks for the second, third and fourth distribution of one name; later ones repeat the single prime.
_PRIMES = ("′", "″", "‴")


def told_apart(distributions: list[Any]) -> list[Any]:
    """Same-named distributions renamed A, A′, A″, ... in the order given, so that formulas tell them apart.

    Names typed on the command line are ASCII, so a primed name never meets a typed one; families
    (random variables) are shown by their text and are left alone.

    >>> typed = [distribution("A=1/2,1/2", "", ""), distribution("A=1/4,3/4", "", ""), distribution("1,0", "", "B")]
    >>> [str(d) for d in told_apart(typed)]
    ['A', 'A′', 'B']

    Parameters
    ----------
    distributions : list
        The distributions, in the order given.

    Returns
    -------
    list
        The distributions, renamed where needed.
    """
    seen: dict[str, int] = {}
    renamed = []
    for item in distributions:
        if isinstance(item, Distribution) and item.name:
            count = seen.get(item.name, 0)
            seen[item.name] = count + 1
            if count:
                item = item.with_name(item.name + (_PRIMES[count - 1] if count <= len(_PRIMES) else "′" * count))
        renamed.append(item)
    return renamed


def read_base(text: str | None) -> Any:
    """--base read like a probability (e is Euler's number there too); errors name --base.

    Parameters
    ----------
    text : str or None
        The text of ``--base``, or None when it was not given.

    Returns
    -------
    sympy.Expr or None
        The checked base, or None when no text was given.

    Raises
    ------
    InvalidInput
        If the text is not a valid base.
    """
    if text is None:
        return None
    if len(text) > MAX_BASE_TEXT:
        raise InvalidInput(f"--base takes at most {MAX_BASE_TEXT} characters, got {len(text)}")
    if text.strip().lower() in BASE_UNITS:  # bits, nats, bans, ... as the Python API takes them
        return checked_base(text)
    try:
        value = parse_number(text, symbols=False)
    except InvalidInput as error:
        raise InvalidInput(f"--base: {error}") from None
    if value == 1 or value.is_positive is False:
        raise InvalidInput(f"--base must be a positive number other than 1, got {brief(value)}")
    return checked_base(value)
