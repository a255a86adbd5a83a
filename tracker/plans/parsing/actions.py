"""One item, several pieces of work: split into actions (sentences that each carry their own verb) or
into the areas it enumerates ("包含A、B、C等诸多重要方面"), and give every piece a short title.

A sentence that only says why or to what end (让群众知法…, 确保…) belongs to the action before it; a
short first sentence without commas is the item's own title (（一）加强普法宣传。…); an annotation at the
end (（责任单位：司法所）, 完成时限：6月底前) belongs to the whole item, not to its last action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.plans.parsing.lines import trim

ACTION_VERBS = re.compile(
    r"加强|加大|加快|加紧|提高|提升|完善|健全|建立|建设|建成|建好|推进|推动|推行|推广|深化|深入|开展|组织|举办|召开"
    r"|落实|实施|执行|强化|规范|优化|做好|抓好|抓实|抓紧|坚持|贯彻|发挥|培养|培育|培训|宣传|普及|公开|公示|监督"
    r"|检查|督查|督促|考核|评估|审查|修订|修改|制定|出台|印发|编制|清理|排查|化解|调解|整治|整改|配备|配齐|保障"
    r"|打造|创建|创新|拓展|探索|构建|畅通|提供|办理|受理|应用|运用|发布|更新|学习|研究|部署|完成|开通|引导|指导"
    r"|支持|协调|统筹|搭建|夯实|筑牢|扩大|增强|激发|弘扬|营造|树立|明确|压实|严格|维护|保护|防范|打击|查处|处置"
    r"|跟踪|用好|管好|聘请|设立|成立|开设|举行|邀请|走访|发放|报送|上报|汇总|梳理|备案|公布|签订|争创|申报|评选"
    r"|表彰|选树|改造|升级|整合|共享|接受|巩固|保持|加以|聚焦|围绕|严把|把好|落细|补齐|实行|推出|组建|修缮"
)
_PURPOSE_START = re.compile(
    r"^(?:让|使|使得|从而|以便|以期|确保|力争|争取|努力|做到|切实做到|进而|以此|由此|真正)"
)
_MEANS_START = re.compile(
    r"^(?:利用|依托|通过|借助|结合|围绕|针对|按照|根据|以|适应|立足|面向|对标|对照)"
    r"|^在[^，,]*(?:领域|方面|基础上|前提下|过程中|中|上)$"
)
"""A first clause that only says by what means or where (利用国家宪法日…, 适应新形势…要求, 在就业、社保
等领域) is completed by the next one."""
_TIME_CLAUSE = re.compile(
    r"^(?:(?:19|20)[0-9]{2}\s*年)?(?:年底前|年底|年内|年末|上半年|下半年|[0-9一二三四五六七八九十]{1,2}月(?:底|末)?前?"
    r"|第?[一二三四1-4]季度(?:末)?前?)$|^(?:到|至)(?:19|20)[0-9]{2}\s*年(?:底|末)?$"
)
"""A first clause that only says when (年底前，健全完善…): the date is the item's deadline, not its title."""
_LEAD_PHRASE = re.compile(
    r"^(?:下一步|下步|下阶段|今后|明年|新的一年|(?:19|20)[0-9]{2}年)[，,]?"
    r"(?:我们|我镇|我乡|我局|我街道|我所|我委|全镇|全乡|本镇|本乡)?(?:还将|将|要|拟)[ \t\u3000，,]*"
)
"""How a plan written as one sentence begins (下一步，我们将…): not part of the work's title."""
_TITLE_MIN_REST = 4
_VERB_WINDOW = 14
_TITLE_SENTENCE_MAX = 30
_HEAD_SENTENCE_MAX = 30
_TITLE_MAX = 60
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_CLAUSE = re.compile(r"[^；;\n]+[；;]*")
_ANNOTATION_LABEL = (
    r"牵头单位|牵头部门|责任单位|责任部门|责任科室|责任股室|主责单位|负责单位|承办单位|配合单位|协办单位|"
    r"参与单位|责任人|责任领导|分管领导|完成时限|时限要求|完成时间|时间节点|时限"
)
_IN_PARENS = r"(?:[^（）()]|[（(][^（）()]*[）)])"  # one level of nesting: 各村（社区）
_ANNOTATION = rf"[（(]{_IN_PARENS}*?(?:{_ANNOTATION_LABEL}|牵头|配合|负责|落实){_IN_PARENS}*[）)]"
_TRAILING_ANNOTATION = re.compile(
    rf"(?:{_ANNOTATION}[。；;]?"
    rf"|(?:^|(?<=[。；;\n]))[ \t\u3000]*(?:{_ANNOTATION_LABEL})[ \t\u3000]*[：:][^\n]*)[ \t\u3000\n]*$"
)
_ANNOTATION_ANYWHERE = re.compile(_ANNOTATION)
_AREA_TRIGGER = re.compile(r"(包含|包括|涵盖|涉及|覆盖|重点围绕|主要围绕|聚焦|围绕)")
_STRONG_TRIGGERS = {"包含", "包括", "涵盖", "涉及", "覆盖"}
_AREA_TAIL = re.compile(r"方面|领域|重点|环节|内容|事项|工作|信息")
_AREA_MIN, _AREA_MAX_CHARS = 3, 20

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of an item that is one action or one area; `title` is set for areas."""

    start: int
    end: int
    kind: str
    title: str | None = None


def content_end(text: str, start: int, end: int) -> int:
    """Where the item's words end, before any annotations of owners and deadlines at its close."""
    while True:
        match = _TRAILING_ANNOTATION.search(text, start, end)
        if not match or match.start() <= start:
            return end
        end = trim(text, start, match.start())[1]


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[Span]:
    spans = []
    for match in pattern.finditer(text, start, end):
        span = trim(text, match.start(), match.end())
        if span[1] > span[0]:
            spans.append(span)
    return spans


