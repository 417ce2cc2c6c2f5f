"""The kennisbank pages of the console: list, search, edit with validation, add, check, history, roles."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
import yaml
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.console.app import maak_app
from bot.console.kennisbank_formulier import formulier_uit_artikel
from bot.console.web import namen, team_naam
from bot.kennisbank.models import KennisbankArtikel, KennisbankArtikelVersie
from bot.kennisbank.service import artikel_historie, haal_artikel, kennisbank_stand
from bot.kern.db import transaction
from bot.kern.settings import PROJECT_ROOT
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, csrf_uit, log_in, maak_accounts, vul_database

VANDAAG = MAANDAG.date()  # 2026-11-23; the articles were checked on 2026-11-20
NIEUW_KORT = "Een terras vraagt u aan via het nieuwe loket van Voorbeeldstad."


@pytest.fixture
def klok() -> Klok:
    return Klok(MAANDAG)


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {
        "mehmet-yilmaz": ("medewerker", "mehmet-yilmaz"),
        "sanne-de-vries": ("teamleider", "sanne-de-vries"),
        "beheer": ("beheerder", None),
    })
    return engine


@pytest.fixture
def client(gevuld, klok):
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as client:
        yield client


def formulier(engine, artikel_id: str, **velden: str) -> dict[str, str]:
    """The edit form as the page fills it for ``artikel_id``, with some fields changed."""
    with transaction(engine) as session:
        waarden = formulier_uit_artikel(haal_artikel(session=session, artikel_id=artikel_id))
    return {**waarden, "toelichting": "test", **velden}


def post(client, pad: str, data: dict[str, str]):
    csrf = csrf_uit(client.get("/kennisbank").text)
    return client.post(pad, data={**data, "csrf_token": csrf}, follow_redirects=False)


def versies(engine, artikel_id: str) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count(KennisbankArtikelVersie.id))
                               .where(KennisbankArtikelVersie.artikel_id == artikel_id)).scalar_one()


# --- reading --------------------------------------------------------------------------------------


def test_every_role_sees_the_list_with_team_version_and_check_date(client):
    log_in(client, "mehmet-yilmaz")
    pagina = client.get("/kennisbank")
    assert pagina.status_code == 200
    assert "Terras bij uw horecazaak" in pagina.text and "Horeca en evenementen" in pagina.text
    assert "20 november 2026" in pagina.text and "38 artikelen gevonden" in pagina.text
    assert "Controleren</strong>" not in pagina.text  # checked 3 days ago
    assert 'href="/kennisbank/nieuw"' not in pagina.text  # a medewerker cannot add
    assert 'href="/kennisbank"' in pagina.text and 'href="/cijfers"' in pagina.text  # in the navigation


def test_search_by_title_id_or_team(client):
    log_in(client, "mehmet-yilmaz")
    op_titel = client.get("/kennisbank", params={"zoek": "terras bij"}).text  # both words occur in other texts too
    assert "Terras bij uw horecazaak" in op_titel and "1 artikel gevonden" not in op_titel
    assert op_titel.index("Terras bij uw horecazaak") < op_titel.index("/kennisbank/artikelen/alcoholvergunning")
    assert "terrasvergunning" in client.get("/kennisbank", params={"zoek": "TERRASVERG"}).text
    op_team = client.get("/kennisbank", params={"zoek": "belastingen"}).text
    assert "belastingen" in op_team and "Terras bij uw horecazaak" not in op_team
    assert "geen artikelen gevonden" in client.get("/kennisbank", params={"zoek": "bestaat-echt-niet"}).text


def test_the_stale_flag_follows_the_setting_and_a_check_clears_it(client, gevuld, klok, monkeypatch):
    klok.nu = MAANDAG + timedelta(days=200)  # the articles were checked 203 days ago: more than 180
    log_in(client, "sanne-de-vries")
    lijst = client.get("/kennisbank").text
    assert lijst.count("Controleren</strong>") == 38 and "38 artikelen moeten gecontroleerd worden" in lijst
    artikel = client.get("/kennisbank/artikelen/winkeltijden").text
    assert "langer dan 180 dagen niet gecontroleerd" in artikel

    antwoord = post(client, "/kennisbank/artikelen/winkeltijden/gecontroleerd", {})
    assert antwoord.status_code == 303 and antwoord.headers["location"].endswith("?gedaan=gecontroleerd")
    artikel = client.get(antwoord.headers["location"]).text
    assert "gemarkeerd als gecontroleerd" in artikel and "Controleren</strong>" not in artikel
    assert client.get("/kennisbank", params={"controleren": "1"}).text.count("Controleren</strong>") == 37
    with transaction(gevuld) as session:
        rij = session.get(KennisbankArtikel, "winkeltijden")
        assert rij.laatst_gecontroleerd == (MAANDAG + timedelta(days=200)).date() and rij.versie == 2

    klok.nu = MAANDAG
    monkeypatch.setenv("INGANG_KENNISBANK_CONTROLE_DAGEN", "2")  # 3 days ago is now too long
    assert "Controleren</strong>" in client.get("/kennisbank/artikelen/terrasvergunning").text


# --- editing ----------------------------------------------------------------------------------------


def test_a_valid_edit_makes_a_new_version_with_history_and_the_bot_gets_the_new_text(client, gevuld):
    log_in(client, "sanne-de-vries")
    with transaction(gevuld) as session:
        stand_voor = kennisbank_stand(session=session)
    bewerken = client.get("/kennisbank/artikelen/terrasvergunning/bewerken")
    assert bewerken.status_code == 200
    assert 'name="kort_antwoord"' in bewerken.text and 'name="toelichting"' in bewerken.text
    assert "terrasvergunning | http://standaarden.overheid.nl/owms/terms/terrasvergunning" in bewerken.text

    data = formulier(gevuld, "terrasvergunning", kort_antwoord=NIEUW_KORT, toelichting="Nieuw loket genoemd",
                     voorwaarden="U heeft een exploitatievergunning.\n\n  Er blijft 1,50 meter vrij.  \n")
    antwoord = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken", data)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"] == "/kennisbank/artikelen/terrasvergunning?gedaan=opgeslagen"

    with transaction(gevuld) as session:
        artikel = haal_artikel(session=session, artikel_id="terrasvergunning")
        historie = artikel_historie(session=session, artikel_id="terrasvergunning")
        assert kennisbank_stand(session=session) != stand_voor  # the bot's search index is rebuilt
    assert artikel.kort_antwoord == NIEUW_KORT
    assert artikel.voorwaarden == ("U heeft een exploitatievergunning.", "Er blijft 1,50 meter vrij.")
    assert artikel.laatst_gecontroleerd == VANDAAG
    assert len(artikel.upl) == 2 and artikel.upl[0].naam == "terrasvergunning"
    assert [v.versie for v in historie] == [2, 1]
    assert historie[0].gewijzigd_door == "console:sanne-de-vries" and historie[0].toelichting == "Nieuw loket genoemd"

    pagina = client.get(antwoord.headers["location"]).text
    assert "Het artikel is opgeslagen" in pagina and NIEUW_KORT in pagina
    assert "Nieuw loket genoemd" in pagina and "sanne-de-vries" in pagina and "2 (huidig)" in pagina
    oud = client.get("/kennisbank/artikelen/terrasvergunning/versies/1")
    assert oud.status_code == 200 and "U bekijkt een oude versie: versie 1" in oud.text
    assert NIEUW_KORT not in oud.text and "Wilt u een terras bij uw horecazaak?" in oud.text
    assert client.get("/kennisbank/artikelen/terrasvergunning/versies/9").status_code == 404


def test_the_english_texts_are_edited_in_the_form_and_an_emptied_one_is_left_out(client, gevuld):
    """The editor keeps the English short answer and parts (kennisbank/SCHEMA.md) next to the Dutch."""
    log_in(client, "sanne-de-vries")
    bewerken = client.get("/kennisbank/artikelen/reclame/bewerken").text
    assert 'name="engels_kort"' in bewerken and 'name="engels_kosten"' in bewerken
    data = formulier(gevuld, "reclame", engels_kort="A sign on your wall needs a permit.", engels_kosten="")
    assert post(client, "/kennisbank/artikelen/reclame/bewerken", data).status_code == 303
    with transaction(gevuld) as session:
        artikel = haal_artikel(session=session, artikel_id="reclame")
    assert artikel.engels_kort == "A sign on your wall needs a permit." and artikel.engels_kosten is None
    # a part in English without the short answer in English is refused, in Dutch, and nothing is stored
    data = formulier(gevuld, "reclame", engels_kort="", engels_kosten="It costs 85 euros.")
    fout = post(client, "/kennisbank/artikelen/reclame/bewerken", data)
    assert fout.status_code == 400 and "vul ook het korte antwoord in het Engels in" in fout.text


def test_an_old_version_can_be_put_back_through_the_form(client, gevuld):
    log_in(client, "beheer")
    post(client, "/kennisbank/artikelen/terrasvergunning/bewerken",
         formulier(gevuld, "terrasvergunning", kort_antwoord=NIEUW_KORT))
    terug = client.get("/kennisbank/artikelen/terrasvergunning/bewerken", params={"versie": "1"}).text
    assert "Versie 1 teruggezet" in terug and "Wilt u een terras bij uw horecazaak?" in terug


def test_an_invalid_edit_shows_the_dutch_messages_keeps_the_input_and_stores_nothing(client, gevuld):
    log_in(client, "sanne-de-vries")
    data = formulier(gevuld, "terrasvergunning", titel="Terras (nieuwe titel)", kort_antwoord="   ",
                     link="geen-webadres", upl="terrasvergunning zonder uri", toelichting="")
    antwoord = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken", data)
    assert antwoord.status_code == 400
    tekst = html.unescape(antwoord.text)
    assert "Het artikel is niet opgeslagen" in tekst
    assert "Fout: verplicht veld ontbreekt of is leeg" in tekst  # kort_antwoord
    assert "Fout: 'geen-webadres' is geen geldig webadres." in tekst  # link
    assert "Fout: product 1 moet precies 'naam' en 'uri' hebben" in tekst  # upl
    assert "Fout: Schrijf kort op wat u heeft veranderd." in tekst  # toelichting
    assert 'id="veld-kort_antwoord"' in antwoord.text and 'aria-describedby="hulp-link fout-link-1"' in antwoord.text
    assert 'value="Terras (nieuwe titel)"' in antwoord.text  # what the user typed is kept
    with transaction(gevuld) as session:
        rij = session.get(KennisbankArtikel, "terrasvergunning")
        assert rij.versie == 1 and rij.titel == "Terras bij uw horecazaak"
    assert versies(gevuld, "terrasvergunning") == 1

    alleen_team = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken",
                       formulier(gevuld, "terrasvergunning", team="belastingen"))
    assert alleen_team.status_code == 403  # only a beheerder moves an article (tests/security/test_console_team.py)
    log_in(client, "beheer")  # and even a beheerder keeps the team the shared subject list gives
    alleen_team = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken",
                       formulier(gevuld, "terrasvergunning", team="belastingen"))
    assert alleen_team.status_code == 400
    assert "moet &#39;horeca-evenementen&#39; zijn, zoals in de gedeelde onderwerpenlijst" in alleen_team.text
    onbekend_product = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken",
                            formulier(gevuld, "terrasvergunning", upl="verzonnen product | http://x.example/p"))
    assert onbekend_product.status_code == 400 and "staat niet in de UPL" in html.unescape(onbekend_product.text)
    assert versies(gevuld, "terrasvergunning") == 1


def test_an_edit_does_not_silently_overwrite_a_newer_version(client, gevuld):
    log_in(client, "sanne-de-vries")
    assert 'name="versie" value="1"' in client.get("/kennisbank/artikelen/terrasvergunning/bewerken").text
    eerste = formulier(gevuld, "terrasvergunning", kort_antwoord=NIEUW_KORT, versie="1")
    assert post(client, "/kennisbank/artikelen/terrasvergunning/bewerken", eerste).status_code == 303
    later = formulier(gevuld, "terrasvergunning", kosten="Gratis.", versie="1")  # opened before the first save
    botsing = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken", later)
    assert botsing.status_code == 400 and "Iemand anders heeft dit artikel intussen opgeslagen" in botsing.text
    assert 'name="versie" value="2"' in botsing.text and versies(gevuld, "terrasvergunning") == 2
    assert post(client, "/kennisbank/artikelen/terrasvergunning/bewerken", {**later, "versie": "2"}).status_code == 303
    assert versies(gevuld, "terrasvergunning") == 3


def test_html_typed_into_a_field_is_escaped_on_every_page(client, gevuld):
    log_in(client, "beheer")
    kwaad = "<script>alert('x')</script>"
    data = formulier(gevuld, "terrasvergunning", titel=f"Terras {kwaad}", kort_antwoord=f"Tekst {kwaad}",
                     zoektermen="terras\n<img src=x onerror=alert(1)>", toelichting="<b>vet</b>")
    assert post(client, "/kennisbank/artikelen/terrasvergunning/bewerken", data).status_code == 303
    artikel = "/kennisbank/artikelen/terrasvergunning"
    for pad in ("/kennisbank", artikel, f"{artikel}/bewerken", f"{artikel}/versies/2"):
        pagina = client.get(pad).text
        assert "<script>alert" not in pagina and "<img src=x" not in pagina and "<b>vet</b>" not in pagina, pad
        assert "&lt;script&gt;" in pagina, pad
    # also when the form is refused and shown again
    fout = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken", {**data, "link": kwaad})
    assert fout.status_code == 400 and "<script>alert" not in fout.text and "&lt;script&gt;" in fout.text


# --- adding ----------------------------------------------------------------------------------------------


def test_a_new_article_is_added_and_an_existing_id_is_refused(client, gevuld):
    log_in(client, "beheer")
    assert client.get("/kennisbank/nieuw").status_code == 200
    data = formulier(gevuld, "terrasvergunning", id="terras-winter", titel="Terras in de winter",
                     toelichting="Nieuw onderwerp", bronnen="", gemeentelijk="")
    antwoord = post(client, "/kennisbank/nieuw", data)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"].startswith("/kennisbank/artikelen/terras-winter")
    with transaction(gevuld) as session:
        artikel = haal_artikel(session=session, artikel_id="terras-winter")
    assert artikel.titel == "Terras in de winter" and artikel.bronnen == () and artikel.gemeentelijk is None
    assert "Terras in de winter" in client.get("/kennisbank", params={"zoek": "winter"}).text

    dubbel = post(client, "/kennisbank/nieuw", {**data, "id": "winkeltijden", "titel": "Overschreven?"})
    assert dubbel.status_code == 400 and "Er is al een artikel met deze id" in dubbel.text
    ongeldig = post(client, "/kennisbank/nieuw", {**data, "id": "Terras Zomer"})
    assert ongeldig.status_code == 400 and "alleen kleine letters, cijfers en streepjes" in ongeldig.text
    with transaction(gevuld) as session:
        assert session.get(KennisbankArtikel, "winkeltijden").versie == 1
        assert session.execute(select(func.count(KennisbankArtikel.id))).scalar_one() == 39


# --- who may change ------------------------------------------------------------------------------------


def test_a_medewerker_may_read_but_not_edit_add_or_check(client, gevuld):
    log_in(client, "mehmet-yilmaz")
    artikel = client.get("/kennisbank/artikelen/terrasvergunning")
    assert artikel.status_code == 200 and "Alleen teamleiders en beheerders" in artikel.text
    assert "/bewerken" not in artikel.text and "Gecontroleerd, klopt nog</button>" not in artikel.text
    assert client.get("/kennisbank/artikelen/terrasvergunning/bewerken").status_code == 403
    assert client.get("/kennisbank/nieuw").status_code == 403
    data = formulier(gevuld, "terrasvergunning", kort_antwoord=NIEUW_KORT)
    geweigerd = post(client, "/kennisbank/artikelen/terrasvergunning/bewerken", data)
    assert geweigerd.status_code == 403 and "Alleen teamleiders en beheerders" in geweigerd.text
    assert post(client, "/kennisbank/nieuw", {**data, "id": "terras-winter"}).status_code == 403
    assert post(client, "/kennisbank/artikelen/terrasvergunning/gecontroleerd", {}).status_code == 403
    with transaction(gevuld) as session:
        assert session.get(KennisbankArtikel, "terrasvergunning").versie == 1
        assert session.get(KennisbankArtikel, "terras-winter") is None


def test_editing_needs_the_csrf_token(client, gevuld):
    log_in(client, "beheer")
    data = formulier(gevuld, "terrasvergunning", kort_antwoord=NIEUW_KORT)
    assert client.post("/kennisbank/artikelen/terrasvergunning/bewerken", data=data,
                       follow_redirects=False).status_code == 403
    assert versies(gevuld, "terrasvergunning") == 1


def test_unknown_articles_answer_404(client):
    log_in(client, "beheer")
    assert client.get("/kennisbank/artikelen/bestaat-niet").status_code == 404
    assert client.get("/kennisbank/artikelen/bestaat-niet/bewerken").status_code == 404
    assert post(client, "/kennisbank/artikelen/bestaat-niet/gecontroleerd", {}).status_code == 404
    assert post(client, "/kennisbank/artikelen/bestaat-niet/bewerken", {"toelichting": "x"}).status_code == 404


def test_every_team_of_the_subjects_and_the_staff_directory_has_a_dutch_name(onderwerpen):
    """Pages show a team by its name in templates/namen.html (TEAMS), never by its key."""
    directory = yaml.safe_load((PROJECT_ROOT / "config" / "medewerkers.yml").read_text(encoding="utf-8"))
    teams = {onderwerp.team for onderwerp in onderwerpen} | set(directory["teamleiders"])
    assert teams <= set(namen().TEAMS)
    assert team_naam("horeca-evenementen") == "Horeca en evenementen"
    assert team_naam("nieuw-team") == "Nieuw team"  # added to the directory before it got a name
