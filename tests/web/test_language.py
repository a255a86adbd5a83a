"""Chinese first, English on request; every string the templates translate has an English entry."""

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tracker.config import PROJECT_ROOT
from tracker.web.translations import SOURCE_DIR


def test_chinese_by_default_and_english_by_switch(town, sign_in) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(town.owner)
    assert "任务看板" in client.get("/").get_data(as_text=True)
    switched = client.get("/lang/en?next=/dashboard")
    assert switched.status_code == 302 and switched.headers["Location"] == "/dashboard"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and ">Board<" in page and "Long overdue" in page
    assert client.get("/lang/xx").status_code == 404
    back = client.get("/lang/zh_CN?next=//evil.example")
    assert back.headers["Location"] == "/"
    assert "任务看板" in client.get("/").get_data(as_text=True)


WEB_TEMPLATES = (
    "*.html",
    "accounts/**.html",
    "admin/**.html",
    "board/**.html",
    "dashboard/**.html",
    "tasks/**.html",
    "holidays/**.html",
    "inbox/**.html",
    "county/**.html",
)


def test_every_template_string_has_an_english_translation() -> None:
    """Checked for the web workspace's own templates; other features keep their own catalogue entries."""
    wanted = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PROJECT_ROOT / "templates"), method_map=[(pattern, "jinja2") for pattern in WEB_TEMPLATES]
        )
    }
    with (SOURCE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        translated = {m.id for m in read_po(po) if m.id and m.string}
    assert wanted - translated == set()
