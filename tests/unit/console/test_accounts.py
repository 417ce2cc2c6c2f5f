"""The beheerder's accounts pages (/accounts) and the own password change, through the real forms:
CSRF, post/redirect/get, kept input on a refusal, audit rows, and what each change does to logging in."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.accounts.models import Account, ApiToken
from bot.accounts.service import AccountFout, controleer_uitzetten
from bot.console.app import maak_app
from bot.kern.db import transaction
from bot.zaken.models import AuditRegel
from tests.unit.console.hulp import MAANDAG, WACHTWOORD, Klok, NepRasa, csrf_uit, log_in, maak_accounts, vul_database

NIEUW = "een-ander-lang-wachtwoord"


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"beheer": ("beheerder", None), "mehmet-yilmaz": ("medewerker", "mehmet-yilmaz")})
    return engine


def client_voor(engine) -> TestClient:
    return TestClient(maak_app(engine, klok=Klok(MAANDAG), secure=False, rasa=NepRasa()))


@pytest.fixture
def beheerder(gevuld):
    with client_voor(gevuld) as client:
        assert log_in(client, "beheer").status_code == 303
        yield client


def verstuur(client: TestClient, pagina: str, actie: str, **velden: str):
    """Post a form of ``pagina`` with the page's CSRF token; the response is not followed."""
    csrf = csrf_uit(client.get(pagina).text)
    return client.post(actie, data={"csrf_token": csrf, **velden}, follow_redirects=False)


def eenmalig(client: TestClient, antwoord) -> tuple[str, str]:
    """Follow the redirect after a change: the page and the secret it shows once."""
    assert antwoord.status_code == 303, antwoord.text
    pagina = client.get(antwoord.headers["location"])
    assert pagina.status_code == 200
    gevonden = re.search(r'<code class="geheim">([^<]+)</code>', pagina.text)
    assert gevonden, "no one-time secret on the page"
    return pagina.text, html.unescape(gevonden.group(1))


def audit(engine, wat: str) -> list[AuditRegel]:
    with transaction(engine) as session:
        regels = list(session.execute(select(AuditRegel).where(AuditRegel.wat == wat)).scalars())
        session.expunge_all()
        return regels


def test_a_medewerker_gets_403_on_the_accounts_pages_and_sees_no_link(gevuld):
    with client_voor(gevuld) as client:
        log_in(client, "mehmet-yilmaz")
        assert 'href="/accounts"' not in client.get("/").text
        assert client.get("/accounts").status_code == 403
        assert client.get("/accounts/beheer").status_code == 403
        geweigerd = verstuur(client, "/", "/accounts", gebruikersnaam="stiekem", rol="beheerder",
                             wachtwoordkeuze="genereren")
        assert geweigerd.status_code == 403
        assert verstuur(client, "/", "/accounts/beheer/uitzetten", bevestigd="ja").status_code == 403
    with transaction(gevuld) as session:
        assert session.execute(select(Account).where(Account.gebruikersnaam == "stiekem")).first() is None
        assert session.execute(select(Account.actief).where(Account.gebruikersnaam == "beheer")).scalar_one()


def test_the_list_shows_role_medewerker_status_and_last_login(beheerder):
    assert 'href="/accounts"' in beheerder.get("/").text  # in the navigation
    lijst = html.unescape(beheerder.get("/accounts").text)
    assert "mehmet-yilmaz" in lijst and "Mehmet Yılmaz" in lijst and "Medewerker" in lijst and "Beheerder" in lijst
    assert "maandag 23 november 2026, 09.00 uur" in lijst  # beheer's login, by the tests' clock


def test_a_beheerder_adds_an_account_with_a_generated_password_shown_once_that_logs_in(beheerder, gevuld):
    antwoord = verstuur(beheerder, "/accounts", "/accounts", gebruikersnaam="Femke", rol="medewerker",
                        medewerker="femke-willems", wachtwoordkeuze="genereren")
    assert antwoord.headers["location"] == "/accounts/femke?gedaan=aangemaakt"
    pagina, wachtwoord = eenmalig(beheerder, antwoord)
    assert "Het account is toegevoegd." in pagina and len(wachtwoord) >= 12
    assert "geheim" not in beheerder.get("/accounts/femke").text  # shown once only
    with client_voor(gevuld) as femke:
        assert log_in(femke, "femke", wachtwoord).status_code == 303
    [regel] = audit(gevuld, "account_aangemaakt")
    assert regel.wie == "console:beheer" and regel.details["gebruikersnaam"] == "femke"
    assert wachtwoord not in repr(regel.details)


