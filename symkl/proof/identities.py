"""The catalogue of named identities and inequalities, each with its statement, source and proof methods.

Each entry builds its two sides from an *instance* (symbolic distributions of
size n, or random exact ones), so the same statement is proved symbolically,
checked exactly and checked numerically by :mod:`symkl.proof.verification`.

>>> from symkl.proof.identities import CATALOGUE
>>> len(CATALOGUE) >= 30
True
>>> entry = CATALOGUE["cross-entropy-decomposition"]
>>> entry.text, entry.relation
('H(P, Q) = H(P) + D(P || Q)', '==')
>>> entry.statement(2)
Eq(H(P, Q), H(P) + D_KL(P || Q))
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import sympy
from sympy import Expr, Rational, Symbol

from ..exact.distribution import Distribution, JointDistribution
from ..exact.general import SIZE, GeneralDistribution
from ..exact.terms import rel_entr
from ..statements.unevaluated import (
    JS,
    KL,
    ChiSquare,
    ConditionalEntropy,
    ConditionalMutualInformation,
    CrossEntropy,
    Entropy,
    Hellinger,
    JointEntropy,
    MutualInformation,
    RenyiDivergence,
    RenyiEntropy,
    TotalVariation,
)

__all__ = ["CATALOGUE", "Identity", "Instance", "build_instance", "identities"]

Relation = Literal["==", ">=", "<="]
Kind = Literal["one", "pair", "joint2", "joint2pair", "joint3", "markov", "function", "mixture", "vectors", "fixed"]


# ---------------------------------------------------------------------------------------------
# instances
@dataclass
class Instance:
    """Concrete (symbolic or exact) inputs of one identity.

    ``simplices`` lists, for numeric sampling, groups of free symbols that are
    the first k - 1 entries of a distribution on k outcomes (the last entry is
    1 minus their sum), each with whether zero entries may be drawn;
    ``intervals`` symbols in (0, 1); ``positives`` symbols that may take any
    nonnegative value.

    Parameters
    ----------
    values : dict of str to object
        The inputs by name (``"P"``, ``"Q"``, ``"J"``, ``"lam"``, ``"n"``, ...); also read as attributes.
    simplices : list of (tuple of sympy.Symbol, bool), optional
        Groups of free symbols that are the first k - 1 entries of a distribution on k outcomes, each with
        whether zero entries may be drawn.
    intervals : list of sympy.Symbol, optional
        Symbols in (0, 1).
    positives : list of sympy.Symbol, optional
        Symbols that may take any nonnegative value.
    """

    values: dict[str, Any]
    simplices: list[tuple[tuple[Symbol, ...], bool]] = field(default_factory=list)
    intervals: list[Symbol] = field(default_factory=list)
    positives: list[Symbol] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None


class _Source:
    """Where entries come from: positive symbols (symbolic) or random rationals with zeros (exact)."""

    def __init__(self, rng: random.Random | None, zeros: bool = True) -> None:
        self.rng = rng
        self.allow_zeros = zeros
        self.counter = 0
        self.simplices: list[tuple[tuple[Symbol, ...], bool]] = []
        self.intervals: list[Symbol] = []
        self.positives: list[Symbol] = []

    @property
    def symbolic(self) -> bool:
        return self.rng is None

    def _prefix(self) -> str:
        self.counter += 1
        return "abcdefghjkmnrstuvw"[self.counter - 1] if self.counter <= 18 else f"z{self.counter}_"

    def simplex(self, size: int, zeros: bool = True) -> list[Expr]:
        """size probabilities summing to 1."""
        if self.rng is None:
            prefix = self._prefix()
            symbols = [Symbol(f"{prefix}{index}", positive=True) for index in range(1, size)]
            self.simplices.append((tuple(symbols), zeros))
            return [*symbols, 1 - sympy.Add(*symbols)]
        low = 0 if zeros and self.allow_zeros else 1
        weights = [self.rng.randint(low, 12) for _ in range(size)]
        if sum(weights) == 0:
            weights[self.rng.randrange(size)] = 1
        total = sum(weights)
        return [Rational(w, total) for w in weights]

    def fraction(self) -> Expr:
        """A weight strictly between 0 and 1."""
        if self.rng is None:
            symbol = Symbol("lambda", positive=True)
            self.intervals.append(symbol)
            return symbol
        return Rational(self.rng.randint(1, 9), 10)

    def nonnegatives(self, size: int) -> list[Expr]:
        """size nonnegative numbers (not normalised)."""
        if self.rng is None:
            prefix = self._prefix()
            symbols = [Symbol(f"{prefix}{index}", positive=True) for index in range(1, size + 1)]
            self.positives.extend(symbols)
            return symbols
        values = [Rational(self.rng.randint(0, 9), self.rng.randint(1, 4)) for _ in range(size)]
        if all(v == 0 for v in values):
            values[0] = Rational(1)
        return values


def _table(values: Sequence[Expr], shape: Sequence[int]) -> dict[tuple[int, ...], Expr]:
    from itertools import product

    return dict(zip(product(*(range(s) for s in shape)), values))


def build_instance(kind: Kind, n: int, rng: random.Random | None = None, zeros: bool = True) -> Instance:
    """Symbolic (rng None) or random exact inputs of a given kind and size.

    >>> build_instance("pair", 2).values["P"].probabilities
    (a1, 1 - a1)

    Parameters
    ----------
    kind : str
        The kind of inputs: ``"one"``, ``"pair"``, ``"joint2"``, ``"joint2pair"``, ``"joint3"``, ``"markov"``,
        ``"function"``, ``"mixture"``, ``"vectors"`` or ``"fixed"``.
    n : int
        The number of outcomes.
    rng : random.Random, optional
        None (the default) for symbolic entries (positive symbols); a generator for random exact rationals.
    zeros : bool, optional
        Whether random entries may be zero (default True).

    Returns
    -------
    Instance
        The inputs, with the free symbols' ranges for numeric sampling.
    """
    source = _Source(rng, zeros)
    values: dict[str, Any] = {"n": n}
    if kind == "one":
        values["P"] = Distribution(source.simplex(n), name="P")
    elif kind == "pair":
        values["P"] = Distribution(source.simplex(n), name="P")
        values["Q"] = Distribution(source.simplex(n, zeros=False), name="Q")
    elif kind == "joint2":
        values["J"] = JointDistribution(_table(source.simplex(n * n), (n, n)), names=("X", "Y"))
    elif kind == "joint2pair":
        values["J"] = JointDistribution(_table(source.simplex(n * n), (n, n)), names=("X", "Y"))
        values["K"] = JointDistribution(_table(source.simplex(n * n, zeros=False), (n, n)), names=("X", "Y"))
    elif kind == "joint3":
        values["J"] = JointDistribution(_table(source.simplex(n * 4), (n, 2, 2)), names=("X", "Y", "Z"))
    elif kind == "markov":
        px = source.simplex(n)
        channel_y = [source.simplex(n) for _ in range(n)]
        channel_z = [source.simplex(2) for _ in range(n)]
        cells = {
            (x, y, z): px[x] * channel_y[x][y] * channel_z[y][z] for x in range(n) for y in range(n) for z in range(2)
        }
        values["J"] = JointDistribution(cells, names=("X", "Y", "Z"))
    elif kind == "function":
        P = source.simplex(n)
        values["J"] = JointDistribution({(x, x // 2): P[x] for x in range(n)}, names=("X", "G"))
    elif kind == "mixture":
        values.update(
            P1=Distribution(source.simplex(n), name="P1"),
            P2=Distribution(source.simplex(n), name="P2"),
            Q1=Distribution(source.simplex(n, zeros=False), name="Q1"),
            Q2=Distribution(source.simplex(n, zeros=False), name="Q2"),
            lam=source.fraction(),
        )
    elif kind == "vectors":
        values["a"] = source.nonnegatives(n)
        values["b"] = [b + (0 if source.symbolic else Rational(1, 7)) for b in source.nonnegatives(n)]
    elif kind != "fixed":
        raise ValueError(f"unknown instance kind {kind!r}")
    return Instance(values, source.simplices, source.intervals, source.positives)


def _uniform(inst: Instance) -> Any:
    """The uniform distribution on the instance's n outcomes (general n too)."""
    if isinstance(inst.P, GeneralDistribution):
        return GeneralDistribution.uniform()
    return Distribution([Rational(1, inst.n)] * inst.n, name="U")


