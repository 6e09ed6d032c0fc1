r"""Readable printing of exact answers: terms in reading order, log bases kept.

SymPy prints ``log(3)/log(2)`` as a fraction of natural logs, and its LaTeX
for ``log(3, 2, evaluate=False)`` drops the base (sympy #26897). Here a
term ``c*log(a)/log(b)`` prints as ``c \log_{b} a`` and sums of rational-log
terms read constant first, then by increasing log argument.

>>> from sympy import log
>>> exact_str(log(2) - log(3) / 2)
'log(2) - log(3)/2'
>>> latex(1 - log(3) / (2 * log(2)))
'1 - \\frac{1}{2} \\log_{2} 3'
>>> latex(log(2) - log(3) / 2)
'\\log 2 - \\frac{1}{2} \\log 3'
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import sympy
from sympy import Expr, S
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

__all__ = ["escape_text", "exact_str", "latex", "latex_terms", "latex_width", "text"]


@contextlib.contextmanager
def unlimited_int_digits() -> Iterator[None]:
    """Allow printing integers beyond Python's 4300-digit str() limit (exact atoms can be huge)."""
    getter = getattr(sys, "get_int_max_str_digits", None)
    if getter is None:
        yield
        return
    saved = getter()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(saved)


def _log_argument(term: Expr) -> Fraction | None:
    """The argument of the single log in the numerator of a rational-log term, if any."""
    logs = [factor for factor in sympy.Mul.make_args(term) if isinstance(factor, sympy.log)]
    if len(logs) == 1 and logs[0].args[0].is_Rational:
        argument = logs[0].args[0]
        return Fraction(int(argument.p), int(argument.q))
    return None


def _reading_order(expr: Expr, default: list[Expr]) -> list[Expr]:
    constants = [term for term in default if term.is_Rational]
    keyed = [(_log_argument(term), term) for term in default if not term.is_Rational]
    if any(key is None for key, _ in keyed):
        return default
    keyed.sort(key=lambda pair: pair[0])  # type: ignore[arg-type, return-value]
    return constants + [term for _, term in keyed]


class _ReadingOrderMixin:
    def _as_ordered_terms(self, expr: Expr, order: Any = None) -> list[Expr]:
        default = super()._as_ordered_terms(expr, order=order)  # type: ignore[misc]
        if (order or getattr(self, "order", None)) == "none":
            return list(default)  # the order written (an unevaluated sum of terms i = 1, ..., n)
        return _reading_order(expr, list(default))


def _written_quotient(expr: Expr) -> tuple[Expr, Expr] | None:
    """(a, b) when expr is the unevaluated quotient a / b of two rationals, as a substitution writes it."""
    if not isinstance(expr, sympy.Mul) or len(expr.args) != 2:
        return None
    numerator, reciprocal = expr.args
    if numerator.is_Rational and reciprocal.is_Pow and reciprocal.exp == -1 and reciprocal.base.is_Rational:
        return numerator, reciprocal.base
    return None


def _log_term(expr: Expr) -> tuple[Expr, Expr, Expr] | None:
    """(c, a, b) when expr is c log(a) / log(b) with c rational and b a number: ``c log_b a``."""
    factors = sympy.Mul.make_args(expr)
    bases = [f for f in factors if f.is_Pow and f.exp == -1 and isinstance(f.base, sympy.log)]
    logs = [f for f in factors if isinstance(f, sympy.log)]
    rest = [f for f in factors if f not in bases and f not in logs]
    if len(bases) == 1 and len(logs) == 1 and all(f.is_Rational for f in rest) and bases[0].base.args[0].is_number:
        return sympy.Mul(*rest), logs[0].args[0], bases[0].base.args[0]
    return None


class ExactStrPrinter(_ReadingOrderMixin, StrPrinter):
    """StrPrinter with sums of rational-log terms in reading order."""


