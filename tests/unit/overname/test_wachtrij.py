"""The team's queue of waiting live chats: who is asked, claiming, passing on; and the worker's job
that records a request nobody took, once, and tells the entrepreneur the promise stands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.kern.db import transaction
from bot.overname.chatverzoeken import NIET_BEANTWOORD, meld_onbeantwoorde
from bot.overname.service import vraag_live_chat
from bot.overname.wachtrij import (
    CHAT_DOORGEZET,
    CHAT_OPGEPAKT,
    ChatFout,
    collega_s_van_team,
    pak_chat_op,
    wachtrij,
    zet_chat_door,
)
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import AuditRegel
from bot.zaken.service import zaak_op_nummer
from tests.unit.beloften.hulp import twee_werkers_tegelijk
from tests.unit.console.hulp import MAANDAG, NepRasa, medewerker, nieuwe_zaak, vul_database

GEVRAAGD = MAANDAG + timedelta(hours=1)


@pytest.fixture
def nummer(engine, artikelen, tmp_path) -> str:
    """Mehmet Yılmaz's terrace case (team horeca-evenementen), whose entrepreneur asked to chat at 10.00."""
    vul_database(engine, artikelen, tmp_path)
    nummer = nieuwe_zaak(engine, gesprek_id="g-wacht")["zaak"]
    with transaction(engine) as session:
        vraag_live_chat(session=session, zaak=zaak_op_nummer(session=session, nummer=nummer), nu=GEVRAAGD)
    return nummer


def rijen(engine, wat: str) -> list[AuditRegel]:
    with transaction(engine) as session:
        return list(session.execute(select(AuditRegel).where(AuditRegel.wat == wat).order_by(AuditRegel.id)).scalars())


def voor_wie(engine, nu) -> list[str]:
    with transaction(engine) as session:
        return [chat.voor.sleutel for chat in wachtrij(session=session, zaak_ids=None, nu=nu)]


def test_the_case_medewerker_is_asked_first_and_the_team_are_its_colleagues(engine, nummer):
    assert voor_wie(engine, GEVRAAGD + timedelta(minutes=1)) == ["mehmet-yilmaz"]
    with transaction(engine) as session:
        team = {m.sleutel for m in collega_s_van_team(session=session, zaak=zaak_op_nummer(session=session, nummer=nummer))}
    assert {"mehmet-yilmaz", "lotte-bakker", "sanne-de-vries"} <= team and "joost-van-dijk" not in team


def test_a_colleague_claims_the_chat_it_is_recorded_and_a_takeover_starts(engine, nummer):
    rasa, nu = NepRasa(), GEVRAAGD + timedelta(minutes=3)
    with transaction(engine) as session:
        pak_chat_op(session=session, rasa=rasa, zaak=zaak_op_nummer(session=session, nummer=nummer),
                    medewerker=medewerker(session, "lotte-bakker"), door="console:lotte", nu=nu)
    assert rasa.slot("g-wacht") == "Lotte Bakker", "the takeover is Lotte's, not the case medewerker's"
    [opgepakt] = rijen(engine, CHAT_OPGEPAKT)
    assert opgepakt.details == {"medewerker": "lotte-bakker", "gevraagd_aan": "mehmet-yilmaz"}
    assert voor_wie(engine, nu) == [], "nobody waits any more"
    with transaction(engine) as session, pytest.raises(ChatFout, match="wacht niemand meer"):
        pak_chat_op(session=session, rasa=rasa, zaak=zaak_op_nummer(session=session, nummer=nummer),
                    medewerker=medewerker(session, "sanne-de-vries"), door="console:sanne", nu=nu)


def test_passing_the_chat_on_asks_the_colleague_and_is_recorded(engine, nummer):
    nu = GEVRAAGD + timedelta(minutes=2)
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        zet_chat_door(session=session, zaak=zaak, naar=medewerker(session, "lotte-bakker"), door="console:mehmet", nu=nu)
    assert voor_wie(engine, nu) == ["lotte-bakker"]
    assert [r.details for r in rijen(engine, CHAT_DOORGEZET)] == [{"van": "mehmet-yilmaz", "naar": "lotte-bakker"}]
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        with pytest.raises(ChatFout, match="hoort niet bij het team"):
            zet_chat_door(session=session, zaak=zaak, naar=medewerker(session, "joost-van-dijk"), door="x", nu=nu)
        with pytest.raises(ChatFout, match="al klaar voor Lotte"):
            zet_chat_door(session=session, zaak=zaak, naar=medewerker(session, "lotte-bakker"), door="x", nu=nu)
        with pytest.raises(ChatFout, match="wacht niemand meer"):  # passing on does not extend the quarter hour
            zet_chat_door(session=session, zaak=zaak, naar=medewerker(session, "sanne-de-vries"), door="x",
                          nu=GEVRAAGD + timedelta(minutes=16))


def berichten(engine) -> list[UitgaandBericht]:
    with transaction(engine) as session:
        return list(session.execute(select(UitgaandBericht).where(UitgaandBericht.soort == NIET_BEANTWOORD)).scalars())


def test_an_unanswered_request_is_recorded_once_and_the_entrepreneur_hears_the_promise_stands(engine, nummer):
    assert meld_onbeantwoorde(engine=engine, nu=GEVRAAGD + timedelta(minutes=14)) == 0, "still valid"
    assert meld_onbeantwoorde(engine=engine, nu=GEVRAAGD + timedelta(minutes=16)) == 1
    assert meld_onbeantwoorde(engine=engine, nu=GEVRAAGD + timedelta(minutes=17)) == 0, "never twice"
    [regel] = rijen(engine, NIET_BEANTWOORD)
    assert regel.wie == "systeem" and regel.details["gevraagd_aan"] == "mehmet-yilmaz"
    [bericht] = berichten(engine)
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        zin = zaak.beloften[-1].zin
    assert (bericht.kanaal, bericht.ontvanger) == ("rest", "g-wacht"), "the case's own channel"
    assert "niet gelukt" in bericht.tekst and f"De afspraak blijft staan: {zin}" in bericht.tekst
    assert "Mehmet Yılmaz" in zin


def test_a_claimed_or_newer_request_is_not_reported(engine, nummer):
    with transaction(engine) as session:
        pak_chat_op(session=session, rasa=NepRasa(), zaak=zaak_op_nummer(session=session, nummer=nummer),
                    medewerker=medewerker(session, "mehmet-yilmaz"), door="console:mehmet",
                    nu=GEVRAAGD + timedelta(minutes=5))
    assert meld_onbeantwoorde(engine=engine, nu=GEVRAAGD + timedelta(minutes=16)) == 0
    assert rijen(engine, NIET_BEANTWOORD) == [] and berichten(engine) == []


def test_a_request_long_expired_when_the_worker_comes_back_is_left_alone(engine, nummer):
    assert meld_onbeantwoorde(engine=engine, nu=GEVRAAGD + timedelta(hours=3)) == 0
    assert berichten(engine) == []


def test_two_workers_at_the_same_moment_record_it_once(engine, nummer, database_url):
    tellingen = twee_werkers_tegelijk(
        database_url, lambda eigen_engine, werker: {"gemeld": meld_onbeantwoorde(
            engine=eigen_engine, nu=GEVRAAGD + timedelta(minutes=16))})
    assert sum(t["gemeld"] for t in tellingen) == 1
    assert len(rijen(engine, NIET_BEANTWOORD)) == 1 and len(berichten(engine)) == 1
