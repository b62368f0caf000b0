"""Import target of the ``celery`` command (``celery -A services.worker worker``): the wired, configured app.

Part of the composition root: it subscribes the event handlers and names the task modules
(:mod:`services.wiring`) before the Celery app is configured.
"""

from services.wiring import wire
from shared.bootstrap import bootstrap
from shared.celery_app import celery

wire()
bootstrap(migrate=False)

app = celery
