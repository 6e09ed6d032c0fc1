r"""Signs of polynomials from products of stated facts (a Handelman certificate), checked exactly.

Part of the trusted base. Given polynomials ``g_k`` stated (or declared)
positive or nonnegative, a polynomial ``f`` is entailed nonnegative when

    f = c_0 + sum_m c_m * prod_{k in m} g_k,   every c rational and >= 0,

over products of at most ``deg f`` of the g_k and of the squares ``(x - y)**2``
of differences of real symbols; it is entailed positive when,
besides, some ``c_m > 0`` multiplies a product of strictly positive facts
(``c_0 > 0`` counts: the empty product is 1). A linear program (HiGHS)
only *proposes* the coefficients; they are then solved for exactly in
rationals on the proposed support and the identity is checked by expanding
both sides. Nothing the solver says is taken on trust.

>>> a, b, l = sympy.symbols("a b l", positive=True)
>>> facts = [(1 - a, True), (1 - b, True), (1 - l, True), (a, True), (b, True), (l, True)]
>>> certificate(1 - a * l - b * (1 - l), facts, strict=True) is not None
True
>>> certificate(1 - a * l - 2 * b * (1 - l), facts, strict=False) is None
True
>>> certificate(a**2 - 2 * a * b + b, facts, strict=True)  # (a - b)**2 + b (1 - b)
[(1, (a**2 - 2*a*b + b**2,)), (1, (1 - b, b))]
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations_with_replacement

import sympy
from sympy import Expr

__all__ = ["certificate"]

_MAX_GENERATORS = 14
_MAX_DEGREE = 3
_MAX_PRODUCTS = 700


def certificate(
    f: Expr, generators: Sequence[tuple[Expr, bool]], strict: bool
) -> list[tuple[sympy.Rational, tuple[Expr, ...]]] | None:
    """Nonnegative rational weights on products of generators summing exactly to f, or None.

    ``generators`` are (g, strictly_positive) pairs, each g already entailed
    >= 0 (> 0 when flagged). The returned certificate has been checked: the
    weighted products expand to f, every weight is >= 0, and for ``strict``
    one positive weight sits on a product of strictly positive generators.

    Parameters
    ----------
    f : sympy.Expr
        The expression to write as the weighted sum.
    generators : sequence of (sympy.Expr, bool)
        The generators, each with whether it is strictly positive.
    strict : bool
        Whether f must be shown strictly positive.

    Returns
    -------
    list of (sympy.Rational, tuple of sympy.Expr) or None
        The weights and their products, or None when none is found.
    """
    symbols = sorted(f.free_symbols, key=sympy.default_sort_key)
    if not symbols or not f.is_polynomial(*symbols):
        return None
    degree = sympy.Poly(f, *symbols).total_degree()
    if degree > _MAX_DEGREE:
        return None
    usable = [(g, s) for g, s in generators if g.free_symbols and g.free_symbols <= f.free_symbols]
    usable = [(g, s) for g, s in usable if g.is_polynomial(*symbols)]
    usable = list(dict.fromkeys(usable))[:_MAX_GENERATORS]
    real = [x for x in symbols if x.is_extended_real]
    usable += [(sympy.expand((x - y) ** 2), False) for i, x in enumerate(real) for y in real[i + 1 :]]
    products: list[tuple[tuple[int, ...], Expr, bool]] = [((), sympy.Integer(1), True)]
    for size in range(1, degree + 1):
        for combo in combinations_with_replacement(range(len(usable)), size):
            product = sympy.expand(sympy.Mul(*(usable[k][0] for k in combo)))
            if sympy.Poly(product, *symbols).total_degree() <= degree:
                products.append((combo, product, all(usable[k][1] for k in combo)))
            if len(products) > _MAX_PRODUCTS:
                return None
    strictness = {tuple(usable[k][0] for k in combo): s for combo, _, s in products}
    attempts = [products, [p for p in products if p[2]]] if strict else [products]
    for candidates in attempts:
        weights = _proposed_weights(f, [(p, s) for _, p, s in candidates], symbols)
        if weights is None:
            continue
        result = [(w, tuple(usable[k][0] for k in combo)) for w, (combo, _, _) in zip(weights, candidates) if w != 0]
        if _checks(f, result, strictness, strict):
            return result
    return None


def _checks(
    f: Expr,
    result: list[tuple[sympy.Rational, tuple[Expr, ...]]],
    strictness: dict[tuple[Expr, ...], bool],
    strict: bool,
) -> bool:
    """The exact check: weights rational and >= 0, the sum expands to f, strictness where asked."""
    if any(not (w.is_Rational and w >= 0) for w, _ in result):
        return False
    total = sympy.Add(*(w * sympy.Mul(*factors) for w, factors in result))
    if sympy.expand(total - f) != 0:
        return False
    return not strict or any(w > 0 and strictness[factors] for w, factors in result)


def _proposed_weights(
    f: Expr, candidates: list[tuple[Expr, bool]], symbols: list[sympy.Symbol]
) -> list[sympy.Rational] | None:
    """A vertex of {c >= 0 : sum c_m product_m = f} from HiGHS, made exact on its support (or None)."""
    import numpy as np
    from scipy.optimize import linprog

    products = [p for p, _ in candidates]
    monomials: dict[tuple[int, ...], int] = {}
    columns = [sympy.Poly(p, *symbols).as_dict() for p in [*products, f]]
    for column in columns:
        for monomial in column:
            monomials.setdefault(monomial, len(monomials))
    matrix = np.zeros((len(monomials), len(products)))
    target = np.zeros(len(monomials))
    for j, column in enumerate(columns):
        for monomial, coefficient in column.items():
            if j < len(products):
                matrix[monomials[monomial], j] = float(coefficient)
            else:
                target[monomials[monomial]] = float(coefficient)
    # prefer strictly positive products, then the constant and products of few factors
    cost = np.array([(1.0 if strict else 100.0) + 0.01 * j for j, (_, strict) in enumerate(candidates)])
    solution = linprog(cost, A_eq=matrix, b_eq=target, bounds=(0, None), method="highs")
    if solution.status != 0:
        return None
    support = [j for j, value in enumerate(solution.x) if value > 1e-9]
    exact = sympy.Matrix(len(monomials), len(support), lambda i, k: 0)
    for k, j in enumerate(support):
        for monomial, coefficient in columns[j].items():
            exact[monomials[monomial], k] = coefficient
    rhs = sympy.Matrix(len(monomials), 1, lambda i, k: 0)
    for monomial, coefficient in columns[-1].items():
        rhs[monomials[monomial], 0] = coefficient
    try:
        values, parameters = exact.gauss_jordan_solve(rhs)
    except ValueError:
        return None
    values = values.subs({t: 0 for t in parameters})
    weights = [sympy.Integer(0)] * len(products)
    for k, j in enumerate(support):
        if not values[k].is_Rational:
            return None
        weights[j] = values[k]
    return weights
