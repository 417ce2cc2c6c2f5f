"""Console authentication: passwords, sessions, CSRF, rate limiting, and that every route needs a login."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from bot.accounts.models import Account, ConsoleSessie, LoginPoging
from bot.accounts.service import AccountFout, maak_account, wachtwoord_klopt
from bot.console.app import maak_app
from bot.console.auth import (
    MAX_MISLUKT_PER_GEBRUIKER,
    MAX_MISLUKT_PER_IP,
    SESSIE_INACTIEF,
    binnen_limiet,
    noteer_poging,
)
from bot.kern.db import transaction
from bot.zaken.models import AuditRegel
from tests.unit.console.hulp import (
    MAANDAG,
    WACHTWOORD,
    Klok,
    NepRasa,
    account_met_token,
    csrf_uit,
    log_in,
    maak_accounts,
    nieuwe_zaak,
    vul_database,
)


@pytest.fixture
def klok() -> Klok:
    return Klok(MAANDAG)


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet-yilmaz": ("medewerker", "mehmet-yilmaz"), "beheer": ("beheerder", None)})
    return engine


@pytest.fixture
def client(gevuld, klok):
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as client:
        yield client


def voorbeeldpad(route: Route) -> str:
    """The route's path with example values for its parameters."""
    return re.sub(r"\{[^}]+\}", lambda m: "1" if ":int" in m.group(0) else "ON-2026-00001", route.path)


# --- every route needs a login ---------------------------------------------------------------------


@pytest.mark.parametrize("inloggegevens", [
    {},
    {"headers": {"Authorization": "Bearer ing_dit-token-bestaat-niet"}},
    {"headers": {"Authorization": "Basic bWVobWV0OndhY2h0d29vcmQ="}},
    {"cookies": {"ingang_sessie": "verzonnen-sessie"}},
])
def test_every_route_except_login_and_static_refuses_without_a_session_or_token(gevuld, klok, inloggegevens):
    nieuwe_zaak(gevuld)
    app = maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())
    gecontroleerd = 0
    with TestClient(app, cookies=inloggegevens.get("cookies")) as client:
        for route in app.routes:
            if isinstance(route, Mount):
                assert route.path == "/static"
                continue
            if route.path in ("/login", "/favicon.ico", "/gezond"):  # open on purpose (test_hartslag.py)
                continue
            for methode in sorted(route.methods - {"HEAD"}):
                antwoord = client.request(methode, voorbeeldpad(route), headers=inloggegevens.get("headers"),
                                          follow_redirects=False)
                if route.path.startswith("/api/"):
                    assert antwoord.status_code == 401, (methode, route.path)
                    assert "fout" in antwoord.json()
                else:
                    assert antwoord.status_code == 303, (methode, route.path)
                    assert antwoord.headers["location"].startswith("/login")
                gecontroleerd += 1
    assert gecontroleerd >= 20  # 10 page routes besides login, 10 API routes
    with transaction(gevuld) as session:  # nothing was changed by the refused requests
        assert session.execute(select(func.count(AuditRegel.id)).where(AuditRegel.wie.like("console%"))).scalar_one() == 0


def test_login_static_and_the_favicon_are_open(client):
    assert client.get("/login").status_code == 200
    assert client.get("/static/console.css").status_code == 200
    assert client.get("/favicon.ico").status_code == 200


# --- passwords and login -----------------------------------------------------------------------------


def test_passwords_are_stored_as_argon2_hashes(gevuld):
    with transaction(gevuld) as session:
        account = session.execute(select(Account).where(Account.gebruikersnaam == "mehmet-yilmaz")).scalar_one()
        assert account.wachtwoord_hash.startswith("$argon2id$") and WACHTWOORD not in account.wachtwoord_hash
        assert wachtwoord_klopt(account.wachtwoord_hash, WACHTWOORD)
        assert not wachtwoord_klopt(account.wachtwoord_hash, WACHTWOORD + "x")
        with pytest.raises(AccountFout, match="minstens"):
            maak_account(session=session, gebruikersnaam="kort", wachtwoord="kort", rol="beheerder", medewerker=None,
                         nu=MAANDAG)
        with pytest.raises(AccountFout, match="bestaat al"):
            maak_account(session=session, gebruikersnaam="Beheer", wachtwoord=WACHTWOORD, rol="beheerder",
                         medewerker=None, nu=MAANDAG)


