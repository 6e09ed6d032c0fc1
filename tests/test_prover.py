"""symkl prove: true statements proved (certificates re-checked here), false ones refuted (tables re-checked here).

The re-checks use only this file's code: a regex reader of the printed terms, exact Fractions on every
unit entropy vector (an identity of linear forms holds iff it holds on a basis), and mpmath entropies
of the counterexample tables.
"""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import combinations

import mpmath
import pytest

from symkl.cli import main
from symkl.errors import InvalidStatement
from symkl.prover import prove

# -- an independent reader and evaluator ---------------------------------------------------------------
_TERM = re.compile(r"([+-]?)\s*(\d+(?:/\d+)?)?\s*\*?\s*([HI])\(([^)]*)\)")


def _quantity(kind: str, body: str, h: dict[frozenset[str], Fraction]) -> Fraction:
    def H(*groups: str) -> Fraction:
        return h.get(frozenset("".join(groups).replace(",", " ").split()), Fraction(0))

    main_part, _, given = body.partition("|")
    if kind == "H":
        return H(main_part, " ", given) - H(given)
    first, second = main_part.split(";")
    return H(first, " ", given) + H(second, " ", given) - H(first, " ", second, " ", given) - H(given)


def _side(text: str, h: dict[frozenset[str], Fraction]) -> Fraction:
    total = Fraction(0)
    for sign, coefficient, kind, body in _TERM.findall(text):
        value = Fraction(coefficient) if coefficient else Fraction(1)
        total += (-value if sign == "-" else value) * _quantity(kind, body, h)
    return total


def _gap(text: str, h: dict[frozenset[str], Fraction]) -> Fraction:
    """rhs - lhs for <=, lhs - rhs for >= and =."""
    lhs, relation, rhs = re.split(r"(<=|>=|=)", text, maxsplit=1)
    difference = _side(lhs, h) - _side(rhs, h)
    return -difference if relation == "<=" else difference


def _basis(variables: list[str]) -> list[dict[frozenset[str], Fraction]]:
    subsets = [frozenset(c) for size in range(1, len(variables) + 1) for c in combinations(variables, size)]
    return [{s: Fraction(1 if s == t else 0) for s in subsets} for t in subsets]


