"""symkl prove: true statements proved (certificates re-checked here), false ones refuted (tables re-checked here).

The re-checks use only this file's code: a regex reader of the printed terms, exact Fractions on every
unit entropy vector (an identity of linear forms holds iff it holds on a basis), this file's own list
of elemental quantities, and the entropies of the counterexample tables as exact rational combinations
of log(prime) (fractions; math.log only for the sign of a nonzero combination).
"""

from __future__ import annotations

import dataclasses
import math
import re
import subprocess
from fractions import Fraction
from itertools import combinations

import pytest

from symkl.cli import main
from symkl.errors import InvalidStatement, KernelError
from symkl.proof.derivation import Derivation
from symkl.prover import prove
from symkl.prover.deadline import ProverTimeout
from symkl.prover.render import Derivations

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


def _elementals(variables: list[str]) -> set[str]:
    """This file's own list of Yeung's elemental quantities, printed as symkl prints them (H(X|rest), I(X;Y|K))."""
    found = {
        f"H({x}|{','.join(y for y in variables if y != x)})" if len(variables) > 1 else f"H({x})" for x in variables
    }
    for i, j in combinations(variables, 2):
        rest = [v for v in variables if v not in (i, j)]
        for size in range(len(rest) + 1):
            for given in combinations(rest, size):
                found.add(f"I({i};{j}|{','.join(given)})" if given else f"I({i};{j})")
    return found


def _is_equality(text: str) -> bool:
    return re.search(r"(?<![<>])=", text) is not None


def check_certificate(statement: str, given: list[str], result) -> None:
    """gap == sum c_k q_k + sum mu_j g_j on every unit vector, q_k elemental, c_k > 0, mu_j >= 0 for inequalities.

    An equality comes with one certificate (an identity: no elemental terms, equality constraints only) or
    two (>= and <=).
    """
    data = result.as_dict()
    variables = sorted(
        set(_names(statement)).union(*(_names(g) for g in given), *(re.findall(r"\w+", g) for g in given if "->" in g))
    )
    elementals = _elementals(variables)
    certificates = data["certificate"]
    directions = [statement]
    if _is_equality(statement):
        directions = [statement.replace("=", ">=", 1), statement.replace("=", "<=", 1)]
        if len(certificates) == 1:
            directions = [statement]
            assert not certificates[0]["terms"] and all(
                not re.search("<=|>=", s) for _, s, _ in certificates[0]["given"]
            )
    assert len(certificates) == len(directions)
    for direction, certificate in zip(directions, certificates):
        assert all(Fraction(c) > 0 and term in elementals for c, term in certificate["terms"]), certificate
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
    (_han(3), []),
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
    derivation = result.derivation
    assert isinstance(derivation, (Derivation, Derivations)) and derivation.proved
    assert len(TRUE) >= 30


# -- refutations, re-checked exactly: entropies of rational tables as rational combinations of log(prime) -------
class LogSum(dict):
    """sum c_p log(p) over primes p, c_p Fraction: zero exactly when every c_p is 0 (log primes are independent)."""

    def __add__(self, other):
        result = LogSum(self)
        for prime, value in other.items() if isinstance(other, LogSum) else ():
            result[prime] = result.get(prime, Fraction(0)) + value
            if not result[prime]:
                del result[prime]
        assert isinstance(other, LogSum) or other == 0
        return result

    __radd__ = __add__

    def __rmul__(self, factor):
        return LogSum({prime: factor * value for prime, value in self.items()} if factor else {})

    def __neg__(self):
        return -1 * self

    def __sub__(self, other):
        return self + (-other if isinstance(other, LogSum) else other)

    def __rsub__(self, other):
        return -self + other

    def sign(self) -> int:
        """Exact 0, else the sign of the float sum (math.log), asserted far from 0."""
        if not self:
            return 0
        value = math.fsum(float(c) * math.log(p) for p, c in self.items())
        assert abs(value) > 1e-9, self
        return 1 if value > 0 else -1


