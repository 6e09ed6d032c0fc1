"""The command line (DESIGN section 7): output, JSON, and every bad input exits 2 without a traceback."""

import json
import subprocess
import sys

import pytest

from symkl.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_compare_worked_example(capsys):
    code, out, err = run(capsys, "compare", "A=1/2,1/2", "B=1/4,3/4", "C=1/8,7/8", "--base", "2")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Models ranked by D_KL(A || model) in bits, closest first (exact comparison):"
    assert lines[1] == "  1. B = (1/4, 3/4): 1 - log(3)/(2*log(2)) bits ≈ 0.207518749639422 bits"
    assert lines[2] == "  2. C = (1/8, 7/8): 2 - log(7)/(2*log(2)) bits ≈ 0.596322538971198 bits"
    assert lines[3] == "Best model: B."


def test_compare_reports_ties_and_json(capsys):
    code, out, _ = run(capsys, "compare", "1/2,1/2", "1/4,3/4", "3/4,1/4", "--json")
    assert code == 0
    data = json.loads(out)
    assert [row["rank"] for row in data["ranking"]] == [1, 1]
    assert data["ranking"][0]["exact"] == "log(2) - log(3)/2"
    code, out, _ = run(capsys, "compare", "1/2,1/2", "1/4,3/4", "3/4,1/4")
    assert out.splitlines()[-1] == "Best model: tie between Q1, Q2."


def test_kl_text_json_latex(capsys):
    code, out, _ = run(capsys, "kl", "1/2,1/2", "1/4,3/4")
    assert code == 0
    assert out == "D_KL(P || Q) = log(2) - log(3)/2 nats ≈ 0.143841036225890 nats\n"
    code, out, _ = run(capsys, "kl", "1/2,1/2", "1/4,3/4", "--base", "2", "--json", "--digits", "4")
    data = json.loads(out)
    assert data == {
        "measure": "kl_divergence",
        "statement": "D_KL(P || Q)",
        "base": "2",
        "unit": "bits",
        "exact": "1 - log(3)/(2*log(2))",
        "latex": r"1 - \frac{1}{2} \log_{2} 3",
        "value": "0.2075",
        "digits": 4,
    }
    code, out, _ = run(capsys, "kl", "A=1/2,1/2", "B=1/4,3/4", "--base", "2", "--latex", "--digits", "4")
    assert out.strip() == r"D_{\mathrm{KL}}(A \parallel B) = 1 - \frac{1}{2} \log_{2} 3 \approx 0.2075\ \text{bits}"


def test_entropy_and_cross_entropy(capsys):
    code, out, _ = run(capsys, "entropy", "1/2,1/4,1/8,1/8", "--base", "2")
    assert out == "H(P) = 7/4 bits ≈ 1.75 bits\n"
    code, out, _ = run(capsys, "cross-entropy", "1/2,1/2", "1/4,3/4", "--base", "2")
    assert out == "H(P, Q) = 2 - log(3)/(2*log(2)) bits ≈ 1.20751874963942 bits\n"
    _, out, _ = run(capsys, "kl", "1,0", "0,1")
    assert out == "D_KL(P || Q) = oo nats ≈ inf nats\n"
    code, out, _ = run(capsys, "entropy", "0.5,0.25,0.25", "--base", "10", "--digits", "6")
    assert code == 0
    assert out == "H(P) = 3*log(2)/(2*log(10)) hartleys ≈ 0.451545 hartleys\n"


