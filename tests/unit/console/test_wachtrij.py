"""The inbox's queue of waiting chats: "Oppakken" and "Doorzetten naar collega" for the team, the reason
for who may not, the history, and that the inbox reads its case lists once per poll."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from bot.console import lezen
from bot.console.app import maak_app
from bot.console.auth import Gebruiker
from bot.console.inbox import lees_inbox
from bot.kern.db import transaction
from bot.overname.chatverzoeken import meld_onbeantwoorde
from bot.overname.service import vraag_live_chat
from bot.zaken.service import zaak_op_nummer
from tests.unit.console.hulp import (
    MAANDAG,
    Klok,
    NepRasa,
    csrf_uit,
    log_in,
    maak_accounts,
    medewerker,
    nieuwe_zaak,
    vul_database,
)

ROLLEN = {"mehmet": ("medewerker", "mehmet-yilmaz"), "lotte": ("medewerker", "lotte-bakker"),
          "sanne": ("teamleider", "sanne-de-vries"), "joost": ("medewerker", "joost-van-dijk"),
          "beheer": ("beheerder", None)}


@pytest.fixture
def klok() -> Klok:
    return Klok(MAANDAG + timedelta(hours=1, minutes=3))


@pytest.fixture
def nummer(engine, artikelen, tmp_path) -> str:
    """Mehmet's terrace case; its entrepreneur asked to chat three minutes ago."""
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, ROLLEN)
    nummer = nieuwe_zaak(engine, gesprek_id="g-wacht")["zaak"]
    with transaction(engine) as session:
        vraag_live_chat(session=session, zaak=zaak_op_nummer(session=session, nummer=nummer),
                        nu=MAANDAG + timedelta(hours=1))
    return nummer


@pytest.fixture
def rasa() -> NepRasa:
    return NepRasa()


def als(engine, klok, rasa, naam: str) -> TestClient:
    client = TestClient(maak_app(engine, klok=klok, secure=False, rasa=rasa))
    log_in(client, naam)
    return client


def chats(client) -> list[dict]:
    return client.get("/api/inbox").json()["live_chats"]


def test_a_colleague_of_the_team_claims_the_chat_and_can_then_write_in_it(engine, klok, rasa, nummer):
    with als(engine, klok, rasa, "lotte") as lotte:
        pagina = lotte.get("/").text
        assert f'action="/wachtrij/{nummer}/oppakken"' in pagina and "Doorzetten naar collega" in pagina
        [chat] = chats(lotte)
        assert (chat["voor"], chat["voor_mij"], chat["reden_oppakken"]) == ("Mehmet Yılmaz", False, None)
        assert "lotte-bakker" in {c["sleutel"] for c in chat["collega_s"]}
        assert "mehmet-yilmaz" not in {c["sleutel"] for c in chat["collega_s"]}, "not the one already asked"
        antwoord = lotte.post(f"/wachtrij/{nummer}/oppakken", data={"csrf_token": csrf_uit(pagina)},
                              follow_redirects=False)
        assert antwoord.status_code == 303 and antwoord.headers["location"] == f"/zaken/{nummer}?gedaan=opgepakt"
        assert rasa.slot("g-wacht") == "Lotte Bakker"
        zaak = lotte.get(antwoord.headers["location"]).text
        assert "U heeft de chat opgepakt" in zaak and "Chat opgepakt" in zaak
        assert 'data-staat="eigen"' in zaak, "the panel lets the one who claimed it write, though the case is Mehmet's"
        assert lotte.get(f"/zaken/{nummer}/gesprek.json").json()["staat"] == "eigen"
        bericht = lotte.post(f"/zaken/{nummer}/bericht", data={"csrf_token": csrf_uit(pagina), "tekst": "Dag, Lotte hier."},
                             follow_redirects=False)
        assert bericht.status_code == 303, "the one who claimed it writes in it, though the case is Mehmet's"
        assert chats(lotte) == []
        opnieuw = lotte.post(f"/wachtrij/{nummer}/oppakken", data={"csrf_token": csrf_uit(pagina)})
        assert opnieuw.status_code == 400 and "wacht niemand meer" in opnieuw.text


