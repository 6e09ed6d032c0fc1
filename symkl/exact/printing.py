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
import contextvars
from collections.abc import Iterator
from fractions import Fraction
from typing import Any, ClassVar

import sympy
from sympy import Expr, S
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from .canonical import canonical
from .digits import unlimited_int_digits

__all__ = [
    "ascii_output",
    "equal_forms",
    "escape_text",
    "exact_str",
    "latex",
    "latex_terms",
    "latex_width",
    "log_name",
    "relation_symbol",
    "shortest_form",
    "text",
]


def _log_argument(term: Expr) -> Fraction | None:
    """The argument of the single log in the numerator of a rational-log term, if any."""
    logs = [factor for factor in sympy.Mul.make_args(term) if isinstance(factor, sympy.log)]
    if len(logs) == 1 and logs[0].args[0].is_Rational:
        argument = logs[0].args[0]
        return Fraction(int(argument.p), int(argument.q))
    return None


def _reading_order(expr: Expr, default: list[Expr]) -> list[Expr]:
    """A sum in reading order: positive terms first, then negative ones (``1 - p1 - p2``, ``x - t``).

    Closed rational-log terms read the constant first, then by increasing log argument
    (``(3/4) log 3 - 1``). Other sums keep SymPy's order within each sign, except that a positive
    rational constant leads when negative terms follow (``1 + x - t``; ``x + 1`` stays). Only the order
    of the terms changes, never the terms themselves.
    """
    negative = [term for term in default if term.could_extract_minus_sign()]
    positive = [term for term in default if not term.could_extract_minus_sign()]
    keyed = [(_log_argument(term), term) for term in default if not term.is_Rational]
    if any(key is None for key, _ in keyed):
        if negative and positive:
            constants = [term for term in positive if term.is_Rational]
            return constants + [term for term in positive if not term.is_Rational] + negative
        return default

    def key(term: Expr) -> tuple[int, Fraction]:
        return (0, Fraction(0)) if term.is_Rational else (1, _log_argument(term))  # type: ignore[return-value]

    return sorted(positive, key=key) + sorted(negative, key=key)


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
    """StrPrinter with sums of rational-log terms in reading order, and limits as ``lim_{t -> c} f``."""

    def _print_Limit(self, expr: Expr) -> str:
        body, variable, point, direction = expr.args
        side = "" if str(direction) == "+-" else str(direction)
        return f"lim_{{{self._print(variable)} -> {self._print(point)}{side}}} {self.parenthesize(body, 50)}"


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


_SUBSCRIPT = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_ASCII: contextvars.ContextVar[bool] = contextvars.ContextVar("symkl_ascii", default=False)


@contextlib.contextmanager
def ascii_output(enabled: bool = True) -> Iterator[None]:
    """Within the block, :func:`text` prints ASCII (``log2(3)``, ``pi``, ``inf``) unless told otherwise.

    >>> from sympy import log
    >>> with ascii_output():
    ...     text(1 - log(3) / (2 * log(2)))
    '1 - (1/2) log2(3)'

    Parameters
    ----------
    enabled : bool, optional
        Whether to print ASCII within the block.

    Returns
    -------
    contextlib.AbstractContextManager
        The context; the previous setting is restored on exit.
    """
    token = _ASCII.set(enabled)
    try:
        yield
    finally:
        _ASCII.reset(token)


