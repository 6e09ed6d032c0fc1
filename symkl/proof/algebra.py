r"""The kernel's algebra: facts, the signs they entail, and the normal form that decides identities.

Part of the trusted base (with :mod:`symkl.proof.kernel`). Every law applied
here is valid under the facts it is given, and none is presumed:

* a sign is *entailed* only by a chain of sound steps: a positive rational;
  SymPy's assumptions on the symbols (``Symbol("a", positive=True)``); a
  stated fact (up to a positive rational factor); products, powers and sums
  of entailed signs; a fact minus something entailed nonnegative;
* ``log`` of a product, quotient or power is split only into logs of
  factors each entailed positive (rationals go to their canonical form, one
  log per prime); a log whose argument is not entailed positive is refused;
* a denominator must be entailed nonzero; Floats, ``nan``, ``zoo`` and
  infinities are refused;
* ``entr``/``rel_entr``/``xlogy`` become logs only where their arguments are
  entailed positive; ``Sum`` is linear; an equality fact whose side is an
  atom is used as a substitution.

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

import sympy
from sympy import Expr
from sympy.core.relational import Relational

from ..canonical import canonical, sign
from ..errors import KernelError
from ..terms import entr, rel_entr, xlogy

__all__ = ["Facts", "gap_of", "normal", "refuse_inexact"]

_DEPTH = 2  # how many stated facts may be subtracted in a row when deciding a sign


def refuse_inexact(expr: sympy.Basic, where: str) -> None:
    """Raise unless the expression is free of Floats, nan, zoo and infinities.

    >>> refuse_inexact(sympy.Float("0.5") * sympy.Symbol("x"), "step")
    Traceback (most recent call last):
    ...
    symkl.errors.KernelError: step: a floating-point number (0.500000000000000) is not exact; write it as a fraction
    """
    for number in expr.atoms(sympy.Float):
        raise KernelError(f"{where}: a floating-point number ({number}) is not exact; write it as a fraction")
    for bad in (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        if expr.has(bad):
            raise KernelError(f"{where}: {bad} is not a number the algebra can use")


def gap_of(relation: sympy.Basic) -> tuple[Expr, str]:
    """(g, kind) with the relation equivalent to ``g kind 0``, kind one of '>', '>=', '=', '!='.

    >>> x = sympy.Symbol("x")
    >>> gap_of(sympy.Le(x, 3))
    (3 - x, '>=')
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
    """Stated facts (SymPy relations) and the signs they entail."""

    def __init__(self, facts: Iterable[sympy.Basic] = ()) -> None:
        self.facts = tuple(facts)
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
        f = sympy.sympify(f)
        if f.is_number:
            return _number_sign(f) == 1
        if f.is_positive:
            return True
        expanded = sympy.expand(f)
        if any(_positive_multiple(expanded, g) for g in self.positives):
            return True
        if isinstance(f, sympy.Mul):
            return all(self.positive(factor, depth) for factor in f.args)
        if isinstance(f, sympy.Pow):
            base, exponent = f.args
            if self.positive(base, depth) and exponent.is_extended_real:
                return True
            return bool(exponent.is_integer and exponent.is_even and self.nonzero(base, depth))
        if isinstance(f, sympy.Sum):
            return self.positive(f.function, depth) and _nonempty(f)
        if isinstance(expanded, sympy.Add):
            terms = expanded.args
            if all(self.nonnegative(t, 0) for t in terms) and any(self.positive(t, 0) for t in terms):
                return True
            if depth > 0:
                return any(self.nonnegative(rest, depth - 1) for rest in _remainders(expanded, self.positives)) or any(
                    self.positive(rest, depth - 1) for rest in _remainders(expanded, self.nonnegatives)
                )
        return False

    def nonnegative(self, f: Expr, depth: int = _DEPTH) -> bool:
        """Whether f >= 0 is entailed."""
        f = sympy.sympify(f)
        if f.is_number:
            return _number_sign(f) in (0, 1)
        if f.is_zero or f.is_nonnegative or self.positive(f, depth):
            return True
        expanded = sympy.expand(f)
        if any(_positive_multiple(expanded, g) for g in self.nonnegatives):
            return True
        if isinstance(f, sympy.Mul):
            return all(self.nonnegative(factor, depth) for factor in f.args)
        if isinstance(f, sympy.Pow):
            base, exponent = f.args
            if exponent.is_integer and exponent.is_even and exponent.is_positive and base.is_extended_real:
                return True
            return bool(self.nonnegative(base, depth) and exponent.is_positive)
        if isinstance(f, sympy.Sum):
            return self.nonnegative(f.function, depth)
        if isinstance(expanded, sympy.Add):
            if all(self.nonnegative(t, 0) for t in expanded.args):
                return True
            if depth > 0:
                facts = self.positives + self.nonnegatives
                return any(self.nonnegative(rest, depth - 1) for rest in _remainders(expanded, facts))
        return False

    def nonzero(self, f: Expr, depth: int = _DEPTH) -> bool:
        """Whether f != 0 is entailed."""
        f = sympy.sympify(f)
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


