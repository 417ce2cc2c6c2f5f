"""The case page and the API show who else is involved in a case that spans teams."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from bot.console.app import maak_app
from bot.kern.db import transaction
from bot.overdracht.service import draag_over
from bot.zaken.service import zaak_op_nummer
from tests import factories as maak
from tests.unit.console.hulp import MAANDAG, Klok, NepRasa, account_met_token, log_in, maak_accounts, vul_database


@pytest.fixture
def gevuld(engine, artikelen, tmp_path):
    vul_database(engine, artikelen, tmp_path)
    return engine


@pytest.fixture
def client(gevuld):
    maak_accounts(gevuld, {"mehmet": ("medewerker", "mehmet-yilmaz")})
    with TestClient(maak_app(gevuld, klok=Klok(MAANDAG), secure=False, rasa=NepRasa())) as client:
        assert log_in(client, "mehmet").status_code == 303
        yield client


def _zaak(engine, gesprek_id: str, *extra: str) -> str:
    with transaction(engine) as session:
        payload = draag_over(session=session, gegevens=maak.vraag(extra_onderwerpen=extra), kanaal="rest",
                             gesprek_id=gesprek_id, moment=MAANDAG)
        assert zaak_op_nummer(session=session, nummer=payload["zaak"]).medewerker.teams == ["horeca-evenementen"]
    return payload["zaak"]


def test_the_case_page_shows_who_of_the_other_team_is_also_involved(client, gevuld):
    nummer = _zaak(gevuld, "g1", "gebruik-pand-wijzigen")  # also vestiging-bouwen's
    html = client.get(f"/zaken/{nummer}").text
    assert "Ook betrokken:" in html
    assert "Pieter Jansen, team Vestiging en bouwen" in html or "Fatima El Amrani, team Vestiging en bouwen" in html
    assert "Collega van een ander team geïnformeerd" in html  # the audit row in the history


def test_a_one_team_case_page_shows_no_one_else(client, gevuld):
    html = client.get(f"/zaken/{_zaak(gevuld, 'g1')}").text
    assert "Ook betrokken" not in html and "geïnformeerd" not in html


def test_the_api_lists_who_else_is_involved(client, gevuld):
    nummer = _zaak(gevuld, "g1", "gebruik-pand-wijzigen")
    kop = {"Authorization": "Bearer " + account_met_token(gevuld, gebruikersnaam="beheer", rol="beheerder", sleutel=None)}
    [betrokken] = client.get(f"/api/zaken/{nummer}", headers=kop).json()["ook_betrokken"]
    assert betrokken["team"] == "vestiging-bouwen" and betrokken["sleutel"] in {"pieter-jansen", "fatima-el-amrani"}
    assert client.get(f"/api/zaken/{_zaak(gevuld, 'g2')}", headers=kop).json()["ook_betrokken"] == []