class TextPrinter(ExactStrPrinter):
    """The human printer: plain text as a reader writes it, ``1 - (1/2) log₂ 3``, ``x²``, ``∞``, ``ψ(a)``.

    No ``*``, no ``**``, no ``/log(2)``: a term ``c log(a)/log(b)`` prints as ``c log_b a`` (``log₂ 3``,
    ``log₁₀ 3``, ``log_(3/2) 5``), a term ``t/log(b)`` without a log as ``t log_b e``. Rational
    coefficients of logs are written ``(1/2) log 3``. The setting ``ascii=True`` writes ``log2(3)``,
    ``pi``, ``x^2``, ``inf`` instead. Printing never changes the form of the expression it is given
    (a derivation's rows print as written); :func:`text` with ``collect=True`` first picks the
    shortest of a few exactly equal forms.
    """

    _default_settings: ClassVar[dict[str, Any]] = {**StrPrinter._default_settings, "ascii": None}

    @property
    def _ascii(self) -> bool:
        setting = self._settings.get("ascii")
        return _ASCII.get() if setting is None else bool(setting)

    # atoms

    def _print_Symbol(self, expr: Any) -> str:
        name = str(expr.name)
        if self._ascii:
            return name
        from sympy.printing.pretty.pretty_symbology import greek_unicode

        return str(greek_unicode.get(name, name))

    def _print_Dummy(self, expr: Any) -> str:
        return self._print_Symbol(expr)

    def _print_Pi(self, expr: Expr) -> str:
        return "pi" if self._ascii else "π"

    def _print_Exp1(self, expr: Expr) -> str:
        return "e"

    def _print_EulerGamma(self, expr: Expr) -> str:
        return "euler_gamma" if self._ascii else "γ"

    def _print_Infinity(self, expr: Expr) -> str:
        return "inf" if self._ascii else "∞"

    def _print_NegativeInfinity(self, expr: Expr) -> str:
        return "-inf" if self._ascii else "-∞"

    def _print_Rational(self, expr: Any) -> str:
        return f"{expr.p}/{expr.q}" if expr.q != 1 else str(expr.p)

    # functions

    def _print_polygamma(self, expr: Expr) -> str:
        order, argument = expr.args
        name = "psi" if self._ascii else "ψ"
        if order != 0:
            name += f"^({self._print(order)})" if self._ascii or not order.is_Integer else _superscript(f"({order})")
        return f"{name}({self._print(argument)})"

    def _print_digamma(self, expr: Expr) -> str:
        return f"{'psi' if self._ascii else 'ψ'}({self._print(expr.args[0])})"

    def _print_gamma(self, expr: Expr) -> str:
        return f"{'Gamma' if self._ascii else 'Γ'}({self._print(expr.args[0])})"

    def _print_loggamma(self, expr: Expr) -> str:
        return f"log {self._print_gamma(expr)}" if not self._ascii else f"log(Gamma({self._print(expr.args[0])}))"

    def _print_beta(self, expr: Expr) -> str:
        return f"B({', '.join(self._print(a) for a in expr.args)})"

    def _print_log(self, expr: Expr) -> str:
        return self._log_text(expr.args[0], S.Exp1)

    def _print_Abs(self, expr: Expr) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_Limit(self, expr: Expr) -> str:
        """``lim_{α -> 1} H_α(P)`` (ASCII ``lim_{alpha -> 1}``); one-sided limits add ``+`` or ``-``."""
        body, variable, point, direction = expr.args
        side = "" if str(direction) == "+-" else str(direction)
        arrow = "->" if self._ascii else "→"
        return f"lim_{{{self._print(variable)} {arrow} {self._print(point)}{side}}} {self.parenthesize(body, 50)}"

    def _log_text(self, argument: Expr, base: Expr) -> str:
        """``log₂ 3``, ``log(4/3)``, ``log σ``, ``log Γ(a)``; ASCII ``log2(3)``, ``log(3)``."""
        if base is S.Exp1:
            prefix = "log"
        elif base.is_Integer and base.is_positive:
            prefix = f"log{base}" if self._ascii else "log" + str(base).translate(_SUBSCRIPT)
        elif _glyph(base) and not self._ascii:
            prefix = f"log_{self._print(base)}"
        else:
            prefix = f"log_({self._print(base)})"
        shown = self._print(argument)
        if self._ascii:
            return f"{prefix}({shown})"
        plain = (argument.is_Integer and argument.is_positive) or _glyph(argument)
        applied = isinstance(argument, sympy.Function) and shown.endswith(")") and "(" in shown
        return f"{prefix} {shown}" if plain or applied else f"{prefix}({shown})"

    # sums, products, powers

    def _print_Add(self, expr: Expr, order: Any = None) -> str:
        terms = self._as_ordered_terms(expr, order=order)
        out = ""
        for index, term in enumerate(terms):
            shown = self._print(term)
            if shown.startswith("-"):
                out += ("-" if not index else " - ") + shown[1:]
            else:
                out += shown if not index else " + " + shown
        return out

    def _print_Pow(self, expr: Expr, rational: bool = False) -> str:
        del rational  # SymPy's printers pass it; this printer writes every power the same way
        base, exponent = expr.args
        if exponent.is_Rational and exponent.is_negative:
            denominator = self.parenthesize(base**-exponent, 50) if exponent != -1 else self._factor(base)
            return f"1/{denominator}"
        if exponent == S.Half:
            inner = self._print(base)
            if self._ascii:
                return f"sqrt({inner})"
            return f"√{inner}" if _glyph(base) or base.is_Integer else f"√({inner})"
        shown = self._factor(base, power_base=True)
        if exponent.is_Integer and not self._ascii:
            return shown + str(exponent).translate(_SUPERSCRIPT)
        power = self._print(exponent)
        plain = (exponent.is_Integer and exponent.is_nonnegative) or isinstance(exponent, sympy.Symbol)
        return f"{shown}^{power}" if plain else f"{shown}^({power})"

    def _factor(self, expr: Expr, power_base: bool = False) -> str:
        """A factor of a product or the base of a power, in parentheses unless it is one atom or a call."""
        shown = self._print(expr)
        if expr.is_Pow and not power_base and not shown.startswith("1/"):
            return shown
        if expr.is_Atom and not (expr.is_Rational and not expr.is_Integer) and not shown.startswith("-"):
            return shown
        if isinstance(expr, (sympy.Function, sympy.Indexed)) or type(expr).__name__ in _CALLS or _called(shown):
            return shown
        return f"({shown})"

    def _print_Mul(self, expr: Expr) -> str:
        quotient = _written_quotient(expr)
        if quotient is not None:
            return f"({_inline_rational(quotient[0])})/({_inline_rational(quotient[1])})"
        if not expr.is_commutative:
            return str(super()._print_Mul(expr)).replace("*", " ")
        coefficient, unordered = expr.as_coeff_mul()
        factors = tuple(sorted(unordered, key=lambda factor: factor.sort_key()))  # SymPy's printing order
        if coefficient.is_negative:
            return "-" + self._print_Mul_positive(-coefficient, factors)
        return self._print_Mul_positive(coefficient, factors)

    def _print_Mul_positive(self, coefficient: Expr, factors: tuple[Expr, ...]) -> str:
        bases = [f.base.args[0] for f in factors if _inverse_log(f)]
        logs = [f for f in factors if isinstance(f, sympy.log)]
        rest = [f for f in factors if not _inverse_log(f) and not isinstance(f, sympy.log)]
        if len(bases) == 1 and len(logs) == 1 and not rest:  # c log(a)/log(b): c log_b a
            return _coefficient_text(coefficient, self._log_text(logs[0].args[0], bases[0]))
        if len(bases) == 1 and not logs:  # t/log(b): t log_b e
            body = self._product(rest) if rest else ""
            log_e = self._log_text(S.Exp1, bases[0])
            return _coefficient_text(coefficient, f"{body} {log_e}" if body else log_e)
        if bases:  # several logs over log(b): each 1/log(b) read as log_b(e)
            others = [f for f in factors if not _inverse_log(f)]
            body = " ".join([self._product(others)] + [self._log_text(S.Exp1, b) for b in bases])
            return _coefficient_text(coefficient, body)
        numerator = [f for f in factors if not (f.is_Pow and f.exp.is_Rational and f.exp.is_negative)]
        denominator = [f.base ** (-f.exp) for f in factors if f not in numerator]
        if denominator:  # a/b, 3 σ²/2, 2π/σ
            top = self._product(numerator, coefficient.p) if numerator else str(coefficient.p)
            bottom = self._product(denominator, coefficient.q)
            if len(denominator) + (coefficient.q != 1) > 1:
                bottom = f"({bottom})"
            return f"{top}/{bottom}"
        if coefficient.is_Integer or (all(_glyph_power(f) for f in factors) and coefficient.p == 1):
            if coefficient.is_Integer:
                return self._product(list(factors), coefficient)
            return f"{self._product(list(factors))}/{coefficient.q}"
        if all(_glyph_power(f) for f in factors):
            return f"{self._product(list(factors), coefficient.p)}/{coefficient.q}"
        return _coefficient_text(coefficient, self._product(list(factors)))

    def _product(self, factors: list[Expr], coefficient: Any = 1) -> str:
        """Factors side by side: single letters touch (``2πeσ²``), longer ones are spaced (``a log b``)."""
        ordered = sorted(factors, key=_factor_rank)
        out = "" if coefficient == 1 else str(coefficient)
        previous_glyph = out != ""
        for factor in ordered:
            shown = self._factor(factor)
            glyph = _glyph_power(factor) and not self._ascii
            if out:
                out += "" if glyph and previous_glyph else " "
            out += shown
            previous_glyph = glyph
        return out

    # relations and symkl's elementwise terms

    def _print_Relational(self, expr: Any) -> str:
        """``a ≥ b``, ``a ≤ b``, ``a ≠ b`` (ASCII ``>=``, ``<=``, ``!=``); ``=``, ``<``, ``>`` as they are."""
        symbol = relation_symbol("=" if expr.rel_op == "==" else expr.rel_op, ascii=self._ascii)
        return f"{self._print(expr.lhs)} {symbol} {self._print(expr.rhs)}"

    def measure_separator(self, ascii_form: str) -> str:
        """How a measure separates its distributions here: ``‖`` for ``||`` (kept under ASCII)."""
        return ascii_form if self._ascii else ascii_form.replace("||", "‖")

    def _print_Contains(self, expr: Expr) -> str:
        return f"{self._print(expr.args[0])} {_KIND_WORDS.get(expr.args[1], f'in {expr.args[1]}')}"

    def _print_AppliedPredicate(self, expr: Any) -> str:
        return f"{self._print(expr.arguments[0])} is {expr.function.name}"

    def _print_rel_entr(self, expr: Expr) -> str:
        x, y = (self.parenthesize(a, 100) for a in expr.args)
        return f"{x} log({x}/{y})"

    def _print_entr(self, expr: Expr) -> str:
        x = self.parenthesize(expr.args[0], 100)
        return f"-{x} log({self._print(expr.args[0])})"

    def _print_xlogy(self, expr: Expr) -> str:
        return f"{self.parenthesize(expr.args[0], 100)} log({self._print(expr.args[1])})"


