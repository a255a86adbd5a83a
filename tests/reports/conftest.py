"""Fixtures for the report feature: a builder of one year's plain records for the pure tests, and
LibreOffice for the PDF check. The end-to-end run (worker, browser) is in tests/integration/."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from itertools import count
from pathlib import Path

import pytest

from tracker.reports.records import (
    DutyLine,
    EntryRecord,
    EvidenceRecord,
    ExtensionRecord,
    IncrementRecord,
    IndicatorRecord,
    ItemRecord,
    PlanRecord,
    ShortcomingRecord,
    TaskRecord,
    YearRecords,
)


class YearBuilder:
    """Builds `YearRecords` the way a year unfolds: items, their tasks, entries with increments."""

    def __init__(self, *, year: int, title: str, as_of: date) -> None:
        self.plan = PlanRecord(1, year, title)
        self.as_of = as_of
        self._ids = count(100)
        self.items: list[ItemRecord] = []
        self.tasks: list[TaskRecord] = []
        self.entries: list[EntryRecord] = []
        self.indicators: list[IndicatorRecord] = []
        self.increments: list[IncrementRecord] = []
        self.extensions: list[ExtensionRecord] = []
        self.evidence: list[EvidenceRecord] = []
        self.shortcomings: list[ShortcomingRecord] = []
        self.duties: list[DutyLine] = []

    def item(
        self,
        title: str,
        *,
        marker: str | None = None,
        parent: ItemRecord | None = None,
        category: str | None = None,
        text: str | None = None,
    ) -> ItemRecord:
        record = ItemRecord(
            next(self._ids),
            parent.id if parent else None,
            len(self.items),
            marker,
            title,
            text or title,
            category,
        )
        self.items.append(record)
        return record

    def task(
        self,
        item: ItemRecord,
        *,
        status: str = "pending",
        deadline: date | None = date(2026, 12, 31),
        percent: int = 0,
        ongoing: bool = False,
        recurring: bool = False,
        title: str | None = None,
        lead_unit: str | None = None,
        reason: str | None = None,
    ) -> TaskRecord:
        record = TaskRecord(
            next(self._ids),
            item.id,
            title or item.title,
            status,
            deadline,
            percent,
            ongoing,
            recurring,
            lead_unit,
            reason,
        )
        self.tasks.append(record)
        return record

    def entry(self, task: TaskRecord, text: str, *, on: date = date(2026, 5, 1)) -> EntryRecord:
        record = EntryRecord(next(self._ids), task.id, on, text)
        self.entries.append(record)
        return record

    def indicator(
        self,
        item: ItemRecord,
        name: str,
        unit: str,
        *,
        baseline: str | None = None,
        qualifier: str | None = None,
        kind: str = "cumulative",
        target: str | None = None,
    ) -> IndicatorRecord:
        record = IndicatorRecord(
            next(self._ids),
            item.id,
            name,
            unit,
            Decimal(baseline) if baseline else None,
            qualifier,
            2025 if baseline else None,
            kind,
            Decimal(target) if target else None,
        )
        self.indicators.append(record)
        return record

    def increment(
        self,
        entry: EntryRecord,
        indicator: IndicatorRecord,
        amount: str,
        qualifier: str | None = None,
        *,
        full_year: bool = False,
    ) -> IncrementRecord:
        record = IncrementRecord(
            next(self._ids), entry.id, indicator.id, Decimal(amount), qualifier, full_year
        )
        self.increments.append(record)
        return record

    def extension(
        self, task: TaskRecord, *, previous: date, requested: date, reason: str, status: str = "approved"
    ) -> ExtensionRecord:
        record = ExtensionRecord(next(self._ids), task.id, status, previous, requested, reason)
        self.extensions.append(record)
        return record

    def evidence_file(self, task: TaskRecord, name: str, entry: EntryRecord | None = None) -> EvidenceRecord:
        record = EvidenceRecord(next(self._ids), task.id, entry.id if entry else None, name)
        self.evidence.append(record)
        return record

    def shortcoming(
        self,
        text: str,
        *,
        state: str = "open",
        measures: str | None = None,
        on: date | None = None,
        cause: str | None = None,
        area: ItemRecord | None = None,
    ) -> ShortcomingRecord:
        record = ShortcomingRecord(
            next(self._ids), text, state, measures, on, cause, area.id if area else None
        )
        self.shortcomings.append(record)
        return record

    def duty(self, kind: str, text: str, *, on: date = date(2026, 3, 10)) -> DutyLine:
        record = DutyLine(next(self._ids), on, kind, text)
        self.duties.append(record)
        return record

    def records(self) -> YearRecords:
        return YearRecords(
            plan=self.plan,
            as_of=self.as_of,
            items=tuple(self.items),
            tasks=tuple(self.tasks),
            entries=tuple(self.entries),
            indicators=tuple(self.indicators),
            increments=tuple(self.increments),
            extensions=tuple(self.extensions),
            evidence=tuple(self.evidence),
            shortcomings=tuple(self.shortcomings),
            duties=tuple(self.duties),
        )


@pytest.fixture
def make_year() -> Callable[..., YearBuilder]:
    def make(
        *, year: int = 2026, title: str = "上义镇2025年法治政府建设年度报告", as_of: date = date(2026, 11, 26)
    ) -> YearBuilder:
        return YearBuilder(year=year, title=title, as_of=as_of)

    return make


@pytest.fixture
def docx_to_pdf(tmp_path):  # type: ignore[no-untyped-def]
    """Converts a .docx to PDF with LibreOffice (its own profile folder, so parallel runs do not
    share one) and returns the PDF's path, to read with poppler (pdftotext, pdftoppm)."""

    def convert(data: bytes) -> Path:
        source = tmp_path / "draft.docx"
        source.write_bytes(data)
        profile = (tmp_path / "libreoffice-profile").as_uri()
        command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        subprocess.run(
            [*command, "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=300
        )
        pdf = tmp_path / "draft.pdf"
        assert pdf.exists(), "LibreOffice made no PDF"
        return pdf

    return convert
