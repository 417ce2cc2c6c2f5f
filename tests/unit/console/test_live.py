"""The console stays live: the case page's transcript as JSON (polled), and the entrepreneurs
waiting for a live chat in the inbox and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from bot.console.app import maak_app
from bot.kern.db import transaction
from bot.overname.service import vraag_live_chat
from bot.zaken.service import zaak_op_nummer
from tests.unit.console.hulp import (
    MAANDAG,
    Klok,
    NepRasa,
    account_met_token,
    log_in,
    maak_accounts,
    nieuwe_zaak,
    vul_database,
)


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    return engine


@pytest.fixture
def klok() -> Klok:
    return Klok(MAANDAG + timedelta(hours=1))


def test_the_transcript_json_is_text_and_follows_new_messages(gevuld, klok):
    nummer = nieuwe_zaak(gevuld, gesprek_id="g-live")["zaak"]
    rasa = NepRasa()
    rasa.gebeurtenissen_per_gesprek["g-live"] = [
        {"event": "user", "text": "<script>alert(1)</script> hallo?", "timestamp": MAANDAG.timestamp()},
        {"event": "bot", "text": "Dag!", "timestamp": MAANDAG.timestamp() + 1},
    ]
    maak_accounts(gevuld, {"mehmet": ("medewerker", "mehmet-yilmaz"), "lotte": ("medewerker", "lotte-bakker"),
                           "joost": ("medewerker", "joost-van-dijk")})
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=rasa)) as client:
        log_in(client, "mehmet")
        eerste = client.get(f"/zaken/{nummer}/gesprek.json").json()
        assert [r["soort"] for r in eerste["regels"]] == ["ondernemer", "assistent"]
        assert eerste["regels"][0]["tekst"] == "<script>alert(1)</script> hallo?"  # as text; live.js uses textContent
        rasa.gebeurtenissen_per_gesprek["g-live"].append(
            {"event": "user", "text": "ik typ nog iets", "timestamp": MAANDAG.timestamp() + 5})
        assert client.get(f"/zaken/{nummer}/gesprek.json").json()["regels"][-1]["tekst"] == "ik typ nog iets"
        pagina = client.get(f"/zaken/{nummer}").text
        assert 'data-bron="/zaken/' in pagina and "/static/live.js" in pagina
        assert "<script>alert(1)</script>" not in pagina

    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=rasa)) as ander:
        log_in(ander, "joost")  # another team: the case does not exist for them
        assert ander.get(f"/zaken/{nummer}/gesprek.json").status_code == 404


def test_a_waiting_live_chat_shows_in_the_inbox_and_the_api(gevuld, klok):
    nummer = nieuwe_zaak(gevuld, gesprek_id="g-wacht", wat="terras <b>groot</b>")["zaak"]
    with transaction(gevuld) as session:
        vraag_live_chat(session=session, zaak=zaak_op_nummer(session=session, nummer=nummer), nu=klok.nu)
    kop = {"Authorization": "Bearer " + account_met_token(gevuld, gebruikersnaam="mehmet", rol="medewerker",
                                                          sleutel="mehmet-yilmaz")}
    buiten = {"Authorization": "Bearer " + account_met_token(gevuld, gebruikersnaam="joost", rol="medewerker",
                                                             sleutel="joost-van-dijk")}
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as client:
        [chat] = client.get("/api/live-chats", headers=kop).json()["live_chats"]
        assert chat["zaak"] == nummer and chat["url"] == f"/zaken/{nummer}"
        assert client.get("/api/live-chats", headers=buiten).json()["live_chats"] == []
        klok.nu += timedelta(minutes=30)
        assert client.get("/api/live-chats", headers=kop).json()["live_chats"] == [], "a request expires"


def test_the_case_page_shows_messages_sent_and_a_whatsapp_template(gevuld, klok):
    from bot.uitgaand.service import plaats_bericht_voor_zaak

    nummer = nieuwe_zaak(gevuld, gesprek_id="31612345678", kanaal="whatsapp")["zaak"]
    with transaction(gevuld) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        bericht = plaats_bericht_voor_zaak(session=session, zaak=zaak, sleutel="t1", soort="medewerker",
                                           tekst="Ik bel u morgen <b>om tien uur</b>.", moment=klok.nu)
        bericht.status, bericht.afgeleverd_op, bericht.sjabloon = "afgeleverd", klok.nu, "ingang_bericht"
    maak_accounts(gevuld, {"mehmet": ("medewerker", "mehmet-yilmaz")})
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as client:
        log_in(client, "mehmet")
        pagina = client.get(f"/zaken/{nummer}").text
    assert "Berichten aan de ondernemer" in pagina
    assert "Via sjabloon 'ingang_bericht'" in pagina and "24-uursvenster" in pagina
    assert "&lt;b&gt;om tien uur&lt;/b&gt;" in pagina


def test_closing_a_case_ends_its_takeover(gevuld, klok):
    from bot.overname.service import actieve_overname, start_overname
    from tests.unit.console.hulp import csrf_uit

    nummer = nieuwe_zaak(gevuld, gesprek_id="g-dicht")["zaak"]
    rasa = NepRasa()
    with transaction(gevuld) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        start_overname(session=session, rasa=rasa, zaak=zaak, medewerker=zaak.medewerker, nu=klok.nu)
    maak_accounts(gevuld, {"mehmet": ("medewerker", "mehmet-yilmaz")})
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=rasa)) as client:
        log_in(client, "mehmet")
        token = csrf_uit(client.get(f"/zaken/{nummer}").text)
        client.post(f"/zaken/{nummer}/sluiten", data={"csrf_token": token, "notitie": "klaar", "bevestigd": "ja"})
    with transaction(gevuld) as session:
        assert actieve_overname(session=session, kanaal="rest", gesprek_id="g-dicht") is None
    assert rasa.slots[-1] == ("g-dicht", None)