_CALLS = {"rel_entr", "entr", "xlogy"}


def _called(shown: str) -> bool:
    """Whether printed text is one call ``name(...)``, such as ``TV(P, Q)``: no parentheses needed around it."""
    start = shown.find("(")
    if start <= 0 or not shown.endswith(")") or not shown[:start].replace("_", "").isalnum():
        return False
    depth = 0
    for index, char in enumerate(shown[start:], start):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index == len(shown) - 1
    return False


def _superscript(text: str) -> str:
    return text.translate(_SUPERSCRIPT) if all(c in "0123456789-" for c in text.strip("()")) else f"^{text}"


def _inverse_log(factor: Expr) -> bool:
    """Whether factor is 1/log(b) for a number b: the change of base to b."""
    return bool(
        factor.is_Pow and factor.exp == -1 and isinstance(factor.base, sympy.log) and factor.base.args[0].is_number
    )


def _glyph(expr: Expr) -> bool:
    """One letter or constant (σ, a, π, e): written beside its neighbours without a space."""
    if expr is S.Pi or expr is S.Exp1:
        return True
    if isinstance(expr, sympy.Symbol):
        from sympy.printing.pretty.pretty_symbology import greek_unicode

        return len(expr.name) == 1 or expr.name in greek_unicode
    return False


