"""The command line (DESIGN section 7): output, JSON, and every bad input exits 2 without a traceback."""

import json
import math
import os
import pathlib
import shlex
import stat
import subprocess
import sys

import mpmath
import pytest

from symkl.cli import main
from symkl.cli.main import build_parser


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_compare_worked_example(capsys):
    code, out, err = run(capsys, "compare", "A=1/2,1/2", "B=1/4,3/4", "C=1/8,7/8", "--base", "2")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Models ranked by D_KL(A || model) in bits, closest first (exact comparison):"
    assert lines[1] == "  1. B = (1/4, 3/4): 1 - (1/2) log₂ 3 bits ≈ 0.207518749639422 bits"
    assert lines[2] == "  2. C = (1/8, 7/8): 2 - (1/2) log₂ 7 bits ≈ 0.596322538971198 bits"
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
    assert out == "D_KL(P || Q) = (1/2) log(4/3) nats ≈ 0.143841036225890 nats\n"
    code, out, _ = run(capsys, "kl", "1/2,1/2", "1/4,3/4", "--base", "2", "--json", "--digits", "4")
    data = json.loads(out)
    assert data == {
        "measure": "kl_divergence",
        "statement": "D_KL(P || Q)",
        "base": "2",
        "unit": "bits",
        "exact": "1 - log(3)/(2*log(2))",
        "text": "1 - (1/2) log₂ 3",
        "latex": r"1 - \frac{1}{2} \log_{2} 3",
        "value": "0.2075",
        "digits": 4,
        "guaranteed": True,
    }
    code, out, _ = run(capsys, "kl", "A=1/2,1/2", "B=1/4,3/4", "--base", "2", "--latex", "--digits", "4")
    assert out.strip() == r"D_{\mathrm{KL}}(A \parallel B) = 1 - \frac{1}{2} \log_{2} 3 \approx 0.2075\ \text{bits}"


def test_entropy_and_cross_entropy(capsys):
    code, out, _ = run(capsys, "entropy", "1/2,1/4,1/8,1/8", "--base", "2")
    assert out == "H(P) = 7/4 bits ≈ 1.75 bits\n"
    code, out, _ = run(capsys, "cross-entropy", "1/2,1/2", "1/4,3/4", "--base", "2")
    assert out == "H(P, Q) = 2 - (1/2) log₂ 3 bits ≈ 1.20751874963942 bits\n"
    _, out, _ = run(capsys, "kl", "1,0", "0,1")
    assert out == "D_KL(P || Q) = ∞\n"
    code, out, _ = run(capsys, "entropy", "0.5,0.25,0.25", "--base", "10", "--digits", "6")
    assert code == 0
    assert out == "H(P) = (3/2) log₁₀ 2 hartleys ≈ 0.451545 hartleys\n"


def test_file_input(capsys, tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("1/4\n3/4\n")
    code, out, _ = run(capsys, "kl", "1/2,1/2", f"@{path}")
    assert code == 0 and out.startswith("D_KL(P || Q) = (1/2) log(4/3) nats")


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
        "'1/4;3/4' is not a number or an allowed expression: invalid syntax; separate entries with commas (1/2,1/2)",
    ),
    (["kl", "1/2,1/2", ""], "symkl: error: second distribution (): probability at index 0: empty text is not a number"),
    (
        ["kl", "1/2,1/2", "__import__('os').system('echo pwned')"],
        "symkl: error: second distribution (__import__('os').system('echo pwned')): probability at index 0: "
        "\"__import__('os').system('echo pwned')\" is not allowed: only numbers (1/2, 0.25, 1e-3), + - * / ** ( ), "
        "log, sqrt, e and pi are accepted",
    ),
    (["kl", "1/2,1/2", "().__class__,1"], None),
    (["kl", "1/2,1/2", "2**10**10,1"], None),
    (
        ["kl", "1/2,1/2", "@/nonexistent/file"],
        "symkl: error: second distribution: cannot read file '/nonexistent/file': no such file or directory",
    ),
    (["kl", "1/2,1/2", "1/4,3/4", "--base", "1"], "symkl: error: --base must be a positive number other than 1, got 1"),
    (["kl", "1/2,1/2", "1/4,3/4", "--base", "x)"], None),
    (
        ["kl", "1/2,1/2", "1/4,3/4", "--digits", "0"],
        "symkl: error: --digits must be between 1 and 1000, got 0",
    ),
    (["entropy"], "symkl: error: the following arguments are required: P (see 'symkl entropy --help')"),
    (["nosuch"], None),
    (["compare", "1/2,1/2"], "symkl: error: the following arguments are required: models (see 'symkl compare --help')"),
    (["entropy", "1e-999999999,1"], None),
    (["mi", "1/2,1/2;1/2"], None),
    (
        ["mi", "1/2,0;0,1/3"],
        "symkl: error: table (1/2,0;0,1/3): entries sum to 5/6, not 1 (a joint table is never rescaled)",
    ),
    (["mi", "1/2,0;0,1/2", "--digits", "0"], "symkl: error: --digits must be between 1 and 1000, got 0"),
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
        ["mi", "__import__('os').system('echo pwned'),0;0,1"],
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


