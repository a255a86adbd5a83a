"""Click's own words in Chinese: the help pages' frame (用法、选项、命令) and the errors Click raises
about what was typed (a missing option, an unknown command, a value that is not a number).

Click writes these in English through gettext's default domain, which a town hall's server has no
Chinese catalogue for, so `tracker report draft` without `--year` answered "Error: Missing option
'--year'." to a clerk. Every command of `tracker` gets the `ChineseContext` (its help) and the group
shows usage errors as `错误：…` with the usage line and a hint in Chinese. An error Click words in a
way not listed here keeps Click's text after `错误：`, so nothing is hidden.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

import click

HEADINGS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数", "Arguments": "参数"}
HELP_TEXT = {"Show this message and exit.": "显示本帮助并退出。"}
TYPE_WORDS = {
    "INTEGER": "整数",
    "FLOAT": "数字",
    "TEXT": "文字",
    "FILENAME": "文件",
    "FILE": "文件",
    "PATH": "路径",
    "DIRECTORY": "目录",
}
"""The placeholders Click writes for a value's kind (--year INTEGER, restore FILE)."""
_TYPE_WORD = re.compile(rf"\b(?:{'|'.join(TYPE_WORDS)})\b")
_EXTRAS = ((re.compile(r"\[default: (.*?)\]"), r"[默认：\1]"), (re.compile(r"\[required\]"), "[必填]"))
_MESSAGES = (
    (r"Missing option (.+?)\.", r"缺少选项 \1。"),
    (r"Missing argument (.+?)\.", r"缺少参数 \1。"),
    (r"Missing command\.", "缺少子命令。"),
    (r"No such option (.+?)\.", r"没有选项 \1。"),
    (r"Choose from:", "可选："),
    (r"No such command (.+?)\.", r"没有命令 \1。"),
    (r"\(Did you mean one of: (.+?)\?\)", r"（是否想用其中之一：\1？）"),
    (r"Did you mean (.+?)\?", r"是否想用 \1？"),
    (r"Invalid value for (.+?): ", r"\1 的值无效："),
    (r"(.+?) is not a valid integer\.", r"\1 不是有效的整数。"),
    (r"(.+?) is not a valid float\.", r"\1 不是有效的数字。"),
    (r"(.+?) is not one of (.+?)\.", r"\1 不是可选值（\2）之一。"),
    (r"(.+?) is not (.+?)\.", r"\1 不是 \2。"),
    (r"(?:File|Path|Directory) (.+?) does not exist\.", r"\1 不存在。"),
    (r"(?:File|Path) (.+?) is a directory\.", r"\1 是目录，请给出文件。"),
    (r"Option (.+?) requires an argument\.", r"选项 \1 后面需要一个值。"),
    (r"Option (.+?) does not take a value\.", r"选项 \1 不接受值。"),
    (r"Got unexpected extra arguments? \((.+?)\)", r"多余的参数：\1"),
)
_PATTERNS = tuple((re.compile(pattern), words) for pattern, words in _MESSAGES)


def in_chinese(message: str) -> str:
    """Click's message with each part it is known to be made of said in Chinese."""
    for pattern, words in _PATTERNS:
        message = pattern.sub(words, message)
    return placeholders(message).replace("。 ", "。")


def display_width(text: str) -> int:
    """Terminal columns: a wide (Chinese) character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def placeholders(text: str) -> str:
    """INTEGER → 整数, FILE → 文件…, as whole words."""
    return _TYPE_WORD.sub(lambda found: TYPE_WORDS[found.group()], text)


class ChineseHelpFormatter(click.HelpFormatter):
    """Help pages with 用法/选项/命令 and the help option's line in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        args = placeholders(args)
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Click's definition list, aligned by what a terminal shows (a Chinese character takes two
        columns, where Click counts one and would push the help text of `--year 整数` out of line)."""
        rows = [(placeholders(term), _help_text(text)) for term, text in rows]
        first_col = min(max((display_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            gap = first_col - display_width(term)
            self.write(" " * gap if gap >= col_spacing else "\n" + " " * (first_col + self.current_indent))
            lines = click.wrap_text(text, text_width, preserve_paragraphs=True).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


def _help_text(text: str) -> str:
    text = HELP_TEXT.get(text, text)
    for pattern, words in _EXTRAS:
        text = pattern.sub(words, text)
    return text


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


def show_usage_error(error: click.UsageError) -> None:
    """What Click's `UsageError.show` prints, in Chinese: the usage line, a hint, the error."""
    if error.ctx is not None:
        click.echo(error.ctx.get_usage(), err=True)
        click.echo(f"查看帮助：{error.ctx.command_path} --help", err=True)
    click.echo(f"错误：{in_chinese(error.format_message())}", err=True)


class ChineseGroup(click.Group):
    """The `tracker` group: every command under it gets the Chinese context, and errors about what
    was typed are shown in Chinese (Click would show them itself, in English)."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        speak_chinese(self)
        if not standalone_mode:  # the caller (a test's runner) handles what is raised
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            returned = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as error:
            show_usage_error(error)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("已中止。", err=True)
            sys.exit(1)
        sys.exit(returned if isinstance(returned, int) else 0)  # an exit code (--help: 0), as Click would


def speak_chinese(command: click.Command) -> None:
    """Give `command` and every command under it the Chinese help pages."""
    command.context_class = ChineseContext
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            speak_chinese(sub)
