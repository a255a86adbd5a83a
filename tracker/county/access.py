"""Whether a signed-in person watches a county's towns: the menu, the landing page after sign-in and
the county's pages ask here, and the answer is `tracker.accounts.permissions.can_watch_towns`'s."""

from __future__ import annotations

from tracker.accounts.models import User
from tracker.accounts.permissions import can_watch_towns


def watches_towns(person: User) -> bool:
    """A county's coordinator, leader or viewer (the person's organisation is loaded with them at
    sign-in, so asking costs no query)."""
    return can_watch_towns(person, of_county=person.organisation.is_county)
