r"""The kernel's algebra: facts, the signs they entail, and the normal form that decides identities.

Part of the trusted base (with :mod:`symkl.proof.kernel`). Every law applied
here is valid under the facts it is given, and none is presumed:

* a sign is *entailed* only by a chain of sound steps: a positive rational;
  SymPy's assumptions on the symbols (``Symbol("a", positive=True)``); a
  stated fact (up to a positive rational factor); products, powers and sums
  of entailed signs; a fact minus something entailed nonnegative;
* ``log`` of a product, quotient or power is split only into logs of
  factors each entailed positive (rationals go to their canonical form, one
  log per prime; ``log(exp(y)) = y`` for real y; ``log(pi)`` stays an atom);
  a log whose argument is not entailed positive is refused;
* a polynomial is entailed positive (nonnegative) when it is a nonnegative
  rational combination of products of stated facts, checked by expansion
  (:mod:`symkl.proof.positivity`);
* a denominator must be entailed nonzero; Floats, ``nan``, ``zoo`` and
  infinities are refused;
* ``entr``/``rel_entr``/``xlogy`` become logs only where their arguments are
  entailed positive; ``Abs(e)`` becomes ``e`` (``-e``) only where ``e >= 0``
  (``-e >= 0``) is entailed; a root of a product, ``(a b)**r`` with r not an
  integer, is split into ``a**r b**r`` only where every factor is entailed
  nonnegative; ``Sum`` is linear; an equality fact whose side is an atom is
  used as a substitution;
* a ``Limit`` is an atom: nothing is rewritten inside it (its variable is
  bound there), only the whole limit can be replaced by a proved equality.

>>> a = sympy.Symbol("a", positive=True)
>>> facts = Facts([sympy.Gt(1 - a, 0)])
>>> facts.positive(1 - a), facts.positive(a - 1), facts.positive(2 - a)
(True, False, True)
>>> normal(sympy.log(2 * a / (1 - a)) - sympy.log(a) + sympy.log(1 - a), facts)
log(2)
>>> normal(sympy.log(a - 1), facts)
Traceback (most recent call last):
...
symkl.errors.KernelError: log(a - 1): the argument is not shown to be positive
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sympy
from sympy import Expr
from sympy.core.function import AppliedUndef
from sympy.core.relational import Relational

from ..errors import KernelError
from ..exact.canonical import canonical, decided_sign
from ..exact.terms import entr, rel_entr, xlogy
from .positivity import certificate

__all__ = ["Facts", "check_defined", "gap_of", "normal", "plain_index", "refuse_inexact"]

_DEPTH = 2  # how many stated facts may be subtracted in a row when deciding a sign


def refuse_inexact(expr: sympy.Basic, where: str | None = None) -> None:
    """Raise unless the expression is free of Floats, nan, zoo and infinities.

    >>> refuse_inexact(sympy.Float("0.5") * sympy.Symbol("x"), "step")
    Traceback (most recent call last):
    ...
    symkl.errors.KernelError: step: a floating-point number (0.500000000000000) is not exact; write it as a fraction

    Parameters
    ----------
    expr : sympy.Basic
        The expression to check.
    where : str, optional
        The place named in the error (default: the start of the expression's text).

    Returns
    -------
    None

    Raises
    ------
    KernelError
        The expression holds a Float, ``nan``, ``zoo`` or an infinity.
    """

    def place() -> str:  # the text of a large expression is built only when something is refused
        return where if where is not None else str(expr)[:80]

    for number in expr.atoms(sympy.Float):
        raise KernelError(f"{place()}: a floating-point number ({number}) is not exact; write it as a fraction")
    for bad in (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        if expr.has(bad):
            raise KernelError(f"{place()}: {bad} is not a number the algebra can use")


def gap_of(relation: sympy.Basic) -> tuple[Expr, str]:
    """(g, kind) with the relation equivalent to ``g kind 0``, kind one of '>', '>=', '=', '!='.

    >>> x = sympy.Symbol("x")
    >>> gap_of(sympy.Le(x, 3))
    (3 - x, '>=')

    Parameters
    ----------
    relation : sympy relation
        ``<``, ``<=``, ``>``, ``>=``, ``Eq`` or ``Ne``.

    Returns
    -------
    tuple of (sympy.Expr, str)
        (g, kind): the relation is equivalent to ``g kind 0``, kind one of ``">"``, ``">="``, ``"="``, ``"!="``.

    Raises
    ------
    KernelError
        `relation` is not a relation, or not one of those kinds.
    """
    if not isinstance(relation, Relational):
        raise KernelError(f"{relation} is not a relation")
    lhs, rhs = relation.lhs, relation.rhs
    kinds = {
        sympy.StrictGreaterThan: (lhs - rhs, ">"),
        sympy.StrictLessThan: (rhs - lhs, ">"),
        sympy.GreaterThan: (lhs - rhs, ">="),
        sympy.LessThan: (rhs - lhs, ">="),
        sympy.Equality: (lhs - rhs, "="),
        sympy.Unequality: (lhs - rhs, "!="),
    }
    for cls, value in kinds.items():
        if type(relation) is cls or isinstance(relation, cls):
            return value
    raise KernelError(f"unsupported relation {relation}")


class Facts:
    """Stated facts (SymPy relations) and the signs they entail.

    Parameters
    ----------
    facts : iterable of sympy relations, optional
        The stated facts; relations (``x > 0``, ``a >= b``, ``Eq(a, b)``, ``a != 0``) are used for signs and
        substitutions, anything else is carried unused.

    Raises
    ------
    KernelError
        A relation of an unsupported kind (see :func:`gap_of`).
    """

    def __init__(self, facts: Iterable[sympy.Basic] = ()) -> None:
        self.facts = tuple(facts)
        self._memo: dict[tuple[Expr, int, bool], bool] = {}
        self.positives: list[Expr] = []
        self.nonnegatives: list[Expr] = []
        self.nonzeros: list[Expr] = []
        self.substitutions: dict[Expr, Expr] = {}
        for fact in self.facts:
            if not isinstance(fact, Relational):
                continue  # structural facts (for all i ...) are carried, not used
            gap, kind = gap_of(fact)
            gap = sympy.expand(gap)
            {">": self.positives, ">=": self.nonnegatives, "!=": self.nonzeros}.get(kind, []).append(gap)
            if kind == "=":
                self._substitution(fact.lhs, fact.rhs)

    def without(self, symbol: sympy.Basic) -> Facts:
        """The facts that do not mention the symbol (for the body of a sum that binds it)."""
        if not any(symbol in getattr(fact, "free_symbols", ()) for fact in self.facts):
            return self
        return Facts(fact for fact in self.facts if symbol not in getattr(fact, "free_symbols", ()))

    def _substitution(self, lhs: Expr, rhs: Expr) -> None:
        for side, other in ((lhs, rhs), (rhs, lhs)):
            atomic = (side.is_Atom and not side.is_number) or isinstance(
                side, (sympy.Sum, sympy.Indexed, sympy.Function)
            )
            if atomic and not other.has(side):
                self.substitutions[side] = other
                return

    # -- signs --------------------------------------------------------------------------
    def positive(self, f: Expr, depth: int = _DEPTH) -> bool:
        """Whether f > 0 is entailed."""
        key = (sympy.sympify(f), depth, True)
        if key not in self._memo:
            self._memo[key] = False  # no circular reasoning: a sign is not used to show itself
            self._memo[key] = self._sign(key[0], depth, strict=True)
        return self._memo[key]

    def nonnegative(self, f: Expr, depth: int = _DEPTH) -> bool:
        """Whether f >= 0 is entailed."""
        key = (sympy.sympify(f), depth, False)
        if key not in self._memo:
            self._memo[key] = False
            self._memo[key] = self._sign(key[0], depth, strict=False)
        return self._memo[key]

    def _factor_sign(self, factor: Expr, depth: int) -> int | None:
        """+1 or -1 when the factor is shown positive or negative (a negative base to an odd power), else None."""
        if self.positive(factor, depth):
            return 1
        if factor.is_number:
            return -1 if _number_sign(factor) == -1 else None
        if isinstance(factor, sympy.Pow):
            base, exponent = factor.args
            if exponent.is_integer and exponent.is_odd and self.positive(-base, depth):
                return -1
            return None
        return -1 if self.positive(-factor, depth) else None

    def _sign(self, f: Expr, depth: int, strict: bool) -> bool:
        same = self.positive if strict else self.nonnegative
        if _unjudged(f):
            return False
        if f.is_number:
            return _number_sign(f) in ((1,) if strict else (0, 1))
        if f.is_positive or (not strict and (f.is_nonnegative or self.positive(f, depth))):
            return True
        if isinstance(f, sympy.Mul):
            if all(same(factor, depth) for factor in f.args):
                return True
            signs = [self._factor_sign(factor, depth) for factor in f.args]
            if None not in signs and sympy.prod(signs) == 1:  # an even number of factors shown negative
                return True
        elif isinstance(f, sympy.Pow):
            base, exponent = f.args
            if self.positive(base, depth) and exponent.is_real:  # finite: 2**(-oo) = 0
                return True
            if exponent.is_integer and exponent.is_even and exponent.is_positive:  # a real base only
                return self.real(base, depth) and (self.nonzero(base, depth) if strict else True)
            if not strict and self.nonnegative(base, depth) and exponent.is_positive:
                return True
        elif isinstance(f, sympy.Sum):
            if not _plain_index(f) or not _ordered(f, self, strict):
                return False
            inside = self.without(f.limits[0][0])  # a fact about one i says nothing of the i the sum binds
            return (inside.positive if strict else inside.nonnegative)(f.function, depth)
        elif isinstance(f, sympy.Add) and _sum_of_signs(f.args, self, strict):
            return True
        expanded = sympy.expand(f)
        facts = self.positives if strict else self.positives + self.nonnegatives
        if any(_positive_multiple(expanded, g) for g in facts):
            return True
        if not isinstance(expanded, sympy.Add) or expanded == f:
            terms_ok = False
        else:
            terms_ok = _sum_of_signs(expanded.args, self, strict)
        if terms_ok:
            return True
        if depth > 0 and isinstance(expanded, sympy.Add) and len(expanded.args) <= 16:
            if strict:
                if any(self.nonnegative(rest, depth - 1) for rest in _remainders(expanded, self.positives)) or any(
                    self.positive(rest, depth - 1) for rest in _remainders(expanded, self.nonnegatives)
                ):
                    return True
            elif any(self.nonnegative(rest, depth - 1) for rest in _remainders(expanded, facts)):
                return True
        return depth == _DEPTH and self._by_products(expanded, strict)

    def _by_products(self, f: Expr, strict: bool) -> bool:
        """f as a nonnegative combination of products of stated facts (:mod:`.positivity`, checked exactly)."""
        if f.is_number or not f.free_symbols:
            return False
        generators = [(g, True) for g in self.positives] + [(g, False) for g in self.nonnegatives]
        for symbol in sorted(f.free_symbols, key=sympy.default_sort_key):
            if symbol.is_positive:
                generators.append((symbol, True))
            elif symbol.is_nonnegative:
                generators.append((symbol, False))
        return certificate(f, generators, strict) is not None

    def real(self, f: Expr, depth: int = _DEPTH) -> bool:
        """Whether f is entailed real (or a signed infinity): SymPy's judgement, or sums, products and integer
        powers of reals, roots of entailed nonnegatives, logs of entailed positives, exp of reals."""
        if f.is_extended_real:
            return True
        if isinstance(f, (sympy.Add, sympy.Mul)):
            return all(self.real(argument, depth) for argument in f.args)
        if isinstance(f, sympy.Pow):
            base, exponent = f.args
            if exponent.is_integer and exponent.is_nonnegative:
                return self.real(base, depth)
            return (
                bool(exponent.is_real)
                and self.nonnegative(base, depth)
                and (exponent.is_nonnegative or self.nonzero(base, depth))
            )
        if isinstance(f, sympy.log):
            return self.positive(f.args[0], depth)
        if isinstance(f, sympy.exp):
            return self.real(f.args[0], depth)
        return False

    def nonzero(self, f: Expr, depth: int = _DEPTH) -> bool:
        """Whether f != 0 is entailed."""
        f = sympy.sympify(f)
        if _unjudged(f):
            return False
        if f.is_number:
            return _number_sign(f) in (-1, 1)
        if f.is_nonzero or self.positive(f, depth) or self.positive(-f, depth):
            return True
        expanded = sympy.expand(f)
        if any(_positive_multiple(expanded, g) or _positive_multiple(-expanded, g) for g in self.nonzeros):
            return True
        if isinstance(f, sympy.Mul):
            return all(self.nonzero(factor, depth) for factor in f.args)
        return False


_JUDGED_FUNCTIONS = (sympy.log, sympy.exp, entr, rel_entr, xlogy, AppliedUndef)


def _unjudged(f: Expr) -> bool:
    """Whether f holds something whose sign SymPy would guess by floating-point evaluation (integrals, limits,
    special functions such as zeta) or judge by a declaration rather than its range (a sum over a signed index):
    no sign of f is then entailed."""
    if f.has(sympy.Integral, sympy.Limit, sympy.Derivative, sympy.Product):
        return True
    if any(not isinstance(function, _JUDGED_FUNCTIONS) for function in f.atoms(sympy.Function)):
        return True
    return any(not _plain_index(total) for total in f.atoms(sympy.Sum))


def _number_sign(value: Expr) -> int | None:
    """The sign of a closed number (:func:`symkl.exact.canonical.decided_sign`): exact for rational-log numbers,
    else from a rigorous enclosure; None means undecided, never taken as equal or nonnegative."""
    if value.has(sympy.nan, sympy.zoo) or value.atoms(sympy.Float):
        return None
    if _unjudged(value) or value.has(sympy.Sum) or value.atoms(AppliedUndef):
        return None  # integrals, sums, special functions: their enclosures are not rigorous everywhere
    return decided_sign(value, 60)


def _sum_of_signs(terms: Sequence[Expr], facts: Facts, strict: bool) -> bool:
    """All terms entailed nonnegative (without subtracting facts) and, for strict, one positive."""
    if not all(facts.nonnegative(t, 0) for t in terms):
        return False
    return not strict or any(facts.positive(t, 0) for t in terms)


def _remainders(f: Expr, facts: Sequence[Expr]) -> list[Expr]:
    """f - c g for each fact g and each c > 0 that cancels a negative term of f against g (c rational)."""
    remainders = []
    negatives = {
        monomial: coefficient
        for monomial, coefficient in (term.as_coeff_Mul()[::-1] for term in sympy.Add.make_args(f))
        if coefficient.is_Rational and coefficient < 0
    }
    for g in facts:
        for monomial, coefficient in (term.as_coeff_Mul()[::-1] for term in sympy.Add.make_args(g)):
            if monomial in negatives and coefficient.is_Rational and coefficient < 0:
                remainders.append(sympy.expand(f - negatives[monomial] / coefficient * g))
    return list(dict.fromkeys(remainders))


def _positive_multiple(f: Expr, g: Expr) -> bool:
    """Whether f = c g for a rational c > 0 (both expanded)."""
    if f == g:
        return True
    if g == 0 or f.free_symbols != g.free_symbols:
        return False
    ratio = sympy.cancel(f / g)
    return bool(ratio.is_Rational and ratio.is_positive)


_INDEX_DECLARATIONS = (
    "positive",
    "negative",
    "zero",
    "nonnegative",
    "nonpositive",
    "nonzero",
    "even",
    "odd",
    "prime",
    "composite",
)


def plain_index(index: sympy.Basic) -> bool:
    """An integer symbol with no declared sign or parity: it ranges over the limits of its sum, nothing else.

    Parameters
    ----------
    index : sympy.Basic
        The index of a sum.

    Returns
    -------
    bool
        True for an integer symbol with no declared sign or parity.
    """
    return bool(index.is_integer) and all(getattr(index, f"is_{key}") is None for key in _INDEX_DECLARATIONS)


def _plain_index(total: sympy.Sum) -> bool:
    """A sum over one plain index."""
    return len(total.limits) == 1 and plain_index(total.limits[0][0])


def _substituted(expr: Expr, substitutions: dict[Expr, Expr]) -> Expr:
    """Equalities as substitutions of free occurrences (like ``xreplace``), never inside a sum whose index they
    mention: a fact about one i says nothing of the i a sum binds (capture-avoiding)."""
    if not substitutions:
        return expr
    if expr in substitutions:
        return substitutions[expr]
    if isinstance(expr, sympy.Limit):
        return expr  # an atom: only the whole limit is replaced
    if isinstance(expr, sympy.Sum):
        index = expr.limits[0][0]
        kept = {k: v for k, v in substitutions.items() if index not in k.free_symbols | v.free_symbols}
        body = _substituted(expr.function, kept)
        limits = [(limit[0], *(_substituted(b, substitutions) for b in limit[1:])) for limit in expr.limits]
        return sympy.Sum(body, *limits)
    if not expr.args or expr.is_Atom:
        return expr
    arguments = [_substituted(arg, substitutions) for arg in expr.args]
    if all(new is old for new, old in zip(arguments, expr.args)):
        return expr
    return expr.func(*arguments)


def _ordered(total: sympy.Sum, facts: Facts, strict: bool) -> bool:
    """The range is not reversed (SymPy sums a reversed range as minus a sum), and nonempty for strict."""
    if len(total.limits) != 1:
        return False
    _, lower, upper = total.limits[0]
    length = sympy.expand(upper - lower + 1)
    return facts.positive(length, 0) if strict else facts.nonnegative(length, 0)


# ---------------------------------------------------------------------------------------------
# the normal form
def _log_split(argument: Expr, facts: Facts) -> Expr:
    """log(argument) as a sum of logs of factors each entailed positive; refuses what it cannot show."""
    if argument.is_Rational:
        if argument.is_positive:
            return canonical(sympy.log(argument, evaluate=False))
        raise KernelError(f"log({argument}): the argument is not positive")
    for attempt in (_structural_pieces, _factored_pieces):
        pieces = attempt(argument, facts)
        if pieces is not None:
            return sympy.Add(*(weight * _log_of(base) for base, weight in pieces))
    raise KernelError(f"log({argument}): the argument is not shown to be positive")


def _log_of(base: Expr) -> Expr:
    return canonical(sympy.log(base, evaluate=False)) if base.is_Rational else sympy.log(base)


def _oriented_given_product(
    content: Expr, factors: list[tuple[Expr, int]], weight: Expr, facts: Facts
) -> list[tuple[Expr, Expr]] | None:
    """Factors of a product known to be positive: all but one shown, the last one's sign follows."""
    pieces: list[tuple[Expr, Expr]] = []
    sign = 1 if content > 0 else -1
    unknown: list[tuple[Expr, int]] = []
    for factor, multiplicity in factors:
        if facts.positive(factor):
            pieces.append((factor, weight * multiplicity))
        elif facts.positive(-factor):
            sign *= (-1) ** multiplicity
            pieces.append((sympy.expand(-factor), weight * multiplicity))
        else:
            unknown.append((factor, multiplicity))
    if not unknown:
        return pieces if sign > 0 else None
    if len(unknown) > 1 or unknown[0][1] % 2 == 0:
        return None
    factor, multiplicity = unknown[0]  # positive product: this factor has the sign that makes it so
    pieces.append((factor if sign > 0 else sympy.expand(-factor), weight * multiplicity))
    return pieces


def _structural_pieces(argument: Expr, facts: Facts) -> list[tuple[Expr, Expr]] | None:
    """Split along the argument's own products and powers, each base entailed positive as written."""
    numerator, denominator = sympy.fraction(argument)
    pieces: list[tuple[Expr, Expr]] = []
    for part, direction in ((numerator, 1), (denominator, -1)):
        for factor in sympy.Mul.make_args(part):
            base, exponent = factor.as_base_exp()
            weight = direction * exponent
            if base is sympy.E and exponent.is_extended_real:  # log(exp(y)) = y for real y
                pieces.append((base, weight))
                continue
            if not weight.is_Rational:
                return None
            if base.is_Rational or base is sympy.pi:
                if not base.is_positive:
                    return None
                pieces.append((base, weight))
                continue
            if not facts.positive(base):
                return None
            try:
                content, factors = sympy.factor_list(sympy.expand(base))
            except sympy.PolynomialError:  # a rational function shown positive: its log stays one atom
                pieces.append((base, weight))
                continue
            if len(factors) == 1 and factors[0][1] == 1:  # irreducible: its sign is the base's sign times content's
                irreducible = factors[0][0] if content > 0 else sympy.expand(-factors[0][0])
                pieces += [(abs(content), weight), (irreducible, weight)]
                continue
            oriented = _oriented_given_product(content, factors, weight, facts)
            if oriented is None:
                return None
            pieces += [(abs(content), weight), *oriented]
    return _checked_constants(pieces)


def _factored_pieces(argument: Expr, facts: Facts) -> list[tuple[Expr, Expr]] | None:
    """Split the rational function's irreducible factors, each entailed positive or negative."""
    try:
        numerator, denominator = sympy.fraction(sympy.together(argument))
        pieces: list[tuple[Expr, Expr]] = []
        sign = 1
        for part, direction in ((numerator, 1), (denominator, -1)):
            content, factors = sympy.factor_list(sympy.expand(part))
            sign *= 1 if content > 0 else -1
            pieces.append((abs(content), sympy.Integer(direction)))
            for factor, multiplicity in factors:
                if facts.positive(factor):
                    pieces.append((factor, sympy.Integer(direction * multiplicity)))
                elif facts.positive(-factor):
                    sign *= (-1) ** multiplicity
                    pieces.append((sympy.expand(-factor), sympy.Integer(direction * multiplicity)))
                else:
                    return None
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        return None
    return _checked_constants(pieces) if sign > 0 else None


_CONSTANTS = (sympy.E, sympy.pi)  # positive constants whose logs the split keeps (log e = 1, log pi an atom)


def _checked_constants(pieces: list[tuple[Expr, Expr]]) -> list[tuple[Expr, Expr]] | None:
    kept = [(base, weight) for base, weight in pieces if base != 1]
    if any(
        base.is_number and not (base.is_Rational and base.is_positive) and base not in _CONSTANTS for base, _ in kept
    ):
        return None
    return kept


def _conventions(expr: Expr, facts: Facts) -> Expr:
    """entr, rel_entr and xlogy as logs where their arguments are entailed positive (else kept)."""

    def rewrite(term: Expr) -> Expr:
        if isinstance(term, entr) and facts.positive(term.args[0]):
            return -term.args[0] * sympy.log(term.args[0])
        if isinstance(term, rel_entr) and facts.positive(term.args[0]) and facts.positive(term.args[1]):
            x, y = term.args
            return x * sympy.log(x) - x * sympy.log(y)
        if isinstance(term, xlogy) and facts.positive(term.args[1]):
            return term.args[0] * sympy.log(term.args[1])
        if isinstance(term, sympy.Abs):
            inside = term.args[0]
            if facts.nonnegative(inside):
                return inside
            if facts.nonnegative(-inside):
                return -inside
        return term

    return _outside_sums(expr, lambda e: isinstance(e, (entr, rel_entr, xlogy, sympy.Abs)), rewrite)


def _is_root_of_product(term: Expr) -> bool:
    return isinstance(term, sympy.Pow) and isinstance(term.base, sympy.Mul) and not term.exp.is_integer


def _split_root(term: Expr, facts: Facts) -> Expr:
    """``(a b)**r = a**r b**r`` for real a, b >= 0 and rational r (principal roots); kept unless every factor is
    entailed nonnegative."""
    factors = sympy.Mul.make_args(term.base)
    if not all(facts.nonnegative(factor) for factor in factors):
        return term
    return sympy.Mul(*(factor**term.exp for factor in factors))


def _outside_sums(expr: Expr, matches: Any, rewrite: Any) -> Expr:
    """``expr.replace(matches, rewrite)`` that leaves the bodies of sums alone: a fact about a free i must not
    justify a step inside a sum that binds i (the sum's body is rewritten by :func:`_linear_sum`, with the
    facts that do not mention its index)."""
    if isinstance(expr, sympy.Limit):
        return expr  # an atom: its variable is bound inside
    if isinstance(expr, sympy.Sum) or not expr.args:
        return rewrite(expr) if matches(expr) else expr
    arguments = [_outside_sums(argument, matches, rewrite) for argument in expr.args]
    if any(new is not old for new, old in zip(arguments, expr.args)):
        expr = expr.func(*arguments)
    return rewrite(expr) if matches(expr) else expr


def check_defined(expr: Expr, facts: Facts) -> None:
    """Raise unless every denominator in expr is entailed nonzero and every sum's index is plain.

    Inside a sum over i only the facts that do not mention i count (1/i over i = -1..1 is undefined at 0,
    whatever is assumed of a free i).

    Parameters
    ----------
    expr : sympy.Expr
        The expression to check.
    facts : Facts
        The facts that may show denominators nonzero.

    Returns
    -------
    None

    Raises
    ------
    KernelError
        A denominator is not shown nonzero, or a sum's index is not one plain integer symbol.
    """
    expr = sympy.sympify(expr)
    for total in expr.atoms(sympy.Sum):
        if not _plain_index(total):
            raise KernelError(f"{str(total)[:80]}: a sum's index must be one integer symbol with no declared sign")
    _check_denominators(expr, facts)


def _check_denominators(expr: Expr, facts: Facts) -> None:
    if isinstance(expr, sympy.Limit):
        return  # the rule that made the limit checked its body near the point
    if isinstance(expr, sympy.Sum):
        for bound in expr.limits[0][1:]:
            _check_denominators(bound, facts)
        _check_denominators(expr.function, facts.without(expr.limits[0][0]))
        return
    for argument in expr.args:
        _check_denominators(argument, facts)
    if isinstance(expr, sympy.Pow):
        base, exponent = expr.args
        if exponent.is_nonnegative:
            return  # a negative exponent, or a symbolic one of unknown sign (0**(1 - alpha)), needs a nonzero base
        if base.is_number:  # a closed number: decided nonzero exactly (log 6 - log 2 - log 3 is 0, not "nonzero")
            if _number_sign(base) not in (-1, 1):
                raise KernelError(f"the denominator {base} is not decided nonzero")
        elif not facts.nonzero(base):
            raise KernelError(f"the denominator {base} is not shown to be nonzero")


def _linear_sum(total: sympy.Sum, facts: Facts) -> Expr:
    """A Sum over one index split into constant multiples of Sums of single terms."""
    if len(total.limits) != 1:
        raise KernelError(f"{total}: only sums over one index are supported")
    index, lower, upper = total.limits[0]
    body = sympy.expand(_expression(total.function, facts.without(index)))  # no fact about a free i inside
    result: list[Expr] = []
    for term in sympy.Add.make_args(body):
        constant, dependent = term.as_independent(index, as_Add=False)
        if dependent == 1:
            result.append(constant * (upper - lower + 1))
        else:
            result.append(constant * sympy.Sum(dependent, (index, lower, upper)))
    return sympy.Add(*result)


def _expression(expr: Expr, facts: Facts) -> Expr:
    """The log laws and conventions applied outside sums with these facts; each sum's body by
    :func:`_linear_sum` with the facts that do not mention its index."""
    expr = _conventions(expr, facts)
    expr = _outside_sums(expr, _is_root_of_product, lambda e: _split_root(e, facts))
    expr = _outside_sums(expr, lambda e: isinstance(e, sympy.log), lambda e: _log_split(e.args[0], facts))
    return _outside_sums(expr, lambda e: isinstance(e, sympy.Sum), lambda e: _linear_sum(e, facts))


def normal(expr: Expr, facts: Facts, rules: Sequence[tuple[Expr, Expr]] = ()) -> Expr:
    """The normal form of expr under the facts: zero exactly when the laws above reduce it to 0.

    ``rules`` are (lhs, rhs) substitutions from proved equalities, applied
    before and after the laws.

    Parameters
    ----------
    expr : sympy.Expr
        The expression, typically the gap of a relation.
    facts : Facts
        The facts whose equalities substitute and whose signs decide logs and absolute values.
    rules : sequence of (sympy.Expr, sympy.Expr), optional
        Substitutions lhs -> rhs from proved equalities.

    Returns
    -------
    sympy.Expr
        The normal form: zero exactly when the laws reduce `expr` to 0.

    Raises
    ------
    KernelError
        The expression is inexact or undefined under the facts (see :func:`refuse_inexact`,
        :func:`check_defined`).
    """
    refuse_inexact(expr)
    substitutions = dict(rules)
    current = sympy.sympify(expr)
    for round_ in range(6):
        # proved equalities rewrite free occurrences only: a rule about a free i never reaches inside a sum over i
        replaced = _substituted(current, substitutions)
        if round_ == 0:
            check_defined(replaced, facts)  # expansion and cancelling add no new denominators
        rewritten = sympy.expand(_expression(replaced, facts))
        rewritten = _substituted(rewritten, facts.substitutions)
        rewritten = sympy.expand(rewritten)
        if rewritten == current:
            break
        current = rewritten
    return _collected(current)


def _collected(expr: Expr) -> Expr:
    atoms = [
        atom
        for atom in expr.atoms(sympy.log, sympy.Sum, sympy.Function, sympy.Pow)
        if isinstance(atom, (sympy.log, sympy.Sum)) or (not atom.is_Pow and not atom.is_Symbol)
    ]
    atoms = sorted(set(atoms), key=sympy.default_sort_key)
    if not atoms:
        return _cancelled(expr)
    parts = sympy.collect(expr, atoms, evaluate=False)
    return sympy.Add(*(_cancelled(coefficient) * key for key, coefficient in parts.items()))


def _cancelled(expr: Expr) -> Expr:
    """``sympy.cancel(expr)``, first adding the numerators of terms over the same denominator (far faster
    on the long sums of fractions a witness leaves, and the same result)."""
    groups: dict[Expr, list[Expr]] = {}
    for term in sympy.Add.make_args(expr):
        numerator, denominator = sympy.fraction(term)
        groups.setdefault(denominator, []).append(numerator)
    if len(groups) == 1:
        return sympy.cancel(expr)
    parts = []
    for denominator, numerators in groups.items():
        numerator = sympy.expand(sympy.Add(*numerators))
        if numerator != 0:
            parts.append(sympy.cancel(numerator / denominator))
    return sympy.cancel(sympy.Add(*parts))
