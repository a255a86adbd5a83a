"""Every change to an audited row is on record: who, what, when, old and new values."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department
from tracker.audit import Actor, AuditEvent, acting_as, record
from tracker.organisations.service import sole_organisation


def events(session: Session, entity_type: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == entity_type).order_by(AuditEvent.id)
        )
    )


def test_creation_change_and_deletion_are_recorded_with_the_actor(session: Session) -> None:
    with acting_as(Actor("coordinator", None)):
        department = Department(organisation_id=sole_organisation(session).id, name="司法所")
        session.add(department)
        session.flush()
        department.name = "镇司法所"
        session.flush()
        session.delete(department)
        session.flush()

    created, updated, deleted = events(session, "Department")
    assert created.action == "departments.created"
    assert created.changes["name"] == "司法所"
    assert updated.changes == {"name": ["司法所", "镇司法所"]}
    assert deleted.action == "departments.deleted"
    assert {event.actor_label for event in (created, updated, deleted)} == {"coordinator"}
    assert created.entity_id == department.id


def test_secret_columns_never_reach_the_trail(session, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("wang")
    (created,) = [event for event in events(session, "User") if event.entity_id == user.id]
    assert "password_hash" not in created.changes
    assert created.changes["username"] == "wang"


def test_named_events_are_added_to_the_same_trail(session: Session) -> None:
    department = Department(organisation_id=sole_organisation(session).id, name="党政办")
    session.add(department)
    session.flush()
    with acting_as(Actor("cli:root")):
        record(session, "department.reviewed", department, note="核对完毕")
    session.flush()
    named = [event for event in events(session, "Department") if event.action == "department.reviewed"]
    assert named[0].note == "核对完毕"
    assert named[0].actor_label == "cli:root"
