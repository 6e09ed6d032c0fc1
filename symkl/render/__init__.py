"""What symkl shows: worked answers as Derivations (``sk.derive_kl``, ...), the ``derivations/`` folder and
information diagrams (``sk.idiagram``: ``atoms``, ``venn``, ``idiagram``).

Layer: above ``prover``; it may import every layer but ``cli``. The printer of exact values is in
``symkl.exact.printing`` and ``Derivation`` in ``symkl.proof.derivation``, because lower layers use them:

>>> from symkl.render.worked import derive_kl
>>> derive_kl(["1/2", "1/2"], ["1/4", "3/4"]).rows[-1].text
'0.1438 nats'
"""
