"""Console pages for situations and the glossary: read, edit with the loader's validation, add, roles,
and the round trip: what is saved is what the bot recognises next."""

from __future__ import annotations

import html

import pytest
from starlette.testclient import TestClient

from bot.console.app import maak_app
from bot.kennisbank.begrippen import lees_begrippen
from bot.kennisbank.inhoud import haal_item, item_historie
from bot.kennisbank.naslag import NaslagLezer, sla_begrippen_op, sla_situaties_op
from bot.kennisbank.situaties import lees_situaties
from bot.kern.db import transaction
from bot.kern.settings import PROJECT_ROOT
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, csrf_uit, log_in, maak_accounts, vul_database

SITUATIES = PROJECT_ROOT / "kennisbank" / "situaties"
BEGRIPPEN = PROJECT_ROOT / "kennisbank" / "begrippen.yml"


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    with transaction(engine) as session:
        sla_situaties_op(session=session, situaties=lees_situaties(SITUATIES), bron_map=SITUATIES, door="test")
        sla_begrippen_op(session=session, begrippen=lees_begrippen(BEGRIPPEN), bron=BEGRIPPEN, door="test")
    maak_accounts(engine, {
        "mehmet-yilmaz": ("medewerker", "mehmet-yilmaz"),
        "sanne-de-vries": ("teamleider", "sanne-de-vries"),
    })
    return engine


@pytest.fixture
def client(gevuld):
    with TestClient(maak_app(gevuld, klok=Klok(MAANDAG), secure=False, rasa=NepRasa())) as client:
        yield client


def post(client, pad: str, data: dict[str, str]):
    csrf = csrf_uit(client.get("/kennisbank/situaties/nieuw" if "situaties" in pad else "/kennisbank/begrippen/nieuw").text)
    return client.post(pad, data={**data, "csrf_token": csrf}, follow_redirects=False)


def formulier_van(client, pad: str) -> dict[str, str]:
    """The fields of an edit form as the page fills them (inputs and text areas)."""
    import re

    tekst = client.get(pad).text
    velden = {naam: html.unescape(waarde) for naam, waarde in re.findall(r'<input type="text" id="veld-\w+" name="(\w+)" value="([^"]*)"', tekst)}
    velden |= {naam: html.unescape(waarde) for naam, waarde in
               re.findall(r'<textarea id="veld-\w+" name="(\w+)"[^>]*>(.*?)</textarea>', tekst, flags=re.S)}
    versie = re.search(r'name="versie" value="(\d+)"', tekst)
    if versie:
        velden["versie"] = versie.group(1)
    return velden


# --- reading -----------------------------------------------------------------------------------------


def test_every_role_reads_the_lists_and_an_item_with_its_history(client):
    log_in(client, "mehmet-yilmaz")
    situaties = client.get("/kennisbank/situaties")
    assert situaties.status_code == 200 and "Een café of restaurant beginnen" in situaties.text
    assert 'href="/kennisbank/situaties/nieuw"' not in situaties.text  # a medewerker cannot add
    begrippen = client.get("/kennisbank/begrippen", params={"zoek": "bibob"})
    assert "1 begrip gevonden" in begrippen.text and 'href="/kennisbank/begrippen/bibob"' in begrippen.text
    pagina = html.unescape(client.get("/kennisbank/situaties/horecazaak-beginnen").text)
    assert "exploitatievergunning | altijd." in pagina and "accountmanager horeca" in pagina
    assert "1 (huidig)" in pagina and 'href="/kennisbank/situaties/horecazaak-beginnen/bewerken"' not in pagina
    assert 'href="/kennisbank/situaties"' in client.get("/kennisbank").text  # reachable from the kennisbank
    assert client.get("/kennisbank/situaties/bestaat-niet").status_code == 404
    assert client.get("/kennisbank/begrippen/bibob/versies/7").status_code == 404


def test_a_medewerker_may_not_edit_or_add(client):
    log_in(client, "mehmet-yilmaz")
    assert client.get("/kennisbank/situaties/horecazaak-beginnen/bewerken").status_code == 403
    assert client.get("/kennisbank/begrippen/nieuw").status_code == 403


# --- editing: the round trip ---------------------------------------------------------------------------


