r"""``bound(objective, given, sense)``: the exact optimum of a linear information quantity over the Shannon outer bound.

The feasible set is every polymatroid h (every elemental inequality holds) that meets the constraints,
which may hold rational constants (``H(X) <= 1``, ``I(X;Y) <= 1/2``). The optimum is exact and proved:

- an LP (SciPy's HiGHS, dual simplex) gives a float optimum and vertex; the vertex is rebuilt in exact
  rationals and checked to be a polymatroid that meets every constraint (so the value is attained);
- a certificate ``value - objective = sum c_k elemental_k + sum mu_j constraint_j`` (an identity of
  affine forms, the constant included; c >= 0, mu >= 0 for inequalities) is found by a second LP,
  rebuilt in exact rationals and checked exactly; the kernel turns it into the Theorem
  ``objective <= value`` (``>=`` for a minimum);
- an unbounded objective gives ``oo`` (or ``-oo``) with its evidence, an exact feasible point and an
  exact ray of the cone along which the objective grows; infeasible constraints are an error with an
  exact certificate that they contradict each other (a combination that reads 0 <= -1).

**Units.** Entropies have no unit of their own until a constant is written down. Constants are in nats
unless a ``base`` is given (``base=2``: bits), as everywhere in symkl; the value is in the same unit.
The kernel's entropies are read in nats (rule ``interpret``), so its Theorem states a constant c bits
as ``c log 2`` nats, exactly.

>>> r = bound("I(X;Z)", given=["X -> Y -> Z", "I(X;Y) <= 1/2"], base=2)
>>> r.value, r.theorem
(1/2, I(X; Z | Y) = 0, I(X; Y) <= log(2)/2 |- I(X; Z) <= log(2)/2)
>>> r.distribution.description
'U1 uniform on GF(2) and independent; E a fair coin, independent of them; X = U1 (erased when E = 1); Y = U1; Z = U1'
>>> sorted(r.distribution.table.items())
[((0, 0, 0), Fraction(1, 4)), ((1, 1, 1), Fraction(1, 4)), ((2, 0, 0), Fraction(1, 4)), ((2, 1, 1), Fraction(1, 4))]
>>> bound("H(X)").value
oo
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np
import sympy

from ..errors import InvalidStatement
from ..exact import measures
from ..exact.canonical import compare
from ..exact.distribution import JointDistribution
from ..exact.printing import text as exact_text
from ..proof import kernel as K  # noqa: N812 (the kernel is K throughout symkl)
from .certificate import Certificate
from .exact import DENOMINATORS, rationalize, solve_exact
from .forms import CONSTANT, Form, add_scaled, affine_gap_form, combination_form, show_form
from .grammar import Markov, Statement, Term, parse_constraint, parse_objective
from .kernel_bridge import constraint_relations, expression, kernel_proof
from .linear import subspace_lattice
from .lp import Problem
from .result import ProofResult
from .search import Counterexample, exact_value

__all__ = ["BoundResult", "Distribution", "bound"]

#: The most random variables of a bound (2**n - 1 coordinates; the LP is solved in full).
MAX_VARIABLES = 10
#: Attaining distributions are searched for up to this many variables.
MAX_SEARCH_VARIABLES = 4
TOLERANCE = 1e-9
SENSES = {"max": "max", "maximize": "max", "maximise": "max", "min": "min", "minimize": "min", "minimise": "min"}


@dataclass(frozen=True)
class Distribution:
    """An exact joint table (outcome tuple -> probability) that attains the bound, re-checked exactly."""

    variables: tuple[str, ...]
    table: dict[tuple[int, ...], Fraction]
    description: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: variables, [[outcome, "p"], ...] and how it was built.

        Returns
        -------
        dict
            The distribution as JSON-ready data.
        """
        return {
            "variables": list(self.variables),
            "probabilities": [[list(outcome), str(p)] for outcome, p in sorted(self.table.items())],
            "description": self.description,
        }

    def joint(self) -> JointDistribution:
        """The table as a symkl JointDistribution.

        Returns
        -------
        JointDistribution
            The joint distribution of the table.
        """
        return JointDistribution({key: str(value) for key, value in self.table.items()}, names=self.variables)


