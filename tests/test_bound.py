"""sk.bound: exact optima over the Shannon outer bound, their kernel theorems, attaining distributions; constants
in prove(); the command line; bad input.

Every value below is derived by hand (the derivation is in the comment of each case); every attaining
distribution is re-checked here with entropies computed independently of symkl (Fractions for dyadic tables,
mpmath at 50 digits otherwise).
"""

from __future__ import annotations

import json
from fractions import Fraction

import mpmath
import pytest
import sympy

import symkl as sk
from symkl.cli import main
from symkl.errors import InvalidStatement
from symkl.proof import kernel as K  # noqa: N812
from symkl.prover.bound import _combination, _setup, bound
from symkl.prover.forms import CONSTANT, add_scaled
from symkl.prover.grammar import parse_constraint, parse_objective
from symkl.prover.kernel_bridge import constraint_relations, expression

MARKOV = "X -> Y -> Z"

# (objective, given, base, value, attained): the value derived by hand, and whether a distribution is expected.
CASES = [
    # data processing: I(X;Z) <= I(X;Y) <= 1/2; an erasure channel X -> Y = Z attains 1/2 bit
    ("max I(X;Z)", [MARKOV, "I(X;Y) <= 1/2"], 2, Fraction(1, 2), True),
    # the same in nats: 1/2 nat is attained by a polymatroid, but by no finite rational distribution
    # (a rational combination of entropies of one is a log of an algebraic number; e**(1/2) is transcendental)
    ("max I(X;Z)", [MARKOV, "I(X;Y) <= 1/2"], None, Fraction(1, 2), False),
    # multiple-access sum rate with independent inputs and an output of at most 1 bit: I(X1,X2;Y) <= H(Y) <= 1
    ("max I(X1,X2;Y)", ["I(X1;X2) = 0", "H(Y) <= 1"], 2, Fraction(1), True),
    # ... with inputs of at most 1 bit each and a free output: I(X1,X2;Y) <= H(X1,X2) <= H(X1) + H(X2) = 2
    ("max I(X1,X2;Y)", ["I(X1;X2) = 0", "H(X1) <= 1", "H(X2) <= 1"], 2, Fraction(2), True),
    # the individual rates may sum past the sum rate: each I(Xi;Y|Xj) <= H(Y) <= 1, and Y = X1 xor X2 gives 2
    ("max I(X1;Y|X2) + I(X2;Y|X1)", ["I(X1;X2) = 0", "H(Y) <= 1"], 2, Fraction(2), True),
    # one-time pad: a share independent of the secret, recovering it with the other share, is as large as it
    ("min H(S1)", ["H(S) = 1", "H(S|S1,S2) = 0", "I(S;S1) = 0", "I(S;S2) = 0"], 2, Fraction(1), True),
    # a function of X has no more entropy than X: H(X,Y) = H(X) + H(Y|X) <= 1
    ("max H(X,Y)", ["H(X) <= 1", "H(Y|X) = 0"], 2, Fraction(1), True),
    # I(X;Y) <= min(H(X), H(Y)) = 1/3 (in nats: no distribution)
    ("max I(X;Y)", ["H(X) <= 1/3", "H(Y) <= 1/2"], None, Fraction(1, 3), False),
    # H(X) >= I(X;Y) >= 1; X = Y a fair bit attains 1
    ("min H(X)", ["I(X;Y) >= 1"], 2, Fraction(1), True),
    # nothing forces dependence: min I(X;Y) = 0, constants attain it
    ("min I(X;Y)", [], None, Fraction(0), True),
    # a constant in the objective shifts the value: H(X) + 1/4 <= 1 + 1/4
    ("max H(X) + 1/4", ["H(X) <= 1"], 2, Fraction(5, 4), True),
    # H(X|Y) = H(X) - I(X;Y) <= 2 - 1 with H(X) <= 2, I(X;Y) >= 1
    ("max H(X|Y)", ["H(X) <= 2", "I(X;Y) >= 1"], 2, Fraction(1), True),
]


