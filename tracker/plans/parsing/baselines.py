"""Last year's figures (基线) from the report's account of its year: 32名, 47起, 97.9%, 10余场, 800余人次.

Each figure is a number (digits or Chinese numerals, with 万/千 and 余/多) and a unit of count; its name is
the thing counted, read back from the words before it: the quoted term (“法律明白人”), or what follows the
last verb (化解各类矛盾纠纷 → 矛盾纠纷). Slogans (“两个维护”, “三项制度”), ordinals (第3次) and small
Chinese numerals without a counting context (一次) are not figures.
"""

from __future__ import annotations

import re
from decimal import Decimal

from tracker.plans.parsing.numerals import quantity, years_in
from tracker.plans.parsing.result import ParsedBaseline

_UNITS = (
    "万人次|人次|场次|余人|场|次|名|人|件|起|个|家|份|期|篇|条|户|项|批|所|支|处|块|幅|宗"
    "|万元|元|小时|课时|天|%|％"
)
_FIGURE = re.compile(
    r"(?P<num>[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇两一二三四五六七八九十百千]+)(?P<mult>万|千)?(?P<q>余|多)?"
    rf"(?P<unit>{_UNITS})"
)
_STRONG_UNITS = {"场", "人次", "名", "件", "起", "次", "期", "篇", "户", "份", "场次"}
_TRAILING_LINKS = re.compile(
    r"(?:共计|共有|共|累计|总计|合计|达到|达|均达|均为|约|超过|近|逾|为|有|计|现有|年均|平均)+$"
)
_LEADING_CONTEXT = re.compile(
    r"^(?:(?:19|20)[0-9]{2}\s*年度?|全年|今年|本年度|年度|[^，。；\s]{0,8}?(?:镇|乡|街道|县)(?=[^，。；\s]{2,})"
    r"|我镇|我乡|我局|全镇|全乡|全县|各级|镇、村|各村（社区）|各村)+"
)
_SPLITTERS = re.compile(
    r"开展|举办|组织|接受|化解|办理|受理|提供|发放|参加|参与|覆盖|完成|建成|审查|签订|走访|排查|培训|调处|处理"
    r"|应用|运用|通过|依托|平台|系统|成功|其中|现有|共有|培养|聘请|录制|印发|张贴|接待|解答|出动|查处|立案|开设"
    r"|研究|召开|公开|发布|推送|培育|评查|进行|实施"
)
_MODIFIERS = re.compile(r"^(?:各类|各种|各项|全部|了|共|累计)+|的$")
_CLAUSE_START = re.compile(r"[，。；：！？,;:!?\n、]")
_MAX_NAME = 30
_AUDIENCE = {"受众", "参与", "参与群众", "覆盖", "惠及", "参加", "参训", "群众", "观众", "人数"}
"""Words that name only who was reached: they belong to the figure before (讲座18场，受众1500人次)."""


def _name_from(clause: str) -> str:
    clause = _TRAILING_LINKS.sub("", clause.strip())
    quoted = re.search(r"[“\"「]([^”\"」]{2,20})[”\"」](.{0,2})$", clause)
    if quoted:
        return quoted.group(1)
    clause = _LEADING_CONTEXT.sub("", clause)
    for splitter in reversed(list(_SPLITTERS.finditer(clause))):
        rest = _MODIFIERS.sub("", clause[splitter.end() :])
        if len(rest) >= (4 if rest.endswith("率") else 2):
            clause = rest
            break
    return _balanced(_MODIFIERS.sub("", clause).strip())[-_MAX_NAME:]


def _balanced(name: str) -> str:
    """Drop a quotation mark at either end only when it has no partner inside: “3·15”消费者权益日 keeps
    both of its marks, while a name cut out of “法律明白人” loses the stray one."""
    for opening, closing in (("“", "”"), ("「", "」")):
        if name.startswith(opening) and name.count(opening) > name.count(closing):
            name = name[1:]
        if name.endswith(closing) and name.count(closing) > name.count(opening):
            name = name[:-1]
    return name.strip('" ')


def _counts(match: re.Match[str], text: str) -> bool:
    number = match.group("num")
    before = text[match.start() - 1] if match.start() else ""
    if before in '“「"第' or before.isdigit() or text[match.end() : match.end() + 1] in '”」"':
        return False
    if number[0].isdigit():
        return True
    value = quantity(number)
    if value is None or value < 2:
        return False
    return bool(match.group("q")) or value >= 10 or match.group("unit") in _STRONG_UNITS


def _clause_before(text: str, lo: int, position: int) -> tuple[int, str]:
    start = position
    while start > lo and not _CLAUSE_START.match(text[start - 1]):
        start -= 1
    # "、" also lists names (讲座、宣传活动10余场): keep the list unless it holds an earlier figure.
    while start > lo and text[start - 1] == "、" and not _FIGURE.search(text, start, position):
        start -= 1
        while start > lo and not _CLAUSE_START.match(text[start - 1]):
            start -= 1
    return start, text[start:position]


def _sentence_year(text: str, lo: int, position: int, plan_year: int) -> int:
    start = max(text.rfind("。", lo, position), text.rfind("\n", lo, position), lo)
    years = [year for year in years_in(text[start:position]) if year < plan_year]
    return years[-1] if years else plan_year - 1


def _value(match: re.Match[str]) -> tuple[Decimal, str] | None:
    value = quantity(match.group("num"))
    if value is None:
        return None
    unit = match.group("unit").replace("％", "%")
    multiplier = match.group("mult")
    if multiplier == "万" and unit == "元":
        unit = "万元"
    elif multiplier:
        value *= 10000 if multiplier == "万" else 1000
    return value, unit


def find_baselines(text: str, spans: list[tuple[int, int]], plan_year: int) -> list[ParsedBaseline]:
    """Every figure with a unit in the given stretches of the report, named by what it counts."""
    found: list[ParsedBaseline] = []
    for lo, hi in spans:
        previous_end, previous_name = lo, ""
        for match in _FIGURE.finditer(text, lo, hi):
            if not _counts(match, text):
                continue
            value_unit = _value(match)
            if value_unit is None:
                continue
            clause_start, clause = _clause_before(text, lo, match.start())
            if clause_start < previous_end:
                clause = text[previous_end : match.start()]
            name = _name_from(clause)
            if name in _AUDIENCE and previous_name:
                name = previous_name + name
            name = name or (previous_name if clause_start < previous_end else "")
            previous_end = match.end()
            if not name:
                continue
            previous_name = name
            year = _sentence_year(text, lo, match.start(), plan_year)
            found.append(
                ParsedBaseline(
                    name, value_unit[0], match.group("q"), value_unit[1], year, (match.start(), match.end())
                )
            )
    return found
