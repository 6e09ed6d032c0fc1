"""Elementwise terms: the only home of the 0 log 0 conventions.

Named as in :mod:`scipy.special`:

* ``xlogy(x, y)``  = x log y,      with 0 log y = 0 for every y >= 0;
* ``entr(x)``      = -x log x,     with entr(0) = 0;
* ``rel_entr(x, y)`` = x log(x/y), with 0 log(0/y) = 0 and x log(x/0) = +oo for x > 0.

They are SymPy functions: with numbers (or positive symbols) they evaluate
to plain logs, otherwise they stay unevaluated so the convention is never
lost (``p*log(p)`` at p = 0 would be ``nan`` in SymPy).

>>> from sympy import Rational, Symbol
>>> xlogy(0, 0), entr(0), rel_entr(0, 0), rel_entr(Rational(1, 2), 0)
(0, 0, 0, oo)
>>> rel_entr(Rational(1, 2), Rational(1, 4))
log(2)/2
>>> p = Symbol("p", positive=True)
>>> entr(p)
-p*log(p)
>>> entr(Symbol("q"))
entr(q)
"""

from __future__ import annotations

from sympy import Expr, Function, S, log

from ..errors import InvalidInput

__all__ = ["entr", "rel_entr", "xlogy"]


def _log(argument: Expr) -> Expr:
    # log(Integer(n)) tries to simplify and can take minutes for huge n.
    if argument.is_Rational:
        return log(argument, evaluate=argument.p.bit_length() < 256)
    return log(argument)


def _numbers_only(name: str, arguments: tuple[object, ...]) -> None:
    """The exact terms take numbers and SymPy expressions; arrays belong to sk.numeric."""
    for argument in arguments:
        if not isinstance(argument, Expr):
            raise InvalidInput(
                f"{name} takes numbers or SymPy expressions, got {type(argument).__name__}; "
                f"for arrays use sk.numeric.{name}"
            )


class xlogy(Function):  # noqa: N801 - the name scipy.special uses
    r"""x log y with 0 log y = 0.

    >>> from sympy import Rational
    >>> xlogy(Rational(1, 2), Rational(1, 4))
    -log(4)/2
    >>> xlogy(1, 0)
    -oo

    Parameters
    ----------
    x, y : sympy.Expr
        Nonnegative numbers or expressions.

    Returns
    -------
    sympy.Expr
        ``x*log(y)``, 0 when x = 0; unevaluated while the sign of x is unknown.

    Notes
    -----
    .. math::

        \operatorname{xlogy}(x, y) = x \log y, \qquad \operatorname{xlogy}(0, y) = 0
    """

    nargs = 2

    @classmethod
    def eval(cls, x: Expr, y: Expr) -> Expr | None:
        _numbers_only("xlogy", (x, y))
        if x.is_zero:
            return S.Zero
        if y.is_zero and x.is_positive:
            return S.NegativeInfinity
        if x.is_extended_nonzero and y.is_positive:
            return x * _log(y)
        return None

    def fdiff(self, argindex: int = 1) -> Expr:
        x, y = self.args
        return _log(y) if argindex == 1 else x / y

    def _eval_rewrite_as_log(self, x: Expr, y: Expr, **kwargs: object) -> Expr:
        return x * log(y)


class entr(Function):  # noqa: N801
    r"""-x log x with entr(0) = 0.

    >>> from sympy import Rational
    >>> entr(Rational(1, 4))
    log(4)/4

    Parameters
    ----------
    x : sympy.Expr
        A nonnegative number or expression.

    Returns
    -------
    sympy.Expr
        ``-x*log(x)``, 0 at x = 0.

    Notes
    -----
    .. math::

        \operatorname{entr}(x) = -x \log x, \qquad \operatorname{entr}(0) = 0
    """

    nargs = 1

    @classmethod
    def eval(cls, x: Expr) -> Expr | None:
        _numbers_only("entr", (x,))
        if x.is_zero:
            return S.Zero
        if x.is_positive:
            return -x * _log(x)
        return None

    def fdiff(self, argindex: int = 1) -> Expr:
        return -_log(self.args[0]) - 1

    def _eval_rewrite_as_log(self, x: Expr, **kwargs: object) -> Expr:
        return -x * log(x)


class rel_entr(Function):  # noqa: N801
    r"""x log(x/y) with 0 log(0/y) = 0 and x log(x/0) = +oo for x > 0.

    >>> from sympy import Rational, Symbol
    >>> rel_entr(Rational(1, 2), Rational(3, 4))
    log(2/3)/2
    >>> p, q = Symbol("p", positive=True), Symbol("q", positive=True)
    >>> rel_entr(p, q)
    p*log(p/q)

    Parameters
    ----------
    x, y : sympy.Expr
        Nonnegative numbers or expressions.

    Returns
    -------
    sympy.Expr
        ``x*log(x/y)``; 0 at x = 0, ``oo`` at y = 0 < x.

    Notes
    -----
    .. math::

        \operatorname{rel\_entr}(x, y) = x \log \frac{x}{y}
    """

    nargs = 2

    @classmethod
    def eval(cls, x: Expr, y: Expr) -> Expr | None:
        _numbers_only("rel_entr", (x, y))
        if x.is_zero:
            return S.Zero
        if y.is_zero and x.is_positive:
            return S.Infinity
        if x.is_positive and y.is_positive:
            return x * _log(x / y)
        return None

    def fdiff(self, argindex: int = 1) -> Expr:
        x, y = self.args
        return _log(x / y) + 1 if argindex == 1 else -x / y

    def _eval_rewrite_as_log(self, x: Expr, y: Expr, **kwargs: object) -> Expr:
        return x * log(x / y)
