"""The worker's job that keeps the kennisbank gaps up to date (bot/cijfers/vragen_zonder_antwoord.py):
each question stored once, masked once; new questions and kennisbank edits picked up; one worker at a
time; the rows leave with their conversation (retention and erasure). On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func, select, update

from bot.cijfers.gaten import groepeer
from bot.cijfers.vragen_zonder_antwoord import CLAIM, GatenStand, VraagZonderAntwoord, lees, werk_bij
from bot.kennisbank.service import artikel_titels, haal_artikel, publiceer_artikel
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern.db import make_engine, transaction
from bot.privacy.anoniem import anonimiseer_alle
from bot.privacy.bewaren import verwijder_gesprekken_zonder_zaak
from bot.privacy.dossier import dossier_van_zaak
from bot.privacy.wissen import wis_dossier
from tests import factories
from tests.unit.cijfers.test_gaten import MAANDAG, NOVEMBER, geen_antwoord

NU = MAANDAG + timedelta(days=2)
ZWEMBAD = "mag ik een zwembad op het dak van mijn bedrijf bouwen"


class TelMaskeringen:
    """``anonimiseer_alle``, counting the texts it was given."""

    def __init__(self):
        self.teksten: list[str] = []

    def __call__(self, teksten: list[str]) -> list[str]:
        self.teksten += teksten
        return anonimiseer_alle(teksten)


@pytest.fixture
def app_engine(gevulde_database_url):
    engine = make_engine(gevulde_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def tracker(tracker_store):
    engine = make_engine(tracker_store.ingang_url)
    engine.ingang_store = tracker_store
    yield engine
    engine.dispose()


def praat(tracker, sender: str, events: list) -> None:
    asyncio.run(tracker.ingang_store.save(DialogueStateTracker.from_events(sender, events)))


def ronde(app_engine, tracker, *, nu=NU, werker="w1", maskeer=anonimiseer_alle, zoeker=None) -> int:
    return werk_bij(engine=app_engine, tracker=tracker, zoeker=zoeker or KennisbankZoeker(app_engine),
                    maskeer_alle=maskeer, nu=nu, werker=werker)


def rijen(app_engine) -> list[VraagZonderAntwoord]:
    with transaction(app_engine) as session:
        return list(session.execute(select(VraagZonderAntwoord).order_by(VraagZonderAntwoord.event_id)).scalars())


def test_each_question_is_masked_and_stored_once_and_a_later_one_joins_at_the_next_round(app_engine, tracker):
    eerste = geen_antwoord(f"{ZWEMBAD}? bel 06-12345678", MAANDAG)
    praat(tracker, "a", eerste)
    maskeer = TelMaskeringen()
    assert ronde(app_engine, tracker, maskeer=maskeer) == 1
    assert ronde(app_engine, tracker, maskeer=maskeer, nu=NU + timedelta(minutes=1)) == 0  # nothing new: nothing masked
    assert len(maskeer.teksten) == 1
    [rij] = rijen(app_engine)
    assert rij.gesprek_id == "a" and "12345678" not in rij.tekst and "zwembad" in rij.woorden and rij.treffers

    # the same conversation asks again, and a new one asks: only those two are masked and stored
    praat(tracker, "a", [*eerste, *geen_antwoord("en een sauna op het dak", MAANDAG + timedelta(minutes=5))])
    praat(tracker, "b", geen_antwoord(ZWEMBAD, MAANDAG + timedelta(hours=3)))
    assert ronde(app_engine, tracker, maskeer=maskeer, nu=NU + timedelta(minutes=2)) == 2
    assert len(maskeer.teksten) == 3 and len(rijen(app_engine)) == 3
    with transaction(app_engine) as session:
        gaten = lees(session=session, **NOVEMBER)
        assert gaten.bijgewerkt_op == NU + timedelta(minutes=2)
        groepen = groepeer(gaten.geduide, artikel_titels(session=session))
    assert [groep.aantal for groep in groepen][0] == 2  # the two zwembad questions


def test_a_range_without_the_rows_and_a_table_never_worked_out(app_engine, tracker):
    with transaction(app_engine) as session:
        assert lees(session=session, **NOVEMBER).bijgewerkt_op is None  # the worker never ran
    praat(tracker, "a", geen_antwoord(ZWEMBAD, MAANDAG + timedelta(days=30)))  # in December
    ronde(app_engine, tracker, nu=MAANDAG + timedelta(days=31))
    with transaction(app_engine) as session:
        gaten = lees(session=session, **NOVEMBER)
    assert gaten.geduide == [] and gaten.bijgewerkt_op is not None


def test_after_a_kennisbank_edit_the_nearest_article_follows_it(app_engine, tracker):
    praat(tracker, "a", geen_antwoord(ZWEMBAD, MAANDAG))
    zoeker = KennisbankZoeker(app_engine)
    ronde(app_engine, tracker, zoeker=zoeker)
    [voor] = rijen(app_engine)
    gekozen = next(artikel_id for artikel_id, _ in voor.treffers[1:])  # not the best hit: it becomes the best
    with transaction(app_engine) as session:
        artikel = haal_artikel(session=session, artikel_id=gekozen)
        data = artikel.to_dict() | {"zoektermen": [*artikel.zoektermen, ZWEMBAD],
                                    "voorbeeldvragen": [*artikel.voorbeeldvragen, ZWEMBAD]}
        publiceer_artikel(session=session, data=data, door="redacteur", toelichting="gat gevuld",
                          vandaag=NU.date())
    ronde(app_engine, tracker, zoeker=zoeker, nu=NU + timedelta(minutes=1))
    [na] = rijen(app_engine)
    assert na.treffers[0][0] == gekozen != voor.treffers[0][0]


def test_one_worker_at_a_time_and_a_crashed_one_frees_the_table(app_engine, tracker):
    praat(tracker, "a", geen_antwoord(ZWEMBAD, MAANDAG))
    with transaction(app_engine) as session:
        session.execute(update(GatenStand).values(geclaimd_door="w0", geclaimd_tot=NU + CLAIM))
    assert ronde(app_engine, tracker, werker="w1") == 0 and rijen(app_engine) == []
    assert ronde(app_engine, tracker, werker="w1", nu=NU + CLAIM + timedelta(seconds=1)) == 1
    with transaction(app_engine) as session:
        assert session.get(GatenStand, 1).geclaimd_door is None  # released after the round


def test_the_rows_leave_with_their_conversation_by_retention_and_by_erasure(app_engine, tracker):
    for sender in ("oud", "zaak"):
        praat(tracker, sender, geen_antwoord(f"{ZWEMBAD} ({sender})", MAANDAG))
    praat(tracker, "blijft", [*geen_antwoord(f"{ZWEMBAD} (blijft)", MAANDAG),
                              *geen_antwoord("nog een vraag", NU)])  # still active: retention keeps it
    ronde(app_engine, tracker)
    with transaction(app_engine) as session:
        zaak = factories.zaak(session, gesprek_id="zaak")
    assert verwijder_gesprekken_zonder_zaak(engine=app_engine, tracker=tracker, nu=NU,
                                            termijn=timedelta(days=1)) == 1
    assert {rij.gesprek_id for rij in rijen(app_engine)} == {"zaak", "blijft"}
    with transaction(app_engine) as session:
        wis_dossier(session=session, tracker=tracker, mailmap=None, wie="privacy", nu=NU,
                    dossier=dossier_van_zaak(session=session, zaak=session.merge(zaak)))
    with transaction(app_engine) as session:
        assert set(session.execute(select(VraagZonderAntwoord.gesprek_id)).scalars()) == {"blijft"}
        assert session.execute(select(func.count()).select_from(VraagZonderAntwoord)).scalar() == 2