def _entropies(table: dict[tuple[int, ...], Fraction], n: int) -> dict[int, object]:
    """Joint entropies of every set of variables (mask -> value), independently of symkl: in bits as Fractions
    when every probability is a power of 1/2, else in nats by mpmath at 50 digits."""
    dyadic = all(p.numerator == 1 and p.denominator & (p.denominator - 1) == 0 for p in table.values())
    result: dict[int, object] = {0: Fraction(0)}
    for mask in range(1, 1 << n):
        marginal: dict[tuple[int, ...], Fraction] = {}
        for outcome, p in table.items():
            key = tuple(outcome[i] for i in range(n) if mask >> i & 1)
            marginal[key] = marginal.get(key, Fraction(0)) + p
        if dyadic and all(p.numerator == 1 and p.denominator & (p.denominator - 1) == 0 for p in marginal.values()):
            result[mask] = sum((p * (p.denominator.bit_length() - 1) for p in marginal.values()), Fraction(0))
        else:
            with mpmath.workdps(50):
                result[mask] = -sum(
                    mpmath.mpf(p.numerator) / p.denominator * mpmath.log(mpmath.mpf(p)) for p in marginal.values()
                ) / mpmath.log(2)
    return result


def _evaluate(form: dict, variables: tuple[str, ...], entropies: dict[int, object]) -> object:
    total: object = Fraction(0)
    for subset, coefficient in form.items():
        mask = sum(1 << variables.index(v) for v in subset)
        total = total + coefficient * (entropies[mask] if subset else 1)
    return total


@pytest.mark.parametrize(("objective", "given", "base", "value", "attained"), CASES)
def test_exact_values_theorems_and_attaining_distributions(objective, given, base, value, attained) -> None:
    result = bound(objective, given=given, base=base)
    assert result.value == sympy.Rational(value.numerator, value.denominator)
    # the certificate: an exact identity of affine forms, checked again here
    assert result.certificate is not None and result.certificate.check()
    # the theorem states exactly objective <= value (>= for a minimum), constants times log(base) in nats
    unit = sympy.log(2) if base == 2 else sympy.S.One
    pairs, constant = parse_objective(objective.split(None, 1)[1])
    lhs = expression(pairs) + sympy.Rational(constant.numerator, constant.denominator) * unit
    rhs = sympy.Rational(value.numerator, value.denominator) * unit
    relation = sympy.Le if objective.startswith("max") else sympy.Ge
    assert isinstance(result.theorem, K.Theorem)
    assert result.theorem.statement == relation(lhs, rhs, evaluate=False)
    facts = {fact for text in given for fact in constraint_relations(parse_constraint(text), unit)}
    assert set(result.theorem.assumptions) <= facts
    # the optimal polymatroid meets the constraints and attains the value (exactly, in rationals)
    constraints = [parse_constraint(text) for text in given]
    affine, goal, _ = _setup(parse_objective(objective.split(None, 1)[1]), constraints)
    point = {affine.problem.mask(s): v for s, v in result.point.items()}
    assert affine.check_point(point)
    assert _evaluate(goal, affine.problem.variables, {0: 0, **point}) == value
    # a slightly better value has no certificate
    sign = 1 if objective.startswith("max") else -1
    better = {CONSTANT: sign * (value - sign * Fraction(1, 10))}  # objective <= value - 1/10 (>= value + 1/10)
    add_scaled(better, goal, -sign)
    assert _combination(affine, better) is None
    assert (result.distribution is not None) == attained
    if attained:
        variables = result.distribution.variables
        assert sum(result.distribution.table.values()) == 1
        h = _entropies(result.distribution.table, len(variables))
        assert base == 2 or value == 0  # in nats only 0 is attained by a rational distribution
        for kind, form in affine.constraints:
            reached = _evaluate(form, variables, h)
            assert abs(reached) < 1e-40 if kind == "eq" else reached > -1e-40
        reached = _evaluate(goal, variables, h)
        assert reached == value if isinstance(reached, Fraction) else abs(reached - value) < 1e-40


def test_the_issue_example_reads_as_written() -> None:
    r = sk.bound("I(X;Z)", given=("X -> Y -> Z", "I(X;Y) <= 1/2"), sense="max")
    assert r.value == sympy.Rational(1, 2) and r.unit == "nats"
    assert str(r.theorem.statement) == "I(X; Z) <= 1/2"
    bits = sk.bound("max I(X;Z)", given=("X -> Y -> Z", "I(X;Y) <= 1/2"), base="bits")
    assert bits.value == sympy.Rational(1, 2) and bits.value_nats == sympy.log(2) / 2
    assert bits.theorem.statement.rhs == sympy.log(2) / 2
    # the attaining distribution, by symkl's own measures too: I(X;Z) = I(X;Y) = 1/2 bit, I(X;Z|Y) = 0
    joint = bits.distribution.joint()
    assert sk.mutual_information(joint, "X", "Z", base=2) == sympy.Rational(1, 2)
    assert sk.conditional_mutual_information(joint, "X", "Z", given="Y") == 0


