"""Addresses and names are checked where people enter them, by the admin page and `tracker user add`
alike (issue 12, break 3): full-width punctuation is corrected and the person told; what no mail can
carry (a line break, Chinese before the @, a reserved domain) is refused with the reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from tracker.accounts.addresses import check_email
from tracker.accounts.models import User
from tracker.config import PROJECT_ROOT
from tracker.db import Database
from tracker.errors import RuleError


@pytest.mark.parametrize(
    ("typed", "kept"),
    (
        ("li＠town。example", "li@town.example"),
        ("ｌｉ＠ｔｏｗｎ．ｅｘａｍｐｌｅ", "li@town.example"),
        (" li@Town.Example ", "li@town.example"),
        ("zhang@上义镇.中国", "zhang@xn--fhqvfw49s.xn--fiqs8s"),
    ),
)
def test_full_width_punctuation_is_corrected_and_said(typed: str, kept: str) -> None:
    checked = check_email(typed)
    assert checked.address == kept
    assert checked.note() is not None and kept in (checked.note() or "")


@pytest.mark.parametrize(
    "typed",
    ("li@town.example\r\nBcc: x@y.example", "li@", "张三@town.example", "li..x@town.example", "li@town.test"),
)
def test_an_address_no_mail_can_carry_is_refused_with_the_reason(typed: str) -> None:
    with pytest.raises(RuleError, match="邮箱地址"):
        check_email(typed)


def _new_user(client, token, **fields):  # type: ignore[no-untyped-def]
    data = {
        "csrf_token": token,
        "username": "wu",
        "display_name": "吴九",
        "role": "owner",
        "password": "long-enough-1",
    }
    return client.post("/admin/users", data={**data, **fields}, follow_redirects=True)


def test_the_admin_page_corrects_an_address_and_says_so(town, session, sign_in, csrf_of) -> None:
    client = sign_in(town.coordinator)
    page = _new_user(client, csrf_of(client), email="wu＠town。example").get_data(as_text=True)
    assert "邮箱地址已更正为 wu@town.example" in page
    assert session.scalar(select(User.email).where(User.username == "wu")) == "wu@town.example"


@pytest.mark.parametrize(
    ("fields", "said"),
    (
        ({"email": "wu@town.example\nBcc: all@town.example"}, "换行或控制字符"),
        ({"email": "吴九@town.example"}, "格式不正确"),
        ({"display_name": "吴\u2028九"}, "姓名含有换行或控制字符"),
    ),
)
def test_the_admin_page_refuses_what_mail_cannot_carry(fields, said, town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.coordinator)
    response = _new_user(client, csrf_of(client), **fields)
    assert response.status_code == 400 and said in response.get_data(as_text=True)
    assert session.scalar(select(User).where(User.username == "wu")) is None


def test_tracker_user_add_corrects_or_refuses_the_same_way(fresh_database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "TRACKER_DATABASE_URL": fresh_database_url, "TRACKER_VAR_DIR": str(tmp_path)}
    base = [sys.executable, "-m", "tracker", "user", "add", "--password", "long-enough-1"]

    def add(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*base, *arguments], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
        )

    corrected = add("wu", "--name", "吴九", "--email", "wu＠town。example")
    assert corrected.returncode == 0, corrected.stderr
    assert "邮箱地址已更正为 wu@town.example" in corrected.stdout
    refused = add("zhou", "--name", "周十", "--email", "zhou@town.example\r\nBcc: x@town.example")
    assert refused.returncode == 2 and "错误：邮箱地址" in refused.stderr
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        assert session.scalars(select(User.email).order_by(User.id)).all() == ["wu@town.example"]
    database.dispose()
