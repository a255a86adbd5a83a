"""The fixed vocabulary of item categories, and the keywords that choose one.

The vocabulary is part of the stable JSON (docs/plan-format.md): the dashboard groups by it and next
year's report sorts what was done under it, so it changes only with a documented migration of data.
"""

from __future__ import annotations

import re
from collections import Counter

OTHER = "其他"

CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "组织领导",
        (
            "第一责任人",
            "党的领导",
            "领导小组",
            "述法",
            "理论学习",
            "习近平法治思想",
            "中心组",
            "责任落实",
            "督察",
        ),
    ),
    (
        "普法宣传",
        (
            *("普法", "法治宣传", "宣传教育", "法律知识", "宪法", "民法典", "法治文化", "学法", "法律明白人"),
            *("法治讲座", "以案释法", "送法", "法治意识", "法律素质", "法治观念", "知法", "守法"),
            "法治副校长",
        ),
    ),
    ("政务公开", ("政务公开", "信息公开", "公开透明", "透明度", "公示", "公开", "政府网站", "政务新媒体")),
    ("队伍建设", ("人才", "队伍", "培训", "业务能力", "综合素质", "业务水平", "专业化", "能力建设", "素养")),
    ("行政执法", ("执法", "行政处罚", "行政检查", "三项制度", "执法监督", "案卷", "执法证")),
    ("依法决策", ("决策", "合法性审查", "法律顾问", "规范性文件", "集体讨论", "风险评估", "专家论证")),
    ("矛盾纠纷化解", ("矛盾", "纠纷", "调解", "信访", "枫桥", "综治", "化解", "维稳", "平安建设")),
    ("公共法律服务", ("法律服务", "法律援助", "法律咨询", "公共法律", "律师", "公证")),
    ("权力监督", ("监督", "人大", "政协", "审计", "廉政", "问责", "纪检", "监察", "复议", "诉讼")),
    ("基层治理", ("村规民约", "自治", "民主法治示范", "基层治理", "网格", "社会治理", "议事", "乡贤")),
    ("营商环境", ("营商环境", "放管服", "审批", "市场主体", "政务服务", "便民", "一网通办", "证明事项")),
)
CATEGORIES: tuple[str, ...] = (*(name for name, _ in CATEGORY_KEYWORDS), OTHER)
"""Every category an item can have, in display order."""

_TITLE_WEIGHT = 2


def keyword_pattern(words: object) -> re.Pattern[str]:
    """One pattern for many keywords, longest first, so a text is read once, not once per keyword."""
    ordered = sorted(set(words), key=len, reverse=True)  # type: ignore[call-overload]
    return re.compile("|".join(re.escape(word) for word in ordered if word) or "(?!)")


_KEYWORDS = keyword_pattern(word for _, words in CATEGORY_KEYWORDS for word in words)
_CATEGORIES_OF: dict[str, list[str]] = {}
for _name, _words in CATEGORY_KEYWORDS:
    for _word in _words:
        _CATEGORIES_OF.setdefault(_word, []).append(_name)


def categorise(title: str, text: str) -> str | None:
    """The category whose keywords weigh most (longer words weigh more, the title double), or None;
    ties go to the category listed first."""
    found = Counter(_KEYWORDS.findall(text))
    for word in _KEYWORDS.findall(title):
        found[word] += _TITLE_WEIGHT
    scores: Counter[str] = Counter()
    for word, times in found.items():
        for name in _CATEGORIES_OF[word]:
            scores[name] += len(word) * times
    if not scores:
        return None
    order = {name: index for index, name in enumerate(CATEGORIES)}
    return max(scores, key=lambda name: (scores[name], -order[name]))