def test_unbounded_objectives_give_infinity_with_an_exact_ray() -> None:
    up = bound("max H(X)")
    assert up.value == sympy.oo and not up.bounded and up.theorem is None
    assert up.ray is not None and up.ray[frozenset("X")] > 0
    down = bound("min I(X;Y) - H(Y)", given=["H(X) <= 1"])
    assert down.value == -sympy.oo
    affine, goal, _ = _setup(parse_objective("I(X;Y) - H(Y)"), [parse_constraint("H(X) <= 1")])
    ray = {affine.problem.mask(s): v for s, v in down.ray.items()}
    point = {affine.problem.mask(s): v for s, v in down.point.items()}
    assert affine.check_point(ray, constant=0) and affine.check_point(point)
    linear = {k: v for k, v in goal.items() if k}
    assert _evaluate(linear, affine.problem.variables, {0: 0, **ray}) < 0
    assert down.as_dict()["bounded"] is False and down.as_dict()["text"] == "-∞"


# -------------------------------------------------------------------------------------------------
# constants in prove()
@pytest.mark.parametrize(
    ("statement", "given", "base"),
    [
        ("H(X,Y) <= 2", ["H(X) <= 1", "H(Y) <= 1"], 2),
        ("I(X;Z) <= 1/2", [MARKOV, "I(X;Y) <= 1/2"], None),
        ("H(X) >= -1", [], None),
        ("H(Y) = 1", ["H(X) = 1", "H(Y|X) = 0", "H(X|Y) = 0"], 2),
        ("H(X) + H(Y) >= 1", ["I(X;Y) >= 1/2"], None),
        ("2 I(X;Y) <= 1 + H(X)", ["H(Y) <= 1/2"], 2),
    ],
)
def test_true_statements_with_constants_are_proved(statement, given, base) -> None:
    result = sk.prove(statement, given=given, base=base)
    assert result.verdict == "proved" and result.exit_code == 0
    from symkl.prover.grammar import parse_statement
    from symkl.prover.kernel_bridge import relation

    parsed = parse_statement(statement)
    unit = sympy.log(2) if base == 2 else sympy.S.One
    stated = [t.statement for t in result.theorems]
    if parsed.relation == "=":
        assert stated == [relation(parsed, ">=", unit), relation(parsed, "<=", unit)]
    else:
        assert stated == [relation(parsed, unit=unit)]
    facts = {fact for text in given for fact in constraint_relations(parse_constraint(text), unit)}
    assert all(set(t.assumptions) <= facts for t in result.theorems)


@pytest.mark.parametrize(
    ("statement", "given", "base"),
    [
        ("H(X) <= 1", [], None),  # a uniform X on 3 values, or a fair bit erased half the time: log 3 > 1
        ("H(X,Y) <= 1", ["H(X) <= 1", "H(Y) <= 1"], 2),  # two independent fair bits: 2 bits
        ("H(X) + 1/2 <= 1", [], None),  # a fair bit: log 2 > 1/2
        ("I(X;Z) <= 1/4", [MARKOV, "I(X;Y) <= 1/2"], 2),  # the erasure channel: 1/2 bit
        ("H(X) = 1", [], 2),  # a constant X
    ],
)
def test_false_statements_with_constants_are_refuted_by_checked_distributions(statement, given, base) -> None:
    result = sk.prove(statement, given=given, base=base)
    assert result.verdict == "refuted" and result.exit_code == 1
    example = result.counterexample
    assert sum(example.table.values()) == 1
    # independently: the statement fails and every constraint holds, on entropies of the table in bits
    from symkl.prover.forms import affine_gap_form
    from symkl.prover.grammar import parse_statement

    variables = example.variables
    h = _entropies(example.table, len(variables))
    scale = 1 if base == 2 else mpmath.log(2)  # entropies are in bits; a nats constant c is c / log 2 bits

    def value(form: dict) -> object:
        total = _evaluate({k: v for k, v in form.items() if k}, variables, h)
        constant = form.get(CONSTANT, Fraction(0))
        return total + (constant if scale == 1 else mpmath.mpf(constant.numerator) / constant.denominator / scale)

    parsed = parse_statement(statement)
    gap = value(affine_gap_form(parsed))
    assert (gap != 0) if parsed.relation == "=" else (gap < 0)
    for text in given:
        constraint = parse_constraint(text)
        if isinstance(constraint, type(parsed)):
            reached = value(affine_gap_form(constraint))
            assert abs(reached) < 1e-40 if constraint.relation == "=" else reached > -1e-40


