"""CLI additions: ``symkl mi``, progress on stderr, same-named distributions (A, A′).

Expected values are computed here independently of symkl: with Fractions (tables of powers of 2,
whose entropies in bits are rational) or mpmath.
"""

import io
import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import mpmath
import pytest

from symkl.cli import main
from symkl.cli.progress import progress


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- mi: a worked example checked by hand -----------------------------------------------------------------------------

# Cover & Thomas, Example 2.2.1, with the rows as X and the columns as Y.
COVER_THOMAS = [
    ["1/8", "1/16", "1/16", "1/4"],
    ["1/16", "1/8", "1/16", "0"],
    ["1/32", "1/32", "1/16", "0"],
    ["1/32", "1/32", "1/16", "0"],
]
COVER_THOMAS_TEXT = ";".join(",".join(row) for row in COVER_THOMAS)


def _bits(probabilities):
    """-sum p log2 p for probabilities that are 0 or powers of 1/2, exactly."""
    total = Fraction(0)
    for p in probabilities:
        if p:
            k = p.denominator.bit_length() - 1
            assert p == Fraction(1, 2**k)
            total += p * k
    return total


def test_mi_worked_example_by_hand():
    # the values the expected output below is written from
    cells = [[Fraction(p) for p in row] for row in COVER_THOMAS]
    h_xy = _bits([p for row in cells for p in row])
    h_x = _bits([sum(row) for row in cells])
    h_y = _bits([sum(column) for column in zip(*cells)])
    assert (h_x, h_y, h_xy) == (Fraction(7, 4), 2, Fraction(27, 8))
    assert (h_xy - h_y, h_xy - h_x, h_x + h_y - h_xy) == (Fraction(11, 8), Fraction(13, 8), Fraction(3, 8))


def test_mi_prints_the_six_quantities(capsys):
    code, out, err = run(capsys, "mi", COVER_THOMAS_TEXT, "--base", "2")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "I(X; Y)  = 3/8 bits ≈ 0.375 bits",
        "H(X | Y) = 11/8 bits ≈ 1.375 bits",
        "H(Y | X) = 13/8 bits ≈ 1.625 bits",
        "H(X, Y)  = 27/8 bits ≈ 3.375 bits",
        "H(X)     = 7/4 bits ≈ 1.75 bits",
        "H(Y)     = 2 bits ≈ 2 bits",
    ]


def test_mi_json_and_latex(capsys):
    code, out, _ = run(capsys, "mi", COVER_THOMAS_TEXT, "--base", "2", "--json")
    payload = json.loads(out)
    assert code == 0
    assert {key: payload[key] for key in ("measure", "statement", "base", "unit", "exact", "value")} == {
        "measure": "mutual_information",
        "statement": "I(X; Y)",
        "base": "2",
        "unit": "bits",
        "exact": "3/8",
        "value": "0.375",
    }
    assert [(m["measure"], m["statement"], m["exact"]) for m in payload["measures"]] == [
        ("mutual_information", "I(X; Y)", "3/8"),
        ("conditional_entropy", "H(X | Y)", "11/8"),
        ("conditional_entropy", "H(Y | X)", "13/8"),
        ("joint_entropy", "H(X, Y)", "27/8"),
        ("entropy", "H(X)", "7/4"),
        ("entropy", "H(Y)", "2"),
    ]
    assert payload["variables"] == {"X": "rows", "Y": "columns"}
    assert payload["marginals"] == {"X": ["1/2", "1/4", "1/8", "1/8"], "Y": ["1/4", "1/4", "1/4", "1/4"]}
    code, out, _ = run(capsys, "mi", COVER_THOMAS_TEXT, "--base", "2", "--latex")
    assert out.splitlines()[:2] == [
        r"I(X; Y) = \frac{3}{8} \approx 0.375\ \text{bits}",
        r"H(X \mid Y) = \frac{11}{8} \approx 1.375\ \text{bits}",
    ]


