"""Every row of the README's table "What other libraries compute" is checked here."""

import importlib.util
import pathlib
import re

import numpy as np
import pytest
import scipy.special
import scipy.stats
from scipy.spatial.distance import jensenshannon

import symkl as sk
from symkl import losses, numeric

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
HAS_TORCH = importlib.util.find_spec("torch") is not None

rng = np.random.default_rng(7)
p = rng.dirichlet(np.ones(6), size=4)
p[:, 2] = 0
p /= p.sum(1, keepdims=True)
q = rng.dirichlet(np.ones(6), size=4)
logits = rng.normal(size=(4, 6))
softmax = np.exp(scipy.special.log_softmax(logits, axis=1))
labels = np.array([0, 3, 5, 1])
onehot = np.eye(6)[labels]


def _close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def _torch():
    import torch

    return torch, torch.nn.functional


def check_rel_entr():
    _close(scipy.special.rel_entr(p, q).sum(-1), numeric.kl_divergence(p, q))
    exact_p = sk.Distribution(["1/2", "1/2"])
    exact_q = sk.Distribution(["1/4", "3/4"])
    _close(scipy.special.rel_entr([0.5, 0.5], [0.25, 0.75]).sum(), float(sk.kl_divergence(exact_p, exact_q)))


def check_kl_div():
    _close(scipy.special.kl_div(p, q).sum(-1), numeric.kl_divergence(p, q))
    unnormalised = q * 2  # then scipy's kl_div is no longer D; symkl refuses it, or with check=False sums p log(p/q)
    with pytest.raises(sk.InvalidDistribution, match="Q does not sum to 1"):
        numeric.kl_divergence(p, unnormalised)
    as_written = numeric.kl_divergence(p, unnormalised, check=False)
    assert not np.allclose(scipy.special.kl_div(p, unnormalised).sum(-1), as_written)
    _close(scipy.special.rel_entr(p, unnormalised).sum(-1), as_written)


def check_entr():
    _close(scipy.special.entr(p).sum(-1), numeric.entropy(p))


def check_stats_entropy():
    _close(scipy.stats.entropy(p, axis=-1), numeric.entropy(p))
    assert scipy.stats.entropy([1, 1]) == pytest.approx(np.log(2))  # renormalised silently
    with pytest.raises(ValueError, match="does not sum to 1"):
        numeric.entropy([1.0, 1.0], check=True)
    with pytest.raises(sk.InvalidDistribution, match="sum to 2, not 1"):
        sk.entropy([1, 1])


def check_stats_entropy_pq():
    _close(scipy.stats.entropy(p, q, base=2, axis=-1), numeric.kl_divergence(p, q, base=2))


def check_jensenshannon():
    _close(jensenshannon(p, q, axis=-1), np.sqrt(numeric.js_divergence(p, q)))


def check_torch_batchmean():
    torch, F = _torch()
    value = F.kl_div(torch.tensor(np.log(q)), torch.tensor(p), reduction="batchmean").numpy()
    _close(value, numeric.kl_divergence(p, q).mean())


def check_torch_mean():
    torch, F = _torch()
    with pytest.warns(UserWarning, match="'mean' divides the total loss"):
        value = F.kl_div(torch.tensor(np.log(q)), torch.tensor(p), reduction="mean").numpy()
    _close(value, numeric.kl_divergence(p, q).mean() / p.shape[1])


def check_torch_cross_entropy():
    torch, F = _torch()
    value = F.cross_entropy(torch.tensor(logits), torch.tensor(labels)).numpy()
    _close(value, numeric.cross_entropy(onehot, softmax).mean())


def check_torch_bce_with_logits():
    torch, F = _torch()
    x, y = logits[:, 0], softmax[:, 1]
    s = scipy.special.expit(x)
    value = F.binary_cross_entropy_with_logits(torch.tensor(x), torch.tensor(y), reduction="none").numpy()
    np.testing.assert_allclose(
        value, numeric.cross_entropy(np.stack([1 - y, y], -1), np.stack([1 - s, s], -1)), rtol=1e-9
    )


def check_torch_bce():
    torch, F = _torch()
    probabilities, y = np.array([0.0, 0.3, 1.0]), np.array([1.0, 0.5, 1.0])
    value = F.binary_cross_entropy(torch.tensor(probabilities), torch.tensor(y), reduction="none").numpy()
    _close(value, losses.binary_cross_entropy(probabilities, y, reduction="none"))
    assert losses.binary_cross_entropy(probabilities, y, reduction="none", clamp_log=None)[0] == np.inf


def check_torch_distributions():
    torch, _ = _torch()
    P = torch.distributions.Categorical(probs=torch.tensor([0.5, 0.5], dtype=torch.float64))
    Q = torch.distributions.Categorical(probs=torch.tensor([0.25, 0.75], dtype=torch.float64))
    exact = sk.kl_divergence(["1/2", "1/2"], ["1/4", "3/4"])
    assert float(torch.distributions.kl_divergence(P, Q)) == pytest.approx(float(sk.evaluate(exact, 20)), rel=1e-14)


CHECKS = {
    "scipy.special.rel_entr(p, q).sum()": check_rel_entr,
    "scipy.special.kl_div(p, q).sum()": check_kl_div,
    "scipy.special.entr(p).sum()": check_entr,
    "scipy.stats.entropy(p)": check_stats_entropy,
    "scipy.stats.entropy(p, q, base=2)": check_stats_entropy_pq,
    "scipy.spatial.distance.jensenshannon(p, q)": check_jensenshannon,
    'torch.nn.functional.kl_div(log_q, p, reduction="batchmean")': check_torch_batchmean,
    'torch.nn.functional.kl_div(log_q, p, reduction="mean")': check_torch_mean,
    "torch.nn.functional.cross_entropy(logits, y)": check_torch_cross_entropy,
    "torch.nn.functional.binary_cross_entropy_with_logits(x, y)": check_torch_bce_with_logits,
    "torch.nn.functional.binary_cross_entropy(p, y)": check_torch_bce,
    "torch.distributions.kl_divergence(Categorical(p), Categorical(q))": check_torch_distributions,
}


def readme_rows() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## What other libraries compute", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def test_every_row_has_a_check():
    assert readme_rows() == list(CHECKS)


@pytest.mark.parametrize("row", list(CHECKS))
def test_row(row):
    if row.startswith("torch") and not HAS_TORCH:
        pytest.skip("torch is not installed (pip install torch==2.13.0)")
    CHECKS[row]()