class ExactLatexPrinter(_ReadingOrderMixin, LatexPrinter):
    r"""LatexPrinter with ``\log 3``, ``\log_{2} 3`` and reading order."""

    def _print_log(self, expr: Expr, exp: Any = None) -> str:
        (argument,) = expr.args
        if (argument.is_Integer and argument.is_positive) or argument.is_Symbol:
            body = rf"\log {self._print(argument)}"
        else:
            body = rf"\log{{\left({self._print(argument)} \right)}}"
        return body if exp is None else rf"\left({body}\right)^{{{exp}}}"

    def _print_Mul(self, expr: Expr) -> str:
        quotient = _written_quotient(expr)
        if quotient is not None:
            return rf"\frac{{{_inline_rational(quotient[0])}}}{{{_inline_rational(quotient[1])}}}"
        term = _log_term(expr)
        if term is not None:
            coefficient, argument, base = term
            plain = argument.is_Integer and argument.is_positive
            argument_tex = self._print(argument) if plain else rf"\left({self._print(argument)}\right)"
            return _with_coefficient(coefficient, rf"\log_{{{self._print(base)}}} {argument_tex}", self._print)
        factors = sympy.Mul.make_args(expr)
        logs = [f for f in factors if isinstance(f, sympy.log)]
        if len(logs) == 1 and len(factors) == 2 and (factors[0].is_Rational or factors[1].is_Rational):
            coefficient = factors[0] if factors[0].is_Rational else factors[1]
            return _with_coefficient(coefficient, self._print(logs[0]), self._print)
        return super()._print_Mul(expr)

    def _print_AppliedPredicate(self, expr: Any) -> str:
        return rf"{self._print(expr.arguments[0])} \text{{ is {expr.function.name}}}"

    def _print_rel_entr(self, expr: Expr) -> str:
        x, y = (self._print(a) for a in expr.args)
        return rf"{self._factor(expr.args[0])} \log \frac{{{x}}}{{{y}}}"

    def _print_entr(self, expr: Expr) -> str:
        return rf"-{self._factor(expr.args[0])} \log {self._log_argument(expr.args[0])}"

    def _print_xlogy(self, expr: Expr) -> str:
        return rf"{self._factor(expr.args[0])} \log {self._log_argument(expr.args[1])}"

    def _factor(self, expr: Expr) -> str:
        printed = self._print(expr)
        return rf"\left({printed}\right)" if isinstance(expr, sympy.Add) else printed

    def _log_argument(self, expr: Expr) -> str:
        plain = (expr.is_Integer and expr.is_positive) or expr.is_Symbol or isinstance(expr, sympy.Indexed)
        return self._print(expr) if plain else rf"\left({self._print(expr)}\right)"


def _inline_rational(value: Expr) -> str:
    return str(value) if value.is_Integer else f"{value.p}/{value.q}"


def _with_coefficient(coefficient: Expr, body: str, printer: Any) -> str:
    if coefficient == 1:
        return body
    if coefficient == -1:
        return "-" + body
    return f"{printer(coefficient)} {body}"


_KIND_WORDS = {S.Integers: "is an integer", S.Rationals: "is rational", S.Reals: "is real"}


class TextPrinter(ExactStrPrinter):
    """Plain text without programming syntax: ``x^2``, ``2 x``, ``(1/2) log_2(3)``, ``a log(a/b)``, ``∞``."""

    def _print_Pow(self, expr: Expr, rational: bool = False) -> str:
        return str(super()._print_Pow(expr, rational)).replace("**", "^")

    def _print_Mul(self, expr: Expr) -> str:
        quotient = _written_quotient(expr)
        if quotient is not None:
            return f"({_inline_rational(quotient[0])})/({_inline_rational(quotient[1])})"
        term = _log_term(expr)
        if term is not None:
            coefficient, argument, base = term
            body = f"log_{self._print(base)}({self._print(argument)})"
            if coefficient.is_Rational and not coefficient.is_Integer:
                sign = "-" if coefficient < 0 else ""
                return f"{sign}({abs(coefficient)}) {body}"
            return _with_coefficient(coefficient, body, self._print)
        return str(super()._print_Mul(expr)).replace("*", " ")

    def _print_Equality(self, expr: Expr) -> str:
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Unequality(self, expr: Expr) -> str:
        return f"{self._print(expr.lhs)} != {self._print(expr.rhs)}"

    def _print_Contains(self, expr: Expr) -> str:
        return f"{self._print(expr.args[0])} {_KIND_WORDS.get(expr.args[1], f'in {expr.args[1]}')}"

    def _print_AppliedPredicate(self, expr: Any) -> str:
        return f"{self._print(expr.arguments[0])} is {expr.function.name}"

    def _print_Infinity(self, expr: Expr) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: Expr) -> str:
        return "-∞"

    def _print_rel_entr(self, expr: Expr) -> str:
        x, y = (self.parenthesize(a, 100) for a in expr.args)
        return f"{x} log({x}/{y})"

    def _print_entr(self, expr: Expr) -> str:
        x = self.parenthesize(expr.args[0], 100)
        return f"-{x} log({self._print(expr.args[0])})"

    def _print_xlogy(self, expr: Expr) -> str:
        return f"{self.parenthesize(expr.args[0], 100)} log({self._print(expr.args[1])})"


