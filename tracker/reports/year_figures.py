"""An indicator's figure for the year, by its kind, with last year's for comparison.

- 累计 (cumulative): the sum of the year's increments (10余场 when an increment is approximate);
- 现有 (stock): the latest total an entry stated (全镇现有法律明白人41名), never a sum;
- 比率 (rate): the value an entry marked as the whole year's, else the latest (97.9%), never a sum.

Each figure is said with a verb (化解矛盾纠纷47起, not 矛盾纠纷47起): an indicator named without one
gets the verb its noun usually takes, and when none is known the draft says so in its warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from tracker.plans.parsing.actions import ACTION_VERBS
from tracker.reports.draft import SourceRef
from tracker.reports.index import YearIndex
from tracker.reports.quantities import Comparison, Quantity, compare, total
from tracker.reports.records import IncrementRecord, IndicatorRecord

CUMULATIVE, STOCK, RATE = "cumulative", "stock", "rate"
_MORE_VERBS = re.compile(
    r"^(?:共|累计|全年|新)*(?:覆盖|惠及|参与|参加|接待|解答|调处|印发|张贴|录制|出动|立案|审核|接收)"
)
NOUN_VERBS = (
    ("纠纷", "化解"),
    ("矛盾", "化解"),
    ("讲座", "开展"),
    ("活动", "开展"),
    ("培训", "开展"),
    ("宣传", "开展"),
    ("咨询", "接受"),
    ("案件", "办理"),
    ("案卷", "评查"),
    ("执法", "开展"),
    ("会议", "召开"),
    ("文件", "审查"),
    ("合同", "审查"),
    ("法律援助", "办理"),
    ("援助", "提供"),
    ("明白人", "培养"),
    ("顾问", "聘请"),
    ("人次", "覆盖"),
)
"""The verb a figure's noun usually takes in a report: 化解矛盾纠纷, 接受法律咨询, 办理案件."""
_STOCK_VERBS = re.compile(r"^(?:新|共|累计)*(?:培养|培育|聘请|配备|建立|建成|新增|发展|选聘|设立)")


@dataclass(frozen=True)
class YearFigure:
    indicator: IndicatorRecord
    name: str
    """What the figure counts, said the way its kind needs: with a verb for a count of the year
    (化解矛盾纠纷), as a noun for a standing total (法律明白人), as the rate's own name (调解成功率)."""
    quantity: Quantity
    refs: tuple[SourceRef, ...]
    comparison: Comparison | None
    said: str
    """The quantity as written (10余场), to find it in an entry's words."""


def starts_with_verb(name: str) -> bool:
    stripped = re.sub(r"^(?:共|累计|全年|各类|新)+", "", name)
    return bool(ACTION_VERBS.match(stripped) or _MORE_VERBS.match(name))


def figure_name(indicator: IndicatorRecord, warnings: list[str]) -> str:
    """The indicator's name as its figure is said (see `YearFigure.name`)."""
    name = indicator.name.strip()
    if indicator.kind == STOCK:
        return _STOCK_VERBS.sub("", name) or name
    if indicator.kind == RATE or starts_with_verb(name):
        return name
    for noun, verb in NOUN_VERBS:
        if noun in name or noun == indicator.unit:
            return verb + name
    warnings.append(
        f"指标“{name}”的名称没有动词，草稿写作“{name}”加数字；"
        f"可在任务页把名称改为带动词的说法（如“化解{name}”）。"
    )
    return name


def _chosen(
    index: YearIndex, indicator: IndicatorRecord, values: list[IncrementRecord]
) -> list[IncrementRecord]:
    """The values the figure is made of: all of them for a count of the year; the one a standing
    total or a rate stands at (the whole year's if an entry said so, else the latest)."""
    if indicator.kind == CUMULATIVE:
        return values
    dated = sorted(values, key=lambda value: (index.entries[value.entry_id].entry_date, value.id))
    whole_year = [value for value in dated if value.full_year] if indicator.kind == RATE else []
    return [(whole_year or dated)[-1]]


def year_figure(index: YearIndex, indicator: IndicatorRecord, warnings: list[str]) -> YearFigure | None:
    """The year's figure of `indicator`, or None when nothing was recorded for it."""
    values = index.increments_of_indicator.get(indicator.id)
    if not values:
        return None
    chosen = _chosen(index, indicator, values)
    quantity = total(
        sum((value.amount for value in chosen), Decimal(0)),
        {value.qualifier for value in chosen if value.qualifier},
        indicator.unit,
    )
    comparison = None
    if indicator.baseline_value is not None:
        baseline = Quantity(indicator.baseline_value, indicator.unit, indicator.baseline_qualifier)
        comparison = compare(quantity, baseline, rate=indicator.kind == RATE)
    refs = (SourceRef("indicator", indicator.id), *(SourceRef("increment", value.id) for value in chosen))
    return YearFigure(indicator, figure_name(indicator, warnings), quantity, refs, comparison, str(quantity))
