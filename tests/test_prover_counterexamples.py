"""Counterexamples beyond Shannon: Ingleton and a (2,4) threshold bound refuted, true statements never refuted.

Every refutation is re-checked here without symkl: the statement's gap is written by hand as a
combination of joint entropies (a Counter over sets of names), the entropies of the returned table
are computed from exact Fractions with mpmath at 60 digits, and constraints (independence,
functional dependence) are checked on the table with Fractions.

The (2,4) threshold bound: a secret S and shares X1..X4 such that no share alone says anything
about S (I(S;Xi) = 0) and any two shares give S (H(S|Xi,Xj) = 0). Shannon inequalities prove
H(Xi) >= H(S) for each share, so the sum of the share entropies is at least 4 H(S). The tempting
bound "H(X1) + H(X2) + H(X3) + H(X4) >= 5 H(S)" (no (2,4) scheme is ideal, some share is larger
than the secret) is false: Shamir's scheme over GF(5), X_i = S + i R with S, R uniform on GF(5),
has every entropy log 5, so 4 log 5 < 5 log 5. No linear scheme over GF(2) or GF(3) with a
one-symbol secret violates it: that would make all four shares ideal, i.e. five pairwise
independent points on a projective line over GF(q), which needs q >= 4.
"""

from __future__ import annotations

import time
from collections import Counter
from fractions import Fraction
from itertools import combinations

import mpmath
import pytest

from symkl.cli import main
from symkl.prover import linear, local, prove
from symkl.prover.deadline import Deadline, ProverTimeout
from symkl.prover.grammar import parse_constraint, parse_statement
from symkl.prover.search import _screen, find_counterexample

Gap = Counter  # frozenset of names -> coefficient; the statement says sum c * H(set) >= 0


def H(*names: str) -> Gap:
    return Counter({frozenset(names): 1})


def mi(a: str, b: str, *given: str) -> Gap:
    """I(a;b|given) = H(a,given) + H(b,given) - H(a,b,given) - H(given)."""
    gap = H(a, *given) + H(b, *given)
    gap.subtract(H(a, b, *given))
    if given:
        gap.subtract(H(*given))
    return gap


def combine(*parts: tuple[int | Fraction, Gap]) -> Gap:
    total: Gap = Counter()
    for factor, gap in parts:
        for key, value in gap.items():
            total[key] += factor * value
    return total


def entropy(table: dict, variables: list[str], names: frozenset[str]) -> mpmath.mpf:
    """H(names) in nats from the exact table (marginal by Fractions, logs by mpmath at 60 digits)."""
    index = [variables.index(v) for v in sorted(names)]
    marginal: dict[tuple, Fraction] = {}
    for outcome, p in table.items():
        key = tuple(outcome[i] for i in index)
        marginal[key] = marginal.get(key, Fraction(0)) + p
    with mpmath.workdps(60):
        return -sum(_real(p) * mpmath.log(_real(p)) for p in marginal.values())


def _real(value: Fraction | int) -> mpmath.mpf:
    value = Fraction(value)
    return mpmath.mpf(value.numerator) / value.denominator


def gap_value(gap: Gap, table: dict, variables: list[str]) -> mpmath.mpf:
    """The hand-written gap at the table, in nats (60 digits)."""
    with mpmath.workdps(60):
        return sum(_real(c) * entropy(table, variables, s) for s, c in gap.items() if c)


def table_of(result) -> tuple[dict, list[str]]:
    data = result.counterexample.as_dict()
    table = {tuple(o): Fraction(p) for o, p in data["probabilities"]}
    assert sum(table.values()) == 1 and all(p > 0 for p in table.values())
    return table, data["variables"]


def assert_violates(result, gap: Gap) -> mpmath.mpf:
    assert result.verdict == "refuted" and result.exit_code == 1
    table, variables = table_of(result)
    value = gap_value(gap, table, variables)
    assert value < -(mpmath.mpf(10) ** -30), value
    return value


INGLETON = combine((1, mi("A", "B", "C")), (1, mi("A", "B", "D")), (1, mi("C", "D")), (-1, mi("A", "B")))
INGLETON_XY = combine((1, mi("X", "Y", "Z")), (1, mi("X", "Y", "W")), (1, mi("Z", "W")), (-1, mi("X", "Y")))


