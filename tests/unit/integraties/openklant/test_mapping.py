"""What each API object contains (bot/integraties/openklant/mapping.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from bot.integraties.openklant.mapping import Exportgegevens, contactnaam_delen, toelichting
from bot.integraties.openklant.validatie import telefoonnummer_voor_open_klant as telefoon_voor_open_klant
from tests.fakes.openklant_regels import is_telefoonnummer
from tests.unit.integraties.openklant.hulp import (
    MAANDAG,
    NU,
    draag_zaak_over,
    enige,
    export_van,
    exporteer,
    pauze_na,
)


def test_a_known_company_and_medewerker_are_reused_and_a_case_without_kvk_has_no_partij(gevuld, fake, client):
    bestaand = fake.voeg_toe("partijen", {"soortPartij": "organisatie", "partijIdentificatie": {"naam": "De Hoek BV"}})
    fake.voeg_toe("partij-identificatoren", {
        "identificeerdePartij": {"uuid": bestaand["uuid"]},
        "partijIdentificator": {"objectId": "12345678", "codeObjecttype": "niet_natuurlijk_persoon",
                                "codeRegister": "hr", "codeSoortObjectId": "kvk_nummer"}})
    mehmet = fake.voeg_toe("actoren", {"naam": "M. Yılmaz", "soortActor": "medewerker", "actoridentificator": {
        "objectId": "m.yilmaz@voorbeeldstad.nl", "codeObjecttype": "mdw", "codeRegister": "handmatig",
        "codeSoortObjectId": "email"}})
    eerste = draag_zaak_over(gevuld, gesprek_id="g1")
    tweede = draag_zaak_over(gevuld, gesprek_id="g2", kanaal="rest", kvk_nummer=None, bedrijfsnaam=None,
                             contactnaam="Piet", telefoon=None)
    assert exporteer(gevuld, client) == 2

    assert fake.posts("partijen") == [] and fake.posts("partij-identificatoren") == []
    assert export_van(gevuld, eerste["zaak"]).partij_uuid == bestaand["uuid"]
    met, zonder = fake.aangemaakt("betrokkenen")
    assert met["wasPartij"] == {"uuid": bestaand["uuid"]}
    assert zonder["wasPartij"] is None and zonder["organisatienaam"] == ""
    assert zonder["contactnaam"]["achternaam"] == "Piet"
    assert fake.aangemaakt("klantcontacten")[1]["kanaal"] == "chat"
    assert export_van(gevuld, eerste["zaak"]).actor_uuid == mehmet["uuid"]  # found, not made again
    [nieuwe_actor] = [a.body for a in fake.posts("actoren")]  # the second case went to another medewerker
    assert nieuwe_actor["actoridentificator"]["objectId"] != "m.yilmaz@voorbeeldstad.nl"
    assert [t["gevraagdeHandeling"] for t in fake.aangemaakt("internetaken")] == ["Terugbellen", "E-mail sturen"]
    laatste_adres = fake.aangemaakt("digitaleadressen")[-1]
    assert export_van(gevuld, tweede["zaak"]).digitale_adressen == {"email": laatste_adres["uuid"]}


def test_a_partij_made_elsewhere_meanwhile_is_used_instead_of_ours(gevuld, fake, client):
    overdracht = draag_zaak_over(gevuld)
    fake.faal("partij-identificatoren", status=503)
    assert exporteer(gevuld, client) == 0
    [onze] = fake.aangemaakt("partijen")
    assert export_van(gevuld, overdracht["zaak"]).partij_aangemaakt_uuid == onze["uuid"]

    anders = fake.voeg_toe("partijen", {"soortPartij": "organisatie"})  # e.g. a KCC colleague, meanwhile
    fake.voeg_toe("partij-identificatoren", {
        "identificeerdePartij": {"uuid": anders["uuid"]},
        "partijIdentificator": {"objectId": "12345678", "codeObjecttype": "niet_natuurlijk_persoon",
                                "codeRegister": "hr", "codeSoortObjectId": "kvk_nummer"}})
    assert exporteer(gevuld, client, NU + pauze_na(1)) == 1
    assert len(fake.posts("partijen")) == 1 and len(fake.posts("partij-identificatoren")) == 1  # no second partij
    assert export_van(gevuld, overdracht["zaak"]).partij_uuid == anders["uuid"]
    assert enige(fake.aangemaakt("betrokkenen"))["wasPartij"] == {"uuid": anders["uuid"]}


@pytest.mark.parametrize("naam, verwacht", [
    ("Ans Bos", ("Ans", "", "Bos")),
    ("Jan van der Berg", ("Jan", "van der", "Berg")),
    ("Mehmet Yılmaz", ("Mehmet", "", "Yılmaz")),
    ("Fatima de Vries-Jansen", ("Fatima", "de", "Vries-Jansen")),
    ("Piet", ("", "", "Piet")),
    ("Kees van", ("Kees", "", "van")),
])
def test_contact_names_are_split_into_the_parts_of_contactnaam(naam, verwacht):
    delen = contactnaam_delen(naam)
    assert (delen["voornaam"], delen["voorvoegselAchternaam"], delen["achternaam"]) == verwacht


@pytest.mark.parametrize("telefoon, verwacht", [
    ("06-91234502", "0691234502"), ("+31612345678", "+31612345678"), ("010 123 45 67", "0101234567"),
    ("12345", None), (None, None),
    ("0800-1234", None), ("0800 123 4567", None), ("0900-1234567", None), ("14020", None), ("1400", None),
    ("0031612345678", "0031612345678"), ("088 123 4567", "0881234567"),
])
def test_phone_numbers_are_written_as_open_klant_accepts_them(telefoon, verwacht):
    assert telefoon_voor_open_klant(telefoon) == verwacht


@pytest.mark.parametrize("telefoon", [
    "06-12345678", "+31 6 12345678", "(010) 123 45 67", "0031612345678", "+32 471 12 34 56", "088 123 4567",
    "0800-1234", "0800 123 4567", "0900-1234567", "0906 123456", "14020", "1400", "12345",
])
def test_a_phone_number_ingang_sends_is_one_open_klant_accepts(telefoon):
    """Ingang's rule against the fake's own judgement (phonenumbers): what Ingang sends must pass."""
    gestuurd = telefoon_voor_open_klant(telefoon)
    assert gestuurd is None or is_telefoonnummer(gestuurd), gestuurd


def test_a_service_number_is_left_out_and_the_case_is_still_exported(gevuld, fake, client):
    overdracht = draag_zaak_over(gevuld, telefoon="0900-1234567")
    assert exporteer(gevuld, client) == 1
    [adres] = fake.aangemaakt("digitaleadressen")
    assert adres["soortDigitaalAdres"] == "email"
    assert export_van(gevuld, overdracht["zaak"]).status == "geexporteerd"
    assert "0900-1234567" in enige(fake.aangemaakt("internetaken"))["toelichting"]  # staff can still read it


def test_the_toelichting_names_the_promise_its_deadline_and_how_to_reach_the_entrepreneur():
    gegevens = Exportgegevens(
        zaaknummer="ING-2026-00001", kanaal="telegram", onderwerp="Terrasvergunning", samenvatting="Een terras.",
        aangemaakt_op=MAANDAG, contactnaam="Ans van den Bos", bedrijfsnaam="Café De Hoek", kvk_nummer="12345678",
        telefoon="+31612345678", email="ans@dehoek.nl", medewerker_naam="Mehmet Yılmaz",
        medewerker_functie="Accountmanager", medewerker_email="m.yilmaz@voorbeeldstad.nl",
        medewerker_telefoon="06-91234502", actie="terugbellen", belofte_zin="Mehmet Yılmaz belt u terug.",
        deadline=datetime(2026, 11, 24, 15, 30, tzinfo=timezone.utc),
    )
    assert toelichting(gegevens) == (
        "Zaak ING-2026-00001 (Ingang).\n"
        'Beloofd aan de ondernemer: "Mehmet Yılmaz belt u terug."\n'
        "Uiterlijk: 2026-11-24T16:30+01:00.\n"
        "Contact: Ans van den Bos, Café De Hoek, KvK 12345678, +31612345678, ans@dehoek.nl."
    )
    zonder = replace(gegevens, belofte_zin=None, deadline=None, contactnaam=None, bedrijfsnaam=None, kvk_nummer=None,
                     telefoon=None, email=None)
    assert toelichting(zonder) == "Zaak ING-2026-00001 (Ingang)."
