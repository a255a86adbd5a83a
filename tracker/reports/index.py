"""One year's records arranged for composition: the item tree, and each task's entries, increments,
extensions and evidence, looked up by id in constant time."""

from __future__ import annotations

from collections import defaultdict

from tracker.reports.citing import clause
from tracker.reports.records import (
    EntryRecord,
    EvidenceRecord,
    ExtensionRecord,
    IncrementRecord,
    IndicatorRecord,
    ItemRecord,
    ShortcomingRecord,
    TaskRecord,
    YearRecords,
)
from tracker.tasks.overdue import overdue_days


class YearIndex:
    """Read-only lookups over `YearRecords`, built once per draft."""

    def __init__(self, records: YearRecords) -> None:
        self.records = records
        self.plan = records.plan
        self.as_of = records.as_of
        ordered = sorted(records.items, key=lambda item: (item.position, item.id))
        self.items: dict[int, ItemRecord] = {item.id: item for item in ordered}
        self.children: dict[int | None, list[ItemRecord]] = defaultdict(list)
        for item in ordered:
            parent = item.parent_id if item.parent_id in self.items else None
            self.children[parent].append(item)
        self.tasks: dict[int, TaskRecord] = {task.id: task for task in records.tasks}
        self.task_of_item: dict[int, TaskRecord] = {task.plan_item_id: task for task in records.tasks}
        self.entries: dict[int, EntryRecord] = {entry.id: entry for entry in records.entries}
        self.entries_of_task: dict[int, list[EntryRecord]] = defaultdict(list)
        for entry in sorted(records.entries, key=lambda entry: (entry.entry_date, entry.id)):
            self.entries_of_task[entry.task_id].append(entry)
        self.indicators: dict[int, IndicatorRecord] = {ind.id: ind for ind in records.indicators}
        self.indicators_of_item: dict[int, list[IndicatorRecord]] = defaultdict(list)
        for indicator in sorted(records.indicators, key=lambda indicator: indicator.id):
            self.indicators_of_item[indicator.plan_item_id].append(indicator)
        self.increments: dict[int, IncrementRecord] = {inc.id: inc for inc in records.increments}
        self.increments_of_indicator: dict[int, list[IncrementRecord]] = defaultdict(list)
        for increment in sorted(records.increments, key=lambda increment: increment.id):
            self.increments_of_indicator[increment.indicator_id].append(increment)
        self.extensions: dict[int, ExtensionRecord] = {ext.id: ext for ext in records.extensions}
        self.approved_extensions_of_task: dict[int, list[ExtensionRecord]] = defaultdict(list)
        for extension in sorted(records.extensions, key=lambda extension: extension.id):
            if extension.status == "approved":
                self.approved_extensions_of_task[extension.task_id].append(extension)
        self.evidence: dict[int, EvidenceRecord] = {evidence.id: evidence for evidence in records.evidence}
        self.evidence_of_entry: dict[int, list[EvidenceRecord]] = defaultdict(list)
        self.evidence_of_task: dict[int, list[EvidenceRecord]] = defaultdict(list)
        for evidence in sorted(records.evidence, key=lambda evidence: evidence.id):
            self.evidence_of_task[evidence.task_id].append(evidence)
            if evidence.entry_id is not None:
                self.evidence_of_entry[evidence.entry_id].append(evidence)
        self.shortcomings: dict[int, ShortcomingRecord] = {short.id: short for short in records.shortcomings}

    @property
    def top_items(self) -> list[ItemRecord]:
        return self.children[None]

    def subtree(self, item: ItemRecord) -> list[ItemRecord]:
        """`item` and everything below it, depth-first in plan order."""
        found = [item]
        for child in self.children.get(item.id, ()):
            found.extend(self.subtree(child))
        return found

    def tasks_under(self, item: ItemRecord) -> list[TaskRecord]:
        return [self.task_of_item[node.id] for node in self.subtree(item) if node.id in self.task_of_item]

    def indicators_under(self, item: ItemRecord) -> list[IndicatorRecord]:
        return [
            indicator for node in self.subtree(item) for indicator in self.indicators_of_item.get(node.id, ())
        ]

    def is_own_task(self, item: ItemRecord, task: TaskRecord) -> bool:
        """Whether `task` says what `item` itself says: the item's own task (an item without children),
        or a first action the parser split out under the item's own title. Its title is then not
        repeated after the item's."""
        return task.plan_item_id == item.id or clause(task.title) == clause(item.title)

    def overdue_days(self, task: TaskRecord) -> int | None:
        """Days past the deadline as of the draft's day; None when not overdue (continuing work
        never is: `tracker.tasks.overdue`)."""
        return overdue_days(
            deadline=task.deadline, done=task.done, continuing=task.continuing, today=self.as_of
        )