INGLETON_FORMS = [
    ("I(A;B) <= I(A;B|C) + I(A;B|D) + I(C;D)", INGLETON),
    ("2 I(A;B) <= 2 I(A;B|C) + 2 I(A;B|D) + 2 I(C;D)", INGLETON),
    ("I(C;D) + I(A;B|D) + I(A;B|C) >= I(A;B)", INGLETON),
    ("1/2 I(A;B) - 1/2 I(C;D) <= 1/2 I(A;B|D) + 1/2 I(A;B|C)", INGLETON),
    ("I(X;Y) <= I(X;Y|Z) + I(X;Y|W) + I(Z;W)", INGLETON_XY),
]


@pytest.mark.parametrize(("statement", "gap"), INGLETON_FORMS)
def test_the_search_refutes_ingleton_in_every_form_with_a_table_checked_here(statement: str, gap: Gap) -> None:
    found = find_counterexample(parse_statement(statement), [])
    assert found is not None and len(found.table) <= local.MAX_ATOMS
    assert sum(found.table.values()) == 1 and all(p > 0 for p in found.table.values())
    assert gap_value(gap, found.table, list(found.variables)) < -(mpmath.mpf(10) ** -30)


def test_prove_says_ingleton_is_refuted() -> None:
    """The verdict, not only the search: after the Shannon LP (and any copies) fail, the table refutes it."""
    start = time.monotonic()
    result = prove("I(A;B) <= I(A;B|C) + I(A;B|D) + I(C;D)")
    assert time.monotonic() - start < 20
    assert_violates(result, INGLETON)
    assert result.theorem is None


def test_ingleton_holds_for_every_linear_candidate_so_only_small_supports_refute_it() -> None:
    """Representable polymatroids satisfy Ingleton: the exact integer screen must find nothing."""
    statement = parse_statement("I(A;B) <= I(A;B|C) + I(A;B|D) + I(C;D)")
    screen = _screen(statement, [], ["A", "B", "C", "D"])
    assert next(linear.linear_hits(screen, 4, Deadline(None), "a test"), None) is None
    assert next(local.local_hits(screen, 4, Deadline(None), "a test"), None) is not None


SHARES = ["X1", "X2", "X3", "X4"]
THRESHOLD = [f"I(S;{x}) = 0" for x in SHARES] + [f"H(S|{a},{b}) = 0" for a, b in combinations(SHARES, 2)]
IDEAL_BOUND = "H(X1) + H(X2) + H(X3) + H(X4) >= 5 H(S)"


def test_the_2_4_threshold_bound_is_refuted_by_shamirs_scheme_over_gf5() -> None:
    result = prove(IDEAL_BOUND, given=THRESHOLD)
    gap = combine(*((1, H(x)) for x in SHARES), (-5, H("S")))
    value = assert_violates(result, gap)
    table, variables = table_of(result)
    # Shamir over GF(5): 25 equally likely outcomes, every variable uniform on 5 values
    assert len(table) == 25 and set(table.values()) == {Fraction(1, 25)}
    assert all(len({o[i] for o in table}) == 5 for i in range(len(variables)))
    with mpmath.workdps(60):
        assert mpmath.almosteq(value, -mpmath.log(5), 1e-50)
    s = variables.index("S")
    for share in SHARES:  # each share alone is independent of S, exactly
        x = variables.index(share)
        joint = Counter()
        for o, p in table.items():
            joint[o[s], o[x]] += p
        ps, px = Counter(), Counter()
        for (a, b), p in joint.items():
            ps[a] += p
            px[b] += p
        assert all(joint[a, b] == ps[a] * px[b] for a in ps for b in px)
    for first, second in combinations(SHARES, 2):  # any two shares determine S
        i, j = variables.index(first), variables.index(second)
        secret: dict[tuple, set] = {}
        for o in table:
            secret.setdefault((o[i], o[j]), set()).add(o[s])
        assert all(len(values) == 1 for values in secret.values())