def test_login_sets_a_httponly_samesite_lax_session_cookie_and_opens_the_inbox(client, gevuld):
    antwoord = log_in(client, "mehmet-yilmaz", volgende="/?tab=team")
    assert antwoord.status_code == 303 and antwoord.headers["location"] == "/?tab=team"
    cookie = [c for c in antwoord.headers.get_list("set-cookie") if c.startswith("ingang_sessie=")][0]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    sessie_id = cookie.split(";")[0].split("=", 1)[1]
    with transaction(gevuld) as session:  # only the hash is stored
        assert session.execute(select(ConsoleSessie.sessie_hash)).scalar_one() != sessie_id
    inbox = client.get("/")
    assert inbox.status_code == 200 and "Ingelogd als mehmet-yilmaz" in inbox.text


def test_the_session_cookie_is_secure_when_configured(gevuld, klok, monkeypatch):
    monkeypatch.setenv("INGANG_CONSOLE_SECURE", "1")
    with TestClient(maak_app(gevuld, klok=klok, rasa=NepRasa()), base_url="https://testserver") as client:
        antwoord = log_in(client, "mehmet-yilmaz")
    cookie = [c for c in antwoord.headers.get_list("set-cookie") if c.startswith("ingang_sessie=")][0]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_a_wrong_password_or_unknown_user_gets_the_same_answer_and_no_session(client):
    fout = log_in(client, "mehmet-yilmaz", "verkeerd-wachtwoord")
    onbekend = log_in(client, "niemand", "verkeerd-wachtwoord")
    assert fout.status_code == onbekend.status_code == 401
    assert "klopt niet" in fout.text and "klopt niet" in onbekend.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_without_the_login_form_token_is_refused(client):
    client.get("/login")
    antwoord = client.post("/login", data={"gebruikersnaam": "mehmet-yilmaz", "wachtwoord": WACHTWOORD,
                                           "csrf_token": "verzonnen"}, follow_redirects=False)
    assert antwoord.status_code == 403 and "ingang_sessie" not in client.cookies


def test_login_never_redirects_to_another_site(client):
    antwoord = log_in(client, "mehmet-yilmaz", volgende="//kwaadaardig.example/")
    assert antwoord.status_code == 303 and antwoord.headers["location"] == "/"


# --- rate limiting -------------------------------------------------------------------------------------


def test_login_is_blocked_after_too_many_failures_for_a_username_until_the_window_passes(client, klok, gevuld):
    for _ in range(MAX_MISLUKT_PER_GEBRUIKER):
        assert log_in(client, "mehmet-yilmaz", "fout-wachtwoord-123").status_code == 401
    geblokkeerd = log_in(client, "mehmet-yilmaz")  # even the right password
    assert geblokkeerd.status_code == 429 and "Te veel mislukte pogingen" in geblokkeerd.text
    assert "ingang_sessie" not in client.cookies
    assert log_in(client, "beheer").status_code == 303  # another user from the same IP is not blocked yet
    klok.nu += timedelta(minutes=15, seconds=1)
    assert log_in(client, "mehmet-yilmaz").status_code == 303
    with transaction(gevuld) as session:  # the state is in the database, shared by every process
        assert session.execute(select(func.count(LoginPoging.id)).where(LoginPoging.gelukt.is_(False))).scalar_one() == 5


def test_login_is_blocked_after_too_many_failures_from_one_ip(client):
    for nummer in range(MAX_MISLUKT_PER_IP):
        assert log_in(client, f"gebruiker-{nummer}", "fout-wachtwoord-123").status_code == 401
    assert log_in(client, "mehmet-yilmaz").status_code == 429


def test_attempts_all_recorded_before_any_counts_let_exactly_the_limit_through(gevuld):
    """The worst order for parallel attempts on any database: every row committed before the first count."""
    pogingen = []
    for _ in range(3 * MAX_MISLUKT_PER_GEBRUIKER):
        with transaction(gevuld) as session:
            pogingen.append(noteer_poging(session=session, gebruikersnaam="Mehmet-Yilmaz", ip="10.0.0.1", nu=MAANDAG))
    toegelaten = []
    for poging_id in pogingen:
        with transaction(gevuld) as session:
            toegelaten.append(binnen_limiet(session=session, poging_id=poging_id, nu=MAANDAG))
    assert sum(toegelaten) == MAX_MISLUKT_PER_GEBRUIKER
    with transaction(gevuld) as session:  # the refused ones are not kept
        assert session.execute(select(func.count(LoginPoging.id))).scalar_one() == MAX_MISLUKT_PER_GEBRUIKER


