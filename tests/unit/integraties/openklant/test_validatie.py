"""The rules of Open Klant for phone numbers and e-mail addresses (bot/integraties/openklant/validatie.py).

The tables are the verdicts of the real validators: the phone numbers from Open Klant's own test
(src/openklant/utils/tests/test_validators.py, tag 2.18.0), the e-mail addresses from what
Django's EmailValidator (5.2) accepts and refuses. The fake must agree with them too.
"""

from __future__ import annotations

import pytest

from bot.integraties.openklant.validatie import (
    controleer,
    email_voor_open_klant,
    is_email_voor_open_klant,
    is_telefoonnummer_voor_open_klant,
    telefoonnummer_voor_open_klant,
)
from tests.fakes.openklant_regels import is_email, is_telefoonnummer

OPEN_KLANT_GELDIG = ["0612345678", "0201234567", "+31612345678", "+441134960000", "+12065550100", "0031612345678",
                     "00311234567", "0881234567"]
OPEN_KLANT_ONGELDIG = ["0800123456", "0900123456", "1400", "14012", "14079", "0695azerty", "azerty0545",
                       "@4566544++8", "onetwothreefour", "020 753 0523", "+311234", "316123456789"]
DJANGO_GELDIG = ["email@here.com", "weirder-email@here.and.there.com", "email@[127.0.0.1]", "email@[2001:dB8::1]",
                 "example@valid-----hyphens.com", "example@valid-with-hyphens.com", "test@domain.with.idn.tld.उदाहरण.परीक्षा",
                 "email@localhost", '"test@test"@example.com', "example@atm.%s" % ("a" * 63),
                 "a.b+c@voorbeeld.nl", "jan.piet@voorbeeld.nl", "ans@dehoek.nl"]
DJANGO_ONGELDIG = ["", "abc", "abc@", "abc@bar", "a @x.cz", "abc@.com", "something@@somewhere.com", "email@127.0.0.1",
                   "email@[127.0.0.256]", "email@[2001:db8::12345]", "a@[0000:0000:0000:0000:0000:ffff:255.255.255.255]",
                   "example@invalid-.com", "example@-invalid.com",
                   "example@invalid.com-", "example@inv-.alid-.com", "test@example.com\n", "email@example.com.",
                   "jan..piet@voorbeeld.nl", ".jan@voorbeeld.nl", "jan.@voorbeeld.nl", "a@b.12",
                   "example@atm.%s" % ("a" * 64), "a" * 310 + "@voorbeeld.nl"]


@pytest.mark.parametrize("nummer", OPEN_KLANT_GELDIG)
def test_a_number_open_klant_accepts_is_accepted_by_ingang_and_the_fake(nummer):
    assert is_telefoonnummer_voor_open_klant(nummer) and is_telefoonnummer(nummer)


@pytest.mark.parametrize("nummer", OPEN_KLANT_ONGELDIG)
def test_a_number_open_klant_refuses_is_refused_by_ingang_and_the_fake(nummer):
    assert not is_telefoonnummer_voor_open_klant(nummer) and not is_telefoonnummer(nummer)


@pytest.mark.parametrize("email", DJANGO_GELDIG)
def test_an_address_django_accepts_is_accepted(email):
    assert is_email_voor_open_klant(email) and is_email(email)


@pytest.mark.parametrize("email", DJANGO_ONGELDIG)
def test_an_address_django_refuses_is_refused(email):
    assert not is_email_voor_open_klant(email) and not is_email(email)


@pytest.mark.parametrize("telefoon, verwacht", [
    ("0612345678", "0612345678"), ("020 123 4567", "0201234567"), ("+31 6 12345678", "+31612345678"),
    ("06-91234502", "0691234502"), ("(010) 123 45 67", "0101234567"), ("088 123 4567", "0881234567"),
    ("14 020", None), ("0800 1234", None), ("0900 1234 5678", None), ("0800 123 4567", None), ("1400", None),
    ("12345", None), ("", None), (None, None),
])
def test_phone_numbers_are_written_as_open_klant_accepts_them_or_left_out(telefoon, verwacht):
    assert telefoonnummer_voor_open_klant(telefoon) == verwacht


def test_an_address_too_long_for_a_digitaal_adres_is_left_out_not_cut():
    lang = "a" * 70 + "@voorbeeld.nl"  # 83 characters: a valid address, but adres holds 80
    assert email_voor_open_klant(lang) is None
    assert email_voor_open_klant(lang, maximum=254) == lang
    assert email_voor_open_klant(" ans@dehoek.nl ") == "ans@dehoek.nl"


def test_controleer_names_the_fields_it_left_out():
    waarden, weggelaten = controleer(telefoon="0900 1234 5678", email="jan..piet@voorbeeld.nl",
                                     medewerker_telefoon="14 020", medewerker_email="m.yilmaz@voorbeeldstad.nl")
    assert (waarden.telefoon, waarden.email, waarden.medewerker_telefoon) == (None, None, None)
    assert waarden.medewerker_email == "m.yilmaz@voorbeeldstad.nl"
    assert weggelaten == ["telefoon", "email", "medewerker_telefoon"]
    assert controleer(telefoon=None, email=None, medewerker_telefoon="", medewerker_email="")[1] == []
