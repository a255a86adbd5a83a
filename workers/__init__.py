"""The Celery application: `celery -A workers worker` and `celery -A workers beat` start from here.

Tasks are thin: they take IDs, open a unit of work and call a `tracker` service. `tracker` never
imports this package; it enqueues by task name after its transaction commits.
"""

from workers.factory import create_celery

app = create_celery()
