"""The kennisbank editor's daily work (issue 14, item 8): full-text search, the difference between versions,
the live word counter, the team chosen from a list and link errors that say what a valid link is."""

from __future__ import annotations

import html
import re

import pytest
from starlette.testclient import TestClient

from bot.console.app import maak_app
from bot.kennisbank.models import KennisbankArtikel
from bot.kern.db import transaction
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, log_in, maak_accounts, vul_database
from tests.unit.console.test_kennisbank import formulier, post, versies


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet-yilmaz": ("medewerker", "mehmet-yilmaz"),
                           "sanne-de-vries": ("teamleider", "sanne-de-vries"), "beheer": ("beheerder", None)})
    return engine


@pytest.fixture
def client(gevuld):
    with TestClient(maak_app(gevuld, klok=Klok(MAANDAG), secure=False, rasa=NepRasa())) as client:
        yield client


def gevonden_ids(pagina: str) -> list[str]:
    """The article ids of the result list, in their order."""
    return re.findall(r'<a href="/kennisbank/artikelen/([a-z0-9-]+)">', pagina)


# --- full-text search -------------------------------------------------------------------------------


def test_search_finds_words_in_the_texts_and_search_terms_not_only_the_title(client):
    log_in(client, "mehmet-yilmaz")
    for woord in ("stoep", "precario", "tafeltjes"):
        pagina = client.get("/kennisbank", params={"zoek": woord}).text
        assert "terrasvergunning" in gevonden_ids(pagina), woord
    precario = client.get("/kennisbank", params={"zoek": "precario"}).text
    assert set(gevonden_ids(precario)) >= {"terrasvergunning", "openbare-ruimte"}
    assert "winkeltijden" not in gevonden_ids(precario)


def test_search_ignores_case_and_accents_and_needs_every_word(client):
    log_in(client, "mehmet-yilmaz")
    assert gevonden_ids(client.get("/kennisbank", params={"zoek": "PRÉCARIO"}).text) == \
        gevonden_ids(client.get("/kennisbank", params={"zoek": "precario"}).text)
    beide = gevonden_ids(client.get("/kennisbank", params={"zoek": "stoep tafeltjes"}).text)
    assert beide == ["terrasvergunning"]


def test_search_ranks_title_and_search_term_hits_first_and_shows_where_it_matched(client):
    log_in(client, "mehmet-yilmaz")
    pagina = client.get("/kennisbank", params={"zoek": "terras"}).text
    ids = gevonden_ids(pagina)
    assert ids[0] == "terrasvergunning" and "alcoholvergunning" in ids
    assert ids.index("terrasvergunning") < ids.index("alcoholvergunning")  # title beats body text
    tafeltjes = client.get("/kennisbank", params={"zoek": "tafeltjes"}).text
    assert "Gevonden in" in tafeltjes and "<mark>tafeltjes</mark>" in tafeltjes  # a snippet with the hit


def test_search_snippets_are_escaped(client, gevuld):
    log_in(client, "beheer")
    data = formulier(gevuld, "terrasvergunning", uitleg="Let op <script>alert(1)</script> bij de zonnescherm-regel.")
    assert post(client, "/kennisbank/artikelen/terrasvergunning/bewerken", data).status_code == 303
    pagina = client.get("/kennisbank", params={"zoek": "zonnescherm-regel"}).text
    assert "<script>alert(1)" not in pagina and "&lt;script&gt;" in pagina
    assert gevonden_ids(pagina) == ["terrasvergunning"]


# --- the difference between versions ------------------------------------------------------------------


def test_the_difference_with_the_previous_version_shows_removed_and_added_words_escaped(client, gevuld):
    log_in(client, "beheer")
    nieuw = "Een terras vraagt u aan via het <nieuwe> loket & de website."
    assert post(client, "/kennisbank/artikelen/terrasvergunning/bewerken",
                formulier(gevuld, "terrasvergunning", kort_antwoord=nieuw)).status_code == 303
    artikel = client.get("/kennisbank/artikelen/terrasvergunning").text
    assert 'href="/kennisbank/artikelen/terrasvergunning/versies/2/verschil"' in artikel

    verschil = client.get("/kennisbank/artikelen/terrasvergunning/versies/2/verschil")
    assert verschil.status_code == 200
    tekst = verschil.text
    assert "Kort antwoord" in tekst
    assert re.search(r"<ins>(<span[^>]*>[^<]*</span>)?[^<]*&lt;nieuwe&gt;", tekst)  # added, escaped
    assert "<nieuwe>" not in tekst
    assert re.search(r"<del>(<span[^>]*>[^<]*</span>)?[^<]*Wilt", tekst)  # removed words of version 1
    assert "Uitleg" in tekst and "ongewijzigd" in tekst.lower()  # unchanged fields are named, not repeated