def test_a_beheerder_adds_an_account_with_a_chosen_password(beheerder, gevuld):
    antwoord = verstuur(beheerder, "/accounts", "/accounts", gebruikersnaam="privacy", rol="privacy", medewerker="",
                        wachtwoordkeuze="zelf", wachtwoord=NIEUW, herhaling=NIEUW)
    assert antwoord.status_code == 303
    assert "geheim" not in beheerder.get(antwoord.headers["location"]).text  # nothing to show: the beheerder chose it
    with client_voor(gevuld) as client:
        assert log_in(client, "privacy", NIEUW).status_code == 303


def test_a_refused_account_keeps_what_was_typed_but_never_the_password_and_names_the_field(beheerder, gevuld):
    antwoord = verstuur(beheerder, "/accounts", "/accounts", gebruikersnaam="joost", rol="teamleider", medewerker="",
                        wachtwoordkeuze="zelf", wachtwoord="geheim-maar-kort"[:8], herhaling="geheim-m")
    tekst = html.unescape(antwoord.text)
    assert antwoord.status_code == 400
    assert 'value="joost"' in tekst and '<option value="teamleider" selected>' in tekst
    assert 'value="zelf" checked' in re.sub(r"\s+", " ", tekst)
    assert "geheim-m" not in tekst  # the password is not filled in again
    assert "Wachtwoord: Het wachtwoord moet minstens 12 tekens lang zijn." in tekst  # labelled with the field's name

    zonder_medewerker = verstuur(beheerder, "/accounts", "/accounts", gebruikersnaam="joost", rol="teamleider",
                                 medewerker="", wachtwoordkeuze="genereren")
    assert zonder_medewerker.status_code == 400
    assert "Medewerker: Een account voor een medewerker of teamleider hoort bij een medewerker." in html.unescape(
        zonder_medewerker.text)
    dubbel = verstuur(beheerder, "/accounts", "/accounts", gebruikersnaam="mehmet-yilmaz", rol="beheerder",
                      wachtwoordkeuze="genereren")
    assert dubbel.status_code == 400 and "Gebruikersnaam: De gebruikersnaam" in html.unescape(dubbel.text)
    with transaction(gevuld) as session:
        assert session.execute(select(Account).where(Account.gebruikersnaam == "joost")).first() is None
    assert audit(gevuld, "account_aangemaakt") == []


def test_the_forms_need_the_csrf_token(beheerder, gevuld):
    geweigerd = beheerder.post("/accounts/mehmet-yilmaz/uitzetten", data={"csrf_token": "fout", "bevestigd": "ja"},
                               follow_redirects=False)
    assert geweigerd.status_code == 403
    with transaction(gevuld) as session:
        assert session.execute(select(Account.actief).where(Account.gebruikersnaam == "mehmet-yilmaz")).scalar_one()