def _glyph_power(expr: Expr) -> bool:
    return _glyph(expr) or bool(expr.is_Pow and _glyph(expr.base) and expr.exp.is_Integer and expr.exp > 0)


def _factor_rank(factor: Expr) -> int:
    """Textbook order of factors: numbers, π, e, then the rest in SymPy's order (``2πeσ²``, ``a log b``)."""
    base = factor.base if factor.is_Pow else factor
    if base.is_Rational:
        return 0
    if base is S.Pi:
        return 1
    if base is S.Exp1:
        return 2
    return 3  # letters and the rest keep SymPy's order


def _coefficient_text(coefficient: Expr, body: str) -> str:
    """A positive rational coefficient before a body: ``log 3``, ``3 log 3``, ``(1/2) log 3``."""
    if coefficient == 1:
        return body
    if coefficient.is_Integer:
        return f"{coefficient} {body}"
    return f"({coefficient.p}/{coefficient.q}) {body}"


_RELATION_SYMBOLS = {">=": "≥", "<=": "≤", "!=": "≠", "~": "≈", "|-": "⊢"}


def relation_symbol(symbol: str, *, ascii: bool | None = None) -> str:
    """A relation as the human printer writes it: ``≥``, ``≤``, ``≠``, ``≈``, ``⊢``; in ASCII as given
    (``>=``, ``<=``, ``!=``, ``~``, ``|-``).

    >>> relation_symbol(">="), relation_symbol(">=", ascii=True), relation_symbol("=")
    ('≥', '>=', '=')

    Parameters
    ----------
    symbol : str
        The relation in ASCII, such as ``>=``.
    ascii : bool or None, optional
        Whether to print ASCII; None follows :func:`ascii_output`.

    Returns
    -------
    str
        The relation as printed.
    """
    if _ASCII.get() if ascii is None else ascii:
        return symbol
    return _RELATION_SYMBOLS.get(symbol, symbol)


