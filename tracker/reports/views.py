"""Small pieces every section shares: an item's area name, a task's title without its adverbs, the
scope of a standing figure, a shortcoming's short form, and run-in parts (一是…二是…)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from tracker.plans.parsing.actions import ACTION_VERBS
from tracker.reports.citing import clause, run_in, split_paragraphs
from tracker.reports.draft import Part
from tracker.reports.numbering import Numbering
from tracker.reports.records import ItemRecord

_CLAUSE_PUNCTUATION = frozenset("，。；、：,;:")
_ADVERBS = (
    r"(?:进一步|继续|持续|全面|认真|积极|大力|切实|深入|扎实|着力|不断|系统|全力|广泛|依法"
    r"|常态化|长期坚持|坚持)"
)
_LEADING_VERB = re.compile(rf"^{_ADVERBS}*(?:{ACTION_VERBS.pattern})")
_LEADING_ADVERBS = re.compile(rf"^{_ADVERBS}+")
_LEADING_DEADLINE = (
    r"(?:20[0-9]{2}年)?(?:[0-9一二三四五六七八九十]{1,3}月份?(?:底|末|初|上旬|中旬|下旬)?|年底|年末|年内"
    r"|上半年|下半年|第?[一二三四1-4]季度末?)(?:前|之前|以前|内)?"
)
_LEADING_CYCLE = r"每个?(?:季度?|月|周|年|学期)(?:开学)?"
_LEADING_TIME = re.compile(rf"^(?:(?P<deadline>{_LEADING_DEADLINE})|{_LEADING_CYCLE})[，,]?")
"""A deadline or a cycle before the action (5月底前组织…, 每季度召开…): the action still leads."""
AREA_MAX_CHARS = 15
_SCOPES = (("街道", "全街道"), ("镇", "全镇"), ("乡", "全乡"), ("区", "全区"), ("县", "全县"), ("市", "全市"))


@lru_cache(maxsize=4096)
def is_area(title: str) -> bool:
    """A short name that does not start with a verb (政策法规与解读, 重大项目建设): one of several areas
    of an item, which reads best in one list (包括A、B、C等方面), where an action (加大培训力度,
    修订村规民约, also after its deadline: 5月底前组织宣传月活动) reads best as a sentence of its own.
    The verbs are the plan parser's."""
    title = title.strip()
    return (
        len(title) <= AREA_MAX_CHARS
        and not _CLAUSE_PUNCTUATION & set(title)
        and not _LEADING_VERB.match(_LEADING_TIME.sub("", title, count=1))
    )


def states_its_deadline(title: str) -> bool:
    """Whether a title begins with when the work is due (5月底前组织…, 年内完成…): carried into next
    year it keeps that date, which a 确保…年底前完成 after it would contradict."""
    found = _LEADING_TIME.match(title.strip())
    return found is not None and found.group("deadline") is not None


def without_adverbs(title: str) -> str:
    """继续大力开展普法教育工作 → 开展普法教育工作: what is done, without how keenly."""
    return _LEADING_ADVERBS.sub("", clause(title)) or clause(title)


def area_name(item: ItemRecord) -> str:
    """The plan area an item is about, as 三、 names it: its category (普法宣传), else its title
    without adverbs and leading verb (进一步加强政务公开 → 政务公开)."""
    if item.category:
        return item.category
    title = clause(item.title or item.text)
    plain = _LEADING_VERB.sub("", title)
    return plain if 2 <= len(plain) <= AREA_MAX_CHARS else title


def scope_of(issuer: str) -> str:
    """全镇 for a town (上义镇), 全乡, 全街道…: the scope a standing figure is counted over."""
    for ending, scope in _SCOPES:
        if issuer.endswith(ending):
            return scope
    return ""


def short_problem(text: str) -> str:
    """A shortcoming's first clause, to name it in a sentence about it (基层法治工作力量相对薄弱)."""
    first = re.split(r"[，；。,;]", text.strip(), maxsplit=1)[0]
    return clause(first) or clause(text)


def run_in_parts(bodies: Sequence[tuple[str, int | None, str]]) -> tuple[Part, ...]:
    """Rendered bodies `(key, item id, text)` numbered 一是, 二是… in the order given."""
    parts = []
    for position, (key, item_id, body) in enumerate(bodies, start=1):
        marker = Numbering.RUN_IN.marker(position)
        parts.append(Part(key, marker, 0, run_in(marker, split_paragraphs(body)), None, item_id))
    return tuple(parts)
