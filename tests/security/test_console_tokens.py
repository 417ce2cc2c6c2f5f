"""Attack 7 of issue 13, API tokens never expired: a token copied into a forgotten script worked for
ever. Now every token expires (90 days unless the command line says otherwise) and an expired token
is refused like a revoked one (401). Failed before (tokens had no expiry)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.accounts.models import ApiToken
from bot.accounts.service import TOKEN_DAGEN
from bot.console.app import maak_app
from bot.kern.db import transaction
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, account_met_token, vul_database


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    return engine


def test_a_token_expires_after_90_days_and_is_then_refused(gevuld):
    token = account_met_token(gevuld, gebruikersnaam="koppeling", rol="medewerker", sleutel="mehmet-yilmaz")
    with transaction(gevuld) as session:
        rij = session.execute(select(ApiToken)).scalar_one()
        assert rij.verloopt_op - rij.aangemaakt_op == timedelta(days=TOKEN_DAGEN) == timedelta(days=90)
        verloopt_op = rij.verloopt_op
    klok = Klok(verloopt_op - timedelta(seconds=1))
    with TestClient(maak_app(gevuld, klok=klok, secure=False, rasa=NepRasa())) as client:
        kop = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/zaken", headers=kop).status_code == 200
        klok.nu = verloopt_op
        verlopen = client.get("/api/zaken", headers=kop)
        assert verlopen.status_code == 401 and "fout" in verlopen.json()


def test_the_command_line_sets_the_number_of_days(gevuld, database_url, monkeypatch, capsys):
    from bot.console.__main__ import main

    monkeypatch.setenv("INGANG_DATABASE_URL", database_url)
    monkeypatch.setenv("INGANG_CONSOLE_WACHTWOORD", "wachtwoord-uit-de-omgeving")
    assert main(["maak-account", "--medewerker", "lotte-bakker", "--rol", "medewerker"]) == 0
    assert main(["maak-token", "--gebruikersnaam", "lotte-bakker", "--naam", "kort", "--dagen", "7"]) == 0
    assert "geldig tot" in capsys.readouterr().out
    assert main(["maak-token", "--gebruikersnaam", "lotte-bakker", "--naam", "nooit", "--dagen", "0"]) == 1
    with transaction(gevuld) as session:
        [rij] = session.execute(select(ApiToken)).scalars()
        assert rij.verloopt_op - rij.aangemaakt_op == timedelta(days=7)


def test_an_expired_token_is_refused_at_every_api_route(gevuld):
    token = account_met_token(gevuld, gebruikersnaam="beheer", rol="beheerder", sleutel=None)
    with TestClient(maak_app(gevuld, klok=Klok(MAANDAG + timedelta(days=TOKEN_DAGEN)), secure=False,
                             rasa=NepRasa())) as client:
        kop = {"Authorization": f"Bearer {token}"}
        for pad in ("/api/zaken", "/api/beloften", "/api/accounts"):
            assert client.get(pad, headers=kop).status_code == 401, pad
