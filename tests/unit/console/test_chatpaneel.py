"""The chat panel's JSON routes (bot/console/chatroutes.py): the same checks as the forms (login, CSRF, the
right to change the case, the takeover must be yours, the size of a message), a teamleider who steps in or
releases, the hand-back notice that comes from the assistant, canned replies and kennisbank answers to insert."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.console.app import maak_app
from bot.console.chatpaneel import lees_snelle_antwoorden, snelle_antwoorden
from bot.kern.configuratie import ConfiguratieFout
from bot.kern.db import transaction
from bot.overname.models import Overname
from bot.overname.typen import HOOGSTENS_ELKE, ZICHTBAAR, ondernemer_typt
from tests.fakes.telegram import FakeTelegram
from tests.unit.console.hulp import (
    MAANDAG,
    Klok,
    NepRasa,
    audit,
    berichten,
    csrf_uit,
    log_in,
    maak_accounts,
    nieuwe_zaak,
    vul_database,
)

ROLLEN = {
    "mehmet": ("medewerker", "mehmet-yilmaz"),  # handles the case (team horeca-evenementen)
    "lotte": ("medewerker", "lotte-bakker"),  # same team, not the handler: reads, does not change
    "sanne": ("teamleider", "sanne-de-vries"),  # leads horeca-evenementen
    "pieter": ("teamleider", "pieter-jansen"),  # leads another team: does not see the case
}


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, ROLLEN)
    return engine


@pytest.fixture
def klok() -> Klok:
    return Klok(MAANDAG + timedelta(hours=1))


@pytest.fixture
def nummer(gevuld) -> str:
    return nieuwe_zaak(gevuld)["zaak"]


@pytest.fixture
def rasa() -> NepRasa:
    return NepRasa()


class Paneel:
    """One person's browser: logged in, with the CSRF token of the page."""

    def __init__(self, client: TestClient, nummer: str) -> None:
        self.client, self.nummer = client, nummer
        self.csrf = csrf_uit(client.get("/").text)

    def post(self, actie: str, gegevens: dict | None = None, csrf: str | None = "goed"):
        kop = {"X-CSRF-Token": self.csrf if csrf == "goed" else csrf} if csrf is not None else {}
        return self.client.post(f"/zaken/{self.nummer}/gesprek/{actie}", json=gegevens or {}, headers=kop,
                                follow_redirects=False)

    def staat(self) -> dict:
        return self.client.get(f"/zaken/{self.nummer}/gesprek.json").json()


@pytest.fixture
def open_paneel(gevuld, klok, rasa, nummer):
    clients = []

    def open_(naam: str) -> Paneel:
        client = TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=rasa)).__enter__()
        clients.append(client)
        assert log_in(client, naam).status_code == 303
        return Paneel(client, nummer)

    yield open_
    for client in clients:
        client.__exit__(None, None, None)


def test_take_over_send_and_hand_back_as_json_without_a_reload(open_paneel, gevuld, rasa):
    mehmet = open_paneel("mehmet")
    assert mehmet.staat()["staat"] == "vrij"
    antwoord = mehmet.post("overnemen")
    assert antwoord.status_code == 200 and antwoord.json()["staat"] == "eigen"
    assert antwoord.json()["overgenomen_door"] == "Mehmet Yılmaz" and rasa.slots == [("g1", "Mehmet Yılmaz")]

    antwoord = mehmet.post("bericht", {"tekst": "  Ik kijk het <b>na</b>.\nMoment.  "})
    assert antwoord.status_code == 200
    assert antwoord.json()["regel"] | {"op": None} == {"soort": "medewerker", "wie": "Mehmet Yılmaz",
                                                     "tekst": "Ik kijk het <b>na</b>.\nMoment.", "op": None}
    bericht = [b for b in berichten(gevuld) if b.soort == "medewerker"][0]
    assert bericht.tekst == "Ik kijk het <b>na</b>.\nMoment." and bericht.custom["medewerker"]["naam"] == "Mehmet Yılmaz"

    leeg = mehmet.post("bericht", {"tekst": "   "})
    assert leeg.status_code == 400 and leeg.json()["fout"] == "Typ eerst een bericht."
    te_lang = mehmet.post("bericht", {"tekst": "a" * 2001})
    assert te_lang.status_code == 400 and "2001 tekens" in te_lang.json()["fout"]
    assert mehmet.post("bericht", {"tekst": 12}).status_code == 400
    assert len([b for b in berichten(gevuld) if b.soort == "medewerker"]) == 1

    te_lang = mehmet.post("teruggeven", {"notitie": "n" * 2001})
    assert te_lang.status_code == 400 and "2001 tekens" in te_lang.json()["fout"] and rasa.slots[-1][1]
    antwoord = mehmet.post("teruggeven", {"notitie": "Ondernemer stuurt de tekening per mail."})
    assert antwoord.status_code == 200 and antwoord.json() | {"mag_ingrijpen": False} == {
        "staat": "vrij", "overgenomen_door": None, "mag_ingrijpen": False, "ondernemer_typt": False}
    assert rasa.slots[-1] == ("g1", None)
    [notitie] = [b for b in berichten(gevuld) if b.soort == "overname_teruggegeven"]
    assert not (notitie.custom or {}).get("medewerker"), "the hand-back notice is the assistant's, not Mehmet's"
    assert not rasa.berichten[-1][2].get("medewerker")
    assert audit(gevuld, "overname_teruggegeven")[0].wie == "console:mehmet"
    [notitie] = audit(gevuld, "overname_notitie")  # for colleagues: in the history, never to the entrepreneur
    assert notitie.wie == "console:mehmet" and notitie.details == {"notitie": "Ondernemer stuurt de tekening per mail."}
    assert not any("tekening" in b.tekst for b in berichten(gevuld)) and not any("tekening" in t for _, t, _ in rasa.berichten)
    assert "Notitie bij het teruggeven van het gesprek" in mehmet.client.get(f"/zaken/{mehmet.nummer}").text


