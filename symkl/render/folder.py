"""Generate the ``derivations/`` folder: every catalogued identity (its proof, or why it is checked only),
the worked example, an index document, and the worked-example figure. Output is deterministic and written atomically.

    symkl derive --all --out derivations
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..exact.distribution import Distribution
from ..numeric.arrays import entropy, kl_divergence
from ..proof.derivation import PREAMBLE, Derivation
from ..proof.identities import identities
from ..proof.verification import lookup
from ..prover.engine import verify
from .worked import derive_identity, derive_kl

__all__ = ["checked_only", "derivations", "plotting_available", "worked_example", "write_atomically", "write_folder"]

_PREAMBLE = PREAMBLE
#: The models of the worked example, one derivation each.
_WORKED_MODELS = "BC"


def _umask() -> int:
    """The process's file-creation mask (read from /proc when possible, so it is never changed even briefly)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and ``os.replace`` (never a half-written file).

    The file gets the permissions a plain ``open(path, "w")`` would give (0o666 less the umask), not the
    0o600 of the temporary file.

    Parameters
    ----------
    path : pathlib.Path
        The file to write (replaced if it exists).
    data : bytes
        Its new contents.

    Returns
    -------
    None
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            if hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def worked_example() -> list[Derivation]:
    """The article's example: truth A = (1/2, 1/2), models B = (1/4, 3/4), C = (1/8, 7/8), in bits.

    Returns
    -------
    list of Derivation
        The derivations of D(A || B) and D(A || C) in bits.
    """
    A = Distribution(["1/2", "1/2"], name="A")
    B = Distribution(["1/4", "3/4"], name="B")
    C = Distribution(["1/8", "7/8"], name="C")
    return [derive_kl(A, B, base=2), derive_kl(A, C, base=2)]


def derivations(n: int = 2) -> Iterator[tuple[str, Derivation]]:
    """(file stem, derivation) for the worked example and every identity: its kernel proof, or a page saying
    that it is checked only.

    Parameters
    ----------
    n : int, optional
        The number of outcomes of the distributions in each identity's instance (default 2).

    Yields
    ------
    tuple of (str, Derivation)
        The file stem and the derivation: the worked example's two, then each identity of the catalogue (its
        kernel proof, or a :func:`checked_only` page).
    """
    for index, worked in enumerate(worked_example()):
        yield f"worked-example-{_WORKED_MODELS[index]}", worked
    for entry in identities():
        derivation = derive_identity(entry.name, n)
        yield entry.name, derivation if derivation is not None else checked_only(entry.name, n)


def checked_only(name: str, n: int = 2) -> Derivation:
    """The page of a result the kernel does not prove: its statement, why, and what was checked instead.

    >>> page = checked_only("pinsker")
    >>> page.proved
    False
    >>> print(page.to_text())  # doctest: +ELLIPSIS
    pinsker: D_KL(P ‖ Q) ≥ 2 TV(P, Q)²
    Cover & Thomas, ... Not proved by the kernel: ... Checked only (no proof): exact comparison on 20 random ...

    Parameters
    ----------
    name : str
        The name of an identity of the catalogue (``symkl list``).
    n : int, optional
        The number of outcomes of the distributions in each identity's instance (default 2).

    Returns
    -------
    Derivation
        A page with the statement, its source, why the kernel does not prove it, and the exact and numeric checks
        that were run; its ``proved`` is False.

    Raises
    ------
    KeyError
        `name` is not an identity of the catalogue.
    """
    entry = lookup(name)
    instance = entry.instance(entry.size(n))
    claim = entry.claim(instance)
    result = verify(name, n=n)
    reason = result.methods["symbolic"].detail.removeprefix("no kernel proof: ")
    words = {
        "exact": "exact comparison on {} random rational instances",
        "numeric": "numeric evaluation on {} float instances",
    }
    checks = [
        f"{words[method].format(found.cases)} ({found.status})" if found.cases else f"{method}: {found.detail}"
        for method, found in ((m, result.methods[m]) for m in ("exact", "numeric"))
    ]
    source = f"{entry.source}. Not proved by the kernel: {reason}. Checked only (no proof): " + "; ".join(checks)
    return Derivation(claim, title=(f"{entry.name}: ", claim), source=source)


