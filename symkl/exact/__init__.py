"""Exact numbers and the measures on finite distributions: the bottom layer of symkl (above ``errors``).

``terms`` is the only home of the 0 log 0 conventions; ``parsing`` is the strict reader of user text;
``printing`` prints exact values (the canonical form needs it, so it lives here, not in ``render``);
``intervals`` gives rigorous enclosures; ``distribution`` validates exactly; ``canonical`` decides
equality and sign; ``measures`` defines every measure; ``ranking`` orders models; ``general`` holds the
distributions of general size n. It may import only ``symkl.errors``, SymPy and mpmath:

>>> from symkl.exact.measures import kl_divergence
>>> kl_divergence(["1/2", "1/2"], ["1/4", "3/4"])
-log(3)/2 + log(2)
"""
