"""Retention (bot/privacy/bewaren.py): every rule, with a clock the test sets."""

from __future__ import annotations

import asyncio
import os
import threading
from datetime import datetime, timedelta, timezone

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.cijfers.archief import GesprekArchief
from bot.kanalen.boekhouding import KanaalVenster
from bot.kern.db import make_engine, transaction
from bot.kern.tracker import EVENTS
from bot.privacy.bewaren import (
    Bewaartermijnen,
    pas_bewaartermijnen_toe,
    verwijder_gesprekken_van_afgeronde_zaken,
    verwijder_gesprekken_zonder_zaak,
    verwijder_oude_berichten,
    verwijder_oude_controles,
    verwijder_oude_mails,
    verwijder_oude_vensters,
    verwijder_oude_zaken,
)
from bot.uitgaand.models import UitgaandBericht
from bot.uitgaand.service import plaats_bericht
from bot.zaken.models import AuditRegel, Ondernemer, Verificatiecode, Zaak, ZaakStatus
from bot.zaken.verificatiecode import BERICHT_SOORT as CODE_SOORT
from bot.zaken.verificatiecode import vraag_code_aan
from tests import factories

NU = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
TERMIJN = timedelta(days=30)


def bericht(tekst: str, moment: datetime) -> UserUttered:
    return UserUttered(tekst, intent={"name": "ask_question", "confidence": 1.0}, timestamp=moment.timestamp())


@pytest.fixture
def store(tracker_store) -> SQLTrackerStore:
    """Rasa's own SQLTrackerStore on a database of this test (``schrijf`` adds a conversation to it)."""
    return tracker_store


@pytest.fixture
def tracker(store):
    """The tracker store's database, as the worker reads it."""
    engine = make_engine(store.ingang_url)
    yield engine
    engine.dispose()


def schrijf(store: SQLTrackerStore, sender: str, *momenten: datetime) -> None:
    events = [bericht(f"bel me op 06-1234567{i}", moment) for i, moment in enumerate(momenten)]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def gesprekken(tracker) -> set[str]:
    with tracker.connect() as verbinding:
        return set(verbinding.execute(select(EVENTS.c.sender_id).distinct()).scalars())


def audit(engine) -> list[dict]:
    with transaction(engine) as session:
        regels = session.execute(select(AuditRegel).where(AuditRegel.wat == "bewaartermijn")).scalars().all()
        return [regel.details for regel in regels]


def test_an_idle_conversation_without_a_case_is_deleted_the_rest_stays(engine, store, tracker):
    oud = NU - TERMIJN - timedelta(days=1)
    schrijf(store, "oud-zonder-zaak", oud - timedelta(days=3), oud)
    schrijf(store, "oud-met-zaak", oud)
    schrijf(store, "recent", NU - timedelta(days=2))
    schrijf(store, "weer-actief", oud - timedelta(days=10), NU - timedelta(hours=1))  # the last event counts
    with transaction(engine) as session:
        factories.zaak(session, gesprek_id="oud-met-zaak")

    assert verwijder_gesprekken_zonder_zaak(engine=engine, tracker=tracker, nu=NU, termijn=TERMIJN) == 1
    assert gesprekken(tracker) == {"oud-met-zaak", "recent", "weer-actief"}
    # what the figures count is kept without the id, the questions anonymised (bot/cijfers/archief.py)
    with transaction(engine) as session:
        rijen = session.execute(select(GesprekArchief)).scalars().all()  # one per day: its two messages
        teksten = [tekst for rij in rijen for tekst in rij.vraagteksten]
        assert [rij.vragen for rij in rijen] == [1, 1] and len(teksten) == 2
        assert all("1234567" not in tekst and "bel me op" in tekst for tekst in teksten), teksten
    # the audit says what kind and how many, never which conversation or what was in it
    assert audit(engine) == [{"soort": "gesprek_zonder_zaak", "aantal": 1, "termijn_dagen": 30.0}]
    assert verwijder_gesprekken_zonder_zaak(engine=engine, tracker=tracker, nu=NU, termijn=TERMIJN) == 0
    assert len(audit(engine)) == 1  # a run that deleted nothing writes no row


