"""The linear programs (SciPy's HiGHS), by column generation: a candidate certificate, or a candidate witness.

Coordinates are bitmasks over the variables (bit i = variable i); row ``mask - 1`` of
every matrix is h(mask). The LP answers are floats: they are only *candidates*, which
:mod:`symkl.prover.certificate` rebuilds in exact rationals and checks exactly.

>>> problem = Problem(["X", "Y"], {frozenset("X"): Fraction(1)}, [])
>>> problem.elemental_count, problem.coordinate_count
(3, 3)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from math import gcd
from typing import Any

import numpy as np

from .deadline import NEVER, Deadline
from .forms import Form
from .grammar import Entropy, Mutual, Term

__all__ = ["ColumnGeneration", "Elemental", "Problem", "normalise", "seed"]

#: An elemental inequality: ("H", i, rest_mask) is H(Xi | rest) >= 0, ("I", i, j, K) is I(Xi;Xj|K) >= 0.
Elemental = tuple[Any, ...]
TOLERANCE = 1e-9


@dataclass
class Problem:
    """The variables (in order), the gap form to show >= 0, and the constraints (kind, form).

    Parameters
    ----------
    variables : list of str
        The variables, in order.
    gap : dict of frozenset of str to Fraction
        The form to show >= 0.
    constraints : list of (str, dict)
        Each constraint's kind (``"eq"`` or ``"ge"``) and form.
    """

    variables: list[str]
    gap: Form
    constraints: list[tuple[str, Form]]
    _elementals: list[Elemental] | None = field(default=None, repr=False)
    _arrays: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        """The number of variables."""
        return len(self.variables)

    @property
    def coordinate_count(self) -> int:
        """2^n - 1 coordinates h(S), S nonempty."""
        return (1 << self.n) - 1

    def mask(self, subset: frozenset[str]) -> int:
        """The bitmask of a set of variables."""
        return sum(1 << self.variables.index(name) for name in subset)

    def names(self, mask: int) -> tuple[str, ...]:
        """The variables of a bitmask, in order."""
        return tuple(name for i, name in enumerate(self.variables) if mask >> i & 1)

    @property
    def elementals(self) -> list[Elemental]:
        """All elemental inequalities of the variables."""
        if self._elementals is None:
            n, full = self.n, (1 << self.n) - 1
            result: list[Elemental] = [("H", i, full ^ (1 << i)) for i in range(n)]
            for i, j in combinations(range(n), 2):
                rest = [k for k in range(n) if k not in (i, j)]
                for size in range(len(rest) + 1):
                    for chosen in combinations(rest, size):
                        result.append(("I", i, j, sum(1 << k for k in chosen)))
            self._elementals = result
        return self._elementals

    def elemental_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """All elementals at once, in the order of :attr:`elementals`: masks (N x 4) and coefficients (N x 4).

        Row k holds the coordinates of elemental k and their coefficients (+1, +1, -1, -1 for I(Xi;Xj|K),
        +1, -1 for H(Xi|rest)); h(empty set) = 0 has mask 0 and coefficient 0. So the value of every
        elemental at a vector v (v[0] = 0, v[mask] = h(mask)) is ``(v[masks] * coefficients).sum(1)``.
        """
        if self._arrays is None:
            n, full = self.n, (1 << self.n) - 1
            bits = np.array([1 << i for i in range(n)], dtype=np.int64)
            heads = [np.stack([np.full(n, full), full ^ bits, np.zeros(n, np.int64), np.zeros(n, np.int64)], 1)]
            signs = [np.tile(np.array([1, -1, 0, 0], dtype=np.int64), (n, 1))]
            subsets = np.arange(1 << n, dtype=np.int64)
            for i, j in combinations(range(n), 2):
                given = subsets[(subsets & (bits[i] | bits[j])) == 0]  # in the order of self.elementals
                given = given[np.lexsort((_colex_rank(given, n, i, j), _popcount(given)))]
                heads.append(np.stack([given | bits[i], given | bits[j], given | bits[i] | bits[j], given], 1))
                signs.append(np.tile(np.array([1, 1, -1, -1], dtype=np.int64), (len(given), 1)))
            masks, coefficients = np.concatenate(heads), np.concatenate(signs)
            coefficients[masks == 0] = 0
            self._arrays = (masks, coefficients)
        return self._arrays

    @property
    def elemental_count(self) -> int:
        """n + C(n,2) 2^(n-2)."""
        return len(self.elementals)

    def elemental_vector(self, elemental: Elemental) -> dict[int, int]:
        """The elemental quantity as {mask: coefficient} (h(empty set) = 0 dropped)."""
        if elemental[0] == "H":
            _, i, rest = elemental
            parts = [(rest | 1 << i, 1), (rest, -1)]
        else:
            _, i, j, given = elemental
            parts = [(given | 1 << i, 1), (given | 1 << j, 1), (given | 1 << i | 1 << j, -1), (given, -1)]
        vector: dict[int, int] = {}
        for mask, value in parts:
            if mask:
                vector[mask] = vector.get(mask, 0) + value
        return {mask: value for mask, value in vector.items() if value}

    def elemental_term(self, elemental: Elemental) -> Term:
        """The elemental quantity as a term H(Xi|rest) or I(Xi;Xj|K)."""
        if elemental[0] == "H":
            return Entropy((self.variables[elemental[1]],), self.names(elemental[2]))
        _, i, j, given = elemental
        return Mutual((self.variables[i],), (self.variables[j],), self.names(given))

    def form_vector(self, form: Form) -> dict[int, Fraction]:
        """A form as {mask: coefficient}."""
        return {self.mask(subset): value for subset, value in form.items()}

    def dense(self, form: Form) -> np.ndarray:
        """A form as a dense float vector over the coordinates."""
        vector = np.zeros(self.coordinate_count)
        for mask, value in self.form_vector(form).items():
            vector[mask - 1] = float(value)
        return vector

    def elemental_matrix(self) -> Any:
        """The sparse matrix with one column per elemental inequality (rows: coordinates)."""
        from scipy.sparse import csc_matrix

        rows, cols, data = [], [], []
        for column, elemental in enumerate(self.elementals):
            for mask, value in self.elemental_vector(elemental).items():
                rows.append(mask - 1)
                cols.append(column)
                data.append(value)
        return csc_matrix((data, (rows, cols)), shape=(self.coordinate_count, len(self.elementals)))

    def constraint_matrix(self) -> Any:
        """The sparse matrix with one column per constraint form."""
        from scipy.sparse import csc_matrix

        rows, cols, data = [], [], []
        for column, (_, form) in enumerate(self.constraints):
            for mask, value in self.form_vector(form).items():
                rows.append(mask - 1)
                cols.append(column)
                data.append(float(value))
        return csc_matrix((data, (rows, cols)), shape=(self.coordinate_count, len(self.constraints)))


def _popcount(values: np.ndarray) -> np.ndarray:
    counts = np.zeros(len(values), dtype=np.int64)
    for shift in range(63):
        counts += (values >> shift) & 1
    return counts


def _colex_rank(values: np.ndarray, n: int, i: int, j: int) -> np.ndarray:
    """A key ordering subsets of one size as itertools.combinations does (lexicographic in sorted elements)."""
    rest = [k for k in range(n) if k not in (i, j)]
    key = np.zeros(len(values), dtype=np.int64)
    for position, k in enumerate(rest):  # lexicographic on the indicator, smaller elements first, 1 before 0
        key |= ((values >> k) & 1 ^ 1) << (len(rest) - 1 - position)
    return key


#: Added to each weight before reweighting (cost 1 / (weight + REWEIGHT_EPSILON)).
REWEIGHT_EPSILON = 1e-2


def _linprog(deadline: Deadline, phase: str, **kwargs: Any) -> Any:
    """scipy's linprog (HiGHS) within the deadline; a run stopped by the time limit raises ProverTimeout."""
    from scipy.optimize import linprog

    deadline.check(phase)
    result = linprog(options=deadline.options(), **kwargs)
    if result.status == 1 and deadline.expired():
        deadline.check(phase)
    return result