def sentences(text: str, start: int, end: int) -> list[Span]:
    return _spans(_SENTENCE, text, start, end)


def clauses(text: str, start: int, end: int) -> list[Span]:
    """Runs separated by ；(the items of an unnumbered one-paragraph plan)."""
    return _spans(_CLAUSE, text, start, end)


def is_action(sentence: str) -> bool:
    """Carries a verb of its own near its start, and is not merely a purpose (让…, 确保…)."""
    if _PURPOSE_START.match(sentence):
        return False
    return bool(ACTION_VERBS.search(sentence[:_VERB_WINDOW]))


def _group_actions(text: str, spans: list[Span]) -> list[Span]:
    groups: list[list[int]] = []
    for start, end in spans:
        if groups and not is_action(text[start:end]):
            groups[-1][1] = end
        else:
            groups.append([start, end])
    if len(groups) >= 2 and not is_action(text[groups[0][0] : groups[0][1]]):
        groups[1][0] = groups[0][0]
        groups.pop(0)
    return [(start, end) for start, end in groups]


def _is_head_sentence(sentence: str) -> bool:
    words = sentence.rstrip("。！？!?；;")
    return len(words) <= _HEAD_SENTENCE_MAX and not re.search(r"[，,；;：:]", words)


def _area_names(text: str, trigger: re.Match[str], end: int) -> list[str]:
    """The names listed after a trigger word, or [] when the list is not an enumeration of areas."""
    stop = re.compile(r"[，。；：,;:\n]").search(text, trigger.end(), end)
    words = text[trigger.end() : stop.start() if stop else end]
    listed, etc, tail = words.partition("等")
    if trigger.group(1) not in _STRONG_TRIGGERS and not (etc and _AREA_TAIL.search(tail)):
        return []
    names = listed.split("、")
    if not etc and len(names) >= 2:
        names.extend(re.split(r"以及|和|及", names.pop()))
    names = [name.strip(' \t\u3000“”"') for name in names]
    if len(names) < _AREA_MIN or not all(0 < len(name) <= _AREA_MAX_CHARS for name in names):
        return []
    return names


def _areas(text: str, start: int, end: int, strong_only: bool = False) -> list[Piece]:
    for trigger in _AREA_TRIGGER.finditer(text, start, end):
        if strong_only and trigger.group(1) not in _STRONG_TRIGGERS:
            continue
        names = _area_names(text, trigger, end)
        if not names:
            continue
        pieces, cursor = [], trigger.end()
        for name in names:
            found = text.find(name, cursor, end)
            pieces.append(Piece(found, found + len(name), "area", name))
            cursor = found + len(name)
        return pieces
    return []


def area_pieces(text: str, start: int, end: int) -> list[Piece]:
    """The areas a titled item's first sentence after its title spells out as its content (…，包括A、
    B、C等方面), its owners' notes left aside. Fields its description focuses on (聚焦智慧家居、智慧港口
    等应用领域，集聚…; 聚焦LNG、比亚迪等重点企业) say where the one piece of work is done: not tasks."""
    end = content_end(text, start, end)
    first = sentences(text, start, end)[:1]
    return _areas(text, *first[0], strong_only=True) if first else []


def split_item(text: str, start: int, end: int, clauses_too: bool = True) -> list[Piece]:
    """The actions or areas of one item, or [] when it is a single piece of work. A lone sentence is
    cut at its ；only when `clauses_too` (an unnumbered one-paragraph plan): a numbered item written
    as one sentence (1.发放…补贴；扩大…覆盖面（牵头单位：…）) is one task."""
    end = content_end(text, start, end)
    parts = sentences(text, start, end)
    if len(parts) >= 2 and _is_head_sentence(text[parts[0][0] : parts[0][1]]):
        parts = parts[1:]
        start = parts[0][0]
    actions = _group_actions(text, parts)
    if len(actions) < 2 and len(parts) == 1 and clauses_too:
        actions = _group_actions(text, clauses(text, start, end))
    if len(actions) >= 2:
        return [Piece(a, b, "action") for a, b in actions]
    return _areas(text, start, end)


