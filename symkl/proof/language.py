r"""The kernel's boundary: the closed term language every rule checks its input against.

A term enters a kernel rule only when :func:`admit` accepts every node of it:

* exact numbers (``Integer``, ``Rational``), the constants ``pi`` and ``E``, and ``oo`` / ``-oo`` (the
  value of a divergence without absolute continuity); never a ``Float`` (at any depth, whatever its
  precision), ``nan`` or ``zoo``;
* symbols (``Symbol``, ``Dummy``; never a subclass) with their declared assumptions, and entries
  ``p[i]`` of an ``IndexedBase`` whose label is such a symbol;
* ``Add``, ``Mul``, ``Pow`` with a rational exponent (``sqrt`` is one) or a symbolic exponent declared real
  and not declared an integer (``p**alpha``), ``log`` of one argument, ``exp``,
  ``Abs``, and the elementwise terms ``xlogy``, ``entr``, ``rel_entr`` of :mod:`symkl.exact.terms`;
* ``Sum`` over exactly one index, a plain ``Symbol`` (the rules decide that its range is not reversed);
* a two-sided ``Limit(f, t, c, "+-")`` in a plain ``Symbol`` t at a finite point c free of t (made by the
  rule ``lhopital``; t is bound in it; it is only ever the whole left side of a theorem);
* the measures symkl defines (``KL``, ``Entropy``, ``H(X|Y)``, ...), known by their exact type, over
  distributions of the exact types ``Distribution``, ``JointDistribution`` and ``GeneralDistribution``;
* relations ``=, !=, <=, <, >=, >`` of SymPy's exact classes (and symkl's ``Eq``), the kernel's ``ForAll``,
  and the predicates that list declared assumptions (``Q.prime(p)``, ``Contains(n, Integers)``).

Anything else is refused with a :class:`~symkl.errors.KernelError` that names the node. Strings are
never read (the kernel does not parse: :func:`as_term` refuses them), nor are Python floats.

>>> import sympy
>>> x = sympy.Symbol("x", positive=True)
>>> admit(sympy.log(x) / 3 + sympy.sqrt(x), "rewrite")
>>> admit(x * sympy.Float("0.25"), "rewrite")
Traceback (most recent call last):
...
symkl.errors.KernelError: rewrite: the floating-point number 0.250000000000000 is not exact; write it as a fraction
>>> admit(sympy.Function("f")(x), "rewrite")
Traceback (most recent call last):
...
symkl.errors.KernelError: rewrite: f(x) is outside the kernel's term language (f is not a function the kernel knows)
>>> as_term("1/2", "instantiate")
Traceback (most recent call last):
...
symkl.errors.KernelError: instantiate: the text '1/2' is not a term: the kernel reads no strings; ...
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import sympy
from sympy.assumptions.assume import AppliedPredicate
from sympy.core import numbers

from ..errors import KernelError
from ..exact.distribution import Distribution, JointDistribution
from ..exact.general import ForAll, GeneralDistribution
from ..exact.terms import entr, rel_entr, xlogy
from ..statements import entropic, unevaluated

__all__ = ["admit", "as_term", "distinct_names"]

_EXACT_NUMBERS = frozenset(
    {
        numbers.Integer,
        numbers.Rational,
        numbers.One,
        numbers.Zero,
        numbers.NegativeOne,
        numbers.Half,
        numbers.Pi,
        numbers.Exp1,
        numbers.Infinity,
        numbers.NegativeInfinity,
    }
)
_SYMBOLS = frozenset({sympy.Symbol, sympy.Dummy})
_OPERATIONS = frozenset({sympy.Add, sympy.Mul})
_FUNCTIONS = frozenset({sympy.log, sympy.exp, sympy.Abs, entr, rel_entr, xlogy})
_RELATIONS = frozenset(
    {
        sympy.Equality,
        unevaluated._ExactEquality,
        sympy.Unequality,
        sympy.LessThan,
        sympy.StrictLessThan,
        sympy.GreaterThan,
        sympy.StrictGreaterThan,
    }
)
#: The measures the kernel knows, by exact type: their definitions (``.doit()``) are the kernel's.
MEASURES = frozenset(
    {
        unevaluated.Entropy,
        unevaluated.CrossEntropy,
        unevaluated.KL,
        unevaluated.JS,
        unevaluated.TotalVariation,
        unevaluated.Hellinger,
        unevaluated.ChiSquare,
        unevaluated.RenyiEntropy,
        unevaluated.RenyiDivergence,
        unevaluated.Information,
        unevaluated.JointEntropy,
        unevaluated.ConditionalEntropy,
        unevaluated.MutualInformation,
        unevaluated.ConditionalMutualInformation,
        entropic.EntropyTerm,
        entropic.MutualInformationTerm,
        entropic.Joint,
    }
)
_DISTRIBUTIONS = frozenset({Distribution, JointDistribution, GeneralDistribution})
_MAX_NODES = 200_000


def as_term(value: Any, where: str) -> sympy.Basic:
    """A Python value as a SymPy term, strictly: ints and Fractions are exact, SymPy objects pass, the rest is refused.

    >>> as_term(3, "combine"), as_term(Fraction(1, 3), "combine")
    (3, 1/3)

    Parameters
    ----------
    value : object
        An int, Fraction or SymPy object.
    where : str
        The rule, for the error message.

    Returns
    -------
    sympy.Basic
        The term.

    Raises
    ------
    KernelError
        If the value is of another type or outside the kernel's language.
    """
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool):
        raise KernelError(f"{where}: {value!r} is a bool, not a term")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise KernelError(
            f"{where}: the text {shown!r} is not a term: the kernel reads no strings; "
            "pass sympy.Rational(1, 2) or a SymPy expression"
        )
    if isinstance(value, float):
        raise KernelError(f"{where}: the float {value!r} is not exact; pass sympy.Rational or fractions.Fraction")
    raise KernelError(f"{where}: a {type(value).__name__} is not a term")


def admit(term: Any, where: str) -> None:
    """Raise :class:`KernelError` unless every node of `term` is in the kernel's language (see the module).

    Parameters
    ----------
    term : object
        The term to check.
    where : str
        The rule, for the error message.

    Raises
    ------
    KernelError
        If a node of the term is outside the kernel's language.
    """
    if not isinstance(term, sympy.Basic):
        raise KernelError(f"{where}: a {type(term).__name__} is not a term")
    budget = [_MAX_NODES]
    _check(term, where, budget)
    distinct_names([term], where)


def _refuse(node: sympy.Basic, where: str, why: str) -> KernelError:
    shown = str(node)
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return KernelError(f"{where}: {shown} is outside the kernel's term language ({why})")


def _check(node: Any, where: str, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise KernelError(f"{where}: the term has more than {_MAX_NODES} nodes")
    kind = type(node)
    if isinstance(node, sympy.Float):
        raise KernelError(f"{where}: the floating-point number {node} is not exact; write it as a fraction")
    if kind in _EXACT_NUMBERS:
        return
    if kind in _SYMBOLS:
        _check_symbol(node, where)
        return
    if kind is sympy.Indexed:
        base, *indices = node.args
        if type(base) is not sympy.IndexedBase or type(base.label) not in _SYMBOLS:
            raise _refuse(node, where, "an entry p[i] needs an IndexedBase named by a plain Symbol")
        _check_symbol(base.label, where)
        for index in indices:
            _check(index, where, budget)
        return
    if kind in _OPERATIONS or kind in _RELATIONS:
        for argument in node.args:
            _check(argument, where, budget)
        return
    if kind is sympy.Pow:
        base, exponent = node.args
        if type(exponent) not in _EXACT_NUMBERS or not exponent.is_Rational:
            # a real power p**alpha (Renyi) is a term; an integer-valued symbolic exponent is not (no parity games)
            if not exponent.free_symbols or exponent.is_real is not True or exponent.is_integer:
                raise _refuse(node, where, f"the exponent {exponent} is not a rational number or a real symbol's term")
            _check(exponent, where, budget)
        _check(base, where, budget)
        return
    if kind in _FUNCTIONS:
        if kind is sympy.log and len(node.args) != 1:
            raise _refuse(node, where, "log takes one argument")
        for argument in node.args:
            _check(argument, where, budget)
        return
    if kind is sympy.Sum:
        if len(node.limits) != 1:
            raise _refuse(node, where, "a sum runs over exactly one index")
        index, lower, upper = node.limits[0]
        if type(index) is not sympy.Symbol:
            raise _refuse(node, where, f"the index {index} is not a plain Symbol")
        for part in (node.function, lower, upper):
            _check(part, where, budget)
        return
    if kind is sympy.Limit:
        body, variable, point, direction = node.args
        if type(variable) is not sympy.Symbol or str(direction) != "+-":
            raise _refuse(node, where, "a limit is two-sided, in one plain Symbol")
        if variable in point.free_symbols or point.has(sympy.oo, -sympy.oo):
            raise _refuse(node, where, "a limit is taken at a finite point free of its variable")
        _check_symbol(variable, where)
        for part in (body, point):
            _check(part, where, budget)
        return
    if kind in MEASURES:
        for argument in node.args:
            _check_measure_argument(argument, where, budget)
        return
    if kind is ForAll:
        index, lower, upper, fact = node.args
        if type(index) is not sympy.Symbol:
            raise _refuse(node, where, f"the index {index} is not a plain Symbol")
        for part in (lower, upper, fact):
            _check(part, where, budget)
        return
    if kind is sympy.Not and isinstance(node.args[0], AppliedPredicate):
        _check(node.args[0], where, budget)
        return
    if isinstance(node, AppliedPredicate) and type(node).__module__.startswith("sympy."):
        for argument in node.arguments:
            _check(argument, where, budget)
        return
    if kind is sympy.Contains and node.args[1] in (sympy.S.Integers, sympy.S.Rationals, sympy.S.Reals):
        _check(node.args[0], where, budget)
        return
    if isinstance(node, sympy.Function) and not isinstance(node, tuple(_FUNCTIONS)):
        raise _refuse(node, where, f"{node.func} is not a function the kernel knows")
    raise _refuse(node, where, f"a {kind.__name__} is not a term the kernel knows")


def _check_symbol(symbol: sympy.Symbol, where: str) -> None:
    """A variable stands for a finite (complex) number and reads back as itself: its name is an identifier
    (``Symbol("x + 1")`` would print as a sum), it is commutative, and no declaration lets it be infinite
    (``infinite=True``, ``extended_real=True`` without ``real``: oo - oo is not 0)."""
    name = symbol.name
    if not (name.isidentifier() or (name[:1] == "_" and name[1:].isidentifier())):
        raise _refuse(symbol, where, f"the name {name!r} is not an identifier, so it would not print as one symbol")
    if symbol.is_commutative is False:
        raise _refuse(symbol, where, "a noncommutative symbol")
    declared = getattr(symbol, "_assumptions_orig", {})
    if (
        symbol.is_infinite
        or declared.get("finite") is False
        or (any(key.startswith("extended_") or key == "infinite" for key in declared) and not symbol.is_finite)
    ):
        raise _refuse(symbol, where, f"{name} is declared so that it may be infinite")


def distinct_names(terms: Iterable[sympy.Basic], where: str) -> None:
    """Two different symbols that print alike (``x`` and ``x`` declared positive) would make a displayed
    statement read as something else: refused, within a term and across a theorem's parts.

    Parameters
    ----------
    terms : iterable of sympy.Basic
        The terms of a statement or theorem.
    where : str
        The rule, for the error message.

    Raises
    ------
    KernelError
        If two different symbols print alike.
    """
    seen: dict[str, sympy.Basic] = {}
    symbols: set[sympy.Basic] = set()
    for term in terms:
        symbols |= term.atoms(sympy.Symbol, *_DISTRIBUTIONS)  # distributions print as their names too
    for symbol in sorted(symbols, key=sympy.default_sort_key):
        printed = str(symbol)  # as printed: a Dummy x prints as _x, like a Symbol named _x
        other = seen.setdefault(printed, symbol)
        if other != symbol:
            raise KernelError(
                f"{where}: two different symbols (or distributions) are named {printed!r} "
                f"({sympy.srepr(other)} and {sympy.srepr(symbol)}); rename one"
            )


def _check_measure_argument(argument: Any, where: str, budget: list[int]) -> None:
    """The arguments of a measure: distributions of the exact known types, groups of variables, names, a base."""
    kind = type(argument)
    if kind in _DISTRIBUTIONS:
        if kind is Distribution:
            for probability in argument.probabilities:
                _check(probability, where, budget)
        elif kind is JointDistribution:
            for probability in argument.joint.probabilities:
                _check(probability, where, budget)
        else:
            _check(argument.entry, where, budget)
        return
    if kind is sympy.Tuple:
        for item in argument.args:
            _check_measure_argument(item, where, budget)
        return
    if kind is sympy.core.symbol.Str:
        return
    if isinstance(argument, sympy.Basic) and (argument.is_Atom or isinstance(argument, sympy.Expr)):
        _check(argument, where, budget)
        return
    raise _refuse(argument, where, f"a {kind.__name__} is not an argument of a measure the kernel knows")
