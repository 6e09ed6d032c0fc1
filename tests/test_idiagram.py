"""Information diagrams: exact atoms cross-checked independently, statements' atoms, the pictures themselves.

The atoms are checked three ways: exact values of known tables (independent bits, copies, XOR), the same
atoms from symkl's own conditional measures compared exactly, and an independent computation with
Fractions and mpmath (entropies at 50 digits, atoms by the textbook formulas, no Moebius inversion).
Drawing needs matplotlib (the ``plot`` extra): CI installs it (.ci/run) and fails when it is missing;
elsewhere the drawing tests skip.
"""

from __future__ import annotations

import os
import sys
from fractions import Fraction
from itertools import combinations, product

import mpmath
import pytest
import sympy

import symkl as sk
from symkl.errors import InvalidInput, InvalidStatement, MissingDependency
from symkl.prover.grammar import Entropy, Mutual, parse_statement


def _matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("matplotlib is missing in CI: .ci/run must install the plot extra")
        pytest.skip("matplotlib is not installed (pip install 'symkl[plot]'); CI installs it")


def _table(cells: dict[tuple[int, ...], str], names: tuple[str, ...] = ("X", "Y", "Z")) -> sk.JointDistribution:
    return sk.JointDistribution(cells, names=names)


INDEPENDENT = _table({(a, b): "1/4" for a, b in product((0, 1), repeat=2)}, ("X", "Y"))
COPIES = _table({(0, 0): "1/2", (1, 1): "1/2"}, ("X", "Y"))
XOR = _table({(a, b, a ^ b): "1/4" for a, b in product((0, 1), repeat=2)})
#: tables whose atoms are all different and irrational: a skewed pair, a skewed triple with a zero cell
SKEWED_PAIR = _table({(0, 0): "1/8", (0, 1): "1/8", (1, 0): "1/4", (1, 1): "1/2"}, ("X", "Y"))
SKEWED = _table({(0, 0, 0): "1/3", (0, 1, 1): "1/6", (1, 1, 0): "1/4", (1, 0, 1): "1/8", (1, 1, 1): "1/8"})
TERNARY = _table(
    {(0, 0, 0): "1/5", (1, 2, 0): "1/10", (2, 1, 1): "3/10", (0, 2, 1): "1/20", (1, 1, 2): "1/4", (2, 0, 0): "1/10"}
)


# ---------------------------------------------------------------------------------------------
# exact atoms
def test_independent_bits_share_nothing():
    assert sk.idiagram(INDEPENDENT).atoms == {"H(X|Y)": 1, "H(Y|X)": 1, "I(X;Y)": 0}


def test_copies_are_all_shared():
    assert sk.idiagram(COPIES).atoms == {"H(X|Y)": 0, "H(Y|X)": 0, "I(X;Y)": 1}


def test_xor_has_co_information_minus_one_bit():
    atoms = sk.idiagram(XOR).atoms
    assert atoms["I(X;Y;Z)"] == -1
    assert [atoms[name] for name in ("I(X;Y|Z)", "I(X;Z|Y)", "I(Y;Z|X)")] == [1, 1, 1]
    assert [atoms[name] for name in ("H(X|Y,Z)", "H(Y|X,Z)", "H(Z|X,Y)")] == [0, 0, 0]


def test_the_base_is_bits_by_default_and_any_base_the_measures_accept():
    diagram = sk.idiagram(COPIES)
    assert diagram.unit == "bits"
    nats = sk.idiagram(COPIES, base="nats")
    assert (nats.unit, nats.atoms["I(X;Y)"]) == ("nats", sympy.log(2))
    assert sk.idiagram(COPIES, base=10).atoms["I(X;Y)"] == sympy.log(2) / sympy.log(10)
    with pytest.raises(InvalidInput):
        sk.idiagram(COPIES, base=1)


@pytest.mark.parametrize("table", [SKEWED_PAIR, SKEWED, TERNARY, XOR], ids=["pair", "skewed", "ternary", "xor"])
def test_atoms_equal_symkls_own_conditional_measures_exactly(table):
    names = table.names
    atoms = sk.idiagram(table).atoms
    for x in names:
        rest = [name for name in names if name != x]
        assert sk.compare(atoms[f"H({x}|{','.join(rest)})"], sk.conditional_entropy(table, x, rest, base=2)) == 0
    for x, y in combinations(names, 2):
        rest = [name for name in names if name not in (x, y)]
        if rest:
            expected = sk.conditional_mutual_information(table, x, y, given=rest, base=2)
            assert sk.compare(atoms[f"I({x};{y}|{rest[0]})"], expected) == 0
        else:
            assert sk.compare(atoms[f"I({x};{y})"], sk.mutual_information(table, x, y, base=2)) == 0


