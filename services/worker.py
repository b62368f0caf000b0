"""Import target of the ``celery`` command (``celery -A services.worker worker``): the wired, configured app.

Part of the composition root: it subscribes the event handlers and names the task modules
(:mod:`services.wiring`) before the Celery app is configured. A weak secret key in a deployment stops it with one
line, as from ``festplan worker``, not a traceback from Celery's loader.
"""

import sys

from services.wiring import wire
from shared.bootstrap import bootstrap
from shared.celery_app import celery
from shared.settings import SettingsError

wire()
try:
    bootstrap(migrate=False)
except SettingsError as exc:
    print(f"festplan: {exc}", file=sys.stderr)
    raise SystemExit(2) from None

app = celery