def general_instance() -> Instance:
    """P = (p_1, ..., p_n), Q = (q_1, ..., q_n) for a symbolic size n."""
    return Instance({"n": SIZE, "P": GeneralDistribution.symbolic("p"), "Q": GeneralDistribution.symbolic("q")})


def _midpoint(P: Any, Q: Any) -> Any:
    if isinstance(P, GeneralDistribution):
        return GeneralDistribution("M", (P.entry + Q.entry) / 2)
    return _mix(Rational(1, 2), P, Q, "M")


def _mix(lam: Expr, first: Distribution, second: Distribution, name: str) -> Distribution:
    return Distribution([lam * a + (1 - lam) * b for a, b in zip(first.probabilities, second.probabilities)], name=name)


# ---------------------------------------------------------------------------------------------
# the catalogue
ALPHA = Symbol("alpha", positive=True)  #: the order of the Renyi measures in the limit results
Sides = Callable[[Instance], tuple[Expr, Expr]]
Witness = Callable[[Instance], list[tuple[Expr, Distribution, Distribution]]]


@dataclass(frozen=True)
class Identity:
    """A named result: ``lhs relation rhs`` for every instance of its kind.

    ``witness`` (for ``>=``/``<=``) writes the gap as a nonnegative
    combination of KL divergences, which reduces the proof to Gibbs'
    inequality; ``proof`` names another symbolic proof ("gibbs", "pinsker",
    "entropy-nonnegative", "js-upper", "limit"); without either, no symbolic
    proof is available and the result says so.

    Parameters
    ----------
    name : str
        The identity's name (``"chain-rule"``, ``"change-of-base"``, ...).
    text : str
        The statement in words and symbols.
    source : str
        Where it comes from (a book and section).
    kind : str
        The kind of instance it holds for (see :func:`build_instance`).
    relation : {"==", ">=", "<="}
        The relation between the two sides.
    sides : callable
        ``sides(instance)``: the (lhs, rhs) expressions of unevaluated measures.
    witness : callable, optional
        ``witness(instance)``: weights and pairs (w, A, B) with the gap equal to sum w D(A || B).
    proof : str, optional
        The name of another symbolic proof (``"gibbs"``, ``"pinsker"``, ``"entropy-nonnegative"``,
        ``"js-upper"``, ``"limit"``).
    general_n : bool, optional
        Whether a proof for every size n exists (default False).
    sizes : tuple of int, optional
        The sizes it is stated for, if restricted.
    equality_case : callable, optional
        ``equality_case(rng, n)``: an instance where equality holds.
    zeros : bool, optional
        Whether random instances may have zero probabilities (default True).
    """

    name: str
    text: str
    source: str
    kind: Kind
    relation: Relation
    sides: Sides
    witness: Witness | None = None
    proof: str | None = None
    general_n: bool = False
    sizes: tuple[int, ...] = ()
    equality_case: Callable[[random.Random, int], Instance] | None = None
    zeros: bool = True  # whether random instances may have zero probabilities

    def instance(self, n: int, rng: random.Random | None = None) -> Instance:
        return build_instance(self.kind, n, rng, self.zeros)

    def statement(self, n: int = 2) -> sympy.Basic:
        """The statement as a SymPy relation of unevaluated measures on symbolic inputs."""
        return self.claim(self.instance(self.size(n)))

    def claim(self, instance: Instance) -> sympy.Basic:
        """The statement on one instance: the relation a proof must prove, exactly."""
        lhs, rhs = self.sides(instance)
        if self.proof == "limit":  # lim_{alpha -> 1} lhs = rhs
            lhs = sympy.Limit(lhs, ALPHA, 1, "+-")
        relation = {"==": sympy.Eq, ">=": sympy.GreaterThan, "<=": sympy.LessThan}[self.relation]
        return relation(lhs, rhs, evaluate=False)

    def size(self, n: int) -> int:
        """The instance size used for a requested n (some results are stated for one size only)."""
        return n if not self.sizes else (n if n in self.sizes else self.sizes[0])

    @property
    def methods(self) -> tuple[str, ...]:
        symbolic = self.relation == "==" or self.witness is not None or self.proof is not None
        return ("symbolic", "exact", "numeric") if symbolic else ("exact", "numeric")


