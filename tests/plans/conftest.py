"""Fixtures for the plans feature: documents read from tests/plans/documents, imported plans."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.plans.directory import ensure_departments
from tracker.organisations.service import sole_organisation
from tracker.plans.importing import import_plan
from tracker.plans.models import Plan

DOCUMENTS = Path(__file__).resolve().parent / "documents"


@pytest.fixture
def document() -> Callable[[str], bytes]:
    """The bytes of a test document by file name."""

    def read(name: str) -> bytes:
        return (DOCUMENTS / name).read_bytes()

    return read


@pytest.fixture
def import_seed(session: Session, seed_report_path: Path) -> Callable[..., Plan]:
    """Imports the seed report as a draft plan (once per test), into the town's directory."""

    def make(**options: object) -> Plan:
        ensure_departments(session)
        return import_plan(
            session,
            organisation_id=sole_organisation(session).id,
            data=seed_report_path.read_bytes(),
            filename=seed_report_path.name,
            **options,
        )

    return make


@pytest.fixture
def make_docx() -> Callable[..., bytes]:
    """A .docx built with python-docx: paragraphs, then a table whose `merged` cells span rows."""

    def build(
        paragraphs: list[str],
        rows: list[list[str]] | None = None,
        merged: list[tuple[int, int, int]] = (),  # type: ignore[assignment]
        after: list[str] = (),  # type: ignore[assignment]
    ) -> bytes:
        import docx

        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            for column, first, last in merged:
                keep = table.cell(first, column).text
                table.cell(first, column).merge(table.cell(last, column)).text = keep
        for text in after:
            document.add_paragraph(text)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return build