# --- inputs a newcomer gets wrong: every one is "symkl: error: ..." on one line, exit 2 -------------------------------

_NUMBERS_ONLY = "only numbers (1/2, 0.25, 1e-3), + - * / ** ( ), log, sqrt, e and pi are accepted"
_MIXED = "give both as lists, or both as families (a list p0,p1 on outcomes 0, 1 is Bernoulli(p1))"
NEWCOMER = [
    # a letter typed for a digit is named, with what the command line takes (it was "write the last entry as 1 minus
    # the others", advice for symbolic distributions)
    (
        ["kl", "l/2,1/2", "1/2,1/2"],
        f"first distribution (l/2,1/2): probability at index 0: 'l/2' contains the symbol 'l': {_NUMBERS_ONLY}",
    ),
    (
        ["entropy", "1/2,x"],
        f"distribution (1/2,x): probability at index 1: 'x' contains the symbol 'x': {_NUMBERS_ONLY}",
    ),
    (["entropy", "1/2,1/2", "--base", "x"], f"--base: 'x' contains the symbol 'x': {_NUMBERS_ONLY}"),
    (["entropy", "1/2,1/2", "--base", "0"], "--base must be a positive number other than 1, got 0"),
    (["entropy", "1/2,1/2", "--base", "-2"], "--base must be a positive number other than 1, got -2"),
    (["entropy", "1/2,1/2", "--base", "log(1)"], "--base must be a positive number other than 1, got 0"),
    (["entropy", "1/2,1/2", "--base", "1/0"], "--base: '1/0' divides by zero"),
    (["entropy", "1/2,1/2", "--base", "2" * 101], "--base takes at most 100 characters, got 101"),
    # bounds of the options
    (["verify", "gibbs", "--samples", "-1"], "--samples must be between 1 and 10000, got -1"),
    (["verify", "gibbs", "--samples", "0"], "--samples must be between 1 and 10000, got 0"),
    (
        ["verify", "gibbs", "--samples", "10001"],
        "--samples must be between 1 and 10000, got 10001",
    ),
    (
        ["verify", "gibbs", "--samples", "9" * 5000],
        "--samples must be between 1 and 10000, got 9999999999999999999999999999999999999...",
    ),
    (
        ["verify", "gibbs", "--samples", "many"],
        "--samples takes a whole number, got 'many'",
    ),
    (["verify", "gibbs", "--seed", "-1"], "--seed must be between 0 and 4294967295, got -1"),
    (["verify", "gibbs", "--n", "9"], "--n must be between 1 and 8, got 9"),
    (["derive", "gibbs", "--n", "0"], "--n must be between 1 and 8, got 0"),
    (
        ["entropy", "1/2,1/2", "--digits", "9" * 5000],
        "--digits must be between 1 and 1000, got 9999999999999999999999999999999999999...",
    ),
    # numbers' size: quoted briefly
    (["entropy", "1e100000,1"], "distribution (1e100000,1): probability at index 0 exceeds 1: about 1.0e+100000"),
    (
        ["entropy", "Normal(0,1e-100000)"],
        "distribution (Normal(0,1e-100000)): parameter 2 (1e-100000) has more than 1000 digits as a fraction; "
        "the command line takes smaller parameters",
    ),
    # families
    (["entropy", "Normal()"], "distribution (Normal()): Normal takes 2 parameters (mean, std), got 0"),
    (["entropy", "Normal(0,1,2)"], "distribution (Normal(0,1,2)): Normal takes 2 parameters (mean, std), got 3"),
    (
        ["entropy", "Normal(mu,1)"],
        f"distribution (Normal(mu,1)): parameter 1: 'mu' contains the symbol 'mu': {_NUMBERS_ONLY}",
    ),
    (
        ["entropy", "normal(0,1)"],
        "distribution: unknown family 'normal'; did you mean 'Normal'? the families are Normal, LogNormal, "
        "Exponential, Gamma, Laplace, Uniform, Rayleigh, Weibull, Pareto, Poisson, Geometric, Bernoulli, Binomial, "
        "Beta, Chi, Gumbel, Cauchy",
    ),
    (
        ["kl", "1/2,1/2", "Normal(0,1)"],
        f"the first distribution is a list of probabilities and the second a family such as Normal(0,1); {_MIXED}",
    ),
    (
        ["kl", "Normal(0,1)", "1/2,1/2"],
        f"the second distribution is a list of probabilities and the first a family such as Normal(0,1); {_MIXED}",
    ),
    (
        ["compare", "1/2,1/2", "Normal(0,1)"],
        "compare ranks finite distributions; use 'symkl kl' for families such as Normal(0,1)",
    ),
    (["compare", "1/2,1/2", *["1/2,1/2"] * 101], "101 models; compare takes at most 100"),
    # options that would do nothing
    (
        ["derive", "--all", "--out", "/proc/unused", "--format", "md"],
        "--format applies to one derivation; --all writes a .tex and a .md for each",
    ),
    (["kl", "1/2,1/2", "1/4,3/4", "--bogus"], "unrecognized arguments: --bogus (see 'symkl kl --help')"),
]


