"""Import target for the plain ``celery`` command (``celery -A shared.worker inspect ping``): a configured app."""

from shared.bootstrap import bootstrap
from shared.celery_app import celery

bootstrap(migrate=False)

app = celery
