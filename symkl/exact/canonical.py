"""Exact canonical form of rational-log numbers and exact comparison (ranking is :mod:`symkl.exact.ranking`).

A number built from rationals and logs of positive rationals is brought to

    c0 + c2*log(2) + c3*log(3) + c5*log(5) + ...      (rational c's)

divided by ``log(base)`` when a base was used. Integers too large to factor
quickly are kept as atoms of a pairwise-coprime basis (factor refinement by
gcds), so equality stays exact: logs of pairwise-coprime integers > 1 are
linearly independent over Q. Only integer arithmetic is used; no
``sympy.simplify``, no conversion of huge integers to strings.

>>> from sympy import log, Rational
>>> canonical(log(Rational(1, 2)) / 2 + log(Rational(2, 3)) / 2 + log(2))
-log(3)/2 + log(2)
>>> canonical(log(12) / log(4))
log(3)/(2*log(2)) + 1
>>> compare(log(2) - log(3) / 2, 2 * log(2) - log(7) / 2)
-1
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd
from typing import Any

import sympy
from sympy import Expr, Integer, Rational, S

from ..errors import InvalidInput, Undecidable
from .bulk import paused_collection
from .digits import unlimited_int_digits
from .intervals import NeedsMorePrecision, enclose, proven
from .parsing import brief, to_exact
from .primes import (
    BULK,
    SIEVE_LIMIT,
    canonical_sum,
    expectation_coefficients,
    flat_sort_key,
    int64_column,
    is_sieve_prime,
    log_terms,
    prime_log_enclosure,
    rational,
)

__all__ = [
    "LogLinear",
    "canonical",
    "closed_compare",
    "closed_sign",
    "compare",
    "decided_sign",
    "decimal_string",
    "from_log_linear",
    "sign",
]

#: Integers up to this size are factored completely by SymPy.
_FULL_FACTOR_BITS = 80
#: Trial division bound for larger integers.
_TRIAL_BOUND = 1 << 14
#: Cofactors up to this size are tested for primality (BPSW); larger ones stay atoms.
_PRIMALITY_BITS = 2048


# ---------------------------------------------------------------------------------------------
# linear forms in logs
@dataclass
class LogLinear:
    """An exact number c0 + sum c_a log(a) (atoms a: integers > 1), possibly +-oo.

    >>> form = LogLinear.from_log_of(Fraction(3, 4))
    >>> form.constant, form.logs
    (Fraction(0, 1), {3: Fraction(1, 1), 4: Fraction(-1, 1)})
    """

    constant: Fraction = Fraction(0)
    logs: dict[int, Fraction] = field(default_factory=dict)
    infinity: int = 0  # +1 for +oo, -1 for -oo

    @classmethod
    def from_log_of(cls, value: Fraction, weight: Fraction = Fraction(1)) -> LogLinear:
        """weight * log(value) for a positive rational value."""
        form = cls()
        form.add_log(value, weight)
        return form

    def add_log(self, value: Fraction, weight: Fraction) -> None:
        """Add weight * log(value) in place (value > 0 rational)."""
        if weight == 0:
            return
        if value <= 0:
            raise ValueError(f"log of a non-positive number {_short(value)}")
        for atom, sign in ((value.numerator, 1), (value.denominator, -1)):
            if atom > 1:
                self.logs[atom] = self.logs.get(atom, Fraction(0)) + sign * weight

    def add(self, other: LogLinear, weight: Fraction = Fraction(1)) -> None:
        """Add weight * other in place."""
        if other.infinity:
            self.add_infinity(other.infinity * (1 if weight > 0 else -1) if weight != 0 else 0)
        self.constant += weight * other.constant
        for atom, coefficient in other.logs.items():
            self.logs[atom] = self.logs.get(atom, Fraction(0)) + weight * coefficient

    def add_infinity(self, direction: int) -> None:
        if direction == 0:
            return
        if self.infinity and self.infinity != direction:
            raise ValueError("oo - oo is undefined")
        self.infinity = direction

    def scaled(self, weight: Fraction) -> LogLinear:
        result = LogLinear()
        result.add(self, weight)
        return result

    def pruned(self) -> LogLinear:
        return LogLinear(self.constant, {a: c for a, c in self.logs.items() if c != 0}, self.infinity)

    def is_zero(self) -> bool:
        return not self.infinity and self.constant == 0 and all(c == 0 for c in self.logs.values())

    def is_constant(self) -> bool:
        return all(c == 0 for c in self.logs.values())


# ---------------------------------------------------------------------------------------------
# factoring into a pairwise-coprime basis
@functools.cache
def _small_primes() -> tuple[int, ...]:
    return tuple(sympy.primerange(2, _TRIAL_BOUND))


@functools.lru_cache(maxsize=65536)
def _split(n: int) -> tuple[tuple[tuple[int, int], ...], int]:
    """(prime factors found, unfactored cofactor) of n > 1."""
    if n.bit_length() <= _FULL_FACTOR_BITS:
        return tuple(sorted(sympy.factorint(n).items())), 1
    found: list[tuple[int, int]] = []
    for prime in _small_primes():
        if n % prime == 0:
            n, exponent = _remove(n, prime)
            found.append((prime, exponent))
    if n == 1:
        return tuple(found), 1
    if n < _TRIAL_BOUND * _TRIAL_BOUND:
        return (*found, (n, 1)), 1
    if n.bit_length() <= _FULL_FACTOR_BITS:
        return tuple(found) + tuple(sorted(sympy.factorint(n).items())), 1
    if n.bit_length() <= _PRIMALITY_BITS and sympy.isprime(n):
        return (*found, (n, 1)), 1
    return tuple(found), n


def _remove(n: int, factor: int) -> tuple[int, int]:
    """(n / factor**e, e) with e maximal (10**100000 has e = 100000 for 2 and 5).

    >>> _remove(2**1000 * 3, 2)
    (3, 1000)

    GMP's ``mpz_remove`` when SymPy runs on gmpy2 (10**100000 in milliseconds); otherwise
    O(log e) divisions by factor, factor**2, factor**4, ... (Python's division is quadratic, so a
    number of 330,000 bits takes a fraction of a second there).
    """
    if factor == 2:
        exponent = (n & -n).bit_length() - 1
        return n >> exponent, exponent
    if getattr(sympy.external.gmpy, "GROUND_TYPES", "python") == "gmpy":
        rest, count = sympy.external.gmpy.remove(n, factor)
        return int(rest), int(count)
    exponent, powers = 0, list[int]()
    power = factor
    while n % power == 0:  # divide by factor, factor**2, factor**4, ... while they divide
        n //= power
        exponent += 1 << len(powers)
        powers.append(power)
        power *= power
    while powers:  # what remains is below factor**(2**k): peel the smaller powers off, largest first
        power = powers.pop()
        if n % power == 0:
            n //= power
            exponent += 1 << len(powers)
    return n, exponent


def _coprime_basis(numbers: Iterable[int]) -> list[int]:
    """A pairwise-coprime basis such that every given number is a product of its powers."""
    basis: list[int] = []
    todo = [n for n in numbers if n > 1]
    while todo:
        x = todo.pop()
        if x == 1:
            continue
        for index, element in enumerate(basis):
            g = gcd(x, element)
            if g > 1:
                basis.pop(index)
                todo.extend((g, element // g, x // g))
                break
        else:
            basis.append(x)
    return basis


#: Most atoms beyond the sieve tested one by one for the all-primes shortcut of _rebase.
_FEW = 64


def _rebase(forms: Sequence[LogLinear]) -> list[LogLinear]:
    """Rewrite the atoms of all forms in one shared basis: primes plus coprime leftovers."""
    factorisations: dict[int, dict[int, int]] = {}
    atoms = {atom for form in forms for atom in form.logs}
    if len(atoms) >= BULK:  # many atoms (a KL of 10**5 entries): the primes among them are checked at once
        small = [atom for atom in atoms if atom <= SIEVE_LIMIT]
        if is_sieve_prime(small):
            large = [atom for atom in atoms if atom > SIEVE_LIMIT]
            if len(large) <= _FEW and all(atom < 1 << 64 and sympy.isprime(atom) for atom in large):
                # all primes already (SymPy's test is deterministic below 2**64): only sort and drop zeros
                return [
                    LogLinear(form.constant, {a: c for a, c in sorted(form.logs.items()) if c != 0}, form.infinity)
                    for form in forms
                ]
            factorisations = {atom: {atom: 1} for atom in small}
    leftovers: set[int] = set()
    for form in forms:
        for atom in form.logs:
            if atom not in factorisations:
                found, rest = _split(atom)
                factorisations[atom] = dict(found)
                if rest > 1:
                    factorisations[atom][rest] = factorisations[atom].get(rest, 0) + 1
                    leftovers.add(rest)
    if leftovers:
        large_primes = {p for f in factorisations.values() for p in f if p not in leftovers}
        basis = _coprime_basis(list(leftovers) + [p for p in large_primes if any(x % p == 0 for x in leftovers)])
        for atom, factors in factorisations.items():
            refined: dict[int, int] = {}
            for piece, exponent in factors.items():
                for element, count in _express(piece, basis).items():
                    refined[element] = refined.get(element, 0) + count * exponent
            factorisations[atom] = refined
    result = []
    for form in forms:
        logs: dict[int, Fraction] = {}
        for atom, coefficient in form.logs.items():
            if coefficient == 0:
                continue
            for element, exponent in factorisations[atom].items():
                if element in logs:
                    logs[element] += coefficient * exponent
                else:
                    logs[element] = coefficient * exponent if exponent != 1 else coefficient
        result.append(LogLinear(form.constant, {a: c for a, c in sorted(logs.items()) if c != 0}, form.infinity))
    return result


def _express(n: int, basis: list[int]) -> dict[int, int]:
    if n in basis:
        return {n: 1}
    powers: dict[int, int] = {}
    for element in basis:
        n, exponent = _remove(n, element)
        if exponent:
            powers[element] = exponent
    if n != 1:
        powers[n] = powers.get(n, 0) + 1  # a prime outside every leftover
    return powers


# ---------------------------------------------------------------------------------------------
# reading SymPy expressions
@dataclass
class _Quotient:
    numerator: LogLinear
    denominator: LogLinear | None = None  # None means 1


class _NotLogLinear(ValueError):
    pass


def _fraction(value: Rational) -> Fraction:
    return Fraction(int(value.p), int(value.q))


def _read(expr: Expr) -> _Quotient:
    if expr.is_Rational:
        return _Quotient(LogLinear(_fraction(expr)))
    if expr is S.Infinity or expr is S.NegativeInfinity:
        return _Quotient(LogLinear(infinity=1 if expr is S.Infinity else -1))
    if isinstance(expr, sympy.log):
        (argument,) = expr.args
        if argument.is_Rational and argument.is_positive:
            return _Quotient(LogLinear.from_log_of(_fraction(argument)))
        if argument is S.Exp1:
            return _Quotient(LogLinear(Fraction(1)))
        raise _NotLogLinear(_short(expr))
    if expr.is_Add:
        return _add([_read(term) for term in expr.args])
    if expr.is_Mul:
        result = _Quotient(LogLinear(Fraction(1)))
        for factor in expr.args:
            result = _multiply(result, _read(factor))
        return result
    if expr.is_Pow and expr.exp == -1:
        return _invert(_read(expr.base))
    raise _NotLogLinear(_short(expr))


def _primitive(form: LogLinear) -> tuple[LogLinear, Fraction]:
    """form = scale * primitive: primitive has coprime integer log coefficients and is positive.

    So a denominator is always log(b) with b > 1: a value in base 1/2 reads as -(...)/log(2).

    >>> _primitive(LogLinear(logs={2: Fraction(-2)}))
    (LogLinear(constant=Fraction(0, 1), logs={2: Fraction(1, 1)}, infinity=0), Fraction(-2, 1))
    """
    coefficients = [c for c in form.logs.values() if c != 0]
    if form.constant != 0 or not coefficients:
        raise _NotLogLinear("a denominator must be a nonzero sum of logs")
    common_denominator = functools.reduce(lambda a, b: a * b // gcd(a, b), (c.denominator for c in coefficients))
    integers = [int(c * common_denominator) for c in coefficients]
    # gcd(*...) is never negative; reduce(gcd, ...) returned a lone negative coefficient
    # unchanged (the bases 1/2, 1/4, 1/9, ...) and so flipped the sign of the whole value
    divisor = gcd(*integers)
    direction = _form_sign(form)
    if direction == 0:
        raise _NotLogLinear("division by log(1) = 0")
    scale = Fraction(divisor, common_denominator) * direction
    return form.scaled(1 / scale).pruned(), scale


def _add(parts: list[_Quotient]) -> _Quotient:
    denominator: LogLinear | None = None
    total = LogLinear()
    for part in parts:
        if part.denominator is not None:
            if denominator is None:
                denominator = part.denominator
            elif part.denominator.logs != denominator.logs:
                raise _NotLogLinear("terms in different log bases")
    for part in parts:
        if part.denominator is None and denominator is not None:
            if part.numerator.infinity:
                total.add(part.numerator)
            elif part.numerator.is_constant():  # c = (c * log b) / log b
                total.add(denominator, part.numerator.constant)
            else:
                raise _NotLogLinear("a sum mixes logs with and without a log base")
            continue
        total.add(part.numerator)
    return _Quotient(total, denominator)


def _multiply(left: _Quotient, right: _Quotient) -> _Quotient:
    if left.denominator is not None and right.denominator is not None:
        raise _NotLogLinear("a product of two log bases")
    denominator = left.denominator if left.denominator is not None else right.denominator
    a, b = left.numerator, right.numerator
    if a.infinity or b.infinity:
        sign_a = a.infinity or _constant_sign(a)
        sign_b = b.infinity or _constant_sign(b)
        return _infinite_over(LogLinear(infinity=sign_a * sign_b), denominator)
    if a.is_constant():
        return _Quotient(b.scaled(a.constant), denominator)
    if b.is_constant():
        return _Quotient(a.scaled(b.constant), denominator)
    # (k * D) * (N / D) = k * N: a value in base b times log(b), say
    for factor, quotient in ((a, right), (b, left)):
        if quotient.denominator is not None:
            rebased_factor, rebased_denominator = _rebase([factor, quotient.denominator])
            ratio = _proportion(rebased_factor, rebased_denominator)
            if ratio is not None:
                return _Quotient(quotient.numerator.scaled(ratio), None)
    raise _NotLogLinear("a product of two logs")


def _constant_sign(form: LogLinear) -> int:
    if not form.is_constant() or form.constant == 0:
        raise _NotLogLinear("oo times a non-constant or zero")
    return 1 if form.constant > 0 else -1


def _invert(part: _Quotient) -> _Quotient:
    numerator = part.numerator
    if numerator.is_constant() and not numerator.infinity:
        if numerator.constant == 0:
            raise _NotLogLinear("division by zero")
        return _Quotient((part.denominator or LogLinear(Fraction(1))).scaled(1 / numerator.constant), None)
    if part.denominator is not None:
        raise _NotLogLinear("a quotient of logs inside a quotient")
    return _Quotient(LogLinear(Fraction(1)), numerator)


def _infinite_over(numerator: LogLinear, denominator: LogLinear | None) -> _Quotient:
    """+-oo divided by a log base: the sign flips for a base below 1 (log b < 0), so oo bits of base 1/2 are -oo."""
    direction = numerator.infinity
    if denominator is not None and _primitive(denominator)[1] < 0:
        direction = -direction
    return _Quotient(LogLinear(infinity=direction), None)


def _normalised(part: _Quotient) -> _Quotient:
    """Denominator made primitive (integer, coprime, positive: the log of a number > 1)."""
    if part.numerator.infinity:
        return _infinite_over(part.numerator, part.denominator)
    if part.denominator is None:
        return part
    primitive, scale = _primitive(part.denominator)
    return _Quotient(part.numerator.scaled(1 / scale).pruned(), primitive)


def _as_sympy(value: object) -> Expr:
    if isinstance(value, sympy.Basic):
        return value
    return to_exact(value)


@functools.lru_cache(maxsize=4096)
def _parsed(expr: Expr) -> _Quotient:
    if expr.free_symbols:
        names = ", ".join(sorted(str(s) for s in expr.free_symbols))
        raise Undecidable(f"cannot compare an expression with free symbols {names} exactly")
    try:
        return _read(expr)
    except _NotLogLinear as error:
        raise ValueError(
            f"{_short(expr)} is not a number built from rationals and logs of rationals ({error})"
        ) from None


def _short(expr: object) -> str:
    return brief(expr, 200)


def _to_forms(*values: object) -> list[_Quotient]:
    """Parse values, rewrite them in one shared coprime basis, normalise their denominators."""
    exprs = [_as_sympy(value) for value in values]
    known = [_remembered(expr) for expr in exprs]
    if len(exprs) == 1 and known[0] is not None:
        return [known[0]]  # built by from_log_linear: already canonical
    return _rebased([part if part is not None else _parsed(expr) for part, expr in zip(known, exprs)])


def _rebased(parts: list[_Quotient]) -> list[_Quotient]:
    forms: list[LogLinear] = []
    for part in parts:
        forms.append(part.numerator)
        if part.denominator is not None:
            forms.append(part.denominator)
    rebased = iter(_rebase(forms))
    result = []
    for part in parts:
        numerator = next(rebased)
        denominator = next(rebased) if part.denominator is not None else None
        result.append(_normalised(_Quotient(numerator, denominator)))
    return result


def from_log_linear(form: LogLinear, base: Fraction | None = None) -> Expr:
    """The canonical SymPy expression of a linear form in logs (nats), or of form / log(base).

    >>> from_log_linear(LogLinear.from_log_of(Fraction(1, 8)), Fraction(2))
    -3

    Parameters
    ----------
    form : LogLinear
        The linear form in logs, in nats.
    base : Fraction or None, optional
        The base to divide by, ``log(base)``; None keeps nats.

    Returns
    -------
    sympy.Expr
        The canonical SymPy expression.
    """
    denominator = None if base is None else LogLinear.from_log_of(base)
    with paused_collection():
        (part,) = _rebased([_Quotient(form, denominator)])
        expr = _quotient_to_expr(part)
    if len(part.numerator.logs) >= _FAST_TERMS:
        _remember(expr, part)
    return expr


#: Canonical forms behind the large expressions from_log_linear built last (expression -> form), so
#: that decimal_string, sign and compare do not read 10**5 terms back.
#: Keyed by id (hashing 10**5 terms costs more than the lookup saves); the entry keeps the expression
#: alive, so its id is not reused while it is remembered.
_FORMS: dict[int, tuple[Expr, _Quotient]] = {}
_FORMS_KEPT = 8


def _remember(expr: Expr, part: _Quotient) -> None:
    if len(_FORMS) >= _FORMS_KEPT:
        del _FORMS[next(iter(_FORMS))]
    _FORMS[id(expr)] = (expr, part)


def _remembered(expr: Expr) -> _Quotient | None:
    entry = _FORMS.get(id(expr))
    return entry[1] if entry is not None and entry[0] is expr else None


def kl_form(p: Sequence[Expr], q: Sequence[Expr]) -> LogLinear | None:
    """sum p log(p/q) for long sequences of SymPy rationals, by integer arrays; None for short or huge input.

    The same exact form as summing the terms one at a time (tests compare the two), computed with
    integer coefficients over one common denominator and the integers factored by a sieve.
    """
    return _bulk_form(p, q, lambda a, b, c, d: [(a, 1), (b, -1), (c, -1), (d, 1)])


def cross_entropy_form(p: Sequence[Expr], q: Sequence[Expr]) -> LogLinear | None:
    """-sum p log q as :func:`kl_form` computes sum p log(p/q) (None for short or huge input)."""
    return _bulk_form(p, q, lambda a, b, c, d: [(c, -1), (d, 1)])


def entropy_form(p: Sequence[Expr]) -> LogLinear | None:
    """-sum p log p as :func:`kl_form` computes sum p log(p/q) (None for short or huge input)."""
    return _bulk_form(p, None, lambda a, b: [(a, -1), (b, 1)])


def _bulk_form(p: Sequence[Expr], q: Sequence[Expr] | None, columns: Any) -> LogLinear | None:
    """sum_i p_i sum_k s_k log x_ik for the columns (x_k, s_k) made from the int64 numerators and denominators."""
    sequences = (p,) if q is None else (p, q)
    if len(p) < BULK or any(len(values) != len(p) or not all(map(_IS_RATIONAL, values)) for values in sequences):
        return None
    with paused_collection():
        n = len(p)
        arrays = [int64_column(map(part, values), n) for values in sequences for part in (_NUMERATOR, _DENOMINATOR)]
        if any(array is None for array in arrays):
            return None
        result = expectation_coefficients(arrays[0], arrays[1], columns(*arrays))
        if result is None:
            return None
        totals, common, infinity = result
        if infinity:
            return LogLinear(infinity=infinity)
        return LogLinear(Fraction(0), {prime: _reduced(c, common) for prime, c in sorted(totals.items())})


_IS_RATIONAL, _NUMERATOR, _DENOMINATOR = (
    operator.attrgetter("is_Rational"),
    operator.attrgetter("p"),
    operator.attrgetter("q"),
)


def _reduced(numerator: int, denominator: int) -> Fraction:
    """Fraction(numerator, denominator) for denominator > 0, without Fraction's slower normalisation."""
    divisor = gcd(numerator, denominator)
    numerator, denominator = numerator // divisor, denominator // divisor
    if _FROM_COPRIME is not None:
        return _FROM_COPRIME(numerator, denominator)
    return Fraction(numerator, denominator, _normalize=False)  # type: ignore[call-overload]  # Python 3.11


