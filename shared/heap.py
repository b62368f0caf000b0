"""Keep the garbage collector's full passes off the request path of a served process.

A served worker holds a large, long-lived object graph (modules, the app, Jinja templates, the
programme read model of 600 sessions: ~190,000 objects). A full (generation 2) collection walks all
of it, 50–60 ms on this machine, and the allocation rate of hundreds of requests a second triggers
one every few seconds: a stall for every request in flight, which is what the p99 latency showed.
:func:`gc.freeze` moves what is alive now to a permanent generation that collections skip; it is
redone after the programme read model is rebuilt (a publication, a back-office edit), after a full
collection that frees the previous one. ``festplan serve`` turns this on, and so does each pool
process of a Celery worker (``services.notifier.tasks``); tests and commands keep the default collector.
"""

from __future__ import annotations

import gc
import threading

_ENABLED = False
_LOCK = threading.Lock()


def enable() -> None:
    """Turn heap settling on for this process (served and Celery pool workers), and settle what exists now."""
    global _ENABLED
    _ENABLED = True
    settle()


def settle() -> None:
    """Collect garbage once, then hide everything still alive from later collections (no-op unless enabled)."""
    if not _ENABLED:
        return
    with _LOCK:
        gc.unfreeze()  # the previous read model, now garbage, must be collectable again
        gc.collect()
        gc.freeze()