def normalise(form: Form) -> tuple[Fraction, Form]:
    """(factor, primitive) with form = factor * primitive, factor > 0, primitive's coefficients coprime integers.

    Scaling a statement by 10**12 or 10**-9, or writing 1/9 (...) - H(all) instead of (...) - 9 H(all), gives
    the same primitive form, hence the same linear programs and the same proof.

    >>> normalise({frozenset("X"): Fraction(2, 3), frozenset("Y"): Fraction(-4, 9)})
    (Fraction(2, 9), {frozenset({'X'}): Fraction(3, 1), frozenset({'Y'}): Fraction(-2, 1)})

    Parameters
    ----------
    form : dict of frozenset of str to Fraction
        A linear form with rational coefficients.

    Returns
    -------
    tuple of (Fraction, dict)
        (factor, primitive): ``form = factor * primitive``, factor > 0, the primitive form's coefficients coprime
        integers.
    """
    if not form:
        return Fraction(1), {}
    denominator = 1
    for value in form.values():
        denominator = denominator * value.denominator // gcd(denominator, value.denominator)
    numerators = [int(value * denominator) for value in form.values()]
    common = 0
    for numerator in numerators:
        common = gcd(common, numerator)
    factor = Fraction(common, denominator)
    return factor, {key: Fraction(value // common) for key, value in zip(form, numerators)}


def _chain(n: int, first: int, second: int, given: int) -> list[tuple[int, int, int]]:
    """I(A;B|C) (A, B, C disjoint bitmasks) by the chain rule in the variables' order: (i, j, K) with i < j."""
    terms, done_a = [], 0
    for a in range(n):
        if first >> a & 1:
            done_b = 0
            for b in range(n):
                if second >> b & 1:
                    i, j = min(a, b), max(a, b)
                    terms.append((i, j, given | done_a | done_b))
                    done_b |= 1 << b
            done_a |= 1 << a
    return terms


def seed(problem: Problem, coordinates: Sequence[int] | np.ndarray) -> np.ndarray:
    """Elementals that the chain rule uses to write the Shannon quantities between the given coordinates.

    For every pair of sets S, T among the coordinates and the empty set: H(S|T), H(T|S) and I(S;T|S and T)
    expanded into elementals in the variables' order (H(a|B) = H(a|rest) + I(a; rest - B|B)). Han's
    inequality is proved on this pool at once; column generation adds what other statements need.

    Parameters
    ----------
    problem : Problem
        The variables (their number sets the elementals).
    coordinates : sequence of int or numpy.ndarray
        Subset masks (bit i = variable i) of the joint entropies in the gap and the constraints.

    Returns
    -------
    numpy.ndarray
        The sorted indices of the elementals chosen, int64.
    """
    n, full = problem.n, (1 << problem.n) - 1
    index: dict[tuple[Any, ...], int] = {}
    masks, _ = problem.elemental_arrays()
    for k in range(len(masks)):
        if k < n:
            index[("H", k)] = k
        else:
            top, given = int(masks[k, 2]), int(masks[k, 3])
            pair = top ^ given
            i = (pair & -pair).bit_length() - 1
            j = (pair ^ (1 << i)).bit_length() - 1
            index[(i, j, given)] = k
    chosen: set[int] = set()

    def entropy(first: int, given: int) -> None:  # H(A|C): each a by H(a|rest) + I(a; rest - C - A<a | C, A<a)
        done = 0
        for a in range(n):
            if first >> a & 1:
                chosen.add(index[("H", a)])
                condition = given | done
                others = full ^ condition ^ (1 << a)
                if others:
                    chosen.update(index[t] for t in _chain(n, 1 << a, others, condition))
                done |= 1 << a

    sets = sorted({int(c) for c in coordinates} | {0})
    for position, s in enumerate(sets):
        for t in sets[position + 1 :]:
            common = s & t
            if s ^ common:
                entropy(s ^ common, t)
            if t ^ common:
                entropy(t ^ common, s)
            if s ^ common and t ^ common:
                chosen.update(index[term] for term in _chain(n, s ^ common, t ^ common, common))
    return np.array(sorted(chosen), dtype=np.int64)


def _superset_minimum(h: np.ndarray, known: np.ndarray) -> np.ndarray:
    """h at the known coordinates; elsewhere the least h(T) over known T containing the set (h(all) if none).

    The restricted LP's duals give h only at its own coordinates; extended this way (monotone, as a
    polymatroid is), pricing adds elementals that a polymatroid-like h violates, not artefacts of zeros.
    """
    size = len(h)
    full = size - 1
    extended = np.where(known, h, np.inf)
    extended[full] = h[full] if known[full] else extended[full]
    bits = size.bit_length() - 1
    index = np.arange(size)
    for i in range(bits):
        without = index[(index >> i & 1) == 0]
        np.minimum(extended[without], extended[without | 1 << i], out=extended[without])
    extended[np.isinf(extended)] = h[full]
    extended[0] = 0.0
    return np.where(known, h, extended)


@dataclass
class Master:
    """One solve of the restricted master LP: weights of the pool's elementals, constraint multipliers,
    the artificial total (phase 1) and the duals on every coordinate (index = mask; index 0 is 0)."""

    weights: np.ndarray
    multipliers: np.ndarray
    artificial: float
    duals: np.ndarray
    objective: float
    rows: np.ndarray  # True at the coordinates of the restricted LP


class ColumnGeneration:
    """The certificate LP (gap = sum y_k elemental_k + sum mu_j constraint_j, y >= 0) over a pool of elementals.

    The pool starts small (every elemental when there are at most POOL_ALL, else those touching the gap's or
    the constraints' coordinates); each round solves the restricted LP (HiGHS dual simplex: vertices, so
    sparse supports) and prices *all* elementals at once against its duals (numpy, the 4 coordinates of each),
    adding the most violated. Phase 1 minimises the artificial residual |gap - combination|: zero means a
    certificate exists, and otherwise the duals are a polymatroid-direction h (every elemental >= 0 at h,
    gap(h) < 0) when no elemental is violated. Phase 2 minimises a weighted L1 norm of the certificate.
    Han's inequality at n = 12 needs a few thousand of the 67,596 elementals.

    Parameters
    ----------
    problem : Problem
        The variables, the gap and the constraints.
    gap : dict of frozenset of str to Fraction
        The form to show >= 0.
    deadline : Deadline, optional
        The time limit (default: none).
    """

    def __init__(self, problem: Problem, gap: Form, deadline: Deadline = NEVER) -> None:
        self.problem, self.deadline = problem, deadline
        self.masks, self.coefficients = problem.elemental_arrays()
        size = 1 << problem.n
        vector = np.zeros(size)
        for mask, value in problem.form_vector(gap).items():
            vector[mask] = float(value)
        self.scale = float(np.abs(vector).max()) or 1.0
        self.gap = vector / self.scale  # the largest coefficient is 1 (the caller's form is primitive)
        self.constraints = np.zeros((len(problem.constraints), size))
        for column, (_, form) in enumerate(problem.constraints):
            for mask, value in problem.form_vector(form).items():
                self.constraints[column, mask] = float(value)
            largest = np.abs(self.constraints[column]).max()
            if largest:
                self.constraints[column] /= largest  # a multiplier is read back in the constraint's own units
        self.constraint_scale = np.array(
            [max((abs(float(v)) for v in form.values()), default=1.0) or 1.0 for _, form in problem.constraints]
        )
        self.equalities = np.array([kind == "eq" for kind, _ in problem.constraints], dtype=bool)
        count = len(self.masks)
        if count <= POOL_ALL:
            self.pool = np.arange(count)
        else:
            touched = np.zeros(size, dtype=bool)
            touched[np.flatnonzero(self.gap)] = True
            touched[np.flatnonzero(np.abs(self.constraints).sum(0))] = True
            touched[0] = False
            near = np.flatnonzero((touched[self.masks] & (self.coefficients != 0)).any(1))
            self.pool = np.union1d(near, seed(problem, np.flatnonzero(touched)))
        self.rounds = 0
        #: The cost of each elemental in phase 2: 1 + a tie-break fixed by its index (the same for every statement).
        self.costs = 1.0 + np.random.default_rng(TIE_BREAK_SEED).random(count)

    def values(self, vector: np.ndarray) -> np.ndarray:
        """Every elemental's value at a coordinate vector (index = mask, index 0 = 0)."""
        return (vector[self.masks] * self.coefficients).sum(1)

    def _solve(self, pool: np.ndarray, cost: np.ndarray | None) -> Master | None:
        """The restricted LP; cost None is phase 1 (minimise the artificial residual)."""
        from scipy.sparse import csc_matrix, hstack, identity

        masks, coefficients = self.masks[pool], self.coefficients[pool]
        used = np.zeros(len(self.gap), dtype=bool)
        used[masks[coefficients != 0]] = True
        used[np.flatnonzero(self.gap)] = True
        used[np.flatnonzero(np.abs(self.constraints).sum(0))] = True
        used[0] = False
        rows = np.flatnonzero(used)
        position = np.full(len(self.gap), -1)
        position[rows] = np.arange(len(rows))
        keep = coefficients != 0
        columns = np.repeat(np.arange(len(pool)), 4).reshape(-1, 4)
        elemental = csc_matrix(
            (coefficients[keep].astype(float), (position[masks[keep]], columns[keep])), shape=(len(rows), len(pool))
        )
        given = csc_matrix(self.constraints[:, rows].T)
        eq = np.flatnonzero(self.equalities)
        blocks = [elemental, given, -given[:, eq]]
        phase1 = cost is None
        if phase1:
            blocks += [identity(len(rows), format="csc"), -identity(len(rows), format="csc")]
        matrix = hstack(blocks, format="csc")
        m, c = len(pool), len(self.constraints)
        weights = np.zeros(matrix.shape[1])
        if phase1:
            weights[m + c + len(eq) :] = 1.0
        else:
            weights[:m] = cost
            weights[m:] = 1.0
        result = _linprog(
            self.deadline,
            "the linear program (HiGHS)",
            c=weights,
            A_eq=matrix,
            b_eq=self.gap[rows],
            bounds=(0, None),
            method=METHOD if len(pool) > SIMPLEX_LIMIT else "highs-ds",
        )
        if result.status != 0:
            return None
        x = np.asarray(result.x)
        multipliers = x[m : m + c].copy()
        multipliers[eq] -= x[m + c : m + c + len(eq)]
        duals = np.zeros(len(self.gap))
        duals[rows] = np.asarray(result.eqlin.marginals)
        artificial = float(x[m + c + len(eq) :].sum()) if phase1 else 0.0
        return Master(x[:m], multipliers, artificial, duals, float(result.fun), used)

    def _grow(self, violation: np.ndarray) -> bool:
        """Add the most violated elementals outside the pool; False when none is violated."""
        violation = violation.copy()
        violation[self.pool] = -np.inf
        candidates = np.flatnonzero(violation > PRICING_TOLERANCE)
        if not len(candidates):
            return False
        batch = max(BATCH, int(len(self.pool) * GROWTH))
        if len(self.pool) + batch > FULL_FRACTION * len(self.masks):  # past this, one LP over all is cheaper
            self.pool = np.arange(len(self.masks))
            self.rounds += 1
            return True
        if len(candidates) > batch:
            candidates = candidates[np.argpartition(-violation[candidates], batch)[:batch]]
        self.pool = np.union1d(self.pool, candidates)
        self.rounds += 1
        return True

    def feasibility(self) -> tuple[str, Any]:
        """Phase 1: ("certificate", Master) when gap is (within tolerance) a combination of the pool's columns;
        ("witness", h) with h a candidate polymatroid (floats, index = mask) when it is not; ("failed", None)."""
        while True:
            self.deadline.check("the linear program (HiGHS)")
            master = self._solve(self.pool, None)
            if master is None:
                return "failed", None
            if master.artificial <= TOLERANCE:
                return "certificate", master
            h = _superset_minimum(-master.duals, master.rows)
            if not self._grow(self.values(-h)):
                return "witness", h

    def least_weight(self, weights: np.ndarray | None = None, grow: bool = True) -> Master | None:
        """Phase 2: least sum w_k y_k + sum |mu_j| over certificates on the pool. ``weights`` (one per pool column)
        default to :attr:`costs` (1 plus a fixed pseudo-random tie-break in [0, 1) per elemental, which picks
        one of the many least-L1 certificates and a sparse one); with ``grow``, elementals that would lower
        the cost are priced in until none does."""
        while True:
            self.deadline.check("the search for a short proof (HiGHS)")
            cost = self.costs[self.pool] if weights is None else weights
            master = self._solve(self.pool, cost)
            if master is None or not grow or weights is not None:
                return master
            if not self._grow(self.values(master.duals) - self.costs):
                return master

    def certificate(self, master: Master) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(elemental indices, weights, multipliers) of a master solution, in the units of the primitive gap."""
        chosen = master.weights > TOLERANCE * max(1.0, float(master.weights.max(initial=0.0)))
        multipliers = master.multipliers * self.scale / self.constraint_scale
        return self.pool[chosen], master.weights[chosen] * self.scale, multipliers


#: The seed of the pseudo-random tie-break of phase 2's costs.
TIE_BREAK_SEED = 0
#: Problems with at most this many elementals put every one in the pool at once (one LP per phase).
POOL_ALL = 4000
#: Least number of elementals added per round of column generation, and the most as a fraction of the pool.
BATCH = 200
GROWTH = 0.5
#: Once the pool would pass this fraction of all elementals, every elemental joins it.
FULL_FRACTION = 0.25
#: Restricted LPs with more columns than this are solved by HiGHS's interior point method (with crossover).
SIMPLEX_LIMIT = 1000
METHOD = "highs-ipm"
#: An elemental enters the pool when its reduced cost is below -PRICING_TOLERANCE.
PRICING_TOLERANCE = 1e-9
