"""Task tables (任务分解表, 工作任务清单): one item per task, owners and deadlines from their columns.

Columns are recognised by their header (工作任务, 具体要求/具体内容, 牵头单位, 责任单位/责任部门/责任科室,
配合单位, 完成时限/时限要求, 责任人…). A task cell merged over several rows (empty below its first row,
as in a .docx or a sheet pasted as text) makes one item whose rows are its children; a row with a single
cell (一、法治宣传教育) or a category column groups the tasks below it. Tables come structurally from a
.docx, or from text whose lines hold tab- or bar-separated cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.plans.parsing.actions import title_of
from tracker.plans.parsing.docx_reading import SourceTable
from tracker.plans.parsing.lines import Line, line_end, trim

Span = tuple[int, int]

_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(rf"^(?:{words})$"))
    for role, words in (
        ("seq", r"序号|编号|序|No\.?"),
        ("group", r"类别|分类|工作类别|任务类别|项目类别|重点领域|领域|板块|工作板块|方面|专项"),
        (
            "task",
            r"工作任务|重点任务|主要任务|任务名称|任务|工作事项|事项|工作项目|项目|重点工作|工作名称|主要工作",
        ),
        (
            "detail",
            r"具体要求|具体内容|具体措施|工作措施|主要内容|任务内容|工作要求|目标要求|具体工作|工作举措|措施|内容"
            r"|要求|工作内容|主要措施|具体任务|工作目标|目标|任务要求",
        ),
        (
            "lead",
            r"牵头单位|牵头部门|牵头科室|责任单位|责任部门|责任科室|责任股室|主责单位|负责单位|承办单位|实施单位"
            r"|责任主体|牵头股室",
        ),
        ("support", r"配合单位|协办单位|参与单位|协作单位|配合部门|协同单位|配合科室|配合股室"),
        ("deadline", r"完成时限|时限要求|完成时间|时间节点|时间安排|时限|进度安排|完成期限|时间|进度要求"),
        ("person", r"责任人|具体责任人|联系人|经办人"),
        ("leader", r"责任领导|分管领导|牵头领导|包抓领导"),
        ("note", r"备注|说明"),
    )
)
_CONTENT_ROLES = ("task", "detail", "lead", "support", "deadline", "person", "leader", "note")
_HEADER_SEARCH_ROWS = 3
_SECTION_LINE_MAX = 40
_SECTION_MARKER = re.compile(
    r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分)"
)


@dataclass
class TableEntry:
    """A task of the table (or a group of tasks), in the table's own terms."""

    span: Span
    title: str
    marker: str | None
    cells: dict[str, str] = field(default_factory=dict)
    """Texts of the owner and deadline columns: lead, support, deadline, person."""
    detail: Span | None = None
    """Where the task's description is, to split into actions."""
    detail_text: str | None = None
    kind: str = "row"
    children: list[TableEntry] = field(default_factory=list)


def column_role(cell: str) -> str | None:
    """The column a header cell names (seq, group, task, detail, lead, support, deadline, …), if any."""
    words = re.sub(r"[（(].*?[）)]|\s", "", cell)
    for role, pattern in _ROLES:
        if pattern.match(words):
            return role
    return None


def is_header_row(cells: list[str]) -> bool:
    """Whether these cells head a task table: two or more known columns, one of them the task's."""
    roles = {role for role in map(column_role, cells) if role}
    return len(roles) >= 2 and bool({"task", "detail"} & roles)


def _header(text: str, table: SourceTable) -> tuple[int, dict[str, int]] | None:
    """The header row and the column of each role; two unit columns (牵头单位 + 责任单位) mean lead and
    co-operating units."""
    for index, row in enumerate(table.rows[:_HEADER_SEARCH_ROWS]):
        roles: dict[str, int] = {}
        units: list[int] = []
        for column, (start, end) in enumerate(row):
            role = column_role(text[start:end])
            if role == "lead":
                units.append(column)
            if role and role not in roles:
                roles[role] = column
        if len(roles) >= 2 and ({"task", "detail"} & roles.keys()):
            if "task" not in roles:
                roles["task"] = roles.pop("detail")
            if len(units) >= 2 and "support" not in roles:
                roles["lead"], roles["support"] = units[0], units[1]
            return index, roles
    return None


def _cell(text: str, row: tuple[Span, ...], column: int | None) -> tuple[Span, str] | None:
    if column is None or column >= len(row):
        return None
    start, end = row[column]
    words = text[start:end].strip()
    return (row[column], words) if words else None


def _section_title(text: str, row: tuple[Span, ...], roles: dict[str, int]) -> tuple[Span, str] | None:
    """A row holding one cell that names a part of the table (一、法治宣传教育), not a task."""
    filled = [(column, span) for column, span in enumerate(row) if text[span[0] : span[1]].strip()]
    if len(filled) != 1:
        return None
    column, span = filled[0]
    words = text[span[0] : span[1]].strip()
    if re.fullmatch(r"[0-9０-９.、]+", words):
        return None
    in_content = column in (roles.get("task"), roles.get("detail"))
    if in_content and not _SECTION_MARKER.match(words):
        return None
    return span, words