def test_a_json_step_needs_the_csrf_token_and_a_login(open_paneel, gevuld, klok, rasa, nummer):
    mehmet = open_paneel("mehmet")
    for csrf in (None, "verkeerd"):
        antwoord = mehmet.post("overnemen", csrf=csrf)
        assert antwoord.status_code == 403 and "CSRF" in antwoord.text
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=rasa)) as anoniem:
        antwoord = anoniem.post(f"/zaken/{nummer}/gesprek/overnemen", json={}, follow_redirects=False)
        assert antwoord.status_code == 303 and antwoord.headers["location"].startswith("/login")
    assert mehmet.post("overnemen", gegevens=None).status_code == 200
    onleesbaar = mehmet.client.post(f"/zaken/{nummer}/gesprek/bericht", content=b"{niet json",
                                    headers={"X-CSRF-Token": mehmet.csrf, "Content-Type": "application/json"})
    assert onleesbaar.status_code == 400 and "fout" in onleesbaar.json()
    assert rasa.slots == [("g1", "Mehmet Yılmaz")], "nothing happened before the token was right"


def test_who_may_not_change_the_case_or_does_not_hold_the_takeover_is_refused(open_paneel, gevuld, rasa):
    lotte, pieter, sanne, mehmet = (open_paneel(n) for n in ("lotte", "pieter", "sanne", "mehmet"))
    assert lotte.staat()["staat"] == "geen"
    assert lotte.post("overnemen").status_code == 403
    assert pieter.post("overnemen").status_code == 404
    assert pieter.client.get(f"/zaken/{pieter.nummer}/gesprek.json").status_code == 404
    assert mehmet.post("bericht", {"tekst": "Hallo"}).json()["fout"] == "U heeft dit gesprek niet overgenomen."
    assert mehmet.post("overnemen").status_code == 200

    for actie in ("bericht", "teruggeven"):
        antwoord = sanne.post(actie, {"tekst": "Ik neem het over"})
        assert antwoord.status_code == 400 and antwoord.json()["fout"] == "U heeft dit gesprek niet overgenomen."
    gezien = sanne.post("overnemen")
    assert gezien.status_code == 400 and gezien.json()["fout"] == "Mehmet Yılmaz heeft dit gesprek al overgenomen."
    assert lotte.post("ingrijpen").status_code == 403
    assert mehmet.post("ingrijpen").status_code == 403, "a medewerker cannot step into a colleague's chat"
    assert rasa.slots == [("g1", "Mehmet Yılmaz")]