def log_name(base: Any, *, ascii: bool | None = None) -> str:
    """How the human printer names the log in a base: ``log``, ``log₂``, ``log₁₀``, ``log_(3/2)``.

    >>> log_name(2), log_name(2, ascii=True), log_name(sympy.Rational(3, 2)), log_name(sympy.E)
    ('log₂', 'log2', 'log_(3/2)', 'log')

    Parameters
    ----------
    base : object
        The base of the log.
    ascii : bool or None, optional
        Whether to print ASCII; None follows :func:`ascii_output`.

    Returns
    -------
    str
        The name of the log.
    """
    printer = TextPrinter({"ascii": ascii})
    return printer._log_text(sympy.Symbol("x"), sympy.sympify(base)).removesuffix(" x").removesuffix("(x)")


def text(expr: Any, *, ascii: bool | None = None, collect: bool = False, **settings: Any) -> str:
    """The human printer: text for terminals, ``str()`` of results and Markdown prose, as a reader writes it.

    >>> from sympy import Symbol, log, oo
    >>> text(1 - log(3) / (2 * log(2)))
    '1 - (1/2) log₂ 3'
    >>> text(1 - log(3) / (2 * log(2)), ascii=True)
    '1 - (1/2) log2(3)'
    >>> text(Symbol("x") ** 2 * log(Symbol("y"))), text(-oo)
    ('x² log y', '-∞')

    ``collect=True`` prints the shortest of a few exactly equal forms of a closed answer (see
    :func:`shortest_form`); without it the expression prints in the form given, as a derivation's
    rows must. ``ascii=None`` follows :func:`ascii_output` (off by default).

    Parameters
    ----------
    expr : sympy.Expr, relation or measure
        What to print.
    ascii : bool, optional
        ASCII only (``log2(3)``, ``pi``, ``inf``, ``>=``, ``||``).
    collect : bool, optional
        Print the shortest of a few exactly equal forms of a closed answer.
    **settings
        Passed to the printer.

    Returns
    -------
    str
        Text as a reader writes it: logs in their base, terms in reading order, no programming syntax.
    """
    with unlimited_int_digits():
        printer = TextPrinter({**settings, "ascii": ascii})
        return printer.doprint(shortest_form(expr, **settings) if collect else expr)


#: Collected forms are tried only for answers whose numbers stay small: at most this many bits in any
#: rational of the answer or of a collected log argument, and at most this many terms.
_COLLECT_BITS = 256
_COLLECT_TERMS = 40
#: A collected form replaces the given one only when its text is at most this fraction as long:
#: ``1 - (1/2) log₂ 3`` stays (``(1/2) log₂(4/3)`` is one character shorter), four logs become one.
_COLLECT_GAIN = 0.9


def equal_forms(expr: Any) -> list[Any]:
    """Forms of a closed answer that are exactly equal to it: itself first, then its logs collected.

    The logs ``c log x`` of the answer (in its base ``b``: ``c log(x)/log(b)``, with a rational
    constant read as ``c log e``) are collected three ways: all together over the least common
    denominator, by the denominator of their coefficients, and by equal coefficients. A form is kept
    only when it is exactly equal: the difference, expanded by the log laws, is 0 in the canonical
    prime-log form of :mod:`symkl.exact.canonical`. Never calls ``sympy.simplify``.

    >>> from sympy import Rational, log
    >>> equal_forms(log(2) - log(3) / 2)
    [-log(3)/2 + log(2), log(4/3)/2]

    Parameters
    ----------
    expr : sympy.Expr
        A closed answer.

    Returns
    -------
    list of sympy.Expr
        The exactly equal forms, the given one first.
    """
    return _equal_forms(expr)[0]