def _names(text: str) -> list[str]:
    inside = " ".join(body for _, _, _, body in _TERM.findall(text))
    return sorted(set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", inside)))


def check_certificate(statement: str, given: list[str], result) -> None:
    """gap == sum c_k q_k + sum mu_j g_j on every unit vector, c_k >= 0, mu_j >= 0 for inequality constraints."""
    data = result.as_dict()
    variables = sorted(
        set(_names(statement)).union(*(_names(g) for g in given), *(re.findall(r"\w+", g) for g in given if "->" in g))
    )
    certificates = data["certificate"]
    directions = (
        [statement]
        if " = " not in statement and "=" not in statement.replace("<=", "").replace(">=", "")
        else [statement.replace("=", ">=", 1), statement.replace("=", "<=", 1)]
    )
    assert len(certificates) == len(directions)
    for direction, certificate in zip(directions, certificates):
        assert all(Fraction(c) > 0 for c, _ in certificate["terms"])
        for mu, source, _ in certificate["given"]:
            if ">=" in source or "<=" in source:
                assert Fraction(mu) >= 0
        for h in _basis(variables):
            total = sum((Fraction(c) * _side(t, h) for c, t in certificate["terms"]), Fraction(0))
            for mu, source, _ in certificate["given"]:
                total += Fraction(mu) * (_gap(source, h) if re.search(r"<=|>=|=", source) else _side(source, h))
            assert total == _gap(direction, h), (direction, h)


def _han(n: int) -> str:
    names = [f"X{i}" for i in range(1, n + 1)]
    rest = " + ".join(f"1/{n - 1} H({','.join(x for x in names if x != y)})" for y in names)
    return f"H({','.join(names)}) <= {rest}"


TRUE = [
    ("H(X,Y) <= H(X) + H(Y)", []),
    ("I(X;Y|Z) <= H(X|Z)", []),
    ("H(X|Y) <= H(X)", []),
    ("H(X|Y,Z) <= H(X|Y)", []),
    ("I(X;Y) <= H(X)", []),
    ("I(X;Y) <= H(Y)", []),
    ("H(X,Y) >= H(X)", []),
    ("H(X,Y,Z) <= H(X) + H(Y) + H(Z)", []),
    ("H(X,Y) = H(X) + H(Y|X)", []),
    ("H(X,Y,Z) = H(X) + H(Y|X) + H(Z|X,Y)", []),
    ("I(X;Y,Z) = I(X;Y) + I(X;Z|Y)", []),
    ("I(X;Y) = H(X) - H(X|Y)", []),
    ("I(X;Y) = H(X) + H(Y) - H(X,Y)", []),
    ("H(X,Y) + H(Y,Z) >= H(X,Y,Z) + H(Y)", []),
    ("H(X|Z) <= H(X|Y) + H(Y|Z)", []),
    ("I(X;Y,Z) >= I(X;Y)", []),
    ("I(X;Y|Z) <= H(Y|Z)", []),
    ("I(X;Y) >= 0", []),
    ("2 H(X,Y,Z) <= H(X,Y) + H(Y,Z) + H(X,Z)", []),
    (_han(4), []),
    (_han(5), []),
    (_han(6), []),
    ("I(X;Z) <= I(X;Y)", ["X -> Y -> Z"]),
    ("I(X;Z) <= I(Y;Z)", ["X -> Y -> Z"]),
    ("I(X;Y|Z) <= I(X;Y)", ["X -> Y -> Z"]),
    ("I(X;W) <= I(Y;Z)", ["X -> Y -> Z -> W"]),
    ("H(X|Y,Z) = H(X|Y)", ["X -> Y -> Z"]),
    ("H(Y) <= H(X)", ["H(Y|X) = 0"]),
    ("H(X,Y) = H(X)", ["H(Y|X) = 0"]),
    ("I(X;Y) = H(Y)", ["H(Y|X) = 0"]),
    ("H(Z) <= H(X)", ["H(Y|X) = 0", "H(Z|Y) = 0"]),
    ("H(X,Y) = H(X) + H(Y)", ["I(X;Y) = 0"]),
    ("I(X;Y|Z) >= I(X;Y)", ["I(X;Z) = 0"]),
    ("I(X;Y) <= H(Z)", ["H(X) <= H(Z)"]),
]


@pytest.mark.parametrize(("statement", "given"), TRUE)
def test_true_statements_are_proved_with_a_certificate_checked_here(statement: str, given: list[str]) -> None:
    result = prove(statement, given=given)
    assert result.verdict == "proved", result.as_dict()
    assert result.exit_code == 0
    assert result.theorems and all(t is not None for t in result.theorems)
    check_certificate(statement, given, result)


# -- refutations, re-checked with mpmath ---------------------------------------------------------------
mpmath.mp.dps = 50


def _entropy(table: dict[tuple[int, ...], Fraction], variables: list[str], names: set[str]) -> mpmath.mpf:
    indices = [variables.index(v) for v in sorted(names)]
    marginal: dict[tuple[int, ...], Fraction] = {}
    for outcome, p in table.items():
        key = tuple(outcome[i] for i in indices)
        marginal[key] = marginal.get(key, Fraction(0)) + p
    return -mpmath.fsum(
        mpmath.mpf(p.numerator) / p.denominator * mpmath.log(mpmath.mpf(p.numerator) / p.denominator)
        for p in marginal.values()
        if p
    )


def _real_gap(text: str, table, variables) -> mpmath.mpf:
    subsets = [frozenset(c) for size in range(1, len(variables) + 1) for c in combinations(variables, size)]
    h = {s: _entropy(table, variables, set(s)) for s in subsets}
    return _gap(text, h)  # works with mpf values too (linear)


FALSE = [
    ("I(X;Y|Z) <= I(X;Y)", []),
    ("I(X;Y) <= I(X;Y|Z)", []),
    ("H(X) <= H(Y)", []),
    ("H(X,Y) = H(X) + H(Y)", []),
    ("I(X;Z) <= I(X;Y)", []),
    ("H(X|Y) >= H(X)", []),
    ("I(X;Y) >= H(X)", []),
    ("H(X,Y) <= H(X)", []),
    ("I(X;W) <= I(Y;Z)", []),
    ("I(X;Z) <= I(X;Y)", ["Z -> X -> Y"]),
    ("H(Y) <= H(X)", ["I(X;Y) = 0"]),
    ("2 H(X,Y,Z) >= H(X,Y) + H(Y,Z) + H(X,Z)", []),
    ("I(X;Y|Z) <= H(Z)", []),
    ("H(X|Z) <= H(X|Y)", []),
    ("I(X;Y,Z) <= I(X;Y) + I(X;Z)", []),
    ("H(X,Y,Z) >= H(X) + H(Y) + H(Z)", []),
    ("I(X;Y) = 0", ["X -> Y -> Z"]),
    ("H(X) <= 2 H(Y)", []),
]


def _constraint_holds(constraint: str, table, variables) -> bool:
    if "->" in constraint:
        nodes = [n.strip() for n in constraint.split("->")]
        for i in range(1, len(nodes) - 1):  # exact: p(a,b,c) p(b) == p(a,b) p(b,c) on every cell
            a, b, c = set(nodes[:i]), {nodes[i]}, set(nodes[i + 1 :])
            for outcome in table:

                def p(names, outcome=outcome):
                    idx = [variables.index(v) for v in names]
                    return sum((q for o, q in table.items() if all(o[k] == outcome[k] for k in idx)), Fraction(0))

                if p(a | b | c) * p(b) != p(a | b) * p(b | c):
                    return False
        return True
    value = _real_gap(constraint, table, variables)
    return abs(value) < mpmath.mpf(10) ** -40 if " = " in constraint else value > -(mpmath.mpf(10) ** -40)


@pytest.mark.parametrize(("statement", "given"), FALSE)
def test_false_statements_are_refuted_by_a_distribution_checked_here(statement: str, given: list[str]) -> None:
    result = prove(statement, given=given)
    assert result.verdict == "refuted" and result.exit_code == 1
    assert result.theorem is None
    example = result.counterexample.as_dict()
    variables = example["variables"]
    table = {tuple(o): Fraction(p) for o, p in example["probabilities"]}
    assert sum(table.values()) == 1 and all(p > 0 for p in table.values())
    assert all(_constraint_holds(g, table, variables) for g in given)
    gap = _real_gap(statement, table, variables)
    if re.search(r"(?<![<>])=", statement):
        assert abs(gap) > mpmath.mpf(10) ** -10
    else:
        assert gap < -(mpmath.mpf(10) ** -10)


def test_zhang_yeung_is_not_shannon_type_never_false() -> None:
    result = prove("2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)")
    assert result.verdict == "not-shannon-type" and result.exit_code == 3
    assert result.counterexample is None and result.theorem is None
    w = {frozenset(s): Fraction(v) for s, v in result.witness.as_dict()["h"]}
    variables = ["A", "B", "C", "D"]
    for i, j in combinations(variables, 2):  # the witness is a polymatroid: every elemental >= 0, exactly
        rest = [v for v in variables if v not in (i, j)]
        for size in range(3):
            for k in combinations(rest, size):
                K = frozenset(k)
                value = w.get(K | {i}, 0) + w.get(K | {j}, 0) - w[K | {i, j}] - w.get(K, 0)
                assert value >= 0
    assert _gap("2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)", w) < 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("H(X|Y) <= H(X", "expected ')' at position 14"),
        ("H(X) < H(Y)", "strict inequalities are not supported; use <= or >= at position 6"),
        ("H(X) <= 1", "a nonzero constant (1) is not allowed: statements are linear in entropies at position 9"),
        ("H(X) H(Y) <= 0", "a product of two entropy terms is not linear at position 6"),
        ("J(X) >= 0", "unknown quantity 'J'; expected one of H, I at position 1"),
        ("I(X,Y) >= 0", "expected ';' between the two groups of I(X;Y|Z) at position 6"),
        ("H(X) @ 0", "unexpected character '@' at position 6"),
        ("H(X) >= H(X) / H(Y)", "division by an entropy term is not linear at position 16"),
    ],
)
def test_malformed_statements_exit_2_naming_the_position(text: str, message: str, capsys) -> None:
    with pytest.raises(InvalidStatement) as error:
        prove(text)
    assert str(error.value).startswith(message)
    assert main(["prove", text]) == 2
    err = capsys.readouterr().err
    assert err.startswith("symkl: error: " + message) and "^" in err and "Traceback" not in err


