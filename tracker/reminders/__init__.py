"""Reminders (督办): who is reminded of what on a working day, the daily digest, and its delivery.

The rules (`rules.py`) are pure functions of plain values; `facts.py` reads those values from the
database; `cycle.py` turns one day's decision into outbox rows in the same transaction; `sending.py`
claims the rows and hands them to `tracker.mail`.
"""