@dataclass
class BoundResult:
    """The exact optimum (``value``, in ``unit``; ``oo``/``-oo`` when unbounded) and its evidence.

    Parameters
    ----------
    objective, given, sense : str, tuple of str, str
        What was asked.
    value : sympy.Expr
        The exact optimum, in ``unit`` (``oo``/``-oo`` when unbounded).
    unit, base : str, sympy.Expr
        The unit of ``value`` and its log base.
    theorem : Theorem, optional
        The kernel theorem objective <= value (>= for a minimum), constraints as assumptions, entropies in nats.
    certificate : Certificate, optional
        The exact combination of elemental inequalities and constraints.
    point, ray : dict, optional
        The optimal polymatroid (subset -> entropy) and, when unbounded, an exact ray.
    distribution : optional
        A distribution attaining the value, re-checked exactly, when one was found.
    variables : tuple of str
        The random variables.
    seconds : float
        Time taken.
    """

    objective: str
    given: tuple[str, ...]
    sense: str
    value: sympy.Expr
    unit: str
    base: sympy.Expr
    theorem: Any = None
    certificate: Certificate | None = None
    point: dict[frozenset[str], Fraction] | None = None  # an optimal polymatroid (or a feasible one, unbounded)
    ray: dict[frozenset[str], Fraction] | None = None  # unbounded: the objective grows along it
    distribution: Distribution | None = None
    variables: tuple[str, ...] = ()
    seconds: float = 0.0
    _proof: Any = field(default=None, repr=False)

    @property
    def value_nats(self) -> sympy.Expr:
        """The value in nats (c log b for c in base b)."""
        return self.value if self.value.is_infinite else self.value * sympy.log(self.base)

    @property
    def bounded(self) -> bool:
        """False when the objective is unbounded (value oo or -oo)."""
        return not self.value.is_infinite

    def value_text(self) -> str:
        """The value as a reader writes it, with its unit (``1/2 bits``, ``∞``).

        Returns
        -------
        str
            The value with its unit.
        """
        return exact_text(self.value) + ("" if self.value.is_infinite else f" {self.unit}")

    def as_dict(self) -> dict[str, Any]:
        """JSON of ``symkl bound --json``.

        Returns
        -------
        dict
            The result as JSON-ready data.
        """
        return {
            "objective": self.objective,
            "given": list(self.given),
            "sense": self.sense,
            "value": str(self.value),
            "text": exact_text(self.value),
            "unit": self.unit,
            "value_nats": str(self.value_nats),
            "bounded": self.bounded,
            "theorem": None if self.theorem is None else str(self.theorem.statement),
            "assumptions": [] if self.theorem is None else [str(a) for a in self.theorem.assumptions],
            "certificate": None if self.certificate is None else _certificate_dict(self.certificate),
            "point": _point_dict(self.point, self.variables),
            "ray": _point_dict(self.ray, self.variables),
            "distribution": None if self.distribution is None else self.distribution.as_dict(),
        }

    def __repr__(self) -> str:
        evidence = f", theorem={self.theorem!r}" if self.theorem is not None else ""
        attained = ", attained by a distribution" if self.distribution is not None else ""
        return f"BoundResult({self.sense} {self.objective} = {self.value_text()}{evidence}{attained})"


def _certificate_dict(certificate: Certificate) -> dict[str, Any]:
    return {
        "terms": [[str(c), str(term)] for c, term in certificate.terms],
        "multipliers": [[str(mu), index] for mu, index, _, _ in certificate.multipliers],
    }


def _point_dict(point: dict[frozenset[str], Fraction] | None, variables: Sequence[str]) -> Any:
    if point is None:
        return None
    ordered = sorted(point.items(), key=lambda item: (len(item[0]), sorted(item[0], key=variables.index)))
    return [[sorted(subset, key=variables.index), str(value)] for subset, value in ordered]


# ---------------------------------------------------------------------------------------------
# input
def _sense(objective: str, sense: str | None) -> tuple[str, str]:
    """The sense, from the argument or a leading word of the text (``max I(X;Z)``); they must agree."""
    words = objective.strip().split(None, 1)
    written = SENSES.get(words[0].lower()) if words and len(words) == 2 else None
    body = words[1] if written else objective
    if sense is not None and not isinstance(sense, str):
        raise InvalidStatement(f"sense must be 'max' or 'min', got {sense!r}"[:200])
    chosen = SENSES.get(sense.strip().lower()) if sense is not None else None
    if sense is not None and chosen is None:
        raise InvalidStatement(f"sense must be 'max' or 'min', got {sense!r}"[:200])
    if written and chosen and written != chosen:
        raise InvalidStatement(f"the objective says {written!r} but sense={sense!r}")
    return written or chosen or "max", body


def _constraints(given: str | Statement | Markov | Sequence[Any]) -> list[Statement | Markov]:
    items = [given] if isinstance(given, (str, Statement, Markov)) else list(given)
    parsed: list[Statement | Markov] = []
    for item in items:
        if isinstance(item, (Statement, Markov)):
            parsed.append(item)
        elif isinstance(item, str):
            parsed.append(parse_constraint(item))
        else:
            raise InvalidStatement(f"a constraint is text such as 'I(X;Y) <= 1/2', got {type(item).__name__}")
    return parsed


def _unit(base: Any) -> tuple[sympy.Expr, str]:
    return measures.checked_base(base), measures.unit_name(base)


