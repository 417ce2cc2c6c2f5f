"""Values Open Klant would refuse are left out before the export creates anything (issue 16).

The fake refuses what Open Klant 2.18 refuses (tests/fakes/openklant.py); a refused value must
neither end the export as mislukt nor leave half of its objects made. The warning names the
field, never the value.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import update

from bot.kern.db import transaction
from bot.medewerkers.models import Medewerker
from tests.unit.integraties.openklant.hulp import draag_zaak_over, enige, export_van, exporteer

EXPORT_LOG = "bot.integraties.openklant.export"


def mehmet_bereikbaar_op(engine, *, telefoon: str | None = None, email: str | None = None) -> None:
    """Give Mehmet Yılmaz (who gets the terrace case) another phone number or e-mail address."""
    waarden = {k: v for k, v in {"telefoon": telefoon, "email": email}.items() if v is not None}
    with transaction(engine) as session:
        session.execute(update(Medewerker).where(Medewerker.naam == "Mehmet Yılmaz").values(**waarden))


def assert_geexporteerd_zonder_weigering(engine, fake, zaaknummer: str) -> None:
    rij = export_van(engine, zaaknummer)
    assert rij.status == "geexporteerd" and rij.laatste_fout is None and rij.pogingen == 1
    assert [a for a in fake.aanroepen if a.status >= 400] == []
    assert len(fake.aangemaakt("internetaken")) == 1


def waarschuwingen(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == EXPORT_LOG and r.levelno == logging.WARNING]


@pytest.mark.parametrize("telefoon", ["14 020", "0800 1234", "0900 1234 5678"])
def test_a_staff_number_open_klant_refuses_is_not_sent_and_the_case_is_exported(gevuld, fake, client, caplog,
                                                                                   telefoon):
    mehmet_bereikbaar_op(gevuld, telefoon=telefoon)
    overdracht = draag_zaak_over(gevuld)
    caplog.set_level(logging.WARNING, logger=EXPORT_LOG)
    assert exporteer(gevuld, client) == 1

    assert_geexporteerd_zonder_weigering(gevuld, fake, overdracht["zaak"])
    actor = enige(fake.aangemaakt("actoren"))
    assert "actorIdentificatie" not in actor  # its telefoonnummer is required, so nothing of it is sent
    assert actor["actoridentificator"]["objectId"] == "m.yilmaz@voorbeeldstad.nl"
    [waarschuwing] = waarschuwingen(caplog)
    assert "medewerker_telefoon" in waarschuwing.getMessage()
    assert telefoon not in caplog.text and telefoon.replace(" ", "") not in caplog.text


@pytest.mark.parametrize("telefoon, gestuurd", [
    ("0612345678", "0612345678"), ("020 123 4567", "0201234567"), ("+31 6 12345678", "+31612345678"),
])
def test_a_valid_staff_number_is_sent_with_the_actor(gevuld, fake, client, caplog, telefoon, gestuurd):
    mehmet_bereikbaar_op(gevuld, telefoon=telefoon)
    overdracht = draag_zaak_over(gevuld)
    caplog.set_level(logging.WARNING, logger=EXPORT_LOG)
    assert exporteer(gevuld, client) == 1

    assert_geexporteerd_zonder_weigering(gevuld, fake, overdracht["zaak"])
    identificatie = enige(fake.aangemaakt("actoren"))["actorIdentificatie"]
    assert identificatie["telefoonnummer"] == gestuurd
    assert identificatie["emailadres"] == "m.yilmaz@voorbeeldstad.nl"
    assert waarschuwingen(caplog) == []


def test_an_entrepreneur_address_django_refuses_is_not_sent_and_the_case_is_exported(gevuld, fake, client, caplog):
    overdracht = draag_zaak_over(gevuld, email="jan..piet@voorbeeld.nl")
    caplog.set_level(logging.WARNING, logger=EXPORT_LOG)
    assert exporteer(gevuld, client) == 1

    assert_geexporteerd_zonder_weigering(gevuld, fake, overdracht["zaak"])
    [adres] = fake.aangemaakt("digitaleadressen")
    assert (adres["soortDigitaalAdres"], adres["adres"]) == ("telefoonnummer", "+31612345678")
    assert export_van(gevuld, overdracht["zaak"]).digitale_adressen == {"telefoonnummer": adres["uuid"]}
    assert "jan..piet@voorbeeld.nl" in enige(fake.aangemaakt("internetaken"))["toelichting"]  # staff can read it
    [waarschuwing] = waarschuwingen(caplog)
    assert "email" in waarschuwing.getMessage() and "jan..piet" not in caplog.text


@pytest.mark.parametrize("telefoon, gestuurd", [
    ("0612345678", "0612345678"), ("020 123 4567", "0201234567"), ("+31 6 12345678", "+31612345678"),
])
def test_a_valid_entrepreneur_number_is_sent_as_digitaal_adres(gevuld, fake, client, telefoon, gestuurd):
    overdracht = draag_zaak_over(gevuld, telefoon=telefoon)
    assert exporteer(gevuld, client) == 1

    assert_geexporteerd_zonder_weigering(gevuld, fake, overdracht["zaak"])
    adressen = {a["soortDigitaalAdres"]: a["adres"] for a in fake.aangemaakt("digitaleadressen")}
    assert adressen == {"telefoonnummer": gestuurd, "email": "ans@dehoek.nl"}


def test_a_staff_address_django_refuses_is_not_sent_as_emailadres(gevuld, fake, client, caplog):
    mehmet_bereikbaar_op(gevuld, email="m..yilmaz@voorbeeldstad.nl")
    overdracht = draag_zaak_over(gevuld)
    caplog.set_level(logging.WARNING, logger=EXPORT_LOG)
    assert exporteer(gevuld, client) == 1

    assert_geexporteerd_zonder_weigering(gevuld, fake, overdracht["zaak"])
    actor = enige(fake.aangemaakt("actoren"))
    assert actor["actoridentificator"]["objectId"] == "m..yilmaz@voorbeeldstad.nl"  # an identifier, not validated
    assert "emailadres" not in actor["actorIdentificatie"]
    assert actor["actorIdentificatie"]["telefoonnummer"] == "0691234502"
    [waarschuwing] = waarschuwingen(caplog)
    assert "medewerker_email" in waarschuwing.getMessage() and "m..yilmaz" not in waarschuwing.getMessage()
