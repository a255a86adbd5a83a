"""The `tracker` command speaks Chinese throughout: Click's own help frame and its errors about what
was typed (missing option, unknown command, a value of the wrong kind) included."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tracker.cli import main
from tracker.cli_chinese import display_width

ENGLISH = ("Usage", "Options", "Commands", "Show this message", "Error", "Missing", "Try '")


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env={"TRACKER_VAR_DIR": "/nonexistent-var"})


@pytest.mark.parametrize("args", [("--help",), ("report", "--help"), ("report", "draft", "--help")])
def test_help_pages_are_framed_in_chinese(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法：") and "选项：" in result.output
    assert "显示本帮助并退出。" in result.output
    assert not [word for word in ENGLISH if word in result.output]


def test_a_required_option_and_a_default_are_marked_in_chinese() -> None:
    output = run("report", "draft", "--help").output
    assert "[必填]" in output and "[默认：md]" in output


def test_the_kind_of_value_an_option_takes_is_named_in_chinese() -> None:
    assert "--year 整数" in run("report", "draft", "--help").output
    assert "用法：main restore [选项] 文件" in run("restore", "--help").output
    assert "错误：缺少参数 '文件'。" in run("restore").output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("report", "draft"), "错误：缺少选项 '--year'。"),
        (("report", "draft", "--year", "二〇二六"), "'--year' 的值无效：'二〇二六' 不是有效的整数"),
        (("report", "draft", "--year", "2026", "--format", "pdf"), "'pdf' 不是可选值（'md', 'docx'）之一"),
        (("reprot",), "错误：没有命令 'reprot'。（是否想用其中之一：'dept', 'report'？）"),
        (("report", "draft", "--yaer", "2026"), "错误：没有选项 '--yaer'。是否想用 '--year'？"),
        (("reminders", "due", "--on"), "错误：选项 '--on' 后面需要一个值。"),
    ],
)
def test_a_typing_mistake_is_said_in_chinese_with_the_way_to_help(args: tuple[str, ...], said: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert said in result.output
    assert not [word for word in ENGLISH if word in result.output]


def test_help_texts_line_up_in_a_terminal_after_chinese_placeholders() -> None:
    lines = run("user", "add", "--help").output.splitlines()
    starts = {
        display_width(line[: line.index(words)])
        for option, words in (("--name", "姓名"), ("--dept", "所在单位名称"), ("--help", "显示本帮助"))
        for line in lines
        if line.strip().startswith(option)
    }
    assert len(starts) == 1