def test_mi_in_nats_agrees_with_mpmath(capsys):
    # p = (1/4, 1/4; 1/8, 3/8): decimals at 30 digits against mpmath at 50
    code, out, _ = run(capsys, "mi", "1/4,1/4;1/8,3/8", "--json", "--digits", "30")
    assert code == 0
    mpmath.mp.dps = 50
    cells = [[mpmath.mpf(1) / 4, mpmath.mpf(1) / 4], [mpmath.mpf(1) / 8, mpmath.mpf(3) / 8]]

    def h(ps):
        return -sum(p * mpmath.log(p) for p in ps if p)

    h_xy = h([p for row in cells for p in row])
    h_x, h_y = h([sum(row) for row in cells]), h([sum(col) for col in zip(*cells)])
    expected = [h_x + h_y - h_xy, h_xy - h_y, h_xy - h_x, h_xy, h_x, h_y]
    for found, value in zip(json.loads(out)["measures"], expected):
        assert abs(Decimal(found["value"]) - Decimal(mpmath.nstr(value, 45))) < Decimal("1e-29"), found


def test_mi_floats_are_read_as_their_decimals(capsys):
    _, exact, _ = run(capsys, "mi", "1/4,1/4;1/8,3/8", "--json")
    _, decimal, _ = run(capsys, "mi", "0.25,0.25;0.125,0.375", "--json")
    assert json.loads(exact)["measures"] == json.loads(decimal)["measures"]


def test_mi_given_conditions_on_a_third_variable(capsys):
    # Z = X xor Y with X, Y fair and independent: I(X; Y) = 0 but I(X; Y | Z) = 1 bit
    table = "1/4,0;0,1/4|0,1/4;1/4,0"
    code, out, _ = run(capsys, "mi", table, "--given", "Z", "--base", "2")
    assert code == 0
    assert out.splitlines() == [
        "I(X; Y | Z) = 1 bit ≈ 1 bit",
        "H(X | Y, Z) = 0 bits ≈ 0 bits",
        "H(Y | X, Z) = 0 bits ≈ 0 bits",
        "H(X, Y | Z) = 1 bit ≈ 1 bit",
        "H(X | Z)    = 1 bit ≈ 1 bit",
        "H(Y | Z)    = 1 bit ≈ 1 bit",
    ]
    code, out, _ = run(capsys, "mi", table, "--given", "X", "--base", "2")
    assert out.splitlines()[0] == "I(Y; Z | X) = 1 bit ≈ 1 bit"
    # the slices of the same table summed: X and Y independent
    code, out, _ = run(capsys, "mi", "1/4,1/4;1/4,1/4", "--base", "2")
    assert out.splitlines()[0] == "I(X; Y)  = 0 bits ≈ 0 bits"


def test_mi_reads_a_csv_file(capsys, tmp_path):
    table = tmp_path / "table.csv"
    table.write_bytes(b"1/8, 1/16,1/16,1/4\r\n1/16,1/8,1/16,0\n\n1/32 1/32 1/16 0\n1/32,1/32,1/16,0\n")
    assert run(capsys, "mi", f"@{table}", "--base", "2") == run(capsys, "mi", COVER_THOMAS_TEXT, "--base", "2")
    slices = tmp_path / "slices.csv"
    slices.write_text("1/4,0\n0,1/4\n|\n0,1/4\n1/4,0\n")
    code, out, _ = run(capsys, "mi", f"@{slices}", "--given", "Z", "--base", "2")
    assert (code, out.splitlines()[0]) == (0, "I(X; Y | Z) = 1 bit ≈ 1 bit")


