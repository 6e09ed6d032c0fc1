"""Exact sums of logs at scale: a prime sieve, integer accumulation, fast canonical SymPy sums, prime-log sums.

The canonical form of :mod:`symkl.exact.canonical` has one log term per prime. For a KL divergence
of two distributions with 10**5 entries that is tens of thousands of primes, so everything here
works on integers and, where it helps, NumPy arrays of integers (never floats for exact values):

* :func:`smallest_prime_factors`: a smallest-prime-factor sieve (NumPy), cached and grown on demand;
* :func:`kl_prime_coefficients`: sum p log(p/q) as integer coefficients of log(prime) over one
  common denominator, the integers factored through the sieve all at once;
* :func:`canonical_sum`: the SymPy ``Add`` of the terms in SymPy's own canonical order, built
  directly (SymPy's ``Add`` would sort with a Python comparison per pair, seconds at this size);
* :func:`prime_log_enclosure`: sum c_p log p as an exact rational interval, from logs rounded by
  MPFR (gmpy2) or mpmath with a rigorous bound of their error.

>>> kl_prime_coefficients([(1, 2), (1, 2)], [(1, 4), (3, 4)])
({2: 2, 3: -1}, 2, 0)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from fractions import Fraction
from math import gcd
from typing import Any

import sympy
from sympy import Basic, Expr

__all__ = [
    "SIEVE_LIMIT",
    "canonical_sum",
    "is_sieve_prime",
    "kl_prime_coefficients",
    "log_terms",
    "prime_log_enclosure",
    "rational",
    "smallest_prime_factors",
    "sort_key",
]

#: Largest integer the sieve covers (larger ones are factored by SymPy one at a time).
SIEVE_LIMIT = 1 << 22
#: Below this many integers the sieve is not built (SymPy's factorint is quicker for a few).
BULK = 2000

_sieve: Any = None


def smallest_prime_factors(limit: int) -> Any:
    """A NumPy array s with s[n] the smallest prime factor of n for 2 <= n <= limit (cached, grown).

    >>> s = smallest_prime_factors(100)
    >>> int(s[91]), int(s[97]), int(s[64])
    (7, 97, 2)

    Parameters
    ----------
    limit : int
        The largest integer covered.

    Returns
    -------
    numpy.ndarray
        s with s[n] the smallest prime factor of n for 2 <= n <= `limit` (at least; the cache may be larger).
    """
    global _sieve
    limit = min(max(limit, 1 << 16), SIEVE_LIMIT)
    if _sieve is not None and len(_sieve) > limit:
        return _sieve
    import numpy as np

    size = 1 << max(16, (limit).bit_length())  # powers of two, so a growing input rebuilds it rarely
    size = min(size, SIEVE_LIMIT) + 1
    sieve = np.arange(size, dtype=np.int32)
    root = int(size**0.5) + 1
    for p in range(root, 1, -1):  # descending: the smallest prime writes last
        if sieve[p] == p:
            sieve[p * p :: p] = p
    _sieve = sieve
    return sieve


def is_sieve_prime(numbers: Sequence[int]) -> bool:
    """Whether every number is a prime within the sieve (one vectorised check).

    >>> is_sieve_prime([2, 3, 5, 7] * 1000), is_sieve_prime([2, 3, 4] * 1000)
    (True, False)

    Parameters
    ----------
    numbers : sequence of int
        The integers to test.

    Returns
    -------
    bool
        True when every number is at most :data:`SIEVE_LIMIT` and prime.
    """
    import numpy as np

    if not numbers:
        return True
    top = max(numbers)
    if top > SIEVE_LIMIT or min(numbers) < 2:
        return False
    sieve = smallest_prime_factors(top)
    array = np.fromiter(numbers, dtype=np.int64, count=len(numbers))
    return bool((sieve[array] == array).all())


def _factor_sum(atoms: Any, weights: Any, totals: dict[int, int]) -> None:
    """totals[prime] += weight * exponent for every (atom, weight), atoms within the sieve (int64 arrays)."""
    import numpy as np

    sieve = smallest_prime_factors(int(atoms.max()))
    primes, coefficients = [], []
    x, w = atoms, weights
    while len(x):
        factor = sieve[x].astype(np.int64)
        primes.append(factor)
        coefficients.append(w)
        x = x // factor
        keep = x > 1
        x, w = x[keep], w[keep]
    if not primes:
        return
    all_primes, inverse = np.unique(np.concatenate(primes), return_inverse=True)
    summed = np.zeros(len(all_primes), dtype=np.int64)
    np.add.at(summed, inverse, np.concatenate(coefficients))
    for prime, coefficient in zip(all_primes.tolist(), summed.tolist()):
        if coefficient:
            totals[prime] = totals.get(prime, 0) + coefficient


def kl_prime_coefficients(
    p: Sequence[tuple[int, int]], q: Sequence[tuple[int, int]]
) -> tuple[dict[int, int], int, int] | None:
    r"""sum p_i log(p_i/q_i) as ({atom: integer coefficient}, common denominator D, infinity).

    p and q are (numerator, denominator) pairs of nonnegative rationals in lowest terms; the value
    is sum_atom coefficient * log(atom) / D, atoms primes (or integers beyond the sieve, factored
    by the caller), and infinity is 1 when some p_i > 0 = q_i (then the coefficients are empty).
    None when the integers are too large for 64-bit arrays (the caller's exact path takes over).

    Parameters
    ----------
    p : sequence of (int, int)
        The probabilities p_i as (numerator, denominator) in lowest terms.
    q : sequence of (int, int)
        The probabilities q_i, the same length.

    Returns
    -------
    tuple of (dict, int, int) or None
        ``(coefficients, D, infinity)``: the value is sum of ``coefficients[atom] * log(atom) / D``, and
        `infinity` is 1 when some p_i > 0 = q_i (the coefficients are then empty); None when the integers are too
        large for 64-bit arrays.

    Notes
    -----
    .. math::

        \sum_i p_i \log \frac{p_i}{q_i} = \frac{1}{D} \sum_{\text{atoms } a} c_a \log a
    """
    import numpy as np

    pairs = [(a, b, c, d) for (a, b), (c, d) in zip(p, q) if a]
    if any(c == 0 for _, _, c, _ in pairs):
        return {}, 1, 1
    if not pairs:
        return {}, 1, 0
    denominators = {b for _, b, _, _ in pairs}
    common = functools.reduce(lambda x, y: x * y // gcd(x, y), denominators)
    largest = max(max(c, d) for _, _, c, d in pairs)
    if common.bit_length() > 40 or largest.bit_length() > 62:
        return None
    a = np.fromiter((t[0] for t in pairs), dtype=np.int64, count=len(pairs))
    b = np.fromiter((t[1] for t in pairs), dtype=np.int64, count=len(pairs))
    c = np.fromiter((t[2] for t in pairs), dtype=np.int64, count=len(pairs))
    d = np.fromiter((t[3] for t in pairs), dtype=np.int64, count=len(pairs))
    u = a * (common // b)  # p_i = u_i / common; sum u_i = common < 2**40, so no sum below overflows
    # p log(p/q) = u/common * (log a - log b - log c + log d)
    atoms = np.concatenate((a, b, c, d))
    weights = np.concatenate((u, -u, -u, u))
    distinct, inverse = np.unique(atoms, return_inverse=True)
    summed = np.zeros(len(distinct), dtype=np.int64)
    np.add.at(summed, inverse, weights)
    keep = (distinct > 1) & (summed != 0)
    distinct, summed = distinct[keep], summed[keep]
    small = distinct <= SIEVE_LIMIT
    totals: dict[int, int] = {}
    if small.any():
        _factor_sum(distinct[small], summed[small], totals)
    for atom, coefficient in zip(distinct[~small].tolist(), summed[~small].tolist()):
        for prime, exponent in sympy.factorint(atom).items():  # a few integers beyond the sieve
            totals[prime] = totals.get(prime, 0) + coefficient * exponent
    return {prime: c for prime, c in totals.items() if c}, common, 0


# ---------------------------------------------------------------------------------------------
# SymPy's canonical order of Add arguments, as a key
@functools.cache
def _class_key(cls: Any) -> tuple[int, str]:
    """The order of sympy.core.basic._cmp_name as a key: listed classes by position, others after, by name."""
    from sympy.core.basic import ordering_of_classes

    name = cls.__name__
    unknown = len(ordering_of_classes) + 1
    index = ordering_of_classes.index(name) if name in ordering_of_classes else unknown
    return (index, name if index == unknown else "")


def sort_key(obj: Any) -> tuple[Any, ...]:
    """A key whose order is Basic.compare's (class, length of hashable content, then its items).

    Parameters
    ----------
    obj : sympy.Basic
        Any SymPy object.

    Returns
    -------
    tuple
        A key ordering objects as ``Basic.compare`` does.
    """
    content = obj._hashable_content()
    return (
        _class_key(obj.__class__),
        len(content),
        tuple(sort_key(item) if isinstance(item, Basic) else item for item in content),
    )


@functools.cache
def _key_matches_sympy() -> bool:
    """Whether the key reproduces SymPy's Add order on a sample of the shapes canonical sums hold."""
    from sympy.core.add import _addsort

    log, rational = sympy.log, sympy.Rational
    sample: list[Expr] = [rational(3, 4), sympy.Integer(-2)]
    for p in (2, 3, 5, 7, 11, 13, 10007):
        for c in (rational(1), rational(-1), rational(1, 2), rational(-1, 2), rational(3), rational(-7, 3)):
            sample.append(c * log(p))
            sample.append(c * log(p) / log(2))
    sample = list(dict.fromkeys(sample))
    expected = list(sample)
    _addsort(expected)
    return sorted(sample, key=sort_key) == expected


def canonical_sum(terms: list[tuple[Expr, tuple[Any, ...]]]) -> Expr | None:
    """Add of (term, sort key) pairs that cannot combine, in SymPy's order, without SymPy's pairwise sort.

    None when this SymPy orders its sums differently from the key (the caller sorts as SymPy does).

    Parameters
    ----------
    terms : list of (sympy.Expr, tuple)
        Terms that cannot combine with each other, each with its :func:`sort_key`.

    Returns
    -------
    sympy.Add or None
        Their sum, built directly in SymPy's canonical order; None when this SymPy's order differs from the key.
    """
    if len(terms) < 2 or not _key_matches_sympy():
        return None
    terms.sort(key=lambda pair: pair[1])
    return sympy.Add._from_args([term for term, _ in terms], True)


def rational(value: Fraction) -> Expr:
    """The SymPy Rational of a Fraction (already in lowest terms: no gcd is taken again).

    Built as ``Rational.from_coprime_ints`` builds it, without the cache SymPy puts in front of Integer.

    >>> rational(Fraction(-3, 4)), rational(Fraction(7)), rational(Fraction(1, 2)) is sympy.S.Half
    (-3/4, 7, True)

    Parameters
    ----------
    value : Fraction
        A fraction in lowest terms.

    Returns
    -------
    sympy.Rational
        The same number (an Integer when the denominator is 1).
    """
    p, q = value.numerator, value.denominator
    if q == 1:
        return sympy.Integer(p) if -1 <= p <= 1 else _integer(p)
    if p == 1 and q == 2:
        return sympy.S.Half
    number = Basic.__new__(sympy.Rational)
    number.p, number.q = p, q
    return number


def _integer(n: int) -> Expr:
    """sympy.Integer(n) for |n| > 1, as Integer.__new__ makes it, without its cache."""
    number = Basic.__new__(sympy.Integer)
    number.p = n
    return number


def _number_key(number: Expr) -> tuple[Any, ...]:
    content = number._hashable_content()
    return (_class_key(number.__class__), len(content), content)


def log_terms(
    coefficients: list[tuple[Fraction, int]], divisor: Expr | None = None
) -> list[tuple[Expr, tuple[Any, ...]]]:
    """(c * log(atom) [* divisor], its sort key) for each (c, atom), each Mul built in SymPy's canonical form.

    The atoms are integers > 1; log(atom) is built as SymPy leaves it (no evaluation pass).

    Parameters
    ----------
    coefficients : list of (Fraction, int)
        Pairs (c, atom), atoms integers > 1.
    divisor : sympy.Expr, optional
        A factor of every term (such as 1/log(2) for bits).

    Returns
    -------
    list of (sympy.Expr, tuple)
        Each ``c * log(atom) [* divisor]`` in SymPy's canonical form, with its :func:`sort_key`.
    """
    log, mul, integer, basic_new = sympy.log, sympy.Mul._from_args, _integer, Basic.__new__
    log_class, integer_class = _class_key(log), _class_key(sympy.Integer)
    mul_class = _class_key(sympy.Mul)
    divisor_key: tuple[Any, ...] = sort_key(divisor) if divisor is not None else ()
    result: list[tuple[Expr, tuple[Any, ...]]] = []
    for coefficient, atom in coefficients:
        logarithm = basic_new(log, integer(atom))
        log_key: tuple[Any, ...] = (log_class, 1, ((integer_class, 2, (atom, 1)),))
        factors, keys = [logarithm], [log_key]
        if divisor is not None:
            factors, keys = (
                ([divisor, logarithm], [divisor_key, log_key])
                if divisor_key < log_key
                else (
                    [logarithm, divisor],
                    [log_key, divisor_key],
                )
            )
        if coefficient != 1:
            number = rational(coefficient)
            factors.insert(0, number)
            keys.insert(0, _number_key(number))
        if len(factors) == 1:
            result.append((logarithm, log_key))
        else:
            result.append((mul(tuple(factors), True), (mul_class, len(factors), tuple(keys))))
    return result


# ---------------------------------------------------------------------------------------------
# sum c_p log p as an exact rational interval
_LOGS: dict[tuple[int, int], int] = {}


def _fixed_logs(atoms: list[int], bits: int) -> list[int]:
    """floor-ish log(atom) * 2**bits for each atom, each within 1 of the truth (cached per precision).

    MPFR (gmpy2) rounds correctly to nearest at bits + 8 bits of mantissa; without gmpy2, mpmath's
    mpf_log with the same margin (its error is below one unit in the last place).
    """
    missing = [atom for atom in atoms if (atom, bits) not in _LOGS]
    if missing:
        try:
            import gmpy2

            with gmpy2.context(precision=bits + 8 + max(atom.bit_length() for atom in missing).bit_length()):
                for atom in missing:
                    _LOGS[atom, bits] = int(gmpy2.floor(gmpy2.mul_2exp(gmpy2.log(atom), bits)))
        except ImportError:
            from mpmath.libmp import from_int, mpf_log, round_nearest, to_fixed

            precision = bits + 8 + max(atom.bit_length() for atom in missing).bit_length()
            for atom in missing:
                _LOGS[atom, bits] = to_fixed(mpf_log(from_int(atom), precision, round_nearest), bits)
    return [_LOGS[atom, bits] for atom in atoms]


def prime_log_enclosure(constant: Fraction, logs: dict[int, Fraction], bits: int) -> tuple[Fraction, Fraction]:
    r"""(low, high) with low <= constant + sum c log(atom) <= high, high - low <= 2 sum |c| / 2**bits.

    Each log is known to within 2**-bits (the fixed-point value is within 1 of log(atom) * 2**bits:
    correctly rounded at 8 more bits, then floored), so the sum of c * (that value) / 2**bits is
    within sum |c| / 2**bits of the exact sum.

    Parameters
    ----------
    constant : Fraction
        The rational part of the value.
    logs : dict of int to Fraction
        The coefficient c of each log(atom).
    bits : int
        The precision: each log is known to within 2**-bits.

    Returns
    -------
    tuple of (Fraction, Fraction)
        (low, high) enclosing the value, with high - low <= 2 sum |c| / 2**bits.

    Notes
    -----
    .. math::

        \text{low} \le \text{constant} + \sum_a c_a \log a \le \text{high}
    """
    atoms = list(logs)
    fixed = _fixed_logs(atoms, bits)
    denominators = {c.denominator for c in logs.values()}
    common = functools.reduce(lambda x, y: x * y // gcd(x, y), denominators, 1)
    if common.bit_length() <= 4096:
        total = 0
        spread = 0
        for atom, value in zip(atoms, fixed):
            c = logs[atom]
            numerator = c.numerator * (common // c.denominator)
            total += numerator * value
            spread += abs(numerator)
        centre = Fraction(total, common << bits)
        radius = Fraction(2 * spread, common << bits)  # 1 unit per log, doubled for the rounding margin
    else:
        centre = sum((c * v for c, v in zip(logs.values(), fixed)), Fraction(0)) / (1 << bits)
        radius = 2 * sum((abs(c) for c in logs.values()), Fraction(0)) / (1 << bits)
    return constant + centre - radius, constant + centre + radius
