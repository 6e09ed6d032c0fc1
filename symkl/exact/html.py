"""HTML tables for notebooks: every cell escaped, long tables elided after :data:`TABLE_ROWS` rows.

>>> print(table(["x", "p(x)"], [["<b>", "1/2"], ["b", "1/2"]], caption="W", align="lr"))
<table class="symkl">
<caption style="text-align: left; white-space: nowrap">W</caption>
<thead><tr><th style="text-align: left">x</th><th style="text-align: right">p(x)</th></tr></thead>
<tbody>
<tr><td style="text-align: left">&lt;b&gt;</td><td style="text-align: right">1/2</td></tr>
<tr><td style="text-align: left">b</td><td style="text-align: right">1/2</td></tr>
</tbody>
</table>
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["TABLE_ROWS", "table"]

#: Rows a notebook table shows before it elides the rest (the LaTeX tables elide at the same count).
TABLE_ROWS = 20


def table(
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    caption: str | None = None,
    *,
    align: str = "",
    limit: int = TABLE_ROWS,
    what: str = "rows",
) -> str:
    """An HTML table of plain-text cells (each escaped); past `limit` rows one row says how many more there are.

    ``align`` has a letter per column, ``l`` or ``r`` (left when missing): every cell carries it, since
    notebook style sheets right-align table cells, which suits numbers but not words.

    >>> print(table(["n"], [[str(i)] for i in range(3)], limit=2, what="outcomes").splitlines()[-3])
    <tr><td colspan="1">… 1 more (3 outcomes in all)</td></tr>

    Parameters
    ----------
    head : sequence of str
        The column headings.
    rows : sequence of sequence of str
        The cells, row by row, as plain text.
    caption : str or None, optional
        A caption for the table.
    align : str, optional
        One letter per column, ``l`` or ``r``.
    limit : int, optional
        The most rows shown.
    what : str, optional
        What the rows are, for the row that counts the rest.

    Returns
    -------
    str
        The HTML of the table.
    """
    styles = [_STYLES[align[i] if i < len(align) else "l"] for i in range(len(head))]
    lines = ['<table class="symkl">']
    if caption:
        lines.append(f'<caption style="text-align: left; white-space: nowrap">{html.escape(caption)}</caption>')
    lines.append("<thead><tr>" + _cells("th", head, styles) + "</tr></thead>")
    lines.append("<tbody>")
    for row in rows[:limit]:
        lines.append("<tr>" + _cells("td", row, styles) + "</tr>")
    if len(rows) > limit:
        hidden = f"… {len(rows) - limit} more ({len(rows)} {what} in all)"
        lines.append(f'<tr><td colspan="{len(head)}">{html.escape(hidden)}</td></tr>')
    lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)


_STYLES = {"l": ' style="text-align: left"', "r": ' style="text-align: right"'}


def _cells(tag: str, cells: Sequence[str], styles: Sequence[str]) -> str:
    return "".join(f"<{tag}{style}>{html.escape(cell)}</{tag}>" for cell, style in zip(cells, styles))
