"""Lines (paragraphs) of the text with their offsets, and the lines that are not the document's content:
web-page furniture (粤公网安备, 打印本页, 发布时间…), and the closing of a report (特此报告, the signature and
date) that must not end up inside the plan's last item."""

from __future__ import annotations

import re
from dataclasses import dataclass

SPACES = " \t\u3000\xa0"
SENTENCE_END = "。！？!?"

_NOISE = re.compile(
    r"网安备|ICP备|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP|版权所有|Copyright|©"
    r"|网站标识码|网站地图|技术支持|联系我们|主办单位|承办单位|维护单位|打印本页|关闭窗口|【打印】|【关闭】"
    r"|分享到|扫一扫|访问量|浏览次数|阅读次数|点击数|^上一篇|^下一篇|相关链接|责任编辑|【字体|^字号[：:]"
    r"|^当前位置|^您当前的位置|^您的位置|^首页\s*[>＞》]|^(?:索引号|主题分类|发布机构|发文机关|成文日期|发布日期|"
    r"发布时间|来源|信息来源|作者|文号|时间)\s*[：:]|^第\s*[0-9]+\s*页|^[-—－]\s*[0-9]+\s*[-—－]$"
    r"|^(?:下载|打印|全屏|收藏|分享|关闭|加大|还原|减小|放大|缩小|默认|法律声明|关于本站|[|｜【】\[\]])$"
    r"|^【?字号[：:]|^主办[：:]|备案号"
)
_METADATA = re.compile(
    r"(?:索引号|主题分类|体裁分类|发布机构|制发机构|发文机关|发文字号|成文日期|成文时间|发布日期|发布时间|发文时间"
    r"|文号|有效性|效力状态|公开方式|公开范围|信息来源|来源|浏览次数|阅读次数|字体|无障碍|简体)[：:|]?"
)
"""The metadata block of a government page (索 引 号 | …, [ 发布机构 ] …), however it is spaced or boxed."""
_CLOSING = re.compile(
    r"^(?:(?:特此|专此)(?:报告|汇报|说明|通知)|(?:有关|相关)?名词(?:解释|注释)|附\s*(?:件|表)\s*[0-9一二三四五六七八九十]*\s*[：:]?|(?:抄送|抄报|主送)\s*[：:]"
    r"|（此件[^）]*）|\(此件[^)]*\)|（联系人[^）]*）)"
)
_FILED = re.compile(r"(?:19|20)[0-9]{2}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日\s*印发$")
_DATE_LINE = re.compile(
    r"^(?:(?:19|20)[0-9]{2}|二[〇○零][一二三四五六七八九〇○零]{2})\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月"
    r"(?:\s*[0-9一二三四五六七八九十]{1,3}\s*日)?$"
)
_SIGNATURE = re.compile(
    r"(?:人民政府|人民代表大会|委员会|办公室|党委|政府|司法所|局|镇|乡|街道办事处|中心|办事处)$"
)


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line: `start`/`end` bracket its text without surrounding spaces."""

    start: int
    end: int
    text: str


def split_lines(text: str, lo: int = 0, hi: int | None = None) -> list[Line]:
    hi = len(text) if hi is None else hi
    lines = []
    for match in re.finditer(r"[^\n]+", text[lo:hi]):
        raw = match.group()
        stripped = raw.strip(SPACES)
        if not stripped:
            continue
        start = lo + match.start() + (len(raw) - len(raw.lstrip(SPACES)))
        lines.append(Line(start, start + len(stripped), stripped))
    return lines


def is_noise(line: str) -> bool:
    """Web-page furniture and page numbers: never content, never a title or a figure."""
    return bool(_NOISE.search(line) or _METADATA.match(re.sub(r"[\s|｜\[\]【】•·\-—]", "", line)))


def _is_date_line(line: str) -> bool:
    return bool(_DATE_LINE.match(line.replace(" ", "")))


def _is_signature(line: str) -> bool:
    return len(line) <= 30 and not re.search(r"[，。；：,;:]", line) and bool(_SIGNATURE.search(line))


def is_closing(line: str) -> bool:
    """特此报告, 附件, 抄送, a date line or a filing line (…2019年3月15日印发): never a heading."""
    return bool(_CLOSING.match(line) or _is_date_line(line) or _FILED.search(line))


def closing_starts(lines: list[Line]) -> list[int]:
    """Every position where content stops: 特此报告, 附件, a signature and date, web furniture.
    The plan part ends at the first of them after it begins."""
    starts = []
    for index, line in enumerate(lines):
        closing = is_closing(line.text) or is_noise(line.text)
        if _is_signature(line.text) and (index + 1 == len(lines) or _is_date_line(lines[index + 1].text)):
            closing = True
        if closing:
            starts.append(line.start)
    return starts


def trim(text: str, start: int, end: int, chars: str = SPACES + "\n") -> tuple[int, int]:
    """Narrow [start, end) so that it neither begins nor ends with `chars`."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def line_end(text: str, position: int) -> int:
    """The end of the line (paragraph) that holds `position`."""
    newline = text.find("\n", position)
    return len(text) if newline < 0 else newline
