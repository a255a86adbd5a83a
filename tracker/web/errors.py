"""Every error a person can cause gets a page (or JSON) in Chinese and a 4xx, never a bare 500."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from tracker.errors import RuleError
from tracker.web.boundary import end_request_transaction
from tracker.web.forms import wants_json

log = logging.getLogger(__name__)

MESSAGES = {
    400: "请求有误，请检查填写的内容。",
    401: "请先登录。",
    403: "您没有权限执行此操作。",
    404: "找不到该页面或记录。",
    405: "不支持该请求方式。",
    409: "该记录已被他人修改，请刷新页面后重试；您的修改未保存。",
    413: "上传的文件过大。",
    429: "尝试次数过多，请稍后再试。",
    500: "服务器内部错误，请稍后再试或联系管理员。",
}
CONCURRENT_CHANGE = "提交时该记录已被他人同时修改（或同名记录已被创建），请刷新页面后重试；您的修改未保存。"


def error_response(
    status: int, message: str | None = None, field: str | None = None
) -> tuple[Response | str, int]:
    # After a failed flush (a stale version on PostgreSQL, a unique key taken meanwhile) the page's own
    # reads (the signed-in person, the beat banner) would turn the 409 into a bare 500.
    end_request_transaction()
    text = message or MESSAGES.get(status, MESSAGES[400])
    if wants_json():
        body = {"error": text, "status": status, **({"field": field} if field else {})}
        return jsonify(body), status
    return render_template("errors.html", status=status, message=text), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):  # type: ignore[no-untyped-def]
        log.warning("CSRF refused on %s: %s", request.path, error.description)
        return error_response(400, "表单已过期或来源无效（CSRF 校验失败），请刷新页面后重新提交。")

    @app.errorhandler(StaleDataError)
    def stale_edit(error: StaleDataError):  # type: ignore[no-untyped-def]
        log.info("optimistic lock conflict on %s: %s", request.path, error)
        return error_response(409)

    @app.errorhandler(IntegrityError)
    def taken_meanwhile(error: IntegrityError):  # type: ignore[no-untyped-def]
        log.info("integrity conflict on %s: %s", request.path, error.orig)
        return error_response(409, CONCURRENT_CHANGE)

    @app.errorhandler(RuleError)
    def refused(error: RuleError):  # type: ignore[no-untyped-def]
        log.info("refused on %s (%s): %s", request.path, type(error).__name__, error.message)
        return error_response(error.status, error.message, error.field)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        status = error.code or 500
        # A view's own message (`abort(400, description="…")`) replaces the generic one.
        custom = error.description if error.description != type(error).description else None
        if status >= 500:
            log.error("server error on %s: %s", request.path, error)
        return error_response(status, custom)