# ---------------------------------------------------------------------------------------------
# the affine problem
@dataclass
class _Affine:
    """Polymatroids h on the variables with affine constraints: each (kind, form), form(h) >= 0 or = 0."""

    problem: Problem  # the variables and the elemental inequalities (its gap and constraints are unused)
    constraints: list[tuple[str, Form]]

    def vector(self, form: Form) -> dict[int, Fraction]:
        """A form as {mask: value}, the constant at mask 0."""
        return {self.problem.mask(subset): value for subset, value in form.items()}

    def dense(self, form: Form) -> tuple[np.ndarray, float]:
        """A form's float coefficients over the coordinates (row mask - 1) and its constant."""
        vector = np.zeros(self.problem.coordinate_count)
        constant = 0.0
        for mask, value in self.vector(form).items():
            if mask:
                vector[mask - 1] = float(value)
            else:
                constant = float(value)
        return vector, constant

    def check_point(self, point: dict[int, Fraction], constant: int = 1) -> bool:
        """Exactly: every elemental >= 0, every constraint holds (``constant`` 0: the homogeneous parts, a ray)."""
        full = dict(point)
        full[0] = Fraction(constant)
        for elemental in self.problem.elementals:
            if _value(full, self.problem.elemental_vector(elemental)) < 0:
                return False
        for kind, form in self.constraints:
            value = _value(full, self.vector(form))
            if value < 0 or (kind == "eq" and value != 0):
                return False
        return True


def _value(point: dict[int, Fraction], vector: dict[int, Any]) -> Fraction:
    return sum((point.get(mask, Fraction(0)) * value for mask, value in vector.items()), Fraction(0))


def _linprog(**kwargs: Any) -> Any:
    from scipy.optimize import linprog

    return linprog(method="highs-ds", **kwargs)


def _primal(affine: _Affine, objective: np.ndarray, homogeneous: bool = False) -> Any:
    """min objective . h over the polymatroids meeting the constraints (homogeneous: the cone, h(all) <= 1)."""
    from scipy.sparse import csr_matrix, vstack

    problem = affine.problem
    rows = [-problem.elemental_matrix().T.tocsr()]
    rhs = [np.zeros(problem.elemental_count)]
    eq_rows, eq_rhs = [], []
    for kind, form in affine.constraints:
        vector, constant = affine.dense(form)
        constant = 0.0 if homogeneous else constant
        if kind == "eq":
            eq_rows.append(vector)
            eq_rhs.append(-constant)
        else:
            rows.append(csr_matrix(-vector.reshape(1, -1)))
            rhs.append(np.array([constant]))
    if homogeneous:
        full = np.zeros(problem.coordinate_count)
        full[-1] = 1.0
        rows.append(csr_matrix(full.reshape(1, -1)))
        rhs.append(np.array([1.0]))
    kwargs: dict[str, Any] = {"A_eq": np.array(eq_rows), "b_eq": np.array(eq_rhs)} if eq_rows else {}
    return _linprog(
        c=objective, A_ub=vstack(rows, format="csr"), b_ub=np.concatenate(rhs), bounds=(None, None), **kwargs
    )


def _exact_point(
    affine: _Affine, floats: np.ndarray, constant: int = 1, goal: Form | None = None, level: float = 0.0
) -> dict[int, Fraction] | None:
    """The float point (or ray) rebuilt in exact rationals and checked; the active constraints solved exactly else.

    With ``goal``, a rebuilt point counts only when the goal's value there is within 1e-7 of ``level`` (the LP's
    optimum): rounding must not land on a feasible point that is not optimal.
    """
    count = affine.problem.coordinate_count

    def near(point: dict[int, Fraction]) -> bool:
        if goal is None:
            return True
        full = {**point, 0: Fraction(constant)}
        return abs(float(_value(full, affine.vector(goal))) - level) <= 1e-7 * max(1.0, abs(level))

    for bound in DENOMINATORS:
        values = rationalize(floats, bound)
        point = {mask: values[mask - 1] for mask in range(1, count + 1)}
        if near(point) and affine.check_point(point, constant):
            return point
    # the vertex: the constraints that are tight in floats, solved exactly (columns: coordinates)
    full = np.concatenate([[float(constant)], floats])
    equations: list[tuple[dict[int, Any], Fraction]] = []
    for elemental in affine.problem.elementals:
        counts = affine.problem.elemental_vector(elemental)
        if abs(sum(value * full[mask] for mask, value in counts.items())) < 1e-7:
            equations.append(({m: Fraction(v) for m, v in counts.items()}, Fraction(0)))
    for _, form in affine.constraints:
        vector = affine.vector(form)
        if abs(sum(float(value) * full[mask] for mask, value in vector.items())) < 1e-7:
            linear = {m: v for m, v in vector.items() if m}
            equations.append((linear, -vector.get(0, Fraction(0)) * constant))
    columns: list[dict[int, Fraction]] = [{} for _ in range(count)]
    target: dict[int, Fraction] = {}
    for row, (vector, value) in enumerate(equations):
        for mask, coefficient in vector.items():
            columns[mask - 1][row] = Fraction(coefficient)
        if value:
            target[row] = value
    solution = solve_exact(columns, target) if equations else None
    if solution is None:
        return None
    point = {mask: solution[mask - 1] for mask in range(1, count + 1)}
    return point if near(point) and affine.check_point(point, constant) else None


