"""Heap settling for served workers: off by default, and what it froze is collected once it is garbage."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from shared import heap


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_settle_does_nothing_unless_enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap, "_ENABLED", False)
    heap.settle()
    assert gc.get_freeze_count() == 0


def test_a_frozen_read_model_is_freed_at_the_next_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap, "_ENABLED", True)
    model = Node()
    alive = weakref.ref(model)
    heap.settle()  # the read model, built and alive: out of the collector's sight
    assert gc.get_freeze_count() > 0
    del model
    gc.collect()
    assert alive() is not None  # frozen: ordinary collections skip it
    heap.settle()  # the next rebuild: the old model is garbage now and must not leak
    assert alive() is None


def test_a_mail_worker_process_starts_with_its_templates_compiled_and_its_heap_settled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What Celery's ``worker_process_init`` runs in each pool process of ``festplan worker``."""
    from celery.signals import worker_process_init

    import services.notifier.tasks  # noqa: F401  (connects the receiver, as the worker's import does)
    from services.notifier.domain import rendering

    monkeypatch.setattr(heap, "_ENABLED", False)
    rendering.environment.cache_clear()
    worker_process_init.send(sender=None)
    loaded = {name for _, name in rendering.environment().cache}
    emails = {f"{loc}/{kind}.{part}" for kind in rendering.SUBJECTS for loc in ("fr", "en") for part in ("html", "txt")}
    assert emails | {"fr/_base.html", "en/_base.txt", "_layout.html", "_macros.txt"} <= loaded
    assert not any(name.startswith("backoffice/") for name in loaded)  # pages are the web app's
    assert gc.get_freeze_count() > 0