def test_batches_go_through_every_conversation_past_the_ones_with_a_case(engine, store, tracker):
    oud = NU - TERMIJN - timedelta(days=1)
    for sender in ["a", "b", "c", "d", "e"]:
        schrijf(store, sender, oud)
    with transaction(engine) as session:
        factories.zaak(session, gesprek_id="a")
        factories.zaak(session, gesprek_id="b", met_ondernemer=False)
    assert verwijder_gesprekken_zonder_zaak(engine=engine, tracker=tracker, nu=NU, termijn=TERMIJN, batch=2) == 3
    assert gesprekken(tracker) == {"a", "b"}


def test_two_workers_at_once_delete_each_conversation_once(engine, store, tracker):
    oud = NU - TERMIJN - timedelta(days=1)
    for nummer in range(40):
        schrijf(store, f"g{nummer:02d}", oud)
    tellingen: list[int] = []

    def werker() -> None:
        tellingen.append(verwijder_gesprekken_zonder_zaak(engine=engine, tracker=tracker, nu=NU, termijn=TERMIJN,
                                                          batch=5))

    draden = [threading.Thread(target=werker) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    assert sum(tellingen) == 40 and gesprekken(tracker) == set()
    assert sum(regel["aantal"] for regel in audit(engine)) == 40


def test_without_a_tracker_table_nothing_happens(engine, tmp_path):
    leeg = make_engine(f"sqlite:///{tmp_path / 'nog-geen-tracker.db'}")
    assert verwijder_gesprekken_zonder_zaak(engine=engine, tracker=leeg, nu=NU, termijn=TERMIJN) == 0
    leeg.dispose()


def test_the_period_comes_from_the_environment_and_must_be_positive():
    assert Bewaartermijnen.uit_omgeving({}).gesprek_zonder_zaak == timedelta(days=30)
    assert Bewaartermijnen.uit_omgeving({"INGANG_BEWAAR_GESPREK_DAGEN": "7"}).gesprek_zonder_zaak == timedelta(days=7)
    with pytest.raises(ValueError, match="groter dan 0"):
        Bewaartermijnen.uit_omgeving({"INGANG_BEWAAR_GESPREK_DAGEN": "0"})


# --- the other rules ------------------------------------------------------------------------------

JAAR = timedelta(days=365)


def gesloten_zaak(session, gesprek: str, gesloten: datetime, **velden):
    return factories.zaak(session, gesprek_id=gesprek, status=ZaakStatus.AFGEROND, moment=gesloten, **velden)


def test_a_conversation_goes_a_year_after_its_last_case_closed_and_once_it_is_idle(engine, store, tracker):
    lang_geleden, kort_geleden = NU - JAAR - timedelta(days=10), NU - timedelta(days=100)
    schrijf(store, "oud", lang_geleden)
    schrijf(store, "recent-gesloten", kort_geleden)
    schrijf(store, "nog-een-open-zaak", lang_geleden)
    schrijf(store, "praat-nog", lang_geleden, NU - timedelta(days=2))  # a new question after the case
    with transaction(engine) as session:
        mw = factories.medewerker(session)
        gesloten_zaak(session, "oud", lang_geleden, medewerker=mw)
        gesloten_zaak(session, "recent-gesloten", kort_geleden, medewerker=mw)
        gesloten_zaak(session, "nog-een-open-zaak", lang_geleden, medewerker=mw)
        factories.zaak(session, gesprek_id="nog-een-open-zaak", medewerker=mw, met_ondernemer=False)
        gesloten_zaak(session, "praat-nog", lang_geleden, medewerker=mw)

    assert verwijder_gesprekken_van_afgeronde_zaken(engine=engine, tracker=tracker, nu=NU, termijn=JAAR,
                                                    stil=TERMIJN, batch=2) == 1
    assert gesprekken(tracker) == {"recent-gesloten", "nog-een-open-zaak", "praat-nog"}
    assert audit(engine) == [{"soort": "gesprek_van_zaak", "aantal": 1, "termijn_dagen": 365.0}]
    # the case's own record stays: its period is the archive's
    with transaction(engine) as session:
        assert session.execute(select(Zaak).where(Zaak.gesprek_id == "oud")).scalar_one().samenvatting


def test_outbox_messages_go_after_their_period_and_a_code_once_it_no_longer_works(engine):
    termijnen = Bewaartermijnen()
    with transaction(engine) as session:
        mw = factories.medewerker(session)
        oud_dicht = gesloten_zaak(session, "a", NU - JAAR - timedelta(days=1), medewerker=mw)
        open_ = factories.zaak(session, gesprek_id="b", medewerker=mw, moment=NU - JAAR - timedelta(days=1))
        for sleutel, zaak, soort, moment in [
            ("mail-oud", None, "herinnering", NU - timedelta(days=31)),
            ("mail-nieuw", None, "herinnering", NU - timedelta(days=29)),
            ("code-verlopen", None, CODE_SOORT, NU - timedelta(minutes=16)),
            ("code-geldig", None, CODE_SOORT, NU - timedelta(minutes=5)),
            ("zaak-dicht", oud_dicht, "medewerker", NU - JAAR - timedelta(days=2)),
            ("zaak-open", open_, "medewerker", NU - JAAR - timedelta(days=2)),
        ]:
            bericht = plaats_bericht(session=session, sleutel=sleutel, kanaal="rest", ontvanger="x", tekst="123456",
                                     soort=soort, zaak=zaak, moment=moment)
            bericht.status = "afgeleverd"
    assert verwijder_oude_berichten(engine=engine, nu=NU, termijnen=termijnen) == 3
    with transaction(engine) as session:
        assert set(session.execute(select(UitgaandBericht.sleutel)).scalars()) == {"mail-nieuw", "code-geldig",
                                                                                  "zaak-open"}


def test_whatsapp_windows_and_mail_sink_files_go_after_their_period(engine, tmp_path):
    with transaction(engine) as session:
        session.add_all([KanaalVenster(kanaal="whatsapp", kanaal_id="31612345678", laatste_inkomend_op=NU - TERMIJN * 2),
                         KanaalVenster(kanaal="whatsapp", kanaal_id="31687654321", laatste_inkomend_op=NU)])
    assert verwijder_oude_vensters(engine=engine, nu=NU, termijn=TERMIJN) == 1
    mailmap = tmp_path / "mail"
    mailmap.mkdir()
    for naam, dagen in [("oud.eml", 15), ("nieuw.eml", 13)]:
        (mailmap / naam).write_text("Subject: x\n\nbel 06 12345678")
        moment = (NU - timedelta(days=dagen)).timestamp()
        os.utime(mailmap / naam, (moment, moment))
    assert verwijder_oude_mails(engine=engine, mailmap=mailmap, nu=NU, termijn=timedelta(days=14)) == 1
    assert [pad.name for pad in mailmap.iterdir()] == ["nieuw.eml"]
    assert {regel["soort"] for regel in audit(engine)} == {"kanaal_venster", "mail"}


def test_every_period_comes_from_the_environment():
    termijnen = Bewaartermijnen.uit_omgeving({"INGANG_BEWAAR_ZAAKGESPREK_DAGEN": "730", "INGANG_BEWAAR_BERICHT_DAGEN": "7",
                                              "INGANG_BEWAAR_MAIL_DAGEN": "3"})
    assert (termijnen.gesprek_van_zaak, termijnen.bericht_zonder_zaak, termijnen.mail) == (
        timedelta(days=730), timedelta(days=7), timedelta(days=3))
    assert Bewaartermijnen.uit_omgeving({"INGANG_BEWAAR_ZAAK_JAREN": "10"}).zaak == timedelta(days=3652.5)
    with pytest.raises(ValueError, match="INGANG_BEWAAR_MAIL_DAGEN"):
        Bewaartermijnen.uit_omgeving({"INGANG_BEWAAR_MAIL_DAGEN": "-1"})


def test_without_a_tracker_store_the_other_rules_still_run(engine):
    with transaction(engine) as session:
        session.add(KanaalVenster(kanaal="whatsapp", kanaal_id="31612345678", laatste_inkomend_op=NU - TERMIJN * 2))
    telling = pas_bewaartermijnen_toe(engine=engine, tracker=None, mailmap=None, nu=NU, termijnen=Bewaartermijnen())
    assert telling["vensters_verwijderd"] == 1 and telling["gesprekken_verwijderd"] == 0


def test_a_case_past_the_archive_period_is_erased_alone(engine, store, tracker):
    archief = Bewaartermijnen().zaak
    oud, recent = NU - archief - timedelta(days=1), NU - timedelta(days=400)
    schrijf(store, "gesprek-b", NU - timedelta(days=3))
    with transaction(engine) as session:
        mw = factories.medewerker(session)
        x = factories.ondernemer(session, kanaal_id="gesprek-a", contactnaam="Xander Oud", telefoon="+31611111111")
        y = factories.ondernemer(session, kanaal_id="gesprek-c", contactnaam="Yvonne Oud", telefoon="+31622222222")
        a = gesloten_zaak(session, "gesprek-a", oud, medewerker=mw, ondernemer=x)
        b = factories.zaak(session, gesprek_id="gesprek-b", medewerker=mw, ondernemer=x)  # X's open case
        c = gesloten_zaak(session, "gesprek-c", oud, medewerker=mw, ondernemer=y)
        d = gesloten_zaak(session, "gesprek-d", recent, medewerker=mw, met_ondernemer=False)
        nummers = {naam: zaak.nummer for naam, zaak in {"a": a, "b": b, "c": c, "d": d}.items()}

    assert verwijder_oude_zaken(engine=engine, tracker=tracker, mailmap=None, nu=NU, termijn=archief, batch=1) == 2
    with transaction(engine) as session:
        over = set(session.execute(select(Zaak.nummer)).scalars())
        namen = set(session.execute(select(Ondernemer.contactnaam)).scalars())
    assert over == {nummers["b"], nummers["d"]}
    assert namen == {"Xander Oud"}  # X has an open case and stays; Y had only the old one
    assert gesprekken(tracker) == {"gesprek-b"}
    assert [regel for regel in audit(engine) if regel["soort"] == "zaak"] == [
        {"soort": "zaak", "aantal": 2, "termijn_dagen": archief / timedelta(days=1)}]
    assert verwijder_oude_zaken(engine=engine, tracker=tracker, mailmap=None, nu=NU, termijn=archief) == 0


def test_old_failed_checks_and_one_time_codes_go_after_their_period(engine):
    with transaction(engine) as session:
        for dagen in (31, 29):
            vraag_code_aan(session=session, kanaal="telegram", kanaal_id="telegram:9", nummer="ON-2026-09999",
                           telefoon="0612345678", email=None, nu=NU - timedelta(days=dagen))
    assert verwijder_oude_controles(engine=engine, nu=NU, termijn=TERMIJN) == 2  # its audit row and its code
    with transaction(engine) as session:
        assert len(session.execute(select(Verificatiecode)).scalars().all()) == 1
        assert len(session.execute(select(AuditRegel).where(AuditRegel.wat == "status_controle_mislukt"))
                   .scalars().all()) == 1


def test_two_workers_running_every_rule_at_once_delete_each_thing_once(engine, store, tracker, tmp_path):
    """The whole job (``pas_bewaartermijnen_toe``), twice at the same moment: every rule is either one
    idempotent DELETE or checks per row, so the two only split the work and count each thing once."""
    oud = NU - TERMIJN - timedelta(days=1)
    for nummer in range(10):
        schrijf(store, f"g{nummer}", oud)
    mailmap = tmp_path / "mail"
    mailmap.mkdir()
    for nummer in range(5):
        (mailmap / f"{nummer}.eml").write_text("Subject: x\n\nx")
        os.utime(mailmap / f"{nummer}.eml", ((NU - timedelta(days=20)).timestamp(),) * 2)
    with transaction(engine) as session:
        mw = factories.medewerker(session)
        for nummer in range(4):
            gesloten_zaak(session, f"z{nummer}", NU - Bewaartermijnen().zaak - timedelta(days=1), medewerker=mw)
        session.add_all([KanaalVenster(kanaal="whatsapp", kanaal_id=f"3161234567{n}", laatste_inkomend_op=oud)
                         for n in range(3)])
    tellingen: list[dict[str, int]] = []

    def werker() -> None:
        tellingen.append(pas_bewaartermijnen_toe(engine=engine, tracker=tracker, mailmap=mailmap, nu=NU,
                                                 termijnen=Bewaartermijnen()))

    draden = [threading.Thread(target=werker) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join()
    totaal = {soort: sum(telling[soort] for telling in tellingen) for soort in tellingen[0]}
    assert len(tellingen) == 2
    assert (totaal["gesprekken_verwijderd"], totaal["mails_verwijderd"], totaal["vensters_verwijderd"],
            totaal["zaken_verwijderd"]) == (10, 5, 3, 4)
    assert gesprekken(tracker) == set() and list(mailmap.iterdir()) == []
    with transaction(engine) as session:
        assert session.execute(select(Zaak)).first() is None
