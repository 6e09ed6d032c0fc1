r"""An independent semantic check of every theorem (``SYMKL_PARANOID=1``): the de Bruijn habit.

With the environment variable ``SYMKL_PARANOID=1`` the kernel hands every new Theorem to :func:`check`
before returning it. The check shares none of the kernel's reasoning (no normal form, no sign rules, no
canonical form): it picks random *admissible* points and evaluates both sides with mpmath at 50 digits.

* free symbols get exact random rationals (or integers) that respect their declared assumptions; the
  entries ``p[1..n]`` of a positive ``IndexedBase`` get a random point of the simplex, and an integer
  size ``n`` a value from 1 to 4;
* entropies of abstract random variables (``H(X, Y)``, ``I(X; Y | Z)``) get the entropies of a random
  joint distribution of the variables (alphabets of 2 or 3 letters), so Shannon-type theorems are tested
  on real distributions;
* a point is admissible when every hypothesis (explicit or declared, ``for every i`` facts included)
  holds there to 40 digits; inadmissible points are skipped, as are points where a side is undefined;
* at each admissible point the statement must hold to 40 digits, or :class:`~symkl.errors.KernelError`
  is raised with the point.

A theorem for which no admissible point is found among the tries is returned unchecked (an equality
constraint such as a Markov chain is rarely met by chance): the check can find false theorems, it
proves nothing. Run the tests this way with ``SYMKL_PARANOID=1 python -m pytest``.

>>> import sympy
>>> x = sympy.Symbol("x", positive=True)
>>> check(sympy.Le(sympy.log(x), x - 1, evaluate=False), (), always=True)
>>> check(sympy.Le(x, sympy.log(x), evaluate=False), (), always=True)
Traceback (most recent call last):
...
symkl.errors.KernelError: paranoid check: x <= log(x) is false at x = ...
"""

from __future__ import annotations

import contextlib
import itertools
import os
import random
from collections.abc import Iterable, Sequence
from typing import Any

import mpmath
import sympy
from sympy.core.relational import Relational

from ..errors import KernelError
from ..exact.distribution import Distribution, JointDistribution
from ..exact.general import ForAll
from ..statements.entropic import EntropyTerm, Joint, MutualInformationTerm
from .language import MEASURES

__all__ = ["check", "enabled"]

POINTS = 3  # admissible points checked per theorem
TRIES = 40  # random points drawn at most
DIGITS = 50
TOLERANCE = mpmath.mpf(10) ** -40
_MAX_SIZE = 4  # an integer size n takes values 1..4


#: How many theorems were checked, and how many of them at one admissible point or more (this process).
STATISTICS = {"theorems": 0, "evaluated": 0}


def enabled() -> bool:
    """Whether ``SYMKL_PARANOID=1`` is set (read on every call, so a test can switch it).

    Returns
    -------
    bool
        True when ``SYMKL_PARANOID=1`` is set.
    """
    return os.environ.get("SYMKL_PARANOID") == "1"


def check(statement: Any, hypotheses: Sequence[Any], always: bool = False, seed: int = 0) -> None:
    """Evaluate `statement` at random points where the `hypotheses` hold; raise KernelError if it fails at one.

    Runs when ``SYMKL_PARANOID=1`` is set, or with ``always=True`` (the fuzzer's oracle).

    Parameters
    ----------
    statement : object
        The statement to test (a SymPy relation).
    hypotheses : sequence of object
        The conditions the points must satisfy.
    always : bool, optional
        Run even when ``SYMKL_PARANOID`` is not set.
    seed : int, optional
        The seed of the random points.

    Raises
    ------
    KernelError
        If the statement fails at a point where the hypotheses hold.
    """
    if not (always or enabled()):
        return
    if not isinstance(statement, Relational) or isinstance(statement, sympy.Unequality):
        return
    rng = random.Random(seed)
    checked = 0
    STATISTICS["theorems"] += 1
    with mpmath.workdps(DIGITS):
        for _ in range(TRIES):
            point = _Point(rng, [statement, *hypotheses])
            try:
                if not all(point.holds(fact) for fact in hypotheses):
                    continue
                verdict = point.holds(statement)
            except _NoLimit:
                verdict = False  # the statement names a limit that does not exist there
            except _Undefined:
                continue
            except Exception:
                continue
            if not verdict:
                raise KernelError(f"paranoid check: {statement} is false at {point.describe()}")
            checked += 1
            if checked == 1:
                STATISTICS["evaluated"] += 1
            if checked == POINTS:
                return


