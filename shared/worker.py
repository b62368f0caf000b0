"""Import target for the plain ``celery`` command (``celery -A shared.worker inspect ping``): a configured app."""

import sys

from shared.bootstrap import bootstrap
from shared.celery_app import celery
from shared.settings import SettingsError

try:
    bootstrap(migrate=False)
except SettingsError as exc:  # one line, as from `festplan worker`, not a traceback from celery's loader
    print(f"festplan: {exc}", file=sys.stderr)
    raise SystemExit(2) from None

app = celery