@pytest.mark.parametrize("argv, message", NEWCOMER)
def test_newcomer_mistakes_get_one_clear_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (2, "", f"symkl: error: {message}\n")


def _file_cases(tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe1/2")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    many = tmp_path / "many.txt"
    many.write_text("\n".join(["1/100001"] * 100_001))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(11 * 2**20)  # sparse: 11 MiB on paper, nothing on disk
    return [
        ("/dev/zero", "distribution: '/dev/zero' is not a regular file (a pipe or a device); give a file"),
        (str(huge), f"distribution: file {str(huge)!r} is larger than 10 MiB"),
        (str(tmp_path), f"distribution: cannot read file {str(tmp_path)!r}: is a directory"),
        ("/nonexistent/p.txt", "distribution: cannot read file '/nonexistent/p.txt': no such file or directory"),
        (str(binary), f"distribution: file {str(binary)!r} is not UTF-8 text (byte 0xff at offset 0)"),
        (str(empty), f"distribution: file {str(empty)!r} has no entries"),
        (str(many), "distribution: 100001 entries; the command line takes at most 100000"),
    ]


def test_files_are_read_with_a_size_cap_and_clear_errors(capsys, tmp_path):
    # @/dev/zero used to read until the machine ran out of memory (5 GB and growing)
    for path, message in _file_cases(tmp_path):
        code, out, err = run(capsys, "entropy", f"@{path}")
        assert (code, out, err) == (2, "", f"symkl: error: {message}\n"), path
        assert "Errno" not in err


def test_a_file_at_the_entry_limit_is_read(capsys, tmp_path):
    path = tmp_path / "uniform.txt"
    path.write_text(" ".join(["1/1000"] * 1000))
    code, out, _ = run(capsys, "entropy", f"@{path}", "--digits", "12")
    assert code == 0
    assert out == f"H(P) = log 1000 nats ≈ {math.log(1000):.12g} nats\n"


def test_e_means_eulers_number_in_a_distribution_and_in_base(capsys):
    code, out, _ = run(capsys, "entropy", "e/4,1-e/4", "--json", "--digits", "20")
    assert code == 0
    with mpmath.workdps(40):
        p = mpmath.e / 4
        expected = -(p * mpmath.log(p) + (1 - p) * mpmath.log(1 - p))
        assert json.loads(out)["value"] == mpmath.nstr(expected, 20)
    _, with_e, _ = run(capsys, "kl", "1/2,1/2", "1/4,3/4", "--base", "e")
    _, default, _ = run(capsys, "kl", "1/2,1/2", "1/4,3/4")
    assert with_e == default
    _, out, _ = run(capsys, "kl", "1/2,1/2", "1/4,3/4", "--base", "e", "--json")
    assert (json.loads(out)["base"], json.loads(out)["unit"]) == ("e", "nats")
    code, out, _ = run(capsys, "entropy", "1/4,3/4", "--base", "pi", "--json", "--digits", "12")
    expected = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75)) / math.log(math.pi)
    assert abs(float(json.loads(out)["value"]) - expected) < 1e-11