def _log_of(n: int) -> LogSum:
    result, prime = LogSum(), 2
    while n > 1:
        while n % prime == 0:
            result[prime] = result.get(prime, Fraction(0)) + 1
            n //= prime
        prime += 1
    return result


def _entropy(table: dict[tuple[int, ...], Fraction], variables: list[str], names: set[str]) -> LogSum:
    indices = [variables.index(v) for v in sorted(names)]
    marginal: dict[tuple[int, ...], Fraction] = {}
    for outcome, p in table.items():
        key = tuple(outcome[i] for i in indices)
        marginal[key] = marginal.get(key, Fraction(0)) + p
    total = LogSum()
    for p in marginal.values():
        total = total + (-p) * (_log_of(p.numerator) - _log_of(p.denominator))
    return total


def _real_gap(text: str, table, variables) -> LogSum:
    subsets = [frozenset(c) for size in range(1, len(variables) + 1) for c in combinations(variables, size)]
    h = {s: _entropy(table, variables, set(s)) for s in subsets}
    return LogSum() + _gap(text, h)  # the reader is linear, so it works on LogSums too


def test_the_exact_log_arithmetic_of_this_file() -> None:
    h = _entropy({(0, 0): Fraction(1, 2), (1, 1): Fraction(1, 4), (1, 0): Fraction(1, 4)}, ["X", "Y"], {"X", "Y"})
    assert h == {2: Fraction(3, 2)} and math.isclose(
        1.5 * math.log(2), -sum(p * math.log(p) for p in (0.5, 0.25, 0.25))
    )
    third = _entropy({(0,): Fraction(1, 3), (1,): Fraction(2, 3)}, ["X"], {"X"})
    assert third == {3: Fraction(1), 2: Fraction(-2, 3)} and third.sign() == 1
    assert (third - third).sign() == 0


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
    sign = _real_gap(constraint, table, variables).sign()
    return sign == 0 if _is_equality(constraint) else sign >= 0


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
    sign = _real_gap(statement, table, variables).sign()
    assert sign != 0 if _is_equality(statement) else sign < 0


def test_zhang_yeung_is_not_shannon_type_never_false() -> None:
    result = prove("2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)", copies=False)  # Shannon only
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
        ("D(P||Q) <= 1", "a nonzero constant (1) is not allowed in a statement about distributions at position 12"),
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


def test_distribution_inequalities_are_proved_by_a_witness_checked_or_refuted() -> None:
    proved = prove("D(P||Q) >= 0", n=2)  # the same engine as sk.verify("gibbs"): a Gibbs witness
    assert proved.verdict == "proved" and proved.theorem.rule == "combine"
    assert prove("JS(P,Q) >= 0", n=3).verdict == "proved"  # through the mixture (P + Q)/2
    # its gap is exactly 2 D(M||P) + D(P||Q) (as D(Q||P) = D(P||M) + D(Q||M) + 2 D(M||P)): found and checked
    assert prove("2 JS(P,Q) <= D(P||Q) + D(Q||P)", n=2).verdict == "proved"
    assert prove("D(P||Q) >= 1/1000 D(Q||P)", n=2).verdict == "checked"  # true here, but not of the witness form
    refuted = prove("D(P||Q) <= D(Q||P)", n=2)
    assert refuted.verdict == "refuted"
    instance = refuted.checks["counterexample"]["distributions"]
    P = [Fraction(x) for x in instance["P"]]
    Q = [Fraction(x) for x in instance["Q"]]

    def kl(a: list[Fraction], b: list[Fraction]) -> LogSum:
        return sum(
            (x * (_log_of(x.numerator * y.denominator) - _log_of(x.denominator * y.numerator)) for x, y in zip(a, b)),
            LogSum(),
        )

    assert (kl(P, Q) - kl(Q, P)).sign() == 1


# -- a wrong certificate is refused ---------------------------------------------------------------------
def _certificate_of(statement: str, given: list[str] = ()):
    from symkl.prover.api import _parse_given, _problem
    from symkl.prover.certificate import find_certificate
    from symkl.prover.grammar import parse_statement

    parsed = parse_statement(statement)
    problem, _, facts = _problem(parsed, _parse_given(list(given)))
    return parsed, find_certificate(problem, problem.gap), facts


