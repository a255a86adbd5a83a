"""The draft's wording as sentence patterns a clerk can change: plain Chinese with placeholders such as
〔事项〕 and 〔数量〕 that the system fills from the records (no template language on screen).

Each pattern says which placeholders it may use and which it must keep (a figure's pattern without
〔数量〕 would drop the figure). A coordinator's pattern replaces the shipped one (`PATTERN_BY_NAME`);
`check_pattern` refuses one that names an unknown placeholder, drops a required one, leaves a bracket
open or tries template syntax, before anything is stored.

The values put into a pattern are cited text (`tracker.reports.citing`), so every sentence still
knows the records it came from; the pattern's own words cite nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.reports.citing import clause, one_sentence
from tracker.reports.draft import Sentence, SourceRef

OPEN, CLOSE = "〔", "〕"
PLACEHOLDER = re.compile(r"〔([^〔〕]{1,8})〕")
MAX_PATTERN_CHARS = 200

PLACEHOLDER_HELP = {
    "单位": "报告单位（如上义镇）",
    "年度": "报告年度",
    "下一年度": "下一年度",
    "范围": "全镇、全乡或全街道",
    "方面": "计划的一个方面（如普法宣传）",
    "事项": "任务、事项或登记的内容",
    "进展": "进展记录的内容",
    "次数": "次数",
    "指标": "指标名称（带动词，如化解矛盾纠纷）",
    "数量": "本年度数字（含单位）",
    "差额": "与上年的差额",
    "上年数量": "上年度数字（如10余场）",
    "问题": "上年度查摆的问题",
    "整改措施": "整改措施",
    "日期": "日期",
    "原因": "问题原因",
}


class PatternError(ValueError):
    """A pattern that cannot be used; the message is for the clerk."""


@dataclass(frozen=True)
class PatternSpec:
    name: str
    section: str
    label: str
    default: str
    allowed: frozenset[str]
    required: frozenset[str] = frozenset()
    arrangement: bool = False
    """Used in 下一年度主要安排, which must import again as next year's plan: saving checks that."""


def _spec(
    name: str, section: str, label: str, default: str, required: str = "", extra: str = "", **kwargs: bool
) -> PatternSpec:
    needed = frozenset(required.split()) if required else frozenset()
    return PatternSpec(name, section, label, default, needed | frozenset(extra.split()), needed, **kwargs)