_NUMBERS_ONLY = "only numbers (1/2, 0.25, 1e-3), + - * / ** ( ), log, sqrt, e and pi are accepted"
_THREE = (
    "the table has three variables (X: rows, Y: columns, Z: slices); say which to condition on: --given Z (or X, or Y)"
)
BAD_TABLES = [
    ([""], "table: empty; write rows separated by ';' and entries by ',', e.g. 1/4,1/4;1/8,3/8"),
    (["1/4,1/4;"], "table (1/4,1/4;): row 2 is empty (a ';' too many?)"),
    (
        ["1/4,1/4;1/8"],
        "table (1/4,1/4;1/8): row 2 has 1 entry, row 1 has 2; every row needs one entry per value of Y",
    ),
    (["1/4,,1/4;1/8,3/8"], "table (1/4,,1/4;1/8,3/8): row 1, column 2 is empty (a ',' too many?)"),
    (
        ["1/4 1/4;1/8,3/8"],
        "table (1/4 1/4;1/8,3/8): row 1, column 1 (1/4 1/4) holds two numbers; separate entries with ',' and rows "
        "with ';'",
    ),
    (
        ["1/4,1/4;1/8,3/8x"],
        "table (1/4,1/4;1/8,3/8x): row 2, column 2: '3/8x' is not a number or an allowed expression: invalid decimal "
        "literal",
    ),
    (["1/4,1/4;1/8,p"], f"table (1/4,1/4;1/8,p): row 2, column 2: 'p' contains the symbol 'p': {_NUMBERS_ONLY}"),
    (["-1/4,1/4;1/2,1/2"], "table (-1/4,1/4;1/2,1/2): row 1, column 1 is negative: -1/4"),
    (["1/2,1/2;1/4,-1/4"], "table (1/2,1/2;1/4,-1/4): row 2, column 2 is negative: -1/4"),
    (["nan,1;0,0"], "table (nan,1;0,0): row 1, column 1: 'nan' is not a finite number"),
    (
        ["1/8,1/16;1/16,1/8"],
        "table (1/8,1/16;1/16,1/8): entries sum to 3/8, not 1 (a joint table is never rescaled)",
    ),
    (
        ["0.333,0.333;0.333,0"],
        "table (0.333,0.333;0.333,0): entries sum to 999/1000, not 1 (a joint table is never rescaled)",
    ),
    (
        ["1/4,1/4|1/4"],
        "table (1/4,1/4|1/4): slice 2 has 1 row of 1 entry, slice 1 has 1 row of 2 entries; every slice needs the "
        "same rows and columns",
    ),
    (["1/2,1/2;0,0|"], "table (1/2,1/2;0,0|): slice 2 is empty; write rows separated by ';' and entries by ','"),
    (["1/4,0;0,1/4|0,1/4;1/4,0"], _THREE),
    (
        ["1/2,0;0,1/2", "--given", "Z"],
        "--given Z: the table has two variables (X: rows, Y: columns); to condition on a third, write one slice "
        "per value of Z, separated by '|' (1/4,0;0,1/4|0,1/4;1/4,0)",
    ),
    (["1/4,0;0,1/4|0,1/4;1/4,0", "--given", "W"], "--given names a variable of the table, X, Y or Z; got 'W'"),
    (["1/2,0;0,1/2", "--base", "1"], "--base must be a positive number other than 1, got 1"),
    (["@/nonexistent/table.csv"], "table: cannot read file '/nonexistent/table.csv': no such file or directory"),
]


@pytest.mark.parametrize("argv, message", BAD_TABLES, ids=[" ".join(argv) for argv, _ in BAD_TABLES])
def test_mi_bad_tables_are_one_line_exit_2(capsys, argv, message):
    code, out, err = run(capsys, "mi", *argv)
    assert (code, out) == (2, "")
    assert err == f"symkl: error: {message}\n"


