"""The identity catalogue and the verification engine (DESIGN section 4)."""

import json
import random

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import symkl as sk
from symkl.cli import main
from symkl.errors import InvalidInput
from symkl.numeric import lambdify
from symkl.proof.identities import CATALOGUE, Identity, build_instance, identities
from symkl.proof.verification import _sides, lookup


def test_catalogue_size_and_metadata():
    entries = identities()
    assert len(entries) >= 30
    assert len({entry.name for entry in entries}) == len(entries)
    for entry in entries:
        assert entry.source and entry.text
        assert isinstance(entry.statement(2), sympy.Basic)


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_every_catalogued_result_verifies(name):
    result = sk.verify(name, n=2, samples=10)
    assert result.passed, result.as_dict()
    for entry in result.methods.values():
        assert entry.status in ("proved", "not proved", "passed", "not available")
        if entry.status in ("not available", "not proved"):
            assert entry.detail  # says why
        assert entry.counterexample is None


REQUIRED_SYMBOLIC = [
    ("gibbs", 2),
    ("gibbs", 3),
    ("entropy-upper-bound", 2),
    ("entropy-upper-bound", 3),
    ("log-sum", 2),
    ("log-sum", 3),
    ("mi-nonnegative", 2),
    ("cmi-nonnegative", 2),
    ("entropy-concavity", 2),
    ("js-upper-bound", 3),
    ("chain-rule", 3),
    ("cross-entropy-decomposition", 3),
]


@pytest.mark.parametrize("name, n", REQUIRED_SYMBOLIC)
def test_required_symbolic_proofs(name, n):
    entry = sk.verify(name, n=n, methods=("symbolic",)).methods["symbolic"]
    assert entry.status == "proved", entry.as_dict()
    claim = CATALOGUE[name].statement(n)
    assert entry.theorem is not None and entry.theorem.statement == claim


def test_general_n_proofs():
    detail = sk.verify("cross-entropy-decomposition", methods=("symbolic",)).methods["symbolic"].detail
    assert "for every n" in detail
    assert "for every n" in sk.verify("gibbs", methods=("symbolic",)).methods["symbolic"].detail


def test_no_symbolic_proof_is_reported_honestly():
    mixture = sk.verify("kl-convexity", n=4, methods=("symbolic",)).methods["symbolic"]
    assert mixture.status == "not proved" and mixture.theorem is None and "no kernel proof" in mixture.detail
    unknown = Identity(
        "kl-unknown", "D(P || Q) >= 0", "test", "pair", ">=", lambda i: (sk.KL(i.P, i.Q), 0), proof="no-such-proof"
    )
    entry = sk.verify(unknown, methods=("symbolic",)).methods["symbolic"]
    assert entry.status == "not proved" and entry.theorem is None and "no proof strategy" in entry.detail


def test_the_last_five_results_are_proved_by_the_kernel_and_state_the_claim():
    from symkl.proof.catalogue import prove
    from symkl.proof.identities import CATALOGUE

    names = ("pinsker", "hellinger-tv-lower", "hellinger-tv-upper", "renyi-entropy-limit", "renyi-divergence-limit")
    for name in names:
        for n in (2, 3):
            entry = CATALOGUE[name]
            instance = entry.instance(n)
            theorem = prove(entry, instance).theorem
            assert theorem.statement == entry.claim(instance)
    limit = CATALOGUE["renyi-entropy-limit"].statement(2)
    assert isinstance(limit.lhs, sympy.Limit) and limit.lhs.args[2] == 1 and str(limit.lhs.args[3]) == "+-"


WRONG = [
    Identity(
        "wrong-decomposition",
        "H(P, Q) = H(P) - D(P || Q)",
        "deliberately false",
        "pair",
        "==",
        lambda i: (sk.CrossEntropy(i.P, i.Q), sk.Entropy(i.P) - sk.KL(i.P, i.Q)),
    ),
    Identity(
        "wrong-symmetry",
        "D(P || Q) = D(Q || P)",
        "deliberately false",
        "pair",
        "==",
        lambda i: (sk.KL(i.P, i.Q), sk.KL(i.Q.with_name("Q"), i.P)),
    ),
    Identity(
        "wrong-conditioning",
        "H(X | Y) >= H(X)",
        "deliberately false",
        "joint2",
        ">=",
        lambda i: (sk.ConditionalEntropy(i.J, "X", "Y"), sk.JointEntropy(i.J, ["X"])),
    ),
]


