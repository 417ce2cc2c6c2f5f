"""What a server loaded at its start is kept out of the garbage collector's rounds (bot/kern/geheugen.py)."""

from __future__ import annotations

import gc
import logging
import weakref

import pytest

from bot.kern import geheugen


class Iets:
    """An object the collector tracks and a weak reference can point to."""


@pytest.fixture(autouse=True)
def schoon_geheugen():
    gc.unfreeze()
    yield
    gc.unfreeze()
    if geheugen._meet_ronde in gc.callbacks:
        gc.callbacks.remove(geheugen._meet_ronde)


def in_een_generatie(obj: object) -> bool:
    return any(ander is obj for generatie in range(3) for ander in gc.get_objects(generatie))


def test_what_exists_at_the_freeze_is_out_of_every_generation():
    geladen = Iets()
    assert in_een_generatie(geladen)
    aantal = geheugen.bevries_opstartgeheugen()
    # frozen objects can still be freed by their reference count (other threads of a big test process do),
    # so the count only shrinks after the freeze
    assert 0 < gc.get_freeze_count() <= aantal
    assert not in_een_generatie(geladen)


def test_garbage_made_after_the_freeze_is_still_collected():
    geheugen.bevries_opstartgeheugen()
    kringloop = Iets()
    kringloop.zelf = kringloop  # only a collection frees a reference cycle
    verwijzing = weakref.ref(kringloop)
    del kringloop
    gc.collect()
    assert verwijzing() is None


def test_a_second_freeze_changes_nothing():
    eerste = geheugen.bevries_opstartgeheugen()
    later = [Iets() for _ in range(100)]
    assert geheugen.bevries_opstartgeheugen() <= eerste  # nothing frozen again (some frozen ones may have been freed)
    assert all(in_een_generatie(obj) for obj in later[:3])


def test_a_long_collection_is_logged_once_per_round(monkeypatch, caplog):
    monkeypatch.setattr(geheugen, "LANGE_RONDE_S", 0.0)
    geheugen.meld_lange_opruimrondes()
    geheugen.meld_lange_opruimrondes()
    with caplog.at_level(logging.WARNING, logger=geheugen.__name__):
        gc.collect()
    rondes = [r for r in caplog.records if "opruimronde" in r.getMessage()]
    assert len(rondes) == 1 and "generatie 2" in rondes[0].getMessage()
