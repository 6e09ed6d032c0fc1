"""Strict reading of user-supplied numbers: never ``eval``, ``sympify`` or ``parse_expr``.

>>> parse_number("3/8")
3/8
>>> parse_number("1e-3")
1/1000
>>> to_exact(0.1)
1/10
>>> parse_number("1/2 + log(2)/4")
log(2)/4 + 1/2
>>> parse_number("__import__('os')")
Traceback (most recent call last):
...
symkl.errors.InvalidInput: "__import__('os')" is not allowed: only numbers, symbols, + - * / ** ( ), log and sqrt

Plain numbers (integers, decimals, scientific notation and fractions of
them) are read by a regular expression and converted through
:class:`decimal.Decimal`, so a 10,000-digit numerator is fine. Anything
else goes through a whitelist on Python's :mod:`ast`: numbers, names
(which become SymPy symbols), ``+ - * / **``, parentheses, ``log(x)``,
``log(x, b)`` and ``sqrt(x)``.
"""

from __future__ import annotations

import ast
import math
import numbers
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import ClassVar

import sympy
from sympy import Expr, Integer, Rational, Symbol

from ..errors import InvalidInput

__all__ = ["brief", "parse_number", "split_list", "to_exact"]

#: Longest run of digits accepted in one number, and largest decimal exponent.
MAX_DIGITS = 100_000
MAX_EXPONENT = 100_000
#: Longest expression text accepted by the strict parser.
MAX_TEXT = 200_000

_DECIMAL = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(rf"\s*({_DECIMAL})\s*(?:/\s*({_DECIMAL})\s*)?")
_EXPONENT_RE = re.compile(r"[eE]([+-]?\d+)")
_ALLOWED = "only numbers, symbols, + - * / ** ( ), log and sqrt"
_MAX_POWER = 10_000
_CONSTANTS: dict[str, Expr] = {"e": sympy.E, "pi": sympy.pi}
_NUMBERS_ONLY = "only numbers (1/2, 0.25, 1e-3), + - * / ** ( ), log, sqrt, e and pi are accepted"


def _show(text: str, limit: int = 60) -> str:
    shown = text if len(text) <= limit else text[: limit - 3] + "..."
    return repr(shown)


def brief(value: object, limit: int = 60) -> str:
    """A value as short text for an error message: huge fractions as 6 digits, long text cut.

    >>> brief(Rational(3, 8))
    '3/8'
    >>> brief(Rational(10**400 + 1, 3))
    'about 3.33333e+399'
    >>> brief(sympy.sqrt(2) / 10**400)
    'sqrt(2)*about 1.0e-400'
    >>> brief(sympy.Symbol("x" * 100))
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'

    Parameters
    ----------
    value : object
        The value to show.
    limit : int, optional
        The most characters kept of long text.

    Returns
    -------
    str
        The short text.
    """
    if isinstance(value, Rational) and _huge(value, limit):
        import mpmath

        with mpmath.workdps(15):
            return "about " + mpmath.nstr(mpmath.mpf(value.p) / value.q, 6, min_fixed=-4, max_fixed=6)
    if isinstance(value, sympy.Basic) and not value.is_Atom:  # huge numbers inside an expression, each briefly
        huge = {atom: Symbol(brief(atom, limit)) for atom in value.atoms(Rational) if _huge(atom, limit)}
        value = value.xreplace(huge) if huge else value
    try:
        text = str(value)
    except ValueError:  # an integer beyond Python's digit limit for str()
        return "a number too long to print"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _huge(value: Rational, limit: int) -> bool:
    return max(abs(value.p).bit_length(), value.q.bit_length()) > 3 * limit


def _decimal_to_fraction(text: str) -> Fraction:
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_DIGITS:
        raise InvalidInput(f"{_show(text)} has {digits} digits; at most {MAX_DIGITS} are accepted")
    match = _EXPONENT_RE.search(text)
    if match and abs(int(match.group(1)[:12])) > MAX_EXPONENT:
        raise InvalidInput(f"{_show(text)} has an exponent beyond +-{MAX_EXPONENT}")
    return Fraction(Decimal(text))


def _fraction_to_rational(value: Fraction) -> Rational:
    return Rational(Integer(value.numerator), Integer(value.denominator))