def _independent_atoms(cells: dict[tuple[int, ...], Fraction], names: tuple[str, ...]) -> dict[str, mpmath.mpf]:
    """The atoms by the textbook formulas, from Fractions and mpmath entropies: nothing shared with symkl."""
    with mpmath.workdps(50):

        def H(*chosen: str) -> mpmath.mpf:
            marginal: dict[tuple[int, ...], Fraction] = {}
            for outcome, p in cells.items():
                key = tuple(outcome[names.index(name)] for name in chosen)
                marginal[key] = marginal.get(key, Fraction(0)) + p
            return -sum(
                (mpmath.mpf(p.numerator) / p.denominator * mpmath.log(mpmath.mpf(p.numerator) / p.denominator, 2))
                for p in marginal.values()
                if p
            )

        if len(names) == 2:
            x, y = names
            return {f"H({x}|{y})": H(x, y) - H(y), f"H({y}|{x})": H(x, y) - H(x), f"I({x};{y})": H(x) + H(y) - H(x, y)}
        x, y, z = names
        everything = H(x, y, z)
        return {
            f"H({x}|{y},{z})": everything - H(y, z),
            f"H({y}|{x},{z})": everything - H(x, z),
            f"H({z}|{x},{y})": everything - H(x, y),
            f"I({x};{y}|{z})": H(x, z) + H(y, z) - everything - H(z),
            f"I({x};{z}|{y})": H(x, y) + H(y, z) - everything - H(y),
            f"I({y};{z}|{x})": H(x, y) + H(x, z) - everything - H(x),
            f"I({x};{y};{z})": H(x) + H(y) + H(z) - H(x, y) - H(x, z) - H(y, z) + everything,
        }


@pytest.mark.parametrize("table", [SKEWED_PAIR, SKEWED, TERNARY, XOR], ids=["pair", "skewed", "ternary", "xor"])
def test_atoms_agree_with_an_independent_fractions_and_mpmath_computation(table):
    cells = {tuple(outcome): Fraction(str(p)) for outcome, p in table.cells()}
    expected = _independent_atoms(cells, table.names)
    atoms = sk.idiagram(table).atoms
    assert set(atoms) == set(expected)
    with mpmath.workdps(50):
        for name, value in atoms.items():
            assert not value.free_symbols and not value.has(sympy.Float)  # exact
            assert abs(mpmath.mpf(str(sympy.N(value, 45))) - expected[name]) < mpmath.mpf(10) ** -40, name


def test_the_atoms_sum_to_the_joint_entropy():
    total = sum(sk.idiagram(TERNARY).atoms.values())
    assert sk.compare(total, sk.joint_entropy(TERNARY, base=2)) == 0


def test_names_pick_and_order_the_variables():
    four = _table({(a, b, a ^ b, a): "1/4" for a, b in product((0, 1), repeat=2)}, ("A", "B", "C", "D"))
    with pytest.raises(InvalidInput, match=r"2 or 3 variables; the table has 4 \(A, B, C, D\): choose them"):
        sk.idiagram(four)
    diagram = sk.idiagram(four, names=("D", "A"))
    assert diagram.names == ("D", "A")
    assert diagram.atoms == {"H(D|A)": 0, "H(A|D)": 0, "I(D;A)": 1}
    assert sk.idiagram(four, names=["A", "B", "C"]).atoms["I(A;B;C)"] == -1
    with pytest.raises(InvalidInput, match="no variable 'E' in the table"):
        sk.idiagram(four, names=("A", "E"))
    with pytest.raises(InvalidInput, match="2 or 3 distinct variables"):
        sk.idiagram(four, names=("A", "A"))
    with pytest.raises(InvalidInput, match="sequence of variable names"):
        sk.idiagram(four, names="AB")


def test_symbolic_tables_keep_their_symbols_and_have_no_sign():
    p = sympy.Symbol("p", positive=True)
    table = sk.JointDistribution({(0, 0): p / 2, (1, 1): p / 2, (0, 1): (1 - p) / 2, (1, 0): (1 - p) / 2})
    diagram = sk.idiagram(table)
    assert diagram.atoms["I(X;Y)"].free_symbols == {p}
    assert sympy.simplify(diagram.atoms["I(X;Y)"].subs(p, sympy.Rational(1, 2))) == 0  # then X, Y independent
    assert "I(X;Y) = " in repr(diagram)