def _uniform_case(rng: random.Random, n: int) -> Instance:
    return Instance({"n": n, "P": Distribution([Rational(1, n)] * n, name="P")})


def _equal_pair_case(rng: random.Random, n: int) -> Instance:
    P = build_instance("one", n, rng).P
    return Instance({"n": n, "P": P, "Q": P.with_name("Q")})


def _independent_case(rng: random.Random, n: int) -> Instance:
    source = _Source(rng)
    px, py = source.simplex(n), source.simplex(n)
    return Instance({"n": n, "J": JointDistribution({(x, y): px[x] * py[y] for x in range(n) for y in range(n)})})


def _conditionally_independent_case(rng: random.Random, n: int) -> Instance:
    source = _Source(rng)
    pz = source.simplex(2)
    px = [source.simplex(n) for _ in range(2)]
    py = [source.simplex(2) for _ in range(2)]
    cells = {(x, y, z): pz[z] * px[z][x] * py[z][y] for x in range(n) for y in range(2) for z in range(2)}
    return Instance({"n": n, "J": JointDistribution(cells, names=("X", "Y", "Z"))})


def _product(J: JointDistribution, first: list[str], second: list[str], given: list[str] | None = None) -> Distribution:
    """p(first, given) p(second, given) / p(given) on the cells of J (the product of the marginals)."""
    given = given or []
    a, b = J.marginal_cells(first + given), J.marginal_cells(second + given)
    c = J.marginal_cells(given) if given else {(): sympy.Integer(1)}
    index = {name: position for position, name in enumerate(J.names)}
    cells = {}
    for outcome, _ in J.cells():
        x = tuple(outcome[index[name]] for name in first)
        y = tuple(outcome[index[name]] for name in second)
        z = tuple(outcome[index[name]] for name in given)
        weight = c[z]
        cells[outcome] = 0 if weight == 0 else a[x + z] * b[y + z] / weight
    return Distribution(cells, name="product")