_LINE_TITLE_MAX = 50
"""A numbered heading's first sentence may be long (坚持学习贯彻习近平法治思想，不断加强党对法治政府建设的
领导。) and is still its title; a 一是 run inside a paragraph titles itself only with a short head."""
_PARAGRAPH_TITLE_MAX = 30


def title_sentence(
    text: str, start: int, end: int, line_start: bool, heads_children: bool = False
) -> Span | None:
    """The item's own title sentence, when it has one and more words follow it: `（一）加强普法宣传。…`,
    `（二）坚持推进政府机构职能优化，着力打造一流法治化营商环境。…`, `一是全面推动重点改革攻坚。…`, or a
    heading line above its paragraphs. An item so titled is one piece of work: its sentences describe
    it and are not separate tasks."""
    match = _SENTENCE.match(text, start, end)
    if match is None:
        return None
    first = trim(text, match.start(), match.end())
    if first[1] >= trim(text, start, end)[1] and not heads_children:
        return None
    words = text[first[0] : first[1]].rstrip("。！？!?；;")
    if line_start:
        return first if 0 < len(words) <= _LINE_TITLE_MAX else None
    return first if _is_head_sentence(words) else None


_ADDRESS = re.compile(r"^(?:各位代表|同志们)$")
"""各位代表！今年，我们继续安排20件民生实事…: the speaker addressing the deputies, not a task's title."""


def title_led(text: str, start: int, end: int) -> bool:
    """A paragraph led by a short title sentence (强化企业创新主体地位。…): one piece of work of its own."""
    match = _SENTENCE.match(text, start, end)
    if match is None or text[match.end() - 1 : match.end()] not in "。！？!?":
        return False
    words = text[match.start() : match.end()].rstrip("。！？!?").strip(" \t\u3000")
    return (
        not _ADDRESS.match(words)
        and 0 < len(words) <= _PARAGRAPH_TITLE_MAX
        and not re.search(r"[，,；;：:]", words)
        and (match.end() < trim(text, start, end)[1])
    )


_OWNER_NOTE = re.compile(
    rf"[（(]{_IN_PARENS}*?(?:{_ANNOTATION_LABEL}|牵头|配合|负责){_IN_PARENS}*[）)][。；;]?"
)


def owner_groups(text: str, start: int, end: int) -> list[Span]:
    """The tasks of an item that names owners sentence by sentence (…（省大数据局牵头，各市政府配合）。
    …（省财政厅牵头）。): each ends at its owners' note. [] unless at least two notes close tasks."""
    notes = [match for match in _OWNER_NOTE.finditer(text, start, end)]
    if len(notes) < 2:
        return []
    groups, cursor = [], start
    for note in notes:
        span = trim(text, cursor, note.end())
        if span[1] > span[0]:
            groups.append(span)
        cursor = note.end()
    rest = trim(text, cursor, end)
    if rest[1] > rest[0] and re.search(r"[\u4e00-\u9fff]", text[rest[0] : rest[1]]):
        groups.append(rest)
    return groups if len(groups) >= 2 else []


def sentence_title(sentence: str) -> str:
    """A title sentence as the item's title, whole: without annotations and its closing stop."""
    words = _ANNOTATION_ANYWHERE.sub("", sentence).strip(" \t\u3000\n。！？!?；;：:，,")
    return words if len(words) <= _TITLE_MAX else words[: _TITLE_MAX - 1] + "…"


def title_of(text: str) -> str:
    """A short title: the item's heading sentence, or its first clause (extended if very short)."""
    words = _ANNOTATION_ANYWHERE.sub("", text).strip(" \t\u3000\n：:，,、●○■□◆◇★☆·•▪")
    lead = _LEAD_PHRASE.match(words)
    if lead and len(words) - lead.end() >= _TITLE_MIN_REST:
        words = words[lead.end() :]
    first = re.split(r"[。！？!?\n；;]", words, maxsplit=1)[0]
    clauses_ = re.split(r"[，,：:；;。]", first)
    if len(clauses_) > 1 and _TIME_CLAUSE.match(clauses_[0].strip(" \t\u3000")):
        first = first[len(clauses_[0]) + 1 :]
        clauses_ = clauses_[1:]
    if len(first) <= _TITLE_SENTENCE_MAX and not re.search(r"[，,]", first):
        title = first
    else:
        title = clauses_[0]
        if (len(title) < 4 or _MEANS_START.match(title)) and len(clauses_) > 1:
            joined = f"{title}，{clauses_[1]}"
            # Too long to stand whole: the clause that says what is done is the title.
            title = joined if len(joined) <= _TITLE_MAX or len(title) < 4 else clauses_[1]
    title = title.strip(" \t\u3000。；;：:，,")
    return title if len(title) <= _TITLE_MAX else title[: _TITLE_MAX - 1] + "…"