def test_the_limit_holds_across_app_instances_sharing_the_database(gevuld, klok):
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as eerste:
        for _ in range(MAX_MISLUKT_PER_GEBRUIKER):
            log_in(eerste, "mehmet-yilmaz", "fout-wachtwoord-123")
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as tweede:
        assert log_in(tweede, "mehmet-yilmaz").status_code == 429


# --- sessions ---------------------------------------------------------------------------------------


def test_an_idle_session_expires(client, klok):
    log_in(client, "mehmet-yilmaz")
    klok.nu += SESSIE_INACTIEF + timedelta(seconds=1)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_logout_needs_csrf_and_ends_the_session(client):
    log_in(client, "mehmet-yilmaz")
    assert client.post("/logout", follow_redirects=False).status_code == 403
    csrf = csrf_uit(client.get("/").text)
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    client.cookies.clear()
    assert client.get("/", follow_redirects=False).status_code == 303


# --- CSRF ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("csrf", [None, "verkeerd", ""])
def test_cookie_posts_without_the_right_csrf_token_are_refused(client, gevuld, csrf):
    nummer = nieuwe_zaak(gevuld)["zaak"]
    log_in(client, "mehmet-yilmaz")
    data = {"notitie": "klaar"} if csrf is None else {"notitie": "klaar", "csrf_token": csrf}
    assert client.post(f"/zaken/{nummer}/sluiten", data=data, follow_redirects=False).status_code == 403
    headers = {} if csrf is None else {"X-CSRF-Token": csrf}
    antwoord = client.post(f"/api/zaken/{nummer}/sluiten", json={}, headers=headers)
    assert antwoord.status_code == 403 and "CSRF" in antwoord.json()["fout"]
    assert client.get(f"/api/zaken/{nummer}").json()["status"] == "toegewezen"


def test_cookie_posts_with_the_csrf_token_pass(client, gevuld):
    nummer = nieuwe_zaak(gevuld)["zaak"]
    log_in(client, "mehmet-yilmaz")
    csrf = csrf_uit(client.get(f"/zaken/{nummer}").text)
    antwoord = client.post(f"/api/zaken/{nummer}/sluiten", json={}, headers={"X-CSRF-Token": csrf})
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "afgerond"


def test_a_bearer_token_needs_no_csrf_and_a_revoked_account_loses_access(client, gevuld):
    nummer = nieuwe_zaak(gevuld)["zaak"]
    token = account_met_token(gevuld, gebruikersnaam="sanne", rol="teamleider", sleutel="sanne-de-vries")
    kop = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/api/zaken/{nummer}/sluiten", json={"notitie": "klaar"}, headers=kop).status_code == 200
    beheer = account_met_token(gevuld, gebruikersnaam="beheer2", rol="beheerder", sleutel=None)
    assert client.post("/api/accounts/sanne/uitzetten", headers={"Authorization": f"Bearer {beheer}"}).status_code == 200
    assert client.get("/api/zaken", headers=kop).status_code == 401


def test_old_login_attempts_and_expired_sessions_are_cleaned_up_at_login(client, gevuld, klok):
    log_in(client, "mehmet-yilmaz", "fout-wachtwoord-123")
    log_in(client, "mehmet-yilmaz")
    klok.nu += timedelta(days=31)
    log_in(client, "beheer")
    with transaction(gevuld) as session:
        assert [p.gebruikersnaam for p in session.execute(select(LoginPoging)).scalars()] == ["beheer"]
        assert session.execute(select(func.count(ConsoleSessie.id))).scalar_one() == 1


# --- command line ---------------------------------------------------------------------------------------


def test_the_command_line_makes_accounts_and_a_token_that_works(gevuld, database_url, klok, monkeypatch, capsys):
    from bot.console.__main__ import main

    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    monkeypatch.setenv("INGANG_CONSOLE_WACHTWOORD", "wachtwoord-uit-de-omgeving")
    assert main(["maak-beheerder", "--gebruikersnaam", "Hoofdbeheer"]) == 0
    assert main(["maak-account", "--medewerker", "lotte-bakker", "--rol", "medewerker"]) == 0
    assert main(["maak-account", "--medewerker", "bestaat-niet", "--rol", "medewerker"]) == 1
    capsys.readouterr()
    assert main(["maak-token", "--gebruikersnaam", "lotte-bakker", "--naam", "koppeling"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as client:
        assert client.get("/api/zaken", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert log_in(client, "hoofdbeheer", "wachtwoord-uit-de-omgeving").status_code == 303