def text(expr: Any, **settings: Any) -> str:
    """Plain text of an expression for terminals and Markdown prose: no ``**``, no ``*``, log bases kept.

    >>> from sympy import Rational, Symbol, log
    >>> text(1 - log(3) / (2 * log(2)))
    '1 - (1/2) log_2(3)'
    >>> text(Symbol("x") ** 2 * log(Symbol("y")))
    'x^2 log(y)'
    """
    with unlimited_int_digits():
        return TextPrinter(settings).doprint(expr)


def latex_terms(expr: Any, **settings: Any) -> list[str]:
    r"""The LaTeX of each term of a sum, signs attached, so that a long row can be broken between terms.

    >>> from sympy import Symbol, log
    >>> latex_terms(Symbol("a") * log(Symbol("a")) - log(2))
    ['a \\log a', '- \\log 2']
    """
    printer = ExactLatexPrinter(settings)
    with unlimited_int_digits():
        if not isinstance(expr, sympy.Add):
            return [printer.doprint(expr)]
        parts: list[str] = []
        for index, term in enumerate(printer._as_ordered_terms(expr, order=printer.order)):
            pieces = _opened(printer, term) if latex_width(printer._print(term)) > _WIDE_TERM else None
            shown = pieces[0] if pieces else printer._print(term)
            if shown.startswith("-"):
                parts.append("- " + shown[1:].lstrip() if index else "-" + shown[1:].lstrip())
            else:
                parts.append(shown if not index else "+ " + shown)
            parts.extend(pieces[1:] if pieces else [])
        return parts


_WIDE_TERM = 40.0


def _opened(printer: Any, term: Expr) -> list[str] | None:
    r"""A wide product ``c (t1 + t2 + ...)`` as pieces ``c \Bigl( t1``, ``+ t2``, ..., ``+ tk \Bigr)``.

    Sized delimiters (not \left/\right) may open on one line of an align and close on another.
    """
    if type(term).__name__ == "rel_entr":  # x log(x/y) = x (log x - log y), split where it is too wide
        x, y = term.args
        first = printer._print(x) if not isinstance(x, sympy.Add) else rf"\left({printer._print(x)}\right)"
        return [rf"{first} \Bigl(\log {printer._log_argument(x)}", rf"- \log {printer._log_argument(y)}\Bigr)"]
    factors = sympy.Mul.make_args(term)
    sums = [f for f in factors if isinstance(f, sympy.Add)]
    if not sums:
        return None
    widest = max(sums, key=lambda f: latex_width(printer._print(f)))
    rest = sympy.Mul(*[f for f in factors if f is not widest])
    inner = latex_terms(widest, order=printer.order)
    if len(inner) < 2:
        return None
    lead = "" if rest == 1 else ("-" if rest == -1 else printer._print(rest) + " ")
    return [f"{lead}\\Bigl({inner[0]}", *inner[1:-1], f"{inner[-1]}\\Bigr)"]


_NARROW = {r"\left", r"\right", r"\,", r"\!", r"\mathrm", r"\operatorname", r"\footnotesize", r"\displaystyle"}
_WIDE = {r"\quad": 2.0, r"\qquad": 4.0, r"\log": 2.5, r"\sum": 2.0, r"\approx": 2.0, r"\le": 2.0, r"\ge": 2.0}