def test_an_edited_situation_is_validated_versioned_and_recognised_by_the_bot_at_once(client, gevuld):
    log_in(client, "sanne-de-vries")
    lezer = NaslagLezer(gevuld)
    assert lezer.actueel().herken_situatie("ik wil een escaperoom openen") is None

    data = formulier_van(client, "/kennisbank/situaties/horecazaak-beginnen/bewerken")
    assert data["versie"] == "1" and data["coordinator_rol"] == "accountmanager horeca"
    data["herkenning"] += "\nescaperoom openen/beginnen"
    data["toelichting"] = "escaperoom toegevoegd"
    antwoord = post(client, "/kennisbank/situaties/horecazaak-beginnen/bewerken", data)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == "/kennisbank/situaties/horecazaak-beginnen?gedaan=opgeslagen"
    assert "De situatie is opgeslagen" in client.get(antwoord.headers["location"]).text

    gevonden = lezer.actueel().herken_situatie("ik wil een escaperoom openen")
    assert gevonden is not None and gevonden.id == "horecazaak-beginnen"
    with transaction(gevuld) as session:
        historie = item_historie(session=session, soort="situatie", item_id="horecazaak-beginnen")
        assert [v.versie for v in historie] == [2, 1]
        assert historie[0].gewijzigd_door == "console:sanne-de-vries" and historie[0].toelichting == "escaperoom toegevoegd"
        assert haal_item(session=session, soort="situatie", item_id="horecazaak-beginnen").inhoud["artikelen"] == \
            historie[1].inhoud["artikelen"]  # the article lines came back unchanged

    later = {**data, "intro": "Een andere inleiding.", "versie": "1"}  # opened before the save above
    botsing = post(client, "/kennisbank/situaties/horecazaak-beginnen/bewerken", later)
    assert botsing.status_code == 400 and "Iemand anders heeft deze situatie intussen opgeslagen" in botsing.text


def test_an_invalid_situation_shows_the_loaders_messages_keeps_the_input_and_stores_nothing(client, gevuld):
    log_in(client, "sanne-de-vries")
    data = formulier_van(client, "/kennisbank/situaties/winkel-openen/bewerken")
    vorm = {**data, "artikelen": "reclame | als u een bord wilt\nwinkeltijden zonder streep",
            "herkenning": "winkel//shop openen", "titel": "Winkel <b>open</b>", "toelichting": "test"}
    antwoord = post(client, "/kennisbank/situaties/winkel-openen/bewerken", vorm)
    assert antwoord.status_code == 400
    tekst = html.unescape(antwoord.text)
    assert "Niet opgeslagen" in tekst
    assert "Artikelen: regel 2: verplicht veld ontbreekt of is leeg" in tekst  # the line without '|'
    assert "Herkenning: 'winkel//shop openen': een '/' staat zonder woord ervoor of erna" in tekst
    assert "Winkel &lt;b&gt;open&lt;/b&gt;" in antwoord.text  # typed input kept, escaped

    verwijzing = {**data, "artikelen": "reklame | als u een bord wilt\nwinkeltijden | altijd",
                  "coordinator_team": "winkels", "toelichting": "test"}
    tekst = html.unescape(post(client, "/kennisbank/situaties/winkel-openen/bewerken", verwijzing).text)
    assert "Artikelen: regel 1: er is geen artikel met de id 'reklame'" in tekst
    assert "Team van de coördinator: onbekend team 'winkels'" in tekst
    with transaction(gevuld) as session:
        assert haal_item(session=session, soort="situatie", item_id="winkel-openen").versie == 1


def test_a_new_term_is_added_found_by_the_bot_and_its_id_cannot_be_taken_twice(client, gevuld):
    log_in(client, "sanne-de-vries")
    nieuw = {"id": "vvo", "term": "VVO", "uitleg": "Een VVO is een voorbeeld van een nieuw begrip.",
             "synoniemen": "v.v.o.\nvvo-regeling", "artikelen": "exploitatievergunning", "gemeentelijk": "",
             "bronnen": "", "toelichting": "nieuw begrip"}
    antwoord = post(client, "/kennisbank/begrippen/nieuw", nieuw)
    assert antwoord.status_code == 303 and antwoord.headers["location"] == "/kennisbank/begrippen/vvo?gedaan=nieuw"
    naslag = NaslagLezer(gevuld).actueel()
    begrip = naslag.zoek_begrip("wat is een vvo?")
    assert begrip is not None and begrip.synoniemen == ("v.v.o.", "vvo-regeling")
    assert naslag.begrip_bericht(begrip).custom == {"begrip": {"term": "VVO", "id": "exploitatievergunning"}}

    nog_eens = post(client, "/kennisbank/begrippen/nieuw", nieuw)
    assert nog_eens.status_code == 400 and "Er is al een begrip met deze id" in nog_eens.text
    dubbel = post(client, "/kennisbank/begrippen/nieuw", {**nieuw, "id": "vvo-twee", "synoniemen": "bibob"})
    assert dubbel.status_code == 400
    assert "hoort al bij het begrip &#39;bibob&#39;" in dubbel.text
    leeg = post(client, "/kennisbank/begrippen/nieuw", {**nieuw, "id": "leeg", "uitleg": " ", "artikelen": ""})
    assert leeg.status_code == 400
    assert "Uitleg: verplicht veld ontbreekt of is leeg" in html.unescape(leeg.text)
    assert "Artikelen: noem minstens één artikel" in html.unescape(leeg.text)


def test_editing_needs_the_csrf_token(client):
    log_in(client, "sanne-de-vries")
    antwoord = client.post("/kennisbank/begrippen/bibob/bewerken", data={"term": "x"}, follow_redirects=False)
    assert antwoord.status_code == 403