def _altered(certificate, how: str):
    terms = list(certificate.terms)
    if how == "coefficient":
        terms[0] = (terms[0][0] + Fraction(1, 7), terms[0][1])
    elif how == "dropped":
        terms = terms[1:]
    return dataclasses.replace(certificate, terms=tuple(terms))


@pytest.mark.parametrize("how", ["coefficient", "dropped"])
def test_a_wrong_certificate_is_refused_by_the_exact_check_and_the_kernel(how: str) -> None:
    from symkl.prover.kernel_bridge import relation, theorem_for

    parsed, certificate, facts = _certificate_of(_han(4))
    assert certificate.check() and len(certificate) == 6
    theorem_for(relation(parsed), certificate, facts)  # the right one passes
    wrong = _altered(certificate, how)
    assert not wrong.check()
    with pytest.raises(KernelError, match=r"rewrite: .* does not reduce to 0"):
        theorem_for(relation(parsed), wrong, facts)


def test_a_certificate_with_a_sign_flipped_is_refused_even_when_the_identity_holds() -> None:
    """H(X|Y) >= H(X) is false; its gap is exactly -1 * I(X;Y), an identity with a negative coefficient."""
    from symkl.prover.certificate import Certificate
    from symkl.prover.forms import gap_form
    from symkl.prover.grammar import Mutual, parse_statement
    from symkl.prover.kernel_bridge import relation, theorem_for

    parsed = parse_statement("H(X|Y) >= H(X)")
    flipped = Certificate(gap_form(parsed), ((Fraction(-1), Mutual(("X",), ("Y",))),), ())
    assert not flipped.check()
    with pytest.raises(KernelError, match=r"combine: coefficient -1 of I\(X; Y\) >= 0 is not shown >= 0"):
        theorem_for(relation(parsed), flipped, [])


def test_a_constraint_multiplier_of_the_wrong_sign_is_refused() -> None:
    """I(X;Y) <= H(Z) given H(X) <= H(Z): the constraint may only be added with a multiplier >= 0."""
    from symkl.prover.kernel_bridge import relation, theorem_for

    parsed, certificate, facts = _certificate_of("I(X;Y) <= H(Z)", ["H(X) <= H(Z)"])
    ((mu, index, kind, form),) = certificate.multipliers
    assert kind == "ge" and mu == 1
    wrong = dataclasses.replace(certificate, multipliers=((-mu, index, kind, form),))
    assert not wrong.check()
    with pytest.raises(KernelError):
        theorem_for(relation(parsed), wrong, facts)


# -- the readable proof ---------------------------------------------------------------------------------
def test_the_proof_is_a_derivation_whose_rows_are_kernel_theorems() -> None:
    result = prove("I(X;Z) <= I(X;Y)", given=["X -> Y -> Z"])
    derivation = result.derivation
    assert isinstance(derivation, Derivation) and derivation.proved
    rows = derivation.rows
    assert [row.relation for row in rows] == ["", "=", "=", ">="]
    assert [row.text for row in rows] == ["I(X; Y) - I(X; Z)", "I(X; Y | Z) - I(X; Z | Y)", "I(X; Y | Z)", "0"]
    assert all(row.verdict == "proved" and row.theorem is not None for row in rows[1:])
    assert rows[2].theorem.rule == "combine" and rows[2].theorem.assumptions  # uses the Markov chain
    assert "Markov chain X -> Y -> Z" in rows[2].justification
    assert result._repr_latex_().startswith("$$\\begin{align*}")


def test_an_equality_needing_inequalities_is_two_derivations() -> None:
    result = prove("I(X;Y) = 0", given=["H(X) <= 0"])
    assert result.verdict == "proved" and result.theorem is None and len(result.theorems) == 2
    derivation = result.derivation
    assert isinstance(derivation, Derivations) and len(derivation.parts) == 2 and derivation.proved
    assert "Claim: I(X;Y) >= 0" in derivation.to_text() and "Claim: I(X;Y) <= 0" in derivation.to_text()


