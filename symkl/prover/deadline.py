"""The prover's time limit (``--timeout``): checked inside every long loop and passed to HiGHS.

>>> Deadline(None).options()
{}
>>> Deadline(0.0).check("the counterexample search")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
symkl.prover.deadline.ProverTimeout: the prover ran past its time limit of 0 s in the counterexample search; ...
"""

from __future__ import annotations

import time
from typing import Any

from ..errors import InvalidInput

__all__ = ["Deadline", "ProverTimeout"]


class ProverTimeout(ValueError):
    """The prover ran past its time limit (exit 3: neither proved nor refuted)."""


class Deadline:
    """A point in time (``time.monotonic``) after which the prover gives up; ``None`` means never."""

    def __init__(self, seconds: float | None) -> None:
        if seconds is not None and not seconds >= 0:
            raise InvalidInput(f"--timeout: the time limit must be a number of seconds >= 0, got {seconds!r}")
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def expired(self) -> bool:
        """True once the time limit has passed.

        Returns
        -------
        bool
            Whether the time limit has passed.
        """
        return self.end is not None and time.monotonic() >= self.end

    def check(self, phase: str) -> None:
        """Raise ProverTimeout, naming the phase, once the time limit has passed.

        Parameters
        ----------
        phase : str
            The phase of the prover running, for the message.

        Raises
        ------
        ProverTimeout
            If the time limit has passed.
        """
        if self.expired():
            raise ProverTimeout(
                f"the prover ran past its time limit of {self.seconds:g} s in {phase}; "
                "try fewer variables or a larger --timeout"
            )

    def options(self) -> dict[str, Any]:
        """HiGHS options for ``scipy.optimize.linprog``: the time left as ``time_limit``.

        Returns
        -------
        dict
            The options to pass to ``linprog``.
        """
        if self.end is None:
            return {}
        return {"time_limit": max(self.end - time.monotonic(), 1e-3)}


#: No time limit.
NEVER = Deadline(None)
