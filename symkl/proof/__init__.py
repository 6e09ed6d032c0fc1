"""Proofs: the trusted kernel (:mod:`symkl.proof.kernel`) and the lemmas derived by its rules."""
