"""HTML tables for notebooks: every cell escaped, long tables elided after :data:`TABLE_ROWS` rows.

>>> print(table(["x", "p(x)"], [["<b>", "1/2"], ["b", "1/2"]], caption="W"))
<table class="symkl">
<caption>W</caption>
<thead><tr><th>x</th><th>p(x)</th></tr></thead>
<tbody>
<tr><td>&lt;b&gt;</td><td>1/2</td></tr>
<tr><td>b</td><td>1/2</td></tr>
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
    limit: int = TABLE_ROWS,
    what: str = "rows",
) -> str:
    """An HTML table of plain-text cells (each escaped); past `limit` rows one row says how many more there are.

    >>> print(table(["n"], [[str(i)] for i in range(3)], limit=2, what="outcomes").splitlines()[-3])
    <tr><td colspan="1">… 1 more (3 outcomes in all)</td></tr>
    """
    lines = ['<table class="symkl">']
    if caption:
        lines.append(f"<caption>{html.escape(caption)}</caption>")
    lines.append("<thead><tr>" + "".join(f"<th>{html.escape(cell)}</th>" for cell in head) + "</tr></thead>")
    lines.append("<tbody>")
    for row in rows[:limit]:
        lines.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>")
    if len(rows) > limit:
        hidden = f"… {len(rows) - limit} more ({len(rows)} {what} in all)"
        lines.append(f'<tr><td colspan="{len(head)}">{html.escape(hidden)}</td></tr>')
    lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)