def _coprime_fraction(numerator: int, denominator: int) -> Fraction:
    """Fraction(numerator, denominator) for coprime integers, denominator > 0, as Python 3.12's
    ``Fraction._from_coprime_ints`` makes it (its two slots set directly, no gcd, no type checks)."""
    value = object.__new__(Fraction)
    value._numerator, value._denominator = numerator, denominator  # type: ignore[attr-defined]
    return value


def _coprime_constructor() -> Any:
    """Python 3.12's Fraction._from_coprime_ints, else _coprime_fraction when it builds equal, working
    Fractions here (the slots are CPython's, unchanged since 3.2), else None (the checked constructor)."""
    built = getattr(Fraction, "_from_coprime_ints", None)
    if built is not None:
        return built
    try:
        sample = _coprime_fraction(-3, 4)
        works = sample == Fraction(-3, 4) and hash(sample) == hash(Fraction(-3, 4)) and str(sample + 1) == "1/4"
    except (AttributeError, TypeError):
        works = False
    return _coprime_fraction if works else None


_FROM_COPRIME = _coprime_constructor()


# ---------------------------------------------------------------------------------------------
# building SymPy expressions
def _log_of(atom: int | Fraction) -> Expr:
    """log(atom) for an integer atom > 1 (or a positive fraction), never evaluated.

    SymPy leaves log(n) of such an n as it is, but its constructor can spend
    minutes on a huge n; building the node directly gives the identical object.
    """
    if isinstance(atom, int):
        return sympy.Basic.__new__(sympy.log, Integer(atom))
    return sympy.log(Rational(atom.numerator, atom.denominator), evaluate=False)


