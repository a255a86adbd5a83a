"""Is the system alive: the database, the broker, beat's last run and the workers' last task.

`/healthz` (JSON for monitoring), `tracker health` (the same on the command line, for container
healthchecks) and the coordinators' banner when beat has been silent for two hours all read the
checks in `checks.py`; beat and the workers leave their heartbeats through `heartbeats.py`.
"""