@pytest.mark.parametrize("identity", WRONG, ids=lambda identity: identity.name)
def test_false_statements_fail_with_a_counterexample(identity):
    result = sk.verify(identity, n=2)
    assert not result.passed
    assert result.methods["exact"].status == "failed"
    assert result.methods["exact"].counterexample
    assert result.methods["numeric"].status == "failed"
    if identity.relation == "==":
        symbolic = result.methods["symbolic"]
        assert symbolic.status == "failed" and symbolic.counterexample


def test_wrong_symmetry_needs_zero_free_q_to_be_defined():
    # D(Q || P) with zeros in P is oo: the exact counterexample may be an infinity; it must still be a failure
    result = sk.verify(WRONG[1], n=3, samples=5)
    assert result.methods["exact"].status == "failed"


def test_lookup_suggests_names():
    with pytest.raises(KeyError, match="did you mean: gibbs"):
        lookup("gibs")
    for bad, shown in ((0, "0"), (10**6, "1000000"), (True, "True"), ("3", "'3'"), (10**100, "1" + "0" * 36 + "...")):
        with pytest.raises(InvalidInput) as error:
            sk.verify("gibbs", n=bad)
        assert str(error.value) == (
            f"n must be an integer from 1 to 8 (symbolic distributions of that size), got {shown}"
        )


# ------------------------------------------------------------------ properties over the whole catalogue
EXACT_ENTRIES = [entry for entry in identities() if entry.proof != "limit" and entry.kind != "fixed"]


@given(st.sampled_from(EXACT_ENTRIES), st.integers(0, 10**9), st.sampled_from([2, 3]))
def test_catalogue_holds_on_random_exact_instances(entry, seed, n):
    instance = entry.instance(entry.size(n), random.Random(seed))
    lhs, rhs = _sides(entry, instance)
    try:
        sign = sk.compare(lhs, rhs)
    except ValueError:  # radicals (Hellinger): decided at 60 digits
        difference = (lhs - rhs).evalf(60)
        sign = 0 if abs(difference) < 1e-50 else (1 if difference > 0 else -1)
    assert {"==": sign == 0, ">=": sign >= 0, "<=": sign <= 0}[entry.relation]
    # numeric through lambdify agrees with the exact value to 1e-12 relative
    for side in (lhs, rhs):
        if side.has(sympy.oo) or side is sympy.oo:
            continue
        exact = float(sk.evaluate(side, 30))
        approximate = float(lambdify((), side)())
        assert abs(approximate - exact) <= 1e-12 * max(1.0, abs(exact))


def test_build_instance_kinds():
    assert build_instance("markov", 2).J.names == ("X", "Y", "Z")
    with pytest.raises(ValueError, match="unknown instance kind"):
        build_instance("nonsense", 2)


# ------------------------------------------------------------------ command line
def test_cli_list_and_verify(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "gibbs" in out and "Theorem 2.6.3" in out
    assert main(["list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(CATALOGUE)
    assert main(["verify", "gibbs", "--n", "3"]) == 0
    out = capsys.readouterr().out
    assert "symbolic  proved" in out and "verdict: proved" in out and "theorem: " in out
    assert main(["verify", "kl-convexity", "--n", "4", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "checked" and data["methods"]["symbolic"]["status"] == "not proved"
    assert main(["verify", "pinsker", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "proved"
    assert main(["verify", "gibbs", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "proved" and data["methods"]["symbolic"]["proved_for"] == "n = 2 and every n"


def test_cli_verify_bad_input(capsys):
    assert main(["verify", "gibs"]) == 2
    assert capsys.readouterr().err.strip() == "symkl: error: unknown identity 'gibs'; did you mean: gibbs?"
    assert main(["verify"]) == 2
    assert capsys.readouterr().err.strip() == "symkl: error: give one identity NAME or --all"
    assert main(["verify", "gibbs", "--n", "0"]) == 2
    assert "--n must be between 1 and 8" in capsys.readouterr().err


def test_cli_verify_all_summary(capsys):
    assert main(["verify", "--all", "--samples", "3"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert lines[0].split() == ["identity", "symbolic", "exact", "numeric", "seconds"]
    summary = next(line for line in lines if line.endswith(" failed"))
    proved, checked = int(summary.split()[0]), int(summary.split(", ")[1].split()[0])
    assert proved + checked == len(CATALOGUE) and summary.endswith(", 0 failed")
    assert proved == len(CATALOGUE) and checked == 0 and lines[-1] == summary