def test_a_statement_false_only_on_polymatroids_out_of_reach_is_not_proved() -> None:
    result = sk.prove("I(X;Y) <= 1/3", given=["H(X) <= 1/2"], base=2)
    assert result.verdict == "not-shannon-type" and result.exit_code == 3 and not result.theorems
    assert result.checks["minimum"] == "-1/2"  # min of -I(X;Y) over the polymatroids; 1/3 - 1/2 < 0


def test_statements_without_constants_take_the_usual_path() -> None:
    result = sk.prove("I(X;Z) <= I(X;Y)", given=[MARKOV])
    assert result.verdict == "proved" and result.derivation is not None


# -------------------------------------------------------------------------------------------------
# bad input
@pytest.mark.parametrize(
    ("objective", "given", "sense", "message"),
    [
        ("I(X;Z)", [], "median", "sense must be 'max' or 'min'"),
        ("max I(X;Z)", [], "min", "the objective says 'max' but sense='min'"),
        ("H(X) H(Y)", [], None, "a product of two entropy terms is not linear"),
        ("I(X;Y) <= 1", [], None, "an objective is an expression such as I(X;Z), not a relation"),
        ("", [], None, "empty objective"),
        ("max I(X;Z)", ["H(X) = -1"], None, "the constraints are infeasible"),
        ("max I(X;Z)", ["H(X) >= 2", "H(X,Y) <= 1"], None, "the constraints are infeasible"),
        ("max H(X)", ["H(X) <= 1"], "max", None),  # fine
    ],
)
def test_bad_input_is_a_clear_error(objective, given, sense, message) -> None:
    if message is None:
        assert bound(objective, given=given, sense=sense).value == 1
        return
    with pytest.raises(InvalidStatement, match=message.replace("(", r"\(").replace(")", r"\)")):
        bound(objective, given=given, sense=sense)


def test_a_non_text_objective_is_refused() -> None:
    with pytest.raises(InvalidStatement, match="an objective is text"):
        bound(3)  # type: ignore[arg-type]
    with pytest.raises(sk.InvalidInput, match="base"):
        bound("max H(X)", base=1)


# -------------------------------------------------------------------------------------------------
# command line
def test_cli_prints_the_value_theorem_and_distribution(capsys) -> None:
    code = main(["bound", "max I(X;Z)", "--given", MARKOV, "--given", "I(X;Y) <= 1/2", "--base", "2"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("max I(X;Z) = 1/2 bits   given X -> Y -> Z, I(X;Y) <= 1/2")
    assert "|- I(X; Z) <= log(2)/2" in out and "p(2, 1, 1) = 1/4" in out


def test_cli_json_unbounded_and_errors(capsys) -> None:
    assert main(["bound", "min H(S1)", "--given", "H(S) = 1", "--given", "H(S|S1,S2) = 0", "--given",
                 "I(S;S1) = 0", "--given", "I(S;S2) = 0", "--base", "2", "--json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["value"] == "1" and data["unit"] == "bits" and data["theorem"] == "H(S1) >= log(2)"
    assert data["distribution"]["probabilities"][0][1] == "1/4"
    assert main(["bound", "max H(X)"]) == 0
    assert "max H(X) = ∞ (unbounded" in capsys.readouterr().out
    assert main(["bound", "max I(X;Z)", "--given", "H(X) = -1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("symkl: error: the constraints are infeasible") and "Traceback" not in err
    assert main(["bound", "max I(X;Z)", "--sense", "median"]) == 2
    assert "sense must be 'max' or 'min'" in capsys.readouterr().err


def test_cli_prove_with_constants_in_bits(capsys) -> None:
    assert main(["prove", "H(X,Y) <= 2", "--given", "H(X) <= 1", "--given", "H(Y) <= 1", "--base", "2"]) == 0
    assert "|- H(X, Y) <= 2*log(2)" in capsys.readouterr().out
    assert main(["prove", "H(X,Y) <= 1", "--given", "H(X) <= 1", "--given", "H(Y) <= 1", "--base", "2"]) == 1
    assert "H(X,Y) = 2*log(2) > 1 bits = log(2) (nats, exact)" in capsys.readouterr().out
