"""'Nu chatten met een medewerker': offered only when the case's own medewerker is at work and
has the console open; asking for it shows up for that medewerker until someone takes over."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from sqlalchemy import select

from actions.overdracht import live_chat as acties
from bot.accounts.models import Account, ConsoleSessie
from bot.kern.db import transaction
from bot.overname.service import kan_nu_chatten, start_overname, vraag_live_chat, wachtende_live_chats
from bot.zaken.models import Zaak
from tests import factories as maak
from tests.fakes.rasa_api import NepRasa
from tests.unit.actions.hulp import run

AMS = ZoneInfo("Europe/Amsterdam")
DINSDAG_OCHTEND = datetime(2026, 11, 24, 10, 0, tzinfo=AMS)


@pytest.fixture
def zaak_id(engine, monkeypatch) -> int:
    """A case from the REST conversation g1, its medewerker at work Monday to Friday 08:30-17:00."""
    monkeypatch.setattr(acties, "transaction", lambda: transaction(engine))
    with transaction(engine) as session:
        mehmet = maak.medewerker(session, naam="Mehmet Yılmaz", functie="accountmanager horeca")
        return maak.zaak(session, medewerker=mehmet, kanaal="rest", gesprek_id="g1", moment=DINSDAG_OCHTEND).id


def console_open(engine, zaak_id: int, laatst_gezien: datetime) -> None:
    """The case's medewerker has an account with a console session last used at ``laatst_gezien``."""
    with transaction(engine) as session:
        zaak = session.get(Zaak, zaak_id)
        account = Account(medewerker_id=zaak.medewerker_id, gebruikersnaam="mw", wachtwoord_hash="x",
                          rol="medewerker", actief=True)
        session.add(account)
        session.flush()
        session.add(ConsoleSessie(sessie_hash="h" * 64, account_id=account.id, csrf_token="c",
                                  aangemaakt_op=laatst_gezien, verloopt_op=laatst_gezien + timedelta(hours=10),
                                  laatst_gezien_op=laatst_gezien))


def kan(engine, zaak_id: int, nu: datetime) -> bool:
    with transaction(engine) as session:
        return kan_nu_chatten(session=session, zaak=session.get(Zaak, zaak_id), nu=nu)


def test_only_when_the_medewerker_is_online_and_at_work(engine, zaak_id):
    assert not kan(engine, zaak_id, DINSDAG_OCHTEND), "no console open"
    console_open(engine, zaak_id, DINSDAG_OCHTEND - timedelta(minutes=2))
    assert kan(engine, zaak_id, DINSDAG_OCHTEND)
    assert not kan(engine, zaak_id, DINSDAG_OCHTEND + timedelta(minutes=30)), "console not used for half an hour"
    avond = datetime(2026, 11, 24, 20, 0, tzinfo=AMS)
    console_open_avond = avond - timedelta(minutes=1)
    with transaction(engine) as session:
        session.execute(select(ConsoleSessie)).scalar_one().laatst_gezien_op = console_open_avond
    assert not kan(engine, zaak_id, avond), "outside working hours"


def tracker(intent: str) -> Tracker:
    return Tracker(sender_id="g1", slots={}, latest_message={"text": "nu chatten", "intent": {"name": intent}},
                   events=[], paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


def test_asking_for_a_live_chat_shows_in_the_console_until_taken_over(engine, zaak_id, monkeypatch):
    console_open(engine, zaak_id, DINSDAG_OCHTEND)
    monkeypatch.setattr(acties, "nu", lambda: DINSDAG_OCHTEND + timedelta(minutes=1))
    berichten, _ = run(acties.ActionNuChatten(), tracker("nu_chatten"))
    assert "gevraagd om nu met u te chatten" in berichten[0]["text"]

    with transaction(engine) as session:
        [(zaak, _)] = wachtende_live_chats(session=session, zaak_ids=None, nu=DINSDAG_OCHTEND + timedelta(minutes=2))
        assert zaak.id == zaak_id
        assert wachtende_live_chats(session=session, zaak_ids=[zaak_id + 1], nu=DINSDAG_OCHTEND) == []
        start_overname(session=session, rasa=NepRasa(), zaak=zaak, medewerker=zaak.medewerker,
                       nu=DINSDAG_OCHTEND + timedelta(minutes=3))
    with transaction(engine) as session:
        assert wachtende_live_chats(session=session, zaak_ids=None, nu=DINSDAG_OCHTEND + timedelta(minutes=4)) == []


def test_a_takeover_that_failed_leaves_the_request_waiting(engine, zaak_id):
    with transaction(engine) as session:
        vraag_live_chat(session=session, zaak=session.get(Zaak, zaak_id), nu=DINSDAG_OCHTEND)
    with pytest.raises(Exception, match="niet bereikbaar"), transaction(engine) as session:
        zaak = session.get(Zaak, zaak_id)
        start_overname(session=session, rasa=NepRasa(bereikbaar=False), zaak=zaak, medewerker=zaak.medewerker,
                       nu=DINSDAG_OCHTEND + timedelta(minutes=1))
    with transaction(engine) as session:
        [(zaak, _)] = wachtende_live_chats(session=session, zaak_ids=None, nu=DINSDAG_OCHTEND + timedelta(minutes=2))


def test_an_unanswered_request_expires_and_offline_keeps_the_promise(engine, zaak_id, monkeypatch):
    with transaction(engine) as session:
        vraag_live_chat(session=session, zaak=session.get(Zaak, zaak_id), nu=DINSDAG_OCHTEND)
        assert wachtende_live_chats(session=session, zaak_ids=None, nu=DINSDAG_OCHTEND + timedelta(minutes=20)) == []
    monkeypatch.setattr(acties, "nu", lambda: DINSDAG_OCHTEND)
    berichten, _ = run(acties.ActionNuChatten(), tracker("nu_chatten"))
    assert "kan nu niet chatten" in berichten[0]["text"] and "ON-" in berichten[0]["text"]


def test_without_a_case_a_person_is_offered_first(engine, zaak_id, monkeypatch):
    ander = Tracker(sender_id="iemand-anders", slots={}, latest_message={"text": "nu chatten"}, events=[],
                    paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")
    berichten, _ = run(acties.ActionNuChatten(), ander)
    assert berichten[0]["response"] == "utter_nu_chatten_zonder_zaak"