def _rational(value: Fraction) -> Rational:
    return rational(value)


def _log_term(coefficient: Fraction, atom: int) -> Expr:
    """coefficient * log(atom), built directly in SymPy's evaluated form (no simplification pass)."""
    logarithm = _log_of(atom)
    if coefficient == 1:
        return logarithm
    return sympy.Mul._from_args((_rational(coefficient), logarithm))


def _sum(terms: list[Expr]) -> Expr:
    """Add of terms that cannot combine (a constant and distinct log atoms), in SymPy's canonical order."""
    if not terms:
        return S.Zero
    if len(terms) == 1:
        return terms[0]
    from sympy.core.add import _addsort

    _addsort(terms)
    return sympy.Add._from_args(terms)


def linear_to_expr(form: LogLinear) -> Expr:
    """The SymPy expression c0 + sum c_a log(a) of a form."""
    if form.infinity:
        return S.Infinity if form.infinity > 0 else S.NegativeInfinity
    terms = [_rational(form.constant)] if form.constant else []
    if len(form.logs) >= _FAST_TERMS:
        keyed = [(term, flat_sort_key(term)) for term in terms]
        fast = canonical_sum(keyed + log_terms([(c, atom) for atom, c in form.logs.items() if c != 0]))
        if fast is not None:
            return fast
    terms += [_log_term(c, atom) for atom, c in sorted(form.logs.items()) if c != 0]
    return _sum(terms)