def parse_number(text: str, *, symbols: bool = True) -> Expr:
    """Read one number or allowed expression from text, exactly.

    With ``symbols=False`` (the command line) a name is not a symbol: ``e``
    and ``pi`` are the constants and any other name is refused, naming it.

    >>> parse_number(" 0.375 ")
    3/8
    >>> parse_number("-2/4")
    -1/2
    >>> parse_number("p**2")
    p**2
    >>> parse_number("1/0")
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: '1/0' divides by zero
    >>> parse_number("1 - e/4", symbols=False)
    1 - E/4
    >>> parse_number("l/2", symbols=False)
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: 'l/2' contains the symbol 'l': only numbers (1/2, 0.25, 1e-3), ... are accepted

    Parameters
    ----------
    text : str
        The text of one number or expression.
    symbols : bool, optional
        Whether names are read as symbols; False allows only ``e`` and ``pi``.

    Returns
    -------
    sympy.Expr
        The exact value.

    Raises
    ------
    InvalidInput
        If the text is not a valid number or allowed expression.
    """
    if not isinstance(text, str):
        raise InvalidInput(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"expression of {len(text)} characters is too long (at most {MAX_TEXT})")
    match = _NUMBER_RE.fullmatch(text)
    if match:
        numerator = _decimal_to_fraction(match.group(1))
        if match.group(2) is None:
            return _fraction_to_rational(numerator)
        denominator = _decimal_to_fraction(match.group(2))
        if denominator == 0:
            raise InvalidInput(f"{_show(text)} divides by zero")
        return _fraction_to_rational(numerator / denominator)
    return _parse_expression(text, symbols)


def _parse_expression(text: str, symbols: bool = True) -> Expr:
    stripped = text.strip()
    if not stripped:
        raise InvalidInput("empty text is not a number")
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as error:
        reason = error.msg.split(":")[0] if error.msg else "invalid syntax"
        raise InvalidInput(f"{_show(text)} is not a number or an allowed expression: {reason}") from None
    except (RecursionError, MemoryError, ValueError):
        raise InvalidInput(f"{_show(text)} is too deeply nested") from None
    try:
        value = _ExpressionBuilder(stripped, text, symbols).build(tree.body)
        if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):  # log(0), 0**-1 written indirectly, ...
            raise InvalidInput(f"{_show(text)} is not a finite number")
        return value
    except RecursionError:
        raise InvalidInput(f"{_show(text)} is too deeply nested") from None
    except ZeroDivisionError:
        raise InvalidInput(f"{_show(text)} divides by zero") from None


class _ExpressionBuilder:
    """Turns a whitelisted ``ast`` tree into a SymPy expression."""

    _BINARY: ClassVar[dict[type, Callable[[Expr, Expr], Expr]]] = {
        ast.Add: lambda a, b: a + b,
        ast.Sub: lambda a, b: a - b,
        ast.Mult: lambda a, b: a * b,
    }

    def __init__(self, source: str, original: str, symbols: bool = True) -> None:
        self.source = source
        self.original = original
        self.symbols = symbols

    def refuse(self, why: str = "") -> InvalidInput:
        allowed = _ALLOWED if self.symbols else _NUMBERS_ONLY  # the command line takes no symbols
        return InvalidInput(f"{_show(self.original)} is not allowed: {why or allowed}")

    def build(self, node: ast.AST) -> Expr:
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            if node.id.startswith("_") or node.id in ("log", "sqrt"):
                raise self.refuse()
            if node.id.lower() in ("nan", "inf", "infinity", "oo", "zoo"):
                raise InvalidInput(f"{_show(self.original)} is not a finite number")
            if self.symbols:
                return Symbol(node.id)
            if node.id in _CONSTANTS:
                return _CONSTANTS[node.id]
            raise InvalidInput(f"{_show(self.original)} contains the symbol {_show(node.id, 20)}: {_NUMBERS_ONLY}")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand = self.build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise self.refuse()

    def _constant(self, node: ast.Constant) -> Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.refuse()
        if isinstance(value, int):
            return Integer(value)
        segment = ast.get_source_segment(self.source, node) or repr(value)
        return _fraction_to_rational(_decimal_to_fraction(segment))

    def _binary(self, node: ast.BinOp) -> Expr:
        left, right = self.build(node.left), self.build(node.right)
        operation = self._BINARY.get(type(node.op))
        if operation is not None:
            return operation(left, right)
        if isinstance(node.op, ast.Div):
            if right.is_zero:
                raise ZeroDivisionError
            return left / right
        if isinstance(node.op, ast.Pow):
            return self._power(left, right)
        raise self.refuse()

    def _power(self, base: Expr, exponent: Expr) -> Expr:
        if exponent.is_Number:
            if not exponent.is_Rational:
                raise self.refuse("exponents must be exact")
            if abs(exponent.p) > _MAX_POWER or exponent.q > _MAX_POWER:
                raise self.refuse(f"exponent {exponent} is too large (at most {_MAX_POWER})")
            if base.is_Rational:
                size = max(abs(base.p).bit_length(), base.q.bit_length())
                if size * abs(exponent.p) > MAX_DIGITS * 4:
                    raise self.refuse("the power is too large to compute exactly")
                if base.is_zero and exponent.is_negative:
                    raise ZeroDivisionError
        return sympy.Pow(base, exponent)

    def _call(self, node: ast.Call) -> Expr:
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise self.refuse()
        arguments = [self.build(argument) for argument in node.args]
        if node.func.id == "sqrt" and len(arguments) == 1:
            return sympy.sqrt(arguments[0])
        if node.func.id == "log" and len(arguments) in (1, 2):
            result = _log(arguments[0])
            return result / _log(arguments[1]) if len(arguments) == 2 else result
        raise self.refuse()