SPECS: tuple[PatternSpec, ...] = (
    _spec(
        "title",
        "标题与开头",
        "报告标题（系统另加“（草稿）”）",
        "〔单位〕〔年度〕年法治政府建设年度报告",
        "年度",
        "单位",
    ),
    _spec(
        "opening",
        "标题与开头",
        "开头段落",
        "〔年度〕年，〔单位〕按照年度法治政府建设工作安排推进各项工作。现将〔年度〕年度法治政府建设情况报告如下：",
        "年度",
        "单位",
    ),
    _spec(
        "heading.achievements",
        "一、主要举措和成效",
        "标题",
        "〔年度〕年度法治政府建设主要举措和成效",
        "",
        "年度",
    ),
    _spec("figures.lead", "一、主要举措和成效", "全年数字的开头（首个为累计指标时）", "全年共"),
    _spec("figure.cumulative", "一、主要举措和成效", "累计指标（全年之和）", "〔指标〕〔数量〕", "指标 数量"),
    _spec(
        "figure.stock",
        "一、主要举措和成效",
        "现有指标（最新总数）",
        "〔范围〕现有〔指标〕〔数量〕",
        "指标 数量",
        "范围",
    ),
    _spec("figure.rate", "一、主要举措和成效", "比率指标", "〔指标〕达〔数量〕", "指标 数量"),
    _spec(
        "work.repeated",
        "一、主要举措和成效",
        "多次进行的同一项工作",
        "〔进展〕，全年共〔次数〕次",
        "进展 次数",
    ),
    _spec("work.area", "一、主要举措和成效", "分方面的工作", "〔事项〕方面，〔进展〕", "进展", "事项"),
    _spec(
        "achievements.continuing",
        "一、主要举措和成效",
        "常态化工作",
        "〔事项〕将长期坚持、常态化推进",
        "事项",
    ),
    _spec(
        "achievements.rectified",
        "一、主要举措和成效",
        "已整改的上年度问题",
        "针对〔问题〕的问题，〔整改措施〕，已整改到位",
        "问题 整改措施",
        "日期",
    ),
    _spec(
        "achievements.rectification_part",
        "一、主要举措和成效",
        "问题整改（未归入方面时的小标题）",
        "抓好上年度查摆问题整改",
    ),
    _spec("compare.more", "与上年比较", "比上年增加", "比上年增加〔差额〕", "差额", "上年数量"),
    _spec("compare.less", "与上年比较", "比上年减少", "比上年减少〔差额〕", "差额", "上年数量"),
    _spec("compare.same", "与上年比较", "与上年相同", "与上年持平", "", "上年数量"),
    _spec("compare.rate_up", "与上年比较", "比率提高", "比上年提高〔差额〕个百分点", "差额", "上年数量"),
    _spec("compare.rate_down", "与上年比较", "比率降低", "比上年降低〔差额〕个百分点", "差额", "上年数量"),
    _spec("compare.approx_more", "与上年比较", "多于上年的约数", "多于上年的〔上年数量〕", "上年数量"),
    _spec("compare.approx_less", "与上年比较", "少于上年的约数", "少于上年的〔上年数量〕", "上年数量"),
    _spec("compare.approx_higher", "与上年比较", "比率高于上年的约数", "高于上年的〔上年数量〕", "上年数量"),
    _spec("compare.approx_lower", "与上年比较", "比率低于上年的约数", "低于上年的〔上年数量〕", "上年数量"),
    _spec(
        "compare.approx_same",
        "与上年比较",
        "与上年的约数基本持平",
        "与上年（〔上年数量〕）基本持平",
        "上年数量",
    ),
    _spec("heading.duty", "二、第一责任人职责", "标题", "党政主要负责人履行推进法治建设第一责任人职责情况"),
    _spec(
        "duty.study",
        "二、第一责任人职责",
        "常务会议学法",
        "带头尊法学法，全年会前学法〔次数〕次：〔事项〕",
        "事项",
        "次数",
    ),
    _spec(
        "duty.research",
        "二、第一责任人职责",
        "专题研究",
        "专题研究部署法治建设，全年〔次数〕次：〔事项〕",
        "事项",
        "次数",
    ),
    _spec("duty.statement", "二、第一责任人职责", "述法", "认真履行述法职责：〔事项〕", "事项", "次数"),
    _spec("duty.inspection", "二、第一责任人职责", "督察", "推动法治督察落实：〔事项〕", "事项", "次数"),
    _spec("duty.other_duty", "二、第一责任人职责", "其他履职", "压实法治建设责任：〔事项〕", "事项", "次数"),
    _spec("heading.problems", "三、存在的不足和原因", "标题", "存在的不足和原因"),
    _spec(
        "problems.unfinished",
        "三、存在的不足和原因",
        "未完成的工作",
        "〔方面〕方面，〔事项〕尚未完成",
        "事项",
        "方面",
    ),
    _spec(
        "problems.unfinished_area",
        "三、存在的不足和原因",
        "整个方面的工作未完成",
        "〔方面〕方面的工作尚未完成",
        "方面",
    ),
    _spec(
        "problems.late",
        "三、存在的不足和原因",
        "延期后完成的工作",
        "〔事项〕未能按原定时限完成",
        "事项",
        "方面",
    ),
    _spec("problems.open", "三、存在的不足和原因", "未整改的上年度问题", "〔问题〕，整改尚未到位", "问题"),
    _spec(
        "problems.in_progress",
        "三、存在的不足和原因",
        "整改中的上年度问题",
        "〔问题〕，目前正在〔整改措施〕",
        "问题",
        "整改措施 日期",
    ),
    _spec("problems.causes", "三、存在的不足和原因", "问题原因", "分析问题原因，主要在于〔原因〕", "原因"),
    _spec(
        "problems.none",
        "三、存在的不足和原因",
        "没有不足时",
        "对照〔年度〕年度工作安排，各项任务均已完成",
        "年度",
    ),
    _spec(
        "arrangements.intro",
        "四、下一年度主要安排",
        "引言",
        "〔下一年度〕年，〔单位〕将继续推进尚未完成的工作，常态化开展经常性工作，抓好查摆问题整改，主要安排如下：",
        "下一年度",
        "单位",
        arrangement=True,
    ),
    _spec(
        "arrangements.carried",
        "四、下一年度主要安排",
        "结转的任务",
        "〔事项〕，确保〔下一年度〕年底前完成",
        "事项 下一年度",
        arrangement=True,
    ),
    _spec(
        "arrangements.continuing",
        "四、下一年度主要安排",
        "常态化的任务",
        "〔事项〕，常态化推进",
        "事项",
        arrangement=True,
    ),
    _spec(
        "arrangements.areas",
        "四、下一年度主要安排",
        "结转的多个方面",
        "继续做好尚未完成的工作，包括〔事项〕等方面，确保〔下一年度〕年底前完成",
        "事项 下一年度",
        arrangement=True,
    ),
    _spec(
        "arrangements.recurring_areas",
        "四、下一年度主要安排",
        "常态化的多个方面",
        "常态化做好经常性工作，包括〔事项〕等方面",
        "事项",
        arrangement=True,
    ),
    _spec(
        "arrangements.shortcoming",
        "四、下一年度主要安排",
        "问题整改",
        "切实整改〔问题〕的问题，确保〔下一年度〕年底前整改到位",
        "问题",
        "下一年度",
        arrangement=True,
    ),
    _spec(
        "arrangements.none",
        "四、下一年度主要安排",
        "没有结转事项时",
        "〔年度〕年度各项任务均已完成，暂无需要结转的事项",
        "年度",
    ),
    _spec("heading.other", "五、其他需要报告的情况", "标题", "其他需要报告的情况"),
)
PATTERN_BY_NAME: Mapping[str, PatternSpec] = {spec.name: spec for spec in SPECS}