def test_mi_bad_files(capsys, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("1/2,1/2\n1/4,x\n")
    assert run(capsys, "mi", f"@{empty}")[::2] == (2, f"symkl: error: table: file {str(empty)!r} has no entries\n")
    code, _, err = run(capsys, "mi", f"@{bad}")
    assert code == 2 and err.startswith("symkl: error: table (@") and ": row 2, column 2: 'x' contains" in err
    code, _, err = run(capsys, "mi", f"@{tmp_path}")
    assert code == 2 and err.endswith(": is a directory\n") and err.count("\n") == 1


def test_mi_never_evaluates_its_input(capsys):
    code, out, err = run(capsys, "mi", "__import__('os').system('echo pwned'),0;0,1")
    assert code == 2 and "pwned" not in out and err.startswith("symkl: error: table (") and err.count("\n") == 1


# --- progress on stderr -----------------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_a_plain_line_per_item_off_a_terminal():
    log = io.StringIO()
    assert list(progress(iter("ab"), "derive", "derivation", total=2, stream=log)) == ["a", "b"]
    assert log.getvalue() == "derive [1/2] a\nderive [2/2] b\n"


def test_progress_is_a_bar_on_a_terminal():
    pytest.importorskip("tqdm")
    screen = _Terminal()
    assert list(progress(["a", "b"], "verify", "identity", stream=screen)) == ["a", "b"]
    assert "\r" in screen.getvalue() and "2/2" in screen.getvalue()


def test_derive_all_reports_each_derivation(capsys, tmp_path, monkeypatch):
    import symkl.render.folder

    worked = list(symkl.render.folder.derivations())[:2]
    monkeypatch.setattr(symkl.render.folder, "derivations", lambda n=2: iter(worked))
    monkeypatch.setattr(symkl.render.folder, "identities", lambda: [])
    code, _, err = run(capsys, "derive", "--all", "--out", str(tmp_path))
    assert code == 0
    assert err == "derive [1/2] worked-example-B\nderive [2/2] worked-example-C\n"


def test_verify_all_with_stderr_in_a_file_writes_lines_not_frames(tmp_path):
    log = tmp_path / "stderr.txt"
    with open(log, "w") as stderr:
        result = subprocess.run(
            [sys.executable, "-m", "symkl", "verify", "--all", "--samples", "1"],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0
    text = log.read_text()
    lines = text.splitlines()
    assert "\r" not in text
    assert lines[0] == "verify [1/38] cross-entropy-decomposition" and lines[-1].startswith("verify [38/38] ")
    assert len(lines) == 38


# --- same-named distributions -----------------------------------------------------------------------------------------


def test_same_named_distributions_are_told_apart(capsys):
    _, out, _ = run(capsys, "kl", "A=1/2,1/2", "A=1/4,3/4", "--base", "2", "--digits", "4")
    assert out.startswith("D_KL(A || A′) = ") and out.endswith(" bits ≈ 0.2075 bits\n")
    _, out, _ = run(capsys, "cross-entropy", "A=1/2,1/2", "A=1/4,3/4")
    assert out.startswith("H(A, A′) = ")
    _, out, _ = run(capsys, "js", "A=1/2,1/2", "A=1/4,3/4")
    assert out.startswith("D_JS(A || A′) = ")
    _, out, _ = run(capsys, "kl", "A=1/2,1/2", "A=1/4,3/4", "--latex")
    assert out.startswith(r"D_{\mathrm{KL}}(A \parallel A') = ")
    _, out, _ = run(capsys, "kl", "A=1/2,1/2", "A=1/4,3/4", "--json")
    assert json.loads(out)["statement"] == "D_KL(A || A′)"
    _, out, _ = run(capsys, "kl", "A=1/2,1/2", "A=1/4,3/4", "--steps")
    assert out.startswith("D_KL(A ‖ A′) in nats\n")  # derivation text: the human printer
    # differently named, or unnamed: unchanged
    _, out, _ = run(capsys, "kl", "A=1/2,1/2", "B=1/4,3/4")
    assert out.startswith("D_KL(A || B) = ")
    _, out, _ = run(capsys, "kl", "1/2,1/2", "1/4,3/4")
    assert out.startswith("D_KL(P || Q) = ")


def test_compare_tells_apart_models_named_like_the_truth_or_each_other(capsys):
    argv = ["compare", "A=1/2,1/2", "A=1/4,3/4", "B=1/8,7/8", "B=1/3,2/3", "A=1/2,1/2", "--base", "2"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    models = [line.split(" = ")[0].split(". ")[1] for line in out.splitlines()[1:-1]]
    assert models == ["A″", "B′", "A′", "B"]
    assert out.splitlines()[-1] == "Best model: A″."
    _, out, _ = run(capsys, *argv, "--json")
    assert [row["model"] for row in json.loads(out)["ranking"]] == ["A″", "B′", "A′", "B"]
    _, out, _ = run(capsys, *argv, "--latex")
    assert out.splitlines()[0].startswith(r"D_{\mathrm{KL}}(A \parallel A'') = ")