def _combination(affine: _Affine, target: Form) -> Certificate | None:
    """An exact, checked certificate target == sum c_k elemental_k + sum mu_j constraint_j (c >= 0, mu_ge >= 0).

    Found by an LP of least L1 norm (a sparse combination), then rebuilt in rationals.
    """
    from scipy.sparse import csc_matrix, hstack, vstack

    problem = affine.problem
    elemental = vstack([problem.elemental_matrix(), csc_matrix((1, problem.elemental_count))], format="csc")
    given_columns = []
    for _, form in affine.constraints:
        vector, constant = affine.dense(form)
        given_columns.append(np.concatenate([vector, [constant]]))
    kinds = [kind for kind, _ in affine.constraints]
    equalities = [k for k, kind in enumerate(kinds) if kind == "eq"]
    blocks = [elemental]
    if given_columns:
        given = csc_matrix(np.array(given_columns).T)
        blocks.append(given)
        if equalities:
            blocks.append(-given[:, equalities])
    matrix = hstack(blocks, format="csc")
    linear, constant = affine.dense(target)
    result = _linprog(
        c=np.ones(matrix.shape[1]), A_eq=matrix, b_eq=np.concatenate([linear, [constant]]), bounds=(0, None)
    )
    if result.status != 0:
        return None
    m, c = problem.elemental_count, len(kinds)
    weights = result.x[:m]
    multipliers = result.x[m : m + c].copy()
    for offset, k in enumerate(equalities):
        multipliers[k] -= result.x[m + c + offset]
    chosen = [k for k in range(m) if weights[k] > TOLERANCE]
    used = [k for k in range(c) if abs(multipliers[k]) > TOLERANCE]
    elementals = [problem.elementals[k] for k in chosen]

    def build(ws: Sequence[Fraction], mus: Sequence[Fraction]) -> Certificate:
        terms = tuple((w, problem.elemental_term(e)) for e, w in zip(elementals, ws) if w)
        given = tuple((mu, k, kinds[k], affine.constraints[k][1]) for k, mu in zip(used, mus) if mu)
        return Certificate(target, terms, given)

    for bound in DENOMINATORS:
        candidate = build(rationalize(weights[chosen], bound), rationalize(multipliers[used], bound))
        if candidate.check():
            return candidate
    columns: list[dict[int, Fraction]] = [
        {mask: Fraction(v) for mask, v in problem.elemental_vector(e).items()} for e in elementals
    ]
    columns += [affine.vector(affine.constraints[k][1]) for k in used]
    solution = solve_exact(columns, affine.vector(target))
    if solution is None:
        return None
    candidate = build(solution[: len(chosen)], solution[len(chosen) :])
    return candidate if candidate.check() else None


