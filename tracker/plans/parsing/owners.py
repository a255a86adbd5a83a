"""Who does the work: units the text names (责任单位：X、Y; X牵头，Y配合; a table column), or else a unit
suggested from keywords (普法 → 司法所), marked as a suggestion until a person accepts it.

The keyword table ships as `tracker/config/owner_keywords.toml`; a town replaces it with its own file
(setting `TRACKER_OWNER_KEYWORDS`). In a list of 责任单位 the first named unit leads, as in the usual
"排在首位的为牵头单位" convention; the others co-operate. Units the text itself names as leading
(牵头单位：A、B; A、B牵头; A、B分工负责; A、B负责，C配合) all lead.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from tracker.plans.parsing.categories import keyword_pattern

DEFAULT_KEYWORDS_FILE = Path(__file__).resolve().parents[2] / "config" / "owner_keywords.toml"

_LEAD_LABELS = (
    r"牵头单位|牵头部门|牵头科室|牵头股室|责任单位|责任部门|责任科室|责任股室|主责单位|负责单位|承办单位"
    r"|实施单位|责任主体|牵头"
)
_SUPPORT_LABELS = r"配合单位|协办单位|参与单位|协作单位|配合部门|协同单位|配合科室|配合股室|配合|协办"
_NAMED_LEAD_LABEL = re.compile(r"牵头")
"""A label that names its units as leading (牵头单位：A、B): all of them lead."""
_LEAD_ROLES = ("牵头负责", "分工负责", "牵头", "负责", "主责")
_SUPPORT_ROLES = ("分头落实", "负责落实", "具体落实", "组织落实", "落实", "配合", "协助", "参与", "协办")
_LABELLED = re.compile(
    rf"(?P<label>{_LEAD_LABELS}|{_SUPPORT_LABELS})[ \t\u3000]*[：:][ \t\u3000]*"
    rf"(?P<units>(?:(?!{_LEAD_LABELS}|{_SUPPORT_LABELS}|责任人|完成时限|时限)"
    r"(?:[^。；;\n（）()【】\[\]：:]|[（(][^（）()]*[）)]))+)"
)
_LEAD_BY = re.compile(
    r"(?:由)?(?P<lead>[^，,。；;（）()：:\n]{2,40}?)(?:牵头(?:负责)?|负责)"
    r"(?:[，,、；;]?[ \t\u3000]*(?P<support>(?:[^，,。；;（）()：:\n]|[（(][^（）()]*[）)]){2,80}?)"
    r"(?:配合|协助|参与|协办))?"
)
_ORGANISATION = re.compile(
    r"(?:所|办|局|厅|处|站|中心|委|科|股|室|队|院|部|会|组|庭|镇|乡|村|社区|支部|公司|集团|政府|办公室|党委|团委|妇联|工会"
    r"|学校|医院|单位|部门|各村（社区）|街道)$"
)
_UNIT_SEPARATORS = re.compile(r"[、，,；;/／ \t\u3000]+")
_NOT_A_UNIT = re.compile(r"^(?:由|各级|共同|具体|相关)$")
_SHARED_HEAD = re.compile(r"[区市县乡镇]$")
_SHARED_TAIL = re.compile(r"^[区市县乡镇](?:人民)?(?:政府|党委|党工委|管委会)")


def _pieces(words: str) -> list[str]:
    """Split at 、，; but keep a compound whose levels share one head whole: 有关区、市政府 is the
    governments of the districts and of the cities, one entry, not 有关区 and 市政府."""
    pieces: list[str] = []
    for match in re.finditer(r"[^、，,；;/／ \t\u3000]+|[、]", words):
        piece = match.group()
        if piece == "、":
            pieces.append(piece)
        elif (
            len(pieces) >= 2
            and pieces[-1] == "、"
            and _SHARED_HEAD.search(pieces[-2])
            and (_SHARED_TAIL.match(piece) and not _ORGANISATION.search(pieces[-2]))
        ):
            pieces[-2:] = [pieces[-2] + "、" + piece]
        else:
            pieces.append(piece)
    return [piece for piece in pieces if piece != "、"]


def split_units(words: str) -> list[str]:
    """ "镇司法所、党政办、各村（社区）等" → ["镇司法所", "党政办", "各村（社区）"]."""
    units = []
    for piece in _pieces(words.strip()):
        piece = re.sub(r"^(?:由|及|和)|(?:等单位|等部门|等)$", "", piece.strip())
        if piece and not _NOT_A_UNIT.match(piece) and len(piece) <= 30 and piece not in units:
            units.append(piece)
    return units


def _organisations(words: str) -> list[str]:
    units = split_units(words)
    return units if units and all(_ORGANISATION.search(unit) for unit in units) else []


@dataclass(frozen=True)
class StatedOwners:
    lead: list[str]
    support: list[str]


_NOTE = re.compile(
    rf"[（(](?P<note>(?:[^（）()]|[（(][^（）()]*[）)])*?(?:{_LEAD_LABELS}|{_SUPPORT_LABELS}|负责)"
    r"(?:[^（）()]|[（(][^（）()]*[）)])*)[）)]"
)
_ROLE_CLAUSE = re.compile(
    rf"^(?P<units>.+?)(?P<role>{'|'.join(_LEAD_ROLES)}|{_SUPPORT_LABELS.replace('|配合|协办', '')}"
    rf"|{'|'.join(_SUPPORT_ROLES)})$"
)


@dataclass
class _Found:
    lead: list[str]
    support: list[str]
    named_leads: bool
    """The leads were named as leading (牵头, 分工负责…), not just listed first among 责任单位."""


def _note_owners(note: str, running_text: bool = False) -> _Found | None:
    """Units named in a bracketed note, by role: (省大数据局、省政府办公厅牵头，各有关部门配合),
    (责任单位：A、B，C), (牵头单位：A；配合单位：B). In running text a clause naming only who takes
    part (鼓励…高等院校、科研院所、企业等积极参与) names no owner."""
    found = _Found([], [], False)
    labelled = list(_LABELLED.finditer(note))
    for match in labelled:
        label = match.group("label")
        target = found.support if re.match(_SUPPORT_LABELS, label) else found.lead
        found.named_leads |= bool(_NAMED_LEAD_LABEL.match(label))
        target.extend(unit for unit in split_units(match.group("units")) if unit not in target)
    if not labelled:
        for clause in re.split(r"[，,；;]", note):
            role_clause = _ROLE_CLAUSE.match(clause.strip(" \t\u3000。！!"))
            if role_clause is None:
                continue
            units = [unit for unit in split_units(role_clause.group("units")) if _ORGANISATION.search(unit)]
            leading = role_clause.group("role") in _LEAD_ROLES
            (found.lead if leading else found.support).extend(units)
            found.named_leads |= leading and bool(units)
        if running_text and not found.lead:
            return None
    return found if found.lead or found.support else None


def first_leads(lead: list[str], support: list[str]) -> StatedOwners:
    """The first unit named leads; the others co-operate (排在首位的为牵头单位)."""
    if not lead:
        lead, support = support[:1], support[1:]
    rest = [unit for unit in [*lead[1:], *support] if unit != lead[0]]
    return StatedOwners(lead[:1], list(dict.fromkeys(rest)))


def stated_owners(text: str) -> StatedOwners | None:
    """Units the text itself names as responsible, or None when it names none. Bracketed notes come
    first (（责任单位：…）, （X牵头，Y配合）), then labels in the running text (责任单位：X), then 由X负责.
    Units named as leading all lead; of a mere list of 责任单位 the first leads."""
    lead: list[str] = []
    support: list[str] = []
    named_leads = False
    for match in _NOTE.finditer(text):
        found = _note_owners(match.group("note"))
        if found is not None:
            lead.extend(unit for unit in found.lead if unit not in lead)
            support.extend(unit for unit in found.support if unit not in support)
            named_leads |= found.named_leads
    if not lead and not support:
        found = _note_owners(_NOTE.sub("", text), running_text=True)
        if found is not None:
            lead, support, named_leads = found.lead, found.support, found.named_leads
    if not lead:
        for match in _LEAD_BY.finditer(text):
            units = _organisations(match.group("lead").rsplit("由", 1)[-1])
            if units:
                lead.extend(units)
                support.extend(_organisations(match.group("support") or ""))
                break
    if not lead and not support:
        return None
    if named_leads and lead:
        return StatedOwners(lead, [unit for unit in dict.fromkeys(support) if unit not in lead])
    return first_leads(lead, support)


@dataclass(frozen=True)
class OwnerKeywords:
    """The keyword → department table behind suggestions."""

    departments: tuple[tuple[str, tuple[str, ...]], ...]
    fallback: str | None = None

    @classmethod
    def load(cls, path: Path | str | None = None) -> OwnerKeywords:
        """The table from `path` (a town's own file) or the one the product ships."""
        return _load(Path(path) if path else DEFAULT_KEYWORDS_FILE)

    def within(self, departments: list[str]) -> OwnerKeywords:
        """The table as this installation can use it: only its own departments (the directory), each
        also found by its own name (an item that names 司法所 suggests 司法所), and the fallback only
        if the directory has it. A unit the installation does not have is never suggested: no
        suggestion is better than a wrong one."""
        keywords = dict(self.departments)
        own = tuple((name, (*keywords.get(name, ()), name)) for name in departments)
        fallback = self.fallback if self.fallback in departments else None
        return OwnerKeywords(own, fallback)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        return keyword_pattern(word for _, words in self.departments for word in words)

    @cached_property
    def _departments_of(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for index, (_, words) in enumerate(self.departments):
            for word in words:
                found.setdefault(word, []).append(index)
        return found

    def suggest(self, title: str, text: str) -> str | None:
        """The department whose keywords weigh most (title counts three times), else the fallback;
        ties go to the department listed first."""
        scores: Counter[int] = Counter()
        for weight, words in ((3, title), (1, text)):
            for word in self._pattern.findall(words):
                for index in self._departments_of[word]:
                    scores[index] += weight
        if not scores:
            return self.fallback
        best = max(scores, key=lambda index: (scores[index], -index))
        return self.departments[best][0]


@cache
def _load(path: Path) -> OwnerKeywords:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        departments = tuple(
            (str(entry["name"]), tuple(str(word) for word in entry["keywords"]))
            for entry in data["department"]
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"责任单位关键词表 {path} 无法读取：{error}") from error
    return OwnerKeywords(departments, str(data.get("fallback") or "") or None)
