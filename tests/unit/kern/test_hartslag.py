"""Heartbeats (bot/kern/hartslag.py), the worker's health check and the console's /gezond, on both engines."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select
from starlette.testclient import TestClient

from bot import worker
from bot.console.app import maak_app
from bot.kern.db import transaction
from bot.kern.hartslag import OUD, WERKER, Hartslag, klop, levend
from tests.fakes.rasa_api import NepRasa

NU = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
VIJF_MINUTEN = timedelta(minutes=5)


def hartslagen(engine) -> dict[str, tuple[datetime, datetime]]:
    with transaction(engine) as session:
        return {h.proces: (h.gestart, h.laatst) for h in session.execute(select(Hartslag)).scalars()}


def test_a_beat_is_inserted_once_then_moves_on_and_old_processes_are_forgotten(engine):
    with transaction(engine) as session:
        klop(session=session, proces="oud-1", soort=WERKER, nu=NU - OUD - timedelta(minutes=1))
    for minuut in (0, 1):
        with transaction(engine) as session:
            klop(session=session, proces="host-1", soort=WERKER, nu=NU + timedelta(minutes=minuut))
    assert hartslagen(engine) == {"host-1": (NU, NU + timedelta(minutes=1))}


def test_alive_means_a_beat_within_the_limit_on_this_host(engine):
    with transaction(engine) as session:
        klop(session=session, proces="web_1-10", soort=WERKER, nu=NU - timedelta(minutes=2))
        klop(session=session, proces="webx1-11", soort=WERKER, nu=NU)  # "_" is not a wildcard
        klop(session=session, proces="web_1-12", soort=WERKER, nu=NU - timedelta(minutes=20))
    with transaction(engine) as session:
        assert [h.proces for h in levend(session=session, soort=WERKER, nu=NU, max_stil=VIJF_MINUTEN,
                                         voorvoegsel="web_1-")] == ["web_1-10"]
        assert len(levend(session=session, soort=WERKER, nu=NU, max_stil=VIJF_MINUTEN)) == 2


def test_the_workers_health_check_passes_only_after_a_round_of_a_worker_on_this_host(engine, monkeypatch):
    monkeypatch.setattr(worker, "default_engine", lambda: engine)
    with pytest.raises(SystemExit) as uitkomst:
        worker.main(["--gezond"], klok=lambda: NU)
    assert uitkomst.value.code == 1
    with transaction(engine) as session:
        klop(session=session, proces=worker.werker_id(), soort=WERKER, nu=NU - timedelta(minutes=4))
    with pytest.raises(SystemExit) as uitkomst:
        worker.main(["--gezond"], klok=lambda: NU)
    assert uitkomst.value.code == 0
    with pytest.raises(SystemExit) as uitkomst:
        worker.main(["--gezond", "--max-stil", "60"], klok=lambda: NU)
    assert uitkomst.value.code == 1


def test_the_worker_health_check_fails_when_the_database_does_not_answer():
    onbereikbaar = create_engine("postgresql://ingang@127.0.0.1:1/ingang", future=True)
    assert not worker.is_gezond(engine=onbereikbaar, nu=NU, max_stil=VIJF_MINUTEN)


def test_the_console_reports_health_without_login_and_counts_live_workers(engine):
    with transaction(engine) as session:
        klop(session=session, proces="a-1", soort=WERKER, nu=NU - timedelta(minutes=1))
        klop(session=session, proces="b-2", soort=WERKER, nu=NU - timedelta(hours=1))
    with TestClient(maak_app(engine, klok=lambda: NU, secure=False, rasa=NepRasa())) as client:
        antwoord = client.get("/gezond")
    assert antwoord.status_code == 200
    assert antwoord.json() == {"status": "ok", "database": "ok", "werkers": 1}


def test_the_console_health_is_503_when_the_database_does_not_answer():
    onbereikbaar = create_engine("postgresql://ingang@127.0.0.1:1/ingang", future=True)
    with TestClient(maak_app(onbereikbaar, klok=lambda: NU, secure=False, rasa=NepRasa())) as client:
        antwoord = client.get("/gezond")
    assert antwoord.status_code == 503 and antwoord.json()["database"] == "onbereikbaar"