@pytest.mark.parametrize(
    "argv, line",
    [
        (["entropy", "1/2,1/2", "--base", "2"], "H(P) = 1 bit ≈ 1 bit"),
        (["entropy", "1,0", "--base", "2"], "H(P) = 0 bits ≈ 0 bits"),
        (["entropy", "1/4,1/4,1/4,1/4", "--base", "2"], "H(P) = 2 bits ≈ 2 bits"),
        (["entropy", "1/3,1/3,1/3", "--base", "3"], "H(P) = 1 trit ≈ 1 trit"),
        (["entropy", "1/5,1/5,1/5,1/5,1/5", "--base", "5"], "H(P) = 1 unit of log₅ ≈ 1 unit of log₅"),
        (["entropy", "1/5,1/5,1/5,1/5,1/5", "--base", "5", "--ascii"], "H(P) = 1 unit of log5 ≈ 1 unit of log5"),
        (["entropy", "1/2,1/2", "--base", "5"], "H(P) = log₅ 2 units of log₅ ≈ 0.430676558073393 units of log₅"),
        (["cross-entropy", "1/2,1/2", "1/2,1/2", "--base", "2"], "H(P, Q) = 1 bit ≈ 1 bit"),
        (["entropy", "e/4,1-e/4", "--base", "e", "--digits", "3"], None),
        (["kl", "1,0", "0,1"], "D_KL(P || Q) = ∞"),
        (["kl", "1,0", "0,1", "--base", "2"], "D_KL(P || Q) = ∞"),
        (["kl", "1,0", "0,1", "--latex"], r"D_{\mathrm{KL}}(P \parallel Q) = \infty"),
        (["kl", "Normal(0,1)", "Exponential(1)"], "D_KL(Normal(0,1) || Exponential(1)) = ∞"),
    ],
)
def test_units_agree_with_the_value_and_infinity_is_spelled(capsys, argv, line):
    code, out, _ = run(capsys, *argv)
    assert code == 0
    if line is not None:
        assert out == line + "\n"
    assert " 1 bits" not in out and "oo" not in out and "inf " not in out