def _joint(J: JointDistribution, name: str = "p") -> Distribution:
    return J.joint.with_name(name)


def _kl_chain_sides(inst: Instance) -> tuple[Expr, Expr]:
    J, K = inst.J, inst.K
    conditional = sympy.Integer(0)
    p_cond, q_cond = J.conditional("Y", given="X"), K.conditional("Y", given="X")
    px = J.marginal("X")
    for x, weight in zip(px.outcomes, px.probabilities):
        if x in p_cond and x in q_cond:
            conditional += weight * KL(p_cond[x].with_name(f"p(y|x={x})"), q_cond[x].with_name(f"q(y|x={x})"))
    marginals = KL(J.marginal("X").with_name("p(x)"), K.marginal("X").with_name("q(x)"))
    return KL(_joint(J), _joint(K, "q")), marginals + conditional


def _independence_witness(inst: Instance) -> list[tuple[Expr, Distribution, Distribution]]:
    """I(X; Y) = D(p(x, y) || p(x) p(y)): the gap of each independence inequality."""
    return [(sympy.Integer(1), _joint(inst.J), _product(inst.J, ["X"], ["Y"]))]


def _convexity_witness(inst: Instance) -> list[tuple[Expr, Distribution, Distribution]]:
    """Log-sum on each outcome: the gap is sum_i m_i D(A_i || B_i) with two-point A_i, B_i (Cover & Thomas 2.7.2)."""
    terms = []
    lam = inst.lam
    for i, (p1, p2, q1, q2) in enumerate(zip(*(d.probabilities for d in (inst.P1, inst.P2, inst.Q1, inst.Q2))), 1):
        m, mq = lam * p1 + (1 - lam) * p2, lam * q1 + (1 - lam) * q2
        A = Distribution([lam * p1 / m, (1 - lam) * p2 / m], name=f"A{i}")
        B = Distribution([lam * q1 / mq, (1 - lam) * q2 / mq], name=f"B{i}")
        terms.append((m, A, B))
    return terms


def _log_sum_sides(inst: Instance) -> tuple[Expr, Expr]:
    a, b = inst.a, inst.b
    return sympy.Add(*(rel_entr(x, y) for x, y in zip(a, b))), rel_entr(sympy.Add(*a), sympy.Add(*b))


