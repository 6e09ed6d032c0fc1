"""``symkl prove``: exact proofs and real counterexamples for linear information inequalities.

>>> from symkl.prover import prove
>>> prove("I(X;Y|Z) <= H(X|Z)").verdict
'proved'
"""

from .api import ProofResult, prove
from .bound import BoundResult, bound

__all__ = ["BoundResult", "ProofResult", "bound", "prove"]
