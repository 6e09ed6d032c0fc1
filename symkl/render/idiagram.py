"""Information diagrams (I-diagrams) of 2 or 3 random variables, drawn with matplotlib (the ``plot`` extra).

>>> import symkl as sk
>>> XOR = sk.JointDistribution(
...     {(0, 0, 0): "1/4", (0, 1, 1): "1/4", (1, 0, 1): "1/4", (1, 1, 0): "1/4"}, names=("X", "Y", "Z"))
>>> diagram = sk.idiagram(XOR)
>>> diagram.atoms["I(X;Y;Z)"]
-1
>>> print(diagram)
I-diagram of X, Y, Z in bits
  H(X|Y,Z) = 0
  H(Y|X,Z) = 0
  H(Z|X,Y) = 0
  I(X;Y|Z) = 1
  I(X;Z|Y) = 1
  I(Y;Z|X) = 1
  I(X;Y;Z) = -1  (negative: hatched)
>>> print(sk.idiagram("I(X;Y|Z) <= I(X;Y)"))
I-diagram of I(X;Y|Z) <= I(X;Y), that is I(X;Y;Z) >= 0
  I(X;Y|Z): 0 (used, cancels)
  I(X;Y;Z): +1

``diagram.save("xor.png")`` (or ``.svg``, ``.pdf``) writes the picture; in Jupyter it shows itself
(``_repr_png_``, ``_repr_svg_``). Only drawing needs matplotlib: without it the exact atoms and the
text above still work, and drawing raises :class:`~symkl.errors.MissingDependency` naming
``pip install 'symkl[plot]'``.

The circles have fixed sizes: areas do not encode values (a negative atom has no area). Each region
shows its measure and its exact value (printed by :func:`symkl.text`) with a decimal of 4 guaranteed
digits; a value too long for its region shows the decimal there and the exact value in a list below.
Positive atoms are blue, zero atoms white, negative atoms red and hatched; the legend says so.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import sympy
from sympy import Expr

from ..errors import InvalidInput, MissingDependency, Undecidable
from ..exact.canonical import decimal_string, sign
from ..exact.distribution import JointDistribution
from ..exact.measures import Base, unit_name
from ..exact.printing import text
from ..prover.grammar import parse_statement
from .atoms import Atom, atom_name, atom_values, atoms, choose_names, statement_coefficients
from .venn import CENTRES, extent, label_point, region

__all__ = ["IDiagram", "idiagram"]

_POSITIVE, _NEGATIVE, _ZERO, _UNKNOWN = "#c6dbef", "#fcbba1", "#ffffff", "#e5e5e5"
_PLUS, _MINUS, _CANCELS, _UNUSED = "#a1d99b", "#fcbba1", "#f2f2f2", "#ffffff"
_HATCH_NEGATIVE, _HATCH_CANCELS = "///", "..."
_RED, _GREY, _INK = "#b2182b", "#8c8c8c", "#252525"
_OUTLINES = ["#2166ac", "#e08214", "#1b7837"]


class IDiagram:
    """An information diagram: exact atoms (or a statement's coefficients) and, on demand, its picture.

    >>> import symkl as sk
    >>> d = sk.idiagram(sk.JointDistribution([["1/2", 0], [0, "1/2"]], names=("X", "Y")))
    >>> d.atoms
    {'H(X|Y)': 0, 'H(Y|X)': 0, 'I(X;Y)': 1}
    >>> d.unit, d.names
    ('bits', ('X', 'Y'))

    ``atoms`` maps each atom's measure to its exact value (a SymPy number, in ``unit``); for a statement
    diagram ``coefficients`` maps it to its rational coefficient in the statement's atom form and
    ``atoms`` is empty. ``figure`` is the matplotlib Figure (drawn once, on first use).

    Parameters
    ----------
    names : tuple of str
        The variables.
    values : dict, optional
        Atom -> exact value (a table's diagram).
    unit : str, optional
        The unit of the values.
    statement : str, optional
        The statement drawn (a statement's diagram).
    coefficients : dict, optional
        Atom -> rational coefficient of the statement's atom form.
    used : set, optional
        Atoms the statement's terms use, including those that cancel.
    """

    def __init__(
        self,
        names: tuple[str, ...],
        values: dict[Atom, Expr] | None = None,
        unit: str = "",
        statement: str = "",
        coefficients: dict[Atom, Fraction] | None = None,
        used: set[Atom] | None = None,
    ) -> None:
        self.names = names
        self.unit = unit
        self.statement = statement
        self._values = values or {}
        self._coefficients = coefficients or {}
        self._used = used or set()
        self._figure: Any = None

    @property
    def atoms(self) -> dict[str, Expr]:
        """Each atom's measure (H(X|Y), I(X;Y|Z), I(X;Y;Z), ...) and its exact value.

        >>> import symkl as sk
        >>> sk.idiagram(sk.JointDistribution([["1/4", "1/4"], ["1/4", "1/4"]])).atoms["I(X;Y)"]
        0
        """
        return {atom_name(atom, self.names): value for atom, value in self._values.items()}

    @property
    def coefficients(self) -> dict[str, Fraction]:
        """For a statement: each atom's coefficient in ``sum c a >= 0`` (or ``= 0``).

        >>> import symkl as sk
        >>> sk.idiagram("H(X,Y) <= H(X) + H(Y)").coefficients
        {'H(X|Y)': Fraction(0, 1), 'H(Y|X)': Fraction(0, 1), 'I(X;Y)': Fraction(1, 1)}
        """
        return {atom_name(atom, self.names): value for atom, value in self._coefficients.items()}

    def form(self) -> str:
        """The statement written in atoms, e.g. ``I(X;Y;Z) >= 0``; empty for a diagram of a table.

        >>> import symkl as sk
        >>> sk.idiagram("H(X|Y) >= H(X|Y,Z)").form()
        'I(X;Z|Y) >= 0'
        """
        if not self.statement:
            return ""
        relation = "=" if parse_statement(self.statement).relation == "=" else ">="
        terms = [(value, atom_name(atom, self.names)) for atom, value in self._coefficients.items() if value]
        written = ""
        for index, (value, name) in enumerate(terms):
            size = abs(value)
            body = (f"{size} " if size != 1 else "") + name
            written += ("-" if value < 0 else "") + body if index == 0 else (" - " if value < 0 else " + ") + body
        return f"{written or '0'} {relation} 0"

    # -----------------------------------------------------------------------------------------
    # text
    def __repr__(self) -> str:
        if self.statement:
            lines = [f"I-diagram of {self.statement}, that is {self.form()}"]
            for atom in atoms(self.names):
                value = self._coefficients[atom]
                if value:
                    lines.append(f"  {atom_name(atom, self.names)}: {_signed(value)}")
                elif atom in self._used:
                    lines.append(f"  {atom_name(atom, self.names)}: 0 (used, cancels)")
            return "\n".join(lines)
        lines = [f"I-diagram of {', '.join(self.names)} in {self.unit}"]
        for atom, value in self._values.items():
            note = "  (negative: hatched)" if _sign(value) == -1 else ""
            lines.append(f"  {atom_name(atom, self.names)} = {text(value)}{note}")
        return "\n".join(lines)

    # -----------------------------------------------------------------------------------------
    # pictures
    @property
    def figure(self) -> Any:
        """The matplotlib Figure (needs the ``plot`` extra); drawn on first use and kept."""
        if self._figure is None:
            self._figure = _draw(self)
        return self._figure

    def to_bytes(self, format: str = "png", dpi: int = 150) -> bytes:
        """The picture as PNG, SVG or PDF bytes; SVG and PDF carry no date, so equal diagrams give equal files.

        >>> import symkl as sk
        >>> sk.idiagram("I(X;Y) >= 0").to_bytes("png")[:8]  # doctest: +SKIP
        b'\\x89PNG\\r\\n\\x1a\\n'
        """
        if format not in ("png", "svg", "pdf"):
            raise InvalidInput(f"an information diagram is saved as png, svg or pdf, not {format!r}")
        figure = self.figure
        import matplotlib

        metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[format]
        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "symkl", "svg.fonttype": "path"}):
            figure.savefig(buffer, format=format, dpi=dpi, metadata=metadata, facecolor="white")
        return buffer.getvalue()

    def save(self, path: str | os.PathLike[str], dpi: int = 150) -> Path:
        """Write the picture to ``path`` (format from its suffix: .png, .svg, .pdf), atomically.

        >>> import symkl as sk
        >>> sk.idiagram("I(X;Y) >= 0").save("diagram.bmp")
        Traceback (most recent call last):
        ...
        symkl.errors.InvalidInput: an information diagram is saved as .png, .svg or .pdf, not 'diagram.bmp'

        The file is written to a temporary file in the same folder and moved into place with
        ``os.replace``, so a reader never sees half a picture. Returns the path written.
        """
        target = Path(path)
        suffix = target.suffix.lower().lstrip(".")
        if suffix not in ("png", "svg", "pdf"):
            raise InvalidInput(f"an information diagram is saved as .png, .svg or .pdf, not {str(path)!r}")
        _write_atomically(target, self.to_bytes(suffix, dpi))
        return target

    def _repr_png_(self) -> bytes:
        return self.to_bytes("png", dpi=100)

    def _repr_svg_(self) -> str:
        return self.to_bytes("svg").decode("utf-8")


def idiagram(source: JointDistribution | str, names: Sequence[str] | None = None, base: Base = 2) -> IDiagram:
    """The information diagram of 2 or 3 variables of a joint table, or of a statement's atoms.

    >>> import symkl as sk
    >>> J = sk.JointDistribution([["1/8", "1/8"], ["1/4", "1/2"]], names=("X", "Y"))
    >>> sk.idiagram(J).atoms["I(X;Y)"]
    -9*log(3)/(8*log(2)) - 5*log(5)/(8*log(2)) + 13/4
    >>> sk.idiagram("I(X;Y|Z) <= I(X;Y)").form()
    'I(X;Y;Z) >= 0'

    ``source`` is a :class:`~symkl.JointDistribution` or a statement in the grammar of ``symkl prove``
    (``H(A|B)``, ``I(A;B|C)``, rational coefficients; read by the prover's parser, never evaluated).
    ``names`` picks and orders the variables (two or three; a table of more variables needs it).
    ``base`` is the unit of the atom values: bits (2) by default, since diagrams are read in bits
    (XOR's co-information is -1 bit); ``"nats"`` or any base the measures accept. The unit is printed
    on the picture. A statement ``lhs <= rhs`` is drawn as rhs - lhs >= 0 in atoms: atoms with a
    positive coefficient green, negative red and hatched, atoms used but cancelling dotted.

    Parameters
    ----------
    source : JointDistribution or str
        A joint table, or a statement in the grammar of ``symkl prove`` (read by its parser, never evaluated).
    names : sequence of str, optional
        Two or three variables to draw (needed for a table of more variables).
    base : optional
        Unit of the atoms: bits (2) by default; ``"nats"`` or any base the measures accept.

    Returns
    -------
    IDiagram
        ``atoms`` (exact value of each region) or ``coefficients`` (a statement), and the picture on demand
        (``figure``, ``save``, notebook display).

    Raises
    ------
    InvalidInput
        Not a table or statement, or not 2 or 3 variables.
    MissingDependency
        Drawing without matplotlib (``pip install 'symkl[plot]'``); the atoms work without it.
    """
    if isinstance(source, str):
        statement = parse_statement(source)
        mentioned = list(dict.fromkeys(name for term in statement.terms() for name in sorted(term.names())))
        order = [name for name in _first_seen(source) if name in mentioned]
        if names is not None:
            extra = [name for name in mentioned if name not in names]
            if extra:
                raise InvalidInput(f"the statement names {extra[0]!r}, which is not among names={tuple(names)!r}")
            chosen = choose_names(names, names, "the statement")
        else:
            chosen = choose_names(order, None, "the statement")
        coefficients, used = statement_coefficients(statement, chosen)
        return IDiagram(chosen, statement=str(statement), coefficients=coefficients, used=used)
    if not isinstance(source, JointDistribution):
        raise InvalidInput(
            f"idiagram draws a JointDistribution or a statement such as 'I(X;Y|Z) <= I(X;Y)', "
            f"got {type(source).__name__}"
        )
    chosen = choose_names(source.names, names, "the table")
    return IDiagram(chosen, values=atom_values(source, chosen, base), unit=unit_name(base))


# ---------------------------------------------------------------------------------------------
# helpers
def _first_seen(source: str) -> list[str]:
    """Identifiers in reading order (the statement's variables, and H, I, which are never variables)."""
    words: list[str] = []
    current = ""
    for char in source + " ":
        if char.isalnum() or char == "_":
            current += char
        else:
            if current and not current[0].isdigit() and current not in words:
                words.append(current)
            current = ""
    return words


def _sign(value: Expr) -> int | None:
    """-1, 0, 1 decided exactly, or None for a value with symbols."""
    if value.free_symbols:
        return None
    try:
        return sign(value)
    except (Undecidable, ValueError):
        return None


def _signed(value: Fraction) -> str:
    return f"+{value}" if value > 0 else f"-{-value}"


def _write_atomically(path: Path, data: bytes) -> None:
    """A temporary file in the same folder, then ``os.replace``: never a half-written picture."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise MissingDependency("drawing an information diagram needs matplotlib: pip install 'symkl[plot]'") from None
    return matplotlib


def _escape(label: str) -> str:
    """Text as matplotlib shows it literally (a '$' would start mathtext)."""
    return label.replace("$", r"\$")


def _wrap(value_text: str, width: int, most: int = 3) -> list[str] | None:
    """The exact value on at most ``most`` lines, broken before ' + ' and ' - ', or None if it does not fit.

    >>> _wrap("13/4 - (9/8) log₂ 3 - (5/8) log₂ 5", 14)
    ['13/4', '- (9/8) log₂ 3', '- (5/8) log₂ 5']
    """
    lines: list[str] = []
    rest = value_text
    while rest:
        cuts = [index for index in range(1, len(rest)) if rest[index : index + 3] in (" + ", " - ")]
        cut = next((index for index in reversed(cuts) if index <= width), None)
        if len(rest) <= width or cut is None:
            lines.append(rest)
            break
        lines.append(rest[:cut])
        rest = rest[cut + 1 :]
    if len(lines) > most or any(len(line) > width for line in lines):
        return None
    return lines


def _decimal(value: Expr) -> str:
    """'≈ 0.2075' (4 guaranteed digits), '= 0.5' for a short exact decimal, '' for integers and symbols."""
    if value.free_symbols or value.is_Integer:
        return ""
    try:
        digits = decimal_string(value, 4)
    except (Undecidable, ValueError):
        return ""
    exact = value.is_Rational and sympy.Rational(digits) == value
    return f"{'=' if exact else '≈'} {digits}"


class _Layout:
    """Sizes in inches: the title band, the diagram, the legend and one line per footnote."""

    def __init__(self, three: bool, footnotes: int, title: float = 0.95) -> None:
        self.width = 7.2
        self.limits = ((-1.95, 1.95), (-1.95, 1.62)) if three else ((-1.9, 1.9), (-1.18, 1.18))
        (x0, x1), (y0, y1) = self.limits
        self.scale = self.width * 0.96 / (x1 - x0)  # inches per unit of the diagram
        self.title, self.diagram = title, (y1 - y0) * self.scale
        self.legend, self.note = 0.55, 0.26
        self.notes = footnotes * self.note + (0.15 if footnotes else 0.0)
        self.height = self.title + self.diagram + self.legend + self.notes + 0.1

    def band(self, top_inches: float) -> float:
        """A height measured from the top, as a fraction of the figure."""
        return 1 - top_inches / self.height


def _plan(diagram: IDiagram, centres: list[tuple[float, float]], scale: float) -> list[dict[str, Any]]:
    """Per atom: its region, fill style, legend key, label point and the lines of its label."""
    names, three = diagram.names, len(diagram.names) == 3
    size = 9.5 if three else 11.0
    plans: list[dict[str, Any]] = []
    footnotes = 0
    for atom in atoms(names):
        members = {names.index(name) for name in atom}
        name = atom_name(atom, names)
        point = label_point(centres, members)
        chars = int(extent(centres, members, point, 0) * scale * 72 / (size * 0.62)) - 1
        rows = int(extent(centres, members, point, 1) * scale * 72 / (size * 1.35)) - 1
        exact_lines: list[str] = []
        decimal, note = "", ""
        if diagram.statement:
            value = diagram._coefficients[atom]
            used = atom in diagram._used
            if value > 0:
                style, key = {"facecolor": _PLUS}, "coefficient > 0"
            elif value < 0:
                style = {"facecolor": _MINUS, "hatch": _HATCH_NEGATIVE, "edgecolor": _RED}
                key = "coefficient < 0"
            elif used:
                style, key = {"facecolor": _CANCELS, "hatch": _HATCH_CANCELS, "edgecolor": _GREY}, "used, cancels"
            else:
                style, key = {"facecolor": _UNUSED}, "not used"
            exact_lines = [_signed(value)] if value else (["0"] if used else [])
        else:
            exact = diagram._values[atom]
            decided = _sign(exact)
            if decided == 1:
                style, key = {"facecolor": _POSITIVE}, "positive"
            elif decided == -1:
                style, key = {"facecolor": _NEGATIVE, "hatch": _HATCH_NEGATIVE, "edgecolor": _RED}, "negative"
            elif decided == 0:
                style, key = {"facecolor": _ZERO}, "zero"
            else:
                style, key = {"facecolor": _UNKNOWN}, "sign unknown (symbols)"
            value_text = text(exact)
            decimal = _decimal(exact)
            wrapped = _wrap(value_text, max(chars, 4))
            if wrapped is None or len(wrapped) + (1 if decimal else 0) > max(rows - 1, 1):
                footnotes += 1
                note = f"[{footnotes}] {name} = {value_text}"
                name = f"{name} [{footnotes}]"
                decimal = decimal or "see below"
            else:
                exact_lines = wrapped
        plans.append(
            {
                "region": region(centres, members),
                "style": style,
                "key": key,
                "point": point,
                "name": name,
                "exact": exact_lines,
                "decimal": decimal,
                "note": note,
                "size": size,
            }
        )
    return plans


# ---------------------------------------------------------------------------------------------
# drawing
_PATTERN_NAMES = {"negative": " (hatched)", "coefficient < 0": " (hatched)", "used, cancels": " (dotted)"}
_NOTE_WIDTH = 84  # characters of a footnote line at 9.5 points across the figure
_LEGEND_ORDER = [
    "positive",
    "zero",
    "negative",
    "sign unknown (symbols)",
    "coefficient > 0",
    "coefficient < 0",
    "used, cancels",
    "not used",
]


def _draw(diagram: IDiagram) -> Any:
    _matplotlib()
    from matplotlib import patheffects
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, Patch, Polygon

    names = diagram.names
    centres = CENTRES[len(names)]
    three = len(names) == 3
    if diagram.statement:
        title, subtitle = diagram.statement, f"in atoms: {diagram.form()}"
    else:
        title = f"I-diagram of {', '.join(names)}"
        subtitle = f"exact atom values in {diagram.unit}; areas are not to scale"
    titles = _wrap(title, 60, most=10) or [title]
    if diagram.statement and len(titles) > 1:  # break at the relation first: lhs, then "<= rhs"
        relation = parse_statement(diagram.statement).relation
        left, right = title.split(f" {relation} ", 1)
        titles = [line for side in (left, f"{relation} {right}") for line in (_wrap(side, 60, most=10) or [side])]
    subtitles = _wrap(subtitle, 80, most=10) or [subtitle]
    probe = _Layout(three, 0)
    plans = _plan(diagram, centres, probe.scale)
    notes = [
        ("" if index == 0 else "      ") + line
        for plan in plans
        if plan["note"]
        for index, line in enumerate(_wrap(plan["note"], _NOTE_WIDTH, most=20) or [plan["note"]])
    ]
    layout = _Layout(three, len(notes), 0.35 + 0.3 * len(titles) + 0.22 * len(subtitles))
    figure = Figure(figsize=(layout.width, layout.height))
    bottom = layout.band(layout.title + layout.diagram)
    axes = figure.add_axes((0.02, bottom, 0.96, layout.band(layout.title) - bottom))
    axes.set_aspect("equal")
    axes.axis("off")
    axes.set_xlim(*layout.limits[0])
    axes.set_ylim(*layout.limits[1])

    legend: dict[str, Patch] = {}
    halo = [patheffects.withStroke(linewidth=3.5, foreground="white")]
    for plan in plans:
        style = plan["style"]
        axes.add_patch(Polygon(plan["region"], closed=True, linewidth=0, **style))
        label = plan["key"] + _PATTERN_NAMES.get(plan["key"], "")
        legend.setdefault(plan["key"], Patch(label=label, linewidth=0.8, **{"edgecolor": _GREY, **style}))
        effects = halo if "hatch" in style else None
        x, y = plan["point"]
        size = plan["size"]
        lines = [*plan["exact"], plan["decimal"]] if plan["decimal"] else plan["exact"]
        # the block of lines (name, exact value, decimal) is centred on the label point
        height = (size - 1.5 + size * 1.3 * len(lines)) / 72 / layout.scale
        top = y + height / 2
        axes.text(
            x, top, _escape(plan["name"]), ha="center", va="top", fontsize=size - 1.5, color=_GREY, path_effects=effects
        )
        for index, line in enumerate(lines):
            decimal = index == len(plan["exact"])
            axes.text(
                x,
                top - ((size - 1.5) * 1.3 + size * 1.3 * index) / 72 / layout.scale,
                _escape(line),
                ha="center",
                va="top",
                fontsize=size,
                color="#525252" if decimal else _INK,
                fontweight="normal" if decimal else "bold",
                path_effects=effects,
            )
    for index, (centre, name) in enumerate(zip(centres, names)):
        colour = _OUTLINES[index]
        axes.add_patch(Circle(centre, 1.0, fill=False, linewidth=2.0, edgecolor=colour))
        cx, cy = centre
        length = math.hypot(cx, cy) or 1.0
        lx, ly = cx / length * (length + 1.17), cy / length * (length + 1.17)
        axes.text(lx, ly, _escape(name), ha="center", va="center", fontsize=17, fontweight="bold", color=colour)

    figure.text(0.5, layout.band(0.2), _escape("\n".join(titles)), ha="center", va="top", fontsize=15, color=_INK)
    below = 0.2 + 0.3 * len(titles) + 0.08
    figure.text(0.5, layout.band(below), _escape("\n".join(subtitles)), ha="center", va="top", fontsize=11, color=_GREY)
    handles = [legend[key] for key in _LEGEND_ORDER if key in legend]
    figure.legend(
        handles=handles,
        loc="center",
        bbox_to_anchor=(0.5, layout.band(layout.title + layout.diagram + layout.legend / 2)),
        ncol=len(handles),
        frameon=False,
        fontsize=10,
        handlelength=2.2,
        handleheight=1.4,
    )
    top = layout.title + layout.diagram + layout.legend + 0.1
    for index, note in enumerate(notes):
        figure.text(
            0.05, layout.band(top + layout.note * index), _escape(note), ha="left", va="top", fontsize=9.5, color=_INK
        )
    return figure