def test_an_old_version_is_compared_with_the_current_one(client, gevuld):
    log_in(client, "beheer")
    post(client, "/kennisbank/artikelen/terrasvergunning/bewerken",
         formulier(gevuld, "terrasvergunning", kosten="Gratis voor het eerste jaar."))
    post(client, "/kennisbank/artikelen/terrasvergunning/bewerken",
         formulier(gevuld, "terrasvergunning", doorlooptijd="Binnen veertien dagen."))
    tekst = client.get("/kennisbank/artikelen/terrasvergunning/versies/1/verschil", params={"met": "huidig"}).text
    assert re.search(r"<ins>(<span[^>]*>[^<]*</span>)?[^<]*Gratis", tekst)
    assert re.search(r"<ins>(<span[^>]*>[^<]*</span>)?[^<]*veertien dagen", tekst)
    assert client.get("/kennisbank/artikelen/terrasvergunning/versies/9/verschil").status_code == 404
    eerste = client.get("/kennisbank/artikelen/terrasvergunning/versies/1/verschil").text
    assert "<ins>" not in eerste and "<del>" not in eerste  # version 1 has no previous version


# --- the live word counter ------------------------------------------------------------------------------


def test_the_word_counter_script_is_linked_and_the_server_still_refuses_too_many_words(client, gevuld):
    log_in(client, "sanne-de-vries")
    pagina = client.get("/kennisbank/artikelen/terrasvergunning/bewerken").text
    assert '<script src="/static/woordenteller.js" defer></script>' in pagina
    assert 'data-max-woorden="80"' in pagina and 'aria-live="polite"' in pagina
    assert "onclick" not in pagina and "oninput" not in pagina  # the CSP allows no inline handlers
    assert "van de hoogstens 80 woorden" in pagina  # the count is there without JavaScript too
    script = client.get("/static/woordenteller.js")
    assert script.status_code == 200 and "data-max-woorden" in script.text

    te_lang = " ".join(["woord"] * 81)
    antwoord = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken",
                    formulier(gevuld, "terrasvergunning", kort_antwoord=te_lang))
    assert antwoord.status_code == 400 and "81 woorden; maximaal 80" in antwoord.text
    assert versies(gevuld, "terrasvergunning") == 1


# --- the team chosen from a list --------------------------------------------------------------------------


def test_the_form_offers_the_known_teams_in_a_list(client):
    log_in(client, "beheer")
    pagina = client.get("/kennisbank/nieuw").text
    keuzelijst = re.search(r'<select id="veld-team" name="team"[^>]*>(.*?)</select>', pagina, re.S)
    assert keuzelijst, "the team is chosen from a list"
    teams = re.findall(r'<option value="([^"]*)"', keuzelijst.group(1))
    assert {"horeca-evenementen", "belastingen", "werkgeversservice", "vestiging-bouwen"} <= set(teams)
    bewerken = client.get("/kennisbank/artikelen/terrasvergunning/bewerken").text
    assert '<option value="horeca-evenementen" selected>' in bewerken


def test_an_unknown_team_is_refused_with_the_fields_label_and_the_input_is_kept(client, gevuld):
    log_in(client, "beheer")
    data = formulier(gevuld, "terrasvergunning", id="stoepbord-nieuw", titel="Stoepbord nieuw",
                     team="horeca-evenement")  # a typo
    antwoord = post(client, "/kennisbank/nieuw", data)
    assert antwoord.status_code == 400
    tekst = html.unescape(antwoord.text)
    assert "Team: Het team 'horeca-evenement' bestaat niet." in tekst
    assert 'value="Stoepbord nieuw"' in antwoord.text  # the typed input stays
    with transaction(gevuld) as session:
        assert session.get(KennisbankArtikel, "stoepbord-nieuw") is None


# --- link errors say what a valid link is -----------------------------------------------------------------


def test_a_refused_link_says_what_a_valid_link_is(client, gevuld):
    log_in(client, "sanne-de-vries")
    antwoord = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken",
                    formulier(gevuld, "terrasvergunning", link="www.voorbeeldstad.nl/terras",
                              bronnen="https://ondernemersplein.kvk.nl\nkvk punt nl"))
    assert antwoord.status_code == 400
    tekst = html.unescape(antwoord.text)
    assert "'www.voorbeeldstad.nl/terras' is geen geldig webadres" in tekst
    assert "begint met https:// of http://" in tekst and "zonder spaties" in tekst
    assert "'kvk punt nl' is geen geldig webadres" in tekst
    assert versies(gevuld, "terrasvergunning") == 1


def test_a_short_search_word_is_a_whole_word_and_a_longer_one_also_part_of_a_word():
    from bot.kennisbank.tekstzoeken import doorzoek

    items = [("a", "Reclame", {"titel": "Reclame", "uitleg": "Bijvoorbeeld een stoepbord."}),
             ("b", "Bij de stoep", {"titel": "Bij de stoep", "uitleg": ""})]
    assert [r.sleutel for r in doorzoek(items, "bij")] == ["b"]  # not "bijvoorbeeld"
    assert [r.sleutel for r in doorzoek(items, "STOEP")] == ["b", "a"]  # the title first, then "stoepbord"
    vondst = doorzoek(items, "stoep")[1].vondsten[0]
    assert (vondst.veld, vondst.voor, vondst.treffer, vondst.na) == ("uitleg", "Bijvoorbeeld een ", "stoep", "bord.")