#: Sums with at least this many log terms are built by :func:`symkl.exact.primes.canonical_sum`.
_FAST_TERMS = 64


def _quotient_to_expr(part: _Quotient) -> Expr:
    numerator, denominator = part.numerator, part.denominator
    if numerator.infinity:
        return linear_to_expr(_infinite_over(numerator, denominator).numerator)
    if denominator is None:
        return linear_to_expr(numerator)
    ratio = _proportion(numerator, denominator)
    if ratio is not None:
        return _rational(ratio)
    value = Fraction(1)
    for atom, c in denominator.logs.items():
        value *= Fraction(atom) ** int(c)
    base_log = _log_of(value)
    single = next(iter(denominator.logs)) if len(denominator.logs) == 1 else None
    terms = [_rational(numerator.constant) / base_log] if numerator.constant else []
    if len(numerator.logs) >= _FAST_TERMS:
        divisor = sympy.Pow(base_log, -1)
        fast_terms = [(term, flat_sort_key(term)) for term in terms]
        if single in numerator.logs:  # c log(b) / log(b) = c
            number = _rational(numerator.logs[single])
            fast_terms.append((number, flat_sort_key(number)))
        fast_terms += log_terms([(c, atom) for atom, c in numerator.logs.items() if atom != single], divisor)
        fast = canonical_sum(fast_terms)
        if fast is not None:
            return fast
    for atom, c in sorted(numerator.logs.items()):
        terms.append(_rational(c) if atom == single else _rational(c) * _log_of(atom) / base_log)
    return sympy.Add(*terms)


def _proportion(numerator: LogLinear, denominator: LogLinear) -> Fraction | None:
    if numerator.constant != 0 or set(numerator.logs) != set(denominator.logs):
        return None
    ratios = {numerator.logs[a] / denominator.logs[a] for a in denominator.logs}
    return ratios.pop() if len(ratios) == 1 else None


def canonical(expr: object) -> Expr:
    r"""The unique form c0 + sum_p c_p log(p) [/ log(base)] of a rational-log number.

    >>> from sympy import log, Rational, Integer
    >>> canonical(log(Rational(8, 9)) + Rational(1, 3))
    -2*log(3) + 1/3 + 3*log(2)
    >>> canonical(Rational(1, 2) * log(Rational(1, 2) / Rational(1, 4)) + Rational(1, 2) * log(Rational(2, 3)))
    -log(3)/2 + log(2)
    >>> big = Integer(10) ** 400 + 1
    >>> canonical(log(big, evaluate=False) - log(big + 0, evaluate=False))
    0

    Raises :class:`ValueError` for other expressions and
    :class:`~symkl.errors.Undecidable` for expressions with free symbols.

    Parameters
    ----------
    expr : sympy.Expr, number or str
        A closed number built from rationals and logs of rationals (any base), e.g. a measure's value.

    Returns
    -------
    sympy.Expr
        The canonical form: one log term per prime (or per atom of a coprime basis for integers too large to factor),
        divided by ``log(base)`` if a base was used. Two such numbers are equal exactly when their canonical forms are
        identical.

    Raises
    ------
    Undecidable
        The expression has free symbols.
    InvalidInput
        The expression is outside the rational-log class or cannot be read.

    Notes
    -----
    .. math::

        c_0 + \sum_{p \text{ prime}} c_p \log p, \qquad c_0, c_p \in \mathbb{Q}
    """
    (part,) = _to_forms(expr)
    return _quotient_to_expr(part)