def test_passing_the_chat_on_puts_it_at_the_top_for_the_colleague_and_in_the_history(engine, klok, rasa, nummer):
    tweede = nieuwe_zaak(engine, gesprek_id="g-ander", wat="een ander terras")["zaak"]
    with transaction(engine) as session:  # another case of Mehmet's, with an older request
        zaak = zaak_op_nummer(session=session, nummer=tweede)
        zaak.medewerker = medewerker(session, "mehmet-yilmaz")
        vraag_live_chat(session=session, zaak=zaak, nu=MAANDAG + timedelta(minutes=59))
    with als(engine, klok, rasa, "mehmet") as mehmet:
        assert [c["zaak"] for c in chats(mehmet)] == [tweede, nummer], "oldest first"
        csrf = csrf_uit(mehmet.get("/").text)
        zonder = mehmet.post(f"/wachtrij/{nummer}/doorzetten", data={"csrf_token": csrf})
        assert zonder.status_code == 400 and "Doorzetten naar: Kies de collega" in zonder.text
        antwoord = mehmet.post(f"/wachtrij/{nummer}/doorzetten", data={"csrf_token": csrf, "collega": "lotte-bakker"},
                               follow_redirects=False)
        assert antwoord.status_code == 303 and antwoord.headers["location"] == "/?gedaan=doorgezet"
        assert "staat nu klaar voor uw collega" in mehmet.get("/?gedaan=doorgezet").text
        naar_ander_team = mehmet.post(f"/wachtrij/{tweede}/doorzetten",
                                      data={"csrf_token": csrf, "collega": "joost-van-dijk"})
        assert naar_ander_team.status_code == 400 and "hoort niet bij het team" in naar_ander_team.text
    with als(engine, klok, rasa, "lotte") as lotte:
        eerste, volgende = chats(lotte)
        assert (eerste["zaak"], eerste["voor_mij"], volgende["zaak"]) == (nummer, True, tweede), "hers on top"
        assert "gevraagd aan u" in lotte.get("/").text
        geschiedenis = lotte.get(f"/zaken/{nummer}").text
        assert "Chatverzoek doorgezet naar een collega" in geschiedenis and "Naar: Lotte Bakker" in geschiedenis


def test_a_teamleider_may_do_both_another_team_may_not_and_a_beheerder_without_medewerker_sees_why(
        engine, klok, rasa, nummer):
    with als(engine, klok, rasa, "sanne") as sanne:
        [chat] = chats(sanne)
        assert chat["reden_oppakken"] is None and chat["reden_doorzetten"] is None
    with als(engine, klok, rasa, "joost") as joost:
        assert chats(joost) == []
        weg = joost.post(f"/wachtrij/{nummer}/oppakken", data={"csrf_token": csrf_uit(joost.get("/").text)})
        assert weg.status_code == 404 and rasa.slot("g-wacht") is None
    with als(engine, klok, rasa, "beheer") as beheer:
        [chat] = chats(beheer)
        assert chat["reden_oppakken"] == "geen_medewerker" and chat["reden_doorzetten"] is None
        pagina = beheer.get("/").text
        assert "uw account hoort niet bij een medewerker" in pagina
        geweigerd = beheer.post(f"/wachtrij/{nummer}/oppakken", data={"csrf_token": csrf_uit(pagina)})
        assert geweigerd.status_code == 403 and "uw account hoort niet bij een medewerker" in geweigerd.text


def test_without_the_csrf_token_nothing_happens(engine, klok, rasa, nummer):
    with als(engine, klok, rasa, "lotte") as lotte:
        assert lotte.post(f"/wachtrij/{nummer}/oppakken", data={}).status_code == 403
        assert lotte.get(f"/wachtrij/{nummer}/oppakken", follow_redirects=False).headers["location"] == "/"
    assert rasa.slot("g-wacht") is None


def test_an_unanswered_request_shows_in_the_history_by_its_dutch_name(engine, klok, rasa, nummer):
    assert meld_onbeantwoorde(engine=engine, nu=MAANDAG + timedelta(hours=1, minutes=16)) == 1
    with als(engine, klok, rasa, "mehmet") as mehmet:
        pagina = mehmet.get(f"/zaken/{nummer}").text
    assert "Chatverzoek niet beantwoord" in pagina and "Gevraagd aan: Mehmet Yılmaz" in pagina