def _equal_forms(expr: Any) -> tuple[list[Any], int]:
    """The equal forms, and how many of them (at the front) keep the logs as given."""
    forms = [expr]
    plain = 1
    if not isinstance(expr, Expr) or not expr.has(sympy.log) or not expr.is_finite:
        return forms, plain
    terms = sympy.Add.make_args(expr)
    if len(terms) > _COLLECT_TERMS or any(_big(r) for r in expr.atoms(sympy.Rational)):
        return forms, plain
    bases = {f.base.args[0] for t in terms for f in sympy.Mul.make_args(t) if _inverse_log(f)}
    if len(bases) > 1:
        return forms, plain
    base = bases.pop() if bases else S.Exp1
    scale = S.One if base is S.Exp1 else sympy.log(base)
    pieces: list[tuple[Expr, Expr]] = []
    rest: list[Expr] = []
    for term in (t * scale for t in terms):
        if any(_inverse_log(f) or (f.is_Pow and f.base == scale) for f in sympy.Mul.make_args(term)):
            return forms, plain
        coefficient, factors = term.as_coeff_mul()
        if term.is_Rational:
            pieces.append((term, S.Exp1))
        elif len(factors) == 1 and isinstance(factors[0], sympy.log) and factors[0].args[0].is_positive:
            pieces.append((coefficient, factors[0].args[0]))
        else:
            rest.append(term)
    groupings = [[[piece] for piece in pieces]]
    if len(pieces) > 1:
        groupings += [
            [pieces],
            _grouped(pieces, lambda piece: piece[0].q),
            _grouped(pieces, lambda piece: abs(piece[0])),
        ]
    rests = [sympy.Add(*[sympy.Mul(term, 1 / scale) for term in rest])]
    if len(rest) > 1:  # the terms that are not logs, collected on their functions (ψ(a) - a ψ(a) = (1 - a) ψ(a))
        functions = sorted(sympy.Add(*rest).atoms(sympy.Function), key=sympy.default_sort_key)
        rests.append(sympy.Mul(sympy.collect(sympy.Add(*rest), functions), 1 / scale))
    for index, grouping in enumerate(groupings):
        collected = [_collected(group) for group in grouping]
        if any(term is None for term in collected):
            continue
        for rest_form in rests:
            form = sympy.Add(*[sympy.Mul(term, 1 / scale) for term in collected], rest_form)
            if all(str(form) != str(seen) for seen in forms) and _exactly_equal(form, expr):
                forms.append(form)
                plain += index == 0
    return forms, plain


def _big(number: Any) -> bool:
    return bool(int(number.p).bit_length() + int(number.q).bit_length() > _COLLECT_BITS)


def _grouped(pieces: list[tuple[Expr, Expr]], key: Any) -> list[list[tuple[Expr, Expr]]]:
    groups: dict[Any, list[tuple[Expr, Expr]]] = {}
    for piece in pieces:
        groups.setdefault(key(piece), []).append(piece)
    return list(groups.values())


def _collected(group: list[tuple[Expr, Expr]]) -> Expr | None:
    """``(1/D) log(prod x^(c D))`` for the pieces ``c log x`` (D the least common denominator), or None
    when the product would be large; one piece stays as it was."""
    if len(group) == 1:
        coefficient, argument = group[0]
        return coefficient if argument is S.Exp1 else coefficient * sympy.log(argument)
    denominator = 1
    for coefficient, _ in group:
        denominator = sympy.ilcm(denominator, int(coefficient.q))
    bits = 0
    factors = []
    for coefficient, argument in group:
        power = int(coefficient * denominator)
        if argument.is_Rational:
            bits += abs(power) * (int(argument.p).bit_length() + int(argument.q).bit_length())
        factors.append(sympy.Pow(argument, power))
    if bits > _COLLECT_BITS:
        return None
    argument = sympy.Mul(*factors)
    sign = 1
    symbolic = [f for f in sympy.Mul.make_args(argument) if not f.is_Rational]
    if (argument.is_Rational and argument < 1) or (symbolic and all(f.is_Pow and f.exp.is_negative for f in symbolic)):
        argument, sign = 1 / argument, -1
    if argument == 1:
        return S.Zero
    if argument is S.Exp1:
        return sympy.Rational(sign, denominator)
    return sympy.Rational(sign, denominator) * sympy.log(argument, evaluate=False)