def test_the_source_must_be_a_table_or_a_statement():
    with pytest.raises(InvalidInput, match="a JointDistribution or a statement"):
        sk.idiagram(sk.Distribution(["1/2", "1/2"]))


# ---------------------------------------------------------------------------------------------
# statements
def _measure(term: Entropy | Mutual, table: sk.JointDistribution) -> sympy.Expr:
    """A term of a statement evaluated on a table by joint entropies (not by atoms)."""

    def H(*groups: tuple[str, ...]) -> sympy.Expr:
        chosen = sorted({name for group in groups for name in group})
        if not chosen:
            return sympy.S.Zero
        return sk.joint_entropy(table.marginal(chosen[0]) if len(chosen) == 1 else table.marginal(chosen), base=2)

    if isinstance(term, Entropy):
        return H(term.variables, term.given) - H(term.given)
    return (
        H(term.first, term.given) + H(term.second, term.given) - H(term.first, term.second, term.given) - H(term.given)
    )


STATEMENTS = [
    "I(X;Y|Z) <= I(X;Y)",
    "H(X,Y,Z) <= 2 H(X) + H(Y|Z) - I(X;Z)",
    "I(X;Y) <= H(X,Z) + 1/2 H(Y|X)",
    "H(X|Y) >= H(X|Y,Z)",
    "I(X,Y;Z) = I(X;Z) + I(Y;Z|X)",
    "3 I(X;Y|Z) - 2/3 H(Z) >= H(X|Y) - I(Y;Z)",
]


@pytest.mark.parametrize("text", STATEMENTS)
def test_a_statement_in_atoms_is_the_statement(text):
    """sum c_a atom_a(J) equals rhs - lhs (lhs - rhs for >= and =) on tables, computed by joint entropies."""
    statement = parse_statement(text)
    diagram = sk.idiagram(text, names=("X", "Y", "Z"))
    for table in (SKEWED, TERNARY, XOR):
        atoms = sk.idiagram(table).atoms
        in_atoms = sum(
            Fraction(c).numerator * atoms[name] / Fraction(c).denominator for name, c in diagram.coefficients.items()
        )
        lhs = sum(value.numerator * _measure(term, table) / value.denominator for term, value in statement.lhs)
        rhs = sum(value.numerator * _measure(term, table) / value.denominator for term, value in statement.rhs)
        direct = rhs - lhs if statement.relation == "<=" else lhs - rhs
        assert sk.compare(in_atoms, direct) == 0, (text, table.names)


def test_statement_coefficients_and_form():
    diagram = sk.idiagram("I(X;Y|Z) <= I(X;Y)")
    assert diagram.form() == "I(X;Y;Z) >= 0"
    assert diagram.coefficients["I(X;Y;Z)"] == 1 and diagram.coefficients["I(X;Y|Z)"] == 0
    assert repr(diagram) == (
        "I-diagram of I(X;Y|Z) <= I(X;Y), that is I(X;Y;Z) >= 0\n  I(X;Y|Z): 0 (used, cancels)\n  I(X;Y;Z): +1"
    )
    assert sk.idiagram("H(X,Y) <= H(X) + H(Y)").form() == "I(X;Y) >= 0"
    assert sk.idiagram("I(X,Y;Z) = I(X;Z) + I(Y;Z|X)").form() == "0 = 0"
    negative = sk.idiagram("H(X,Y,Z) <= 2 H(X) + H(Y|Z) - I(X;Z)")
    assert negative.form() == "H(X|Y,Z) - H(Z|X,Y) + 2 I(X;Y|Z) - I(Y;Z|X) >= 0"


def test_statement_variables_in_reading_order_or_as_named():
    assert sk.idiagram("I(Y;X) >= 0").names == ("Y", "X")
    assert sk.idiagram("I(Y;X) >= 0", names=("X", "Y", "W")).names == ("X", "Y", "W")
    with pytest.raises(InvalidInput, match="the statement names 'Y'"):
        sk.idiagram("I(Y;X) >= 0", names=("X", "Z"))
    with pytest.raises(InvalidInput, match="the statement has 1 \\(X\\)"):
        sk.idiagram("H(X) >= 0")
    with pytest.raises(InvalidInput, match="the statement has 4"):
        sk.idiagram("I(A;B|C) <= H(D)")


