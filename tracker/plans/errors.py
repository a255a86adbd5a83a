"""What can go wrong with a plan, each with a message in Chinese that names the cause.

The CLI prints the message after `错误：`, the web shows it beside a 4xx, and the log keeps the detail
(`detail`), so people see what to fix and operators see why.
"""

from __future__ import annotations

from tracker.errors import RuleError


class PlanError(RuleError):
    """A plan operation refused for a reason the person can act on (a `RuleError`, so pages and
    forms answer it like any other refusal)."""

    def __init__(self, message: str, *, detail: str | None = None, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.detail = detail or message


class PlanInputError(PlanError):
    """The document given cannot become a plan: empty, binary, undecodable, too large, a broken or
    hostile .docx, or no plan part in it."""


class DuplicatePlanError(PlanInputError):
    """The same document (same SHA-256) was imported before: 409."""

    status = 409

    def __init__(self, message: str, *, existing_plan_id: int | None = None) -> None:
        super().__init__(message)
        self.existing_plan_id = existing_plan_id
        """The plan that already holds these bytes, when known (the web links to it)."""


class PlanStateError(PlanError):
    """The plan is not in a state that allows the operation (already confirmed, nothing to confirm): 409."""

    status = 409
