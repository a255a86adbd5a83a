"""What a service refuses, with the Chinese message the person sees.

The web and API boundaries turn these into 4xx answers (see `tracker.web.errors`); the CLI into
`错误：…`. Services raise them before changing anything, so nothing is half-written.

`field` names the input the refusal is about (`text`, `requested_deadline`, `owner_id`…), spelled as
the service's own parameter and as the page's form field alike, so a form re-rendered after a refusal
shows the message beside that field (`tracker.web.forms`) and the API names it in its JSON.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar


class RuleError(ValueError):
    """The input breaks a rule of the trade (a reason is missing, the deadline has passed…): 400."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(RuleError):
    """The person's role or unit does not allow this: 403."""

    status = 403


class StaleTask(RuleError):
    """The form was made from an older version of the task than the one stored: 409."""

    status = 409

    def __init__(self) -> None:
        super().__init__("该任务已被他人修改，您的修改未保存；请核对最新内容后重新提交。")


def require(allowed: bool, message: str = "您没有权限执行此操作。") -> None:
    if not allowed:
        raise NotAllowed(message)


Choice = TypeVar("Choice", bound=enum.Enum)


def choose(raw: str | None, words: Mapping[Choice, str], what: str, field: str | None = None) -> Choice:
    """The member of an enum a person named by its Chinese word (累计, 整改中…) or its stored value
    (cumulative, in_progress…), or a refusal naming the words that would do."""
    raw = (raw or "").strip()
    for member, word in words.items():
        if raw in (word, member.value):
            return member
    raise RuleError(f"{what}「{raw[:20]}」无效，应为{'、'.join(words.values())}。", field=field)


REASON_LENGTH = 500


def stated_reason(reason: str, missing: str) -> str:
    """The reason a person gave for undoing something (reopening a task, withdrawing a submitted
    report), trimmed; refused with `missing` when empty, and when longer than the audit trail keeps."""
    reason = reason.strip()
    if not reason:
        raise RuleError(missing, field="reason")
    if len(reason) > REASON_LENGTH:
        raise RuleError(f"原因最多 {REASON_LENGTH} 字，当前 {len(reason)} 字。", field="reason")
    return reason