def test_a_teamleider_steps_in_and_the_medewerker_sees_it(open_paneel, gevuld, rasa):
    mehmet, sanne = open_paneel("mehmet"), open_paneel("sanne")
    assert sanne.staat()["staat"] == "vrij"
    mehmet.post("overnemen")
    assert sanne.staat() | {"regels": []} == {"regels": [], "staat": "ander", "overgenomen_door": "Mehmet Yılmaz",
                                              "mag_ingrijpen": True, "fout": None, "ondernemer_typt": False}
    assert mehmet.staat()["mag_ingrijpen"] is False

    antwoord = sanne.post("ingrijpen")
    assert antwoord.status_code == 200 and antwoord.json()["staat"] == "eigen"
    assert antwoord.json()["overgenomen_door"] == "Sanne de Vries"
    assert mehmet.staat()["staat"] == "ander" and mehmet.staat()["overgenomen_door"] == "Sanne de Vries"
    assert mehmet.post("bericht", {"tekst": "Nog iets"}).status_code == 400
    assert sanne.post("bericht", {"tekst": "Ik help u verder."}).status_code == 200
    assert rasa.slots == [("g1", "Mehmet Yılmaz"), ("g1", "Sanne de Vries")], "the bot stays silent throughout"

    [stap] = audit(gevuld, "overname_ingegrepen")
    assert stap.wie == "console:sanne" and stap.details == {"van": "mehmet-yilmaz", "medewerker": "sanne-de-vries"}
    teksten = [b.tekst for b in berichten(gevuld)]
    assert any(t.startswith("U chat nu met Sanne de Vries,") for t in teksten), "the entrepreneur is told who joined"
    pagina = sanne.client.get(f"/zaken/{sanne.nummer}").text
    assert "Gesprek overgenomen van een collega" in pagina and "Van: Mehmet Yılmaz" in pagina


def test_a_teamleider_releases_a_takeover_and_the_assistant_answers_again(open_paneel, gevuld, rasa):
    mehmet, sanne = open_paneel("mehmet"), open_paneel("sanne")
    mehmet.post("overnemen")
    antwoord = sanne.post("vrijgeven")
    assert antwoord.status_code == 200 and antwoord.json()["staat"] == "vrij"
    assert rasa.slots[-1] == ("g1", None) and mehmet.staat()["staat"] == "vrij"
    [stap] = audit(gevuld, "overname_teruggegeven")
    assert stap.wie == "console:sanne" and stap.details["medewerker"] == "mehmet-yilmaz"
    again = sanne.post("vrijgeven")
    assert again.status_code == 400 and again.json()["fout"] == "Dit gesprek is niet (meer) overgenomen."


def test_step_in_and_release_work_as_forms_without_javascript(open_paneel, gevuld, rasa):
    mehmet, sanne = open_paneel("mehmet"), open_paneel("sanne")
    mehmet.post("overnemen")
    html = sanne.client.get(f"/zaken/{sanne.nummer}").text
    assert "Gesprek van collega overnemen" in html and "Gesprek vrijgeven" in html
    antwoord = sanne.client.post(f"/zaken/{sanne.nummer}/ingrijpen", data={"csrf_token": sanne.csrf},
                                 follow_redirects=False)
    assert antwoord.status_code == 303 and antwoord.headers["location"].endswith("?gedaan=ingegrepen")
    antwoord = mehmet.client.post(f"/zaken/{mehmet.nummer}/vrijgeven", data={"csrf_token": mehmet.csrf})
    assert antwoord.status_code == 403
    antwoord = sanne.client.post(f"/zaken/{sanne.nummer}/teruggeven", data={"csrf_token": sanne.csrf,
                                 "notitie": "Afgehandeld."}, follow_redirects=False)
    assert antwoord.status_code == 303 and rasa.slots[-1] == ("g1", None)
    assert audit(gevuld, "overname_notitie")[0].details == {"notitie": "Afgehandeld."}
    assert sanne.client.get(f"/zaken/{sanne.nummer}/ingrijpen", follow_redirects=False).status_code == 303


def test_kennisbank_answers_to_insert_use_the_kennisbank_search(open_paneel):
    mehmet = open_paneel("mehmet")
    artikelen = mehmet.client.get(f"/zaken/{mehmet.nummer}/gesprek/kennisbank.json?zoek=terras").json()["artikelen"]
    assert artikelen and artikelen[0]["id"] == "terrasvergunning" and len(artikelen) <= 5
    assert "\n\nMeer informatie: https://" in artikelen[0]["tekst"]
    assert mehmet.client.get(f"/zaken/{mehmet.nummer}/gesprek/kennisbank.json?zoek=x").json() == {"artikelen": []}
    pieter = open_paneel("pieter")
    assert pieter.client.get(f"/zaken/{pieter.nummer}/gesprek/kennisbank.json?zoek=terras").status_code == 404