def _log_sum_witness(inst: Instance) -> list[tuple[Expr, Distribution, Distribution]]:
    total_a, total_b = sympy.Add(*inst.a), sympy.Add(*inst.b)
    A = Distribution([x / total_a for x in inst.a], name="A")
    B = Distribution([y / total_b for y in inst.b], name="B")
    return [(total_a, A, B)]


def _grouping_sides(inst: Instance) -> tuple[Expr, Expr]:
    p1, p2, p3 = inst.P.probabilities
    s = p1 + p2
    return Entropy(inst.P), Entropy(Distribution([s, p3], name="S")) + s * Entropy(
        Distribution([p1 / s, p2 / s], name="T")
    )


def _mi_self_sides(inst: Instance) -> tuple[Expr, Expr]:
    P = inst.P
    J = JointDistribution({(x, x): p for x, p in zip(P.outcomes, P.probabilities)}, names=("X", "X'"))
    return MutualInformation(J, "X", "X'"), Entropy(J.marginal("X"))


_CT = "Cover & Thomas, Elements of Information Theory (2nd ed., 2006)"

_ENTRIES: list[Identity] = [
    Identity(
        "cross-entropy-decomposition",
        "H(P, Q) = H(P) + D(P || Q)",
        "Murphy, Machine Learning: A Probabilistic Perspective (2012), sec. 2.8.2",
        "pair",
        "==",
        lambda i: (CrossEntropy(i.P, i.Q), Entropy(i.P) + KL(i.P, i.Q)),
        general_n=True,
    ),
    Identity(
        "change-of-base",
        "H_2(P) = H_e(P) / log 2",
        f"{_CT}, Lemma 2.1.2",
        "one",
        "==",
        lambda i: (Entropy(i.P, base=2), Entropy(i.P) / sympy.log(2)),
        general_n=True,
    ),
    Identity(
        "entropy-from-uniform",
        "H(P) = log |X| - D(P || U)",
        f"{_CT}, proof of Theorem 2.6.4",
        "one",
        "==",
        lambda i: (Entropy(i.P), sympy.log(i.n) - KL(i.P, _uniform(i))),
        general_n=True,
    ),
    Identity(
        "chain-rule",
        "H(X, Y) = H(X) + H(Y | X)",
        f"{_CT}, Theorem 2.2.1",
        "joint2",
        "==",
        lambda i: (JointEntropy(i.J, ["X", "Y"]), JointEntropy(i.J, ["X"]) + ConditionalEntropy(i.J, "Y", "X")),
    ),
    Identity(
        "chain-rule-conditional",
        "H(X, Y | Z) = H(X | Z) + H(Y | X, Z)",
        f"{_CT}, Corollary to Theorem 2.2.1",
        "joint3",
        "==",
        lambda i: (
            ConditionalEntropy(i.J, ["X", "Y"], "Z"),
            ConditionalEntropy(i.J, "X", "Z") + ConditionalEntropy(i.J, "Y", ["X", "Z"]),
        ),
    ),
    Identity(
        "chain-rule-three",
        "H(X, Y, Z) = H(X) + H(Y | X) + H(Z | X, Y)",
        f"{_CT}, Theorem 2.5.1",
        "joint3",
        "==",
        lambda i: (
            JointEntropy(i.J, ["X", "Y", "Z"]),
            JointEntropy(i.J, ["X"]) + ConditionalEntropy(i.J, "Y", "X") + ConditionalEntropy(i.J, "Z", ["X", "Y"]),
        ),
    ),
    Identity(
        "mi-entropy-x",
        "I(X; Y) = H(X) - H(X | Y)",
        f"{_CT}, Theorem 2.4.1",
        "joint2",
        "==",
        lambda i: (MutualInformation(i.J, "X", "Y"), JointEntropy(i.J, ["X"]) - ConditionalEntropy(i.J, "X", "Y")),
    ),
    Identity(
        "mi-entropy-y",
        "I(X; Y) = H(Y) - H(Y | X)",
        f"{_CT}, Theorem 2.4.1",
        "joint2",
        "==",
        lambda i: (MutualInformation(i.J, "X", "Y"), JointEntropy(i.J, ["Y"]) - ConditionalEntropy(i.J, "Y", "X")),
    ),
    Identity(
        "mi-joint-entropy",
        "I(X; Y) = H(X) + H(Y) - H(X, Y)",
        f"{_CT}, Theorem 2.4.1",
        "joint2",
        "==",
        lambda i: (
            MutualInformation(i.J, "X", "Y"),
            JointEntropy(i.J, ["X"]) + JointEntropy(i.J, ["Y"]) - JointEntropy(i.J, ["X", "Y"]),
        ),
    ),
    Identity(
        "mi-symmetry",
        "I(X; Y) = I(Y; X)",
        f"{_CT}, Theorem 2.4.1",
        "joint2",
        "==",
        lambda i: (MutualInformation(i.J, "X", "Y"), MutualInformation(i.J, "Y", "X")),
    ),
    Identity(
        "mi-self",
        "I(X; X) = H(X)",
        f"{_CT}, Theorem 2.4.1",
        "one",
        "==",
        _mi_self_sides,
    ),
    Identity(
        "mi-as-kl",
        "I(X; Y) = D(p(x, y) || p(x) p(y))",
        f"{_CT}, eq. (2.28)",
        "joint2",
        "==",
        lambda i: (MutualInformation(i.J, "X", "Y"), KL(_joint(i.J), _product(i.J, ["X"], ["Y"]))),
    ),
    Identity(
        "mi-chain-rule",
        "I(X, Y; Z) = I(X; Z) + I(Y; Z | X)",
        f"{_CT}, Theorem 2.5.2",
        "joint3",
        "==",
        lambda i: (
            MutualInformation(i.J, ["X", "Y"], "Z"),
            MutualInformation(i.J, "X", "Z") + ConditionalMutualInformation(i.J, "Y", "Z", "X"),
        ),
    ),
    Identity(
        "kl-chain-rule",
        "D(p(x, y) || q(x, y)) = D(p(x) || q(x)) + D(p(y | x) || q(y | x))",
        f"{_CT}, Theorem 2.5.3",
        "joint2pair",
        "==",
        _kl_chain_sides,
    ),
    Identity(
        "grouping-rule",
        "H(p1, p2, p3) = H(p1 + p2, p3) + (p1 + p2) H(p1/(p1 + p2), p2/(p1 + p2))",
        f"{_CT}, Problem 2.27",
        "one",
        "==",
        _grouping_sides,
        sizes=(3,),
        zeros=False,  # the statement divides by p1 + p2
    ),
    Identity(
        "kl-asymmetry-example-pq",
        "D(p || q) = 1 - (1/2) log2 3 bits for p = (1/2, 1/2), q = (3/4, 1/4)",
        f"{_CT}, Example 2.3.1 (r = 1/2, s = 1/4)",
        "fixed",
        "==",
        lambda i: (
            KL(Distribution(["1/2", "1/2"], name="p"), Distribution(["3/4", "1/4"], name="q"), base=2),
            1 - sympy.log(3) / (2 * sympy.log(2)),
        ),
    ),
    Identity(
        "kl-asymmetry-example-qp",
        "D(q || p) = (3/4) log2 3 - 1 bits for p = (1/2, 1/2), q = (3/4, 1/4)",
        f"{_CT}, Example 2.3.1 (r = 1/2, s = 1/4)",
        "fixed",
        "==",
        lambda i: (
            KL(Distribution(["3/4", "1/4"], name="q"), Distribution(["1/2", "1/2"], name="p"), base=2),
            Rational(3, 4) * sympy.log(3) / sympy.log(2) - 1,
        ),
    ),
    Identity(
        "js-entropy-form",
        "JS(P, Q) = H(M) - (H(P) + H(Q))/2, M = (P + Q)/2",
        "Lin, Divergence measures based on the Shannon entropy, IEEE Trans. IT 37 (1991)",
        "pair",
        "==",
        lambda i: (JS(i.P, i.Q), Entropy(_mix(Rational(1, 2), i.P, i.Q, "M")) - (Entropy(i.P) + Entropy(i.Q)) / 2),
    ),
    Identity(
        "renyi-entropy-limit",
        "lim_{alpha -> 1} H_alpha(P) = H(P)",
        "van Erven & Harremoes, Renyi divergence and Kullback-Leibler divergence, IEEE Trans. IT 60 (2014)",
        "one",
        "==",
        lambda i: (RenyiEntropy(i.P, ALPHA), Entropy(i.P)),
        proof="limit",
    ),
    Identity(
        "renyi-divergence-limit",
        "lim_{alpha -> 1} D_alpha(P || Q) = D(P || Q)",
        "van Erven & Harremoes, Renyi divergence and Kullback-Leibler divergence, IEEE Trans. IT 60 (2014)",
        "pair",
        "==",
        lambda i: (RenyiDivergence(i.P, i.Q, ALPHA), KL(i.P, i.Q)),
        proof="limit",
    ),
    Identity(
        "gibbs",
        "D(P || Q) >= 0, with equality iff P = Q",
        f"{_CT}, Theorem 2.6.3",
        "pair",
        ">=",
        lambda i: (KL(i.P, i.Q), sympy.Integer(0)),
        proof="gibbs",
        general_n=True,
        equality_case=_equal_pair_case,
    ),
    Identity(
        "entropy-nonnegative",
        "H(P) >= 0",
        f"{_CT}, Lemma 2.1.1",
        "one",
        ">=",
        lambda i: (Entropy(i.P), sympy.Integer(0)),
        proof="entropy-nonnegative",
        general_n=True,
    ),
    Identity(
        "entropy-upper-bound",
        "H(P) <= log |X|, with equality iff P is uniform",
        f"{_CT}, Theorem 2.6.4",
        "one",
        "<=",
        lambda i: (Entropy(i.P), sympy.log(i.n)),
        witness=lambda i: [(sympy.Integer(1), i.P, _uniform(i))],
        general_n=True,
        equality_case=_uniform_case,
    ),
    Identity(
        "mi-nonnegative",
        "I(X; Y) >= 0, with equality iff X and Y are independent",
        f"{_CT}, Corollary to Theorem 2.6.3",
        "joint2",
        ">=",
        lambda i: (MutualInformation(i.J, "X", "Y"), sympy.Integer(0)),
        witness=_independence_witness,
        equality_case=_independent_case,
    ),
    Identity(
        "cmi-nonnegative",
        "I(X; Y | Z) >= 0",
        f"{_CT}, Corollary to Theorem 2.6.3",
        "joint3",
        ">=",
        lambda i: (ConditionalMutualInformation(i.J, "X", "Y", "Z"), sympy.Integer(0)),
        witness=lambda i: [(sympy.Integer(1), _joint(i.J), _product(i.J, ["X"], ["Y"], ["Z"]))],
        equality_case=_conditionally_independent_case,
    ),
    Identity(
        "conditioning-reduces-entropy",
        "H(X | Y) <= H(X)",
        f"{_CT}, Theorem 2.6.5",
        "joint2",
        "<=",
        lambda i: (ConditionalEntropy(i.J, "X", "Y"), JointEntropy(i.J, ["X"])),
        witness=_independence_witness,
        equality_case=_independent_case,
    ),
    Identity(
        "independence-bound",
        "H(X, Y) <= H(X) + H(Y)",
        f"{_CT}, Theorem 2.6.6",
        "joint2",
        "<=",
        lambda i: (JointEntropy(i.J, ["X", "Y"]), JointEntropy(i.J, ["X"]) + JointEntropy(i.J, ["Y"])),
        witness=_independence_witness,
        equality_case=_independent_case,
    ),
    Identity(
        "log-sum",
        "sum a_i log(a_i/b_i) >= (sum a_i) log(sum a_i / sum b_i) for a_i, b_i >= 0",
        f"{_CT}, Theorem 2.7.1",
        "vectors",
        ">=",
        _log_sum_sides,
        witness=_log_sum_witness,
    ),
    Identity(
        "kl-convexity",
        "D(l P1 + (1-l) P2 || l Q1 + (1-l) Q2) <= l D(P1 || Q1) + (1-l) D(P2 || Q2)",
        f"{_CT}, Theorem 2.7.2",
        "mixture",
        "<=",
        lambda i: (
            KL(_mix(i.lam, i.P1, i.P2, "P"), _mix(i.lam, i.Q1, i.Q2, "Q")),
            i.lam * KL(i.P1, i.Q1) + (1 - i.lam) * KL(i.P2, i.Q2),
        ),
        witness=_convexity_witness,
    ),
    Identity(
        "entropy-concavity",
        "H(l P1 + (1-l) P2) >= l H(P1) + (1-l) H(P2)",
        f"{_CT}, Theorem 2.7.3",
        "mixture",
        ">=",
        lambda i: (Entropy(_mix(i.lam, i.P1, i.P2, "P")), i.lam * Entropy(i.P1) + (1 - i.lam) * Entropy(i.P2)),
        witness=lambda i: [
            (i.lam, i.P1, _mix(i.lam, i.P1, i.P2, "P")),
            (1 - i.lam, i.P2, _mix(i.lam, i.P1, i.P2, "P")),
        ],
    ),
    Identity(
        "data-processing",
        "I(X; Y) >= I(X; Z) for a Markov chain X -> Y -> Z",
        f"{_CT}, Theorem 2.8.1",
        "markov",
        ">=",
        lambda i: (MutualInformation(i.J, "X", "Y"), MutualInformation(i.J, "X", "Z")),
        witness=lambda i: [(sympy.Integer(1), _joint(i.J), _product(i.J, ["X"], ["Y"], ["Z"]))],
    ),
    Identity(
        "function-reduces-entropy",
        "H(g(X)) <= H(X) for g(x) = floor(x/2) (X on 0..n-1; a constant g at n = 2)",
        f"{_CT}, Problem 2.4",
        "function",
        "<=",
        lambda i: (JointEntropy(i.J, ["G"]), JointEntropy(i.J, ["X"])),
    ),
    Identity(
        "pinsker",
        "D(P || Q) >= 2 TV(P, Q)**2 (nats)",
        f"{_CT}, Lemma 11.6.1",
        "pair",
        ">=",
        lambda i: (KL(i.P, i.Q), 2 * TotalVariation(i.P, i.Q) ** 2),
        proof="pinsker",
        sizes=(2, 3, 4),
    ),
    Identity(
        "js-nonnegative",
        "JS(P, Q) >= 0",
        "Lin, Divergence measures based on the Shannon entropy, IEEE Trans. IT 37 (1991)",
        "pair",
        ">=",
        lambda i: (JS(i.P, i.Q), sympy.Integer(0)),
        witness=lambda i: [(Rational(1, 2), i.P, _midpoint(i.P, i.Q)), (Rational(1, 2), i.Q, _midpoint(i.P, i.Q))],
        general_n=True,
        equality_case=_equal_pair_case,
    ),
    Identity(
        "js-upper-bound",
        "JS(P, Q) <= log 2",
        "Lin, Divergence measures based on the Shannon entropy, IEEE Trans. IT 37 (1991), Theorem 4",
        "pair",
        "<=",
        lambda i: (JS(i.P, i.Q), sympy.log(2)),
        proof="js-upper",
        general_n=True,
    ),
    Identity(
        "hellinger-tv-lower",
        "Hel(P, Q)**2 <= TV(P, Q)",
        "Tsybakov, Introduction to Nonparametric Estimation (2009), Lemma 2.3",
        "pair",
        "<=",
        lambda i: (Hellinger(i.P, i.Q) ** 2, TotalVariation(i.P, i.Q)),
        proof="hellinger-tv-lower",
    ),
    Identity(
        "hellinger-tv-upper",
        "TV(P, Q) <= sqrt(2) Hel(P, Q)",
        "Tsybakov, Introduction to Nonparametric Estimation (2009), Lemma 2.3",
        "pair",
        "<=",
        lambda i: (TotalVariation(i.P, i.Q), sympy.sqrt(2) * Hellinger(i.P, i.Q)),
        proof="hellinger-tv-upper",
    ),
    Identity(
        "kl-chi-square",
        "D(P || Q) <= log(1 + chi2(P || Q))",
        "Tsybakov, Introduction to Nonparametric Estimation (2009), Lemma 2.7",
        "pair",
        "<=",
        lambda i: (KL(i.P, i.Q), sympy.log(1 + _chi2(i.P, i.Q))),
    ),
]


def _chi2(P: Distribution, Q: Distribution) -> Expr:
    return ChiSquare(P, Q)


CATALOGUE: dict[str, Identity] = {entry.name: entry for entry in _ENTRIES}


def identities() -> list[Identity]:
    """The catalogue in its documented order.

    Returns
    -------
    list of Identity
        Every entry of the catalogue, in its documented order.
    """
    return list(_ENTRIES)
