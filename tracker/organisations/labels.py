"""How a unit is named in a menu that may hold several towns' units.

Every town has its 党政办, 司法所 and 综合行政执法办, so a county's people, whose menus list the units
of all their towns, would see 党政办 three times and not know which is whose. In such a menu each
unit is followed by its town's name (「党政办（青石镇）」) and the units stand town by town; a menu of
one organisation's units (a town's people, a county's person drilled into one town) names them as
always. Every menu of units a county's person may see takes its labels from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class UnitOfTown(NamedTuple):
    """A unit as a menu gets it: with its organisation (a town, or the county itself)."""

    id: int
    name: str
    organisation_id: int
    organisation_name: str


def unit_menu(units: Iterable[UnitOfTown]) -> list[tuple[int, str]]:
    """(id, label) for each unit, town by town (in the towns' order, as a county lists them) and in
    the order the units were added within a town."""
    ordered = sorted(units, key=lambda unit: (unit.organisation_id, unit.id))
    if len({unit.organisation_id for unit in ordered}) < 2:
        return [(unit.id, unit.name) for unit in ordered]
    return [(unit.id, f"{unit.name}（{unit.organisation_name}）") for unit in ordered]