def _exactly_equal(form: Expr, expr: Expr) -> bool:
    """Whether form - expr is 0 by the log laws and the canonical prime-log form of rational logs."""
    try:
        difference = sympy.expand_log(sympy.expand(form - expr), force=True)
        difference = difference.replace(
            lambda e: isinstance(e, sympy.log) and e.args[0].is_Rational, lambda e: canonical(e)
        )
        return bool(sympy.expand(difference) == 0)
    except Exception:  # a form the check cannot read is not shown
        return False


def shortest_form(expr: Any, **settings: Any) -> Any:
    """The form of ``expr`` whose :func:`text` is shortest among :func:`equal_forms`; the given form
    unless another is at least 10 % (and two characters) shorter; terms that are not logs (``ψ(a) - a ψ(a)``)
    are collected on their functions whenever that is shorter. The choice is made on the Unicode text,
    so that ASCII prints the same form.

    >>> from sympy import log
    >>> text(shortest_form(1 - log(3) / (2 * log(2)))), text(shortest_form(log(2) - log(3) / 2))
    ('1 - (1/2) log₂ 3', '(1/2) log(4/3)')

    Parameters
    ----------
    expr : sympy.Expr
        A closed answer.
    **settings
        Printer settings passed to :func:`text`.

    Returns
    -------
    sympy.Expr
        The chosen form, exactly equal to ``expr``.
    """
    with unlimited_int_digits():
        printer = TextPrinter({**settings, "ascii": False})  # one choice of form, whichever script prints it
        forms, plain = _equal_forms(expr)
        best = min(forms[:plain], key=lambda form: len(printer.doprint(form)))  # other terms collected on ψ, ...
        best_length = len(printer.doprint(best))
        limit = min(_COLLECT_GAIN * best_length, best_length - 2)
        for form in forms[plain:]:
            length = len(printer.doprint(form))
            if length <= limit and length < best_length:
                best, best_length = form, length
        return best


def latex_terms(expr: Any, **settings: Any) -> list[str]:
    r"""The LaTeX of each term of a sum, signs attached, so that a long row can be broken between terms.

    >>> from sympy import Symbol, log
    >>> latex_terms(Symbol("a") * log(Symbol("a")) - log(2))
    ['a \\log a', '- \\log 2']

    Parameters
    ----------
    expr : sympy.Expr
        The expression, usually a sum.
    **settings
        LaTeX printer settings.

    Returns
    -------
    list of str
        The LaTeX of each term, signs attached.
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

    Parameters
    ----------
    source : str
        LaTeX math source.

    Returns
    -------
    float
        The estimated width, in average characters.
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

    Parameters
    ----------
    expr : sympy.Expr
        An exact answer.

    Returns
    -------
    str
        SymPy syntax in reading order; ASCII, suitable for reading back.
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

    Parameters
    ----------
    expr : sympy.Expr, relation or measure
        What to print.
    **settings
        Passed to SymPy's LaTeX printer.

    Returns
    -------
    str
        LaTeX with every log base kept (``\log_{2} 3``), rendered by pdflatex, KaTeX and MathJax 3.
    """
    with unlimited_int_digits():
        return ExactLatexPrinter(settings).doprint(expr)


def escape_text(words: str) -> str:
    r"""Text safe inside ``\text{...}`` for pdflatex, KaTeX and MathJax 3 alike: each special character as a
    little inline formula (MathJax's ``\text`` shows ``\_`` or ``\textbar`` literally, but reads ``$...$``).

    >>> escape_text("p_1 < 50% | x")
    'p$\\_$1 $<$ 50$\\%$ $\\vert$ x'

    Parameters
    ----------
    words : str
        Plain text.

    Returns
    -------
    str
        The text with each special character escaped.
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