def test_version_and_bare_usage(capsys):
    import tomllib

    pyproject = tomllib.loads((pathlib.Path(__file__).parent.parent / "pyproject.toml").read_text())
    code, out, err = run(capsys, "--version")
    assert (code, out, err) == (0, f"symkl {pyproject['project']['version']}\n", "")
    code, out, err = run(capsys)
    assert code == 2 and out == ""
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"\n  {name} " in err, name
    assert '\nexample:\n  symkl kl "1/2,1/2" "1/4,3/4" --base 2\n' in err
    assert err.endswith("symkl: error: no COMMAND given\n")
    result = subprocess.run([sys.executable, "-m", "symkl"], capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", err)


def _subcommand_parsers():
    return build_parser()._subparsers._group_actions[0].choices.items()  # type: ignore[union-attr]


@pytest.mark.parametrize("name", [name for name, _ in _subcommand_parsers()])
def test_every_subcommand_help_has_a_description_and_examples_that_run(capsys, name):
    code, out, _ = run(capsys, name, "--help")
    assert code == 0
    usage, description = out.split("\n\n")[:2]
    assert usage.startswith(f"usage: symkl {name}") and description.strip().endswith(".")
    assert "\nexample:\n  symkl " in out
    if name in ("kl", "entropy", "cross-entropy"):
        assert "Normal(0,1)" in out
    examples = [line.strip() for line in out.split("\nexample:\n")[1].splitlines() if line.strip()]
    for example in examples:
        if "--all" in example:  # writes a folder or runs the whole catalogue: covered elsewhere
            continue
        code, _, err = run(capsys, *shlex.split(example)[1:])
        assert code == 0, (example, err)


def test_compare_steps_and_latex_do_something(capsys):
    argv = ["compare", "A=1/2,1/2", "B=1/4,3/4", "C=0,1", "--base", "2", "--digits", "4"]
    _, plain, _ = run(capsys, *argv)
    code, steps, _ = run(capsys, *argv, "--steps")
    assert code == 0 and steps.endswith(plain)
    assert steps.startswith("D_KL(A ‖ B) in bits\n") and "\nD_KL(A ‖ C) in bits\n" in steps
    assert plain.splitlines()[2] == "  2. C = (0, 1): ∞"
    code, latex, _ = run(capsys, *argv, "--latex")
    assert latex.splitlines() == [
        r"D_{\mathrm{KL}}(A \parallel B) = 1 - \frac{1}{2} \log_{2} 3 \approx 0.2075\ \text{bits}",
        r"D_{\mathrm{KL}}(A \parallel C) = \infty",
        "% ranked closest first; best model: B",
    ]
    _, out, _ = run(capsys, *argv, "--steps", "--json")
    rows = json.loads(out)["ranking"]
    assert rows[0]["steps"][0] == "D_KL(A ‖ B) in bits" and "steps_latex" in rows[1]


def test_derive_out_follows_the_umask(capsys, tmp_path):
    for mask in (0o022, 0o027, 0o077):
        previous = os.umask(mask)
        try:
            out = tmp_path / f"mask{mask:o}"
            code, _, _ = run(capsys, "derive", "worked-example", "--format", "md", "--out", str(out))
            reference = out / "reference"
            reference.write_text("")  # what a plain open() gives under the same umask
        finally:
            os.umask(previous)
        assert code == 0
        written = stat.S_IMODE((out / "worked-example.md").stat().st_mode)
        assert written == stat.S_IMODE(reference.stat().st_mode) == 0o666 & ~mask


def test_derive_all_says_when_the_figure_is_skipped(capsys, tmp_path, monkeypatch):
    import symkl.render.folder

    worked = list(symkl.render.folder.derivations())[:2]
    monkeypatch.setattr(symkl.render.folder, "derivations", lambda n=2: iter(worked))
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    code, out, _ = run(capsys, "derive", "--all", "--out", str(tmp_path))
    assert code == 0
    assert out == (
        f"wrote 5 files to {tmp_path}\n"
        "skipped the figure worked-example.pdf/.png: matplotlib is not installed (pip install 'symkl[plot]')\n"
    )


def test_derive_os_errors_say_what_and_where(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, out, err = run(capsys, "derive", "worked-example", "--out", str(blocker))
    assert (code, err) == (2, f"symkl: error: --out {str(blocker)!r} is a file, not a folder\n")
    target = blocker / "sub"
    code, out, err = run(capsys, "derive", "worked-example", "--out", str(target))
    expected = f"symkl: error: cannot write {str(target / 'worked-example.txt')!r}: not a directory\n"
    assert (code, out, err) == (2, "", expected)


def test_long_messages_are_cut(capsys):
    code, _, err = run(capsys, "verify", "x" * 100_000)
    assert code == 2 and err.startswith("symkl: error: unknown identity 'xxx") and len(err) <= 420
    assert " ... " in err