def _group(text: str, span: Span) -> TableEntry:
    """A section row or category cell; its marker (一、) kept apart from its title."""
    marker = _SECTION_MARKER.match(text, span[0], span[1])
    if marker is None:
        return TableEntry(span, text[span[0] : span[1]].strip(), None, kind="group")
    start = trim(text, marker.end(), span[1])[0]
    return TableEntry((start, span[1]), text[start : span[1]].strip(), marker.group().strip(), kind="group")


def _entry(text: str, row: tuple[Span, ...], roles: dict[str, int]) -> TableEntry | None:
    task = _cell(text, row, roles.get("task"))
    detail = _cell(text, row, roles.get("detail"))
    if task is None and detail is None:
        return None
    cells = {}
    for role in ("lead", "support", "deadline", "person"):
        found = _cell(text, row, roles.get(role))
        if found:
            cells[role] = found[1]
    filled = [row[roles[role]] for role in _CONTENT_ROLES if role in roles and _cell(text, row, roles[role])]
    span = (min(start for start, _ in filled), max(end for _, end in filled))
    seq = _cell(text, row, roles.get("seq"))
    title = task[1] if task else detail[1]  # type: ignore[index]
    return TableEntry(
        span,
        title,
        seq[1] if seq else None,
        cells,
        detail[0] if detail else None,
        detail[1] if detail else None,
    )


def _as_child(entry: TableEntry) -> TableEntry:
    """One row of a task merged over several rows: titled by its own description."""
    title = title_of(entry.detail_text) if entry.detail_text else entry.title
    return TableEntry(entry.span, title, None, dict(entry.cells), entry.detail)


def _fold(rows: list[tuple[bool, TableEntry]]) -> list[TableEntry]:
    """Rows whose task cell is empty (merged from above) become the children of the task above."""
    tasks: list[TableEntry] = []
    for continues, entry in rows:
        if not (continues and tasks):
            tasks.append(entry)
            continue
        parent = tasks[-1]
        if not parent.children:
            parent.children.append(_as_child(parent))
            parent.detail = None
        parent.children.append(_as_child(entry))
        parent.span = (parent.span[0], entry.span[1])
    return tasks


def table_entries(text: str, table: SourceTable) -> list[TableEntry]:
    """The table's tasks (grouped by section rows or a category column), or [] if it is no task table."""
    found = _header(text, table)
    if found is None:
        return []
    header, roles = found
    top: list[TableEntry] = []
    group: TableEntry | None = None
    rows: list[tuple[bool, TableEntry]] = []

    def close_group() -> None:
        (group.children if group is not None else top).extend(_fold(rows))
        rows.clear()

    for row in table.rows[header + 1 :]:
        section = _section_title(text, row, roles)
        named_group = section or _cell(text, row, roles.get("group"))
        if named_group is not None:
            close_group()
            group = _group(text, named_group[0])
            top.append(group)
            if section is not None:
                continue
        entry = _entry(text, row, roles)
        if entry is not None:
            rows.append((_cell(text, row, roles.get("task")) is None, entry))
    close_group()
    for entry in top:
        if entry.kind == "group" and entry.children:
            entry.span = (entry.span[0], entry.children[-1].span[1])
    return [entry for entry in top if entry.kind != "group" or entry.children]


def _split_row(text: str, line: Line) -> tuple[Span, ...] | None:
    """The cells of a line of a text table (its raw line: leading tabs are empty merged cells), () for
    a |---| rule, None for a line that is no table row."""
    start = text.rfind("\n", 0, line.start) + 1
    raw = text[start : line_end(text, line.start)].replace("｜", "|")
    if "\t" in raw:
        separator = "\t"
    elif line.text.startswith(("|", "｜")):
        separator = "|"
        if re.fullmatch(r"[|\-:\s]+", raw):
            return ()
        start += raw.index("|") + 1
        raw = raw.strip().strip("|")
    else:
        return None
    cells, cursor = [], start
    for cell in raw.split(separator):
        cells.append(trim(text, cursor, cursor + len(cell), " \u3000"))
        cursor += len(cell) + 1
    return tuple(cells)


def _is_header(text: str, row: tuple[Span, ...]) -> bool:
    return _header(text, SourceTable((row,), (row[0][0], row[-1][1]))) is not None


def _table_from(text: str, lines: list[Line], index: int) -> tuple[SourceTable, int]:
    """The table whose header is lines[index]: following rows, and section lines between them
    (一、法治宣传教育 written without cells), up to the first line that is neither."""
    rows = [_split_row(text, lines[index]) or ()]
    index += 1
    while index < len(lines):
        line = lines[index]
        row = _split_row(text, line)
        if row is None and _SECTION_MARKER.match(line.text) and len(line.text) <= _SECTION_LINE_MAX:
            row = ((line.start, line.end),)
        if row is None:
            break
        if row:
            rows.append(row)
        index += 1
    return SourceTable(tuple(rows), (rows[0][0][0], rows[-1][-1][1])), index


def text_tables(text: str, lines: list[Line]) -> list[SourceTable]:
    """Tables written as text: a header of tab- or bar-separated cells naming task columns, and the
    rows under it."""
    tables, index = [], 0
    while index < len(lines):
        row = _split_row(text, lines[index])
        if row and _is_header(text, row):
            table, index = _table_from(text, lines, index)
            if len(table.rows) >= 2:
                tables.append(table)
        else:
            index += 1
    return tables