def test_malformed_markov_chain() -> None:
    with pytest.raises(InvalidStatement, match="a Markov chain needs at least three nodes"):
        prove("I(X;Y) >= 0", given=["X -> Y"])


def test_cli_exit_codes_and_json(capsys) -> None:
    import json

    assert main(["prove", "I(X;Y|Z) <= H(X|Z)", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "proved" and data["certificate"][0]["terms"] == [["1", "H(X|Y,Z)"]]
    assert main(["prove", "I(X;Y|Z) <= I(X;Y)", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counterexample"]["variables"] == ["X", "Y", "Z"]
    assert main(["prove", "H(Y) <= H(X)", "--given", "H(Y|X) = 0", "--latex"]) == 0
    assert "\\begin{align*}" in capsys.readouterr().out


def test_distribution_identities_are_proved_by_the_kernel() -> None:
    result = prove("H(P,Q) = H(P) + D(P||Q)", n=3)
    assert result.verdict == "proved" and result.theorem.rule == "rewrite"
    assert prove("D(P||M) + D(Q||M) = 2 JS(P,Q)").verdict == "proved"


def test_distribution_inequalities_are_only_checked_or_refuted() -> None:
    assert prove("D(P||Q) >= 0", n=2).verdict == "checked"
    refuted = prove("D(P||Q) <= D(Q||P)", n=2)
    assert refuted.verdict == "refuted"
    instance = refuted.checks["counterexample"]["distributions"]
    P = [Fraction(x) for x in instance["P"]]
    Q = [Fraction(x) for x in instance["Q"]]

    def exact(x: Fraction) -> mpmath.mpf:
        return mpmath.mpf(x.numerator) / x.denominator

    def kl(a: list[Fraction], b: list[Fraction]) -> mpmath.mpf:
        return mpmath.fsum(exact(x) * mpmath.log(exact(x) / exact(y)) for x, y in zip(a, b))

    assert kl(P, Q) > kl(Q, P)
