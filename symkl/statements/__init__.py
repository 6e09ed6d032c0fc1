"""The language of statements: unevaluated measures (``Entropy``, ``KL``, ...) and entropic terms of
random variables (``H(X|Y)``, ``I(X;Y|Z)``), with their exact evaluation.

Layer: above ``exact`` (``.doit()`` calls its measures), beside ``continuous`` and independent of it;
it may import only ``errors`` and ``exact``:

>>> from symkl.statements.unevaluated import KL
>>> KL(["1/2", "1/2"], ["1/4", "3/4"]).doit()
-log(3)/2 + log(2)
"""
