"""Attack 7 of issue 13, no password change: a staff member whose password leaked could not change it.
Now the page /wachtwoord (linked from every page's header) changes it: the current password is needed
(and guessing it counts towards the login limit), the new one follows the rules of a new account and is
typed twice, every other session of the account ends, and the audit log says so without the password.
Failed before (there was no such page)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.accounts.service import MIN_WACHTWOORD_LENGTE
from bot.console.app import maak_app
from bot.console.auth import MAX_MISLUKT_PER_GEBRUIKER
from bot.kern.db import transaction
from bot.zaken.models import AuditRegel
from tests.unit.console.hulp import MAANDAG, WACHTWOORD, Klok, NepRasa, csrf_uit, log_in, maak_accounts, vul_database

NIEUW = "een-heel-ander-wachtwoord"


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet-yilmaz": ("medewerker", "mehmet-yilmaz")})
    return engine


def client_voor(engine) -> TestClient:
    return TestClient(maak_app(engine, klok=Klok(MAANDAG), secure=False, rasa=NepRasa()))


def wijzig(client: TestClient, huidig: str, nieuw: str, herhaling: str | None = None, *, csrf: str | None = None):
    pagina = client.get("/wachtwoord")
    assert pagina.status_code == 200
    return client.post("/wachtwoord", follow_redirects=False, data={
        "huidig": huidig, "nieuw": nieuw, "herhaling": nieuw if herhaling is None else herhaling,
        "csrf_token": csrf_uit(pagina.text) if csrf is None else csrf,
    })


def test_a_staff_member_changes_their_password_and_their_other_sessions_end(gevuld):
    with client_voor(gevuld) as hier, client_voor(gevuld) as elders:
        assert log_in(elders, "mehmet-yilmaz").status_code == 303
        assert log_in(hier, "mehmet-yilmaz").status_code == 303
        assert 'href="/wachtwoord"' in hier.get("/").text  # linked from the page header

        antwoord = wijzig(hier, WACHTWOORD, NIEUW)  # post/redirect/get: a reload does not send it again
        assert antwoord.status_code == 303 and antwoord.headers["location"] == "/wachtwoord?gedaan=gewijzigd"
        assert "Uw wachtwoord is gewijzigd" in html.unescape(hier.get(antwoord.headers["location"]).text)
        assert hier.get("/", follow_redirects=False).status_code == 200  # this session goes on
        assert elders.get("/", follow_redirects=False).status_code == 303  # the other one has ended

    with client_voor(gevuld) as client:
        assert log_in(client, "mehmet-yilmaz", WACHTWOORD).status_code == 401
        assert log_in(client, "mehmet-yilmaz", NIEUW).status_code == 303
    with transaction(gevuld) as session:
        regel = session.execute(select(AuditRegel).where(AuditRegel.wat == "wachtwoord_gewijzigd")).scalar_one()
        assert regel.wie == "console:mehmet-yilmaz"
        assert NIEUW not in repr(regel.details) and WACHTWOORD not in repr(regel.details)


@pytest.mark.parametrize("huidig, nieuw, herhaling, melding", [
    ("fout-wachtwoord-123", NIEUW, NIEUW, "Uw huidige wachtwoord klopt niet."),
    (WACHTWOORD, NIEUW, NIEUW + "x", "De twee nieuwe wachtwoorden zijn niet gelijk."),
    (WACHTWOORD, "kort", "kort", f"Het wachtwoord moet minstens {MIN_WACHTWOORD_LENGTE} tekens lang zijn."),
    (WACHTWOORD, WACHTWOORD, WACHTWOORD, "Kies een ander wachtwoord dan uw huidige."),
])
def test_a_wrong_change_is_refused_with_a_dutch_message_and_changes_nothing(gevuld, huidig, nieuw, herhaling, melding):
    with client_voor(gevuld) as client:
        log_in(client, "mehmet-yilmaz")
        antwoord = wijzig(client, huidig, nieuw, herhaling)
        assert antwoord.status_code == 400 and melding in html.unescape(antwoord.text)
        assert client.post("/logout", data={"csrf_token": csrf_uit(client.get("/").text)}).status_code == 200
        assert log_in(client, "mehmet-yilmaz", WACHTWOORD).status_code == 303


def test_the_change_needs_the_csrf_token(gevuld):
    with client_voor(gevuld) as client:
        log_in(client, "mehmet-yilmaz")
        assert wijzig(client, WACHTWOORD, NIEUW, csrf="verkeerd").status_code == 403
    with client_voor(gevuld) as client:
        assert log_in(client, "mehmet-yilmaz", NIEUW).status_code == 401


def test_guessing_the_current_password_counts_towards_the_login_limit(gevuld):
    with client_voor(gevuld) as client:
        log_in(client, "mehmet-yilmaz")
        for _ in range(MAX_MISLUKT_PER_GEBRUIKER):
            assert wijzig(client, "fout-wachtwoord-123", NIEUW).status_code == 400
        geblokkeerd = wijzig(client, WACHTWOORD, NIEUW)  # even the right one, until the window has passed
        assert geblokkeerd.status_code == 429 and "Te veel mislukte pogingen" in geblokkeerd.text
    with client_voor(gevuld) as client:
        assert log_in(client, "mehmet-yilmaz", WACHTWOORD).status_code == 429
