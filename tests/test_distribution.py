"""Distribution construction and exact validation (DESIGN section 1)."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy
from examples import COVER_THOMAS_2_2_1
from sympy import Rational, Symbol

import symkl as sk
from symkl import InvalidDistribution
from symkl.exact.distribution import common_support


@pytest.mark.parametrize(
    "values, expected",
    [
        (["1/2", "1/2"], (Rational(1, 2), Rational(1, 2))),
        ([0.25, 0.75], (Rational(1, 4), Rational(3, 4))),
        ([0.1, 0.9], (Rational(1, 10), Rational(9, 10))),
        ([Fraction(1, 3), Fraction(2, 3)], (Rational(1, 3), Rational(2, 3))),
        ([Decimal("0.375"), Decimal("0.625")], (Rational(3, 8), Rational(5, 8))),
        (["1e-3", "0.999"], (Rational(1, 1000), Rational(999, 1000))),
        ([1, 0], (1, 0)),
        ([Rational(1, 3), "2/3"], (Rational(1, 3), Rational(2, 3))),
        ("1/4, 3/4", (Rational(1, 4), Rational(3, 4))),
        (np.array([0.5, 0.5]), (Rational(1, 2), Rational(1, 2))),
        ([np.float32(0.5), np.float64(0.5)], (Rational(1, 2), Rational(1, 2))),
        ([np.int64(1), 0], (1, 0)),
        ([sympy.Float("0.5"), sympy.Float("0.5")], (Rational(1, 2), Rational(1, 2))),
    ],
)
def test_accepted_values_are_exact(values, expected):
    P = sk.Distribution(values)
    assert P.probabilities == expected
    assert all(value.is_Rational for value in P.probabilities)


def test_float_is_its_shortest_decimal_not_the_binary_double():
    P = sk.Distribution([0.1, 0.2, 0.7])
    assert P.probabilities == (Rational(1, 10), Rational(1, 5), Rational(7, 10))
    assert Fraction(0.1) != Fraction(1, 10)  # the binary double is not what we read


def test_dict_outcomes_and_lookup():
    R = sk.Distribution({"sun": "1/3", "rain": "2/3"}, name="R")
    assert R.outcomes == ("sun", "rain")
    assert R.probability("rain") == Rational(2, 3)
    assert R.as_dict() == {"sun": Rational(1, 3), "rain": Rational(2, 3)}
    with pytest.raises(KeyError):
        R.probability("snow")


def test_distribution_is_a_hashable_sympy_basic():
    P = sk.Distribution(["1/2", "1/2"], name="A")
    assert isinstance(P, sympy.Basic)
    assert P.func(*P.args) == P
    assert hash(P) == hash(sk.Distribution(["1/2", "1/2"], name="A"))
    assert {P: 1}[sk.Distribution([0.5, 0.5], name="A")] == 1
    assert str(P) == "A" and sympy.latex(P) == "A"
    assert str(sk.Distribution(["1/4", "3/4"])) == "(1/4, 3/4)"
    assert sk.Distribution(P) is P


def test_constructors():
    assert sk.uniform(4).probabilities == (Rational(1, 4),) * 4
    assert sk.bernoulli("1/4").probabilities == (Rational(3, 4), Rational(1, 4))
    assert sk.bernoulli("1/4").outcomes == (0, 1)
    p = Symbol("p")
    assert sk.bernoulli(p).probabilities == (1 - p, p)
    G = sk.Distribution.symbolic(3, "p")
    p1, p2 = sympy.symbols("p1 p2", positive=True)
    assert G.probabilities == (p1, p2, 1 - p1 - p2)
    assert G.is_symbolic and G.name == "P"
    assert all(relation.lhs.free_symbols for relation in G.assumptions)


def test_normalize_is_exact_and_recorded():
    P = sk.Distribution([1, 1, 2], normalize=True)
    assert P.probabilities == (Rational(1, 4), Rational(1, 4), Rational(1, 2))
    assert P.normalized
    assert not sk.Distribution(["1/2", "1/2"], normalize=True).normalized
    third = sk.Distribution([1 / 3, 1 / 3, 1 / 3], normalize=True)
    assert third.probabilities == (Rational(1, 3),) * 3
    assert third.func(*third.args) == third


BAD_INPUTS = [
    ([], "distribution is empty"),
    (["1/2", "-1/2", 1], "probability at index 1 is negative: -1/2"),
    ([float("nan"), 1], "probability at index 0: nan is not a finite number"),
    ([float("inf"), 0], "probability at index 0: inf is not a finite number"),
    ([Decimal("NaN"), 1], "probability at index 0: NaN is not a finite number"),
    ([sympy.nan, 1], "probability at index 0: nan is not a finite number"),
    ([sympy.oo, 1], "probability at index 0: oo is not a finite number"),
    (["nan", 1], "probability at index 0: 'nan' is not a finite number"),
    ([None, 1], "probability at index 0: 'None' is not a number (type NoneType)"),
    ([True, 0], "probability at index 0: True is a bool, not a number"),
    (["abc", 1], "entries sum to abc + 1, which is not identically 1; write the last entry as 1 minus the others"),
    (["1/2", "1/3"], "entries sum to 5/6, not 1"),
    (["1/2", "x+"], "probability at index 1: 'x+' is not a number or an allowed expression: invalid syntax"),
    (["1/0", 1], "probability at index 0: '1/0' divides by zero"),
    ([2, -1], "probability at index 0 exceeds 1: 2"),
    ([-abs(Symbol("x")) - 1, 2 + abs(Symbol("x"))], "probability at index 0 is negative: -Abs(x) - 1"),
    ([sympy.I, 1 - sympy.I], "probability at index 0 is not real: I"),
    (5, "expected a sequence or mapping of probabilities, got int"),
    ({"a": "1/2", "b": "-1/2", "c": 1}, "probability of outcome 'b' is negative: -1/2"),
]


@pytest.mark.parametrize("values, message", BAD_INPUTS)
def test_bad_input_names_problem_and_position(values, message):
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution(values)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_rounded_floats_get_the_remedy():
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution([1 / 3, 1 / 3, 1 / 3])
    message = str(caught.value)
    assert message.startswith(
        "entries sum to 9999999999999999/10000000000000000, not 1: the floats miss 1 only by rounding"
    )
    assert "Fractions" in message and "normalize=True" in message
    with pytest.raises(InvalidDistribution, match=r"^entries sum to 9/10, not 1$"):
        sk.Distribution([0.4, 0.5])  # far from 1: no rounding hint


def test_duplicate_outcomes():
    with pytest.raises(InvalidDistribution, match=r"^outcome 'a' appears twice \(positions 0 and 2\)$"):
        sk.Distribution(["1/4", "1/4", "1/2"], outcomes=["a", "b", "a"])


def test_outcome_count_mismatch_and_bad_outcome_types():
    with pytest.raises(InvalidDistribution, match=r"^2 probabilities but 3 outcomes$"):
        sk.Distribution(["1/2", "1/2"], outcomes=["a", "b", "c"])
    with pytest.raises(InvalidDistribution, match=r"^outcome 1.5 has type float"):
        sk.Distribution({1.5: 1})


def test_normalize_refuses_a_zero_sum():
    with pytest.raises(InvalidDistribution, match=r"^cannot normalize: the entries sum to 0, not a positive number$"):
        sk.Distribution([0, 0], normalize=True)


def test_symbolic_entries_keep_their_assumptions():
    p = Symbol("p")
    P = sk.Distribution([p, 1 - p])
    assert P.assumptions == (sympy.GreaterThan(p, 0, evaluate=False), sympy.GreaterThan(1 - p, 0, evaluate=False))
    with pytest.raises(InvalidDistribution, match="not identically 1"):
        sk.Distribution([p, Symbol("q")])


def test_bad_constructor_arguments():
    with pytest.raises(InvalidDistribution, match=r"^uniform needs a positive integer size, got 0$"):
        sk.uniform(0)
    with pytest.raises(InvalidDistribution, match=r"^size must be a positive integer, got 0$"):
        sk.Distribution.symbolic(0)
    with pytest.raises(InvalidDistribution, match=r"^probability at index 0 is negative: -1/2$"):
        sk.bernoulli("3/2")
    with pytest.raises(InvalidDistribution, match=r"^bernoulli parameter: 'x\)' is not a number"):
        sk.bernoulli("x)")


def test_huge_numerator_is_valid_input():
    big = 10**10000 + 7
    P = sk.Distribution([Fraction(big, 3 * big + 1), Fraction(2 * big + 1, 3 * big + 1)])
    assert sum(P.probabilities) == 1
    denominator = "1" + "0" * 10000  # a 10,001-digit string, past Python's 4300-digit str limit
    numerator = "9" * 10000
    Q = sk.Distribution([f"1/{denominator}", f"{numerator}/{denominator}"])
    assert Q.probabilities[0] == Rational(1, 10**10000)
    assert Q.probabilities[1] == 1 - Rational(1, 10**10000)


# ------------------------------------------------------------------ joint distributions
def test_joint_marginals_and_conditionals():
    J = sk.JointDistribution(COVER_THOMAS_2_2_1, names=("Y", "X"), outcomes={"X": [1, 2, 3, 4], "Y": [1, 2, 3, 4]})
    assert J.marginal("X").probabilities == (Rational(1, 2), Rational(1, 4), Rational(1, 8), Rational(1, 8))
    assert J.marginal("Y").probabilities == (Rational(1, 4),) * 4
    conditional = J.conditional("X", given="Y")
    assert conditional[4].probabilities == (1, 0, 0, 0)
    assert conditional[1].probabilities == (Rational(1, 2), Rational(1, 4), Rational(1, 8), Rational(1, 8))
    assert J.func(*J.args) == J
    both = J.marginal(["X", "Y"])
    assert isinstance(both, sk.JointDistribution) and both.names == ("X", "Y")


def test_joint_from_dict_fills_missing_cells_with_zero():
    J = sk.JointDistribution({(0, "a"): "1/2", (1, "b"): "1/2"})
    assert J.joint.as_dict() == {(0, "a"): Rational(1, 2), (0, "b"): 0, (1, "a"): 0, (1, "b"): Rational(1, 2)}
    assert J.values_of("Y") == ("a", "b")


@pytest.mark.parametrize(
    "table, names, message",
    [
        ([[1, 0], [0]], ("X", "Y"), "table is not rectangular: entry at (1,) has 1, expected 2 entries"),
        ([["1/2", "1/2"]], ("X", "Y", "Z"), "table nests 2 deep but 3 variable names were given"),
        ([[["1"]]], ("X", "Y"), "table nests deeper than the 2 variable names given"),
        ([["1/2", "1/4"], [0, 0]], ("X", "Y"), "entries sum to 3/4, not 1"),
        ([[1]], ("X", "X"), "variable names must be distinct and non-empty, got ('X', 'X')"),
    ],
)
def test_bad_joint_tables(table, names, message):
    with pytest.raises(InvalidDistribution) as caught:
        sk.JointDistribution(table, names=names)
    assert str(caught.value) == message


def test_unknown_variable_name():
    J = sk.JointDistribution([["1/2", 0], [0, "1/2"]])
    with pytest.raises(InvalidDistribution, match=r"^no variable 'Z'; the variables are \('X', 'Y'\)$"):
        J.marginal("Z")


_UNORDERED_REMEDY = (
    "have no fixed order (and a set merges equal entries); "
    "pass a list or tuple in outcome order, or a dict from outcomes to probabilities"
)


@pytest.mark.parametrize(
    "values, kind",
    [
        ({"1/2", "1/4", "1/4 "}, "set"),
        (frozenset(["1/4", "3/4"]), "frozenset"),
        ({"1/4": 0, "3/4": 1}.keys(), "dict_keys"),
        ({"a": "1/2", "b": "1/2"}.items(), "dict_items"),
        (sympy.FiniteSet(Rational(1, 4), Rational(3, 4)), "FiniteSet"),
    ],
)
def test_unordered_collections_are_refused(values, kind):
    # A set iterates in hash order (string hashes change between runs): the entries would be matched to
    # outcomes differently from run to run, so the answer would change.
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution(values)
    assert str(caught.value) == f"probabilities given as a {kind} {_UNORDERED_REMEDY}"


def test_unordered_outcomes_and_variable_names_are_refused():
    with pytest.raises(
        InvalidDistribution, match=r"^outcomes given as a set have no fixed order .*; pass a list or tuple$"
    ):
        sk.Distribution(["1/4", "3/4"], outcomes={"a", "b"})
    with pytest.raises(InvalidDistribution, match=r"^variable names given as a set have no fixed order"):
        sk.JointDistribution([["1/4", "1/4"], ["1/4", "1/4"]], names={"X", "Y"})
    with pytest.raises(InvalidDistribution, match=r"^outcome labels given as a set have no fixed order"):
        sk.JointDistribution([["1/4", "1/4"], ["1/4", "1/4"]], outcomes={"X": {"a", "b"}})
    assert sk.Distribution({"a": "1/4", "b": "3/4"}.values()).probabilities == (Rational(1, 4), Rational(3, 4))


@pytest.mark.parametrize(
    "values, message",
    [
        (["1e100000", "1"], "probability at index 0 exceeds 1: about 1.0e+100000"),
        (["-1e5000", "1"], "probability at index 0 is negative: about -1.0e+5000"),
        (
            [5e-324, 1.0],  # a denormal float: its shortest decimal is 1/10**324, the sum a 650-digit fraction
            "entries sum to about 1 + 5.0e-324, not 1: the floats miss 1 only by rounding; give exact strings or "
            'Fractions (e.g. "1/3"), or build sk.Distribution(values, normalize=True) to rescale exactly',
        ),
        (["1/3", "1/10**400"], "entries sum to about 0.333333, not 1"),
        ({"x" * 10_000: "1/2", "y": "1/4"}, "entries sum to 3/4, not 1"),
        (
            {"x" * 10_000: "-1/2", "y": "3/2"},
            "probability of outcome 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... is negative: -1/2",
        ),
    ],
)
def test_messages_quote_huge_values_briefly(values, message):
    with pytest.raises(InvalidDistribution) as caught:
        sk.Distribution(values)
    assert str(caught.value) == message


def test_outcomes_differ_lists_a_few_outcomes():
    with pytest.raises(InvalidDistribution) as caught:
        sk.kl_divergence(sk.uniform(1000), sk.uniform(1001))
    assert str(caught.value) == (
        "outcomes differ: the first distribution has 1000 outcomes (0, 1, 2, 3, 4, ..., 999), "
        "the second 1001 (0, 1, 2, 3, 4, ..., 1000)"
    )


def test_distributions_without_outcomes_share_their_default_outcomes():
    # two distributions of one length share Tuple(0..n-1), so aligning them compares nothing
    P, Q = sk.Distribution(["1/2", "1/4", "1/4"]), sk.Distribution(["1/3", "1/3", "1/3"])
    assert P.args[2] is Q.args[2]
    assert common_support(P, Q) == (P, Q)
    # given outcomes are still checked for duplicates and aligned by name
    with pytest.raises(sk.InvalidDistribution, match=r"outcome 0 appears twice \(positions 0 and 2\)"):
        sk.Distribution(["1/2", "1/4", "1/4"], outcomes=[0, 1, 0])
    R = sk.Distribution(["1/4", "1/4", "1/2"], outcomes=[2, 1, 0])
    assert common_support(P, R)[1].probabilities == (sympy.Rational(1, 2), sympy.Rational(1, 4), sympy.Rational(1, 4))


def test_entries_summed_exactly_over_many_denominators():
    values = [sympy.Rational(1, 2**k) for k in range(1, 400)] + [sympy.Rational(1, 2**399)]
    assert sum(sk.Distribution(values).probabilities) == 1
    with pytest.raises(sk.InvalidDistribution, match="entries sum to"):
        sk.Distribution([*values[:-1], sympy.Rational(1, 3**200)])
