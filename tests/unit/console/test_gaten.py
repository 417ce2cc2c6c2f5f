"""The page "Vragen zonder antwoord" (/kennisbank/gaten): roles, groups, and the two prefilled forms."""

from __future__ import annotations

import asyncio
import html
import re
from datetime import timedelta

import pytest
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from starlette.testclient import TestClient

from bot.cijfers.vragen_zonder_antwoord import werk_bij
from bot.console.app import maak_app
from bot.kennisbank.zoeker import KennisbankZoeker
from bot.kern.db import make_engine
from bot.privacy.anoniem import anonimiseer_alle
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, log_in, maak_accounts, vul_database

VRAAG = "mag ik een reclamebord op de stoep zetten"
NOVEMBER = {"van": "2026-11-01", "tot": "2026-11-30"}


def geen_antwoord(tekst: str, moment) -> list:
    return [UserUttered(tekst, {"name": "ask_question", "confidence": 0.9}, timestamp=moment.timestamp(),
                        input_channel="rest"),
            ActionExecuted("utter_geen_antwoord", timestamp=(moment + timedelta(seconds=1)).timestamp())]


@pytest.fixture
def tracker_engine(tracker_store):
    t = MAANDAG + timedelta(hours=1)
    for sender, events in {"a": geen_antwoord(VRAAG, t),
                           "b": geen_antwoord(f"{VRAAG}? mijn nummer is 06-12345678", t + timedelta(hours=1))}.items():
        asyncio.run(tracker_store.save(DialogueStateTracker.from_events(sender, events)))
    engine = make_engine(tracker_store.ingang_url)
    yield engine
    engine.dispose()


@pytest.fixture
def console(engine, artikelen, tmp_path, tracker_engine):
    """The console on a database with two unanswered questions in the tracker store, before the worker's
    first round; ``console.werk_bij()`` runs one."""
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet-yilmaz": ("medewerker", "mehmet-yilmaz"),
                           "sanne-de-vries": ("teamleider", "sanne-de-vries")})
    app = maak_app(engine, klok=Klok(MAANDAG + timedelta(days=1)), secure=False, rasa=NepRasa(),
                   tracker_engine=tracker_engine)
    with TestClient(app) as client:
        client.werk_bij = lambda: werk_bij(engine=engine, tracker=tracker_engine, zoeker=KennisbankZoeker(engine),
                                           maskeer_alle=anonimiseer_alle, nu=MAANDAG + timedelta(days=1),
                                           werker="test")
        yield client


@pytest.fixture
def client(console):
    console.werk_bij()
    return console


def links(tekst: str) -> dict[str, str]:
    """The buttons of the page: their text -> their address."""
    return {re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", naam))).strip(): html.unescape(adres)
            for adres, naam in re.findall(r'<a href="([^"]+)" class="knop">(.*?)</a>', tekst)}


def test_a_medewerker_may_not_see_the_page(client):
    assert client.get("/kennisbank/gaten", follow_redirects=False).headers["location"].startswith("/login")  # not open
    log_in(client, "mehmet-yilmaz")
    pagina = client.get("/kennisbank/gaten")
    assert pagina.status_code == 403 and "Geen toegang" in pagina.text
    assert "/kennisbank/gaten" not in client.get("/kennisbank").text


def test_before_the_workers_first_round_the_page_says_the_list_is_coming(console):
    log_in(console, "sanne-de-vries")
    pagina = console.get("/kennisbank/gaten", params=NOVEMBER)
    assert pagina.status_code == 200 and "nog niet gemaakt" in pagina.text and "gevraagd" not in pagina.text
    console.werk_bij()
    pagina = console.get("/kennisbank/gaten", params=NOVEMBER)
    assert "2 keer gevraagd" in pagina.text and "Laatst bijgewerkt: " in pagina.text


def test_a_teamleider_sees_one_group_of_two_masked_and_both_forms_are_prefilled(client):
    log_in(client, "sanne-de-vries")
    assert 'href="/kennisbank/gaten"' in client.get("/kennisbank").text
    pagina = client.get("/kennisbank/gaten", params=NOVEMBER)
    assert pagina.status_code == 200
    assert "1 groep van vragen" in pagina.text and "2 keer gevraagd" in pagina.text
    assert f"<h2 id=\"gat-1\">{VRAAG}</h2>" in pagina.text
    assert "12345678" not in pagina.text
    knoppen = links(pagina.text)
    nieuw = client.get(knoppen[f"Nieuw artikel voor de vraag: {VRAAG}"])
    assert nieuw.status_code == 200 and f'value="{VRAAG}"' in nieuw.text and f"{VRAAG}</textarea>" in nieuw.text
    [toevoegen] = [adres for naam, adres in knoppen.items() if naam.startswith("Voorbeeldvraag toevoegen aan ")]
    bewerken = client.get(toevoegen)
    [voorbeelden] = re.findall(r'<textarea[^>]*name="voorbeeldvragen"[^>]*>(.*?)</textarea>', bewerken.text, re.S)
    assert bewerken.status_code == 200 and html.unescape(voorbeelden).splitlines()[-1] == VRAAG  # below the examples


def test_the_default_range_and_a_bad_date(client):
    log_in(client, "sanne-de-vries")
    assert "2 keer gevraagd" in client.get("/kennisbank/gaten").text  # the last 30 days hold both
    fout = client.get("/kennisbank/gaten", params={"van": "gisteren"})
    assert fout.status_code == 400 and 'role="alert"' in fout.text


def test_a_search_term_the_article_already_has_is_not_added_again(client):
    log_in(client, "sanne-de-vries")
    gewoon = client.get("/kennisbank/artikelen/terrasvergunning/bewerken").text
    [zoektermen] = re.findall(r'<textarea[^>]*name="zoektermen"[^>]*>(.*?)</textarea>', gewoon, re.S)
    eerste = html.unescape(zoektermen).splitlines()[0]
    opnieuw = client.get("/kennisbank/artikelen/terrasvergunning/bewerken", params={"zoekterm": eerste.upper()}).text
    assert re.findall(r'<textarea[^>]*name="zoektermen"[^>]*>(.*?)</textarea>', opnieuw, re.S) == [zoektermen]