def test_disabling_asks_for_confirmation_stops_login_and_ends_sessions_then_reactivating_lets_in(beheerder, gevuld):
    with client_voor(gevuld) as mehmet:
        assert log_in(mehmet, "mehmet-yilmaz").status_code == 303
        bevestiging = beheerder.get("/accounts/mehmet-yilmaz/uitzetten")
        assert bevestiging.status_code == 200 and "Ja, zet het account uit" in bevestiging.text
        zonder_bevestiging = verstuur(beheerder, "/accounts/mehmet-yilmaz", "/accounts/mehmet-yilmaz/uitzetten")
        assert zonder_bevestiging.status_code == 303 and mehmet.get("/", follow_redirects=False).status_code == 200

        antwoord = verstuur(beheerder, "/accounts/mehmet-yilmaz/uitzetten", "/accounts/mehmet-yilmaz/uitzetten",
                            bevestigd="ja")
        assert antwoord.headers["location"] == "/accounts/mehmet-yilmaz?gedaan=uitzetten"
        assert "Het account staat uit." in beheerder.get(antwoord.headers["location"]).text
        assert mehmet.get("/", follow_redirects=False).status_code == 303  # the session has ended
        assert log_in(mehmet, "mehmet-yilmaz").status_code == 401

        antwoord = verstuur(beheerder, "/accounts/mehmet-yilmaz/aanzetten", "/accounts/mehmet-yilmaz/aanzetten",
                            bevestigd="ja")
        assert antwoord.headers["location"] == "/accounts/mehmet-yilmaz?gedaan=aanzetten"
        assert log_in(mehmet, "mehmet-yilmaz").status_code == 303
    assert [r.details["gebruikersnaam"] for r in audit(gevuld, "account_uitgezet")] == ["mehmet-yilmaz"]
    assert [r.details["gebruikersnaam"] for r in audit(gevuld, "account_aangezet")] == ["mehmet-yilmaz"]


def test_a_beheerder_cannot_disable_themself_or_the_last_active_beheerder(beheerder, gevuld):
    zelf = verstuur(beheerder, "/accounts/beheer", "/accounts/beheer/uitzetten", bevestigd="ja")
    assert zelf.status_code == 400 and "U kunt uw eigen account niet uitzetten." in html.unescape(zelf.text)

    # The last active beheerder: another beheerder is always active when one uses the page, so this guards
    # two beheerders switching each other off at once, and every other caller of the service.
    with transaction(gevuld) as session:
        beheer = session.execute(select(Account).where(Account.gebruikersnaam == "beheer")).scalar_one()
        with pytest.raises(AccountFout, match="laatste actieve beheerder"):
            controleer_uitzetten(session=session, account=beheer, door=None)
    maak_accounts(gevuld, {"tweede": ("beheerder", None)})
    with transaction(gevuld) as session:
        beheer = session.execute(select(Account).where(Account.gebruikersnaam == "beheer")).scalar_one()
        controleer_uitzetten(session=session, account=beheer, door=None)  # there is another one now
    assert verstuur(beheerder, "/accounts/tweede", "/accounts/tweede/uitzetten", bevestigd="ja").status_code == 303
    with transaction(gevuld) as session:  # a beheerder that is switched off does not count
        beheer = session.execute(select(Account).where(Account.gebruikersnaam == "beheer")).scalar_one()
        with pytest.raises(AccountFout, match="laatste actieve beheerder"):
            controleer_uitzetten(session=session, account=beheer, door=None)
        assert beheer.actief


def test_the_api_refuses_disabling_yourself_too(gevuld):
    with client_voor(gevuld) as client:
        log_in(client, "beheer")
        csrf = csrf_uit(client.get("/").text)
        antwoord = client.post("/api/accounts/beheer/uitzetten", headers={"X-CSRF-Token": csrf})
        assert antwoord.status_code == 400 and "eigen account" in antwoord.json()["fout"]


def test_a_reset_gives_a_working_one_time_password_the_old_one_fails_and_sessions_end(beheerder, gevuld):
    with client_voor(gevuld) as mehmet:
        log_in(mehmet, "mehmet-yilmaz")
        antwoord = verstuur(beheerder, "/accounts/mehmet-yilmaz", "/accounts/mehmet-yilmaz/wachtwoord",
                            wachtwoordkeuze="genereren")
        pagina, wachtwoord = eenmalig(beheerder, antwoord)
        assert "Het wachtwoord is veranderd." in pagina
        assert mehmet.get("/", follow_redirects=False).status_code == 303  # logged out everywhere
        assert log_in(mehmet, "mehmet-yilmaz", WACHTWOORD).status_code == 401
        assert log_in(mehmet, "mehmet-yilmaz", wachtwoord).status_code == 303
    [regel] = audit(gevuld, "wachtwoord_gereset")
    assert regel.details["sessies_beeindigd"] == 1 and wachtwoord not in repr(regel.details)