def test_the_inbox_reads_each_case_list_once_and_finds_the_same_chats(engine, klok, nummer, monkeypatch):
    gelezen = []
    echt = lezen.zaken_lijst
    monkeypatch.setattr(lezen, "zaken_lijst", lambda **kw: gelezen.append(kw["van"]) or echt(**kw))
    with transaction(engine) as session:
        gebruiker = Gebruiker(account_id=1, gebruikersnaam="lotte", rol="medewerker",
                              medewerker_id=medewerker(session, "lotte-bakker").id, csrf_token="x", via="sessie")
        inbox = lees_inbox(session=session, gebruiker=gebruiker, nu=klok.nu, gevraagd=None)
        assert sorted(gelezen) == ["mij", "team"], "one query per tab, none again for the chats"
        los = lezen.live_chats(session=session, gebruiker=gebruiker, nu=klok.nu)
    assert [c["zaak"] for c in inbox.live_chats] == [z.nummer for z, _ in los] == [nummer]


# --- availability in the assign list ("Toewijzen aan een collega") ---------------------------------


def test_the_assign_list_shows_availability_and_an_absent_colleague_needs_a_confirmation(engine, klok, rasa, nummer):
    with als(engine, klok, rasa, "mehmet") as mehmet:
        pagina = mehmet.get(f"/zaken/{nummer}").text
        opties = {sleutel: " ".join(tekst.split()) for sleutel, tekst in
                  re.findall(r'<option value="([a-z-]+)"\s*>(.*?)</option>', pagina, re.S)}
        assert opties["lotte-bakker"].endswith("afwezig t/m vrijdag 4 december (let op)"), opties["lotte-bakker"]
        assert opties["sanne-de-vries"].endswith("werkt vandaag")
        csrf = csrf_uit(pagina)
        geweigerd = mehmet.post(f"/zaken/{nummer}/toewijzen", data={"csrf_token": csrf, "medewerker": "lotte-bakker"})
        assert geweigerd.status_code == 400
        assert ("Toch toewijzen: Lotte Bakker is afwezig tot en met vrijdag 4 december. De eerste werkdag is "
                "maandag 7 december.") in geweigerd.text
        assert re.search(r'<option value="lotte-bakker" selected>', geweigerd.text), "the choice is kept"
        with transaction(engine) as session:
            assert zaak_op_nummer(session=session, nummer=nummer).medewerker.sleutel == "mehmet-yilmaz"
        gelukt = mehmet.post(f"/zaken/{nummer}/toewijzen", data={
            "csrf_token": csrf, "medewerker": "lotte-bakker", "bevestig_beschikbaarheid": "ja"}, follow_redirects=False)
        assert gelukt.status_code == 303
    with transaction(engine) as session:
        assert zaak_op_nummer(session=session, nummer=nummer).medewerker.sleutel == "lotte-bakker"


def test_who_works_only_later_in_the_week_is_a_warning_who_is_off_for_the_weekend_is_not():
    from datetime import date, time

    from bot.medewerkers.beschikbaarheid import beschikbaarheid
    from bot.medewerkers.models import Medewerker

    voltijd = Medewerker(werkdagen=[0, 1, 2, 3, 4], werktijd_begin=time(8, 30), werktijd_eind=time(17), afwezigheden=[])
    deeltijd = Medewerker(werkdagen=[3], werktijd_begin=time(8, 30), werktijd_eind=time(17), afwezigheden=[])
    zaterdag, maandag = date(2026, 11, 28), date(2026, 11, 23)
    assert not beschikbaarheid(voltijd, zaterdag).waarschuwen, "Monday is two days away"
    assert beschikbaarheid(voltijd, zaterdag).volgende_werkdag == date(2026, 11, 30)
    assert beschikbaarheid(deeltijd, maandag).waarschuwen, "Thursday is three days away"
    assert beschikbaarheid(deeltijd, date(2026, 11, 26)).werkt_vandaag
    kerst = beschikbaarheid(voltijd, date(2026, 12, 24))  # a Thursday; the 25th and 26th are holidays
    assert kerst.werkt_vandaag and not kerst.waarschuwen
