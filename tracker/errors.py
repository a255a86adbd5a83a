"""What a service refuses, with the Chinese message the person sees.

The web and API boundaries turn these into 4xx answers (see `tracker.web.errors`); the CLI into
`错误：…`. Services raise them before changing anything, so nothing is half-written.
"""

from __future__ import annotations


class RuleError(ValueError):
    """The input breaks a rule of the trade (a reason is missing, the deadline has passed…): 400."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(RuleError):
    """The person's role or unit does not allow this: 403."""

    status = 403


class StaleTask(RuleError):
    """The form was made from an older version of the task than the one stored: 409."""

    status = 409

    def __init__(self) -> None:
        super().__init__("该任务已被他人修改，请刷新页面后重试；您的修改未保存。")


def require(allowed: bool, message: str = "您没有权限执行此操作。") -> None:
    if not allowed:
        raise NotAllowed(message)