def test_file_input(capsys, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("1/4\n3/4\n")
    code, out, _ = run(capsys, "kl", "1/2,1/2", f"@{path}")
    assert code == 0 and out.startswith("D_KL(P || Q) = log(2) - log(3)/2 nats")


def test_huge_numerator_on_the_command_line(capsys):
    denominator = "1" + "0" * 10000
    code, out, err = run(
        capsys, "kl", f"1/{denominator},{'9' * 10000}/{denominator}", "1/2,1/2", "--json", "--digits", "6"
    )
    assert code == 0, err
    assert json.loads(out)["value"] == "0.693147"


BAD = [
    (["kl", "1/2,1/2", "1/4,3/5"], "symkl: error: second distribution (1/4,3/5): entries sum to 17/20, not 1"),
    (["kl", "1/2,1/2", "1/2"], "symkl: error: second distribution (1/2): entries sum to 1/2, not 1"),
    (
        ["kl", "1/2,1/2", "1/3,1/3,1/3"],
        "symkl: error: outcomes differ: the first distribution has 2 outcomes (0, 1), the second 3 (0, 1, 2)",
    ),
    (
        ["kl", "1/2,1/2", "nan,1"],
        "symkl: error: second distribution (nan,1): probability at index 0: 'nan' is not a finite number",
    ),
    (
        ["kl", "1/2,1/2", "inf,0"],
        "symkl: error: second distribution (inf,0): probability at index 0: 'inf' is not a finite number",
    ),
    (
        ["kl", "1/2,1/2", "-1/2,3/2"],
        "symkl: error: second distribution (-1/2,3/2): probability at index 0 is negative: -1/2",
    ),
    (
        ["kl", "1/2,1/2,0", "1/2,-1/2,1"],
        "symkl: error: second distribution (1/2,-1/2,1): probability at index 1 is negative: -1/2",
    ),
    (
        ["kl", "1/2,1/2", "3/2,-1/2"],
        "symkl: error: second distribution (3/2,-1/2): probability at index 0 exceeds 1: 3/2",
    ),
    (
        ["kl", "1/2,1/2", "1/4;3/4"],
        "symkl: error: second distribution (1/4;3/4): probability at index 0: "
        "'1/4;3/4' is not a number or an allowed expression: invalid syntax",
    ),
    (["kl", "1/2,1/2", ""], "symkl: error: second distribution (): probability at index 0: empty text is not a number"),
    (
        ["kl", "1/2,1/2", "__import__('os').system('echo pwned')"],
        "symkl: error: second distribution (__import__('os').system('echo pwned')): probability at index 0: "
        "\"__import__('os').system('echo pwned')\" is not allowed: only numbers, symbols, + - * / ** ( ), log and sqrt",
    ),
    (["kl", "1/2,1/2", "().__class__,1"], None),
    (["kl", "1/2,1/2", "2**10**10,1"], None),
    (
        ["kl", "1/2,1/2", "@/nonexistent/file"],
        "symkl: error: second distribution: cannot read file '/nonexistent/file': No such file or directory",
    ),
    (["kl", "1/2,1/2", "1/4,3/4", "--base", "1"], "symkl: error: base must be positive and not 1, got 1"),
    (["kl", "1/2,1/2", "1/4,3/4", "--base", "x)"], None),
    (
        ["kl", "1/2,1/2", "1/4,3/4", "--digits", "0"],
        "symkl: error: argument --digits: --digits must be between 1 and 1000, got 0",
    ),
    (["entropy"], "symkl: error: the following arguments are required: P"),
    (["nosuch"], None),
    ([], "symkl: error: the following arguments are required: command"),
    (["compare", "1/2,1/2"], "symkl: error: the following arguments are required: models"),
    (["entropy", "1e-999999999,1"], None),
]


@pytest.mark.parametrize("argv, message", BAD)
def test_bad_input_exits_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("symkl: error: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    if message is not None:
        assert err.strip() == message


@pytest.mark.parametrize(
    "argv",
    [
        ["kl", "1/2,1/2", "1/4,3/5"],
        ["kl", "1/2,1/2", "__import__('os').system('echo pwned')"],
        ["entropy", "nan,1"],
        ["verify-nothing"],
    ],
)
def test_subprocess_exit_code_and_no_traceback(argv):
    result = subprocess.run([sys.executable, "-m", "symkl", *argv], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("symkl: error: ")
    assert "Traceback" not in result.stderr and "pwned" not in result.stdout


def test_python_dash_m_runs_the_worked_example():
    result = subprocess.run(
        [sys.executable, "-m", "symkl", "compare", "1/2,1/2", "1/4,3/4", "1/8,7/8", "--base", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert "Best model: Q1." in result.stdout
