"""Proofs: the trusted kernel, the algebra and positivity it rests on, lemmas derived by its rules,
Derivations (rows justified by Theorems), and the catalogue of named results with its verification.

``kernel`` is the only maker of Theorems (DESIGN section 4). ``identities`` states the catalogue,
``catalogue`` proves its entries with kernel rules, ``verification`` is the engine of ``sk.verify``.
``Derivation`` lives here, not in ``render``, because the prover (the layer above) builds its proofs as
Derivations. Layer: above ``numeric`` (verification cross-checks with floats); it may import
``errors``, ``exact``, ``continuous``, ``statements`` and ``numeric``:

>>> from symkl.proof.verification import verify
>>> verify("gibbs", samples=2).verdict
'proved'
"""