# ---------------------------------------------------------------------------------------------
# signs by interval arithmetic
def _interval(form: LogLinear, precision: int) -> Any:
    from mpmath import iv

    iv.prec = precision
    total = iv.mpf(form.constant.numerator) / iv.mpf(form.constant.denominator)
    for atom, c in form.logs.items():
        total += iv.mpf(c.numerator) / iv.mpf(c.denominator) * iv.log(iv.mpf(atom))
    return total


def _form_sign(form: LogLinear) -> int:
    form = form.pruned()
    if form.infinity:
        return form.infinity
    if form.is_zero():
        return 0
    if form.is_constant():
        return 1 if form.constant > 0 else -1
    from mpmath import iv

    saved = iv.prec
    try:
        precision = 64
        while True:
            value = _interval(form, precision)
            if value.a > 0:
                return 1
            if value.b < 0:
                return -1
            precision *= 2
    finally:
        iv.prec = saved


def _quotient_sign(part: _Quotient) -> int:
    sign = _form_sign(part.numerator)
    return sign * _form_sign(part.denominator) if part.denominator is not None else sign


def sign(expr: object) -> int:
    """The exact sign (-1, 0, 1) of a rational-log number.

    >>> from sympy import log
    >>> sign(log(3) - log(2) * 3 / 2), sign(log(8) - 3 * log(2))
    (1, 0)

    Parameters
    ----------
    expr : object
        A rational-log number (SymPy expression or anything SymPy reads).

    Returns
    -------
    int
        -1, 0 or 1, decided exactly.
    """
    (part,) = _to_forms(expr)
    return _quotient_sign(part)


def decided_sign(value: Expr, digits: int = 40) -> int | None:
    """The sign of a closed number: exact for rational-log numbers, otherwise from an enclosure.

    Outside the rational-log class (radicals, products of logs, pi, ...) the value is enclosed by
    interval arithmetic (:mod:`symkl.exact.intervals`) at up to about `digits` digits; the sign is
    taken when the enclosure excludes 0, and None means too close to 0 to tell. Expressions the
    enclosure does not cover fall back to `digits` digits of ``evalf``, trusted only beyond
    10**-(digits - 10).

    >>> from sympy import log, sqrt
    >>> decided_sign(log(2) - log(3)), decided_sign(log(2) * log(3) - 1), decided_sign(sqrt(2) - sqrt(2) + 0)
    (-1, -1, 0)
    >>> decided_sign(sqrt(2) / 10**45 - sqrt(3) / 10**45)  # rigorous, though below 10**-30
    -1
    >>> decided_sign((sqrt(2) + 1) * (sqrt(2) - 1) - 1) is None  # an exact 0 SymPy does not see
    True

    Parameters
    ----------
    value : sympy.Expr
        A closed real number.
    digits : int, optional
        About how many digits of precision to try before giving up.

    Returns
    -------
    int or None
        -1, 0 or 1, or None when the value is too close to 0 to tell.
    """
    expr = _as_sympy(value)  # text through the strict grammar (InvalidInput), never sympify
    try:
        return sign(expr)
    except ValueError:
        pass
    if expr.free_symbols:
        return None
    if expr.is_infinite:
        return 1 if expr.is_extended_positive else -1 if expr.is_extended_negative else None
    enclosed = _enclosure_sign(expr, digits)
    if enclosed is not _UNCOVERED:
        return enclosed
    approximate = expr.evalf(digits)
    if approximate.is_infinite:
        return 1 if approximate > 0 else -1
    if not approximate.is_number or not approximate.is_real or abs(approximate) < sympy.Float(10) ** (10 - digits):
        return None
    return 1 if approximate > 0 else -1


_UNCOVERED: Any = object()


def _enclosure_sign(expr: Expr, digits: int) -> Any:
    """1 or -1 when an enclosure at up to ~digits digits excludes 0, None if not, _UNCOVERED if unsupported."""
    bits, limit = 64, int(digits * 3.33) + 64
    while bits <= 2 * limit:
        try:
            box = enclose(expr, min(bits, limit))
        except NeedsMorePrecision:
            bits *= 2
            continue
        except ValueError:
            return _UNCOVERED
        if box.a > 0:
            return 1
        if box.b < 0:
            return -1
        bits *= 2
    return None


def compare(a: object, b: object) -> int:
    """-1, 0 or 1 as a < b, a == b, a > b, decided exactly.

    Equality comes from the canonical form; the sign of a nonzero difference
    from interval arithmetic with precision doubled until the interval
    excludes 0, which always ends for a nonzero form.

    >>> from sympy import log, Rational, oo
    >>> compare(log(2) - log(3) / 2, Rational(1, 5))
    -1
    >>> compare(log(3) / log(2), 2 * log(3) / log(4)), compare(oo, 10**100)
    (0, 1)

    Parameters
    ----------
    a, b : object
        The numbers to compare (SymPy expressions or anything SymPy reads).

    Returns
    -------
    int
        -1 if a < b, 0 if a == b, 1 if a > b.
    """
    first, second = _to_forms(a, b)
    x, y = first.numerator, second.numerator
    if x.infinity or y.infinity:
        return (x.infinity > y.infinity) - (x.infinity < y.infinity)
    try:  # one shared denominator (or none): the difference is a single form, decided exactly
        difference = _add([first, _Quotient(y.scaled(Fraction(-1)), second.denominator)])
    except _NotLogLinear:
        return _compare_mixed(first, second)
    return _quotient_sign(difference)


def _compare_mixed(first: _Quotient, second: _Quotient, max_precision: int = 1 << 17) -> int:
    from mpmath import iv

    saved = iv.prec
    try:
        precision = 64
        while precision <= max_precision:
            values = []
            for part in (first, second):
                value = _interval(part.numerator, precision)
                if part.denominator is not None:
                    value = value / _interval(part.denominator, precision)
                values.append(value)
            if values[0].b < values[1].a:
                return -1
            if values[0].a > values[1].b:
                return 1
            precision *= 2
    finally:
        iv.prec = saved
    raise Undecidable("the two numbers use different log bases and agree to 2**17 bits; equality cannot be decided")


# ---------------------------------------------------------------------------------------------
# signs of every closed real number: radicals, logs of radicals (Renyi values at non-integer orders), ...
#: Precision (bits) after which an undecided enclosure asks whether the number is exactly 0.
_ZERO_TEST_BITS = 1024
#: Most bits an enclosure is refined to once the number is known to be nonzero (or cannot be tested).
_MAX_SIGN_BITS = 1 << 18
#: Most bits tried when no exact zero test applies.
_MAX_UNTESTED_BITS = 1 << 14


