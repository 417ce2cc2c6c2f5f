"""The console's page for requests to see or erase data (/privacy): who may use it, the search, the
download, and the erasure after typing WISSEN (post/redirect/get, with the Open Klant note)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.console.app import maak_app
from bot.kern.db import transaction
from bot.zaken.models import AuditRegel
from tests.unit.console.hulp import Klok, NepRasa, csrf_uit, log_in, maak_accounts
from tests.unit.privacy.dossiers import NU, SPOREN_WILMA, database_tekst, gevonden, mail_tekst, tracker_tekst


@pytest.fixture
def client(engine, twee_dossiers, tracker, mailmap):
    maak_accounts(engine, {"fg": ("privacy", None), "beheer": ("beheerder", None),
                           "mehmet-yilmaz": ("medewerker", "mehmet-yilmaz"), "leider": ("teamleider", "sanne-de-vries")})
    app = maak_app(engine, klok=Klok(NU), secure=False, rasa=NepRasa(), tracker_engine=tracker, mailmap=mailmap)
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("gebruiker", ["mehmet-yilmaz", "leider"])
def test_staff_who_handle_cases_cannot_search_export_or_erase(client, gebruiker, engine):
    log_in(client, gebruiker)
    pagina = client.get("/privacy", params={"zoek": "73920481"})
    assert pagina.status_code == 403 and "Oosterbroek" not in pagina.text
    assert "Privacyverzoeken" not in client.get("/").text  # not in their menu
    csrf = csrf_uit(client.get("/wachtwoord").text)
    assert "Oosterbroek" not in client.post("/privacy/export", data={"zoek": "73920481", "csrf_token": csrf}).text
    client.post("/privacy/wissen", data={"zoek": "73920481", "bevestiging": "WISSEN", "csrf_token": csrf})
    assert gevonden(database_tekst(engine), SPOREN_WILMA)  # nothing was erased


def test_the_privacy_officer_sees_who_and_what_was_found_and_no_case_in_the_inbox(client, twee_dossiers):
    log_in(client, "fg")
    assert twee_dossiers[0] not in client.get("/").text  # no case is theirs to see
    pagina = client.get("/privacy", params={"zoek": "06-48213795"})
    assert pagina.status_code == 200
    assert "Wilhelmina Oosterbroek" in pagina.text and twee_dossiers[0] in pagina.text
    assert "Ans Bos" not in pagina.text
    assert "Stappen in de gesprekken" not in pagina.text  # counts of stores, not Rasa's raw events
    assert "Gesprekken met de assistent: 1, met 2 berichten" in pagina.text


def test_a_name_is_refused_with_an_explanation_and_the_input_kept(client):
    log_in(client, "fg")
    pagina = client.get("/privacy", params={"zoek": "Oosterbroek"})
    assert pagina.status_code == 400
    assert "Op naam zoeken kan niet" in pagina.text and 'value="Oosterbroek"' in pagina.text


def test_the_download_is_one_json_file_with_a_summary_and_an_audit_row_without_the_person(client, engine):
    log_in(client, "fg")
    csrf = csrf_uit(client.get("/privacy", params={"zoek": "73920481"}).text)
    antwoord = client.post("/privacy/export", data={"zoek": "73920481", "csrf_token": csrf})
    assert antwoord.status_code == 200 and "attachment" in antwoord.headers["content-disposition"]
    document = json.loads(antwoord.content)
    assert "Wilhelmina Oosterbroek" in "\n".join(document["samenvatting"])
    assert document["tabellen"]["zaak"][0]["samenvatting"]
    with transaction(engine) as session:
        [regel] = session.execute(select(AuditRegel).where(AuditRegel.wat == "gegevens_ingezien")).scalars()
        assert regel.wie == "console:fg" and not gevonden(json.dumps(regel.details), SPOREN_WILMA + ["73920481"])


def test_erasing_needs_the_typed_confirmation(client, engine):
    log_in(client, "fg")
    csrf = csrf_uit(client.get("/privacy", params={"zoek": "73920481"}).text)
    antwoord = client.post("/privacy/wissen", data={"zoek": "73920481", "bevestiging": "ja", "csrf_token": csrf})
    assert antwoord.status_code == 400 and "Er is niets gewist" in antwoord.text
    assert gevonden(database_tekst(engine), SPOREN_WILMA)


def test_erasing_removes_everything_and_redirects_to_what_was_removed(client, engine, tracker, mailmap, twee_dossiers):
    log_in(client, "beheer")
    csrf = csrf_uit(client.get("/privacy", params={"zoek": twee_dossiers[0]}).text)
    antwoord = client.post("/privacy/wissen", data={"zoek": twee_dossiers[0], "bevestiging": "wissen",
                                                    "csrf_token": csrf}, follow_redirects=False)
    assert antwoord.status_code == 303 and antwoord.headers["location"].startswith("/privacy?gewist=")
    pagina = client.get(antwoord.headers["location"])
    assert "De gegevens zijn gewist" in pagina.text and "Open Klant" in pagina.text
    assert "6f1e2d3c-0000-4000-8000-000000000001" in pagina.text
    for tekst in (database_tekst(engine), tracker_tekst(tracker), mail_tekst(mailmap)):
        assert gevonden(tekst, [*SPOREN_WILMA, twee_dossiers[0]]) == []
    assert "Ans Bos" in database_tekst(engine)
    assert "Er zijn geen gegevens gevonden" in client.get("/privacy", params={"zoek": "73920481"}).text
