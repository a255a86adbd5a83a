"""How a choice is named in a menu that may hold several towns' choices: units, plans, 责任人.

Every town has its 党政办, 司法所 and 综合行政执法办, every town's plan of a year is called much the
same (2026年度法治政府建设工作要点), and common names recur from town to town, so a county's people,
whose menus list the choices of all their towns, would see each of them several times and not know
which is whose. In such a menu each choice is followed by its town's name (「党政办（青石镇）」,
「张三（东镇）」); a menu of one organisation's choices (a town's people, a county's person drilled into
one town) names them as always. Every menu a county's person may see takes its labels from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple


class OfTown(NamedTuple):
    """A choice as a menu gets it: with its organisation (a town, or the county itself)."""

    id: int
    name: str
    organisation_id: int
    organisation_name: str


def labelled(choices: Sequence[OfTown]) -> list[tuple[int, str]]:
    """(id, label) for each choice, in the order given: its name, followed by its town's when the
    choices are of more than one organisation."""
    if len({choice.organisation_id for choice in choices}) < 2:
        return [(choice.id, choice.name) for choice in choices]
    return [(choice.id, f"{choice.name}（{choice.organisation_name}）") for choice in choices]


def town_by_town(choices: Iterable[OfTown]) -> list[tuple[int, str]]:
    """`labelled`, town by town (in the towns' order, as a county lists them) and in the order the
    choices were added within a town: the menus of units and of 责任人."""
    return labelled(sorted(choices, key=lambda choice: (choice.organisation_id, choice.id)))