def test_statements_are_parsed_never_evaluated():
    with pytest.raises(InvalidStatement):
        sk.idiagram("__import__('os').system('true') <= 1")
    with pytest.raises(InvalidStatement):
        sk.idiagram("I(X;Y) <= ")


# ---------------------------------------------------------------------------------------------
# without matplotlib
def test_without_matplotlib_the_atoms_work_and_drawing_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    diagram = sk.idiagram(XOR)
    assert diagram.atoms["I(X;Y;Z)"] == -1
    for draw in (lambda: diagram.save(tmp_path / "xor.png"), diagram._repr_png_, diagram._repr_svg_):
        with pytest.raises(MissingDependency, match=r"pip install 'symkl\[plot\]'"):
            draw()
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# pictures
def _texts(diagram: sk.IDiagram) -> list[str]:
    figure = diagram.figure
    found = [text.get_text() for text in figure.texts]
    for axes in figure.axes:
        found += [text.get_text() for text in axes.texts]
    for legend in figure.legends:
        found += [text.get_text() for text in legend.get_texts()]
    return found


def test_xor_picture_labels_every_atom_and_marks_the_negative_one():
    _matplotlib()
    diagram = sk.idiagram(XOR)
    texts = _texts(diagram)
    for name in ("H(X|Y,Z)", "I(X;Y|Z)", "I(X;Y;Z)", "X", "Y", "Z"):
        assert name in texts
    assert texts.count("-1") == 1 and texts.count("1") == 3 and texts.count("0") == 3
    assert "negative (hatched)" in texts and "exact atom values in bits; areas are not to scale" in texts
    hatched = [patch for patch in diagram.figure.axes[0].patches if patch.get_hatch()]
    assert len(hatched) == 1  # the centre only


def test_long_values_move_below_with_their_decimal_in_the_region():
    _matplotlib()
    texts = _texts(sk.idiagram(TERNARY))
    notes = [text for text in texts if text.startswith("[")]
    assert notes, "the ternary table has values too long for the small regions"
    assert all(" = " in note for note in notes)
    assert any(text.startswith("≈ ") for text in texts)


def test_statement_picture_distinguishes_the_signs():
    _matplotlib()
    diagram = sk.idiagram("H(X,Y,Z) <= 2 H(X) + H(Y|Z) - I(X;Z)")
    texts = _texts(diagram)
    assert {"+1", "+2", "-1", "0"} <= set(texts)
    assert {"coefficient > 0", "coefficient < 0 (hatched)", "used, cancels (dotted)"} <= set(texts)
    assert "in atoms: H(X|Y,Z) - H(Z|X,Y) + 2 I(X;Y|Z) - I(Y;Z|X) >= 0" in texts


@pytest.mark.parametrize(
    "source", [INDEPENDENT, COPIES, XOR, SKEWED_PAIR, SKEWED, TERNARY, STATEMENTS[1], STATEMENTS[5]]
)
def test_labels_do_not_overlap_and_stay_on_the_page(source):
    _matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = sk.idiagram(source).figure
    renderer = FigureCanvasAgg(figure).get_renderer()
    page = figure.bbox
    boxes = [text.get_window_extent(renderer) for axes in figure.axes for text in axes.texts if text.get_text()]
    boxes += [text.get_window_extent(renderer) for text in figure.texts]
    for box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    for first, second in combinations(boxes, 2):
        assert not first.overlaps(second), (first, second)


def test_save_png_and_svg_atomically(tmp_path, monkeypatch):
    _matplotlib()
    diagram = sk.idiagram(XOR)
    png, svg = diagram.save(tmp_path / "xor.png"), diagram.save(tmp_path / "sub" / "xor.svg")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in svg.read_bytes()[:400]
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["sub", "xor.png", "xor.svg"]  # no temporary left
    before = png.read_bytes()

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        sk.idiagram(COPIES).save(png)
    assert png.read_bytes() == before  # the old picture is intact
    assert sorted(path.name for path in tmp_path.iterdir()) == ["sub", "xor.png"]
    with pytest.raises(InvalidInput, match=r"saved as \.png, \.svg or \.pdf"):
        diagram.save(tmp_path / "xor.jpg")


def test_notebook_representations():
    _matplotlib()
    diagram = sk.idiagram(COPIES)
    assert diagram._repr_png_().startswith(b"\x89PNG")
    svg = diagram._repr_svg_()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert sk.idiagram(COPIES)._repr_svg_() == svg  # no dates or random ids: the same diagram, the same file