class _Undefined(Exception):
    """A side has no value at this point (a division by 0, a log of a negative number, ...)."""


class _NoLimit(Exception):
    """A two-sided limit whose one-sided approximations disagree at this point."""


_LIMIT_STEP = sympy.Rational(1, 10 ** (DIGITS + 10))  # lim f at c ~ f(c +- step), far below the tolerance
_LIMIT_DIGITS = 3 * DIGITS  # 0/0 forms cancel about DIGITS + 10 digits


class _Point:
    """Random values for every free symbol, indexed entry, size and random variable of some expressions."""

    def __init__(self, rng: random.Random, expressions: Iterable[Any]) -> None:
        self.rng = rng
        self.values: dict[Any, sympy.Basic] = {}
        self.simplexes: dict[Any, list[sympy.Rational]] = {}
        self.others: dict[Any, sympy.Basic] = {}
        self.pmf: dict[tuple[int, ...], mpmath.mpf] | None = None
        self.variables: list[sympy.Basic] = []
        expressions = list(expressions)
        atoms: set[Any] = set()
        for expr in expressions:
            atoms |= _free_atoms(expr)
        sizes = sorted((a for a in atoms if isinstance(a, sympy.Symbol) and a.is_integer), key=str)
        for size in sizes:
            self.values[size] = self._integer(size)
        for expr in expressions:
            self._distributions(expr)
        for atom in sorted(atoms - set(sizes) - set(self.values), key=sympy.default_sort_key):
            if isinstance(atom, sympy.Symbol):
                self.values[atom] = self._real(atom)
        variables: set[Any] = set()
        for expr in expressions:
            for term in expr.atoms(Joint, EntropyTerm, MutualInformationTerm):
                variables |= {a for a in term.atoms(sympy.Symbol)}
        if variables:
            self.variables = sorted(variables, key=str)
            self.pmf = self._joint(len(self.variables))

    # -- sampling ---------------------------------------------------------------------------
    def _distributions(self, expr: Any) -> None:
        """Entries (s1, ..., s_{k-1}, 1 - s1 - ... - s_{k-1}) of a symbolic distribution: a random simplex point."""
        for distribution in expr.atoms(Distribution, JointDistribution):
            joint = type(distribution) is JointDistribution
            entries = distribution.joint.probabilities if joint else distribution.probabilities
            symbols = [entry for entry in entries if type(entry) is sympy.Symbol]
            if len(symbols) != len(entries) - 1 or any(symbol in self.values for symbol in symbols):
                continue
            if sympy.expand(sympy.Add(*entries) - 1) != 0:
                continue
            point = self._simplex(len(entries))
            for symbol, value in zip(symbols, point):
                if _consistent(value, symbol):
                    self.values[symbol] = value

    def _integer(self, symbol: sympy.Symbol) -> sympy.Integer:
        """A small integer with every declared property of the symbol (sign, parity, prime, ...)."""
        low = 1 if symbol.is_positive else 0 if symbol.is_nonnegative else -10
        high = -1 if symbol.is_negative else 0 if symbol.is_nonpositive else 10
        if symbol.is_positive and not (symbol.is_prime or symbol.is_composite or symbol.is_odd or symbol.is_even):
            high = _MAX_SIZE  # a size n: small, so that sums written out stay short
        candidates = [sympy.Integer(k) for k in range(low, high + 1) if _consistent(sympy.Integer(k), symbol)]
        if not candidates:
            raise _Undefined(f"no small integer is {symbol}")
        return self.rng.choice(candidates)

    def _magnitude(self) -> sympy.Rational:
        small = sympy.Rational(self.rng.randint(1, 999), 1000)
        return small if self.rng.random() < 0.7 else small + self.rng.randint(1, 5)

    def _real(self, symbol: sympy.Symbol) -> sympy.Rational:
        if symbol.is_zero:
            return sympy.Integer(0)
        if symbol.is_nonnegative and self.rng.random() < 0.1 and not symbol.is_positive:
            return sympy.Integer(0)
        magnitude = self._magnitude()
        if symbol.is_imaginary:
            return sympy.I * (magnitude if self.rng.random() < 0.5 else -magnitude)
        if symbol.is_positive or symbol.is_nonnegative:
            return magnitude
        if symbol.is_negative or symbol.is_nonpositive:
            return -magnitude
        return magnitude if self.rng.random() < 0.5 else -magnitude

    def _simplex(self, size: int) -> list[sympy.Rational]:
        weights = [self.rng.randint(1, 1000) for _ in range(size)]
        return [sympy.Rational(w, sum(weights)) for w in weights]

    def _joint(self, count: int) -> dict[tuple[int, ...], mpmath.mpf]:
        alphabets = [self.rng.choice((2, 2, 3)) for _ in range(count)]
        outcomes = list(itertools.product(*(range(k) for k in alphabets)))
        weights = [self.rng.choice((0, 1, 2, 5, 10, 30)) for _ in outcomes]
        if not any(weights):
            weights[0] = 1
        total = sum(weights)
        return {outcome: mpmath.mpf(w) / total for outcome, w in zip(outcomes, weights) if w}

    def describe(self) -> str:
        shown = [f"{k} = {v}" for k, v in sorted(self.values.items(), key=lambda kv: str(kv[0]))]
        shown += [f"{base}[1..{len(values)}] = {values}" for base, values in self.simplexes.items()]
        if self.pmf is not None:
            names = ", ".join(str(v) for v in self.variables)
            shown.append(f"p({names}) = {{{', '.join(f'{k}: {mpmath.nstr(v, 6)}' for k, v in self.pmf.items())}}}")
        return ", ".join(shown) if shown else "the only point"

    # -- evaluation -------------------------------------------------------------------------
    def _entropy(self, variables: Sequence[Any]) -> mpmath.mpf:
        assert self.pmf is not None
        positions = [self.variables.index(v) for v in variables]
        marginal: dict[tuple[int, ...], mpmath.mpf] = {}
        for outcome, probability in self.pmf.items():
            key = tuple(outcome[k] for k in positions)
            marginal[key] = marginal.get(key, mpmath.mpf(0)) + probability
        return -mpmath.fsum(p * mpmath.log(p) for p in marginal.values() if p > 0)

    def value(self, expr: Any) -> Any:
        """The value of an expression at this point, with mpmath (inf allowed; nan and complex refused)."""
        expr = self._expanded(expr)
        if self.pmf is not None:
            expr = expr.replace(lambda e: type(e) is Joint, lambda e: sympy.Float(self._entropy(e.args), DIGITS))
        expr = expr.xreplace(self._entries(expr))
        if expr.free_symbols:
            raise _Undefined(f"unassigned symbols {expr.free_symbols}")
        if expr.has(sympy.nan, sympy.zoo):
            raise _Undefined("nan")
        if expr is sympy.S.Infinity or expr is sympy.S.NegativeInfinity:
            return mpmath.inf if expr is sympy.S.Infinity else -mpmath.inf
        try:
            approximate = expr.evalf(DIGITS, maxn=DIGITS + 20)
        except (ZeroDivisionError, ValueError, TypeError, OverflowError) as error:
            raise _Undefined(str(error)) from None
        real, imaginary = approximate.as_real_imag()
        if not (real.is_Number and imaginary.is_Number) or real is sympy.nan:
            raise _Undefined(f"no value: {approximate}")
        if abs(imaginary) > TOLERANCE:
            raise _Undefined("complex")
        if real.is_infinite:
            return mpmath.inf if real > 0 else -mpmath.inf
        return mpmath.mpf(real._to_mpmath(mpmath.mp.prec))

    def _expanded(self, expr: Any) -> Any:
        """Sizes substituted, sums written out, measures replaced by their definitions."""
        sizes = {k: v for k, v in self.values.items() if k.is_integer}
        expr = expr.subs(sizes, simultaneous=True)  # subs, not xreplace: a sum's own index stays bound
        reals = {k: v for k, v in self.values.items() if not k.is_integer}
        with contextlib.suppress(Exception):  # values first: measures then evaluate on numbers, much faster
            expr = expr.xreplace(reals)  # (a distribution that will not take them gets them after doit)
        expr = expr.replace(lambda e: type(e) in MEASURES and type(e) is not Joint, lambda e: e.doit())
        for _ in range(3):
            if not expr.has(sympy.Sum):
                break
            expr = expr.replace(lambda e: isinstance(e, sympy.Sum), lambda e: e.doit())
        expr = expr.xreplace(reals)
        if expr.has(sympy.Limit):
            expr = expr.replace(lambda e: isinstance(e, sympy.Limit), self._limit)
        return expr

    def _limit(self, limit: sympy.Limit) -> sympy.Basic:
        """A two-sided limit of an expression with numbers for its free symbols: its values just left and right
        of the point, at high precision; they must agree (else :class:`_NoLimit`)."""
        body, variable, point, _ = limit.args
        sides = []
        for step in (_LIMIT_STEP, -_LIMIT_STEP):
            # a Float, not a Rational: SymPy would try exact roots of x**(1 + 10**-60)
            near = self._expanded(body.xreplace({variable: sympy.Float(point + step, _LIMIT_DIGITS)}))
            if near.free_symbols or near.has(sympy.nan, sympy.zoo):
                raise _Undefined(f"no value near the point of {limit}")
            value = near.evalf(_LIMIT_DIGITS, maxn=_LIMIT_DIGITS + 20)
            if not value.is_Number:
                raise _Undefined(f"no value near the point of {limit}")
            sides.append(value)
        if abs(sides[0] - sides[1]) > TOLERANCE:
            raise _NoLimit(f"{limit}: {sides[0]} on the right, {sides[1]} on the left")
        return sympy.Float((sides[0] + sides[1]) / 2, DIGITS)

    def _entries(self, expr: Any) -> dict[Any, Any]:
        """Values of p[k] entries: a random simplex point for a positive IndexedBase, free reals otherwise."""
        entries: dict[Any, Any] = {}
        by_base: dict[Any, list[Any]] = {}
        for entry in expr.atoms(sympy.Indexed):
            by_base.setdefault(entry.base, []).append(entry)
        for base, entries_of_base in by_base.items():
            if base not in self.simplexes:
                indices = [int(entry.indices[0]) for entry in entries_of_base if entry.indices[0].is_Integer]
                sizes = [int(v) for k, v in self.values.items() if k.is_integer]
                self.simplexes[base] = self._simplex(max([1, *indices, *sizes]))
            simplex = self.simplexes[base]
            for entry in entries_of_base:
                index = entry.indices[0]
                if not index.is_Integer:
                    raise _Undefined(f"entry {entry}")
                if 1 <= int(index) <= len(simplex):
                    entries[entry] = simplex[int(index) - 1]
                else:  # outside the sizes in play: any value of the label's sign, the same all through the point
                    entries[entry] = self.others.setdefault(entry, self._real(base.label))
        return entries

    def holds(self, fact: Any) -> bool:
        if isinstance(fact, ForAll):
            index, lower, upper, inner = fact.args
            low, high = (self._expanded(bound) for bound in (lower, upper))
            if not (low.is_Integer and high.is_Integer):
                raise _Undefined("a range with free ends")
            return all(self.holds(inner.xreplace({index: k})) for k in range(int(low), int(high) + 1))
        if fact is sympy.true or fact is sympy.false:  # a relation SymPy decided when the index was replaced
            return bool(fact)
        if not isinstance(fact, Relational):
            return True  # declared kinds (Q.prime(p), n is an integer): met by the sampling
        lhs, rhs = self.value(fact.lhs), self.value(fact.rhs)
        scale = max(mpmath.mpf(1), abs(lhs) if mpmath.isfinite(lhs) else 1, abs(rhs) if mpmath.isfinite(rhs) else 1)
        slack = TOLERANCE * scale
        if isinstance(fact, sympy.Equality):
            return bool(lhs == rhs or abs(lhs - rhs) <= slack)
        if isinstance(fact, sympy.Unequality):
            return True
        if isinstance(fact, (sympy.LessThan, sympy.StrictLessThan)):
            return bool(lhs <= rhs + slack)
        return bool(lhs + slack >= rhs)


_DECLARATIONS = ("positive", "negative", "nonnegative", "nonpositive", "zero", "nonzero", "even", "odd", "prime")


def _consistent(value: sympy.Basic, symbol: sympy.Symbol) -> bool:
    """Whether the value has every sign and kind the symbol declares."""
    return all(
        getattr(value, f"is_{key}") == getattr(symbol, f"is_{key}")
        for key in _DECLARATIONS
        if getattr(symbol, f"is_{key}") is not None
    )


def _free_atoms(expr: Any) -> set[Any]:
    """Free symbols and indexed entries (bound indices excluded), and sizes inside limits."""
    atoms = set(expr.free_symbols)
    for total in expr.atoms(sympy.Sum):
        for limit in total.limits:
            atoms.discard(limit[0])
    for fact in expr.atoms(ForAll) | ({expr} if isinstance(expr, ForAll) else set()):
        atoms.discard(fact.args[0])
    for term in expr.atoms(Joint, EntropyTerm, MutualInformationTerm):
        atoms -= term.atoms(sympy.Symbol)
    atoms -= {entry.base.label for entry in expr.atoms(sympy.Indexed)}
    return {a for a in atoms if isinstance(a, sympy.Symbol)}
