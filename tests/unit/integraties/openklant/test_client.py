"""The HTTP client and its configuration (bot/integraties/openklant/client.py), and what the fake refuses."""

from __future__ import annotations

import socket

import httpx
import pytest
from sqlalchemy import select

from bot.integraties.openklant.client import OpenKlantClient, OpenKlantFout, openklant_client_uit_omgeving
from bot.integraties.openklant.models import ZaakExport
from bot.kern.db import transaction
from tests.unit.integraties.openklant.hulp import draag_zaak_over, export_van, exporteer


def test_an_unreachable_api_never_breaks_the_caller(gevuld):
    overdracht = draag_zaak_over(gevuld)
    with socket.socket() as s:  # a port on which nobody listens
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    with OpenKlantClient(f"http://127.0.0.1:{poort}/klantinteracties/api/v1", "t", timeout=2) as weg:
        assert exporteer(gevuld, weg) == 0
    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "te_exporteren" and rij.pogingen == 1 and "ConnectError" in rij.laatste_fout
    assert rij.klantcontact_uuid is None and rij.claimed_by is None


def test_a_wrong_token_is_refused_and_nothing_is_recorded_as_done(gevuld, fake):
    overdracht = draag_zaak_over(gevuld)
    with OpenKlantClient(fake.url, "verkeerd") as verkeerd:
        assert exporteer(gevuld, verkeerd) == 0
    assert [a.status for a in fake.aanroepen] == [401]
    assert fake.aangemaakt("klantcontacten") == []
    rij = export_van(gevuld, overdracht["zaak"])
    assert rij.status == "te_exporteren" and "401" in rij.laatste_fout and rij.klantcontact_uuid is None


def test_without_configuration_there_is_no_client_and_nothing_happens(gevuld, fake, client, caplog):
    assert openklant_client_uit_omgeving({}) is None
    assert openklant_client_uit_omgeving({"INGANG_OPENKLANT_URL": fake.url}) is None
    assert "INGANG_OPENKLANT_TOKEN ontbreekt" in caplog.text
    overdracht = draag_zaak_over(gevuld)
    assert exporteer(gevuld, None) == 0
    with transaction(gevuld) as session:
        assert session.execute(select(ZaakExport)).scalars().all() == []

    # Configured later: the case made before is exported too.
    with openklant_client_uit_omgeving({"INGANG_OPENKLANT_URL": fake.url + "/",
                                        "INGANG_OPENKLANT_TOKEN": fake.token}) as geconfigureerd:
        assert geconfigureerd.basis_url == fake.url
        assert exporteer(gevuld, geconfigureerd) == 1
    assert export_van(gevuld, overdracht["zaak"]).status == "geexporteerd"


def test_the_fake_refuses_what_open_klant_refuses(fake, client):
    with pytest.raises(OpenKlantFout) as fout:
        client.maak_klantcontact({"kanaal": "chat", "onderwerp": "x", "vertrouwelijk": True})  # no taal
    assert fout.value.status == 400 and "taal" in str(fout.value)
    contact = client.maak_klantcontact({"kanaal": "chat", "onderwerp": "x", "taal": "nld", "vertrouwelijk": True})
    with pytest.raises(OpenKlantFout, match="400"):
        client.maak_internetaak({"gevraagdeHandeling": "Bellen", "aanleidinggevendKlantcontact": {"uuid": contact},
                                 "status": "te_verwerken"})  # no actor
    with pytest.raises(OpenKlantFout, match="400"):
        client.maak_betrokkene({"hadKlantcontact": {"uuid": "00000000-0000-0000-0000-000000000000"}, "rol": "klant",
                                "initiator": True})


@pytest.mark.parametrize("status, definitief", [
    (400, True), (404, True), (422, True),  # the request itself is wrong: sending it again cannot help
    (401, False), (403, False),  # the token: fixed in the configuration, then the export goes on
    (408, False), (409, False), (429, False), (500, False), (503, False), (None, False),
])
def test_only_a_request_open_klant_refuses_is_final(status, definitief):
    assert OpenKlantFout("fout", status=status).definitief is definitief


@pytest.mark.parametrize("adres, geldig", [
    ("0612345678", True), ("0201234567", True), ("+31612345678", True), ("0031612345678", True),
    ("0691234502", True),  # made up, but of the right form: Open Klant does not ask whether a number is in use
    ("0881234567", True), ("+12025550123", True),
    ("0800123456", False), ("09001234567", False), ("14020", False), ("1400", False),  # service numbers
    ("010 123 45 67", False), ("06-12345678", False),  # digits only
    ("12345", False), ("061234567", False),  # not a phone number
    ("+999123456789", True),  # no such country code, but Open Klant 2.18 checks only the form
])
def test_the_fake_judges_phone_numbers_as_open_klant_does(fake, client, adres, geldig):
    contact = client.maak_klantcontact({"kanaal": "chat", "onderwerp": "x", "taal": "nld", "vertrouwelijk": True})
    betrokkene = client.maak_betrokkene({"hadKlantcontact": {"uuid": contact}, "rol": "klant", "initiator": True})
    gegevens = {"verstrektDoorBetrokkene": {"uuid": betrokkene}, "verstrektDoorPartij": None,
                "soortDigitaalAdres": "telefoonnummer", "adres": adres}
    if geldig:
        assert client.maak_digitaal_adres(gegevens)
    else:
        with pytest.raises(OpenKlantFout, match="telefoonnummer is ongeldig") as fout:
            client.maak_digitaal_adres(gegevens)
        assert fout.value.status == 400


def test_the_fake_refuses_an_address_django_refuses_with_open_klants_error_body(fake):
    antwoord = httpx.post(f"{fake.url}/digitaleadressen", headers={"Authorization": f"Token {fake.token}"}, json={
        "verstrektDoorBetrokkene": None, "verstrektDoorPartij": None, "soortDigitaalAdres": "email",
        "adres": "jan..piet@voorbeeld.nl"})
    assert antwoord.status_code == 400 and fake.aangemaakt("digitaleadressen") == []
    fout = antwoord.json()
    assert (fout["code"], fout["title"], fout["status"]) == ("invalid", "Invalid input.", 400) and fout["type"]
    assert fout["invalidParams"] == [{"name": "adres", "code": "invalid", "reason": "Voer een geldig e-mailadres in."}]
