"""Finding cases and closed cases, and reopening one (issue 14, item 4): search on number, company, KvK,
name, phone in any notation, e-mail and text; filters; only what the user may see, without contact details
for a colleague who only reads; reopen with a reason, a new promise and a line in the history."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.console import zoeken
from bot.console.app import maak_app
from bot.console.rechten import mag_zien, zichtbaar_voor
from bot.kern.db import transaction
from bot.overdracht.service import Vraaggegevens, draag_over
from bot.uitgaand.models import UitgaandBericht
from bot.zaken.models import AuditRegel, Zaak
from bot.zaken.service import zaak_op_nummer
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, csrf_uit, log_in, maak_accounts, vul_database


def zaak(engine, *, bedrijf: str, kvk: str, naam: str, telefoon: str | None, email: str | None, wat: str,
         onderwerp: str = "terrasvergunning", medewerker: str = "mehmet-yilmaz", gesprek_id: str,
         urgent: bool = False) -> str:
    gegevens = Vraaggegevens(onderwerp=onderwerp, wat=wat, waarom="groeien", hoe="dit voorjaar", bedrijfsnaam=bedrijf,
                             kvk_nummer=kvk, contactnaam=naam, telefoon=telefoon, email=email,
                             gewenste_medewerker=medewerker, urgent=urgent)
    with transaction(engine) as session:
        return draag_over(session=session, gegevens=gegevens, kanaal="rest", gesprek_id=gesprek_id,
                          moment=MAANDAG)["zaak"]


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet": ("medewerker", "mehmet-yilmaz"), "lotte": ("medewerker", "lotte-bakker"),
                           "pieter": ("medewerker", "pieter-jansen"), "beheer": ("beheerder", None)})
    return engine


@pytest.fixture
def zaken(gevuld) -> dict[str, str]:
    return {
        "hoek": zaak(gevuld, bedrijf="Café De Hoek", kvk="12345678", naam="Ans Bos", telefoon="+31612345678",
                     email="ans@dehoek.nl", wat="een terras op de stoep", gesprek_id="g-hoek"),
        "bakker": zaak(gevuld, bedrijf="Bakkerij Zoet", kvk="87654321", naam="Kees Meel", telefoon="+31201234567",
                       email=None, wat="tafeltjes voor de deur", gesprek_id="g-bakker", urgent=True),
        "bouw": zaak(gevuld, bedrijf="Bouwbedrijf Steen", kvk="11223344", naam="Piet Steen", telefoon="+31687654321",
                     email="piet@steen.nl", wat="een loods bouwen", onderwerp="omgevingsvergunning-bouwen",
                     medewerker="pieter-jansen", gesprek_id="g-bouw"),
    }


@pytest.fixture
def klok() -> Klok:
    return Klok(MAANDAG + timedelta(hours=1))


def ingelogd(engine, klok, naam: str) -> TestClient:
    client = TestClient(maak_app(engine, klok=klok, secure=False, rasa=NepRasa()))
    client.__enter__()
    assert log_in(client, naam).status_code == 303
    return client


@pytest.fixture
def mehmet(gevuld, klok):
    client = ingelogd(gevuld, klok, "mehmet")
    yield client
    client.__exit__(None, None, None)


def gevonden(client: TestClient, **params) -> list[str]:
    antwoord = client.get("/zaken", params=params)
    assert antwoord.status_code == 200, antwoord.text
    return re.findall(r'<td><a href="/zaken/(ON-\d{4}-\d{5})">', antwoord.text)


# --- search ----------------------------------------------------------------------------------------


def test_the_test_cases_belong_to_the_teams_the_tests_assume(gevuld, zaken):
    with transaction(gevuld) as session:
        teams = {k: (zaak_op_nummer(session=session, nummer=n).team,
                     zaak_op_nummer(session=session, nummer=n).medewerker.sleutel) for k, n in zaken.items()}
    assert teams == {"hoek": ("horeca-evenementen", "mehmet-yilmaz"), "bakker": ("horeca-evenementen", "mehmet-yilmaz"),
                     "bouw": ("vestiging-bouwen", "pieter-jansen")}


def test_search_by_kvk_company_name_number_email_and_text(mehmet, zaken):
    assert gevonden(mehmet, q="12345678") == [zaken["hoek"]]
    assert gevonden(mehmet, q="1234 5678") == [zaken["hoek"]]  # KvK with a space
    assert gevonden(mehmet, q="de hoek") == [zaken["hoek"]]  # part of the company, any case
    assert gevonden(mehmet, q="BAKKERIJ") == [zaken["bakker"]]
    assert gevonden(mehmet, q="kees meel") == [zaken["bakker"]]  # contact name
    assert gevonden(mehmet, q=zaken["bakker"].lower()) == [zaken["bakker"]]  # the case number
    assert set(gevonden(mehmet, q=zaken["hoek"][:8])) == {zaken["hoek"], zaken["bakker"]}  # ON-2026-: both
    assert gevonden(mehmet, q="ANS@dehoek.nl") == [zaken["hoek"]]
    assert gevonden(mehmet, q="tafeltjes") == [zaken["bakker"]]  # the text of the question
    assert gevonden(mehmet, q="zwembad") == []
    assert gevonden(mehmet, q="100%_") == []  # LIKE's own characters match themselves


@pytest.mark.parametrize("notatie", ["06-12345678", "06 1234 5678", "+31 6 12 34 56 78", "0031612345678",
                                     "(06) 12 34 56 78"])
def test_search_by_phone_in_any_notation(mehmet, zaken, notatie):
    assert gevonden(mehmet, q=notatie) == [zaken["hoek"]]


def test_search_finds_a_phone_stored_in_another_notation(mehmet, gevuld, zaken):
    with transaction(gevuld) as session:
        zaak_op_nummer(session=session, nummer=zaken["bakker"]).ondernemer.telefoon = "020 - 123 45 67"
    assert gevonden(mehmet, q="+31201234567") == [zaken["bakker"]]


def test_a_medewerker_does_not_find_cases_they_may_not_see(mehmet, gevuld, klok, zaken):
    assert gevonden(mehmet, q="steen") == []
    assert gevonden(mehmet, q="11223344") == []
    assert gevonden(mehmet, q="06 87654321") == []
    assert gevonden(mehmet, q=zaken["bouw"]) == []
    assert zaken["bouw"] not in gevonden(mehmet)
    beheer = ingelogd(gevuld, klok, "beheer")
    try:
        assert gevonden(beheer, q="steen") == [zaken["bouw"]]
        assert set(gevonden(beheer)) == set(zaken.values())
    finally:
        beheer.__exit__(None, None, None)


def test_a_colleague_who_only_reads_finds_the_case_but_not_by_or_with_its_contact_details(gevuld, klok, zaken):
    lotte = ingelogd(gevuld, klok, "lotte")  # same team as Mehmet, does not handle his cases
    try:
        pagina = lotte.get("/zaken", params={"q": "de hoek"}).text
        assert zaken["hoek"] in pagina and "Café De Hoek" in pagina
        assert "+31612345678" not in pagina and "ans@dehoek.nl" not in pagina
        assert gevonden(lotte, q="06-12345678") == []  # no oracle: whose number is this?
        assert gevonden(lotte, q="ans@dehoek.nl") == []
        assert gevonden(lotte, q="dehoek.nl") == []
        assert gevonden(lotte, q="12345678") == [zaken["hoek"]]  # the KvK number is on the case page for her too
    finally:
        lotte.__exit__(None, None, None)


def test_the_sql_visibility_agrees_with_mag_zien(gevuld, zaken):
    from bot.console.auth import Gebruiker
    from tests.unit.console.hulp import medewerker

    with transaction(gevuld) as session:
        alle = list(session.execute(select(Zaak)).scalars())
        for sleutel, rol in (("mehmet-yilmaz", "medewerker"), ("pieter-jansen", "medewerker"),
                             ("fatima-el-amrani", "teamleider"), (None, "beheerder"), (None, "privacy")):
            wie = Gebruiker(account_id=1, gebruikersnaam="t", rol=rol, via="token",
                            medewerker_id=medewerker(session, sleutel).id if sleutel else None)
            in_sql = set(session.execute(select(Zaak.id).where(zichtbaar_voor(session=session, gebruiker=wie))).scalars())
            assert in_sql == {z.id for z in alle if mag_zien(session=session, gebruiker=wie, zaak=z)}, (sleutel, rol)


# --- lists and filters -----------------------------------------------------------------------------


def sluit(client: TestClient, nummer: str) -> None:
    csrf = csrf_uit(client.get(f"/zaken/{nummer}").text)
    antwoord = client.post(f"/zaken/{nummer}/sluiten", data={"csrf_token": csrf, "bevestigd": "ja"},
                           follow_redirects=False)
    assert antwoord.status_code == 303


def test_closed_cases_are_listed_and_found(mehmet, zaken):
    sluit(mehmet, zaken["hoek"])
    assert zaken["hoek"] not in mehmet.get("/").text  # the inbox shows open cases
    assert 'href="/zaken?status=afgerond"' in mehmet.get("/").text
    lijst = mehmet.get("/zaken", params={"status": "afgerond"})
    assert "<h1>Afgeronde zaken</h1>" in lijst.text
    assert gevonden(mehmet, status="afgerond") == [zaken["hoek"]]
    assert gevonden(mehmet, q="de hoek") == [zaken["hoek"]]  # the search covers closed cases
    assert gevonden(mehmet, q="de hoek", status="open") == []


def test_filters_status_team_medewerker_urgent_and_overdue(mehmet, gevuld, klok, zaken):
    assert gevonden(mehmet, spoed="ja") == [zaken["bakker"]]
    assert set(gevonden(mehmet, team="horeca-evenementen")) == {zaken["hoek"], zaken["bakker"]}
    assert gevonden(mehmet, team="vestiging-bouwen") == []
    assert set(gevonden(mehmet, behandelaar="mehmet-yilmaz")) == {zaken["hoek"], zaken["bakker"]}
    assert gevonden(mehmet, behandelaar="lotte-bakker") == []
    assert gevonden(mehmet, status="in_behandeling") == []
    assert gevonden(mehmet, te_laat="ja") == []
    klok.nu = MAANDAG + timedelta(days=3)  # every promise's deadline has passed (a new session: the old one ended)
    later = ingelogd(gevuld, klok, "mehmet")
    try:
        assert set(gevonden(later, te_laat="ja")) == {zaken["hoek"], zaken["bakker"]}
        assert gevonden(later, te_laat="ja", spoed="ja") == [zaken["bakker"]]
    finally:
        later.__exit__(None, None, None)


def test_a_bad_filter_is_named_by_its_label_and_kept(mehmet, zaken):
    antwoord = mehmet.get("/zaken", params={"q": "hoek", "status": "weg"})
    assert antwoord.status_code == 400
    assert "Status: Kies een status uit de lijst." in antwoord.text
    assert 'value="hoek"' in antwoord.text
    antwoord = mehmet.get("/zaken", params={"behandelaar": "niemand"})
    assert antwoord.status_code == 400 and 'href="#behandelaar">Behandelaar: Kies een collega uit de lijst.' in antwoord.text


def test_the_list_pages(mehmet, zaken, monkeypatch):
    monkeypatch.setattr(zoeken, "PER_PAGINA", 1)
    eerste = mehmet.get("/zaken", params={"team": "horeca-evenementen"}).text
    assert "2 zaken gevonden" in eerste and "Pagina 1 van 2" in eerste
    assert 'href="/zaken?team=horeca-evenementen&amp;pagina=2"' in eerste
    tweede = gevonden(mehmet, team="horeca-evenementen", pagina="2")
    assert len(tweede) == 1 and tweede[0] not in gevonden(mehmet, team="horeca-evenementen")


def test_the_header_has_a_search_field_on_every_page(mehmet, zaken):
    for pad in ("/", f"/zaken/{zaken['hoek']}", "/kennisbank"):
        pagina = mehmet.get(pad).text
        assert 'role="search"' in pagina and 'action="/zaken"' in pagina and 'name="q"' in pagina


# --- reopen ----------------------------------------------------------------------------------------


def test_reopen_needs_a_reason_and_keeps_what_was_typed(mehmet, gevuld, zaken):
    nummer = zaken["hoek"]
    sluit(mehmet, nummer)
    pagina = mehmet.get(f"/zaken/{nummer}").text
    assert "Zaak heropenen" in pagina and f'action="/zaken/{nummer}/heropenen"' in pagina
    antwoord = mehmet.post(f"/zaken/{nummer}/heropenen", data={"csrf_token": csrf_uit(pagina), "reden": "   "},
                           follow_redirects=False)
    assert antwoord.status_code == 400
    assert 'href="#reden">Reden: Geef een reden op.' in antwoord.text
    with transaction(gevuld) as session:
        assert zaak_op_nummer(session=session, nummer=nummer).status == "afgerond"
    assert mehmet.get(f"/zaken/{nummer}/heropenen", follow_redirects=False).headers["location"] == f"/zaken/{nummer}"


def test_reopen_puts_the_case_back_with_a_new_promise_audit_history_and_a_message(mehmet, gevuld, zaken):
    nummer = zaken["hoek"]
    sluit(mehmet, nummer)
    csrf = csrf_uit(mehmet.get(f"/zaken/{nummer}").text)
    antwoord = mehmet.post(f"/zaken/{nummer}/heropenen", data={"csrf_token": csrf,
                                                               "reden": "De ondernemer belde: het terras mag niet."},
                           follow_redirects=False)
    assert antwoord.status_code == 303 and antwoord.headers["location"] == f"/zaken/{nummer}?gedaan=heropend"
    with transaction(gevuld) as session:
        zaak_ = zaak_op_nummer(session=session, nummer=nummer)
        assert (zaak_.status, zaak_.afgerond_op) == ("in_behandeling", None)
        open_ = [b for b in zaak_.beloften if b.status == "open"]
        assert len(open_) == 1 and open_[0].medewerker.sleutel == "mehmet-yilmaz" and open_[0].deadline > MAANDAG
        regel = session.execute(select(AuditRegel).where(AuditRegel.zaak_id == zaak_.id,
                                                         AuditRegel.wat == "zaak_heropend")).scalar_one()
        assert regel.details["reden"] == "De ondernemer belde: het terras mag niet."
        assert regel.wie == "console:mehmet"
        bericht = session.execute(select(UitgaandBericht).where(UitgaandBericht.zaak_id == zaak_.id,
                                                                UitgaandBericht.soort == "heropend")).scalar_one()
        assert f"Uw zaak {nummer} is weer in behandeling." in bericht.tekst and open_[0].zin in bericht.tekst
    pagina = mehmet.get(antwoord.headers["location"]).text
    assert "De zaak is heropend en staat weer in behandeling." in pagina
    assert "Zaak heropend</strong>" in pagina and "Reden: De ondernemer belde: het terras mag niet." in pagina
    assert "Zaak heropenen</h2>" not in pagina and f'action="/zaken/{nummer}/afronden"' in pagina
    assert zaken["hoek"] in mehmet.get("/").text  # back in the inbox
    # closed again, and reopened again: each step has its own message
    sluit(mehmet, nummer)
    csrf = csrf_uit(mehmet.get(f"/zaken/{nummer}").text)
    assert mehmet.post(f"/zaken/{nummer}/heropenen", data={"csrf_token": csrf, "reden": "nogmaals"},
                       follow_redirects=False).status_code == 303
    with transaction(gevuld) as session:
        assert session.execute(select(UitgaandBericht).where(UitgaandBericht.soort == "heropend")).scalars().all()[1]


def test_only_a_closed_case_is_reopened_and_only_by_who_may_change_it(mehmet, gevuld, klok, zaken):
    nummer = zaken["hoek"]
    csrf = csrf_uit(mehmet.get(f"/zaken/{nummer}").text)
    open_ = mehmet.post(f"/zaken/{nummer}/heropenen", data={"csrf_token": csrf, "reden": "x"}, follow_redirects=False)
    assert open_.status_code == 400 and "niet afgerond" in open_.text
    sluit(mehmet, nummer)
    lotte = ingelogd(gevuld, klok, "lotte")
    try:
        pagina = lotte.get(f"/zaken/{nummer}").text
        assert f'action="/zaken/{nummer}/heropenen"' not in pagina and "kan deze zaak heropenen" in pagina
        antwoord = lotte.post(f"/zaken/{nummer}/heropenen", data={"csrf_token": csrf_uit(pagina), "reden": "x"},
                              follow_redirects=False)
        assert antwoord.status_code == 403
    finally:
        lotte.__exit__(None, None, None)
    with transaction(gevuld) as session:
        assert zaak_op_nummer(session=session, nummer=nummer).status == "afgerond"