def closed_sign(expr: object) -> int:
    """The sign (-1, 0, 1) of any closed real number symkl produces, decided, never guessed.

    This is ``sk.sign``. Rational-log numbers are decided by their canonical form (:func:`sign`).
    Every other closed number (radicals, logs of sums of radicals such as Renyi values at
    non-integer orders, pi, gamma, ...) is enclosed by rigorous interval arithmetic, the precision
    doubled until the enclosure excludes 0 (:func:`decided_sign` with growing precision). When it
    keeps straddling 0, an exact zero test settles it for algebraic numbers (minimal polynomial)
    and for rational combinations of logs of positive algebraic numbers (Baker: such a form with a
    nonzero algebraic constant is nonzero; sum r_i log a_i = 0 iff prod a_i**(N r_i) = 1, an
    algebraic identity); a number known nonzero is refined until its sign shows.
    :class:`~symkl.errors.Undecidable` is raised only for free symbols, numbers without a rigorous
    enclosure (zeta, Ei, ...), or a tie no test settles.

    >>> from sympy import Rational, sqrt, log
    >>> closed_sign(sqrt(2) - Rational(141421356237, 10**11))
    1
    >>> closed_sign((sqrt(2) + 1) * (sqrt(2) - 1) - 1)  # an exact 0 written so SymPy does not see it
    0
    >>> closed_sign(log(sqrt(2) + 1) + log(sqrt(2) - 1))  # log of 1
    0

    Parameters
    ----------
    expr : sympy.Expr, number or str
        A closed real number (no free symbols).

    Returns
    -------
    int
        -1, 0 or 1, the sign of ``expr``, decided exactly (never from rounded floats).

    Raises
    ------
    Undecidable
        The number has free symbols, has no rigorous enclosure, or is an exact tie no test settles.
    """
    value = _as_sympy(expr)
    try:
        return sign(value)
    except Undecidable:
        raise
    except ValueError:
        pass
    if value.free_symbols:
        names = ", ".join(sorted(str(s) for s in value.free_symbols))
        raise Undecidable(f"cannot decide the sign of an expression with free symbols {names}")
    if value is S.Infinity or value is S.NegativeInfinity:
        return 1 if value is S.Infinity else -1
    if value.has(S.NaN, S.ComplexInfinity, sympy.Float):
        raise InvalidInput(f"{_short(value)} is not an exact real number")
    if not proven(value):
        raise Undecidable(f"{_short(value)}: no rigorous enclosure of this number is known to symkl")
    decided = _refined_sign(value, 64, _ZERO_TEST_BITS)
    if decided is not None:
        return decided
    zero = _exactly_zero(value)
    if zero is True:
        return 0
    decided = _refined_sign(value, 2 * _ZERO_TEST_BITS, _MAX_SIGN_BITS if zero is False else _MAX_UNTESTED_BITS)
    if decided is not None:
        return decided
    raise Undecidable(
        f"{_short(value)}: its enclosure straddles 0 at "
        f"{_MAX_SIGN_BITS if zero is False else _MAX_UNTESTED_BITS} bits and no exact zero test applies"
    )


def _refined_sign(value: Expr, bits: int, limit: int) -> int | None:
    """1 or -1 once an enclosure at bits, 2 bits, ... up to limit excludes 0; None if none does."""
    while bits <= limit:
        try:
            box = enclose(value, bits)
        except NeedsMorePrecision:
            bits *= 2
            continue
        except ValueError as error:
            raise InvalidInput(f"{_short(value)} is not a real number ({error})") from None
        if box.a > 0:
            return 1
        if box.b < 0:
            return -1
        bits *= 2
    return None


def _algebraic(value: Expr) -> bool:
    """Built from rationals by +, *, and rational powers only (so an algebraic number)."""
    if value.is_Rational:
        return True
    if value.is_Pow:
        return _algebraic(value.base) and value.exp.is_Rational
    if value.is_Add or value.is_Mul:
        return all(_algebraic(argument) for argument in value.args)
    return False


def _algebraic_zero(value: Expr) -> bool:
    """Whether an algebraic number (see :func:`_algebraic`) is exactly 0, by its minimal polynomial."""
    x = sympy.Dummy("x")
    polynomial = sympy.minimal_polynomial(value, x, polys=True)
    return bool(polynomial.degree() == 1 and polynomial.TC() == 0)


