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
import math
import operator
from collections.abc import Iterable, Sequence
from fractions import Fraction
from math import gcd
from typing import Any

import sympy
from sympy import Basic, Expr

__all__ = [
    "SIEVE_LIMIT",
    "canonical_sum",
    "expectation_coefficients",
    "flat_sort_key",
    "int64_column",
    "is_sieve_prime",
    "kl_column_coefficients",
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
BULK = 256

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


#: Bound on sum |weight| for summing integer weights in float64: every partial sum is then an
#: integer below 2**53, which float64 holds exactly, so the sums are exact.
_EXACT_FLOAT_SUM = 1 << 53


def _summed_by_atom(atoms: Any, weights: Any) -> tuple[Any, Any]:
    """(atoms ascending, the exact nonzero sum of the weights of each) for int64 arrays (zero sums left out).

    Atoms within the sieve are summed by ``np.bincount`` (float64, exact because sum |weight| < 2**53
    keeps every partial sum an integer below 2**53); the rest, and everything when the weights are
    larger, by a sort and ``np.add.reduceat`` in int64.
    """
    import numpy as np

    small = atoms <= SIEVE_LIMIT
    if int(np.abs(weights).sum()) >= _EXACT_FLOAT_SUM or not small.any():
        return _nonzero(*_grouped_sum(atoms, weights))
    if len(atoms) < int(atoms[small].max()) >> 6:  # sparse atoms: a sort beats a mostly empty bincount
        return _nonzero(*_grouped_sum(atoms, weights))
    totals = np.bincount(atoms[small], weights=weights[small].astype(np.float64))
    distinct = np.flatnonzero(totals)
    summed = totals[distinct].astype(np.int64)
    if small.all():
        return distinct, summed
    large_atoms, large_sums = _nonzero(*_grouped_sum(atoms[~small], weights[~small]))
    return np.concatenate((distinct, large_atoms)), np.concatenate((summed, large_sums))


def _nonzero(keys: Any, sums: Any) -> tuple[Any, Any]:
    keep = sums != 0
    return keys[keep], sums[keep]


def _grouped_sum(keys: Any, weights: Any) -> tuple[Any, Any]:
    """(distinct keys ascending, the sum of the weights of each), exactly in int64 (a sort and reduceat)."""
    import numpy as np

    order = np.argsort(keys)
    keys, weights = keys[order], weights[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.add.reduceat(weights, starts)


#: Most element operations (atoms times primes up to the square root of the largest) for trial
#: division; above it the sieve is built (or grown) instead.
_TRIAL_WORK = 1 << 21


def _factor_sum(atoms: Any, weights: Any, totals: dict[int, int]) -> None:
    """totals[prime] += weight * exponent for every (atom, weight), atoms within the sieve (int64 arrays).

    Few atoms are factored by vectorised trial division by the primes up to the square root of the
    largest (a first call then needs no sieve of 2**20 entries); many by the smallest-prime-factor sieve.
    """
    import numpy as np

    top = int(atoms.max())
    sieve_ready = _sieve is not None and len(_sieve) > top
    divisors = None if sieve_ready else _primes_up_to(math.isqrt(top))
    if divisors is not None and len(atoms) * len(divisors) <= _TRIAL_WORK:
        primes, coefficients = _trial_division(atoms, weights, divisors)
    else:
        sieve = smallest_prime_factors(top)
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
    all_primes, summed = _summed_by_atom(np.concatenate(primes), np.concatenate(coefficients))
    for prime, coefficient in zip(all_primes.tolist(), summed.tolist()):
        if coefficient:
            totals[prime] = totals.get(prime, 0) + coefficient


def _primes_up_to(limit: int) -> Any:
    """The primes up to `limit` as an int64 array (a small sieve of Eratosthenes).

    >>> _primes_up_to(30).tolist()
    [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]
    """
    import numpy as np

    flags = np.ones(limit + 1, dtype=bool)
    flags[:2] = False
    for p in range(2, math.isqrt(limit) + 1):
        if flags[p]:
            flags[p * p :: p] = False
    return np.flatnonzero(flags).astype(np.int64)


def _trial_division(atoms: Any, weights: Any, divisors: Any) -> tuple[list[Any], list[Any]]:
    """(prime arrays, weight arrays): each atom's prime factors, one entry per factor counted with multiplicity.

    `divisors` are all the primes up to the square root of the largest atom: what is left of an atom
    after dividing them all out is 1 or a prime (a composite would have a factor below its root).
    """
    import numpy as np

    x = atoms.copy()
    primes, coefficients = [], []
    for p in divisors.tolist():
        divisible = x % p == 0
        while divisible.any():
            primes.append(np.full(int(divisible.sum()), p, dtype=np.int64))
            coefficients.append(weights[divisible])
            x[divisible] //= p
            divisible = x % p == 0
    rest = x > 1
    primes.append(x[rest])
    coefficients.append(weights[rest])
    return primes, coefficients


#: Largest common denominator of P (in bits) for the int64 route: the weights u_i = p_i * D sum to D,
#: and every coefficient is a sum of at most 4 * 63 such sums, far below 2**63.
_COMMON_BITS = 40


def int64_column(integers: Iterable[int], count: int) -> Any:
    """The integers as an int64 array, or None when one does not fit (the exact path takes over).

    >>> int64_column([3, -4], 2), int64_column([2**63], 1)
    (array([ 3, -4]), None)
    """
    import numpy as np

    try:
        return np.fromiter(integers, dtype=np.int64, count=count)
    except (OverflowError, TypeError, ValueError):  # beyond int64, or not an integer
        return None


def _common_denominator(denominators: Any) -> int | None:
    """The lcm of the denominators, or None as soon as it exceeds 2**_COMMON_BITS."""
    import numpy as np

    largest = int(denominators.max())
    if not (largest % denominators).any():  # every denominator divides the largest (weights over one total)
        return largest if largest.bit_length() <= _COMMON_BITS else None
    common = 1
    for value in np.unique(denominators).tolist():
        common = common * value // gcd(common, value)
        if common.bit_length() > _COMMON_BITS:
            return None
    return common


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
    if len(p) != len(q):
        raise ValueError(f"p has {len(p)} entries and q {len(q)}")
    n = len(p)
    columns = [int64_column((pair[k] for pair in pairs), n) for pairs in (p, q) for k in (0, 1)]
    return kl_column_coefficients(*columns)


def kl_column_coefficients(a: Any, b: Any, c: Any, d: Any) -> tuple[dict[int, int], int, int] | None:
    """:func:`kl_prime_coefficients` for p_i = a_i/b_i, q_i = c_i/d_i given as int64 arrays (None: too large).

    >>> import numpy as np
    >>> kl_column_coefficients(*(np.array(x) for x in ([1, 1], [2, 2], [1, 3], [4, 4])))
    ({2: 2, 3: -1}, 2, 0)

    Parameters
    ----------
    a, b, c, d : numpy.ndarray or None
        Numerators and denominators of p and of q (int64, lowest terms); None for a column that did not fit.

    Returns
    -------
    tuple of (dict, int, int) or None
        As :func:`kl_prime_coefficients`.
    """
    if c is None or d is None:
        return None
    return expectation_coefficients(a, b, [(a, 1), (b, -1), (c, -1), (d, 1)])


def expectation_coefficients(
    a: Any, b: Any, columns: Sequence[tuple[Any, int]]
) -> tuple[dict[int, int], int, int] | None:
    """sum_i p_i sum_k s_k log x_ik with p_i = a_i/b_i, as ({prime: coefficient}, common denominator, infinity).

    Every column is an int64 array x_k of positive integers with a sign s_k = +1 or -1; the value is
    sum_prime coefficient * log(prime) / D. Where p_i > 0 and some x_ik = 0, the value is infinite:
    infinity = -s_k (s_k log 0 = -s_k * oo; the coefficients are then empty). None when an array is
    missing (it did not fit in int64), when the common denominator of p exceeds 2**40, or when infinities
    of both signs meet (the caller's exact route decides).

    >>> import numpy as np
    >>> half, two, quarter, four = (np.array(x) for x in ([1, 1], [2, 2], [1, 3], [4, 4]))
    >>> expectation_coefficients(half, two, [(half, -1), (two, 1)])  # entropy of (1/2, 1/2): log 2
    ({2: 2}, 2, 0)
    >>> expectation_coefficients(half, two, [(quarter, -1), (four, 1)])  # cross-entropy against (1/4, 3/4)
    ({2: 4, 3: -1}, 2, 0)

    Parameters
    ----------
    a, b : numpy.ndarray or None
        Numerators and denominators of p (int64, lowest terms).
    columns : sequence of (numpy.ndarray or None, int)
        The integers x_k whose logs are taken, each with its sign.

    Returns
    -------
    tuple of (dict, int, int) or None
        ``(coefficients, D, infinity)``.
    """
    import numpy as np

    if a is None or b is None or any(column is None for column, _ in columns):
        return None
    support = a != 0
    if not support.all():
        a, b = a[support], b[support]
        columns = [(column[support], sign) for column, sign in columns]
    if not len(a):
        return {}, 1, 0
    infinities = {-sign for column, sign in columns if (column == 0).any()}
    if infinities:
        return ({}, 1, infinities.pop()) if len(infinities) == 1 else None
    common = _common_denominator(b)
    if common is None:
        return None
    u = a * (common // b)  # p_i = u_i / common; sum u_i = common < 2**40, so no sum below overflows
    atoms = np.concatenate([column for column, _ in columns])
    weights = np.concatenate([u if sign > 0 else -u for _, sign in columns])
    distinct, summed = _summed_by_atom(atoms, weights)
    keep = distinct > 1
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


def flat_sort_key(obj: Any) -> tuple[Any, ...]:
    """:func:`sort_key` flattened into one tuple of ints and strings, in the same order.

    Every part of the key starts with its class and the length of its content, so no flattened
    key is a proper prefix of another and comparing the flat tuples compares the nested keys; a
    flat tuple compares several times faster, which is what sorting 10**5 terms needs.

    >>> from sympy import log, Rational
    >>> flat_sort_key(Rational(3, 7)) == (_class_key(Rational) + (2, 3, 7))
    True

    Parameters
    ----------
    obj : sympy.Basic
        A SymPy object whose content is Basic objects, integers and strings.

    Returns
    -------
    tuple
        The flat key.

    Raises
    ------
    TypeError
        For content of another type (such as the assumptions of a Symbol), which has no flat key.
    """
    flat: list[Any] = []
    _flatten_into(obj, flat)
    return tuple(flat)


def _flatten_into(obj: Any, flat: list[Any]) -> None:
    content = obj._hashable_content()
    flat.extend(_class_key(obj.__class__))
    flat.append(len(content))
    for item in content:
        if isinstance(item, Basic):
            _flatten_into(item, flat)
        elif isinstance(item, (int, str)):
            flat.append(item)
        else:
            raise TypeError(f"{type(item).__name__} in the content of {type(obj).__name__} has no flat sort key")


@functools.cache
def _key_matches_sympy() -> bool:
    """Whether the flat key reproduces SymPy's Add order on a sample of the shapes canonical sums hold."""
    from sympy.core.add import _addsort

    log, rational = sympy.log, sympy.Rational
    sample: list[Expr] = [rational(3, 4), sympy.Integer(-2), sympy.Integer(5)]
    for p in (2, 3, 5, 7, 11, 13, 10007):
        for c in (rational(1), rational(-1), rational(1, 2), rational(-1, 2), rational(3), rational(-7, 3)):
            sample.append(c * log(p))
            sample.append(c * log(p) / log(2))
            sample.append(c * log(p) / log(rational(3, 2)))
    sample = list(dict.fromkeys(sample))
    expected = list(sample)
    _addsort(expected)
    try:
        return sorted(sample, key=flat_sort_key) == expected
    except TypeError:
        return False


def canonical_sum(terms: list[tuple[Expr, tuple[Any, ...]]]) -> Expr | None:
    """Add of (term, flat sort key) pairs that cannot combine, in SymPy's order, without SymPy's pairwise sort.

    None when this SymPy orders its sums differently from the key (the caller sorts as SymPy does).

    Parameters
    ----------
    terms : list of (sympy.Expr, tuple)
        Terms that cannot combine with each other, each with its :func:`flat_sort_key`.

    Returns
    -------
    sympy.Add or None
        Their sum, built directly in SymPy's canonical order; None when this SymPy's order differs from the key.
    """
    if len(terms) < 2 or not _key_matches_sympy():
        return None
    try:
        terms.sort(key=operator.itemgetter(1))
    except TypeError:  # keys of unlike shapes met (an int against a string): SymPy's own sort decides
        return None
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


def log_terms(
    coefficients: list[tuple[Fraction, int]], divisor: Expr | None = None
) -> list[tuple[Expr, tuple[Any, ...]]]:
    """(c * log(atom) [* divisor], its flat sort key) for each (c, atom), each Mul built in SymPy's canonical form.

    The atoms are integers > 1; log(atom) is built as SymPy leaves it (no evaluation pass).

    >>> [term for term, _ in log_terms([(Fraction(-1, 2), 3), (Fraction(1), 5)], 1 / sympy.log(2))]
    [-log(3)/(2*log(2)), log(5)/log(2)]

    Parameters
    ----------
    coefficients : list of (Fraction, int)
        Pairs (c, atom), atoms integers > 1.
    divisor : sympy.Expr, optional
        A factor of every term (such as 1/log(2) for bits).

    Returns
    -------
    list of (sympy.Expr, tuple)
        Each ``c * log(atom) [* divisor]`` in SymPy's canonical form, with its :func:`flat_sort_key`.
    """
    log, integer_class, rational_class, mul_class = sympy.log, sympy.Integer, sympy.Rational, sympy.Mul
    if divisor is not None and _class_key(divisor.__class__) == _class_key(log):
        return _general_log_terms(coefficients, divisor)  # its place beside log(atom) depends on the atom
    # the common case (a Rational coefficient), unrolled: about twice as fast at 10**5 terms. A divisor
    # of another class than log sorts on the same side of every log(atom): its class key decides.
    basic_new = Basic.__new__
    log_prefix = (*_class_key(log), 1, *_class_key(integer_class), 2)
    divisor_key = () if divisor is None else flat_sort_key(divisor)
    divisor_first = divisor is not None and divisor_key < log_prefix
    term_prefix = (*_class_key(mul_class), 2 if divisor is None else 3, *_class_key(rational_class), 2)
    result: list[tuple[Expr, tuple[Any, ...]]] = []
    append = result.append
    for coefficient, atom in coefficients:
        p, q = coefficient.numerator, coefficient.denominator
        if q == 1 or (p == 1 and q == 2):
            append(_general_log_terms([(coefficient, atom)], divisor)[0])  # an Integer, Half or 1
            continue
        integer = basic_new(integer_class)
        integer.p = atom
        number = basic_new(rational_class)
        number.p, number.q = p, q
        logarithm = basic_new(log, integer)
        if divisor is None:
            product = basic_new(mul_class, number, logarithm)
            key = (*term_prefix, p, q, *log_prefix, atom, 1)
        elif divisor_first:
            product = basic_new(mul_class, number, divisor, logarithm)
            key = (*term_prefix, p, q, *divisor_key, *log_prefix, atom, 1)
        else:
            product = basic_new(mul_class, number, logarithm, divisor)
            key = (*term_prefix, p, q, *log_prefix, atom, 1, *divisor_key)
        product.is_commutative = True
        append((product, key))
    return result


def _general_log_terms(
    coefficients: list[tuple[Fraction, int]], divisor: Expr | None
) -> list[tuple[Expr, tuple[Any, ...]]]:
    """:func:`log_terms` for any coefficient and divisor."""
    log, integer_class, rational_class, mul_class = sympy.log, sympy.Integer, sympy.Rational, sympy.Mul
    basic_new, number_of, integer_of = Basic.__new__, rational, _integer
    log_prefix = (*_class_key(log), 1, *_class_key(integer_class), 2)
    number_prefixes: dict[type, tuple[Any, ...]] = {}
    mul_prefixes = {count: (*_class_key(mul_class), count) for count in (2, 3)}
    divisor_key = flat_sort_key(divisor) if divisor is not None else ()
    result: list[tuple[Expr, tuple[Any, ...]]] = []
    append = result.append
    for coefficient, atom in coefficients:
        logarithm = basic_new(log, integer_of(atom))
        log_key = (*log_prefix, atom, 1)
        factors: tuple[Expr, ...]
        key: tuple[Any, ...]
        if divisor is None:
            factors, key = (logarithm,), log_key
        elif divisor_key < log_key:
            factors, key = (divisor, logarithm), divisor_key + log_key
        else:
            factors, key = (logarithm, divisor), log_key + divisor_key
        if coefficient == 1:
            if divisor is None:
                append((logarithm, log_key))
                continue
        else:
            number = number_of(coefficient)
            cls = number.__class__
            if cls is rational_class:
                prefix = number_prefixes.get(cls)
                if prefix is None:
                    prefix = number_prefixes[cls] = (*_class_key(cls), 2)
                key = (*prefix, number.p, number.q, *key)
            else:
                key = (*flat_sort_key(number), *key)
            factors = (number, *factors)
        product = basic_new(mul_class, *factors)
        product.is_commutative = True
        append((product, (*mul_prefixes[len(factors)], *key)))
    return result


# ---------------------------------------------------------------------------------------------
# sum c_p log p as an exact rational interval
_LOGS: dict[tuple[int, int], int] = {}


def _fixed_logs(atoms: list[int], bits: int) -> list[int]:
    """log(atom) * 2**bits rounded to an integer for each atom, each within 1 of the truth (cached per precision).

    MPFR (gmpy2) rounds log(atom) correctly to nearest at bits + 8 (+ a few) bits of mantissa, so
    its error is below 2**-bits / 8 for atoms below 2**64 (log(atom) < 2**6); the product with the
    power of two 2**bits is exact, and the conversion to an integer (rounding or truncating) moves
    it by less than 1 more. Without gmpy2, mpmath's mpf_log with the same margin (its error is below
    one unit in the last place).
    """
    missing = [atom for atom in atoms if (atom, bits) not in _LOGS]
    if missing:
        try:
            import gmpy2

            with gmpy2.context(precision=bits + 8 + max(atom.bit_length() for atom in missing).bit_length()):
                log, scale = gmpy2.log, gmpy2.mul_2exp(gmpy2.mpfr(1), bits)  # an exact power of two
                _LOGS.update(((atom, bits), int(log(atom) * scale)) for atom in missing)
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