def placeholders(body: str) -> list[str]:
    return PLACEHOLDER.findall(body)


def check_pattern(name: str, body: str) -> str:
    """The pattern as it will be stored (trimmed, without a closing 。), or a `PatternError`."""
    spec = PATTERN_BY_NAME.get(name)
    if spec is None:
        raise PatternError(f"没有名为“{name}”的句式。")
    body = body.strip().rstrip("。")
    if "\n" in body or "\r" in body:
        raise PatternError("句式只能是一行，不能换行。")
    if len(body) > MAX_PATTERN_CHARS:
        raise PatternError(f"句式过长（{len(body)}字），最多{MAX_PATTERN_CHARS}字。")
    if "{" in body or "}" in body:
        raise PatternError("句式中不能使用 { } 等模板符号，请用〔〕括起占位符，如〔数量〕。")
    if "【" in body or "】" in body:
        raise PatternError("【】留给“待补充”标记使用，句式中不能出现。")
    if PLACEHOLDER.sub("", body).count(OPEN) or PLACEHOLDER.sub("", body).count(CLOSE):
        raise PatternError("句式中有未配对的〔或〕，占位符应写成〔数量〕这样。")
    used = placeholders(body)
    unknown = [word for word in used if word not in spec.allowed]
    if unknown:
        usable = "".join(f"{OPEN}{word}{CLOSE}" for word in sorted(spec.allowed)) or "无"
        raise PatternError(f"〔{unknown[0]}〕不能用在这个句式里；可用的占位符：{usable}。")
    missing = sorted(spec.required - set(used))
    if missing:
        raise PatternError(f"这个句式必须保留〔{missing[0]}〕，否则草稿会漏掉相应的内容。")
    return body


class Patterns:
    """The patterns in force: a coordinator's over the shipped ones. A stored pattern that no longer
    passes its check (a placeholder a new version renamed) is not used: the shipped one stands in
    and `refused` says so, for the draft's warnings."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self.overrides: dict[str, str] = {}
        self.refused: list[str] = []
        for name, body in (overrides or {}).items():
            try:
                self.overrides[name] = check_pattern(name, body)
            except PatternError as refusal:
                self.refused.append(f"已保存的句式“{name}”不能再用（{refusal}），草稿改用系统默认句式。")

    def body(self, name: str) -> str:
        return self.overrides.get(name, PATTERN_BY_NAME[name].default)

    def is_overridden(self, name: str) -> bool:
        return name in self.overrides

    def with_override(self, name: str, body: str) -> Patterns:
        return Patterns({**self.overrides, name: body})

    def fill(self, name: str, **values: str | int | None) -> str:
        """The pattern with its placeholders replaced; values are cited text (or numbers), joined
        without their closing punctuation. A placeholder without a value becomes nothing."""
        known = {key: "" if value is None else clause(str(value)) for key, value in values.items()}
        return PLACEHOLDER.sub(lambda match: known.get(match.group(1), ""), self.body(name))


def heading_sentence(
    patterns: Patterns, name: str, source: SourceRef, **values: str | int | None
) -> Sentence:
    """A heading from its pattern, cited by `source` (the plan) whether or not it has placeholders."""
    sentence = one_sentence(patterns.fill(name, **values))
    return Sentence(sentence.text, tuple(dict.fromkeys((*sentence.sources, source))))
