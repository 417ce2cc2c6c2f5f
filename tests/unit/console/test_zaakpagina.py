"""The case page as staff use it all day (issue 14, items 5, 7 and 10): closing with a confirmation and an
optional message to the entrepreneur, forms that keep what was typed and name fields by their label,
post/redirect/get, a page title without script, a favicon, channel names and a history with names."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.console.app import maak_app
from bot.kern.db import transaction
from bot.overname.service import start_overname
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import AuditRegel
from bot.zaken.service import zaak_op_nummer
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, csrf_uit, log_in, maak_accounts, nieuwe_zaak, vul_database


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet": ("medewerker", "mehmet-yilmaz"), "beheer": ("beheerder", None)})
    return engine


@pytest.fixture
def klok() -> Klok:
    return Klok(MAANDAG + timedelta(hours=1))


@pytest.fixture
def client(gevuld, klok):
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as client:
        assert log_in(client, "mehmet").status_code == 303
        yield client


@pytest.fixture
def nummer(gevuld) -> str:
    return nieuwe_zaak(gevuld, gesprek_id="g-pagina")["zaak"]


def csrf(client, nummer: str) -> str:
    return csrf_uit(client.get(f"/zaken/{nummer}").text)


def status_van(engine, nummer: str) -> str:
    with transaction(engine) as session:
        return str(zaak_op_nummer(session=session, nummer=nummer).status)


def berichten(engine, nummer: str, soort: str) -> list[UitgaandBericht]:
    with transaction(engine) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        rijen = session.execute(select(UitgaandBericht).where(UitgaandBericht.zaak_id == zaak.id,
                                                              UitgaandBericht.soort == soort)).scalars()
        return [session.merge(r) for r in rijen]


# --- afronden (item 5) -----------------------------------------------------------------------------


def test_the_case_page_asks_for_confirmation_before_closing(client, gevuld, nummer):
    pagina = client.get(f"/zaken/{nummer}").text
    assert f'action="/zaken/{nummer}/afronden"' in pagina  # a GET to the confirmation page
    assert f'method="post" action="/zaken/{nummer}/sluiten"' not in pagina  # no one-click close

    bevestigen = client.get(f"/zaken/{nummer}/afronden")
    assert bevestigen.status_code == 200
    assert "Ja, rond de zaak af" in bevestigen.text and 'name="bevestigd" value="ja"' in bevestigen.text
    assert "De open belofte aan de ondernemer vervalt" in bevestigen.text
    assert status_van(gevuld, nummer) == "toegewezen"


def test_a_close_without_the_confirmation_changes_nothing_and_shows_the_confirmation(client, gevuld, nummer):
    antwoord = client.post(f"/zaken/{nummer}/sluiten", data={"csrf_token": csrf(client, nummer), "notitie": "klaar",
                                                              "bericht": "Alles is geregeld."}, follow_redirects=False)
    assert antwoord.status_code == 200
    assert "Ja, rond de zaak af" in antwoord.text
    assert ">klaar</textarea>" in antwoord.text and ">Alles is geregeld.</textarea>" in antwoord.text
    assert status_van(gevuld, nummer) == "toegewezen"
    assert berichten(gevuld, nummer, "afgerond") == []


def test_a_confirmed_close_with_a_message_puts_it_in_the_outbox_for_the_entrepreneur(client, gevuld, nummer):
    antwoord = client.post(f"/zaken/{nummer}/sluiten", data={
        "csrf_token": csrf(client, nummer), "bevestigd": "ja", "notitie": "vergunning verleend",
        "bericht": "Uw terrasvergunning is verleend. U krijgt de brief binnen een week."}, follow_redirects=False)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == f"/zaken/{nummer}?gedaan=gesloten_met_bericht"
    assert status_van(gevuld, nummer) == "afgerond"
    [bericht] = berichten(gevuld, nummer, "afgerond")
    assert (bericht.kanaal, bericht.ontvanger, bericht.status) == ("rest", "g-pagina", "wachtend")
    assert bericht.tekst.startswith(f"Uw zaak {nummer} is afgerond. Mehmet Yılmaz, ")
    assert bericht.tekst.endswith("Uw terrasvergunning is verleend. U krijgt de brief binnen een week.")
    pagina = client.get(antwoord.headers["location"]).text
    assert "Uw bericht gaat naar de ondernemer" in pagina
    assert "Uw terrasvergunning is verleend." in pagina  # in "Berichten aan de ondernemer"
    with transaction(gevuld) as session:
        wat = [r.wat for r in session.execute(select(AuditRegel).order_by(AuditRegel.id)).scalars()]
    assert wat[-2:] == ["zaak_afgerond", "ondernemer_geinformeerd"]


def test_a_confirmed_close_without_a_message_sends_nothing(client, gevuld, nummer):
    antwoord = client.post(f"/zaken/{nummer}/sluiten", data={"csrf_token": csrf(client, nummer), "bevestigd": "ja",
                                                              "bericht": "  "}, follow_redirects=False)
    assert antwoord.status_code == 303 and antwoord.headers["location"].endswith("?gedaan=gesloten")
    assert status_van(gevuld, nummer) == "afgerond"
    assert berichten(gevuld, nummer, "afgerond") == []
    assert "De ondernemer heeft geen bericht gekregen." in client.get(antwoord.headers["location"]).text


def test_a_too_long_closing_message_comes_back_with_what_was_typed(client, gevuld, nummer):
    lang = "Dit is een lang bericht. " * 100
    antwoord = client.post(f"/zaken/{nummer}/sluiten", data={"csrf_token": csrf(client, nummer), "bevestigd": "ja",
                                                              "notitie": "mijn notitie", "bericht": lang})
    assert antwoord.status_code == 400
    assert "Bericht aan de ondernemer: Het bericht is" in antwoord.text and "bericht:" not in antwoord.text
    assert ">mijn notitie</textarea>" in antwoord.text and lang.strip() in antwoord.text
    assert status_van(gevuld, nummer) == "toegewezen"


def test_the_api_closes_with_a_message_too(client, gevuld, nummer):
    antwoord = client.post(f"/api/zaken/{nummer}/sluiten", json={"bericht": "Klaar, succes!"},
                           headers={"X-CSRF-Token": csrf(client, nummer)})
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "afgerond"
    assert berichten(gevuld, nummer, "afgerond")[0].tekst.endswith("Klaar, succes!")


# --- forms (item 7) --------------------------------------------------------------------------------


def belofte_id(client, nummer: str) -> int:
    return client.get(f"/api/zaken/{nummer}").json()["open_belofte"]["id"]


def test_a_refused_form_keeps_what_was_typed_and_names_fields_by_their_label(client, nummer):
    pad = f"/zaken/{nummer}/beloften/{belofte_id(client, nummer)}/verzetten"
    antwoord = client.post(pad, data={"csrf_token": csrf(client, nummer), "datum": "2026-11-20", "tijd": "10:30",
                                      "reden": "Ziek, Lotte neemt het over"})
    assert antwoord.status_code == 400
    assert 'value="2026-11-20"' in antwoord.text and 'value="10:30"' in antwoord.text
    assert ">Ziek, Lotte neemt het over</textarea>" in antwoord.text
    assert "Nieuwe datum en tijd: De nieuwe deadline moet in de toekomst liggen." in antwoord.text
    assert "deadline:" not in antwoord.text

    antwoord = client.post(pad, data={"csrf_token": csrf(client, nummer), "datum": "2026-11-27", "tijd": "10:30"})
    assert antwoord.status_code == 400
    assert '<a href="#reden">Reden: Geef een reden op.</a>' in antwoord.text and "reden:" not in antwoord.text
    assert 'value="2026-11-27"' in antwoord.text


def test_verzetten_refuses_a_moment_outside_working_hours_unless_confirmed(client, gevuld, nummer):
    """Mehmet works Monday, Tuesday and Thursday 08:30-17:00: Sunday 03:00 is refused with the first moment he works; the
    form shows his working hours; ticking "Ook buiten de werktijden" accepts it."""
    pagina = " ".join(client.get(f"/zaken/{nummer}").text.split())
    assert "Werktijden van Mehmet Yılmaz: ma, di, do, 08.30–17.00 uur." in pagina
    pad = f"/zaken/{nummer}/beloften/{belofte_id(client, nummer)}/verzetten"
    zondagnacht = {"csrf_token": csrf(client, nummer), "datum": "2026-11-29", "tijd": "03:00", "reden": "drukte"}
    antwoord = client.post(pad, data=zondagnacht)
    assert antwoord.status_code == 400
    assert "Mehmet Yılmaz werkt dan niet" in antwoord.text and "maandag 30 november om 08.30 uur" in antwoord.text
    assert 'value="2026-11-29"' in antwoord.text and berichten(gevuld, nummer, "verzet") == []
    antwoord = client.post(pad, data=zondagnacht | {"buiten_werktijd": "ja"}, follow_redirects=False)
    assert antwoord.status_code == 303 and len(berichten(gevuld, nummer, "verzet")) == 1
    # closing time itself is a moment one can promise ("vóór 17.00 uur")
    antwoord = client.post(f"/api/beloften/{belofte_id(client, nummer)}/verzetten", headers={
        "X-CSRF-Token": csrf(client, nummer)}, json={"deadline": "2026-11-30T17:00+01:00", "reden": "drukte"})
    assert antwoord.status_code == 200, antwoord.text


def test_a_refused_assignment_keeps_the_chosen_colleague(client, nummer):
    antwoord = client.post(f"/zaken/{nummer}/toewijzen", data={"csrf_token": csrf(client, nummer),
                                                                 "medewerker": "mehmet-yilmaz"})
    assert antwoord.status_code == 400
    assert "Collega: De zaak staat al op naam van Mehmet Yılmaz." in antwoord.text


def test_forms_that_went_through_redirect_with_303_and_their_address_leads_back_to_the_case(client, nummer):
    pad = f"/zaken/{nummer}/beloften/{belofte_id(client, nummer)}/verzetten"
    antwoord = client.post(pad, data={"csrf_token": csrf(client, nummer), "datum": "2026-11-30", "tijd": "10:30",
                                      "reden": "drukte"}, follow_redirects=False)  # a Monday: Mehmet works
    assert antwoord.status_code == 303 and antwoord.headers["location"] == f"/zaken/{nummer}?gedaan=verzet"
    antwoord = client.post(f"/zaken/{nummer}/toewijzen", data={"csrf_token": csrf(client, nummer),
                                                                 "medewerker": "lotte-bakker",
                                                                 "bevestig_beschikbaarheid": "ja"},  # she is absent
                           follow_redirects=False)
    assert antwoord.status_code == 303 and antwoord.headers["location"] == f"/zaken/{nummer}?gedaan=toegewezen"
    for deel in ("toewijzen", "sluiten", "bericht", f"beloften/{belofte_id(client, nummer)}/verzetten"):
        antwoord = client.get(f"/zaken/{nummer}/{deel}", follow_redirects=False)
        assert antwoord.status_code == 303 and antwoord.headers["location"] == f"/zaken/{nummer}", deel


# --- leftovers (item 10) ---------------------------------------------------------------------------


def test_no_page_has_a_script_in_its_title_and_scripts_come_after_the_content(client, nummer):
    for pad in ("/", f"/zaken/{nummer}", f"/zaken/{nummer}/afronden", "/kennisbank", "/wachtwoord"):
        pagina = client.get(pad).text
        titel = re.search(r"<title>(.*?)</title>", pagina, re.S).group(1)
        assert "<" not in titel and "script" not in titel, pad
        for script in re.finditer(r"<script", pagina):
            assert script.start() > pagina.index("</main>"), pad


def test_the_favicon_is_served_without_a_login_and_linked_from_every_page(gevuld, klok, client):
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as anoniem:
        antwoord = anoniem.get("/favicon.ico", follow_redirects=False)
        assert antwoord.status_code == 200 and antwoord.headers["content-type"] == "image/x-icon"
        assert antwoord.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
        assert anoniem.get("/static/favicon.svg").status_code == 200
        assert 'rel="icon" href="/favicon.ico"' in anoniem.get("/login").text
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").text


def test_the_channel_is_shown_by_its_dutch_name(client, gevuld):
    rest = nieuwe_zaak(gevuld, gesprek_id="g-rest")["zaak"]
    webchat = nieuwe_zaak(gevuld, gesprek_id="webchat:abc", kanaal="webchat")["zaak"]
    assert "Via: Koppeling met een ander systeem" in client.get(f"/zaken/{rest}").text
    pagina = client.get(f"/zaken/{webchat}").text
    assert "Via: Website-chat" in pagina and "Via: webchat" not in pagina


def test_the_history_names_people_and_leaves_out_ids(client, gevuld, klok, nummer):
    with transaction(gevuld) as session:
        zaak = zaak_op_nummer(session=session, nummer=nummer)
        start_overname(session=session, rasa=NepRasa(), zaak=zaak, medewerker=zaak.medewerker, nu=klok.nu)
    client.post(f"/zaken/{nummer}/toewijzen", data={"csrf_token": csrf(client, nummer), "medewerker": "lotte-bakker",
                                                     "bevestig_beschikbaarheid": "ja"})
    pagina = client.get(f"/zaken/{nummer}").text
    geschiedenis = pagina[pagina.index('id="kop-geschiedenis"'):]
    assert "door Mehmet Yılmaz" in geschiedenis and "door de digitale assistent" in geschiedenis
    assert "Van: Mehmet Yılmaz" in geschiedenis and "Naar: Lotte Bakker" in geschiedenis
    assert "Kanaal: Koppeling met een ander systeem" in geschiedenis
    for technisch in ("console:", "overname id", "mehmet-yilmaz", "lotte-bakker", "rest<"):
        assert technisch not in geschiedenis, technisch


def test_the_answers_to_the_kind_specific_questions_are_named_by_their_label(client, gevuld):
    """Not by their key ("bouw adres"): by the label config/vragen.yml gives them."""
    from bot.overdracht.service import Vraaggegevens, draag_over
    from bot.overdracht.vragen import lees_vraagsoorten

    gegevens = Vraaggegevens(onderwerp="omgevingsvergunning-bouwen", wat="een keuken", waarom="lunchroom", hoe="in april",
                             bedrijfsnaam="Het Hoekje", kvk_nummer="87654321", contactnaam="Ans Bos",
                             telefoon="+31612345678", email=None,
                             details={"bouw_adres": "Kerkstraat 12", "bouw_wijziging": "een afzuiging"})
    with transaction(gevuld) as session:
        nummer = draag_over(session=session, gegevens=gegevens, kanaal="rest", gesprek_id="g-bouw", moment=MAANDAG)["zaak"]
    assert log_in(client, "beheer").status_code == 303  # a case of another team than Mehmet's
    pagina = client.get(f"/zaken/{nummer}").text
    stappen = lees_vraagsoorten().stappen
    for sleutel, waarde in (("bouw_adres", "Kerkstraat 12"), ("bouw_wijziging", "een afzuiging")):
        assert f"<dt>{stappen[sleutel].label}</dt><dd>{waarde}</dd>" in pagina
    assert "bouw adres" not in pagina and "bouw_adres" not in pagina
