"""A task table pasted from a web page, whose cells arrive one per line, put back into rows.

Copying a table out of a browser (or some document viewers) gives 序号 / 工作任务 / 责任单位 / 完成时限
each on its own line, then 1 / 开展… / 司法所 / 6月底前 and so on. Three or more consecutive lines that
are all distinct column names of a task table (see `tables`) are such a header; the lines after it are
its cells, grouped into rows: from one sequence number to the next when the first column is 序号 (a
row with more lines than columns has its extra lines in the task's description; one with fewer is
filled from the left; the last row ends at a blank line), else by the number of columns. Each row is
written as one line of cells separated by a tab, which the table reader then reads like any table.
Text without such a header is returned as it was.
"""

from __future__ import annotations

from tracker.plans.parsing.tables import column_role

_MIN_COLUMNS = 3


def _header_at(lines: list[str], index: int) -> int:
    """How many lines from `index` on name distinct columns of a task table (0 if fewer than three)."""
    roles: list[str] = []
    while index + len(roles) < len(lines):
        role = column_role(lines[index + len(roles)].strip())
        if role is None or role in roles:
            break
        roles.append(role)
    has_task = "task" in roles or "detail" in roles
    return len(roles) if len(roles) >= _MIN_COLUMNS and has_task else 0


def _fit(cells: list[str], columns: int, wide: int) -> list[str]:
    """`cells` in `columns` columns, extra lines joined into column `wide`, missing ones left empty."""
    extra = len(cells) - columns
    if extra > 0:
        cells = [*cells[:wide], "".join(cells[wide : wide + extra + 1]), *cells[wide + extra + 1 :]]
    return cells + [""] * (columns - len(cells))


def _last_row_end(lines: list[str], start: int, columns: int) -> int:
    """The last row runs to the next blank line (a cell may have wrapped onto two lines), if that is
    near; else it has as many lines as there are columns."""
    end = start + 1
    while end < len(lines) and end < start + 2 * columns and lines[end].strip():
        end += 1
    if end == len(lines) or not lines[end].strip():
        return end
    return min(len(lines), start + columns)


def _numbered_rows(lines: list[str], start: int, columns: int, wide: int) -> tuple[list[str], int]:
    rows, index, number = [], start, 1
    while index < len(lines) and lines[index].strip() == str(number):
        following = str(number + 1)
        end = index + 1
        limit = min(len(lines), index + 3 * columns)
        while end < limit and lines[end].strip() != following:
            end += 1
        if end >= limit or lines[end].strip() != following:
            end = _last_row_end(lines, index, columns)
        cells = [lines[index].strip(), *(line.strip() for line in lines[index + 1 : end])]
        rows.append("\t".join(_fit(cells, columns, wide)))
        index, number = end, number + 1
    return rows, index


def rejoin_cell_lines(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        columns = _header_at(lines, index)
        if not columns:
            out.append(lines[index])
            index += 1
            continue
        header = [line.strip() for line in lines[index : index + columns]]
        roles = [column_role(cell) for cell in header]
        wide = roles.index("detail") if "detail" in roles else roles.index("task")
        body = index + columns
        if roles[0] == "seq":
            rows, index = _numbered_rows(lines, body, columns, wide)
        else:
            count = (len(lines) - body) // columns
            rows = ["\t".join(lines[body + r * columns : body + (r + 1) * columns]) for r in range(count)]
            index = body + count * columns
        if not rows:
            out.append(lines[body - columns])
            index = body - columns + 1
            continue
        out += ["\t".join(header), *rows]
    return "\n".join(out)
