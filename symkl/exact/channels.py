"""Channel capacity of a discrete memoryless channel, exactly where a closed form exists.

``channel_capacity(W)`` takes a row-stochastic matrix W (row x is the output distribution W(.|x),
exact entries, each row summing to exactly 1) and returns a :class:`ChannelCapacity`:

* ``value``: the capacity max_P I(X; Y) as an exact SymPy number, or None when no closed form is known;
* ``lower``, ``upper``: exact numbers with lower <= capacity <= upper (both equal ``value`` for a closed form);
* ``input``: a capacity-achieving input distribution (exact); for Blahut-Arimoto the input whose
  mutual information is ``lower``;
* ``method``: how it was found; ``base`` and ``unit``.

Closed forms: weakly symmetric channels (rows permutations of each other, equal column sums;
symmetric channels and the BSC among them): C = log |Y| - H(row), uniform input; erasure channels
(each row is one symbol with probability 1 - a and the erasure with probability a):
C = (1 - a) log |X|; the Z-channel [[1, 0], [p, 1 - p]] (up to relabelling):
C = log(1 + (1 - p) p**(p/(1 - p))). Otherwise Blahut-Arimoto (in mpmath) gives an input r, made
exact; then lower = I(r; W) and upper = max_x D(W(.|x) || rW), the standard bound (for every
output distribution q, C <= max_x D(W(.|x) || q)), are both exact rational-log numbers, so their
digits are guaranteed by :func:`symkl.decimal_string` and their order decided by ``compare``.

>>> import symkl as sk
>>> sk.channel_capacity([["9/10", "1/10"], ["1/10", "9/10"]], base=2).digits()  # BSC: 1 - H(1/10) bits
'0.531004406410719'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy
from sympy import Expr, Rational, S

from ..errors import InvalidInput
from .canonical import canonical, closed_compare, decimal_string
from .measures import checked_base, entropy, kl_divergence, unit_name
from .parsing import brief, to_exact

__all__ = ["ChannelCapacity", "channel_capacity"]


@dataclass(frozen=True)
class ChannelCapacity:
    """The capacity of a channel: exact value (or None), exact bounds, an optimal input, the method.

    Parameters
    ----------
    value : sympy.Expr or None
        The exact capacity, or ``None`` when no closed form is known.
    lower, upper : sympy.Expr
        Exact bounds, lower <= capacity <= upper (both equal ``value`` for a closed form).
    input : tuple of sympy.Expr
        A capacity-achieving input distribution (for Blahut-Arimoto, the input whose mutual information is ``lower``).
    method : str
        How it was found (a closed form's name or ``blahut-arimoto``).
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).
    """

    value: Expr | None
    lower: Expr
    upper: Expr
    input: tuple[Expr, ...]
    method: str
    base: Any = None

    @property
    def unit(self) -> str:
        return unit_name(self.base)

    def digits(self, digits: int = 15) -> str:
        """The capacity to guaranteed digits: those both bounds share (a closed value: all of them)."""
        if self.value is not None:
            return decimal_string(self.value, digits)
        low, high = decimal_string(self.lower, digits), decimal_string(self.upper, digits)
        return low if low == high else f"[{low}, {high}]"

    def __repr__(self) -> str:
        shown = brief(self.value, 120) if self.value is not None else f"in {self.digits(12)}"
        inputs = ", ".join(brief(p, 40) for p in self.input)
        return f"ChannelCapacity({shown} {self.unit}, method={self.method!r}, input=({inputs}))"


def _matrix(W: Any) -> list[list[Expr]]:
    if hasattr(W, "tolist"):
        W = W.tolist()
    try:
        rows = [list(row) for row in W]
    except TypeError:
        raise InvalidInput("a channel is a matrix: a list of rows of probabilities") from None
    if not rows or not rows[0]:
        raise InvalidInput("a channel needs at least one input and one output")
    width = len(rows[0])
    matrix = []
    for i, row in enumerate(rows):
        if len(row) != width:
            raise InvalidInput(f"channel row {i} has {len(row)} entries, row 0 has {width}")
        values = []
        for j, entry in enumerate(row):
            try:
                value = to_exact(entry)
            except InvalidInput as error:
                raise InvalidInput(f"channel entry ({i}, {j}): {error}") from None
            if not value.is_Rational:
                raise InvalidInput(f"channel entry ({i}, {j}) must be an exact rational, got {brief(value)}")
            if value < 0:
                raise InvalidInput(f"channel entry ({i}, {j}) is negative: {brief(value)}")
            values.append(value)
        total = sum(values, S.Zero)
        if total != 1:
            raise InvalidInput(f"channel row {i} sums to {brief(total)}, not 1 (rows are the distributions W(.|x))")
        matrix.append(values)
    return matrix


def _in_base(nats: Expr, base: Any) -> Expr:
    b = checked_base(base)
    value = nats if b is S.Exp1 else nats / sympy.log(b)
    try:
        return canonical(value)
    except ValueError:  # a radical (the Z-channel): left as it is
        return value


def _weakly_symmetric(W: list[list[Expr]]) -> bool:
    first = sorted(W[0])
    if any(sorted(row) != first for row in W[1:]):
        return False
    columns = [sum((row[j] for row in W), S.Zero) for j in range(len(W[0]))]
    return all(c == columns[0] for c in columns)


def _erasure(W: list[list[Expr]]) -> tuple[int, Expr] | None:
    """(erasure column, erasure probability a < 1) when W is an erasure channel, else None."""
    width = len(W[0])
    for e in range(width):
        a = W[0][e]
        if a == 1 or any(row[e] != a for row in W):
            continue
        used = set()
        for row in W:
            others = [j for j in range(width) if j != e and row[j] != 0]
            if len(others) != 1 or others[0] in used:
                break
            used.add(others[0])
        else:
            return e, a
    return None


def _z_channel(W: list[list[Expr]]) -> tuple[int, Expr] | None:
    """(index of the noiseless input, crossover p) for a Z-channel (0 < p < 1), else None."""
    if len(W) != 2 or len(W[0]) != 2:
        return None
    for clean in (0, 1):
        noisy = 1 - clean
        row = W[clean]
        if 1 not in row:
            continue
        j = row.index(1)
        p = W[noisy][j]
        if 0 < p < 1:
            return clean, p
    return None


def _blahut_arimoto(W: list[list[Expr]], digits: int = 30, iterations: int = 20000) -> list[Fraction]:
    """An input distribution near capacity-achieving (Blahut-Arimoto in mpmath), made exact."""
    import mpmath

    with mpmath.workdps(digits + 10):
        w = [[mpmath.mpf(int(e.p)) / int(e.q) for e in row] for row in W]
        n, m = len(w), len(w[0])
        r = [mpmath.mpf(1) / n] * n
        for _ in range(iterations):
            q = [mpmath.fsum(r[x] * w[x][y] for x in range(n)) for y in range(m)]
            d = [mpmath.fsum(w[x][y] * mpmath.log(w[x][y] / q[y]) for y in range(m) if w[x][y]) for x in range(n)]
            lower = mpmath.fsum(r[x] * d[x] for x in range(n))
            if max(d) - lower < mpmath.mpf(10) ** -digits:
                break
            weights = [r[x] * mpmath.exp(d[x]) for x in range(n)]
            total = mpmath.fsum(weights)
            r = [weight / total for weight in weights]
        fractions = [Fraction(str(mpmath.nstr(x, digits))).limit_denominator(10 ** (digits - 5)) for x in r]
    fractions = [max(f, Fraction(0)) for f in fractions]
    total_fraction = sum(fractions, Fraction(0))
    return [f / total_fraction for f in fractions]


def channel_capacity(W: Sequence[Sequence[Any]], base: Any = None) -> ChannelCapacity:
    r"""channel_capacity([["1/2", "1/2"], [0, 1]], base=2).value is log2(5/4), the Z-channel at p = 1/2.

    W is row-stochastic: row x is the output distribution W(.|x), exact entries summing to exactly 1.
    See the module docstring for the closed forms and the bounds.

    >>> channel_capacity([[1, 0], ["1/2", "1/2"]], base=2).value
    -2 + log(5)/log(2)
    >>> channel_capacity([["1/2", "1/2", 0], [0, "1/2", "1/2"]], base=2).value  # BEC(1/2)
    1/2
    >>> c = channel_capacity([["1/2", "1/4", "1/4"], ["1/8", "3/4", "1/8"], ["1/3", "1/3", "1/3"]])
    >>> c.method, c.value, closed_compare(c.lower, c.upper) <= 0
    ('Blahut-Arimoto', None, True)

    Parameters
    ----------
    W : sequence of sequences
        A row-stochastic matrix of exact probabilities: row x is the output distribution W(.|x); each row must sum to
        exactly 1.
    base : None, number, str, optional
        Base of the logarithm: ``None`` or ``e`` for nats (the default), ``2`` or ``"bits"``, ``10`` or
        ``"bans"``, or any exact positive number other than 1 (a base below 1 flips the sign).

    Returns
    -------
    ChannelCapacity
        The exact ``value`` where a closed form exists (weakly symmetric, erasure, Z-channel), else ``None``; exact
        bounds ``lower`` <= C <= ``upper`` (Blahut-Arimoto), a capacity-achieving ``input`` and the ``method``.

    Raises
    ------
    InvalidInput
        A row does not sum to exactly 1, an entry is negative or unreadable, or the base is invalid.

    Notes
    -----
    .. math::

        C = \max_{p(x)} I(X; Y), \qquad I(r; W) \le C \le \max_x D\big(W(\cdot \mid x) \parallel rW\big)
    """
    matrix = _matrix(W)
    n, m = len(matrix), len(matrix[0])
    if _weakly_symmetric(matrix):
        nats = sympy.log(m) - entropy(matrix[0])
        value = _in_base(nats, base)
        return ChannelCapacity(value, value, value, (Rational(1, n),) * n, "weakly symmetric", base)
    erasure = _erasure(matrix)
    if erasure is not None:
        _, a = erasure
        value = _in_base((1 - a) * sympy.log(n), base)
        return ChannelCapacity(value, value, value, (Rational(1, n),) * n, "erasure", base)
    z = _z_channel(matrix)
    if z is not None:
        clean, p = z
        power = p ** (p / (1 - p))
        value = _in_base(sympy.log(1 + (1 - p) * power), base)
        noisy_input = power / (1 + (1 - p) * power)
        inputs = [1 - noisy_input, noisy_input] if clean == 0 else [noisy_input, 1 - noisy_input]
        return ChannelCapacity(value, value, value, tuple(inputs), "Z-channel", base)
    r = _blahut_arimoto(matrix)
    exact_inputs = tuple(Rational(f.numerator, f.denominator) for f in r)
    output = [sum((exact_inputs[x] * matrix[x][y] for x in range(n)), S.Zero) for y in range(m)]
    divergences = [kl_divergence(row, output, base=base) for row in matrix]
    lower = canonical(sum((exact_inputs[x] * divergences[x] for x in range(n)), S.Zero))
    upper = divergences[0]
    for candidate in divergences[1:]:
        if closed_compare(candidate, upper) > 0:
            upper = candidate
    return ChannelCapacity(None, lower, upper, exact_inputs, "Blahut-Arimoto", base)