@pytest.mark.parametrize(
    ("statement", "given"),
    [
        ("I(X;Z) <= I(X;Y)", ["X -> Y -> Z"]),
        (_han(5), []),
        ("I(X;Y) = 0", ["H(X) <= 0"]),
        ("H(X_1,Y) = H(X_1) + H(Y|X_1)", []),
    ],
)
def test_latex_output_compiles_with_pdflatex(statement: str, given: list[str], capsys, tmp_path, pdflatex: str) -> None:
    argv = ["prove", statement, "--latex"]
    for g in given:
        argv += ["--given", g]
    assert main(argv) == 0
    document = capsys.readouterr().out
    assert document.startswith("\\documentclass[a4paper]{article}") and "Verdict" not in document
    (tmp_path / "proof.tex").write_text(document)
    result = subprocess.run(
        [pdflatex, "-halt-on-error", "-interaction=nonstopmode", "proof.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "Overfull" not in result.stdout or statement != _han(5)


def test_markdown_output(capsys) -> None:
    assert main(["prove", "H(X|Y,Z) <= H(X|Y)", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("### Claim: $H(X \\mid Y, Z) \\le H(X \\mid Y)$") and "$$\n\\begin{align*}" in out


# -- the time limit -------------------------------------------------------------------------------------
def test_a_tiny_timeout_gives_the_clear_message_and_exit_3(capsys) -> None:
    with pytest.raises(ProverTimeout, match=r"^the prover ran past its time limit of 0 s in the linear program"):
        prove(_han(4), timeout=0)
    assert main(["prove", _han(4), "--timeout", "0"]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("symkl: timeout: the prover ran past its time limit of 0 s")
    assert "Traceback" not in captured.err


def test_the_timeout_is_checked_inside_the_counterexample_search() -> None:
    """The search for a distribution refuting Zhang-Yeung runs for seconds; the deadline stops it inside."""
    from symkl.prover.deadline import Deadline
    from symkl.prover.grammar import parse_statement
    from symkl.prover.search import find_counterexample

    zhang_yeung = parse_statement("2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)")
    with pytest.raises(ProverTimeout, match="in the counterexample search"):
        find_counterexample(zhang_yeung, [], Deadline(0.2))


def test_a_negative_timeout_is_bad_input(capsys) -> None:
    assert main(["prove", "H(X) >= 0", "--timeout", "-1"]) == 2
    assert capsys.readouterr().err.startswith("symkl: error: --timeout: the time limit must be a number of seconds")


def test_zhang_yeung_exits_3_shannon_only_and_0_with_a_copy_on_the_command_line(capsys) -> None:
    zhang_yeung = "2 I(C;D) <= I(A;B) + I(A;C,D) + 3 I(C;D|A) + I(C;D|B)"
    assert main(["prove", zhang_yeung, "--shannon-only"]) == 3
    out = capsys.readouterr().out
    assert "not proved by Shannon-type inequalities" in out and "polymatroid witness" in out
    assert main(["prove", zhang_yeung]) == 0
    assert "A1 a copy of A over C, D" in capsys.readouterr().out


def test_short_proofs_han_has_n_choose_2_terms() -> None:
    """The pruned certificate of Han's inequality is the chain-rule proof: C(n, 2) terms, not hundreds."""
    for n in (4, 5, 6, 7):
        assert len(prove(_han(n)).certificate) == n * (n - 1) // 2


def test_statements_built_from_sympy_objects() -> None:
    import sympy

    from symkl.statements.entropic import EntropyTerm, MutualInformationTerm, rv

    X, Y, Z = rv("X"), rv("Y"), rv("Z")
    data_processing = sympy.Le(MutualInformationTerm((X,), (Z,)), MutualInformationTerm((X,), (Y,)))
    markov = sympy.Eq(MutualInformationTerm((X,), (Z,), (Y,)), 0)
    result = prove(data_processing, given=[markov])
    assert result.verdict == "proved" and str(result.theorem) == "I(X; Z | Y) = 0 |- I(X; Z) <= I(X; Y)"
    assert prove(sympy.Ge(EntropyTerm((X,)) - sympy.Rational(1, 2) * EntropyTerm((X, Y)), 0)).verdict == "refuted"
    with pytest.raises(InvalidStatement, match=r"^x is not an entropy H\(\.\.\) or mutual information"):
        prove(EntropyTerm((X,)) >= 2 * sympy.Symbol("x"))
    with pytest.raises(InvalidStatement, match=r"^H\(X\)\*I\(X; Y\) is not an entropy H"):
        prove(MutualInformationTerm((X,), (Y,)) * EntropyTerm((X,)) >= 0)


def test_distribution_names_differing_in_case_are_different_distributions():
    """P and p are two distributions: D(P||p) = 0 and H(P) = H(p) are false, never proved."""
    for statement in ("D(P||p) = 0", "H(P) = H(p)"):
        result = prove(statement, n=3)
        assert result.verdict == "refuted", statement
        table = result.as_dict()["checks"]["counterexample"]["distributions"]
        assert table["P"] != table["p"]


def test_given_constraints_are_refused_for_distribution_statements(capsys):
    with pytest.raises(InvalidStatement, match="given constraints apply to random-variable statements"):
        prove("D(P||Q) >= 0", given=["I(X;Y) = 0"])
    assert main(["prove", "D(P||Q) >= 0", "--given", "I(X;Y) = 0"]) == 2
    assert "takes none" in capsys.readouterr().err


def test_a_statement_about_one_distribution_does_not_crash_the_witness_search():
    """With one distribution there is no divergence to combine: SciPy's nnls aborted the process on the
    empty matrix (a red-team finding); the statement is decided on instances instead."""
    from symkl.prover import prove

    assert prove("H(P) <= 0", n=2).verdict == "refuted"
    assert prove("H(P) >= 0", n=3).verdict == "proved"  # by the catalogue's strategy, as verify proves it


def test_verify_and_prove_give_the_same_verdict_on_the_catalogue_statements_the_grammar_can_write():
    """One engine: a catalogued result and the same statement typed to the prover are both proved."""
    from symkl.prover import prove
    from symkl.prover.engine import verify

    typed = {
        "gibbs": ("D(P||Q) >= 0", (), 2),
        "entropy-nonnegative": ("H(P) >= 0", (), 2),
        "cross-entropy-decomposition": ("H(P,Q) = H(P) + D(P||Q)", (), 2),
        "js-nonnegative": ("JS(P,Q) >= 0", (), 2),
        "js-entropy-form": ("JS(P,Q) = H(M) - 1/2 H(P) - 1/2 H(Q)", (), 2),
        "mi-nonnegative": ("I(X;Y) >= 0", (), None),
        "cmi-nonnegative": ("I(X;Y|Z) >= 0", (), None),
        "conditioning-reduces-entropy": ("H(X|Y) <= H(X)", (), None),
        "independence-bound": ("H(X,Y) <= H(X) + H(Y)", (), None),
        "data-processing": ("I(X;Y) >= I(X;Z)", "X -> Y -> Z", None),
        "chain-rule": ("H(X,Y) = H(X) + H(Y|X)", (), None),
    }
    for name, (text, given, n) in typed.items():
        assert prove(text, given=given, n=n).verdict == "proved", name
        size = 3 if name == "data-processing" else 2  # n = 3: beyond the catalogue's own witness
        assert verify(name, n=size, samples=2, methods=("symbolic",)).methods["symbolic"].status == "proved", name


def test_a_statement_without_random_variables_is_refused_clearly(capsys) -> None:
    """A red-team finding: '2 <= 3' reached the LP and raised SciPy's ValueError."""
    from symkl.errors import InvalidStatement

    with pytest.raises(InvalidStatement, match="names no random variable"):
        prove("2 <= 3")
    assert main(["prove", "2 <= 3"]) == 2
    assert "names no random variable" in capsys.readouterr().err