def test_a_reset_with_a_chosen_password_follows_the_rules(beheerder, gevuld):
    fout = verstuur(beheerder, "/accounts/mehmet-yilmaz", "/accounts/mehmet-yilmaz/wachtwoord",
                    wachtwoordkeuze="zelf", wachtwoord=NIEUW, herhaling=NIEUW + "x")
    assert fout.status_code == 400
    assert "Wachtwoord, nog een keer: De twee nieuwe wachtwoorden zijn niet gelijk." in html.unescape(fout.text)
    assert NIEUW not in fout.text
    goed = verstuur(beheerder, "/accounts/mehmet-yilmaz", "/accounts/mehmet-yilmaz/wachtwoord",
                    wachtwoordkeuze="zelf", wachtwoord=NIEUW, herhaling=NIEUW)
    assert goed.status_code == 303
    with client_voor(gevuld) as client:
        assert log_in(client, "mehmet-yilmaz", NIEUW).status_code == 303


def test_tokens_are_made_shown_once_listed_and_revoked(beheerder, gevuld):
    fout = verstuur(beheerder, "/accounts/mehmet-yilmaz", "/accounts/mehmet-yilmaz/tokens", naam="crm", dagen="900")
    assert fout.status_code == 400 and "Aantal dagen geldig: " in html.unescape(fout.text)
    assert 'value="crm"' in fout.text and 'value="900"' in fout.text  # kept

    antwoord = verstuur(beheerder, "/accounts/mehmet-yilmaz", "/accounts/mehmet-yilmaz/tokens", naam="crm", dagen="30")
    pagina, token = eenmalig(beheerder, antwoord)
    assert token.startswith("ing_") and "crm" in pagina and "Werkt" in pagina
    with client_voor(gevuld) as koppeling:
        assert koppeling.get("/api/zaken", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        with transaction(gevuld) as session:
            token_id = session.execute(select(ApiToken.id)).scalar_one()
        ingetrokken = verstuur(beheerder, "/accounts/mehmet-yilmaz",
                               f"/accounts/mehmet-yilmaz/tokens/{token_id}/intrekken")
        assert ingetrokken.headers["location"] == "/accounts/mehmet-yilmaz?gedaan=ingetrokken"
        assert koppeling.get("/api/zaken", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "Ingetrokken op" in beheerder.get("/accounts/mehmet-yilmaz").text
    assert [r.details["naam"] for r in audit(gevuld, "token_gemaakt")] == ["crm"]
    assert len(audit(gevuld, "token_ingetrokken")) == 1


def test_a_get_of_a_form_address_leads_back_to_the_account(beheerder):
    for pad in ("/accounts/mehmet-yilmaz/wachtwoord", "/accounts/mehmet-yilmaz/tokens",
                "/accounts/mehmet-yilmaz/tokens/1/intrekken"):
        antwoord = beheerder.get(pad, follow_redirects=False)
        assert antwoord.status_code == 303 and antwoord.headers["location"] == "/accounts/mehmet-yilmaz"


# --- the own password change -------------------------------------------------------------------------


def test_the_own_password_change_needs_the_current_password_and_names_the_field(gevuld):
    with client_voor(gevuld) as client:
        log_in(client, "mehmet-yilmaz")
        fout = verstuur(client, "/wachtwoord", "/wachtwoord", huidig="fout-wachtwoord-123", nieuw=NIEUW, herhaling=NIEUW)
        tekst = html.unescape(fout.text)
        assert fout.status_code == 400 and "Huidig wachtwoord: Uw huidige wachtwoord klopt niet." in tekst
        assert NIEUW not in tekst and 'aria-invalid="true"' in tekst
        kort = verstuur(client, "/wachtwoord", "/wachtwoord", huidig=WACHTWOORD, nieuw="kort", herhaling="kort")
        assert "Nieuw wachtwoord: Het wachtwoord moet minstens 12 tekens lang zijn." in html.unescape(kort.text)

        goed = verstuur(client, "/wachtwoord", "/wachtwoord", huidig=WACHTWOORD, nieuw=NIEUW, herhaling=NIEUW)
        assert goed.status_code == 303 and goed.headers["location"] == "/wachtwoord?gedaan=gewijzigd"
        assert "Uw wachtwoord is gewijzigd." in client.get(goed.headers["location"]).text
    with client_voor(gevuld) as client:
        assert log_in(client, "mehmet-yilmaz", WACHTWOORD).status_code == 401
        assert log_in(client, "mehmet-yilmaz", NIEUW).status_code == 303


def test_a_beheerder_resets_no_own_password_on_the_accounts_page(beheerder):
    pagina = beheerder.get("/accounts/beheer").text
    assert "/accounts/beheer/wachtwoord" not in pagina and 'href="/wachtwoord"' in pagina
    geweigerd = verstuur(beheerder, "/accounts/beheer", "/accounts/beheer/wachtwoord", wachtwoordkeuze="genereren")
    assert geweigerd.status_code == 400


def test_a_user_name_that_would_not_fit_in_an_address_is_refused(beheerder):
    antwoord = verstuur(beheerder, "/accounts", "/accounts", gebruikersnaam="sanne/../beheer", rol="privacy",
                        wachtwoordkeuze="genereren")
    assert antwoord.status_code == 400 and "Gebruikersnaam: Gebruik in een gebruikersnaam alleen" in html.unescape(
        antwoord.text)
    assert 'value="sanne/../beheer"' in antwoord.text  # kept, to correct it


def test_every_problem_of_a_form_is_named_at_once(beheerder):
    nieuw = html.unescape(verstuur(beheerder, "/accounts", "/accounts", gebruikersnaam="", rol="",
                                   wachtwoordkeuze="zelf", wachtwoord=NIEUW, herhaling="anders").text)
    for regel in ("Gebruikersnaam: Dit veld is verplicht.", "Rol: Dit veld is verplicht.",
                  "Wachtwoord, nog een keer: De twee nieuwe wachtwoorden zijn niet gelijk."):
        assert regel in nieuw
    token = html.unescape(verstuur(beheerder, "/accounts/mehmet-yilmaz", "/accounts/mehmet-yilmaz/tokens", naam="",
                                   dagen="abc").text)
    assert "Naam van het token: Dit veld is verplicht." in token and "Aantal dagen geldig: Vul een aantal" in token


def test_a_password_a_beheerder_gave_must_be_replaced_before_anything_else(beheerder, gevuld):
    antwoord = verstuur(beheerder, "/accounts/mehmet-yilmaz", "/accounts/mehmet-yilmaz/wachtwoord",
                        wachtwoordkeuze="genereren")
    _, tijdelijk = eenmalig(beheerder, antwoord)
    with client_voor(gevuld) as mehmet:
        assert log_in(mehmet, "mehmet-yilmaz", tijdelijk).status_code == 303
        for pad in ("/", "/kennisbank", "/accounts"):
            naar = mehmet.get(pad, follow_redirects=False)
            assert naar.status_code == 303 and naar.headers["location"] == "/wachtwoord"
        csrf = csrf_uit(mehmet.get("/wachtwoord").text)
        assert "tijdelijk wachtwoord" in mehmet.get("/wachtwoord").text
        assert mehmet.get("/api/zaken").status_code == 403
        assert mehmet.post("/api/zaken/ON-2026-00001/sluiten", headers={"X-CSRF-Token": csrf}, json={}).status_code == 403
        zelfde = verstuur(mehmet, "/wachtwoord", "/wachtwoord", huidig=tijdelijk, nieuw=tijdelijk, herhaling=tijdelijk)
        assert zelfde.status_code == 400
        goed = verstuur(mehmet, "/wachtwoord", "/wachtwoord", huidig=tijdelijk, nieuw=NIEUW, herhaling=NIEUW)
        assert goed.status_code == 303
        assert mehmet.get("/", follow_redirects=False).status_code == 200  # free to work
    with transaction(gevuld) as session:
        assert not session.execute(select(Account.wachtwoord_tijdelijk)
                                   .where(Account.gebruikersnaam == "mehmet-yilmaz")).scalar_one()