def plotting_available() -> bool:
    """True when matplotlib can be imported, so ``write_folder`` also draws the figure.

    Returns
    -------
    bool
        True when matplotlib can be imported.
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _figure(out: Path) -> list[str]:
    """D(A || Bernoulli(q)) against q with B and C marked, and the binary entropy; PDF and PNG."""
    try:
        import matplotlib
    except ImportError:
        return []
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    q = np.linspace(0.001, 0.999, 999)
    models = np.stack([q, 1 - q], -1)
    truth = np.array([0.5, 0.5])
    figure, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    left.plot(q, kl_divergence(truth, models, base=2), color="tab:blue")
    for label, value in (("B", 0.25), ("C", 0.125)):
        divergence = float(kl_divergence(truth, [value, 1 - value], base=2))
        left.plot([value], [divergence], "o", color="tab:red")
        left.annotate(f"{label}: {divergence:.4f} bits", (value, divergence), textcoords="offset points", xytext=(8, 4))
    left.set_xlabel("q (first probability of the model)")
    left.set_ylabel("D(A || (q, 1 - q)) [bits]")
    left.set_title("KL divergence from A = (1/2, 1/2)")
    left.set_ylim(0, 3)
    right.plot(q, entropy(models, base=2), color="tab:green")
    right.set_xlabel("p")
    right.set_ylabel("H(p) [bits]")
    right.set_title("Binary entropy")
    figure.tight_layout()
    written = []
    for suffix, metadata in ((".pdf", {"CreationDate": None, "ModDate": None}), (".png", {"Software": None})):
        target = out / f"worked-example{suffix}"
        with tempfile.TemporaryDirectory() as scratch:
            temporary = Path(scratch) / target.name
            figure.savefig(temporary, metadata=metadata, dpi=110)
            write_atomically(target, temporary.read_bytes())
        written.append(target.name)
    plt.close(figure)
    return written


#: What ``write_folder`` reports its progress through: it gets the (stem, derivation) pairs and their count.
Progress = Callable[[Iterable[tuple[str, Derivation]], int], Iterable[tuple[str, Derivation]]]


def write_folder(
    out: str | os.PathLike[str], n: int = 2, figure: bool = True, progress: Progress | None = None
) -> list[str]:
    """Write every derivation as a standalone .tex and a .md, plus index.tex and the figure; returns the files.

    ``progress``, if given, wraps the derivations as they are made (the command line shows a bar or a line each).

    Parameters
    ----------
    out : str or os.PathLike
        The folder to write into (created if missing).
    n : int, optional
        The number of outcomes of the distributions in each identity's instance (default 2).
    figure : bool, optional
        Also draw the worked example's figure as PDF and PNG (default True; needs matplotlib).
    progress : callable, optional
        ``progress(items, total)`` wraps the derivations as they are made.

    Returns
    -------
    list of str
        The names of the files written, relative to `out`.
    """
    folder = Path(out)
    written: list[str] = []
    bodies: list[str] = []
    items: Iterable[tuple[str, Derivation]] = derivations(n)
    if progress is not None:
        items = progress(items, len(_WORKED_MODELS) + len(identities()))
    for stem, derivation in items:
        for suffix, text in ((".tex", derivation.to_document()), (".md", derivation.to_markdown())):
            write_atomically(folder / f"{stem}{suffix}", text.encode("utf-8"))
            written.append(stem + suffix)
        bodies.append(derivation.document_body())
    index = (
        _PREAMBLE
        + "\\section*{symkl derivations}\nGenerated by \\texttt{symkl derive --all}; every step is checked.\n\n"
        + "\n".join(bodies)
        + "\\end{document}\n"
    )
    write_atomically(folder / "index.tex", index.encode("utf-8"))
    written.append("index.tex")
    if figure:
        written += _figure(folder)
    return written
