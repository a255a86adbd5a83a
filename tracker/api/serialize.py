"""Plans, tasks and progress entries as JSON-ready dicts (the shapes the OpenAPI document describes)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tracker.duban.answers import Seen
from tracker.duties.models import DUTY_KIND_WORDS, DutyRecord
from tracker.plans.models import RECTIFICATION_WORDS, Plan, PlanItem, Shortcoming
from tracker.rectification.models import RectificationEvidence
from tracker.tasks.models import INDICATOR_KIND_WORDS, Indicator, ProgressEntry, Task


def amount(value: Decimal | None) -> str | None:
    """Exact decimals travel as strings ("97.9"), so no client rounds them."""
    return None if value is None else format(value.normalize(), "f")


def plan_summary(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "year": plan.year,
        "title": plan.title,
        "status": plan.status.value,
        "source_filename": plan.source_filename,
        "created_at": plan.created_at.isoformat(),
        "confirmed_at": plan.confirmed_at.isoformat() if plan.confirmed_at else None,
        "archived_at": plan.archived_at.isoformat() if plan.archived_at else None,
    }


def plan_item(item: PlanItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "parent_id": item.parent_id,
        "marker": item.marker,
        "title": item.title,
        "category": item.category,
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "ongoing": item.ongoing,
    }


def task(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "plan_id": task.plan_id,
        "plan_item_id": task.plan_item_id,
        "title": task.title,
        "lead_department": {"id": task.lead_department.id, "name": task.lead_department.name}
        if task.lead_department
        else None,
        "support_departments": [{"id": d.id, "name": d.name} for d in task.support_departments],
        "owner": {"id": task.owner.id, "name": task.owner.display_name} if task.owner else None,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "ongoing": task.ongoing,
        "status": task.status.value,
        "percent": task.percent,
        "requires_evidence": task.requires_evidence,
        "unfinished_reason": task.unfinished_reason,
        "version_id": task.version_id,
    }


def indicator(found: Indicator) -> dict[str, Any]:
    return {
        "id": found.id,
        "plan_item_id": found.plan_item_id,
        "name": found.name,
        "unit": found.unit,
        "kind": found.kind.value,
        "kind_word": INDICATOR_KIND_WORDS[found.kind],
        "target": amount(found.target),
        "actual": amount(found.actual),
        "baseline": {
            "value": amount(found.baseline_value),
            "qualifier": found.baseline_qualifier,
            "year": found.baseline_year,
        }
        if found.baseline_value is not None
        else None,
    }


def progress_entry(entry: ProgressEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "task_id": entry.task_id,
        "entry_date": entry.entry_date.isoformat(),
        "text": entry.text,
        "percent": entry.percent,
        "author": entry.author.display_name if entry.author else None,
        "increments": [
            {
                "indicator_id": inc.indicator_id,
                "amount": amount(inc.amount),
                "qualifier": inc.qualifier,
                "full_year": inc.full_year,
            }
            for inc in entry.increments
        ],
        "evidence": [
            {"id": ev.id, "file_name": ev.original_name, "url": f"/tasks/{entry.task_id}/evidence/{ev.id}"}
            for ev in entry.evidence
        ],
    }


def shortcoming(short: Shortcoming, evidence: list[RectificationEvidence]) -> dict[str, Any]:
    return {
        "id": short.id,
        "plan_id": short.plan_id,
        "text": short.text,
        "plan_item_id": short.plan_item_id,
        "state": short.rectification_state.value,
        "state_word": RECTIFICATION_WORDS[short.rectification_state],
        "measures": short.rectification_measures,
        "date": short.rectification_date.isoformat() if short.rectification_date else None,
        "cause": short.rectification_cause,
        "evidence": [
            {
                "id": file.id,
                "name": file.original_name,
                "size_bytes": file.size_bytes,
                "description": file.description,
            }
            for file in evidence
        ],
    }


def duty(record: DutyRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "date": record.held_on.isoformat(),
        "kind": record.kind.value,
        "kind_word": DUTY_KIND_WORDS[record.kind],
        "text": record.text,
    }


def duban(seen: Seen) -> dict[str, Any]:
    """A 督办 with the towns' rows the caller sees: each its town and the task it became there."""
    order = seen.duban
    return {
        "id": order.id,
        "county": {"id": order.organisation_id, "name": order.organisation.name},
        "year": order.year,
        "title": order.title,
        "text": order.text,
        "deadline": order.deadline.isoformat(),
        "requires_evidence": order.requires_evidence,
        "created_at": order.created_at.isoformat(),
        "towns": [
            {
                "town": {"id": row.organisation_id, "name": row.organisation.name},
                "task": task(row.task) if row.task else None,
            }
            for row in seen.towns
        ],
    }