def test_the_canned_replies_are_read_checked_and_on_the_page(open_paneel, tmp_path):
    antwoorden = snelle_antwoorden()
    assert len(antwoorden) >= 3 and all(a.label and a.tekst for a in antwoorden)
    mehmet = open_paneel("mehmet")
    html = mehmet.client.get(f"/zaken/{mehmet.nummer}").text
    assert f'data-tekst="{antwoorden[0].tekst}"' in html and "Invoegen uit kennisbank" in html

    slecht = tmp_path / "snel.yml"
    slecht.write_text("snelle_antwoorden:\n"
                      "  - {sleutel: a, label: 'Een knop met veel te veel woorden erop', tekst: 'Hallo'}\n"
                      "  - {sleutel: b, label: Kort, tekst: ''}\n", encoding="utf-8")
    with pytest.raises(ConfiguratieFout) as fout:
        lees_snelle_antwoorden(slecht)
    assert "a.label" in str(fout.value) and "b.tekst" in str(fout.value)
    dubbel = tmp_path / "dubbel.yml"
    dubbel.write_text("snelle_antwoorden:\n  - {sleutel: a, label: A, tekst: x}\n  - {sleutel: a, label: B, tekst: y}\n",
                      encoding="utf-8")
    with pytest.raises(ConfiguratieFout, match="twee keer"):
        lees_snelle_antwoorden(dubbel)


# --- typing markers (bot/overname/typen.py) ------------------------------------------------------


def medewerker_typt_tot(engine):
    with transaction(engine) as session:
        return session.execute(select(Overname.medewerker_typt_tot)).scalar_one()


def test_only_the_medewerker_holding_the_takeover_signals_typing(open_paneel, gevuld, klok):
    mehmet, sanne = open_paneel("mehmet"), open_paneel("sanne")
    assert mehmet.post("typen").status_code == 400, "no takeover yet"
    assert mehmet.post("overnemen").status_code == 200
    assert mehmet.post("typen", csrf=None).status_code == 403, "CSRF as for every POST"
    assert sanne.post("typen").status_code == 400, "the teamleider does not hold it"
    assert open_paneel("pieter").post("typen").status_code == 404
    assert medewerker_typt_tot(gevuld) is None
    antwoord = mehmet.post("typen")
    assert antwoord.status_code == 200 and antwoord.json() == {}
    assert medewerker_typt_tot(gevuld) == klok.nu + ZICHTBAAR
    assert mehmet.post("bericht", {"tekst": "Ik kijk het na."}).status_code == 200
    assert medewerker_typt_tot(gevuld) is None, "the message ends the marker"


def test_the_panel_shows_the_entrepreneur_typing_for_a_few_seconds(open_paneel, gevuld, klok):
    mehmet = open_paneel("mehmet")
    assert mehmet.post("overnemen").json()["ondernemer_typt"] is False
    with transaction(gevuld) as session:
        assert ondernemer_typt(session=session, kanaal="rest", gesprek_id="g1", nu=klok.nu)
    assert mehmet.staat()["ondernemer_typt"] is True
    assert open_paneel("sanne").staat()["ondernemer_typt"] is True, "colleagues who look along see it too"
    assert "Café De Hoek typt…" in mehmet.client.get(f"/zaken/{mehmet.nummer}").text
    klok.nu += ZICHTBAAR
    assert mehmet.staat()["ondernemer_typt"] is False


def test_on_telegram_the_medewerkers_typing_is_a_chat_action(open_paneel, gevuld, klok, monkeypatch):
    with FakeTelegram() as telegram:
        for naam, waarde in (("TOKEN", telegram.token), ("SECRET", "geheim-" + "x" * 20), ("API_URL", telegram.api_url)):
            monkeypatch.setenv(f"INGANG_TELEGRAM_{naam}", waarde)
        zaak = nieuwe_zaak(gevuld, kanaal="telegram", gesprek_id="telegram:4242")
        assert zaak["medewerker"]["naam"] == "Sanne de Vries"  # the router's choice: Mehmet has the first case
        sanne = open_paneel("sanne")
        sanne.nummer = zaak["zaak"]
        assert sanne.post("overnemen").status_code == 200
        assert sanne.post("typen").status_code == 200
        assert sanne.post("typen").status_code == 200, "within the throttle: no second chat action"
        klok.nu += HOOGSTENS_ELKE + timedelta(seconds=1)
        assert sanne.post("typen").status_code == 200
        assert [(str(c.params["chat_id"]), c.params["action"]) for c in telegram.calls_to("sendChatAction")] == [
            ("4242", "typing"), ("4242", "typing")]
