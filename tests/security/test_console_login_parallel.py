"""Attack 7 of issue 13, the login limit under parallel attempts: 40 wrong logins sent at once all had
their password checked, because each counted the earlier failures before any of them was recorded.
Now an attempt is recorded (and committed) before it counts, so of any number of parallel attempts
at most the limit get their password checked, per user name and per IP address. Failed before."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.accounts.models import LoginPoging
from bot.console.app import maak_app
from bot.console.auth import MAX_MISLUKT_PER_GEBRUIKER, MAX_MISLUKT_PER_IP
from bot.console.pages import LOGIN_CSRF_COOKIE
from bot.kern.db import transaction
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, csrf_uit, maak_accounts, vul_database

PARALLEL = 40


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    """A file SQLite database (tests/conftest.py): every request gets its own connection from the pool."""
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet-yilmaz": ("medewerker", "mehmet-yilmaz")})
    return engine


def tegelijk(engine, gebruikersnamen: list[str]) -> list[int]:
    """Post a wrong login for each user name, all at the same moment; the status codes."""
    with TestClient(maak_app(engine, klok=Klok(MAANDAG), secure=False, rasa=NepRasa())) as client:
        csrf = csrf_uit(client.get("/login").text)
        cookies = {LOGIN_CSRF_COOKIE: client.cookies[LOGIN_CSRF_COOKIE]}
        client.cookies.clear()
        start = threading.Barrier(len(gebruikersnamen))

        def poging(gebruikersnaam: str) -> int:
            start.wait()
            return client.post("/login", cookies=cookies, follow_redirects=False, data={
                "gebruikersnaam": gebruikersnaam, "wachtwoord": "fout-wachtwoord-123", "csrf_token": csrf,
            }).status_code

        with ThreadPoolExecutor(max_workers=len(gebruikersnamen)) as pool:
            return list(pool.map(poging, gebruikersnamen))


def mislukt_opgeslagen(engine) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count(LoginPoging.id)).where(LoginPoging.gelukt.is_(False))).scalar_one()


def test_parallel_wrong_logins_for_one_user_name_check_at_most_the_limit(gevuld):
    statussen = tegelijk(gevuld, ["mehmet-yilmaz"] * PARALLEL)
    assert set(statussen) <= {401, 429}
    assert 1 <= statussen.count(401) <= MAX_MISLUKT_PER_GEBRUIKER
    assert mislukt_opgeslagen(gevuld) == statussen.count(401)  # a refused attempt is not kept


def test_parallel_wrong_logins_from_one_address_check_at_most_the_limit(gevuld):
    statussen = tegelijk(gevuld, [f"gebruiker-{nummer}" for nummer in range(PARALLEL)])
    assert set(statussen) <= {401, 429}
    assert 1 <= statussen.count(401) <= MAX_MISLUKT_PER_IP