def _number_sign(value: Expr) -> int | None:
    """The sign of a closed number: exact for rational-log numbers; else only when clearly away from 0.

    Outside the rational-log class a sign is taken from 60 digits only when
    the value is beyond 10**-40 from 0; None means undecided (never 0, so
    "too close to tell" is never taken as equal or nonnegative).
    """
    if value.has(sympy.nan, sympy.zoo) or value.atoms(sympy.Float):
        return None
    try:
        return sign(value)
    except ValueError:
        approximate = value.evalf(60)
    if not approximate.is_comparable or abs(approximate) < sympy.Float(10) ** -40:
        return None
    return 1 if approximate > 0 else -1


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


def _nonempty(total: sympy.Sum) -> bool:
    if len(total.limits) != 1:
        return False
    _, lower, upper = total.limits[0]
    return bool((upper - lower).is_nonnegative)


# ---------------------------------------------------------------------------------------------
# the normal form
def _log_split(argument: Expr, facts: Facts) -> Expr:
    """log(argument) as a sum of logs of factors each entailed positive; refuses what it cannot show."""
    if argument.is_Rational:
        if argument.is_positive:
            return canonical(sympy.log(argument, evaluate=False))
        raise KernelError(f"log({argument}): the argument is not positive")
    try:
        numerator, denominator = sympy.fraction(sympy.together(argument))
        pieces: list[tuple[Expr, int]] = []
        constant = sympy.Integer(1)
        for part, direction in ((numerator, 1), (denominator, -1)):
            coefficient, factors = sympy.factor_list(sympy.expand(part))
            constant *= sympy.Integer(coefficient) ** direction if coefficient.is_Integer else coefficient**direction
            for factor, multiplicity in factors:
                pieces.append((factor, direction * multiplicity))
    except (sympy.PolynomialError, sympy.GeneratorsNeeded):
        pieces, constant = [(argument, 1)], sympy.Integer(1)
    terms: list[Expr] = []
    for factor, power in pieces:
        if facts.positive(factor):
            terms.append(power * sympy.log(factor))
        elif facts.positive(-factor):
            constant *= sympy.Integer(-1) ** power
            terms.append(power * sympy.log(sympy.expand(-factor)))
        elif facts.positive(argument) and len(pieces) == 1:
            terms.append(power * sympy.log(factor))
        else:
            raise KernelError(f"log({argument}): the argument is not shown to be positive")
    if not (constant.is_Rational and constant.is_positive):
        raise KernelError(f"log({argument}): the argument is not shown to be positive")
    if constant != 1:
        terms.append(canonical(sympy.log(constant, evaluate=False)))
    return sympy.Add(*terms)


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
        return term

    return expr.replace(lambda e: isinstance(e, (entr, rel_entr, xlogy)), rewrite)


def _check_defined(expr: Expr, facts: Facts) -> None:
    for power in expr.atoms(sympy.Pow):
        base, exponent = power.args
        if exponent.is_negative and not base.is_number and not facts.nonzero(base):
            raise KernelError(f"the denominator {base} is not shown to be nonzero")


def _linear_sum(total: sympy.Sum, facts: Facts) -> Expr:
    """A Sum over one index split into constant multiples of Sums of single terms."""
    if len(total.limits) != 1:
        raise KernelError(f"{total}: only sums over one index are supported")
    index, lower, upper = total.limits[0]
    body = sympy.expand(_expression(total.function, facts))
    result: list[Expr] = []
    for term in sympy.Add.make_args(body):
        constant, dependent = term.as_independent(index, as_Add=False)
        if dependent == 1:
            result.append(constant * (upper - lower + 1))
        else:
            result.append(constant * sympy.Sum(dependent, (index, lower, upper)))
    return sympy.Add(*result)


def _expression(expr: Expr, facts: Facts) -> Expr:
    expr = _conventions(expr, facts)
    expr = expr.replace(lambda e: isinstance(e, sympy.log), lambda e: _log_split(e.args[0], facts))
    expr = expr.replace(lambda e: isinstance(e, sympy.Sum), lambda e: _linear_sum(e, facts))
    return expr


def normal(expr: Expr, facts: Facts, rules: Sequence[tuple[Expr, Expr]] = ()) -> Expr:
    """The normal form of expr under the facts: zero exactly when the laws above reduce it to 0.

    ``rules`` are (lhs, rhs) substitutions from proved equalities, applied
    before and after the laws.
    """
    refuse_inexact(expr, str(expr)[:80])
    substitutions = dict(rules)
    current = sympy.sympify(expr)
    for _ in range(6):
        replaced = current.xreplace(substitutions) if substitutions else current
        _check_defined(replaced, facts)
        rewritten = sympy.expand(_expression(replaced, facts))
        rewritten = rewritten.xreplace(facts.substitutions) if facts.substitutions else rewritten
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
        return sympy.cancel(expr)
    parts = sympy.collect(expr, atoms, evaluate=False)
    return sympy.Add(*(sympy.cancel(coefficient) * key for key, coefficient in parts.items()))
