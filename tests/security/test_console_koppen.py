"""Attack 7 of issue 13, the console's headers and bodies: security headers on every response (not
only on rendered pages), a size limit on every body (``/login`` and the API included), and no
script inside a page's <title>. Each failed before bot/console/beveiliging.py."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from bot.console.app import maak_app
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, account_met_token, log_in, maak_accounts, vul_database


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    maak_accounts(engine, {"mehmet-yilmaz": ("medewerker", "mehmet-yilmaz")})
    return engine


def client_voor(engine, secure: bool) -> TestClient:
    return TestClient(maak_app(engine, klok=Klok(MAANDAG), secure=secure, rasa=NepRasa()),
                      base_url="https://console.test" if secure else "http://testserver")


@pytest.mark.parametrize("pad, status", [
    ("/login", 200),  # a rendered page
    ("/static/console.css", 200),  # a static file
    ("/api/zaken", 401),  # JSON without a token
    ("/", 303),  # a redirect to the login
])
def test_every_response_carries_the_security_headers(gevuld, pad, status):
    with client_voor(gevuld, secure=True) as client:
        antwoord = client.get(pad, follow_redirects=False)
    assert antwoord.status_code == status
    assert antwoord.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in antwoord.headers["content-security-policy"]
    assert antwoord.headers["strict-transport-security"].startswith("max-age=")


def test_no_hsts_without_https(gevuld):
    with client_voor(gevuld, secure=False) as client:
        assert "strict-transport-security" not in client.get("/login").headers


@pytest.mark.parametrize("pad, soort", [("/login", "application/x-www-form-urlencoded"), ("/api/zaken", "application/json")])
def test_a_huge_body_is_refused_before_any_route_reads_it(gevuld, pad, soort):
    token = account_met_token(gevuld, gebruikersnaam="api", rol="medewerker", sleutel="sanne-de-vries")
    with client_voor(gevuld, secure=False) as client:
        antwoord = client.post(pad, content=b"a=" + b"x" * (2 * 1024 * 1024),
                               headers={"content-type": soort, "authorization": f"Bearer {token}"})
    assert antwoord.status_code == 413


def test_no_page_has_a_script_in_its_title(gevuld):
    with client_voor(gevuld, secure=False) as client:
        assert log_in(client, "mehmet-yilmaz").status_code == 303
        for pad in ("/", "/login"):
            titel = re.search(r"<title>(.*?)</title>", client.get(pad).text, re.S).group(1)
            assert "<" not in titel


def test_forwarded_addresses_are_believed_only_from_configured_proxies():
    from bot.console.__main__ import proxy_instellingen

    assert proxy_instellingen({}) == {"proxy_headers": False}  # was: believed from 127.0.0.1
    assert proxy_instellingen({"INGANG_CONSOLE_PROXY_IPS": "10.0.0.5"}) == {"proxy_headers": True,
                                                                           "forwarded_allow_ips": "10.0.0.5"}