def _exactly_zero(value: Expr) -> bool | None:
    """True or False when an exact test decides whether value is 0, None when none applies."""
    try:
        if _algebraic(value):
            return _algebraic_zero(value)
        bases = {
            power: 1 / canonical(power.base)  # 1/log(4) -> 1/(2 log(2)): one base where the bases agree
            for power in value.atoms(sympy.Pow)
            if power.exp == -1 and isinstance(power.base, sympy.log) and power.base.args[0].is_Rational
        }
        linear = _log_form(sympy.expand_mul(value.xreplace(bases)))  # (a + b)/log(2) -> a/log(2) + b/log(2)
        if linear is None:
            return None
        constant, logs = linear
        if not _algebraic_zero(constant):
            return False  # Baker: beta0 + sum beta_i log(alpha_i) with beta0 != 0 is not 0
        if not logs:
            return True
        common = functools.reduce(lambda a, b: a * b // gcd(a, b), (int(c.q) for c, _ in logs))
        numerator, denominator = S.One, S.One
        for coefficient, argument in logs:
            power = int(coefficient * common)
            if power > 0:
                numerator *= argument**power
            else:
                denominator *= argument ** (-power)
        return _algebraic_zero(sympy.expand(numerator - denominator))
    except (sympy.polys.polyerrors.PolynomialError, NotImplementedError, ValueError, RecursionError):
        return None


def _log_form(value: Expr) -> tuple[Expr, list[tuple[Rational, Expr]]] | None:
    """(beta0, [(r_i, alpha_i)]) with value * L = beta0 + sum r_i log(alpha_i), L > 0, or None.

    beta0 is algebraic, r_i rational and alpha_i positive algebraic; L is 1 or log(b) for the one
    log base b > 1 the terms are divided by (so a value in bits qualifies).
    """
    scale: Expr | None = None
    terms = sympy.Add.make_args(value)
    constants: list[Expr] = []
    logs: list[tuple[Rational, Expr]] = []
    for term in terms:
        coefficient, factors = S.One, []
        for factor in sympy.Mul.make_args(term):
            if factor.is_Rational:
                coefficient *= factor
            elif factor.is_Pow and factor.exp == -1 and isinstance(factor.base, sympy.log):
                if scale is not None and scale != factor.base:
                    return None
                scale = factor.base
            else:
                factors.append(factor)
        if len(factors) == 1 and isinstance(factors[0], sympy.log):
            logs.append((coefficient, factors[0].args[0]))
        elif all(_algebraic(f) for f in factors):
            constants.append(coefficient * sympy.Mul(*factors))
        else:
            return None
    if scale is not None:
        # every term must carry 1/log(b): terms without it are multiplied by log(b) (a log term of b)
        base = scale.args[0]
        if not (_algebraic(base) and decided_sign(base - 1) == 1):
            return None
        rescaled_constants: list[Expr] = []
        rescaled_logs: list[tuple[Rational, Expr]] = []
        for term in terms:
            parts = sympy.Mul.make_args(term)
            if any(p.is_Pow and p.exp == -1 and p.base == scale for p in parts):
                stripped = sympy.Mul(*(p for p in parts if not (p.is_Pow and p.exp == -1 and p.base == scale)))
                inner = _log_form(stripped)
                if inner is None:
                    return None
                rescaled_constants.append(inner[0])
                rescaled_logs += inner[1]
            else:
                inner = _log_form(term)
                if inner is None or inner[1]:
                    return None  # a log term not in base b: log(a) * log(b) is not a linear form
                if inner[0].is_Rational:
                    rescaled_logs.append((inner[0], base))
                else:
                    return None
        return sympy.Add(*rescaled_constants), rescaled_logs
    for _, argument in logs:
        if not _algebraic(argument) or decided_sign(argument) != 1:
            return None
    return sympy.Add(*constants), logs


def closed_compare(a: object, b: object) -> int:
    """-1, 0 or 1 as a < b, a == b, a > b for any closed real numbers symkl produces: ``sk.compare``.

    Rational-log numbers are compared exactly by :func:`compare` (canonical form, then intervals);
    other closed numbers (Renyi values at non-integer orders, radicals, ...) by the sign of the
    difference, :func:`closed_sign`.

    >>> import symkl as sk
    >>> d = sk.renyi_divergence(["1/5", "2/5", "2/5"], ["1/4", "1/2", "1/4"], "1/10")
    >>> closed_compare(d, 0), closed_compare(d, sk.kl_divergence(["1/5", "2/5", "2/5"], ["1/4", "1/2", "1/4"]))
    (1, -1)

    Parameters
    ----------
    a, b : sympy.Expr, number or str
        Closed real numbers (no free symbols): measures' values, logs, radicals, ``pi``, ``oo``.

    Returns
    -------
    int
        -1 if a < b, 0 if a == b, 1 if a > b, decided exactly: equality from the canonical form (or minimal
        polynomials), the sign of a nonzero difference by interval arithmetic refined until the interval excludes 0.

    Raises
    ------
    Undecidable
        An argument has free symbols, has no rigorous enclosure, or is a tie no test settles.
    """
    first, second = _as_sympy(a), _as_sympy(b)
    try:
        return compare(first, second)
    except Undecidable:
        raise
    except ValueError:
        pass
    infinities = {S.Infinity: 1, S.NegativeInfinity: -1}
    if first in infinities or second in infinities:
        for side in (first, second):
            if side not in infinities:
                closed_sign(side)  # a real closed number, or an error saying why not
        x, y = infinities.get(first, 0), infinities.get(second, 0)
        return (x > y) - (x < y)
    return closed_sign(first - second)


# ---------------------------------------------------------------------------------------------
# guaranteed decimal digits
def _decimal_exponent(magnitude: Fraction) -> int:
    """e with 10**e <= magnitude < 10**(e + 1), without converting huge integers to text."""
    bits = magnitude.numerator.bit_length() - magnitude.denominator.bit_length()
    exponent = int(bits * 0.30102999566398120)
    while Fraction(10) ** exponent > magnitude:
        exponent -= 1
    while Fraction(10) ** (exponent + 1) <= magnitude:
        exponent += 1
    return exponent


def _round_significant(value: Fraction, digits: int) -> tuple[int, int]:
    """(m, e) with value ~ m * 10**e, m rounded half-even to `digits` significant digits."""
    if value == 0:
        return 0, 0
    magnitude = abs(value)
    scale = digits - 1 - _decimal_exponent(magnitude)
    mantissa = round(magnitude * Fraction(10) ** scale)
    if mantissa >= 10**digits:
        mantissa, scale = round(magnitude * Fraction(10) ** (scale - 1)), scale - 1
    return (mantissa if value > 0 else -mantissa), -scale


def _format(mantissa: int, exponent: int, digits: int) -> str:
    if mantissa == 0:
        return "0"
    sign_text = "-" if mantissa < 0 else ""
    with unlimited_int_digits():
        text = str(abs(mantissa))
    point = len(text) + exponent  # digits before the decimal point
    if -6 < point <= 21:
        if point <= 0:
            return sign_text + "0." + "0" * (-point) + text
        if point >= len(text):
            return sign_text + text + "0" * (point - len(text))
        return sign_text + text[:point] + "." + text[point:]
    body = text[0] + ("." + text[1:] if len(text) > 1 else "")
    return f"{sign_text}{body}e{point - 1:+d}"


def _exact_decimal(value: Fraction, digits: int) -> str:
    """A rational rounded to `digits` significant digits; trailing zeros dropped when exact."""
    mantissa, exponent = _round_significant(value, digits)
    if Fraction(mantissa) * Fraction(10) ** exponent == value:
        while mantissa and mantissa % 10 == 0:
            mantissa //= 10
            exponent += 1
        return _format(mantissa, exponent, 1)
    return _format(mantissa, exponent, digits)


def _raw_fraction(raw: tuple[int, int, int, int]) -> Fraction:
    """The exact value of one of mpmath's raw floats (sign, mantissa, exponent, bitcount)."""
    sign_bit, mantissa, exponent, _ = raw
    if not mantissa and exponent:
        raise ValueError("an interval end is infinite or nan")
    value = Fraction(int(mantissa)) * Fraction(2) ** int(exponent)
    return -value if sign_bit else value


#: Most significant digits decimal_string gives, and the precision at which it stops refining.
MAX_DECIMAL_DIGITS = 100_000
_MAX_REFINE_BITS = 1 << 20


def decimal_string(expr: object, digits: int = 15) -> str:
    """The value rounded (half-even) to `digits` significant digits, every digit guaranteed.

    >>> from sympy import log, sqrt
    >>> decimal_string(1 - log(3) / (2 * log(2)), 4)
    '0.2075'
    >>> decimal_string(Rational(7, 4), 2), decimal_string(sympy.oo)
    ('1.8', 'inf')
    >>> decimal_string(Rational(1, 8) + sqrt(2) / 10**40, 2)  # just above the tie 0.125
    '0.13'

    Every closed number is enclosed by interval arithmetic (:mod:`symkl.exact.intervals`) and the
    precision doubled until both ends of the interval round to the same digits, so the digits
    are rounded once, from an interval holding the exact value. A value that stays on a rounding
    boundary (an exact tie such as 1/8 to 2 digits written so SymPy cannot see it, or an exact 0
    written as a difference of radicals) raises :class:`~symkl.errors.Undecidable`.

    The guarantee covers every value :func:`symkl.exact.intervals.proven` accepts: rationals, logs,
    radicals, e, pi, Euler's gamma, exp, trigonometric and hyperbolic functions, gamma, loggamma,
    polygamma at positive arguments, erf and erfc. Other functions (zeta, Ei, polygamma at negative
    arguments, ...) are enclosed from SymPy's evalf at extra digits: those digits are very likely
    right but not proved, and the command line says so next to them.

    Parameters
    ----------
    expr : sympy.Expr, number or str
        A closed real number.
    digits : int, optional
        Significant digits (1 to 100000; 15 by default).

    Returns
    -------
    str
        The decimal rounded half-even once from a rigorous enclosure: every digit shown is guaranteed; ``inf`` or
        ``-inf`` for infinities.

    Raises
    ------
    InvalidInput
        ``digits`` is out of range.
    Undecidable
        The number has free symbols, or an exact tie at a rounding boundary cannot be seen past.
    """
    if not isinstance(digits, int) or isinstance(digits, bool) or digits < 1:
        raise InvalidInput(f"digits must be a positive integer, got {digits!r}")
    if digits > MAX_DECIMAL_DIGITS:
        raise InvalidInput(f"digits: at most {MAX_DECIMAL_DIGITS} significant digits are given, got {digits}")
    value = _as_sympy(expr)
    try:
        (part,) = _to_forms(value)
    except Undecidable:
        raise Undecidable(f"{_short(value)} has free symbols and no decimal value") from None
    except ValueError:
        return _enclosed_string(value, digits)
    numerator = part.numerator
    if numerator.infinity:
        return "inf" if numerator.infinity > 0 else "-inf"
    if part.denominator is None and numerator.is_constant():
        return _exact_decimal(numerator.constant, digits)
    if len(numerator.logs) >= _FAST_TERMS:
        with paused_collection():
            fast = _prime_log_decimal(part, digits)
        if fast is not None:
            return fast
    from mpmath import iv

    saved = iv.prec
    try:
        precision = 64 + 4 * digits
        while True:
            interval = _interval(numerator, precision)
            if part.denominator is not None:
                interval = interval / _interval(part.denominator, precision)
            rounded = _rounded_alike(interval, digits)
            if rounded is not None:
                return rounded
            precision *= 2
    finally:
        iv.prec = saved


def _prime_log_decimal(part: _Quotient, digits: int) -> str | None:
    """decimal_string of a long form from logs rounded by MPFR with a rigorous error bound, or None.

    Two precisions are tried; when both ends of the enclosure still round differently (a value
    very near a rounding boundary, or a heavy cancellation), the interval path takes over.
    """
    numerator, denominator = part.numerator, part.denominator
    atoms = list(numerator.logs) + (list(denominator.logs) if denominator is not None else [])
    if max(atoms).bit_length() > 64:
        return None
    bits = _starting_bits(numerator, digits)
    for _ in range(3):
        low, high = prime_log_enclosure(numerator.constant, numerator.logs, bits)
        if denominator is not None:
            d_low, d_high = prime_log_enclosure(denominator.constant, denominator.logs, bits)
            if d_low <= 0:
                return None
            low = low / d_high if low >= 0 else low / d_low
            high = high / d_low if high >= 0 else high / d_high
        ends = _round_significant(low, digits), _round_significant(high, digits)
        if ends[0] == ends[1]:
            return _format(*ends[0], digits)
        bits *= 2
    return None


def _starting_bits(form: LogLinear, digits: int) -> int:
    """Bits per log for a first enclosure of a long form likely to fix `digits` digits.

    The enclosure's width is about 2 * sum |c| / 2**bits; it must be a small part of the value,
    whose size is estimated in floats (only to choose the precision: a poor estimate costs one
    more refinement, never a wrong digit).

    >>> _starting_bits(LogLinear(Fraction(0), {2: Fraction(1), 3: Fraction(-1)}), 15)
    69
    """
    import numpy as np

    coefficients = np.array([c.numerator / c.denominator for c in form.logs.values()])
    logs = np.log(np.array(list(form.logs), dtype=float))
    estimate = abs(float(form.constant) + float(coefficients @ logs))
    spread = float(np.abs(coefficients).sum()) + abs(float(form.constant))
    if not (estimate > 0 and math.isfinite(estimate) and math.isfinite(spread)):
        return 64 + 4 * digits
    needed = digits * math.log2(10) + math.log2(max(spread, 1.0)) - math.log2(estimate) + 16
    return max(64, min(int(needed) + 1, 64 + 8 * digits))


def _rounded_alike(interval: Any, digits: int) -> str | None:
    """The common rounding of both ends of an interval to `digits` digits, or None if they differ."""
    try:
        ends = _raw_fraction(interval._mpi_[0]), _raw_fraction(interval._mpi_[1])
    except ValueError:  # an infinite end: a denominator such as log(1 + 10**-100) still straddles 0; refine
        return None
    low, high = (_round_significant(end, digits) for end in ends)
    return _format(*low, digits) if low == high else None


def _enclosed_string(value: Expr, digits: int) -> str:
    """decimal_string for closed numbers outside the rational-log class, by refined enclosures."""
    if value.free_symbols:
        raise Undecidable(f"{_short(value)} has free symbols and no decimal value")
    if value is S.Infinity or value is S.NegativeInfinity:
        return "inf" if value is S.Infinity else "-inf"
    if value.has(S.NaN, S.ComplexInfinity) or value.is_extended_real is False:
        raise InvalidInput(f"{_short(value)} is not a real number")
    precision = 64 + 4 * digits
    while precision <= _MAX_REFINE_BITS:
        try:
            interval = enclose(value, precision)
        except NeedsMorePrecision:
            precision *= 2
            continue
        except ValueError as error:
            raise InvalidInput(f"{_short(value)} has no real decimal value ({error})") from None
        if not _finite(interval):
            raise InvalidInput(f"{_short(value)} is too large or infinite to write in decimals")
        if not _moderate(interval):
            raise InvalidInput(
                f"{_short(value)} lies beyond 10**+-{int(_MAX_BINARY_EXPONENT * 0.30103)}; too large or small to write "
                "in decimals"
            )
        rounded = _rounded_alike(interval, digits)
        if rounded is not None:
            return rounded
        precision *= 2
    raise Undecidable(
        f"{_short(value)}: its {digits} digits cannot be decided; at {_MAX_REFINE_BITS} bits its enclosure "
        "still straddles a rounding boundary (it may lie exactly on one, e.g. an exact 0 SymPy does not see)"
    )


def _finite(interval: Any) -> bool:
    return all(raw[1] or not raw[2] for raw in interval._mpi_)


#: Largest binary exponent of a value written in decimals from an enclosure.
_MAX_BINARY_EXPONENT = 1 << 20


def _moderate(interval: Any) -> bool:
    """Both ends are 0 or of binary magnitude within 2**+-_MAX_BINARY_EXPONENT (exp(-10**100) is not)."""
    return all(not raw[1] or abs(int(raw[2]) + int(raw[3])) <= _MAX_BINARY_EXPONENT for raw in interval._mpi_)
