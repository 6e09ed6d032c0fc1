"""The command line as a newcomer meets it: mistaken inputs each get one clear line on stderr and exit 2."""

from __future__ import annotations

import pytest

from symkl.cli import main

_NUMBERS_ONLY = "only numbers (1/2, 0.25, 1e-3), + - * / ** ( ), log, sqrt, e and pi are accepted"
_COMMAS = "separate entries with commas (1/2,1/2)"


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


EXACT = [
    # entries separated by something other than commas
    (
        ["entropy", "1/2;1/2"],
        f"distribution (1/2;1/2): probability at index 0: '1/2;1/2' is not a number or an allowed expression: "
        f"invalid syntax; {_COMMAS}",
    ),
    (
        ["entropy", "0.5 0.5"],
        f"distribution (0.5 0.5): probability at index 0: '0.5 0.5' is not a number or an allowed expression: "
        f"invalid syntax; {_COMMAS}",
    ),
    (
        ["entropy", "1/2，1/2"],
        "distribution (1/2，1/2): probability at index 0: '1/2，1/2' is not a number or an allowed expression: "
        f"invalid character '，' (U+FF0C); {_COMMAS}",
    ),
    # outcomes named one by one
    (
        ["entropy", "a=1/2,b=1/2"],
        "distribution (a=1/2,b=1/2): probability at index 1: 'b=1/2' is not a number or an allowed expression: "
        "invalid syntax; '=' only names the whole distribution, once: P=1/2,1/2",
    ),
    # the command line takes no symbols, so its refusals do not offer them
    (
        ["entropy", "exp(1),0"],
        f"distribution (exp(1),0): probability at index 0: 'exp(1)' is not allowed: {_NUMBERS_ONLY}",
    ),
    (["entropy", "True,0"], f"distribution (True,0): probability at index 0: 'True' is not allowed: {_NUMBERS_ONLY}"),
    # infinities written indirectly are named by the text typed, not SymPy's zoo
    (["entropy", "log(0),1"], "distribution (log(0),1): probability at index 0: 'log(0)' is not a finite number"),
    (
        ["kl", "1/2,1/2", "log(1-1),1"],
        "second distribution (log(1-1),1): probability at index 0: 'log(1-1)' is not a finite number",
    ),
    # SymPy's parameter checks come with the family's parameter order
    (
        ["kl", "Gumbel(0,1)", "Gumbel(1,1)"],
        "first distribution (Gumbel(0,1)): Scale parameter beta must be positive. (parameters: Gumbel(beta, mu))",
    ),
    (
        ["entropy", "Normal(0,-1)"],
        "distribution (Normal(0,-1)): Standard deviation must be positive (parameters: Normal(mean, std))",
    ),
]


@pytest.mark.parametrize("argv, message", EXACT, ids=[" ".join(argv) for argv, _ in EXACT])
def test_newcomer_mistakes_have_exact_messages(capsys, argv, message):
    assert run(capsys, *argv) == (2, "", f"symkl: error: {message}\n")


SWEEP = [
    ["kl", "l/2,1/2", "1/2,1/2"],
    ["kl", "1/2,1/2", "1/3,1/3,1/3"],
    ["kl", "1/2,1/2", "1/2,1/2", "--base", "0"],
    ["kl", "1/2,1/2", "1/2,1/2", "--base", "1"],
    ["kl", "1/2,1/2", "1/2,1/2", "--base", "-2"],
    ["kl", "1/2,1/2", "1/2,1/2", "--base", "two"],
    ["kl", "1/2,1/2", "1/2,1/2", "--base", "10**10**10"],
    ["kl", "1e100000,1", "1/2,1/2"],
    ["kl", "1/2,1/2", "1e-400,1"],
    ["kl", "@/nonexistent/p.txt", "1/2,1/2"],
    ["kl", "½,½", "1/2,1/2"],
    ["kl", "0.5,0.5", "0.3,0.3"],
    ["kl", "Normal(0,1)", "normal(0,1)"],
    ["kl", "Normal(0,1", "Normal(0,1)"],
    ["kl", "Normal(0,1,2)", "Normal(0,1)"],
    ["kl", "Binomial(3000,1/2)", "Binomial(2999,1/3)"],
    ["entropy", "1/2,1/2", "--digits", "100000"],
    ["entropy", "1/2,1/2", "--digits", "x"],
    ["entropy", "x,1-x"],
    ["entropy", "2**1000000,1"],
    ["entropy", "1/2,1/2,"],
    ["entropy", ""],
    ["entropy", "-1/2,3/2"],
    ["entropy", "e,1-e"],
    ["entropy", "1/2,1/2+0j"],
    ["entropy", "9" * 5000 + ",1"],
    ["verify", "--samples", "-1"],
    ["verify", "nosuch"],
    ["js", "Normal(0,1)", "Normal(0,1)"],
    ["mi", ""],
    ["mi", "1/2,1/2;"],
    ["mi", "2**1000000,1;0,0"],
    ["mi", "9" * 5000 + ",1;0,0"],
    ["mi", "-1/2,3/2;0,0"],
    ["mi", "1/2,1/2;0,0", "--given", "Y"],
]


@pytest.mark.parametrize("argv", SWEEP, ids=[" ".join(argv)[:40] for argv in SWEEP])
def test_every_mistake_is_one_short_line_and_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("symkl: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and len(err) <= 401, err


def test_a_parse_error_puts_the_caret_under_the_input_on_a_line_of_its_own(capsys):
    code, out, err = run(capsys, "prove", "H(X) >= ")
    assert (code, out) == (2, "")
    message, echo, caret = err.split("\n")[:3]  # the message, the input as typed, a caret under the position
    assert err.count("\n") == 3 and message.startswith("symkl: error: expected ")
    assert message.endswith(" at position 9 (end of text):")
    assert (echo, caret) == ("  H(X) >= ", "  " + " " * 8 + "^")
    code, out, err = run(capsys, "prove", "H(X) <= H(Y) $ 1")
    assert err.split("\n")[1:] == ["  H(X) <= H(Y) $ 1", "  " + " " * 13 + "^", ""]


def test_a_command_in_capitals_and_a_second_distribution_for_entropy(capsys):
    code, out, err = run(capsys, "KL", "1/2,1/2", "1/4,3/4")
    assert (code, out) == (2, "") and err.endswith("; commands are lower case: 'kl'\n") and err.count("\n") == 1
    assert run(capsys, "entropy", "1/2,1/2", "1/4,3/4") == (
        2,
        "",
        "symkl: error: unrecognized arguments: 1/4,3/4 (entropy takes one distribution; cross-entropy and kl "
        "take two) (see 'symkl entropy --help')\n",
    )


def test_the_lower_case_hint_knows_every_command():
    import argparse

    from symkl.cli.common import COMMANDS as _COMMANDS
    from symkl.cli.main import build_parser

    (subparsers,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(_COMMANDS) == set(subparsers.choices)