def latex_width(source: str) -> float:
    r"""A rough width of typeset LaTeX math, in widths of an average character (for breaking rows).

    ``\frac{a}{b}`` counts the wider of a and b, sub- and superscripts count
    at 70 %, commands count 1 (``\log`` 2.5), braces and \left/\right nothing.

    >>> latex_width(r"\frac{1}{2} \log_{2} 3")
    5.2
    """
    return round(_width(source, 0, len(source))[0], 6)


def _group(source: str, start: int) -> tuple[float, int]:
    """The width of the braced group (or single token) at start, and the index after it."""
    while start < len(source) and source[start] == " ":
        start += 1
    if start < len(source) and source[start] == "{":
        depth, index = 0, start
        while index < len(source):
            depth += {"{": 1, "}": -1}.get(source[index], 0)
            if depth == 0:
                break
            index += 1
        return _width(source, start + 1, index)[0], index + 1
    if start < len(source) and source[start] == "\\":
        end = start + 1
        while end < len(source) and source[end].isalpha():
            end += 1
        return 1.0, max(end, start + 2)
    return (1.0, start + 1) if start < len(source) else (0.0, start)


def _width(source: str, start: int, end: int) -> tuple[float, int]:
    total, index = 0.0, start
    while index < end:
        char = source[index]
        if char == "\\":
            stop = index + 1
            while stop < end and source[stop].isalpha():
                stop += 1
            command = source[index : max(stop, index + 2)]
            index = max(stop, index + 2)
            if command == r"\frac":
                numerator, index = _group(source, index)
                denominator, index = _group(source, index)
                total += max(numerator, denominator)
            elif command in (r"\text", r"\mathrm", r"\operatorname", r"\mathbb"):
                inner, index = _group(source, index)
                total += inner
            elif command in _NARROW:
                continue
            else:
                total += _WIDE.get(command, 1.0)
        elif char in "_^":
            inner, index = _group(source, index + 1)
            total += 0.7 * inner
        elif char in "{} ":
            index += 1
        elif char in "+-=<>":
            total += 2.0
            index += 1
        else:
            total += 1.0
            index += 1
    return total, index


def exact_str(expr: Any) -> str:
    """Plain-text form of an exact answer, in reading order.

    >>> from sympy import log
    >>> exact_str(1 - log(3) / (2 * log(2)))
    '1 - log(3)/(2*log(2))'
    """
    with unlimited_int_digits():
        return ExactStrPrinter().doprint(expr)


def latex(expr: Any, **settings: Any) -> str:
    r"""LaTeX of an expression or measure with log bases kept (``\log_{2} 3``).

    >>> import symkl as sk
    >>> A = sk.Distribution(["1/2", "1/2"], name="A")
    >>> B = sk.Distribution(["1/4", "3/4"], name="B")
    >>> sk.latex(sk.KL(A, B))
    'D_{\\mathrm{KL}}(A \\parallel B)'
    >>> sk.latex(sk.kl_divergence(A, B, base=2))
    '1 - \\frac{1}{2} \\log_{2} 3'
    """
    with unlimited_int_digits():
        return ExactLatexPrinter(settings).doprint(expr)


def escape_text(words: str) -> str:
    r"""Text safe inside ``\text{...}`` for pdflatex, KaTeX and MathJax 3 alike: each special character as a
    little inline formula (MathJax's ``\text`` shows ``\_`` or ``\textbar`` literally, but reads ``$...$``).

    >>> escape_text("p_1 < 50% | x")
    'p$\\_$1 $<$ 50$\\%$ $\\vert$ x'
    """
    replacements = {
        "\\": r"$\backslash$",
        "{": r"$\{$",
        "}": r"$\}$",
        "_": r"$\_$",
        "&": r"$\&$",
        "%": r"$\%$",
        "#": r"$\#$",
        "$": r"$\$$",
        "^": r"$\hat{}$",
        "~": r"$\sim$",
        "|": r"$\vert$",
        "<": r"$<$",
        ">": r"$>$",
    }
    return "".join(replacements.get(char, char) for char in words)