def test_gf2_and_gf3_linear_candidates_do_not_refute_the_threshold_bound(monkeypatch) -> None:
    """GF(5) is what refutes it: the same search over GF(2) and GF(3) alone finds nothing."""
    statement = parse_statement(IDEAL_BOUND)
    constraints = [parse_constraint(c) for c in THRESHOLD]
    variables = sorted({"S", *SHARES})
    screen = _screen(statement, constraints, variables)
    monkeypatch.setattr(linear, "FIELDS", ((2, 1), (2, 2), (3, 2), (2, 3), (3, 3)))
    assert next(linear.linear_hits(screen, 5, Deadline(None), "a test"), None) is None
    monkeypatch.setattr(linear, "FIELDS", ((5, 2),))
    q, k, bases = next(linear.linear_hits(screen, 5, Deadline(None), "a test"))
    assert (q, k) == (5, 2) and all(len(b) == 1 for b in bases)


TRUE = [
    ("2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)", []),  # Zhang-Yeung (not Shannon-type)
    ("I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B) - 2 I(C;D) >= 0", []),
    ("H(X,Y) <= H(X) + H(Y)", []),
    ("I(A;B) <= I(A;C) + I(A;B|C)", []),
    ("I(X;Z) <= I(X;Y)", ["X -> Y -> Z"]),
    ("H(X1) + H(X2) + H(X3) + H(X4) >= 4 H(S)", THRESHOLD[:4] + THRESHOLD[4:7]),
]


@pytest.mark.parametrize(("statement", "given"), TRUE)
def test_true_statements_are_never_refuted(statement: str, given: list[str]) -> None:
    found = find_counterexample(parse_statement(statement), [parse_constraint(g) for g in given])
    assert found is None


def test_float_hits_that_are_not_violations_are_dropped_by_the_exact_check(monkeypatch) -> None:
    """With the float screen told that every start violates, a true statement is still not refuted."""
    monkeypatch.setattr(local, "MARGIN", -10.0)
    monkeypatch.setattr(local, "TOLERANCE", 10.0)
    statement = parse_statement("H(X,Y) <= H(X) + H(Y)")
    screen = _screen(statement, [], ["X", "Y"])
    assert next(local.local_hits(screen, 2, Deadline(None), "a test"), None) is not None  # the screen lies
    assert find_counterexample(statement, []) is None  # the exact check does not
    markov = [parse_constraint("X -> Y -> Z")]
    assert find_counterexample(parse_statement("I(X;Z) <= I(X;Y)"), markov) is None


@pytest.mark.parametrize(("q", "k"), [(2, 3), (3, 2), (5, 2), (7, 2), (2, 4), (5, 3)])
def test_the_lattice_holds_every_subspace_with_correct_sums(q: int, k: int) -> None:
    """The count is the sum of Gaussian binomials; a sum's dimension obeys the modular law on lines."""

    def gaussian(k: int, d: int) -> int:
        top = bottom = 1
        for i in range(d):
            top *= q ** (k - i) - 1
            bottom *= q ** (i + 1) - 1
        return top // bottom

    lattice = linear.subspace_lattice(q, k)
    assert len(lattice.bases) == sum(gaussian(k, d) for d in range(k + 1))
    lines = [i for i, b in enumerate(lattice.bases) if len(b) == 1]
    for a, b in combinations(lines[:12], 2):  # two distinct lines span a plane
        assert lattice.dims[lattice.join[a, b]] == 2
    assert all(lattice.join[a, a] == a for a in range(len(lattice.bases)))


def test_the_searches_stop_at_the_deadline() -> None:
    screen = _screen(parse_statement("I(A;B) <= I(A;B|C) + I(A;B|D) + I(C;D)"), [], ["A", "B", "C", "D"])
    with pytest.raises(ProverTimeout, match="in a test"):
        next(linear.linear_hits(screen, 4, Deadline(0.0), "a test"))
    with pytest.raises(ProverTimeout, match="in a test"):
        next(local.local_hits(screen, 4, Deadline(0.0), "a test"))


def test_ingleton_doubled_exits_1_on_the_command_line_with_an_exact_table(capsys) -> None:
    import json

    assert main(["prove", "2 I(A;B) <= 2 I(A;B|C) + 2 I(A;B|D) + 2 I(C;D)", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "refuted"
    table = {tuple(o): Fraction(p) for o, p in data["counterexample"]["probabilities"]}
    assert gap_value(INGLETON, table, data["counterexample"]["variables"]) < 0