def _log(argument: Expr) -> Expr:
    # sympy's log(Integer(n)) may spend minutes on a huge n; keep it unevaluated.
    if argument.is_Rational and argument.is_positive:
        if argument == 1:
            return Integer(0)
        return sympy.log(argument, evaluate=False)
    return sympy.log(argument)


def split_list(text: str) -> list[str]:
    """Split comma-separated entries, ignoring commas inside parentheses.

    >>> split_list("1/2, log(2, 3), 1/4")
    ['1/2', ' log(2, 3)', ' 1/4']

    Parameters
    ----------
    text : str
        Comma-separated entries.

    Returns
    -------
    list of str
        The entries, unstripped.
    """
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def to_exact(value: object) -> Expr:
    """Convert one probability-like value to an exact SymPy expression.

    Accepts int, Fraction, Decimal, str (strict grammar), float (read as its
    shortest decimal repr, never the binary double) and SymPy expressions.

    >>> to_exact(0.25), to_exact("1/3"), to_exact(Fraction(2, 7)), to_exact(Decimal("0.5"))
    (1/4, 1/3, 2/7, 1/2)
    >>> to_exact(float("nan"))
    Traceback (most recent call last):
    ...
    symkl.errors.InvalidInput: nan is not a finite number

    Parameters
    ----------
    value : object
        An int, Fraction, Decimal, str, float or SymPy expression.

    Returns
    -------
    sympy.Expr
        The exact value.

    Raises
    ------
    InvalidInput
        If the value is not a finite number or cannot be read.
    """
    if isinstance(value, bool):
        raise InvalidInput(f"{value!r} is a bool, not a number")
    if isinstance(value, sympy.Basic):
        return _sympy_value(value)
    if isinstance(value, str):
        return parse_number(value)
    if isinstance(value, numbers.Integral):
        return Integer(int(value))
    if isinstance(value, Fraction):
        return _fraction_to_rational(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInput(f"{value} is not a finite number")
        return _fraction_to_rational(Fraction(value))
    if isinstance(value, numbers.Real):
        as_float = float(value)
        if not math.isfinite(as_float):
            raise InvalidInput(f"{as_float} is not a finite number")
        # str() gives the shortest repr for float and for NumPy's float types.
        try:
            return _fraction_to_rational(Fraction(Decimal(str(value))))
        except InvalidOperation:
            return _fraction_to_rational(Fraction(Decimal(repr(as_float))))
    raise InvalidInput(f"{_show(repr(value))} is not a number (type {type(value).__name__})")


def _sympy_value(value: sympy.Basic) -> Expr:
    if isinstance(value, Rational):  # exact already (10**5 entries: skip the tree walks below)
        return value
    if not isinstance(value, Expr):
        raise InvalidInput(f"{_show(str(value))} is not a number (SymPy {type(value).__name__})")
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise InvalidInput(f"{brief(value)} is not a finite number")
    if value.is_Float:
        return _fraction_to_rational(Fraction(Decimal(str(value))))
    inside = value.atoms(sympy.Float)
    if inside:  # a float inside an expression would survive into an "exact" answer
        number = min(inside, key=sympy.default_sort_key)
        raise InvalidInput(
            f"{brief(value)} holds the floating-point number {number}; write it exactly "
            f"(sympy.Rational, or a string such as '1/2')"
        )
    return value