# ---------------------------------------------------------------------------------------------
# attaining distributions
def _rank_vectors(q: int, k: int, n: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """(subspace indices, rank of every mask) of every assignment of subspaces of GF(q)^k to n variables."""
    lattice = subspace_lattice(q, k)
    found = []
    for choice in product(range(len(lattice.bases)), repeat=n):
        sums = [0] * (1 << n)
        for mask in range(1, 1 << n):
            low = (mask & -mask).bit_length() - 1
            sums[mask] = int(lattice.join[sums[mask & (mask - 1)], choice[low]])
        found.append((choice, tuple(int(lattice.dims[s]) for s in sums)))
    return found


#: (q, k) of the linear candidates, by number of variables (the search stays within a fraction of a second).
_FIELDS = {
    1: ((2, 1), (3, 1), (2, 2)),
    2: ((2, 1), (2, 2), (3, 2)),
    3: ((2, 1), (2, 2), (3, 2), (2, 3)),
    4: ((2, 1), (2, 2), (3, 2)),
}


def _candidates(n: int, log_q: dict[int, float]) -> Any:
    """(description, q, k, choice, erased mask, float entropy of every mask in the unit) of each candidate.

    A linear candidate: uniform sources over GF(q) and a subspace of linear forms per variable. With erasures:
    one fair coin E, and the variables of the erased mask show a symbol * instead of their value when E = 1
    (so H(X_A) = log 2 + (r(A) + r(A minus the erased)) log q / 2 when A meets the erased mask): an erasure
    channel reaches the halves of a unit that linear distributions alone cannot.
    """
    for q, k in _FIELDS.get(n, ()):
        vectors = _rank_vectors(q, k, n)
        for erased in range(1 << n):  # no erasure first: the plainest distribution that attains the value
            for choice, ranks in vectors:
                entropies = [0.0] * (1 << n)
                for mask in range(1, 1 << n):
                    if mask & erased:
                        clean = mask & ~erased
                        entropies[mask] = log_q[2] + (ranks[mask] + ranks[clean]) * log_q[q] / 2
                    else:
                        entropies[mask] = ranks[mask] * log_q[q]
                yield q, k, choice, erased, entropies


def _table(q: int, k: int, choice: Sequence[int], erased: int) -> dict[tuple[int, ...], Fraction]:
    lattice = subspace_lattice(q, k)
    bases = [lattice.bases[i] for i in choice]
    table: dict[tuple[int, ...], Fraction] = {}
    weight = Fraction(1, q**k) * (Fraction(1, 2) if erased else 1)
    star = q**k  # the erasure symbol: no value of a variable is this large
    for source in product(range(q), repeat=k):
        values = [
            int(sum(sum(a * b for a, b in zip(row, source)) % q * q**i for i, row in enumerate(basis)))
            for basis in bases
        ]
        for coin in (0, 1) if erased else (0,):
            outcome = tuple(star if coin and erased >> i & 1 else value for i, value in enumerate(values))
            table[outcome] = table.get(outcome, Fraction(0)) + weight
    return table


def _describe(variables: Sequence[str], q: int, k: int, choice: Sequence[int], erased: int) -> str:
    lattice = subspace_lattice(q, k)
    used = sorted({j for i in choice for row in lattice.bases[i] for j, c in enumerate(row) if c})
    sources = ", ".join(f"U{j + 1}" for j in used) or "no source"
    parts = []
    for i, name in enumerate(variables):
        basis = lattice.bases[choice[i]]
        forms = [" + ".join((f"{c} " if c != 1 else "") + f"U{j + 1}" for j, c in enumerate(row) if c) for row in basis]
        value = "constant" if not forms else forms[0] if len(forms) == 1 else "(" + ", ".join(forms) + ")"
        parts.append(f"{name} = {value}" + (" (erased when E = 1)" if erased >> i & 1 else ""))
    coin = "; E a fair coin, independent of them" if erased else ""
    return f"{sources} uniform on GF({q}) and independent{coin}; " + "; ".join(parts)


def _attaining(
    affine: _Affine, objective: Form, value: Fraction, relation: str, base: sympy.Expr
) -> Distribution | None:
    """A distribution whose entropies meet every constraint and whose objective is ``relation`` ("=" or "<")
    the value, checked exactly (symkl's measures, exact comparison), or None when no candidate is."""
    variables = affine.problem.variables
    n = len(variables)
    if not 1 <= n <= MAX_SEARCH_VARIABLES:
        return None
    unit = float(sympy.log(base)) if base != sympy.E else 1.0
    log_q = {q: math.log(q) / unit for q in (2, 3)}
    forms = [(kind, affine.vector(form)) for kind, form in affine.constraints]
    goal = affine.vector(objective)
    checked = 0
    for q, k, choice, erased, entropies in _candidates(n, log_q):

        def value_of(vector: dict[int, Fraction], h: list[float] = entropies) -> float:
            return sum(float(c) * (h[m] if m else 1.0) for m, c in vector.items())

        reached = value_of(goal) - float(value)
        if (relation == "=" and abs(reached) > TOLERANCE) or (relation == "<" and reached >= -TOLERANCE):
            continue
        if any((v := value_of(vector)) < -TOLERANCE or (kind == "eq" and abs(v) > TOLERANCE) for kind, vector in forms):
            continue
        table = _table(q, k, choice, erased)
        if _exact_attains(variables, table, forms, goal, value, relation, base):
            return Distribution(tuple(variables), table, _describe(variables, q, k, choice, erased))
        checked += 1
        if checked > 20:
            return None
    return None


def _exact_attains(
    variables: Sequence[str],
    table: dict[tuple[int, ...], Fraction],
    forms: Sequence[tuple[str, dict[int, Fraction]]],
    goal: dict[int, Fraction],
    value: Fraction,
    relation: str,
    base: sympy.Expr,
) -> bool:
    """Exactly, with symkl's measures (nats): each constraint holds and the objective is = (or <) the value."""
    joint = JointDistribution({key: str(p) for key, p in table.items()}, names=tuple(variables))
    unit = sympy.log(base)
    entropy: dict[int, sympy.Expr] = {0: unit}  # the constant coordinate: a constant c is c * log(base) nats
    for mask in range(1, 1 << len(variables)):
        names = [name for i, name in enumerate(variables) if mask >> i & 1]
        entropy[mask] = measures.joint_entropy(joint.marginal(names))

    def exact(vector: dict[int, Fraction]) -> sympy.Expr:
        return sympy.Add(*(sympy.Rational(c.numerator, c.denominator) * entropy[m] for m, c in vector.items()))

    for kind, vector in forms:
        sign = compare(exact(vector), 0)
        if sign < 0 or (kind == "eq" and sign != 0):
            return False
    sign = compare(exact(goal), sympy.Rational(value.numerator, value.denominator) * unit)
    return sign == 0 if relation == "=" else sign < 0


# ---------------------------------------------------------------------------------------------
# the optimum
def _setup(
    objective: tuple[tuple[tuple[Term, Fraction], ...], Fraction], constraints: Sequence[Statement | Markov]
) -> tuple[_Affine, Form, list[Any]]:
    names = set().union(*(term.names() for term, _ in objective[0])) if objective[0] else set()
    names = names.union(*(c.names() for c in constraints))
    if len(names) > MAX_VARIABLES:
        raise InvalidStatement(
            f"the objective and its constraints name {len(names)} random variables; bound takes at most {MAX_VARIABLES}"
        )
    forms: list[tuple[str, Form]] = []
    for constraint in constraints:
        if isinstance(constraint, Markov):
            forms += [("eq", combination_form([(link, Fraction(1))])) for link in constraint.links()]
        else:
            forms.append(("eq" if constraint.relation == "=" else "ge", affine_gap_form(constraint)))
    goal = combination_form(objective[0])
    add_scaled(goal, {CONSTANT: objective[1]})
    affine = _Affine(Problem(sorted(names), {}, []), forms)
    return affine, goal, []


def _infeasible(affine: _Affine, constraints: Sequence[Statement | Markov]) -> InvalidStatement:
    given = "; ".join(str(c) for c in constraints)
    farkas = _combination(affine, {CONSTANT: Fraction(-1)})
    if farkas is None:
        return InvalidStatement(f"the constraints ({given}) appear infeasible: no polymatroid meets them (the LP)")
    used = sorted({index for _, index, _, _ in farkas.multipliers})
    which = "; ".join(str(c) for c in _sources(constraints, used))
    return InvalidStatement(
        f"the constraints are infeasible: no entropies meet them (with Shannon's inequalities, {which} "
        "imply 0 <= -1; checked exactly)"
    )


def _sources(constraints: Sequence[Statement | Markov], indices: Sequence[int]) -> list[Any]:
    flat: list[Any] = []
    for constraint in constraints:
        flat += [constraint] * (len(constraint.links()) if isinstance(constraint, Markov) else 1)
    chosen: list[Any] = []
    for index in indices:
        if flat[index] not in chosen:
            chosen.append(flat[index])
    return chosen


def bound(
    objective: str,
    given: str | Sequence[Any] = (),
    sense: str | None = None,
    base: Any = None,
    search: bool = True,
) -> BoundResult:
    """The exact maximum (``sense="max"``, the default) or minimum of a linear combination of entropies and
    mutual informations over the Shannon outer bound: every polymatroid meeting the constraints.

    ``objective`` is text (``"I(X;Z)"``, or ``"max I(X;Z)"``); ``given`` constraints are Markov chains and
    (in)equalities that may hold rational constants, in nats unless ``base`` is given (``base=2``: bits).
    Returns a :class:`BoundResult`: the exact ``value`` (a SymPy rational, or ``oo``/``-oo``), the kernel
    ``theorem`` ``objective <= value`` (``>=`` for a minimum) with the constraints as its assumptions,
    the exact optimal polymatroid ``point``, and, when ``search`` finds one among small linear
    distributions (with erasures), a ``distribution`` that attains the value, re-checked exactly.
    Infeasible constraints, an unknown sense or a nonlinear objective raise ``InvalidStatement``.

    Parameters
    ----------
    objective : str
        A linear combination of entropies and mutual informations, optionally led by ``max`` or ``min``.
    given : str or sequence of str, optional
        Constraints: Markov chains and (in)equalities with rational constants.
    sense : {"max", "min"}, optional
        Maximum (the default) or minimum, unless the objective names it.
    base : optional
        Unit of the constants and of the value (nats by default; ``2`` for bits).
    search : bool, optional
        Search small linear distributions for one attaining the value (default ``True``).

    Returns
    -------
    BoundResult
        The exact ``value`` (``oo`` with a ray when unbounded), the kernel ``theorem``, the optimal polymatroid
        ``point`` and, when found, an attaining ``distribution``.

    Raises
    ------
    InvalidStatement
        Infeasible constraints (with an exact contradiction), an unknown sense, or a nonlinear objective.
    """
    start = time.monotonic()
    if not isinstance(objective, str):
        raise InvalidStatement(f"an objective is text such as 'I(X;Z)', got {type(objective).__name__}")
    chosen, body = _sense(objective, sense)
    return _bound(body.strip(), parse_objective(body), _constraints(given), chosen, base, search, start)


Objective = tuple[tuple[tuple[Term, Fraction], ...], Fraction]


def _bound(
    label: str,
    parsed: Objective,
    constraints: Sequence[Statement | Markov],
    chosen: str,
    base: Any,
    search: bool,
    start: float,
) -> BoundResult:
    base_value, unit_name = _unit(base)
    unit = sympy.log(base_value)
    affine, goal, _ = _setup(parsed, constraints)
    sign = 1 if chosen == "max" else -1
    linear, constant = affine.dense(goal)
    result = BoundResult(
        label,
        tuple(str(c) for c in constraints),
        chosen,
        sympy.S.Zero,
        unit_name,
        base_value,
        variables=tuple(affine.problem.variables),
    )
    if not affine.problem.variables:  # a constant objective (every term cancelled) and no variables
        if any(
            (v := form.get(CONSTANT, Fraction(0))) < 0 or (kind == "eq" and v != 0) for kind, form in affine.constraints
        ):
            raise InvalidStatement("the constraints are infeasible (they compare constants only, and fail)")
        value = goal.get(CONSTANT, Fraction(0))
        return _finish(result, parsed, affine, goal, value, {}, constraints, unit, start, search)
    solution = _primal(affine, -sign * linear)
    if solution.status == 2:
        raise _infeasible(affine, constraints)
    if solution.status == 3 or (solution.status == 4 and _feasible(affine)):
        return _unbounded(result, affine, goal, sign, start)
    if solution.status != 0:
        raise InvalidStatement(f"the linear program failed: {solution.message}")
    level = float(np.dot(linear, solution.x)) + constant
    point = _exact_point(affine, np.asarray(solution.x), goal=goal, level=level)
    if point is None:
        raise InvalidStatement("the optimum could not be rebuilt in exact rationals (numerical trouble in the LP)")
    full = dict(point)
    full[0] = Fraction(1)
    value = _value(full, affine.vector(goal))
    return _finish(result, parsed, affine, goal, value, point, constraints, unit, start, search)


def _feasible(affine: _Affine) -> bool:
    return bool(_primal(affine, np.zeros(affine.problem.coordinate_count)).status == 0)


def _finish(
    result: BoundResult,
    parsed: Objective,
    affine: _Affine,
    goal: Form,
    value: Fraction,
    point: dict[int, Fraction],
    constraints: Sequence[Statement | Markov],
    unit: sympy.Expr,
    start: float,
    search: bool,
) -> BoundResult:
    """The certificate of value - objective >= 0 (objective - value for a minimum), its Theorem, a distribution."""
    sign = 1 if result.sense == "max" else -1
    gap: Form = {CONSTANT: Fraction(sign) * value} if value else {}
    add_scaled(gap, goal, -sign)
    certificate = _combination(affine, gap)
    if certificate is None:
        raise InvalidStatement(
            f"no exact certificate that {result.objective} {'<=' if sign > 0 else '>='} {value} was rebuilt "
            "(numerical trouble in the LP)"
        )
    facts = [fact for constraint in constraints for fact in constraint_relations(constraint, unit)]
    lhs = expression(parsed[0]) + sympy.Rational(parsed[1].numerator, parsed[1].denominator) * unit
    rhs = sympy.Rational(value.numerator, value.denominator) * unit
    target = (sympy.Le if sign > 0 else sympy.Ge)(lhs, rhs, evaluate=False)
    proof = kernel_proof(target, certificate, facts)
    result.value = sympy.Rational(value.numerator, value.denominator)
    result.theorem, result.certificate, result._proof = proof.theorem, certificate, proof
    result.point = {frozenset(affine.problem.names(mask)): v for mask, v in point.items()}
    if search:
        result.distribution = _attaining(affine, goal, value, "=", result.base)
    result.seconds = time.monotonic() - start
    return result


def _unbounded(result: BoundResult, affine: _Affine, goal: Form, sign: int, start: float) -> BoundResult:
    """oo (-oo for a minimum) with an exact feasible point and an exact ray along which the objective grows."""
    linear, _ = affine.dense(goal)
    ray_solution = _primal(affine, -sign * linear, homogeneous=True)
    feasible = _primal(affine, np.zeros(affine.problem.coordinate_count))
    ray = _exact_point(affine, np.asarray(ray_solution.x), constant=0) if ray_solution.status == 0 else None
    point = _exact_point(affine, np.asarray(feasible.x)) if feasible.status == 0 else None
    homogeneous = {key: value for key, value in goal.items() if key != CONSTANT}
    if ray is None or point is None or sign * _value(ray, affine.vector(homogeneous)) <= 0:
        raise InvalidStatement("the objective looks unbounded but no exact ray was rebuilt (numerical trouble)")
    result.value = sympy.oo if sign > 0 else -sympy.oo
    result.point = {frozenset(affine.problem.names(mask)): v for mask, v in point.items()}
    result.ray = {frozenset(affine.problem.names(mask)): v for mask, v in ray.items()}
    result.seconds = time.monotonic() - start
    return result


def describe_form(form: Form) -> str:
    """An affine form as text (its constant last): used in messages."""
    linear = {key: value for key, value in form.items() if key != CONSTANT}
    constant = form.get(CONSTANT, Fraction(0))
    text = show_form(linear)
    return text if not constant else f"{text} {'-' if constant < 0 else '+'} {abs(constant)}"


# ---------------------------------------------------------------------------------------------
# prove() of a statement or constraints with constants
def prove_affine(
    statement: Statement, constraints: Sequence[Statement | Markov], base: Any = None, text: str | None = None
) -> Any:
    """``prove`` for statements with constants (``H(X,Y) <= 2`` given ``H(X) <= 1``, ``H(Y) <= 1``).

    Each direction's gap is ``L + c`` (L linear in the entropies): the exact minimum m of L over the
    constrained polymatroids comes with the Theorem ``L >= m`` (:func:`bound`); when m + c >= 0 the kernel
    combines it with ``m + c >= 0`` (rule ``compute``) into the statement itself. When m + c < 0 the
    optimal polymatroid violates the statement: a distribution among the small linear ones (with erasures)
    that does too, checked exactly, refutes it; otherwise the verdict is not-shannon-type, with the exact
    polymatroid in ``checks``. Constants are in nats unless ``base`` is given.
    """
    base_value, unit_name = _unit(base)
    unit = sympy.log(base_value)
    sources: list[tuple[Any, str]] = []
    for constraint in constraints:
        if isinstance(constraint, Markov):
            sources += [(link, f"Markov chain {constraint}") for link in constraint.links()]
        else:
            sources.append((constraint, "given"))
    result = ProofResult(
        text or statement.text, tuple(str(c) for c in constraints), "unknown", _parsed=(statement, constraints, sources)
    )
    result.checks = {"unit": unit_name}
    left, right = statement.constants
    pairs = [(term, -c) for term, c in statement.lhs] + list(statement.rhs)  # rhs - lhs
    directions = [(1, right - left)] if statement.relation == "<=" else [(-1, left - right)]
    if statement.relation == "=":
        directions.append((1, right - left))
    theorems, certificates = [], []
    for sign, constant in directions:
        objective = tuple((term, sign * c) for term, c in pairs if c)
        label = " + ".join(f"({c}) {term}" for term, c in objective) or "0"
        found = _bound(label, (objective, Fraction(0)), constraints, "min", base_value, False, time.monotonic())
        if found.bounded and found.value + _rational(constant) >= 0:
            slack = (found.value + _rational(constant)) * unit
            gap_theorem = K.compute(sympy.Ge(slack, 0, evaluate=False))
            lhs = expression(statement.lhs) + _rational(left) * unit
            rhs = expression(statement.rhs) + _rational(right) * unit
            target = (sympy.Ge if sign < 0 else sympy.Le)(lhs, rhs, evaluate=False)
            theorems.append(K.combine(target, [(1, found.theorem), (1, gap_theorem)]))
            if found.certificate is not None:
                certificates.append(found.certificate)
            continue
        # the statement fails on a polymatroid: look for a distribution that violates it too
        affine, goal, _ = _setup((objective, constant), constraints)
        hit = _attaining(affine, goal, Fraction(0), "<", base_value)
        if hit is not None:
            joint = hit.joint()
            lhs_value = exact_value(joint, statement.lhs) + _rational(left) * unit
            rhs_value = exact_value(joint, statement.rhs) + _rational(right) * unit
            result.counterexample = Counterexample(hit.variables, hit.table, lhs_value, rhs_value)
            result.verdict = "refuted"
            result.checks["construction"] = hit.description
        else:
            result.verdict = "not-shannon-type"
            result.checks["polymatroid"] = _point_dict(found.point if found.bounded else found.ray, found.variables)
            result.checks["minimum"] = str(found.value)
        return result
    result.theorems = tuple(theorems)
    result.theorem = theorems[0] if len(theorems) == 1 else None
    result.certificates = ()
    result.checks["certificates"] = [_certificate_dict(c) for c in certificates]
    result.verdict = "proved"
    return result


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)
