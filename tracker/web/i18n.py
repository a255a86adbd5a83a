"""Language choice: Chinese (zh_CN) first; English when the person picked it (`?lang=en`, kept in a
cookie by the language switch)."""

from __future__ import annotations

from flask import request

SUPPORTED_LOCALES = ("zh_CN", "en")


def select_locale() -> str:
    wanted = request.args.get("lang") or request.cookies.get("lang")
    return wanted if wanted in SUPPORTED_LOCALES else "zh_CN"
