"""After a producer's commit: hand its due outbox rows to the mail queue, or ask the relay.

Connected to :mod:`shared.outbox` by :mod:`.tasks` (``outbox.connect``), so the outbox, which every service
writes to, imports nothing of the notifier, and the tasks, the service and the outbox form no import circle.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from services.notifier import repository
from services.notifier.delivery import send as delivery
from services.notifier.outbox import wakeup
from shared.db import unit_of_work
from shared.models.types import utcnow

log = logging.getLogger(__name__)


def hand_over(ids: list[int], *, send_batch: Callable[[list[int]], object]) -> None:
    """Publish the committed rows' ids, unless a wake-up is already pending (:mod:`.wakeup`)."""
    if not wakeup.claim_wakeup():
        return  # the worker of the pending wake-up looks for queued rows after this commit: it takes these
    size = delivery.SEND_BATCH  # read at each call: the tests make it small
    for first in range(0, len(ids), size):
        batch = ids[first : first + size]
        try:
            send_batch(batch)
        except Exception:  # the rows are committed: put them back in the relay's hands
            log.exception("could not enqueue notifier.send_batch; the relay will hand the rows over")
            wakeup.clear_wakeup()
            back_to_pending(ids[first:])
            return


def back_to_pending(ids: list[int]) -> None:
    """Rows the broker could not take go back to ``pending`` for beat's relay."""
    try:
        with unit_of_work() as session:
            repository.postpone(session, ids, until=utcnow())
    except Exception:  # the relay's sweep of rows queued too long ago still finds them
        log.exception("could not put notifications %s back to pending", ids)


def ask_relay(relay: Callable[[], object]) -> None:
    """Enqueue one relay run; if the broker is down, beat's next relay run picks the rows up."""
    try:
        relay()
    except Exception:
        log.exception("could not enqueue notifier.relay; beat will pick the rows up")
